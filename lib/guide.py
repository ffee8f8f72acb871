"""The conversation guide for when home practice was not done.

Owns: loading data/guide.json and checking it against the schema (a clear message naming
the bad place), the clinic's adapted wording (table guide_wording), choosing a path from
the family's stage, stepping through a path, the actions the guide can take, and the
record of every guide run.
"""

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from pathlib import Path

from lib import audit
from lib.access import require_family, require_lead
from lib.db import transaction
from lib.errors import DomainError, InvalidInput, NotFound

SHIPPED_FILE = Path(__file__).resolve().parent.parent / "data" / "guide.json"
PATH_IDS = ("initial", "chronic")
STAGES = ("none", "initial", "chronic", "stalled", "dropped")
STEP_KINDS = ("talk", "reasons", "actions", "outcome")
ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
MAX_TEXT = 600
MAX_NOTE = 2000
END = "end"


class GuideError(InvalidInput):
    """The guide data breaks the schema; `field` names the place, e.g. paths.initial.steps[2].prompt."""


class ActionUnavailable(DomainError):
    """An action needs a function this installation does not have."""


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    help: str = ""
    next: str | None = None
    action: str | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    prompt: str
    examples: tuple[str, ...]
    choices: tuple[Choice, ...]
    next: str | None


@dataclass(frozen=True)
class GuidePath:
    id: str
    title: str
    summary: str
    start: str
    steps: tuple[Step, ...]

    def step(self, step_id):
        """Return the step with this id."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise NotFound(f"The guide has no step '{step_id}' on this path.")


@dataclass(frozen=True)
class ActionInfo:
    id: str
    label: str
    help: str


@dataclass(frozen=True)
class Guide:
    version: str
    stage_paths: dict
    reasons: dict  # id -> label, in the order shown
    outcomes: dict  # id -> label
    actions: dict  # id -> ActionInfo
    rationale: tuple[str, ...]
    letter_draft: str
    paths: dict  # id -> GuidePath

    def path_for_stage(self, stage):
        """Return the path id that fits a family's stage (initial when the stage is unknown)."""
        return self.stage_paths.get(stage, "initial")


@dataclass(frozen=True)
class Advance:
    """Where a choice leads: the next step id (None at the end) and an outcome it presets."""

    step: str | None
    outcome: str | None = None


# ---------------------------------------------------------------- schema check


def _text(obj, key, place, required=True):
    value = obj.get(key, "")
    if not isinstance(value, str):
        raise GuideError(f"{place}.{key} must be text.", field=f"{place}.{key}")
    value = value.strip()
    if required and not value:
        raise GuideError(f"{place}.{key} is missing or empty.", field=f"{place}.{key}")
    if len(value) > MAX_TEXT:
        raise GuideError(
            f"{place}.{key} is {len(value)} characters; keep it to {MAX_TEXT}.", field=f"{place}.{key}"
        )
    return value


def _lines(obj, key, place, required=False):
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise GuideError(f"{place}.{key} must be a list of texts.", field=f"{place}.{key}")
    if required and not value:
        raise GuideError(f"{place}.{key} needs at least one line.", field=f"{place}.{key}")
    return tuple(_text({"line": v}, "line", f"{place}.{key}[{i}]") for i, v in enumerate(value))


def _id(obj, place):
    value = obj.get("id")
    if not isinstance(value, str) or not ID.match(value):
        raise GuideError(
            f"{place}.id must be a short lower-case name (letters, digits, _), got {value!r}.",
            field=f"{place}.id",
        )
    return value


def _object(obj, place):
    if not isinstance(obj, dict):
        raise GuideError(f"{place} must be an object.", field=place)
    return obj


def _labelled_list(data, key):
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise GuideError(f"{key} must be a non-empty list.", field=key)
    found = {}
    for i, item in enumerate(items):
        place = f"{key}[{i}]"
        item_id = _id(_object(item, place), place)
        if item_id in found:
            raise GuideError(f"{place}.id '{item_id}' is used twice.", field=f"{place}.id")
        found[item_id] = _text(item, "label", place)
    return found


