"""The actions the guide can take, one registry entry each: the domain function it calls and how.

`ACTIONS` is the one list of action ids: the schema check accepts only these in
data/guide.json, and lib/ui/guide_panels.py keys its parameter panels by the same ids.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from lib import assignments, clock, explainer, sessions
from lib.access import require_family
from lib.db import rows, transaction
from lib.errors import InvalidInput
from lib.sessions import follow_through
from lib.words import date_text, datetime_text


@dataclass(frozen=True)
class ActionResult:
    """What an action did: its id, the record it made or changed (if any), and a message."""

    action: str
    ref: int | None
    message: str

    @property
    def entry(self):
        """The text stored in the guide run: 'action' or 'action:ref'."""
        return self.action if self.ref is None else f"{self.action}:{self.ref}"


@dataclass(frozen=True)
class GuideAction:
    """One action: `run(calls, cur, actor, family_id, **params)` returns (ref, message).

    `calls` is the domain function it performs (None for what is only talked about); the
    registry names it directly, so a renamed function breaks the import, not the conversation.
    """

    run: Callable
    calls: Callable | None = None


def _family_task(cur, family_id, assignment_id):
    row = cur.execute(
        "SELECT id, title FROM assignments WHERE id = ? AND family_id = ?", [assignment_id, family_id]
    ).fetchone()
    if row is None:
        raise InvalidInput("Choose one of this family's tasks.", field="assignment")
    return row


@dataclass(frozen=True)
class GuideTask:
    """A task the guide's actions can work on: what the panels show and may change."""

    id: int
    title: str
    discipline: str
    minutes: int
    days_per_week: int
    instructions: str
    cross_note: str
    status: str
    version: int  # the version a form showed: a change since is not overwritten


def list_family_tasks(cur, actor, family_id):
    """Return a GuideTask per recent task of a family (active first, then newest)."""
    require_family(cur, actor, family_id)
    return rows(
        cur,
        GuideTask,
        "SELECT id, title, discipline, minutes, days_per_week, instructions, cross_note, status, version"
        " FROM assignments WHERE family_id = ? AND status IN ('active', 'paused', 'completed')"
        " ORDER BY status = 'active' DESC, start_date DESC, id DESC LIMIT 30",
        [family_id],
    )


def latest_reasons(cur, actor, family_id, assignment_id=None):
    """Return the reasons of the newest 'not done' or 'partly' review (of one task, when given)."""
    require_family(cur, actor, family_id)
    row = cur.execute(
        "SELECT reasons FROM homework_reviews WHERE family_id = $family AND outcome <> 'done'"
        " AND ($task IS NULL OR assignment_id = $task) ORDER BY reviewed_on DESC, id DESC LIMIT 1",
        {"family": family_id, "task": assignment_id},
    ).fetchone()
    return list(row[0]) if row else []


def tried_from_records(cur, actor, family_id, guide):
    """Return the labels of the guide actions the records show were done with this family, oldest first."""
    require_family(cur, actor, family_id)
    rows = cur.execute(
        "SELECT a FROM (SELECT split_part(unnest(actions), ':', 1) AS a, run_on, id FROM guide_runs"
        " WHERE family_id = ?) GROUP BY a ORDER BY min(run_on), min(id)",
        [family_id],
    ).fetchall()
    return [guide.actions[r[0]].label for r in rows if r[0] in guide.actions]


def draft_doctor_letter(cur, actor, family_id, guide, family_name):
    """Return the draft sentence for the family doctor: the family's name and only what the records show was tried."""
    tried = tried_from_records(cur, actor, family_id, guide)
    words = (
        "What we tried together, from our records: " + "; ".join(t[:1].lower() + t[1:] for t in tried) + "."
        if tried
        else "Our records show no changes to the practice yet."
    )
    fill = {"{family}": family_name, "{tried}": words}  # one pass: a name is never read as a placeholder
    return re.sub(r"\{family\}|\{tried\}", lambda m: fill[m.group(0)], guide.letter_draft)


def belief_rationale(cur, actor, family_id, guide):
    """Return the points that explain why practice helps: the intake explainer's text, then the guide's."""
    word = explainer.family_practice_word(cur, actor, family_id)
    return [explainer.rationale_text(word), *guide.rationale]


# ---------------------------------------------------------------- what each action does


