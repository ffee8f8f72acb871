"""The clinic's library of common tasks: seeded from data/templates.json, edited by the lead."""

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib import audit, versions
from lib.access import require_lead
from lib.assignments.safety import (
    acknowledged_text,
    check_acknowledged,
    join_lines,
    safety_advice,
    safety_lines,
)
from lib.db import row, rows, transaction
from lib.errors import InvalidInput, NotFound
from lib.inputs import Problems
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
AUDIENCES = ("child", "teen", "caregiver")  # who a template's paper is for ("for" in the shipped file)
AUDIENCE_LABELS = {"child": "a child", "teen": "a teenager", "caregiver": "the parent's own practice"}


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
    age_min: int | None = None
    age_max: int | None = None
    audience: str = "child"
    safety_acknowledged: str = ""

    def fits(self, age):
        """Return True when the task suits a child of this age (an unknown age or range fits)."""
        if age is None:
            return True
        return (self.age_min is None or age >= self.age_min) and (self.age_max is None or age <= self.age_max)

    def ages(self):
        """Return the age range in words ("ages 3 to 8"), '' when none is set."""
        if self.age_min is None and self.age_max is None:
            return ""
        if self.age_max is None:
            return f"ages {self.age_min} and up"
        return f"ages {self.age_min or 0} to {self.age_max}"

    def defaults(self):
        """Return the fields an assignment form takes from this template."""
        return {f: getattr(self, f) for f in FIELDS if f != "area"}


def load_shipped():
    """Return the templates shipped in data/templates.json as dicts (its "for" read as `audience`)."""
    shipped = json.loads(TEMPLATES_FILE.read_text())["templates"]
    return [
        {**{k: v for k, v in t.items() if k != "for"}, "audience": t.get("for", "child")} for t in shipped
    ]


def seed_templates(cur):
    """Fill an empty templates table from the shipped file; return rows added (0 if not empty).

    One statement, so it is atomic on its own and also safe inside a caller's transaction."""
    frame = pd.DataFrame(load_shipped(), columns=[*FIELDS, "age_min", "age_max", "audience"])
    cur.register("shipped_templates", frame)
    try:
        added = cur.execute(
            "INSERT INTO templates (discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, reward_ticks, materials_where, safety, age_min, age_max,"
            " audience)"
            " SELECT discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, coalesce(reward_ticks, 5), coalesce(materials_where, ''),"
            " coalesce(safety, ''), age_min::INTEGER, age_max::INTEGER, coalesce(audience, 'child')"
            " FROM shipped_templates"
            " WHERE NOT EXISTS (SELECT 1 FROM templates)"
        ).fetchone()[0]
    finally:
        cur.unregister("shipped_templates")
    if added:
        audit.record(cur, None, "seed", "template", None, rows=added)
    return added


def _fit_shipped(cur):
    """Give the shipped templates of a library seeded before migration 021 their ages and audience, once.

    Matched by title, only where no age was set yet (a lead's own choice is kept); audited."""
    shipped = [t for t in load_shipped() if t.get("age_min") is not None]
    titles = [t["title"] for t in shipped]
    if not cur.execute(
        "SELECT count(*) FROM templates WHERE age_min IS NULL AND age_max IS NULL AND list_contains(?, title)",
        [titles],
    ).fetchone()[0]:
        return
    with transaction(cur):
        fitted = cur.execute(
            "UPDATE templates SET age_min = s.age_min, age_max = s.age_max, audience = s.audience"
            " FROM (SELECT unnest(?::VARCHAR[]) AS title, unnest(?::INTEGER[]) AS age_min,"
            " unnest(?::INTEGER[]) AS age_max, unnest(?::VARCHAR[]) AS audience) s"
            " WHERE templates.title = s.title AND templates.age_min IS NULL AND templates.age_max IS NULL",
            [
                titles,
                [t["age_min"] for t in shipped],
                [t["age_max"] for t in shipped],
                [t["audience"] for t in shipped],
            ],
        ).fetchone()[0]
        audit.record(cur, None, "fit_shipped_ages", "template", None, rows=fitted)


_SELECT = (
    "SELECT id, discipline, area, title, instructions, who, minutes, days_per_week,"
    " routine_anchor, materials, reward_plan, active, reward_ticks, materials_where, safety, age_min, age_max,"
    " audience, safety_acknowledged FROM templates"
)


def list_templates(cur, actor, discipline=None, include_retired=False):
    """Return the templates (seeding the shipped ones on first use), by discipline and area."""
    if not cur.execute("SELECT count(*) FROM templates").fetchone()[0]:
        with transaction(cur):
            seed_templates(cur)
    _fit_shipped(cur)
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
    except (TypeError, ValueError, OverflowError):  # None, text, NaN, infinity
        number = None
    if number is None or not low <= number <= high or number != values.get(field):
        raise InvalidInput(f"{label} must be a whole number from {low} to {high}.", field=field)
    return number


