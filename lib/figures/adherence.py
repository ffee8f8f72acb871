"""Completion measures: which days were planned, which were ticked, and what that adds up to.

A planned day is a day the task was asked for: inside the task's dates, on one of its
weekdays (or any day for an "N days a week" task), and neither a skip day (illness,
holiday) nor inside a pause (lib.figures.planned_days holds the rule). Completion divides
ticked days by planned days, never by calendar days. Everything is aggregated in DuckDB so a
whole clinic costs one query.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, scope
from lib.figures import week_summary
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.words import week_start

EXPLAIN = {
    "weekly_completion": (
        "Days practised ÷ days planned that week; skip days and days the task was not asked "
        "for don't count. For an 'N days a week' task, N days are planned in a full week."
    ),
    "period_adherence": "Days practised ÷ days planned over the whole period, skip days left out.",
    "habit_strength": (
        "A slow-forgetting score (as in the Loop Habit Tracker app): each practised day "
        "nudges it up, each missed day nudges it down; a month of daily practice gives ~80%."
    ),
    "minutes": "Minutes recorded with the ticks ÷ minutes agreed for the planned days.",
}

# One row per task per day in [$start, $end], clipped to the task's dates and $as_of, for
# the families the actor may see (lib.access.scope: NULL ids means all of them).
_DAY_GRID = (
    "WITH visible AS ("
    + VISIBLE_FAMILIES_SQL
    + """),
tasks AS (
    SELECT a.id AS assignment_id, a.family_id, a.discipline, a.title, a.weekdays,
           a.days_per_week, a.minutes AS minutes_agreed,
           greatest(a.start_date, $start) AS first_day,
           least(coalesce(a.end_date, $end), $end, $as_of) AS last_day
    FROM assignments a JOIN visible v ON v.id = a.family_id
    WHERE $task_ids IS NULL OR list_contains($task_ids, a.id)
),
days AS (
    SELECT t.*, unnest(generate_series(t.first_day, t.last_day, INTERVAL 1 DAY))::DATE AS day
    FROM tasks t WHERE t.last_day >= t.first_day
),"""
    + PLANNED_DAYS_SQL
    + """,
day_grid AS (
    SELECT p.*, tk.practice_date IS NOT NULL AND p.active AS ticked, tk.minutes AS tick_minutes
    FROM planned_days p
    LEFT JOIN ticks tk ON tk.assignment_id = p.assignment_id AND tk.practice_date = p.day
),
weekly AS (
    SELECT family_id, assignment_id, discipline, title,
           date_trunc('week', day)::DATE AS week_start,
           any_value(weekdays) AS weekdays, any_value(days_per_week) AS days_per_week,
           any_value(minutes_agreed) AS minutes_per_practice,
           count(*) FILTER (WHERE active) AS active_days,
           count(*) FILTER (WHERE planned) AS weekday_planned,
           count(*) FILTER (WHERE ticked) AS ticked_days,
           coalesce(sum(tick_minutes) FILTER (WHERE ticked), 0) AS minutes_done
    FROM day_grid GROUP BY ALL
),
completion AS (
    SELECT family_id, assignment_id, discipline, title, week_start,
           CASE WHEN weekdays IS NULL
                THEN least(active_days, ceil(days_per_week * active_days / 7.0))::INTEGER
                ELSE weekday_planned END AS planned_days,
           ticked_days, minutes_done, minutes_per_practice
    FROM weekly
)
"""
)


# The same `completion` rows, per task per week in [$start, $end] as of $as_of, read from the
# week summary for the weeks over by then and computed live (lib.figures.week_summary.ROWS_SQL) for the
# week still running: one week's grid instead of every day of every week.
_SUMMARISED = (
    "WITH visible AS ("
    + VISIBLE_FAMILIES_SQL
    + """),
todo AS (
    SELECT a.id AS assignment_id, $running_week::DATE AS from_week, $as_of::DATE AS to_day
    FROM assignments a JOIN visible v ON v.id = a.family_id
    WHERE $running_week::DATE BETWEEN $start AND $end AND a.start_date <= $as_of
      AND (a.end_date IS NULL OR a.end_date >= $running_week)
),"""
    + week_summary.ROWS_SQL
    + """,
