"""The shared family screen of a session: what the therapist's cue card publishes, what the family sees.

The cue card publishes a small state (agenda step, guide step, reasons chosen) as ids only,
or the intake explainer's place (lib.explainer.screen: numbers and the family's own words);
the family screen turns it into words with `family_view`, which reads nothing but family-facing
text: the guide step's `family_text`, the reasons' `family_label`, the family's own tasks, the
explainer's family text. Stage, coaching prompts, example wordings, drafts and notes never pass
through here, nor a task photo the therapist has not chosen to show
(lib.sessions.task_photos.show_on_family_screen).
"""

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from lib import audit, clock
from lib.access import require_family
from lib.assignments import family_cards
from lib.db import row, transaction
from lib.errors import InvalidInput, NotFound
from lib.explainer.screen import ExplainerScreen, clean_screen_state, screen_step
from lib.figures import adherence
from lib.goals.achieved import celebrations
from lib.goals.progress import family_progress
from lib.guide import PATH_IDS, load_guide
from lib.sessions import follow_through, task_photos

AGENDA = ("Recap of the week", "Review of home practice", "New skills and next tasks")
OUTCOME_WORDS = {"done": "Done fully", "partly": "Partly done", "not_done": "Not done this time"}
# the recap is about the family's week, not a score: numbers come in the review, as days practised
RECAP_WORDS = "How was your week? Anything new, busy or different?"
RECAP_TASK = "We look at practice together in a moment."
NEUTRAL_LINE = "That isn't anyone's fault. It's about finding what can work for your family right now."


@dataclass(frozen=True)
class TaskLine:
    """One task as the family sees it: its title, a sentence about it, photos the therapist chose."""

    title: str
    words: str
    photos: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class FamilyView:
    """Everything the family screen shows; every text here is meant for the family."""

    family_name: str
    step_index: int
    step_label: str
    tasks: tuple[TaskLine, ...]
    guide_text: str
    reasons: tuple[str, ...]
    ended: bool
    explainer: ExplainerScreen | None = None
    note: str = ""  # a neutral line under the tasks (the review step: nobody is to blame)
    paused: str = ""  # a planned break ahead (beside the tasks), or with no running task: paused until when
    goals: tuple = ()  # the review step: lib.goals.GoalProgress per goal, the ratings' notes left out
    # the review step: goals reached and tasks learned lately ("Isla reached the goal: ..."), calm words
    celebrations: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Screen:
    """A session's family and its family screen's state (all None before session mode started)."""

    family_id: int
    state: str | None
    started_at: datetime | None
    ended_at: datetime | None
    version: int | None


def _session_family(cur, actor, session_id):
    found = row(
        cur,
        _Screen,
        "SELECT s.family_id, p.state, p.started_at, p.ended_at, p.version FROM sessions s"
        " LEFT JOIN presenter_state p ON p.session_id = s.id WHERE s.id = ?",
        [session_id],
    )
    if found is None:
        raise NotFound("No such session.")
    require_family(cur, actor, found.family_id)
    return found


def clean_state(guide, state):
    """Return the publishable state with only known family-facing ids; raise InvalidInput otherwise."""
    step = int(state.get("step", 0))
    if not 0 <= step < len(AGENDA):
        raise InvalidInput("Unknown agenda step.", field="step")
    if state.get("explainer") is not None:
        return {
            "step": step,
            "path": None,
            "guide_step": None,
            "reasons": [],
            "explainer": clean_screen_state(state["explainer"]),
        }
    path, guide_step = state.get("path"), state.get("guide_step")
    if guide_step is None:
        return {"step": step, "path": None, "guide_step": None, "reasons": []}
    if path not in PATH_IDS or guide_step not in {s.id for s in guide.paths[path].steps}:
        raise InvalidInput("Unknown guide step.", field="guide_step")
    reasons = [r for r in dict.fromkeys(state.get("reasons") or []) if r in guide.family_reasons]
    return {"step": step, "path": path, "guide_step": guide_step, "reasons": reasons}


def open_screen(cur, actor, session_id, family_id, now=None):
    """Record that session mode started for a session (again, if it was ended); keep its place."""
    now = now or clock.now()
    with transaction(cur):
        found = cur.execute("SELECT 1 FROM presenter_state WHERE session_id = ?", [session_id]).fetchone()
        if found:
            cur.execute(
                "UPDATE presenter_state SET ended_at = NULL, updated_at = ?, version = version + 1"
                " WHERE session_id = ?",
                [now, session_id],
            )
        else:
            cur.execute(
                "INSERT INTO presenter_state (session_id, family_id, therapist_id, state, started_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [session_id, family_id, actor.id, json.dumps(clean_state(None, {})), now, now],
            )
        audit.record(cur, actor, "screen_open", "session", session_id, family_id=family_id)


