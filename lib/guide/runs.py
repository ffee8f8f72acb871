"""The guide's runs: the record of what was visited, said, done, and where each conversation ended."""

from dataclasses import dataclass
from datetime import date

from lib import audit, clock, db
from lib.access import require_family
from lib.db import transaction
from lib.errors import InvalidInput
from lib.guide.model import MAX_NOTE
from lib.guide.wording import guide_version, load_guide
from lib.words import STAGES


@dataclass(frozen=True)
class GuideRun:
    id: int
    family_id: int
    therapist_id: int
    therapist: str
    session_id: int | None
    run_on: date
    stage: str
    path: str
    steps_visited: tuple[str, ...]
    reasons: tuple[str, ...]
    actions: tuple[str, ...]
    outcome: str
    note: str
    guide_version: str

    def __post_init__(self):
        # the database hands arrays back as lists: a frozen run keeps tuples
        for name in ("steps_visited", "reasons", "actions"):
            object.__setattr__(self, name, tuple(getattr(self, name)))


def _check_run(
    cur, guide, family_id, path, stage, steps_visited, reasons, actions, outcome, note, session_id
):
    if stage not in STAGES:
        raise InvalidInput(f"Stage must be one of {', '.join(STAGES)}.", field="stage")
    if path not in guide.paths:
        raise InvalidInput("Choose one of the guide's paths.", field="path")
    step_ids = {s.id for s in guide.paths[path].steps}
    if not steps_visited or any(s not in step_ids for s in steps_visited):
        raise InvalidInput("The steps visited must be steps of the chosen path.", field="steps_visited")
    if any(r not in guide.reasons for r in reasons):
        raise InvalidInput("Choose reasons from the barrier list.", field="reasons")
    if any(a.split(":", 1)[0] not in guide.actions for a in actions):
        raise InvalidInput("Choose actions from the guide.", field="actions")
    if outcome not in guide.outcomes:
        raise InvalidInput("Choose where the conversation ended.", field="outcome")
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            f"Keep the note to {MAX_NOTE} characters (this one has {len(note):,}).", field="note"
        )
    if (
        session_id is not None
        and not cur.execute(
            "SELECT count(*) FROM sessions WHERE id = ? AND family_id = ?", [session_id, family_id]
        ).fetchone()[0]
    ):
        raise InvalidInput("That session is not one of this family's.", field="session_id")


def record_guide_run(
    cur,
    actor,
    family_id,
    path,
    stage,
    steps_visited,
    reasons=(),
    actions=(),
    outcome="not_now",
    note="",
    session_id=None,
    run_on=None,
):
    """Store one run of the guide (what was visited, said, done, and where it ended); return its id."""
    require_family(cur, actor, family_id)
    guide = load_guide(cur)
    steps_visited = list(dict.fromkeys(steps_visited))
    reasons, actions = list(dict.fromkeys(reasons)), list(dict.fromkeys(actions))
    note = (note or "").strip()
    _check_run(cur, guide, family_id, path, stage, steps_visited, reasons, actions, outcome, note, session_id)
    with transaction(cur):
        run_id = cur.execute(
            "INSERT INTO guide_runs (family_id, therapist_id, session_id, run_on, stage, path, steps_visited,"
            " reasons, actions, outcome, note, guide_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " RETURNING id",
            [
                family_id,
                actor.id,
                session_id,
                run_on or clock.today(),
                stage,
                path,
                steps_visited,
                reasons,
                actions,
                outcome,
                note,
                guide_version(cur),
            ],
        ).fetchone()[0]
        audit.record(
            cur, actor, "create", "guide_run", run_id, family_id=family_id, path=path, outcome=outcome
        )
    return run_id


def list_guide_runs(cur, actor, family_id, limit=20):
    """Return the family's guide runs, newest first."""
    require_family(cur, actor, family_id)
    return db.rows(
        cur,
        GuideRun,
        "SELECT g.id, g.family_id, g.therapist_id, coalesce(u.display_name, '') AS therapist, g.session_id,"
        " g.run_on, g.stage, g.path, g.steps_visited, g.reasons, g.actions, g.outcome, g.note, g.guide_version"
        " FROM guide_runs g LEFT JOIN users u ON u.id = g.therapist_id WHERE g.family_id = ?"
        " ORDER BY g.run_on DESC, g.id DESC LIMIT ?",
        [family_id, limit],
    )