def _reissue(calls, cur, actor, family_id, assignment_id=None, start_date=None, reason="guide"):
    task = _family_task(cur, family_id, assignment_id)
    new_id = calls(cur, actor, task[0], start_date=start_date, reason=reason)
    return new_id, f"'{task[1]}' is given again as a fresh task."


def _make_easier(
    calls, cur, actor, family_id, assignment_id=None, changes=None, reason="guide", expected_version=None
):
    task = _family_task(cur, family_id, assignment_id)
    if not changes:
        raise InvalidInput("Change at least one thing: minutes, days or the instructions.", field="changes")
    calls(cur, actor, task[0], changes, reason, kind="made_easier", expected_version=expected_version)
    return task[0], f"'{task[1]}' is changed; the earlier version is kept."


def _buddy_note(calls, cur, actor, family_id, assignment_id=None, note=""):
    task = _family_task(cur, family_id, assignment_id)
    calls(cur, actor, task[0], note)
    return task[0], f"The buddy note is on '{task[1]}' and its sheet."


def _move_sooner(
    calls, cur, actor, family_id, session_id=None, therapist_id=None, discipline=None, starts_at=None, note=""
):
    when = (
        datetime_text(starts_at, weekday=True, long=True)
        if isinstance(starts_at, datetime)
        else str(starts_at)
    )
    if session_id is None:  # nothing booked yet: book one, there is nothing to double-book
        if sessions.upcoming_sessions(cur, actor, family_id):
            raise InvalidInput("Choose which booked session to move.", field="session")
        new_id = sessions.book_session(cur, actor, family_id, therapist_id, discipline, starts_at, note=note)
        return new_id, f"Next session booked for {when}."
    if session_id not in [s.id for s in sessions.upcoming_sessions(cur, actor, family_id)]:
        raise InvalidInput("Choose one of this family's booked sessions.", field="session")
    calls(cur, actor, session_id, starts_at)
    return session_id, f"The next session is moved to {when}."


def _confirm_first(calls, cur, actor, family_id, today=None):
    flag_id, booking = calls(cur, actor, family_id, today)
    if booking is None:
        return flag_id, "The next session, once booked, waits for the family's 'practice done'."
    return (
        flag_id,
        f"The session on {date_text(booking[1], year=False, long=True)} now waits for the family's 'practice done'.",
    )


def _planned_break(calls, cur, actor, family_id, from_date=None, check_in_on=None):
    paused = calls(cur, actor, family_id, from_date, check_in_on)
    when = date_text(from_date, year=False, long=True)
    now = isinstance(from_date, date) and from_date <= clock.today()
    return family_id, (
        f"Break from {when}: the family and {len(paused)} task(s) "
        + ("are paused;" if now else "pause on that day, and practice goes on until then;")
        + f" check in on {date_text(check_in_on, year=False, long=True)}."
    )


def _talked(calls, cur, actor, family_id):
    return None, "Noted for this conversation."


TALK = GuideAction(_talked)

ACTIONS = {
    "reissue": GuideAction(_reissue, assignments.reissue_assignment),
    "make_easier": GuideAction(_make_easier, assignments.revise_assignment),
    "shorten_gap": GuideAction(_move_sooner, sessions.move_session),
    "cross_accountability": GuideAction(_buddy_note, assignments.set_cross_note),
    "confirm_before_booking": GuideAction(_confirm_first, follow_through.request_confirmation),
    "raise_belief": TALK,  # the panel shows belief_rationale; the action only records the talk
    "barrier_checklist": TALK,
    "readiness": TALK,
    "planned_break": GuideAction(_planned_break, follow_through.plan_break),
    "other_service": TALK,
    "doctor_letter": TALK,  # the panel shows draft_doctor_letter to copy
    "different_task": TALK,  # steady practice, no progress (lib.guide.paths): a new task is set on its page
    "different_goal": TALK,  # the goal is changed on the family page's Goals tab
}


def perform_action(cur, actor, family_id, action_id, **params):
    """Do one guide action for a family, all its writes in one transaction, and return an ActionResult."""
    require_family(cur, actor, family_id)
    if action_id not in ACTIONS:
        raise InvalidInput(f"'{action_id}' is not an action of the guide.", field="action")
    action = ACTIONS[action_id]
    with transaction(cur):
        ref, message = action.run(action.calls, cur, actor, family_id, **params)
    return ActionResult(action_id, ref, message)