def _choice(raw, place, kind, guide_parts):
    _object(raw, place)
    choice_id = _id(raw, place)
    action = raw.get("action")
    outcome = raw.get("outcome")
    if kind == "actions":
        if action not in guide_parts["actions"]:
            raise GuideError(
                f"{place}.action must be one of the guide's actions, got {action!r}.", field=f"{place}.action"
            )
        label = _text(raw, "label", place, required=False) or guide_parts["actions"][action].label
    elif kind == "outcome":
        if outcome not in guide_parts["outcomes"]:
            raise GuideError(
                f"{place}.outcome must be one of the outcomes, got {outcome!r}.", field=f"{place}.outcome"
            )
        label = _text(raw, "label", place, required=False) or guide_parts["outcomes"][outcome]
    else:
        label = _text(raw, "label", place)
        if outcome is not None and outcome not in guide_parts["outcomes"]:
            raise GuideError(
                f"{place}.outcome must be one of the outcomes, got {outcome!r}.", field=f"{place}.outcome"
            )
    return Choice(
        choice_id, label, _text(raw, "help", place, required=False), raw.get("next"), action, outcome
    )


def _step(raw, place, guide_parts):
    _object(raw, place)
    step_id = _id(raw, place)
    kind = raw.get("kind")
    if kind not in STEP_KINDS:
        raise GuideError(
            f"{place}.kind must be one of {', '.join(STEP_KINDS)}, got {kind!r}.", field=f"{place}.kind"
        )
    raw_choices = raw.get("choices", [])
    if not isinstance(raw_choices, list):
        raise GuideError(f"{place}.choices must be a list.", field=f"{place}.choices")
    choices = tuple(_choice(c, f"{place}.choices[{i}]", kind, guide_parts) for i, c in enumerate(raw_choices))
    if len({c.id for c in choices}) != len(choices):
        raise GuideError(f"{place}.choices use the same id twice.", field=f"{place}.choices")
    if kind in ("actions", "outcome") and not choices:
        raise GuideError(f"{place} is a {kind} step and needs choices.", field=f"{place}.choices")
    step_next = raw.get("next")
    if kind == "outcome" and step_next not in (None, END):
        raise GuideError(
            f"{place} is the outcome step: it ends the guide and has no next.", field=f"{place}.next"
        )
    if kind != "outcome" and step_next is None and not (kind == "talk" and choices):
        raise GuideError(f"{place}.next is missing: say which step comes after.", field=f"{place}.next")
    if kind == "talk" and choices and any(c.next is None for c in choices):
        raise GuideError(f"{place}: every choice of a talk step needs a next step.", field=f"{place}.choices")
    return Step(
        step_id,
        kind,
        _text(raw, "title", place),
        _text(raw, "prompt", place),
        _lines(raw, "examples", place),
        choices,
        None if step_next in (None, END) else step_next,
    )


def _path(path_id, raw, guide_parts):
    place = f"paths.{path_id}"
    _object(raw, place)
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise GuideError(f"{place}.steps must be a non-empty list.", field=f"{place}.steps")
    steps = tuple(_step(s, f"{place}.steps[{i}]", guide_parts) for i, s in enumerate(raw_steps))
    ids = [s.id for s in steps]
    if len(set(ids)) != len(ids):
        raise GuideError(f"{place}.steps use the same id twice.", field=f"{place}.steps")
    start = raw.get("start")
    if start not in ids:
        raise GuideError(f"{place}.start must name one of its steps, got {start!r}.", field=f"{place}.start")
    for i, step in enumerate(steps):
        targets = [("next", step.next)] + [(f"choices[{j}].next", c.next) for j, c in enumerate(step.choices)]
        for where, target in targets:
            if target not in (None, END) and target not in ids:
                raise GuideError(
                    f"{place}.steps[{i}].{where} points to '{target}', which is not a step of this path.",
                    field=f"{place}.steps[{i}].{where}",
                )
    if not any(s.kind == "outcome" for s in steps):
        raise GuideError(f"{place} needs an outcome step to end on.", field=f"{place}.steps")
    return GuidePath(path_id, _text(raw, "title", place), _text(raw, "summary", place), start, steps)


