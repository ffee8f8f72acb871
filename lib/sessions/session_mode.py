"""Session mode: one family's session on a shared screen, its agenda and the homework review.

While a session is on screen the acting user carries `session_family_id`, and every
permission check in lib/ then refuses any other family (lib.access).
"""

import json
from dataclasses import dataclass
from datetime import datetime

from lib import audit, clock, db, sessions, versions
from lib.access import VISIBLE_FAMILIES_SQL, require_family, require_whole_caseload, scope
from lib.accounts import signin
from lib.db import rows, transaction
from lib.errors import InvalidInput, NotAllowed, NotFound
from lib.guide import load_guide
from lib.sessions import presenter

AGENDA = (
    ("recap", "Recap of the week"),
    ("review", "Review of home practice"),
    ("next", "New skills and next tasks"),
)
AGENDA_IDS = tuple(step for step, _ in AGENDA)
OUTCOMES = {"done": "Done fully", "partly": "Partly done", "not_done": "Not done"}
MAX_TEXT = 1000


@dataclass(frozen=True)
class TodaysSession:
    """One of today's sessions in the start list."""

    id: int
    family_id: int
    family: str
    starts_at: datetime
    discipline: str
    status: str
    needs_practice_confirmed: (
        bool  # the family confirms practice before this one (lib/sessions/follow_through.py)
    )


def todays_sessions(cur, actor, today=None):
    """Return today's sessions of the actor (the lead sees all), as TodaysSession rows."""
    require_whole_caseload(actor)
    return rows(
        cur,
        TodaysSession,
        "SELECT s.id, s.family_id, f.display_name AS family, s.starts_at, s.discipline, s.status,"
        " s.needs_practice_confirmed FROM sessions s JOIN families f ON f.id = s.family_id"
        " WHERE s.starts_at::DATE = $today AND s.status IN ('booked', 'attended')"
        "   AND ($scope_lead OR s.therapist_id = $scope_me)"
        "   AND s.family_id IN (" + VISIBLE_FAMILIES_SQL + ")"
        " ORDER BY s.starts_at, f.display_name",
        {**scope(actor), "today": today or clock.today()},
    )


def _discipline(cur, actor, family_id):
    row = cur.execute(
        "SELECT discipline FROM family_therapists WHERE family_id = ? AND therapist_id = ? AND active"
        " ORDER BY discipline LIMIT 1",
        [family_id, actor.id],
    ).fetchone()
    return row[0] if row else (actor.discipline or "other")


def start_session(cur, actor, family_id, session_id=None, now=None):
    """Open session mode with one family: use the given or today's booking, else book one for now.

    Returns the session id. Nothing is marked attended here: the therapist says so (mark_attended).
    """
    if actor.in_session:
        raise NotAllowed("A session is already on screen. End it before starting another.")
    require_family(cur, actor, family_id)
    now = now or clock.now().replace(second=0)
    with transaction(cur):
        if session_id is None:
            row = cur.execute(
                "SELECT id FROM sessions WHERE family_id = ? AND therapist_id = ? AND starts_at::DATE = ?"
                " AND status IN ('booked', 'attended') ORDER BY starts_at LIMIT 1",
                [family_id, actor.id, now.date()],
            ).fetchone()
            session_id = row[0] if row else None
        if session_id is None:
            session_id = cur.execute(
                "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status)"
                " VALUES (?, ?, ?, ?, 'booked') RETURNING id",
                [family_id, actor.id, _discipline(cur, actor, family_id), now],
            ).fetchone()[0]
        else:
            _session_family(cur, session_id, family_id)
        audit.record(cur, actor, "start", "session", session_id, family_id=family_id)
        presenter.open_screen(cur, actor, session_id, family_id, now)
    return session_id


