"""The clinic's library of common tasks: seeded from data/templates.json, edited by the lead."""

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib import audit, versions
from lib.access import require_lead
from lib.assignments.safety import join_lines, safety_advice, safety_lines
from lib.db import row, rows, transaction
from lib.errors import InvalidInput, NotFound
from lib.words import DISCIPLINES, WHO

TEMPLATES_FILE = Path(__file__).resolve().parents[2] / "data" / "templates.json"
FIELDS = (
    "discipline",
    "area",
    "title",
    "instructions",
    "safety",
    "who",
    "minutes",
    "days_per_week",
    "routine_anchor",
    "materials",
    "reward_plan",
    "reward_ticks",
    "materials_where",
)


@dataclass(frozen=True)
class Template:
    id: int
    discipline: str
    area: str
    title: str
    instructions: str
    who: str
    minutes: int
    days_per_week: int
    routine_anchor: str
    materials: str
    reward_plan: str
    active: bool
    reward_ticks: int = 5
    materials_where: str = ""
    safety: str = ""

    def defaults(self):
        """Return the fields an assignment form takes from this template."""
        return {f: getattr(self, f) for f in FIELDS if f != "area"}


def load_shipped():
    """Return the templates shipped in data/templates.json as dicts."""
    return json.loads(TEMPLATES_FILE.read_text())["templates"]


def seed_templates(cur):
    """Fill an empty templates table from the shipped file; return rows added (0 if not empty).

    One statement, so it is atomic on its own and also safe inside a caller's transaction."""
    frame = pd.DataFrame(load_shipped(), columns=list(FIELDS))
    cur.register("shipped_templates", frame)
    try:
        added = cur.execute(
            "INSERT INTO templates (discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, reward_ticks, materials_where, safety)"
            " SELECT discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, coalesce(reward_ticks, 5), coalesce(materials_where, ''),"
            " coalesce(safety, '')"
            " FROM shipped_templates"
            " WHERE NOT EXISTS (SELECT 1 FROM templates)"
        ).fetchone()[0]
    finally:
        cur.unregister("shipped_templates")
    if added:
        audit.record(cur, None, "seed", "template", None, rows=added)
    return added


_SELECT = (
    "SELECT id, discipline, area, title, instructions, who, minutes, days_per_week,"
    " routine_anchor, materials, reward_plan, active, reward_ticks, materials_where, safety FROM templates"
)


def list_templates(cur, actor, discipline=None, include_retired=False):
    """Return the templates (seeding the shipped ones on first use), by discipline and area."""
    if not cur.execute("SELECT count(*) FROM templates").fetchone()[0]:
        with transaction(cur):
            seed_templates(cur)
    return rows(
        cur,
        Template,
        _SELECT + " WHERE ($discipline IS NULL OR discipline = $discipline) AND (active OR $retired)"
        " ORDER BY discipline, area, title, id",
        {"discipline": discipline, "retired": include_retired},
    )


def get_template(cur, actor, template_id):
    """Return one template."""
    found = row(cur, Template, _SELECT + " WHERE id = ?", [template_id])
    if found is None:
        raise NotFound("No such template.")
    return found


def _text(values, field, label, limit, required=False):
    text = str(values.get(field) or "").strip()
    if required and not text:
        raise InvalidInput(f"{label} cannot be empty.", field=field)
    if len(text) > limit:
        raise InvalidInput(f"{label} is too long: keep it under {limit} characters.", field=field)
    return text


def _whole(values, field, label, low, high):
    try:
        number = int(values.get(field))
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high or number != values.get(field):
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field)
    return number


def validate_template(values):
    """Return cleaned template fields, or raise InvalidInput naming the field."""
    if values.get("discipline") not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")
    if values.get("who") not in WHO:
        raise InvalidInput("Choose child, parent or both.", field="who")
    return {
        "discipline": values["discipline"],
        "area": _text(values, "area", "Area", 60),
        "title": _text(values, "title", "Title", 120, required=True),
        "instructions": _text(values, "instructions", "Instructions", 2000, required=True),
        "who": values["who"],
        "minutes": _whole(values, "minutes", "Minutes", 1, 240),
        "days_per_week": _whole(values, "days_per_week", "Days per week", 1, 7),
        "routine_anchor": _text(values, "routine_anchor", "Routine", 200),
        "materials": _text(values, "materials", "Materials", 300),
        "reward_plan": _text(values, "reward_plan", "Reward plan", 300),
        "reward_ticks": _whole(
            {"reward_ticks": values.get("reward_ticks", 5)}, "reward_ticks", "Ticks for a reward", 1, 100
        ),
        "materials_where": _text(values, "materials_where", "Where to get the materials", 300),
        "safety": join_lines(safety_lines(_text(values, "safety", "Safety lines", 1000))),
    }


def create_template(cur, actor, values):
    """Add a template to the library (lead only) and return its id."""
    require_lead(actor)
    clean = validate_template(values)
    with transaction(cur):
        template_id = cur.execute(
            "INSERT INTO templates (discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, reward_ticks, materials_where, safety) VALUES ($discipline,"
            " $area, $title, $instructions, $who, $minutes, $days_per_week, $routine_anchor, $materials,"
            " $reward_plan, $reward_ticks, $materials_where, $safety) RETURNING id",
            clean,
        ).fetchone()[0]
        audit.record(cur, actor, "create", "template", template_id, title=clean["title"])
    return template_id


def update_template(cur, actor, template_id, values, active=True, *, expected_version):
    """Save a template's fields and whether it is offered (lead only)."""
    require_lead(actor)
    old = current = get_template(cur, actor, template_id)
    # a form without these fields keeps the template's own (the library page does not show them yet)
    kept = {
        "reward_ticks": current.reward_ticks,
        "materials_where": current.materials_where,
        "safety": current.safety,
    }
    clean = validate_template({**kept, **values})
    with transaction(cur):
        versions.bump(cur, "templates", template_id, expected=expected_version, what="This template")
        cur.execute(
            "UPDATE templates SET discipline = $discipline, area = $area, title = $title,"
            " instructions = $instructions, who = $who, minutes = $minutes,"
            " days_per_week = $days_per_week, routine_anchor = $routine_anchor,"
            " materials = $materials, reward_plan = $reward_plan, reward_ticks = $reward_ticks,"
            " materials_where = $materials_where, safety = $safety, active = $active WHERE id = $id",
            {**clean, "active": bool(active), "id": template_id},
        )
        new = {**clean, "active": bool(active)}
        audit.record_change(cur, actor, "template", template_id, {k: getattr(old, k, None) for k in new}, new)


def safety_problems(values, age=None):
    """Return the safety advice on a task's words (empty when fine): lib.assignments.safety's rules."""
    return [advice for _, advice in safety_advice(values, age)]
