"""The clinic's adapted wording (table guide_wording) and the guide in use: shipped file plus wording."""

import functools
import hashlib
import json
from pathlib import Path

from lib import audit, wording
from lib.access import require_lead
from lib.db import transaction
from lib.guide.model import PATH_IDS, SHIPPED_FILE
from lib.guide.schema import check_guide, load_shipped_data


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


def wording_fields(data):
    """Return every adaptable text of raw guide data as WordingFields, in reading order."""
    return wording.wording_fields(data, _slots)


def apply_wording(data, overrides, ignore_unknown=False):
    """Return a copy of raw guide data with the given {field: text} wording put in."""
    return wording.apply_wording(data, overrides, _slots, ignore_unknown)


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
            [wording.EXPLAINER_PREFIX],
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
    merged = {**list_wording_overrides(cur), **wording.clean_changes(shipped, changes, _slots)}
    return check_guide(apply_wording(shipped, merged))


def save_wording(cur, actor, changes):
    """Save the lead's adapted wording ({field: text}); text equal to the shipped one resets that field."""
    require_lead(actor)
    shipped = load_shipped_data()
    clean = wording.clean_changes(shipped, changes, _slots)
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
            cur.execute(
                "DELETE FROM guide_wording WHERE NOT starts_with(field, ?)", [wording.EXPLAINER_PREFIX]
            )
        else:
            cur.execute("DELETE FROM guide_wording WHERE list_contains(?, field)", [list(fields)])
        audit.record(cur, actor, "reset", "guide_wording", None, fields=list(fields) if fields else "all")
    return load_guide(cur)
