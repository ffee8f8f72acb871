"""The per-task, per-week summary (migration 011): kept by every write, read by the week figures.

A task's row for a week is what its day grid gives for that week, judged on the week's Sunday:
active, planned and ticked days, minutes, the week's share of the habit-strength sum (each
active day i adds v_i * (1 - keep) * keep ^ (active days after i in the week)) and the score on
its Sunday (the weeks' shares, each times keep ^ (active days in the later weeks)). A row depends
on the task's records only, never on today, so a past week reads the same whenever it is asked.

refresh  the one function every write of ticks, skip days, pauses or a task's dates and schedule
         calls, in the write's own transaction (tests/test_week_summary.py checks each writer)
ensure   what readers call first: summarises every week that has ended since (and, on a clinic
         that predates migration 011, every task from its start, once)
ROWS_SQL the rows themselves, for the summary and for the week still running (read live)
"""

from datetime import timedelta

from lib.db import in_transaction, retrying, rows, transaction
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.words import week_start

# How fast a task's score forgets: a daily task counts 1 per 1 day, any other N per 7 days.
TIMES_SQL = """CASE WHEN a.weekdays IS NULL AND a.days_per_week >= 7 OR len(a.weekdays) >= 7
                THEN 1 ELSE coalesce(len(a.weekdays), a.days_per_week) END"""
PER_DAYS_SQL = """CASE WHEN a.weekdays IS NULL AND a.days_per_week >= 7 OR len(a.weekdays) >= 7
                THEN 1 ELSE 7 END"""
KEEP_SQL = "pow(0.5, sqrt((" + TIMES_SQL + ") / (" + PER_DAYS_SQL + ")) / 13)"

# Given a CTE todo(assignment_id, from_week, to_day): the CTEs up to week_rows, one row per task
# per week from from_week, each week judged on min(its Sunday, to_day). A day's value looks back
# 14 days, so the 13 days before from_week are read too.
ROWS_SQL = (
    "\n"  # noqa: S608  (this module's constants, never input)
    + """tasks AS (
    SELECT a.id AS assignment_id, a.family_id, a.weekdays, a.weekdays IS NULL AS flexible, a.days_per_week,
           t.from_week,
           greatest(a.start_date, t.from_week - 13) AS first_day,
           least(coalesce(a.end_date, t.to_day), t.to_day) AS last_day, """
    + TIMES_SQL
    + " AS times, "
    + PER_DAYS_SQL
    + """ AS per_days
    FROM todo t JOIN assignments a ON a.id = t.assignment_id
),
days AS (
    SELECT assignment_id, family_id, weekdays, from_week, day
    FROM (SELECT *, unnest(generate_series(first_day, last_day, INTERVAL 1 DAY))::DATE AS day
          FROM tasks WHERE last_day >= first_day)
),"""
    + PLANNED_DAYS_SQL
    + """,
flagged AS (
    SELECT p.assignment_id, p.day, p.from_week, date_trunc('week', p.day)::DATE AS week_start, p.active,
           p.planned, tk.practice_date IS NOT NULL AS has_tick, tk.minutes AS tick_minutes
    FROM planned_days p
    LEFT JOIN ticks tk ON tk.assignment_id = p.assignment_id AND tk.practice_date = p.day
),
windowed AS (
    SELECT assignment_id, day, from_week, week_start, active, planned,
           has_tick AND active AS ticked, tick_minutes,
           sum((has_tick AND active)::INTEGER) OVER (PARTITION BY assignment_id ORDER BY day
                                                    ROWS BETWEEN 13 PRECEDING AND CURRENT ROW) AS done14
    FROM flagged
),
valued AS (
    SELECT w.*, t.family_id, t.flexible, t.days_per_week, pow(0.5, sqrt(t.times / t.per_days) / 13) AS keep,
           least(1.0, CASE WHEN t.per_days = 1 THEN w.ticked::INTEGER ELSE w.done14 / (2.0 * t.times) END) AS v,
           count(*) FILTER (WHERE w.active) OVER (PARTITION BY w.assignment_id, w.week_start ORDER BY w.day DESC
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS later
    FROM windowed w JOIN tasks t ON t.assignment_id = w.assignment_id
    WHERE w.day >= w.from_week
),
week_rows AS (
    SELECT assignment_id, week_start, any_value(family_id) AS family_id,
           count(*) FILTER (WHERE active)::INTEGER AS active_days,
           CASE WHEN any_value(flexible)
                THEN least(count(*) FILTER (WHERE active),
                           ceil(any_value(days_per_week) * count(*) FILTER (WHERE active) / 7.0))
                ELSE count(*) FILTER (WHERE planned) END::INTEGER AS planned_days,
           count(*) FILTER (WHERE ticked)::INTEGER AS ticked_days,
           coalesce(sum(tick_minutes) FILTER (WHERE ticked), 0)::INTEGER AS minutes_done,
           coalesce(sum(v * (1 - keep) * pow(keep, later)) FILTER (WHERE active), 0) AS habit_sum
    FROM valued GROUP BY assignment_id, week_start
)
"""
)