def validate_template(values):
    """Return cleaned template fields, or raise InvalidInput with every bad field's problem at once."""
    problems = Problems()
    clean = {"discipline": values.get("discipline"), "who": values.get("who")}
    with problems.check():
        if clean["discipline"] not in DISCIPLINES:
            raise InvalidInput("Choose a discipline from the list.", field="discipline")
    with problems.check():
        if clean["who"] not in WHO:
            raise InvalidInput("Choose child, parent or both.", field="who")
    checks = {
        "area": lambda: _text(values, "area", "Area", 60),
        "title": lambda: _text(values, "title", "Title", 120, required=True),
        "instructions": lambda: _text(values, "instructions", "Instructions", 2000, required=True),
        "minutes": lambda: _whole(values, "minutes", "Minutes", 1, 240),
        "days_per_week": lambda: _whole(values, "days_per_week", "Days per week", 1, 7),
        "routine_anchor": lambda: _text(values, "routine_anchor", "Routine", 200),
        "materials": lambda: _text(values, "materials", "Materials", 300),
        "reward_plan": lambda: _text(values, "reward_plan", "Reward plan", 300),
        "reward_ticks": lambda: _whole(
            {"reward_ticks": values.get("reward_ticks", 5)}, "reward_ticks", "Ticks for a reward", 1, 100
        ),
        "materials_where": lambda: _text(values, "materials_where", "Where to get the materials", 300),
        "safety": lambda: join_lines(safety_lines(_text(values, "safety", "Safety lines", 1000))),
        "fit": lambda: _fit(values),
        "safety_acknowledged": lambda: _text(values, "safety_acknowledged", "Safety advice read", 2000),
    }
    for name, check in checks.items():
        with problems.check():
            if name == "fit":
                clean.update(check())
            else:
                clean[name] = check()
    problems.raise_any()
    return clean


def _age(values, field, label):
    value = values.get(field)
    if value is None or value == "":
        return None
    return _whole({field: value}, field, label, 0, 25)


def _fit(values):
    """Return age_min, age_max and audience checked."""
    low, high = _age(values, "age_min", "Youngest age"), _age(values, "age_max", "Oldest age")
    if low is not None and high is not None and low > high:
        raise InvalidInput("The youngest age is above the oldest.", field="age_max")
    audience = values.get("audience") or "child"
    if audience not in AUDIENCES:
        raise InvalidInput("Choose who it is for: a child, a teenager or the parent.", field="audience")
    return {"age_min": low, "age_max": high, "audience": audience}


def _check_safety(clean):
    """Raise unless the template's safety advice (for its youngest age) was accepted; keep what applies."""
    advice = check_acknowledged(clean, clean["age_min"])
    clean["safety_acknowledged"] = acknowledged_text(advice)


def create_template(cur, actor, values):
    """Add a template to the library (lead only) and return its id."""
    require_lead(actor)
    clean = validate_template(values)
    _check_safety(clean)
    with transaction(cur):
        template_id = cur.execute(
            "INSERT INTO templates (discipline, area, title, instructions, who, minutes, days_per_week,"
            " routine_anchor, materials, reward_plan, reward_ticks, materials_where, safety, age_min, age_max,"
            " audience, safety_acknowledged) VALUES ($discipline,"
            " $area, $title, $instructions, $who, $minutes, $days_per_week, $routine_anchor, $materials,"
            " $reward_plan, $reward_ticks, $materials_where, $safety, $age_min, $age_max, $audience,"
            " $safety_acknowledged) RETURNING id",
            clean,
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "create",
            "template",
            template_id,
            title=clean["title"],
            safety_acknowledged=clean["safety_acknowledged"],
        )
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
        "age_min": current.age_min,
        "age_max": current.age_max,
        "audience": current.audience,
        "safety_acknowledged": current.safety_acknowledged,
    }
    clean = validate_template({**kept, **values})
    _check_safety(clean)
    with transaction(cur):
        versions.bump(cur, "templates", template_id, expected=expected_version, what="This template")
        cur.execute(
            "UPDATE templates SET discipline = $discipline, area = $area, title = $title,"
            " instructions = $instructions, who = $who, minutes = $minutes,"
            " days_per_week = $days_per_week, routine_anchor = $routine_anchor,"
            " materials = $materials, reward_plan = $reward_plan, reward_ticks = $reward_ticks,"
            " materials_where = $materials_where, safety = $safety, age_min = $age_min, age_max = $age_max,"
            " audience = $audience, safety_acknowledged = $safety_acknowledged, active = $active WHERE id = $id",
            {**clean, "active": bool(active), "id": template_id},
        )
        new = {**clean, "active": bool(active)}
        audit.record_change(cur, actor, "template", template_id, {k: getattr(old, k, None) for k in new}, new)


def safety_problems(values, age=None):
    """Return the safety advice on a task's words (empty when fine): lib.assignments.safety's rules."""
    return [advice for _, advice in safety_advice(values, age)]