def _session_family(cur, session_id, family_id):
    row = cur.execute("SELECT family_id FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None or row[0] != family_id:
        raise NotFound("That session does not belong to this family.")


def agenda_done(cur, actor, session_id):
    """Return the agenda steps already done in a session."""
    found = db.row(cur, dict, "SELECT family_id, agenda_done FROM sessions WHERE id = ?", [session_id])
    if found is None:
        raise NotFound("No such session.")
    require_family(cur, actor, found["family_id"])
    return list(found["agenda_done"])


def mark_step_done(cur, actor, session_id, step):
    """Record that an agenda step was gone through (once)."""
    if step not in AGENDA_IDS:
        raise InvalidInput("Unknown agenda step.", field="step")
    done = agenda_done(cur, actor, session_id)
    if step in done:
        return done
    with transaction(cur):
        cur.execute(
            "UPDATE sessions SET agenda_done = list_append(agenda_done, ?) WHERE id = ?", [step, session_id]
        )
        audit.record(cur, actor, "agenda_step", "session", session_id, step=step)
    return [*done, step]


@dataclass(frozen=True)
class Place:
    """Where the therapist is in a session: the agenda step, and the open guide's ids (None: closed)."""

    step: int = 0
    guide: dict | None = None


# what of the guide's place is kept (ids and choices only; messages and notes stay in the browser)
GUIDE_PLACE = (
    "assignment_id",
    "stage",
    "path",
    "step",
    "trail",
    "visited",
    "reasons",
    "actions",
    "outcome",
    "saved_run",
)


def _clean_guide_place(cur, guide):
    """Return the guide's place with known ids only; raise InvalidInput when its path or step is unknown."""
    if not guide:
        return None
    loaded = load_guide(cur)
    path = loaded.paths.get(guide.get("path"))
    steps = {s.id for s in path.steps} if path else set()
    if guide.get("step") not in steps:
        raise InvalidInput("Unknown guide step.", field="guide")
    ids = [s for s in guide.get("trail") or [] if s in steps]
    saved = guide.get("saved_run")
    return {
        "assignment_id": int(guide.get("assignment_id") or 0),
        "stage": str(guide.get("stage") or ""),
        "path": guide["path"],
        "step": guide["step"],
        "trail": ids if ids and ids[-1] == guide["step"] else [*ids, guide["step"]],
        "visited": [s for s in guide.get("visited") or [] if s in steps] or [guide["step"]],
        "reasons": [r for r in guide.get("reasons") or [] if r in loaded.reasons],
        "actions": [str(a) for a in guide.get("actions") or []],
        "outcome": guide.get("outcome") if guide.get("outcome") in loaded.outcomes else None,
        "saved_run": int(saved) if saved else None,
    }


def session_place(cur, actor, session_id):
    """Return the Place kept for a session (the first step and no guide before anything was kept)."""
    agenda_done(cur, actor, session_id)  # checks the session and the permission
    found = cur.execute(
        "SELECT agenda_step, guide FROM session_places WHERE session_id = ?", [session_id]
    ).fetchone()
    if found is None:
        return Place()
    try:
        guide = _clean_guide_place(cur, json.loads(found[1])) if found[1] else None
    except (InvalidInput, ValueError, KeyError):
        guide = None  # the guide's wording changed since: the step agenda stays, the guide starts afresh
    return Place(min(max(int(found[0]), 0), len(AGENDA) - 1), guide)


def keep_place(cur, actor, session_id, step, guide=None, now=None):
    """Keep where the therapist is (agenda step, open guide), writing only when it changed; return the Place."""
    if not 0 <= int(step) < len(AGENDA):
        raise InvalidInput("Unknown agenda step.", field="step")
    place = Place(int(step), _clean_guide_place(cur, guide))
    if session_place(cur, actor, session_id) == place:
        return place
    with transaction(cur):
        cur.execute(
            "INSERT INTO session_places (session_id, agenda_step, guide, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET agenda_step = excluded.agenda_step,"
            " guide = excluded.guide, updated_at = excluded.updated_at",
            [session_id, place.step, json.dumps(place.guide) if place.guide else None, now or clock.now()],
        )
    return place


def review_reasons(cur):
    """Return the reasons a task was not done ({id: neutral label}), shared with the conversation guide.

    The labels are the family-facing ones: the review is filled in on the shared screen.
    """
    return load_guide(cur).family_reasons


def record_review(
    cur, actor, session_id, assignment_id, outcome, hardest="", reasons=(), child_experience="", today=None
):
    """Save the review of one task in a session; a second review of it replaces the first."""
    row = cur.execute("SELECT family_id FROM assignments WHERE id = ?", [assignment_id]).fetchone()
    if row is None:
        raise NotFound("No such task.")
    family_id = row[0]
    require_family(cur, actor, family_id)
    _session_family(cur, session_id, family_id)
    if outcome not in OUTCOMES:
        raise InvalidInput("Choose done fully, partly done or not done.", field="outcome")
    known = review_reasons(cur)
    reasons = list(dict.fromkeys(reasons))
    if any(r not in known for r in reasons):
        raise InvalidInput("Choose reasons from the list.", field="reasons")
    if outcome != "done" and not reasons:
        raise InvalidInput("Choose at least one reason, or 'Something else'.", field="reasons")
    hardest, child_experience = (hardest or "").strip(), (child_experience or "").strip()
    if len(hardest) > MAX_TEXT or len(child_experience) > MAX_TEXT:
        raise InvalidInput(f"Keep notes under {MAX_TEXT} characters.", field="hardest")
    with transaction(cur):
        cur.execute(
            "DELETE FROM homework_reviews WHERE session_id = ? AND assignment_id = ?",
            [session_id, assignment_id],
        )
        review_id = cur.execute(
            "INSERT INTO homework_reviews (family_id, assignment_id, session_id, reviewed_on, outcome, hardest,"
            " reasons, child_experience, therapist_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                family_id,
                assignment_id,
                session_id,
                today or clock.today(),
                outcome,
                hardest,
                reasons,
                child_experience,
                actor.id,
            ],
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "review",
            "assignment",
            assignment_id,
            session_id=session_id,
            outcome=outcome,
            reasons=reasons,
        )
    return review_id


