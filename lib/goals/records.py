"""A family's goals, the tasks that serve them, and the ratings of where the child is on each scale.

Every write checks the family (lib.access), is audited with the family's id, and edits of a goal
or a rating name the version the form showed (lib.versions). Dates and times come from lib.clock.
"""

from dataclasses import dataclass
from datetime import date

from lib import audit, clock, versions
from lib.access import require_family
from lib.assignments import get_assignment
from lib.db import retrying, row, rows, transaction
from lib.errors import InvalidInput, NotFound
from lib.goals.scales import LEVELS, check_scale, level_label
from lib.words import DISCIPLINES

STATUSES = {"active": "Working on it", "achieved": "Reached", "stopped": "Stopped"}
EVIDENCE = {"session": "Seen in session", "family": "The family's report", "media": "A video or photo"}
MAX_NOTE = 300
START_NOTE = "Where we started, written with the family."


@dataclass(frozen=True)
class Goal:
    """A family's goal with its five levels (-2 first)."""

    id: int
    family_id: int
    discipline: str
    title: str
    levels: tuple[str, ...]
    review_date: date | None
    status: str
    started_on: date
    version: int
    task_ids: tuple[int, ...] = ()

    def words(self, level):
        """Return the words of a level (-2..+2) of this goal's scale."""
        return self.levels[LEVELS.index(int(level))]


@dataclass(frozen=True)
class Rating:
    """Where the child was on a goal's scale on a day, and how we know."""

    id: int
    goal_id: int
    rated_on: date
    level: int
    evidence: str
    note: str
    session_id: int | None
    rated_by: str
    version: int


_GOALS = """
    SELECT g.id, g.family_id, g.discipline, g.title,
           [g.level_m2, g.level_m1, g.level_0, g.level_p1, g.level_p2] AS levels,
           g.review_date, g.status, g.started_on, g.version,
           coalesce((SELECT list(t.assignment_id ORDER BY t.assignment_id) FROM goal_tasks t
                     WHERE t.goal_id = g.id), []) AS task_ids
    FROM goals g
"""


def _goal(raw):
    return Goal(**{**raw, "levels": tuple(raw["levels"]), "task_ids": tuple(raw["task_ids"])})


def get_goal(cur, actor, goal_id):
    """Return one goal, after checking the actor may see its family."""
    found = row(cur, dict, _GOALS + " WHERE g.id = ?", [int(goal_id)])
    if found is None:
        raise NotFound("There is no such goal.")
    require_family(cur, actor, found["family_id"])
    return _goal(found)


def list_goals(cur, actor, family_id, statuses=("active",)):
    """Return a family's goals with the given statuses, oldest first."""
    require_family(cur, actor, family_id)
    found = rows(
        cur,
        dict,
        _GOALS + " WHERE g.family_id = ? AND list_contains(?, g.status) ORDER BY g.started_on, g.id",
        [int(family_id), list(statuses)],
    )
    return [_goal(r) for r in found]


def _check_goal(discipline, title, levels, review_date, started_on):
    if discipline not in DISCIPLINES:
        raise InvalidInput("Choose the goal's discipline.", field="discipline")
    title, levels = check_scale(title, levels)
    if review_date is not None and not isinstance(review_date, date):
        raise InvalidInput("Give the review date as a date.", field="review_date")
    if review_date is not None and review_date <= started_on:
        raise InvalidInput("The review date comes after the day the goal was written.", field="review_date")
    return title, levels


def create_goal(cur, actor, family_id, discipline, title, levels, review_date=None, session_id=None):
    """Write a goal with its scale; its starting point (-2) is rated on the same day. Return its id."""
    require_family(cur, actor, family_id)
    today = clock.today()
    title, levels = _check_goal(discipline, title, levels, review_date, today)
    with transaction(cur):
        goal_id = cur.execute(
            "INSERT INTO goals (family_id, discipline, title, level_m2, level_m1, level_0, level_p1, level_p2,"
            " review_date, started_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            [family_id, discipline, title, *levels, review_date, today, actor.id, clock.now()],
        ).fetchone()[0]
        audit.record(
            cur, actor, "create", "goal", goal_id, family_id=family_id, title=title, levels=list(levels)
        )
        _insert_rating(cur, actor, goal_id, family_id, -2, "session", START_NOTE, session_id)
    return goal_id


@retrying()
def update_goal(cur, actor, goal_id, title, levels, review_date, status, *, expected_version):
    """Change a goal's words, review date or status, if nobody changed it since the form showed it."""
    versions.required(expected_version)
    current = get_goal(cur, actor, goal_id)
    title, levels = _check_goal(current.discipline, title, levels, review_date, current.started_on)
    if status not in STATUSES:
        raise InvalidInput("Choose where the goal stands.", field="status")
    new = {"title": title, "levels": list(levels), "review_date": review_date, "status": status}
    old = {
        "title": current.title,
        "levels": list(current.levels),
        "review_date": current.review_date,
        "status": current.status,
    }
    if new == old:
        return current.version
    with transaction(cur):
        version = versions.bump(cur, "goals", goal_id, expected=expected_version, what="This goal")
        cur.execute(
            "UPDATE goals SET title = ?, level_m2 = ?, level_m1 = ?, level_0 = ?, level_p1 = ?, level_p2 = ?,"
            " review_date = ?, status = ? WHERE id = ?",
            [title, *levels, review_date, status, goal_id],
        )
        audit.record_change(cur, actor, "goal", goal_id, old, new, family_id=current.family_id)
    return version