def publish(cur, actor, session_id, state):
    """Store what the family screen shows now; write only when it changed. Return the version."""
    screen = _session_family(cur, actor, session_id)
    if screen.started_at is None:
        raise NotFound("Session mode was not started for this session.")
    clean = clean_state(load_guide(cur), state)
    if screen.state and json.loads(screen.state) == clean:
        return screen.version
    with transaction(cur):
        cur.execute(
            "UPDATE presenter_state SET state = ?, updated_at = ?, version = version + 1 WHERE session_id = ?",
            [json.dumps(clean), clock.now(), session_id],
        )
        audit.record(cur, actor, "present", "session", session_id, **clean)
    return screen.version + 1


def close_screen(cur, actor, session_id):
    """Record that session mode ended: the family screen goes neutral."""
    _session_family(cur, actor, session_id)
    with transaction(cur):
        cur.execute(
            "UPDATE presenter_state SET ended_at = ?, updated_at = ?, version = version + 1"
            " WHERE session_id = ? AND ended_at IS NULL",
            [clock.now(), clock.now(), session_id],
        )


def open_session(cur, actor):
    """Return (session_id, family_id, family name, step) of the actor's session left on screen today, or None."""
    found = row(
        cur,
        dict,
        "SELECT p.session_id, p.family_id, f.display_name, p.state FROM presenter_state p"
        " JOIN families f ON f.id = p.family_id"
        " WHERE p.therapist_id = ? AND p.ended_at IS NULL AND p.started_at::DATE = ?"
        " ORDER BY p.started_at DESC LIMIT 1",
        [actor.id, clock.today()],
    )
    if found is None:
        return None
    require_family(cur, actor, found["family_id"])
    step = json.loads(found["state"]).get("step", 0)
    return found["session_id"], found["family_id"], found["display_name"], step


def _week_words(cur, actor, family_id, today):
    last = adherence.week_start(today) - timedelta(days=7)
    weeks = adherence.weekly_completion(cur, actor, [family_id], last, last, today)
    words = {}
    for week in weeks.itertuples():
        if week.planned_days > 0:
            done = min(int(week.ticked_days), int(week.planned_days))
            words[week.title] = f"Days practised last week: {done} of {int(week.planned_days)} planned."
    return words


def _reviews(cur, session_id):
    return dict(
        cur.execute(
            # the running tasks' own reviews: a task given again (a new copy, same title) has none yet
            "SELECT a.title, r.outcome FROM homework_reviews r JOIN assignments a ON a.id = r.assignment_id"
            " WHERE r.session_id = ? AND a.status IN ('active', 'paused')",
            [session_id],
        ).fetchall()
    )


def _family_goals(cur, actor, family_id, today):
    """Return the family's goals beside their practice, with only the family's own words (no notes, no names)."""
    return tuple(
        replace(p, ratings=tuple(replace(r, note="", rated_by="") for r in p.ratings))
        for p in family_progress(cur, actor, family_id, today)
    )


def family_view(cur, actor, session_id, today=None):
    """Return the FamilyView of a session: only the family's own, family-facing words."""
    screen = _session_family(cur, actor, session_id)
    family_id = screen.family_id
    today = today or clock.today()
    name = cur.execute("SELECT display_name FROM families WHERE id = ?", [family_id]).fetchone()[0]
    if screen.started_at is None or screen.ended_at is not None:
        return FamilyView(name, 0, "", (), "", (), True)
    guide = load_guide(cur)
    state = clean_state(guide, json.loads(screen.state or "{}"))
    if state.get("explainer"):
        shown = screen_step(cur, actor, family_id, state["explainer"])
        return FamilyView(name, state["step"], AGENDA[state["step"]], (), "", (), False, shown)
    cards = family_cards(cur, actor, family_id, today=today)
    guide_text, reasons, note, goals, reached = "", (), "", (), ()
    if state["step"] == 0:
        guide_text = RECAP_WORDS
        tasks = [TaskLine(c.title, RECAP_TASK) for c in cards]
    elif state["step"] == 1:
        words, reviews = _week_words(cur, actor, family_id, today), _reviews(cur, session_id)
        tasks = [
            TaskLine(
                c.title,
                " ".join(
                    w
                    for w in (
                        words.get(c.title, ""),
                        OUTCOME_WORDS.get(reviews.get(c.title), "We talk about it now."),
                    )
                    if w
                ),
            )
            for c in cards
        ]
        note = NEUTRAL_LINE
        goals = _family_goals(cur, actor, family_id, today)
        reached = celebrations(cur, actor, family_id, name, today)
    else:
        tasks = [
            TaskLine(c.title, f"{c.minutes} minutes, {c.schedule}. {c.instructions}".strip()) for c in cards
        ]
    chosen = task_photos.family_screen_photos(cur, actor, family_id, today)  # only what the therapist chose
    tasks = [TaskLine(t.title, t.words, chosen.get(t.title, ())) for t in tasks]
    if state["guide_step"]:
        guide_text = guide.paths[state["path"]].step(state["guide_step"]).family_text
        reasons = tuple(guide.family_reasons[r] for r in state["reasons"])
    paused = follow_through.pause_words(cur, actor, family_id, today)
    return FamilyView(
        name,
        state["step"],
        AGENDA[state["step"]],
        tuple(tasks),
        guide_text,
        reasons,
        False,
        note=note,
        paused=paused,
        goals=goals,
        celebrations=reached,
    )