_TODO_FROM_LISTS = (
    "WITH todo AS (SELECT unnest($ids) AS assignment_id, unnest($froms) AS from_week,"
    " unnest($tos) AS to_day),"
)
CHUNK = 1200  # tasks summarised per statement in a backfill
COLUMNS = (
    "assignment_id, week_start, family_id, active_days, planned_days, ticked_days, minutes_done, habit_sum"
)


# Each week's score on its Sunday, from each task's from_week on: the score of the week before
# (its seed, unchanged), carried with keep ^ (active days since) plus each later week's share,
# so a write redoes only its own weeks and the ones after.
_HABIT_END_SQL = (
    "UPDATE week_summary s SET habit_end = e.habit_end"  # noqa: S608  (this module's constants)
    + """
FROM (
    SELECT w.assignment_id, w.week_start,
           (coalesce(w.seed, 0) + sum(w.habit_sum * pow(k.keep, -w.active)) OVER (
               PARTITION BY w.assignment_id ORDER BY w.week_start)) * pow(k.keep, w.active) AS habit_end
    FROM (SELECT s.assignment_id, s.week_start, s.habit_sum, p.habit_end AS seed,
                 sum(s.active_days) OVER (PARTITION BY s.assignment_id ORDER BY s.week_start) AS active
          FROM week_summary s
          JOIN (SELECT unnest($ids) AS assignment_id, unnest($froms) AS from_week) r
            ON r.assignment_id = s.assignment_id AND s.week_start >= r.from_week
          LEFT JOIN week_summary p ON p.assignment_id = r.assignment_id AND p.week_start = r.from_week - 7) w
    JOIN (SELECT a.id, """
    + KEEP_SQL
    + """ AS keep FROM assignments a WHERE list_contains($ids, a.id)) k ON k.id = w.assignment_id
) e
WHERE s.assignment_id = e.assignment_id AND s.week_start = e.week_start
"""
)


def last_sunday(day):
    """Return the last Sunday on or before day: the end of the last week that is over by then."""
    return week_start(day) - timedelta(days=1) if day.weekday() != 6 else day


def _write(cur, todo):
    """Replace the rows of {assignment_id, from_week, to_day} ranges with freshly computed ones."""
    if not todo:
        return
    if len(todo) > CHUNK:  # a whole clinic's backfill, a few hundred tasks at a time (memory)
        for k in range(0, len(todo), CHUNK):
            _write(cur, todo[k : k + CHUNK])
        return
    params = {
        "ids": [t["assignment_id"] for t in todo],
        "froms": [t["from_week"] for t in todo],
        "tos": [t["to_day"] for t in todo],
    }
    cur.execute(
        "DELETE FROM week_summary s USING (SELECT unnest($ids) AS assignment_id, unnest($froms) AS from_week,"
        " unnest($tos) AS to_day) r WHERE s.assignment_id = r.assignment_id"
        " AND s.week_start BETWEEN r.from_week AND r.to_day",
        params,
    )
    insert = "INSERT INTO week_summary (" + COLUMNS + ", habit_end) " + _TODO_FROM_LISTS  # noqa: S608
    cur.execute(insert + ROWS_SQL + " SELECT " + COLUMNS + ", 0 FROM week_rows", params)  # noqa: S608
    # each week's score carries the weeks before it: redo it from the first week written on
    cur.execute(_HABIT_END_SQL, {"ids": params["ids"], "froms": params["froms"]})


