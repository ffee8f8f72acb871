"""The clinic's adapted explainer wording: the shared mechanism (lib.wording, table guide_wording)
with this data's own texts, stored under fields named "explainer.<place>"."""

from lib import audit
from lib.access import require_lead
from lib.db import transaction
from lib.explainer.schema import check_explainer, load_shipped
from lib.wording import EXPLAINER_PREFIX as PREFIX
from lib.wording import apply_wording, clean_changes, wording_fields

VARIANT_LABELS = {"why": "why practice helps", "analogy": "analogy", "example": "example routine task"}


def _slots(data):
    """Yield (field, label, container, key, lines) for every adaptable text of raw explainer data."""
    for variant in data["variants"]:
        for key, label in VARIANT_LABELS.items():
            yield f"variants.{variant['id']}.{key}", f"{variant['label']}: {label}", variant, key, False
    for step in data["steps"]:
        base, where = f"steps.{step['key']}", f"Step '{step['title']}'"
        yield f"{base}.title", f"{where}: title", step, "title", False
        yield f"{base}.paragraphs", f"{where}: paragraphs (one per line)", step, "paragraphs", True
        if step.get("points"):
            yield f"{base}.points", f"{where}: points (one per line)", step, "points", True
        if step.get("closing"):
            yield f"{base}.closing", f"{where}: closing words", step, "closing", False
    teach_back = data["teach_back"]
    yield "teach_back.title", "Teach-back: title", teach_back, "title", False
    yield "teach_back.intro", "Teach-back: introduction", teach_back, "intro", False
    yield "teach_back.questions", "Teach-back: questions (one per line)", teach_back, "questions", True
    yield "rationale", "Why practice helps, short (handouts and the guide)", data, "rationale", False


def list_wording_overrides(cur):
    """Return the clinic's adapted explainer wording as {field: text} (fields without the prefix)."""
    rows = cur.execute(
        "SELECT field, text FROM guide_wording WHERE starts_with(field, ?) ORDER BY field", [PREFIX]
    ).fetchall()
    return {field[len(PREFIX) :]: text for field, text in rows}


def explainer_data(cur=None):
    """Return the explainer data in use: the shipped file, with the clinic's wording when a cursor is given."""
    shipped = load_shipped()
    if cur is None:
        return shipped
    overrides = list_wording_overrides(cur)
    if not overrides:
        return shipped
    return check_explainer(apply_wording(shipped, overrides, _slots, ignore_unknown=True), saved=True)


def wording_sections(cur):
    """Return {section: [(WordingField with the clinic's text, shipped text)]}: one section per variant,
    one for the steps, one for the teach-back and rationale."""
    shipped = load_shipped()
    current = {f.field: f for f in wording_fields(explainer_data(cur), _slots)}
    labels = {v["id"]: v["label"] for v in shipped["variants"]}
    sections = {}
    for field in wording_fields(shipped, _slots):
        head = field.field.split(".")
        section = "Variant: " + labels[head[1]] if head[0] == "variants" else "Steps shared by every family"
        if head[0] in ("teach_back", "rationale"):
            section = "Teach-back and the short rationale"
        sections.setdefault(section, []).append((current[field.field], field.text))
    return sections


def preview_wording(cur, changes):
    """Return the explainer data as it would read with these {field: text} changes; raise if they break it."""
    shipped = load_shipped()
    merged = {**list_wording_overrides(cur), **clean_changes(shipped, changes, _slots)}
    return check_explainer(apply_wording(shipped, merged, _slots))


def save_wording(cur, actor, changes):
    """Save the lead's adapted explainer wording; text equal to the shipped one resets that field."""
    require_lead(actor)
    preview_wording(cur, changes)  # checked whole before anything is written
    shipped = load_shipped()
    clean = clean_changes(shipped, changes, _slots)
    original = {f.field: f.text for f in wording_fields(shipped, _slots)}
    with transaction(cur):
        for field, text in clean.items():
            cur.execute("DELETE FROM guide_wording WHERE field = ?", [PREFIX + field])
            if text != original[field]:
                cur.execute(
                    "INSERT INTO guide_wording (field, text, shipped_version, changed_by) VALUES (?, ?, ?, ?)",
                    [PREFIX + field, text, shipped["version"], actor.id],
                )
            audit.record(cur, actor, "update", "explainer_wording", None, field=field, text=text)
    return explainer_data(cur)


def reset_wording(cur, actor, fields=None):
    """Go back to the shipped explainer wording for the given fields, or for all of them (lead only)."""
    require_lead(actor)
    with transaction(cur):
        if fields is None:
            cur.execute("DELETE FROM guide_wording WHERE starts_with(field, ?)", [PREFIX])
        else:
            cur.execute(
                "DELETE FROM guide_wording WHERE list_contains(?, field)", [[PREFIX + f for f in fields]]
            )
        audit.record(cur, actor, "reset", "explainer_wording", None, fields=list(fields) if fields else "all")
    return explainer_data(cur)