def check_guide(data):
    """Check raw guide data against the schema and return a Guide; raise GuideError naming the bad place."""
    _object(data, "guide")
    version = _text(data, "version", "guide")
    stage_paths = _object(data.get("stage_paths"), "stage_paths")
    for stage in STAGES:
        if stage_paths.get(stage) not in PATH_IDS:
            raise GuideError(
                f"stage_paths.{stage} must be one of {', '.join(PATH_IDS)}.", field=f"stage_paths.{stage}"
            )
    raw_actions = _object(data.get("actions"), "actions")
    unknown = sorted(set(raw_actions) - set(ACTIONS))
    if unknown:
        raise GuideError(
            f"actions.{unknown[0]} is not an action the app can take.", field=f"actions.{unknown[0]}"
        )
    actions = {
        a: ActionInfo(
            a, _text(_object(v, f"actions.{a}"), "label", f"actions.{a}"), _text(v, "help", f"actions.{a}")
        )
        for a, v in raw_actions.items()
    }
    parts = {"actions": actions, "outcomes": _labelled_list(data, "outcomes")}
    if "not_now" not in parts["outcomes"]:
        raise GuideError("outcomes must include not_now (choosing not to address it now).", field="outcomes")
    letter = _text(data, "letter_draft", "guide")
    odd = [p for p in re.findall(r"\{[^}]*\}", letter) if p != "{family}"]
    if odd:
        raise GuideError(
            f"letter_draft may only use the placeholder {{family}}, not {odd[0]}.", field="letter_draft"
        )
    raw_paths = _object(data.get("paths"), "paths")
    if set(raw_paths) != set(PATH_IDS):
        raise GuideError(f"paths must be exactly {' and '.join(PATH_IDS)}.", field="paths")
    return Guide(
        version=version,
        stage_paths={s: stage_paths[s] for s in STAGES},
        reasons=_labelled_list(data, "reasons"),
        outcomes=parts["outcomes"],
        actions=actions,
        rationale=_lines(data, "rationale", "guide", required=True),
        letter_draft=letter,
        paths={p: _path(p, raw_paths[p], parts) for p in PATH_IDS},
    )


def load_shipped_data(path=SHIPPED_FILE):
    """Return the shipped guide file's raw data; raise GuideError when it is not valid JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GuideError(
            f"{Path(path).name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            field="guide",
        ) from exc


def load_guide(cur=None, path=SHIPPED_FILE):
    """Return the guide: the shipped file checked, with the clinic's wording when a cursor is given."""
    data = load_shipped_data(path)
    shipped = check_guide(data)
    if cur is None:
        return shipped
    return check_guide(apply_wording(data, list_wording_overrides(cur), ignore_unknown=True))


# ---------------------------------------------------------------- the clinic's wording


@dataclass(frozen=True)
class WordingField:
    """One adaptable text: where it lives, a plain label, its text, and whether it is a list of lines."""

    field: str
    label: str
    text: str
    lines: bool = False


def _slots(data):
    """Yield (field, label, container, key, lines) for every adaptable text of raw guide data."""
    for path_id in PATH_IDS:
        path = data["paths"][path_id]
        name = path_id.capitalize()
        yield f"paths.{path_id}.title", f"{name} path: title", path, "title", False
        yield f"paths.{path_id}.summary", f"{name} path: summary", path, "summary", False
        for step in path["steps"]:
            base = f"paths.{path_id}.steps.{step['id']}"
            where = f"{name} path, step '{step.get('title', step['id'])}'"
            yield f"{base}.title", f"{where}: title", step, "title", False
            yield f"{base}.prompt", f"{where}: prompt", step, "prompt", False
            yield f"{base}.examples", f"{where}: example wordings", step, "examples", True
            for choice in step.get("choices", []):
                if "label" in choice:
                    yield f"{base}.choices.{choice['id']}.label", f"{where}: choice", choice, "label", False
    for key in ("reasons", "outcomes"):
        for item in data[key]:
            yield f"{key}.{item['id']}.label", f"{key[:-1].capitalize()}: {item['id']}", item, "label", False
    for action_id, action in data["actions"].items():
        yield f"actions.{action_id}.label", f"Action {action_id}: name", action, "label", False
        yield f"actions.{action_id}.help", f"Action {action_id}: explanation", action, "help", False
    yield "rationale", "Why practice helps (one point per line)", data, "rationale", True
    yield (
        "letter_draft",
        "Draft sentence for the family doctor ({family} = the family's name)",
        data,
        "letter_draft",
        False,
    )