completion AS (
    SELECT w.family_id, w.assignment_id, a.discipline, a.title, w.week_start, w.planned_days,
           w.ticked_days, w.minutes_done, a.minutes AS minutes_per_practice
    FROM (
        SELECT assignment_id, family_id, week_start, planned_days, ticked_days, minutes_done
        FROM week_summary
        WHERE family_id IN (SELECT id FROM visible) AND week_start BETWEEN $start AND $end
          AND week_start + 6 <= $as_of
        UNION ALL
        SELECT assignment_id, family_id, week_start, planned_days, ticked_days, minutes_done FROM week_rows
    ) w JOIN assignments a ON a.id = w.assignment_id
)
"""
)


def _summarised(cur, actor, family_ids, first_week, last_week, as_of):
    """Bring the summary up to as_of and return the parameters of _SUMMARISED."""
    as_of = as_of or clock.today()
    week_summary.ensure(cur, as_of)
    params = _params(
        actor, family_ids, week_start(first_week), week_start(last_week) + timedelta(days=6), as_of
    )
    # the week holding as_of, unless it is over (as_of its Sunday): NULL matches nothing
    params["running_week"] = None if as_of.weekday() == 6 else week_start(as_of)
    del params["task_ids"]
    return params


def _params(actor, family_ids, start, end, as_of, task_ids=None):
    # task_ids narrows the grid to some tasks (None: all the visible families' tasks)
    return {
        **scope(actor, family_ids),
        "start": start,
        "end": end,
        "as_of": as_of or clock.today(),
        "task_ids": None if task_ids is None else [int(t) for t in task_ids],
    }


def day_grid(cur, actor, family_ids, start, end, as_of=None, task_ids=None):
    """Return one row per task per day with planned/skipped/paused/active/ticked flags (of some tasks)."""
    return cur.execute(
        _DAY_GRID + "SELECT family_id, assignment_id, discipline, title, day, planned, skipped,"
        " paused, active, ticked, tick_minutes AS minutes FROM day_grid ORDER BY assignment_id, day",
        _params(actor, family_ids, start, end, as_of, task_ids),
    ).df()


@dataclass(frozen=True)
class TaskWeeks:
    """The `completion` rows (per task per week) of some families from first to last week judged
    on as_of, read once (task_weeks) for several figures of one page run to be summed from.

    A figure asked for with it gives what it gives without it: the same SQL runs over these rows."""

    actor: object
    family_ids: tuple | None  # None: every family the actor may see
    first: date
    last: date
    as_of: date
    rows: object  # an Arrow table: DuckDB reads its types back exactly

    def covers(self, actor, family_ids, first_week, last_week, as_of):
        """Return True when these rows hold everything the arguments ask for."""
        return (
            actor == self.actor
            and (as_of or clock.today()) == self.as_of
            and week_start(first_week) >= self.first
            and week_start(last_week) + timedelta(days=6) <= self.last
            and (
                self.family_ids is None
                or (family_ids is not None and {int(f) for f in family_ids} <= set(self.family_ids))
            )
        )


def task_weeks(cur, actor, family_ids, first_week, last_week, as_of=None):
    """Return the TaskWeeks of the families (those the actor may see) from first to last week."""
    params = _summarised(cur, actor, family_ids, first_week, last_week, as_of)
    rows = cur.sql(_SUMMARISED + "SELECT * FROM completion", params=params).to_arrow_table()
    ids = None if family_ids is None else tuple(sorted({int(f) for f in family_ids}))
    return TaskWeeks(actor, ids, params["start"], params["end"], params["as_of"], rows)


# Per task per week, and per family (or discipline) per week: ticks beyond a task's planned days
# don't make up for another task's missed ones.
_PER_TASK = (
    "SELECT family_id, assignment_id, discipline, title, week_start, planned_days, ticked_days,"
    " CASE WHEN planned_days > 0 THEN least(1.0, ticked_days / planned_days) END AS completion,"
    " minutes_done, planned_days * minutes_per_practice AS minutes_agreed"
    " FROM completion ORDER BY family_id, assignment_id, week_start"
)
_GROUPED = (  # after "SELECT <the key>"
    ", week_start, sum(planned_days)::INTEGER AS planned_days,"
    " sum(least(ticked_days, planned_days))::INTEGER AS ticked_days,"
    " CASE WHEN sum(planned_days) > 0"
    "      THEN sum(least(ticked_days, planned_days)) / sum(planned_days) END AS completion"
    " FROM completion GROUP BY ALL ORDER BY ALL"
)


def over_weekly_completion(cur, actor, family_ids, first_week, last_week, as_of, select, weeks=None):
    """Run `select` (a module's constant SQL reading the CTE `completion`: family_id, assignment_id,
    discipline, title, week_start, planned_days, ticked_days, minutes_done, minutes_per_practice) in
    DuckDB over the families' weeks, without bringing the rows to Python first; return its DataFrame.

    weeks: a TaskWeeks of this page run (task_weeks): when its rows cover what is asked, `select`
    runs over them instead of the weeks being worked out again from the records."""
    if weeks is None or not weeks.covers(actor, family_ids, first_week, last_week, as_of):
        return cur.execute(
            _SUMMARISED + select, _summarised(cur, actor, family_ids, first_week, last_week, as_of)
        ).df()
    cur.register("task_weeks_rows", weeks.rows)
    try:
        return cur.execute(
            "WITH completion AS (SELECT * FROM task_weeks_rows WHERE week_start BETWEEN $start AND $end"
            " AND ($ids IS NULL OR list_contains($ids, family_id)))\n" + select,
            {
                "start": week_start(first_week),
                "end": week_start(last_week) + timedelta(days=6),
                "ids": None if family_ids is None else [int(f) for f in family_ids],
            },
        ).df()
    finally:
        cur.unregister("task_weeks_rows")


def weekly_completion(cur, actor, family_ids, first_week, last_week, as_of=None, weeks=None):
    """Return per task per week: planned days, ticked days, completion (capped at 1), minutes.

    weeks: a TaskWeeks of this page run to sum from (task_weeks), when it covers these."""
    return over_weekly_completion(cur, actor, family_ids, first_week, last_week, as_of, _PER_TASK, weeks)


def _grouped_weekly(cur, actor, family_ids, first_week, last_week, as_of, key, weeks=None):
    select = "SELECT " + key + _GROUPED  # key: family_id or discipline, this module's own
    return over_weekly_completion(cur, actor, family_ids, first_week, last_week, as_of, select, weeks)


def family_weekly(cur, actor, family_ids, first_week, last_week, as_of=None, weeks=None):
    """Return per family per week: planned days, ticked days and completion over all tasks.

    weeks: a TaskWeeks of this page run to sum from (task_weeks), when it covers these."""
    return _grouped_weekly(cur, actor, family_ids, first_week, last_week, as_of, "family_id", weeks)


def discipline_weekly(cur, actor, family_id, first_week, last_week, as_of=None):
    """Return one family's completion per discipline per week (one combined chart)."""
    return _grouped_weekly(cur, actor, [family_id], first_week, last_week, as_of, "discipline")


def period_adherence(cur, actor, family_ids, start, end, as_of=None):
    """Return per family: planned and ticked days over [start, end] and their ratio (PDC).

    Summed from the weekly figures, so a period always agrees with its weeks.
    """
    return cur.execute(
        _DAY_GRID + "SELECT family_id, sum(planned_days)::INTEGER AS planned_days,"
        " sum(least(ticked_days, planned_days))::INTEGER AS ticked_days,"
        " CASE WHEN sum(planned_days) > 0"
        "      THEN sum(least(ticked_days, planned_days)) / sum(planned_days) END AS adherence"
        " FROM completion GROUP BY family_id ORDER BY family_id",
        _params(actor, family_ids, start, end, as_of),
    ).df()


def status_of(completion, settings):
    """Name a completion (0..1 or None/NaN): on track, partial, low or no data."""
    if completion is None or pd.isna(completion):
        return "no data"
    if completion * 100 >= settings["adherence_threshold"]:
        return "on track"
    if completion * 100 >= settings["partial_threshold"]:
        return "partial"
    return "low"
