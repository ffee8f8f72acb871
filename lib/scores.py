"""Habit strength: the slow-forgetting trend score of the Loop Habit Tracker app.

The score moves a little each day towards how much of the recent target was met, so one
missed day costs little and a steady month builds it up (about 80% after a perfect month
of a daily task). Skip days and pauses leave it where it was.
"""

import math
from datetime import timedelta

import pandas as pd

from lib import clock
from lib.adherence import _DAY_GRID, _params, day_grid

HORIZON_DAYS = 365  # older days weigh less than 1e-5 in today's score


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
    tasks = cur.execute(
        "SELECT id, family_id, start_date, days_per_week, weekdays FROM assignments"
        " WHERE list_contains(?, id) ORDER BY id",
        [[int(a) for a in assignment_ids]],
    ).fetchall()
    if not tasks:
        return {}
    families = sorted({t[1] for t in tasks})
    grid = day_grid(
        cur, actor, families, min(t[2] for t in tasks), as_of, as_of, task_ids=[t[0] for t in tasks]
    )
    plans = {t[0]: (t[3], t[4]) for t in tasks}
    found = {}
    for assignment_id, rows in grid.groupby("assignment_id", sort=True):
        per_week, weekdays = plans[assignment_id]
        rows = rows[["day", "ticked", "active"]].reset_index(drop=True)
        rows["score"] = habit_strength(_statuses(rows), *frequency(per_week, weekdays))
        found[int(assignment_id)] = rows[["day", "score"]]
    return found


# The same sum, closed form, for many tasks at once: each counted day i adds
# v_i * (1 - m) * m ** (number of counted days after i).
_BULK = """
, scored AS (
    SELECT g.assignment_id, g.family_id, g.day, g.active,
           CASE WHEN a.weekdays IS NULL AND a.days_per_week >= 7 OR len(a.weekdays) >= 7
                THEN 1 ELSE coalesce(len(a.weekdays), a.days_per_week) END AS times,
           CASE WHEN a.weekdays IS NULL AND a.days_per_week >= 7 OR len(a.weekdays) >= 7
                THEN 1 ELSE 7 END AS per_days,
           sum(g.ticked::INTEGER) OVER (PARTITION BY g.assignment_id ORDER BY g.day
                                        ROWS BETWEEN 13 PRECEDING AND CURRENT ROW) AS done14,
           g.ticked::INTEGER AS done1
    FROM day_grid g JOIN assignments a ON a.id = g.assignment_id
),
valued AS (
    SELECT *, pow(0.5, sqrt(times / per_days) / 13) AS keep,
           least(1.0, CASE WHEN per_days = 1 THEN done1 ELSE done14 / (2.0 * times) END) AS v,
           count(*) FILTER (WHERE active) OVER (PARTITION BY assignment_id ORDER BY day DESC
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS later_counted
    FROM scored
)
SELECT assignment_id, any_value(family_id) AS family_id,
       coalesce(sum(v * (1 - keep) * pow(keep, later_counted)) FILTER (WHERE active), 0) AS habit_strength
FROM valued GROUP BY assignment_id ORDER BY assignment_id
"""


def habit_strengths(cur, actor, family_ids, as_of=None, assignment_ids=None):
    """Return DataFrame[assignment_id, family_id, habit_strength] at as_of for many families.

    assignment_ids narrows it to some tasks (the caseload asks only for the running ones).
    """
    as_of = as_of or clock.today()
    start = as_of - timedelta(days=HORIZON_DAYS)
    params = _params(actor, family_ids, start, as_of, as_of, assignment_ids)
    return cur.execute(_DAY_GRID + _BULK, params).df()