def wording_fields(data):
    """Return every adaptable text of raw guide data as WordingFields, in reading order."""
    return [
        WordingField(field, label, "\n".join(box[key]) if lines else box[key], lines)
        for field, label, box, key, lines in _slots(data)
    ]


def apply_wording(data, overrides, ignore_unknown=False):
    """Return a copy of raw guide data with the given {field: text} wording put in."""
    data = copy.deepcopy(data)
    slots = {field: (box, key, lines) for field, _, box, key, lines in _slots(data)}
    for field, text in overrides.items():
        if field not in slots:
            if ignore_unknown:  # a newer shipped guide dropped this text: the shipped one stands
                continue
            raise GuideError(f"{field} is not a text of this guide.", field=field)
        box, key, lines = slots[field]
        box[key] = [line.strip() for line in str(text).splitlines() if line.strip()] if lines else str(text)
    return data


def _section_of(field, data):
    parts = field.split(".")
    if parts[0] == "paths":
        name = parts[1].capitalize() + " path"
        if parts[2] == "steps":
            steps = data["paths"][parts[1]]["steps"]
            number, step = next((i, s) for i, s in enumerate(steps, 1) if s["id"] == parts[3])
            return f"{name}, step {number}: {step['title']}"
        return f"{name}, overview"
    return {
        "reasons": "Reasons (the barrier list)",
        "outcomes": "Where a conversation can end",
        "actions": "Actions",
    }.get(parts[0], "Why practice helps, and the doctor's letter")


def wording_sections(cur):
    """Return {section: [(WordingField with the clinic's text, shipped text)]} in reading order."""
    shipped = load_shipped_data()
    current = {f.field: f for f in wording_fields(apply_wording(shipped, list_wording_overrides(cur), True))}
    sections = {}
    for field in wording_fields(shipped):
        sections.setdefault(_section_of(field.field, shipped), []).append((current[field.field], field.text))
    return sections


def list_wording_overrides(cur):
    """Return the clinic's adapted wording as {field: text}."""
    return dict(cur.execute("SELECT field, text FROM guide_wording ORDER BY field").fetchall())


def guide_version(cur):
    """Return the version label of the guide in use: the shipped version, plus a tag for clinic wording."""
    shipped = load_shipped_data()["version"]
    overrides = list_wording_overrides(cur)
    if not overrides:
        return shipped
    digest = hashlib.sha1(json.dumps(overrides, sort_keys=True).encode()).hexdigest()[:8]
    return f"{shipped}+clinic.{digest}"


def preview_wording(cur, changes):
    """Return the guide as it would read with these {field: text} changes; raise GuideError if they break it."""
    shipped = load_shipped_data()
    merged = {**list_wording_overrides(cur), **_clean_changes(shipped, changes)}
    return check_guide(apply_wording(shipped, merged))


def _clean_changes(shipped, changes):
    known = {f.field: f for f in wording_fields(shipped)}
    clean = {}
    for field, text in changes.items():
        if field not in known:
            raise GuideError(f"{field} is not a text of this guide.", field=field)
        text = "\n".join(line.strip() for line in str(text or "").splitlines() if line.strip())
        if not text:
            raise GuideError(f"'{known[field].label}' cannot be empty.", field=field)
        clean[field] = text
    return clean


def save_wording(cur, actor, changes):
    """Save the lead's adapted wording ({field: text}); text equal to the shipped one resets that field."""
    require_lead(actor)
    shipped = load_shipped_data()
    clean = _clean_changes(shipped, changes)
    check_guide(apply_wording(shipped, {**list_wording_overrides(cur), **clean}))
    original = {f.field: f.text for f in wording_fields(shipped)}
    with transaction(cur):
        for field, text in clean.items():
            cur.execute("DELETE FROM guide_wording WHERE field = ?", [field])
            if text != original[field]:
                cur.execute(
                    "INSERT INTO guide_wording (field, text, shipped_version, changed_by) VALUES (?, ?, ?, ?)",
                    [field, text, shipped["version"], actor.id],
                )
            audit.record(cur, actor, "update", "guide_wording", None, field=field, text=text)
    return load_guide(cur)


def reset_wording(cur, actor, fields=None):
    """Go back to the shipped wording for the given fields, or for all of them (lead only)."""
    require_lead(actor)
    with transaction(cur):
        if fields is None:
            cur.execute("DELETE FROM guide_wording")
        else:
            cur.execute("DELETE FROM guide_wording WHERE list_contains(?, field)", [list(fields)])
        audit.record(cur, actor, "reset", "guide_wording", None, fields=list(fields) if fields else "all")
    return load_guide(cur)


