"""The clinic's adapted wording (table guide_wording) and the guide in use: shipped file plus wording."""

import copy
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from lib import audit
from lib.access import require_lead
from lib.db import transaction
from lib.guide.model import PATH_IDS, SHIPPED_FILE, GuideError
from lib.guide.schema import check_guide, load_shipped_data

OTHER_TEXTS = "explainer."  # guide_wording also holds the intake explainer's wording (lib.explainer.wording)


def load_guide(cur=None, path=SHIPPED_FILE):
    """Return the guide: the shipped file checked, with the clinic's wording when a cursor is given.

    Checked once per file version and wording (the family screen asks every 1.5 s); the Guide
    is frozen, shared by every caller."""
    overrides = () if cur is None else tuple(sorted(list_wording_overrides(cur).items()))
    return _checked(str(path), Path(path).stat().st_mtime_ns, overrides)


@functools.lru_cache(maxsize=16)
def _checked(path, _mtime, overrides):
    data = load_shipped_data(path)
    shipped = check_guide(data)
    if not overrides:
        return shipped
    return check_guide(apply_wording(data, dict(overrides), ignore_unknown=True))


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
            yield f"{base}.family_text", f"{where}: words on the family screen", step, "family_text", False
            for choice in step.get("choices", []):
                if "label" in choice:
                    yield f"{base}.choices.{choice['id']}.label", f"{where}: choice", choice, "label", False
    for key in ("reasons", "outcomes"):
        for item in data[key]:
            yield f"{key}.{item['id']}.label", f"{key[:-1].capitalize()}: {item['id']}", item, "label", False
            if key == "reasons":
                yield (
                    f"reasons.{item['id']}.family_label",
                    f"Reason: {item['id']}, as the family sees it",
                    item,
                    "family_label",
                    False,
                )
    for action_id, action in data["actions"].items():
        yield f"actions.{action_id}.label", f"Action {action_id}: name", action, "label", False
        yield f"actions.{action_id}.help", f"Action {action_id}: explanation", action, "help", False
    yield "rationale", "Why practice helps (one point per line)", data, "rationale", True
    yield (
        "letter_draft",
        "Draft sentence for the family doctor ({family} = the family's name, {tried} = what the records show was tried)",
        data,
        "letter_draft",
        False,
    )


def wording_fields(data, slots=None):
    """Return every adaptable text of raw data (the guide's, or another's slots) as WordingFields, in reading order."""
    return [
        WordingField(field, label, "\n".join(box[key]) if lines else box[key], lines)
        for field, label, box, key, lines in (slots or _slots)(data)
    ]


def apply_wording(data, overrides, ignore_unknown=False, slots=None):
    """Return a copy of raw guide data (or another's, with its slots) with the given {field: text} wording put in."""
    data = copy.deepcopy(data)
    slots = {field: (box, key, lines) for field, _, box, key, lines in (slots or _slots)(data)}
    for field, text in overrides.items():
        if field not in slots:
            if ignore_unknown:  # a newer shipped guide dropped this text: the shipped one stands
                continue
            raise GuideError(f"{field} is not a text of this wording.", field=field)
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
    """Return the clinic's adapted wording as {field: text} (the explainer's rows are its own)."""
    return dict(
        cur.execute(
            "SELECT field, text FROM guide_wording WHERE NOT starts_with(field, ?) ORDER BY field",
            [OTHER_TEXTS],
        ).fetchall()
    )


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
    merged = {**list_wording_overrides(cur), **clean_changes(shipped, changes)}
    return check_guide(apply_wording(shipped, merged))


def clean_changes(shipped, changes, slots=None):
    """Return {field: text} with each text tidied; raise GuideError for an unknown field or an empty text."""
    known = {f.field: f for f in wording_fields(shipped, slots)}
    clean = {}
    for field, text in changes.items():
        if field not in known:
            raise GuideError(f"{field} is not a text of this wording.", field=field)
        text = "\n".join(line.strip() for line in str(text or "").splitlines() if line.strip())
        if not text:
            raise GuideError(f"'{known[field].label}' cannot be empty.", field=field)
        clean[field] = text
    return clean


def save_wording(cur, actor, changes):
    """Save the lead's adapted wording ({field: text}); text equal to the shipped one resets that field."""
    require_lead(actor)
    shipped = load_shipped_data()
    clean = clean_changes(shipped, changes)
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
            cur.execute("DELETE FROM guide_wording WHERE NOT starts_with(field, ?)", [OTHER_TEXTS])
        else:
            cur.execute("DELETE FROM guide_wording WHERE list_contains(?, field)", [list(fields)])
        audit.record(cur, actor, "reset", "guide_wording", None, fields=list(fields) if fields else "all")
    return load_guide(cur)