def set_task_goal(cur, actor, assignment_id, goal_id):
    """Link a task to the goal it serves (None: to no goal); a task serves one goal at a time."""
    task = get_assignment(cur, actor, assignment_id)
    if goal_id is not None and get_goal(cur, actor, goal_id).family_id != task.family_id:
        raise InvalidInput("Choose one of this family's goals.", field="goal")
    was = cur.execute("SELECT goal_id FROM goal_tasks WHERE assignment_id = ?", [task.id]).fetchone()
    if (was[0] if was else None) == goal_id:
        return
    with transaction(cur):
        cur.execute("DELETE FROM goal_tasks WHERE assignment_id = ?", [task.id])
        if goal_id is not None:
            cur.execute("INSERT INTO goal_tasks (assignment_id, goal_id) VALUES (?, ?)", [task.id, goal_id])
        audit.record(
            cur,
            actor,
            "update",
            "assignment",
            task.id,
            before={"goal_id": was[0] if was else None},
            after={"goal_id": goal_id},
        )


def _check_rating(level, evidence, note):
    try:
        level = int(level)
    except (TypeError, ValueError):
        raise InvalidInput("Choose where the child is now on the scale.", field="level") from None
    if level not in LEVELS:
        raise InvalidInput("Choose a level from -2 to +2.", field="level")
    if evidence not in EVIDENCE:
        raise InvalidInput(
            "Say how we know: seen in session, the family's report, or a video or photo.", field="evidence"
        )
    note = " ".join(str(note or "").split())
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"Keep the note to {MAX_NOTE} characters.", field="note")
    return level, note


def _insert_rating(cur, actor, goal_id, family_id, level, evidence, note, session_id):
    rating_id = cur.execute(
        "INSERT INTO goal_ratings (goal_id, family_id, rated_on, level, evidence, note, session_id, rated_by,"
        " rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [goal_id, family_id, clock.today(), level, evidence, note, session_id, actor.id, clock.now()],
    ).fetchone()[0]
    audit.record(
        cur,
        actor,
        "rate",
        "goal_rating",
        rating_id,
        family_id=family_id,
        goal_id=goal_id,
        level=level_label(level),
        evidence=evidence,
        session_id=session_id,
    )
    return rating_id


def rate_goal(cur, actor, goal_id, level, evidence, note="", session_id=None):
    """Record, dated today, where the child is now on a goal's scale and how we know; return its id."""
    goal = get_goal(cur, actor, goal_id)
    level, note = _check_rating(level, evidence, note)
    if session_id is not None:
        found = cur.execute("SELECT family_id FROM sessions WHERE id = ?", [session_id]).fetchone()
        if found is None or found[0] != goal.family_id:
            raise InvalidInput("That session is not this family's.", field="session")
    with transaction(cur):
        return _insert_rating(cur, actor, goal.id, goal.family_id, level, evidence, note, session_id)


@retrying()
def correct_rating(cur, actor, rating_id, level, evidence, note, *, expected_version):
    """Correct a rating's level, evidence or note, if nobody changed it since the form showed it."""
    versions.required(expected_version)
    found = row(cur, dict, "SELECT * FROM goal_ratings WHERE id = ?", [int(rating_id)])
    if found is None:
        raise NotFound("There is no such rating.")
    require_family(cur, actor, found["family_id"])
    level, note = _check_rating(level, evidence, note)
    old = {k: found[k] for k in ("level", "evidence", "note")}
    new = {"level": level, "evidence": evidence, "note": note}
    if new == old:
        return found["version"]
    with transaction(cur):
        version = versions.bump(cur, "goal_ratings", rating_id, expected=expected_version, what="This rating")
        cur.execute(
            "UPDATE goal_ratings SET level = ?, evidence = ?, note = ? WHERE id = ?",
            [level, evidence, note, rating_id],
        )
        audit.record_change(
            cur,
            actor,
            "goal_rating",
            rating_id,
            old,
            new,
            family_id=found["family_id"],
            goal_id=found["goal_id"],
        )
    return version


def list_ratings(cur, actor, family_id, goal_ids=None):
    """Return {goal id: [Rating, oldest first]} of a family's goals (of some goals when given)."""
    require_family(cur, actor, family_id)
    found = rows(
        cur,
        Rating,
        "SELECT r.id, r.goal_id, r.rated_on, r.level, r.evidence, r.note, r.session_id,"
        " coalesce(u.display_name, '') AS rated_by, r.version"
        " FROM goal_ratings r LEFT JOIN users u ON u.id = r.rated_by"
        " WHERE r.family_id = ? AND (? IS NULL OR list_contains(?, r.goal_id))"
        " ORDER BY r.goal_id, r.rated_on, r.id",
        [int(family_id), goal_ids, goal_ids],
    )
    by_goal = {}
    for rating in found:
        by_goal.setdefault(rating.goal_id, []).append(rating)
    return by_goal


def set_goal_tasks(cur, actor, goal_id, task_ids):
    """Make exactly these of the family's tasks serve the goal (others that served it serve none)."""
    goal = get_goal(cur, actor, goal_id)
    wanted = {int(t) for t in task_ids}
    with transaction(cur):
        for task_id in sorted(set(goal.task_ids) - wanted):
            set_task_goal(cur, actor, task_id, None)
        for task_id in sorted(wanted - set(goal.task_ids)):
            set_task_goal(cur, actor, task_id, goal.id)