# ---------------------------------------------------------------- stage and stepping


def family_stage(cur, actor, family_id, as_of=None):
    """Return the caseload's stage (name, why) for a family, or None while that rule is not installed."""
    require_family(cur, actor, family_id)
    rule = getattr(import_module("lib.caseload"), "family_stage", None)
    return None if rule is None else rule(cur, actor, family_id, as_of=as_of)


def advance(path, step_id, choice_id=None):
    """Return where the guide goes from a step, following the chosen branch when there is one."""
    step = path.step(step_id)
    if step.kind == "outcome":
        return Advance(None)
    if step.kind == "talk" and step.choices:
        for choice in step.choices:
            if choice.id == choice_id:
                return Advance(None if choice.next == END else choice.next, choice.outcome)
        raise InvalidInput("Choose one of the options to go on.", field="choice")
    return Advance(step.next)


def step_number(path, step_id):
    """Return the 1-based position of a step on its path."""
    return [s.id for s in path.steps].index(step_id) + 1


# ---------------------------------------------------------------- actions


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


# action id -> (module, function) it needs from other parts of the app; None = done here
ACTIONS = {
    "reissue": ("lib.assignments", "reissue_assignment"),
    "make_easier": ("lib.assignments", "revise_assignment"),
    "shorten_gap": ("lib.sessions", "book_session"),
    "cross_accountability": ("lib.assignments", "set_cross_note"),
    "raise_belief": None,  # shows the intake explainer's rationale (see belief_rationale)
    "barrier_checklist": None,
    "confirm_before_booking": None,
    "readiness": None,
    "planned_break": None,
    "other_service": None,
    "doctor_letter": None,
}


def action_function(action_id):
    """Return the function an action calls; raise ActionUnavailable naming what is missing."""
    if action_id not in ACTIONS:
        raise InvalidInput(f"'{action_id}' is not an action of the guide.", field="action")
    if ACTIONS[action_id] is None:
        return None
    module_name, name = ACTIONS[action_id]
    try:
        found = getattr(import_module(module_name), name, None)
    except ImportError:
        found = None
    if found is None:
        raise ActionUnavailable(
            f"This action needs {module_name}.{name}, which this installation does not have yet."
        )
    return found


def action_available(action_id):
    """Return True when the action's function is installed."""
    try:
        action_function(action_id)
    except ActionUnavailable:
        return False
    return True


def _family_task(cur, family_id, assignment_id):
    row = cur.execute(
        "SELECT id, title FROM assignments WHERE id = ? AND family_id = ?", [assignment_id, family_id]
    ).fetchone()
    if row is None:
        raise InvalidInput("Choose one of this family's tasks.", field="assignment")
    return row


def list_family_tasks(cur, actor, family_id):
    """Return (id, title, discipline, minutes, days_per_week, instructions, cross_note, status), newest first."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT id, title, discipline, minutes, days_per_week, instructions, cross_note, status"
        " FROM assignments WHERE family_id = ? AND status IN ('active', 'paused', 'completed')"
        " ORDER BY status = 'active' DESC, start_date DESC, id DESC LIMIT 30",
        [family_id],
    ).fetchall()


def latest_reasons(cur, actor, family_id, assignment_id=None):
    """Return the reasons of the newest 'not done' or 'partly' review (of one task, when given)."""
    require_family(cur, actor, family_id)
    row = cur.execute(
        "SELECT reasons FROM homework_reviews WHERE family_id = $family AND outcome <> 'done'"
        " AND ($task IS NULL OR assignment_id = $task) ORDER BY reviewed_on DESC, id DESC LIMIT 1",
        {"family": family_id, "task": assignment_id},
    ).fetchone()
    return list(row[0]) if row else []


def flag_next_session(cur, actor, family_id, today=None):
    """Mark the family's next booked session: practice must be confirmed before it goes ahead."""
    require_family(cur, actor, family_id)
    today = today or date.today()
    with transaction(cur):
        row = cur.execute(
            "SELECT id, starts_at FROM sessions WHERE family_id = ? AND status = 'booked'"
            " AND starts_at::DATE >= ? ORDER BY starts_at LIMIT 1",
            [family_id, today],
        ).fetchone()
        if row is None:
            raise NotFound("No session is booked yet. Book the next session first, then mark it.")
        cur.execute("UPDATE sessions SET needs_practice_confirmed = TRUE WHERE id = ?", [row[0]])
        audit.record(
            cur, actor, "flag", "session", row[0], family_id=family_id, needs_practice_confirmed=True
        )
    return row[0], row[1]