def session_reviews(cur, actor, session_id):
    """Return {assignment_id: (outcome, hardest, reasons, child_experience)} of a session."""
    agenda_done(cur, actor, session_id)  # checks the session and the permission
    reviews = rows(
        cur,
        dict,
        "SELECT assignment_id, outcome, hardest, reasons, child_experience FROM homework_reviews"
        " WHERE session_id = ?",
        [session_id],
    )
    return {
        r["assignment_id"]: (r["outcome"], r["hardest"], list(r["reasons"]), r["child_experience"])
        for r in reviews
    }


def mark_attended(cur, actor, session_id):
    """Record that the family came to this session (the therapist says so, on the cue card)."""
    agenda_done(cur, actor, session_id)  # checks the session and the permission
    note = cur.execute("SELECT note FROM sessions WHERE id = ?", [session_id]).fetchone()[0]
    sessions.record_session_outcome(cur, actor, session_id, "attended", note, expected_version=versions.ANY)


def session_status(cur, actor, session_id):
    """Return the session's status (booked, attended, cancelled, no_show)."""
    agenda_done(cur, actor, session_id)  # checks the session and the permission
    return cur.execute("SELECT status FROM sessions WHERE id = ?", [session_id]).fetchone()[0]


def end_session(cur, actor, session_id, password=None, require_password=True, client=None):
    """Close session mode; when the clinic asks for it, only with the therapist's own password.

    The password is checked like a sign-in (signin.check_password): wrong tries are audited and
    count towards the account's lockout."""
    row = cur.execute("SELECT family_id FROM sessions WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise NotFound("No such session.")
    require_family(cur, actor, row[0])
    if require_password:
        signin.check_password(cur, actor, password, client=client)
    with transaction(cur):
        presenter.close_screen(cur, actor, session_id)
        audit.record(cur, actor, "end", "session", session_id)
