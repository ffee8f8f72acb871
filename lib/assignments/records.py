"""The assignment as a value object, and the reads of one family's tasks and their history."""

from dataclasses import dataclass, replace
from datetime import date, time

from lib import clock
from lib.access import require_family
from lib.assignments.barriers import BARRIER_IDS
from lib.db import rows
from lib.errors import NotFound, StaleVersion

STATUSES = ("active", "paused", "completed", "retired")
OPEN = ("active", "paused")
# A task's state on the day $today: a pause planned ahead (its paused_from after that day) leaves the
# task running until then, so nothing flips on a date. The readers of "running now" (the family's
# cards and words, the screen's photos, the printed sheet, reviews due, the task checks and the
# minutes a day) use this one fragment on `assignments a`; the figures read the same pause from its
# dated version (lib.figures.planned_days).
STATE_TODAY_SQL = "CASE WHEN a.status = 'paused' AND a.paused_from > $today THEN 'active' ELSE a.status END"
KINDS = ("created", "edited", "made_easier", "paused", "resumed", "completed", "retired", "reissued")
EDITABLE = (
    "title",
    "instructions",
    "discipline",
    "therapist_id",
    "who",
    "supporter_ids",
    "minutes",
    "days_per_week",
    "weekdays",
    "start_date",
    "end_date",
    "review_date",
    "routine_anchor",
    "routine_time",
    "materials",
    "has_materials",
    "practised_in_session",
    "family_chose",
    "reward_plan",
    "reward_ticks",
    "media_ref",
    "reminder_mode",
    "reminder_days",
    "materials_lent",
    "materials_where",
    "safety",
    "safety_acknowledged",
)


class StaleAssignment(StaleVersion):
    """Someone else saved the assignment since it was opened."""


@dataclass(frozen=True)
class Assignment:
    id: int
    family_id: int
    therapist_id: int
    discipline: str
    title: str
    instructions: str
    who: str
    supporter_ids: tuple[int, ...]
    minutes: int
    days_per_week: int
    weekdays: tuple[int, ...] | None
    start_date: date
    end_date: date | None
    review_date: date | None
    routine_anchor: str
    routine_time: time | None
    materials: str
    has_materials: bool | None
    practised_in_session: bool
    family_chose: bool
    reward_plan: str
    reward_ticks: int
    media_ref: str
    cross_note: str
    status: str
    reissued_from: int | None
    version: int
    checklist_complete: bool
    therapist_name: str
    reminder_mode: str = "nudge"
    reminder_days: tuple[int, ...] | None = None
    materials_lent: str = ""
    materials_where: str = ""
    safety: str = ""
    safety_acknowledged: str = ""
    paused_until: date | None = None  # a pause's planned day to start again (None: further notice)
    paused_from: date | None = None  # a pause's first day: a day ahead is a break planned ahead

    def __post_init__(self):
        # DuckDB hands back lists; tuples keep the value object hashable
        object.__setattr__(self, "supporter_ids", tuple(self.supporter_ids or ()))
        if self.weekdays is not None:
            object.__setattr__(self, "weekdays", tuple(self.weekdays))
        if self.reminder_days is not None:
            object.__setattr__(self, "reminder_days", tuple(self.reminder_days))

    def pause_ahead(self, today):
        """Return the first day of a pause planned after today (the task runs until then), else None."""
        ahead = self.status == "paused" and self.paused_from is not None and self.paused_from > today
        return self.paused_from if ahead else None

    def values(self):
        """Return the editable fields as a dict (what a form or a revision starts from)."""
        return {f: getattr(self, f) for f in EDITABLE}


@dataclass(frozen=True)
class Version:
    """One entry of a task's history."""

    version: int
    changed_on: date
    kind: str
    reason: str
    changed_by: str


_SELECT = """
    SELECT a.id, a.family_id, a.therapist_id, a.discipline, a.title, a.instructions, a.who,
           a.supporter_ids, a.minutes, a.days_per_week, a.weekdays, a.start_date, a.end_date,
           a.review_date, a.routine_anchor, a.routine_time, a.materials, a.has_materials,
           a.practised_in_session, a.family_chose, a.reward_plan, a.reward_ticks, a.media_ref,
           a.cross_note, a.status, a.reissued_from, a.version, FALSE AS checklist_complete,
           coalesce((SELECT u.display_name FROM users u WHERE u.id = a.therapist_id), '') AS therapist_name,
           a.reminder_mode, a.reminder_days, a.materials_lent, a.materials_where, a.safety,
           a.safety_acknowledged, a.paused_until, a.paused_from
    FROM assignments a
    WHERE ($id IS NULL OR a.id = $id) AND ($family IS NULL OR a.family_id = $family)
      AND list_contains($statuses, a.status)
"""

# A task's checklist is complete when every barrier is answered "ok", or "risk" with a plan.
_COMPLETE = """
    SELECT b.assignment_id FROM barrier_answers b
    WHERE list_contains($ids, b.assignment_id) AND list_contains($barriers, b.barrier)
      AND (b.answer = 'ok' OR (b.answer = 'risk' AND trim(b.plan) <> ''))
    GROUP BY b.assignment_id HAVING count(*) = len($barriers)
"""


def _assignments(cur, assignment_id=None, family_id=None, statuses=STATUSES):
    params = {"id": assignment_id, "family": family_id, "statuses": list(statuses)}
    # sorted here: an ORDER BY made this small query take twice as long
    found = sorted(
        rows(cur, Assignment, _SELECT, params),
        key=lambda a: (a.status == "paused", a.discipline, a.start_date, a.id),
    )
    if not found:
        return found
    ids = [a.id for a in found]
    complete = {r[0] for r in cur.execute(_COMPLETE, {"ids": ids, "barriers": list(BARRIER_IDS)}).fetchall()}
    return [replace(a, checklist_complete=a.id in complete) for a in found]


def get_assignment(cur, actor, assignment_id):
    """Return one assignment, after checking the actor may see its family."""
    found = _assignments(cur, assignment_id=int(assignment_id))
    if not found:
        raise NotFound("No such task.")
    require_family(cur, actor, found[0].family_id)
    return found[0]


def list_assignments(cur, actor, family_id, statuses=OPEN):
    """Return a family's assignments with the given statuses, active first."""
    require_family(cur, actor, family_id)
    return _assignments(cur, family_id=int(family_id), statuses=statuses)


def list_versions(cur, actor, assignment_id):
    """Return a task's history as Version rows, oldest first."""
    get_assignment(cur, actor, assignment_id)
    return rows(
        cur,
        Version,
        "SELECT v.version, v.changed_on, v.kind, v.reason, coalesce(u.display_name, '') AS changed_by"
        " FROM assignment_versions v LEFT JOIN users u ON u.id = v.changed_by"
        " WHERE v.assignment_id = ? ORDER BY v.version",
        [assignment_id],
    )


def family_daily_minutes(cur, actor, family_id, excluding_id=None):
    """Return the minutes of all the family's running tasks added up (a day when all are due)."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT coalesce(sum(a.minutes), 0) FROM assignments a"  # noqa: S608
        " WHERE a.family_id = $family AND "
        + STATE_TODAY_SQL
        + " = 'active' AND a.id IS DISTINCT FROM $other",
        {"family": family_id, "other": excluding_id, "today": clock.today()},
    ).fetchone()[0]