def draft_doctor_letter(guide, family_name):
    """Return the guide's draft sentence for the family doctor, with the family's name put in."""
    return guide.letter_draft.replace("{family}", family_name)


def belief_rationale(cur, actor, family_id, guide):
    """Return the points that explain why practice helps: the intake explainer's text, then the guide's."""
    points = list(guide.rationale)
    try:
        explainer = import_module("lib.explainer")
        word = explainer.family_practice_word(cur, actor, family_id)
        points.insert(0, explainer.rationale_text(word))
    except (ImportError, AttributeError):
        pass
    return points


def perform_action(cur, actor, family_id, action_id, **params):
    """Do one guide action for a family and return an ActionResult; conversation actions only record."""
    require_family(cur, actor, family_id)
    function = action_function(action_id)
    if action_id == "reissue":
        task = _family_task(cur, family_id, params.get("assignment_id"))
        new_id = function(
            cur, actor, task[0], start_date=params.get("start_date"), reason=params.get("reason", "guide")
        )
        return ActionResult(action_id, new_id, f"'{task[1]}' is given again as a fresh task.")
    if action_id == "make_easier":
        task = _family_task(cur, family_id, params.get("assignment_id"))
        changes = params.get("changes") or {}
        if not changes:
            raise InvalidInput(
                "Change at least one thing: minutes, days or the instructions.", field="changes"
            )
        function(cur, actor, task[0], changes, params.get("reason", "guide"), kind="made_easier")
        return ActionResult(action_id, task[0], f"'{task[1]}' is changed; the earlier version is kept.")
    if action_id == "cross_accountability":
        task = _family_task(cur, family_id, params.get("assignment_id"))
        function(cur, actor, task[0], params.get("note", ""))
        return ActionResult(action_id, task[0], f"The buddy note is on '{task[1]}' and its sheet.")
    if action_id == "shorten_gap":
        starts_at = params.get("starts_at")
        booking = dict(
            therapist_id=params.get("therapist_id"),
            discipline=params.get("discipline"),
            starts_at=starts_at,
            duration_min=params.get("duration_min", 45),
            note=params.get("note", ""),
        )
        session_id = function(cur, actor, family_id, **booking)
        when = starts_at.strftime("%A %d %B at %H:%M") if isinstance(starts_at, datetime) else str(starts_at)
        return ActionResult(action_id, session_id, f"Next session booked for {when}.")
    if action_id == "confirm_before_booking":
        session_id, starts_at = flag_next_session(cur, actor, family_id, params.get("today"))
        return ActionResult(
            action_id,
            session_id,
            f"The session on {starts_at:%d %B} now waits for the family's 'practice done'.",
        )
    return ActionResult(action_id, None, "Noted for this conversation.")


# ---------------------------------------------------------------- guide runs


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


def _check_run(
    cur, guide, family_id, path, stage, steps_visited, reasons, actions, outcome, note, session_id
):
    if stage not in STAGES:
        raise InvalidInput(f"Stage must be one of {', '.join(STAGES)}.", field="stage")
    if path not in guide.paths:
        raise InvalidInput("Choose the initial or the chronic path.", field="path")
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
                run_on or date.today(),
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
    rows = cur.execute(
        "SELECT g.id, g.family_id, g.therapist_id, coalesce(u.display_name, ''), g.session_id, g.run_on,"
        " g.stage, g.path, g.steps_visited, g.reasons, g.actions, g.outcome, g.note, g.guide_version"
        " FROM guide_runs g LEFT JOIN users u ON u.id = g.therapist_id WHERE g.family_id = ?"
        " ORDER BY g.run_on DESC, g.id DESC LIMIT ?",
        [family_id, limit],
    ).fetchall()
    return [GuideRun(*r[:8], tuple(r[8]), tuple(r[9]), tuple(r[10]), *r[11:]) for r in rows]
