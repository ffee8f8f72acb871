"""Habit strength: the slow-forgetting trend score of the Loop Habit Tracker app.

The score moves a little each day towards how much of the recent target was met, so one
missed day costs little and a steady month builds it up (about 80% after a perfect month
of a daily task). Skip days and pauses leave it where it was.
"""

import math

import pandas as pd

from lib import clock, db
from lib.access import VISIBLE_FAMILIES_SQL, scope
from lib.figures import week_summary
from lib.figures.adherence import day_grid
from lib.words import week_start


def frequency(days_per_week, weekdays):
    """Return (times, per_days) of a task: a daily task is 1 per 1 day, else N per 7 days."""
    times = len(weekdays) if weekdays is not None else days_per_week
    return (1, 1) if times >= 7 else (times, 7)


def habit_strength(days, times, per_days):
    """Return the score after each day of `days` ("done", "missed" or "skipped"), oldest first."""
    f = times / per_days
    keep = 0.5 ** (math.sqrt(f) / 13)
    window, target = (2 * per_days, 2 * times) if f < 1 else (per_days, times)
    done = [status == "done" for status in days]
    score, scores = 0.0, []
    for i, status in enumerate(days):
        if status != "skipped":
            recent = sum(done[max(0, i - window + 1) : i + 1])
            score = score * keep + min(1.0, recent / target) * (1 - keep)
        scores.append(score)
    return scores


def _statuses(grid):
    return [
        "done" if t else ("skipped" if not a else "missed")
        for t, a in zip(grid["ticked"], grid["active"], strict=True)
    ]


def habit_strength_series(cur, actor, assignment_id, as_of=None):
    """Return one task's score per day from its start to as_of, as a DataFrame[day, score]."""
    return habit_strength_series_many(cur, actor, [assignment_id], as_of).get(
        assignment_id, pd.DataFrame(columns=["day", "score"])
    )


def habit_strength_series_many(cur, actor, assignment_ids, as_of=None):
    """Return {assignment_id: DataFrame[day, score]} from each task's start to as_of, one query in all."""
    as_of = as_of or clock.today()
    tasks = db.rows(
        cur,
        dict,
        "SELECT id, family_id, start_date, days_per_week, weekdays FROM assignments"
        " WHERE list_contains(?, id) ORDER BY id",
        [[int(a) for a in assignment_ids]],
    )
    if not tasks:
        return {}
    families = sorted({t["family_id"] for t in tasks})
    first = min(t["start_date"] for t in tasks)
    grid = day_grid(cur, actor, families, first, as_of, as_of, task_ids=[t["id"] for t in tasks])
    plans = {t["id"]: (t["days_per_week"], t["weekdays"]) for t in tasks}
    found = {}
    for assignment_id, rows in grid.groupby("assignment_id", sort=True):
        per_week, weekdays = plans[assignment_id]
        rows = rows[["day", "ticked", "active"]].reset_index(drop=True)
        rows["score"] = habit_strength(_statuses(rows), *frequency(per_week, weekdays))
        found[int(assignment_id)] = rows[["day", "score"]]
    return found


# The same sum, from the week summary (lib.figures.week_summary): the score on the last Sunday by then,
# carried through the days of the week still running (computed live).
_SUMMED = (
    "WITH visible AS ("
    + VISIBLE_FAMILIES_SQL
    + """),
chosen AS (
    SELECT a.id AS assignment_id, a.family_id, """
    + week_summary.KEEP_SQL
    + """ AS keep
    FROM assignments a JOIN visible v ON v.id = a.family_id
    WHERE a.start_date <= $as_of AND ($task_ids IS NULL OR list_contains($task_ids, a.id))
),
todo AS (
    SELECT assignment_id, $running_week::DATE AS from_week, $as_of::DATE AS to_day FROM chosen
    WHERE $running_week IS NOT NULL
),"""
    + week_summary.ROWS_SQL
    + """,
ended AS (  -- the score on the last Sunday by then
    SELECT s.assignment_id, arg_max(s.habit_end, s.week_start) AS habit_end
    FROM week_summary s JOIN chosen c ON c.assignment_id = s.assignment_id
    WHERE s.week_start + 6 <= $as_of
    GROUP BY s.assignment_id
)
SELECT c.assignment_id, c.family_id,
       coalesce(e.habit_end, 0) * pow(c.keep, coalesce(r.active_days, 0)) + coalesce(r.habit_sum, 0)
         AS habit_strength
FROM chosen c
LEFT JOIN ended e ON e.assignment_id = c.assignment_id
LEFT JOIN week_rows r ON r.assignment_id = c.assignment_id
ORDER BY c.assignment_id
"""
)


def habit_strengths(cur, actor, family_ids, as_of=None, assignment_ids=None):
    """Return DataFrame[assignment_id, family_id, habit_strength] at as_of for many families.

    assignment_ids narrows it to some tasks (the caseload asks only for the running ones).
    """
    as_of = as_of or clock.today()
    week_summary.ensure(cur, as_of)
    params = {
        **scope(actor, family_ids),
        "as_of": as_of,
        "running_week": None if as_of.weekday() == 6 else week_start(as_of),
        "task_ids": None if assignment_ids is None else [int(t) for t in assignment_ids],
    }
    return cur.execute(_SUMMED, params).df()
