"""The planned-day rule, written once: which days of a task were asked for.

A day of a task is skipped when a skip day covers it (the family's, or the task's own), paused
when a pause covers it (a 'paused' version until the next 'resumed' one, in the order they were
made), active when neither, and planned when active and on one of the task's weekdays; every
active day of an "N days a week" task is on a weekday, and the figures plan N of them per week.

PLANNED_DAYS_SQL reads a CTE `days` (assignment_id, family_id, weekdays, day, and any other
columns) and adds the CTEs `pauses` and `planned_days`: the rows of `days` with their columns and
skipped, paused, active, on_weekday and planned. The day grid (adherence), the week summary and
the week grid (lib.ticks) compose it; tests/test_planned_days.py fails if a copy comes back.
"""

# `pauses` reads every task's pause versions (a clinic has few): narrowing them to the tasks of
# `days` first measured no faster on a 300-family clinic than letting DuckDB join them.
PLANNED_DAYS_SQL = """
pauses AS (
    SELECT assignment_id, changed_on AS paused_from, next_on AS resumed_on
    FROM (SELECT assignment_id, kind, changed_on,
                 lead(changed_on) OVER (PARTITION BY assignment_id ORDER BY version) AS next_on
          FROM assignment_versions
          WHERE kind IN ('paused', 'resumed'))
    WHERE kind = 'paused'
),
planned_days AS (
    SELECT *, active AND on_weekday AS planned
    FROM (SELECT *, NOT skipped AND NOT paused AS active
          FROM (SELECT d.*,
                       EXISTS (SELECT 1 FROM skip_days s WHERE s.family_id = d.family_id AND s.day = d.day
                                 AND (s.assignment_id IS NULL OR s.assignment_id = d.assignment_id)) AS skipped,
                       EXISTS (SELECT 1 FROM pauses p WHERE p.assignment_id = d.assignment_id
                                 AND d.day >= p.paused_from
                                 AND (p.resumed_on IS NULL OR d.day < p.resumed_on)) AS paused,
                       d.weekdays IS NULL OR list_contains(d.weekdays, isodow(d.day) - 1) AS on_weekday
                FROM days d))
)
"""
