"""What the child learned: the goals reached and the tasks achieved, with the day of each.

A goal is reached when its latest rating is 0 (the expected goal) or above; the day it was
reached is its first rating at 0 or above. A task is learned when the therapist marked it
achieved (lib.assignments.lifecycle.complete_assignment: status 'completed'); the day is its
end date. A stopped goal is left out. The family screen celebrates what was reached lately
(CELEBRATE_DAYS), in family words; the "skills we learned" page lists it all.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from lib import clock
from lib.access import require_family
from lib.db import rows

CELEBRATE_DAYS = 28  # the family screen celebrates what was reached in the last four weeks


@dataclass(frozen=True)
class Achievement:
    """A goal reached or a task learned, and the day."""

    kind: str  # 'goal' or 'task'
    title: str
    discipline: str
    reached_on: date


_ACHIEVED_SQL = """
WITH r AS (
    SELECT r.goal_id, r.rated_on, r.level, r.id FROM goal_ratings r JOIN goals g ON g.id = r.goal_id
    WHERE g.family_id = $family AND g.status <> 'stopped' AND r.rated_on <= $today
),
g AS (
    SELECT r.goal_id, arg_max(r.level, (r.rated_on, r.id)) AS level,
           min(r.rated_on) FILTER (WHERE r.level >= 0) AS reached_on
    FROM r GROUP BY r.goal_id
)
SELECT 'goal' AS kind, goals.title, goals.discipline, g.reached_on
FROM g JOIN goals ON goals.id = g.goal_id WHERE g.level >= 0
UNION ALL
SELECT 'task' AS kind, arg_min(a.title, (a.end_date, a.id)), arg_min(a.discipline, (a.end_date, a.id)),
       min(a.end_date) AS reached_on
FROM assignments a
WHERE a.family_id = $family AND a.status = 'completed' AND a.end_date <= $today
GROUP BY lower(a.title)
ORDER BY reached_on, kind, title
"""


def achievements(cur, actor, family_id, today=None):
    """Return the family's goals reached and tasks learned (a task given again counts once), oldest first."""
    require_family(cur, actor, family_id)
    return rows(cur, Achievement, _ACHIEVED_SQL, {"family": int(family_id), "today": today or clock.today()})


def achievement_line(name, achievement):
    """Say it for the family: "Isla reached the goal: Blows bubbles alone"."""
    if achievement.kind == "goal":
        return f"{name} reached the goal: {achievement.title}"
    return f"{name} learned: {achievement.title}"


def celebrations(cur, actor, family_id, name, today=None):
    """Return the lines the family screen celebrates: what was reached in the last CELEBRATE_DAYS days."""
    today = today or clock.today()
    since = today - timedelta(days=CELEBRATE_DAYS)
    return tuple(
        achievement_line(name, a) for a in achievements(cur, actor, family_id, today) if a.reached_on > since
    )