def refresh(cur, task_ids, first_day=None, last_day=None):
    """Recompute the summary rows a write changed, inside the write's transaction.

    Ticks and skip days from first_day to last_day change the weeks from first_day through
    last_day + 13 days (a day's value looks back 14 days); pauses change every later week
    (last_day None); a task's dates or schedule change all of it (first_day None).
    """
    ids = sorted({int(t) for t in task_ids})
    if not ids:
        return
    with transaction(cur):
        # a task not yet summarised gets its mark now, so a reader summarising it at the same
        # moment clashes with this write (and one of them is repeated) instead of missing it
        cur.execute(
            "INSERT INTO week_summary_through SELECT id, date_trunc('week', start_date)::DATE - 1"
            " FROM assignments WHERE list_contains($ids, id)"
            " ON CONFLICT DO UPDATE SET through = week_summary_through.through",
            {"ids": ids},
        )
        if first_day is None:
            cur.execute("DELETE FROM week_summary WHERE list_contains($ids, assignment_id)", {"ids": ids})
        todo = rows(
            cur,
            dict,
            """
            SELECT a.id AS assignment_id,
                   CASE WHEN $first IS NULL THEN date_trunc('week', a.start_date)
                        ELSE date_trunc('week', $first::DATE) END::DATE AS from_week,
                   CASE WHEN $last IS NULL THEN w.through
                        ELSE least(w.through, date_trunc('week', $last::DATE + 13)::DATE + 6) END AS to_day
            FROM assignments a JOIN week_summary_through w ON w.assignment_id = a.id
            WHERE list_contains($ids, a.id)
            """,
            {"ids": ids, "first": first_day, "last": last_day},
        )
        _write(cur, [t for t in todo if t["from_week"] <= t["to_day"]])


def refresh_family(cur, family_id, first_day, last_day=None):
    """Refresh every task of a family over some days (a skip day for the whole family)."""
    tasks = cur.execute("SELECT id FROM assignments WHERE family_id = ?", [family_id]).fetchall()
    refresh(cur, [t[0] for t in tasks], first_day, last_day)


_TODO_SQL = """
SELECT a.id AS assignment_id, coalesce(w.through + 1, date_trunc('week', a.start_date)::DATE) AS from_week,
       $target::DATE AS to_day
FROM assignments a LEFT JOIN week_summary_through w ON w.assignment_id = a.id
WHERE a.start_date <= $target
  AND (w.through IS NULL OR w.through < $target AND (a.end_date IS NULL OR a.end_date > w.through))
"""


@retrying()  # a clash with a write (or another reader) is repeated: the second run finds less to do
def ensure(cur, as_of):
    """Summarise every week of every task that ended by as_of and is not summarised yet.

    Nearly always there is nothing to do (a week is summarised once, by its first reader), so
    that is asked first without the writer's turn: readers do not queue behind each other and
    behind ticks being saved (tests/load measured that queue as a quarter of the server's time)."""
    target = last_sunday(as_of)
    if not in_transaction(cur) and not cur.execute(_TODO_SQL + " LIMIT 1", {"target": target}).fetchall():
        return
    with transaction(cur):
        todo = rows(cur, dict, _TODO_SQL, {"target": target})
        if not todo:
            return
        _write(cur, todo)
        cur.execute(
            "INSERT INTO week_summary_through SELECT unnest($ids), $target"
            " ON CONFLICT DO UPDATE SET through = excluded.through",
            {"ids": [t["assignment_id"] for t in todo], "target": target},
        )


def forget(cur, task_ids):
    """Drop deleted tasks' rows and marks."""
    ids = [int(t) for t in task_ids]
    cur.execute("DELETE FROM week_summary WHERE list_contains($ids, assignment_id)", {"ids": ids})
    cur.execute("DELETE FROM week_summary_through WHERE list_contains($ids, assignment_id)", {"ids": ids})
