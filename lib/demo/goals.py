"""The demo's goals: one per family, rated every few weeks, the level following the practice for most.

A goal is written when the family's first task of its first discipline starts (its starting point -2)
and rated every 3-5 weeks: the level climbs one step for every STEPS_PER_LEVEL weeks with 4+ days
practised since the start. A few families are exceptions either way: practice steady and the goal
stuck at -1 (the caseload flags it: change the task), or progress with little practice. Some have not
been rated for 7-10 weeks (flagged too).
"""

from datetime import datetime, time, timedelta

import numpy as np

from lib.goals.scales import suggestions_for

STEPS_PER_LEVEL = 3
KINDS = ("follows", "stuck", "anyway")
KIND_WEIGHTS = (0.82, 0.1, 0.08)
EVIDENCE = ("session", "session", "family", "media")
NOTES = (
    "",
    "",
    "",
    "Seen in the session today.",
    "Mum says it happens most mornings now.",
    "Video from home.",
)


def steady_weeks_by(ticked, start, days):
    """Return, for each day in `days`, how many full weeks from `start` before it had 4+ ticked days."""
    start64 = np.datetime64(start)
    week = (ticked - start64).astype(int) // 7
    steady = np.bincount(week[week >= 0], minlength=1) >= 4
    return [int(steady[: (np.datetime64(d) - start64).astype(int) // 7].sum()) for d in days]


def goal_rows(rand, goal_id, rating_ids, family_id, therapist_id, discipline, start, end, today, ticked):
    """Return (the goal's row, its ratings' rows); `rating_ids` hands out ids, `ticked` the goal's practised days."""
    suggestion = rand.choice(suggestions_for(discipline) or suggestions_for("OT"))
    kind = rand.choices(KINDS, KIND_WEIGHTS)[0]
    days = [start]
    day = start + timedelta(days=rand.choice([21, 28, 35]))
    last = end if rand.random() < 0.85 else end - timedelta(days=rand.randint(49, 70))
    while day <= min(last, today):
        days.append(day)
        day += timedelta(days=rand.choice([21, 28, 35]))
    steady = steady_weeks_by(np.unique(ticked), start, days) if len(ticked) else [0] * len(days)
    ratings, level = [], -2
    for i, (when, weeks) in enumerate(zip(days, steady, strict=True)):
        if i:
            earned = -2 + min(4, int(weeks) // STEPS_PER_LEVEL)
            if kind == "stuck":
                earned = min(earned, -1)
            elif kind == "anyway":
                earned = -2 + min(4, (when - start).days // 35)
            level = max(level, earned)  # a level reached is not lost in the demo
        (rating_id,) = rating_ids(1)
        ratings.append(
            dict(
                id=rating_id,
                goal_id=goal_id,
                family_id=family_id,
                rated_on=when,
                level=level,
                evidence="session" if i == 0 else rand.choice(EVIDENCE),
                note="Where we started, written with the family." if i == 0 else rand.choice(NOTES),
                rated_by=therapist_id,
                rated_at=datetime.combine(when, time(10, 30)),
            )
        )
    levels = suggestion.levels
    goal = dict(
        id=goal_id,
        family_id=family_id,
        discipline=discipline,
        title=suggestion.goal,
        level_m2=levels[0],
        level_m1=levels[1],
        level_0=levels[2],
        level_p1=levels[3],
        level_p2=levels[4],
        review_date=start + timedelta(weeks=16),
        status="active" if end >= today else ("achieved" if level >= 0 else "stopped"),
        started_on=start,
        created_by=therapist_id,
        created_at=datetime.combine(start, time(10, 0)),
    )
    return goal, ratings
