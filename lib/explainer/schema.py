"""Checking the explainer data (data/explainer.json) at load: a clear message naming the bad place."""

import json
import re
from functools import lru_cache
from pathlib import Path

from lib.errors import InvalidInput
from lib.words import AGE_BANDS, DIFFICULTY_LABELS, DISCIPLINES

SHIPPED_FILE = Path(__file__).resolve().parents[2] / "data" / "explainer.json"
MAX_TEXT = 600
STEP_PLACEHOLDERS = {"word", "Word", "the_word", "minutes", "days", "why", "analogy", "example", "goal"}
VARIANT_TEXTS = ("why", "analogy", "example")
VARIANT_PLACEHOLDERS = {"word", "Word", "the_word"}
# claims the evidence does not support: never said to a family, whoever wrote the wording
OVERCLAIMS = (
    "rarely help",
    "never help",
    "will not help",
    "won't help",
    "doesn't work without",
    "does not work without",
    "guarantee",
    "always work",
    "proven to",
)
_BRACES = re.compile(r"\{([^{}]*)\}")


class ExplainerError(InvalidInput):
    """The explainer data breaks the schema; `field` names the place, e.g. variants[2].analogy."""


def _object(value, place):
    if not isinstance(value, dict):
        raise ExplainerError(f"{place} must be an object.", field=place)
    return value


def _text(obj, key, place, allowed=STEP_PLACEHOLDERS, required=True):
    return _check(obj.get(key, ""), f"{place}.{key}", allowed, required)


def _check(value, where, allowed, required=True):
    if not isinstance(value, str):
        raise ExplainerError(f"{where} must be text.", field=where)
    value = value.strip()
    if required and not value:
        raise ExplainerError(f"{where} is missing or empty.", field=where)
    if len(value) > MAX_TEXT:
        raise ExplainerError(f"{where} is {len(value)} characters; keep it to {MAX_TEXT}.", field=where)
    odd = [p for p in _BRACES.findall(value) if p not in allowed]
    if odd:
        raise ExplainerError(
            f"{where} uses {{{odd[0]}}}; the placeholders are {', '.join(sorted(allowed)) or 'none'}.",
            field=where,
        )
    claim = next((c for c in OVERCLAIMS if c in value.lower()), None)
    if claim:
        raise ExplainerError(
            f"{where} says “{claim}”: say only what is supported (practice between sessions is "
            "where most of the learning happens; short and regular beats long and rare).",
            field=where,
        )
    return value


def _lines(obj, key, place, required=False, allowed=STEP_PLACEHOLDERS):
    value = obj.get(key, [])
    if not isinstance(value, list) or (required and not value):
        raise ExplainerError(f"{place}.{key} must be a list of texts, at least one.", field=f"{place}.{key}")
    return [_check(v, f"{place}.{key}[{i}]", allowed) for i, v in enumerate(value)]


def _expectations(data):
    table = _object(data.get("expectations"), "expectations")
    for band in [*AGE_BANDS, "unknown"]:
        levels = _object(table.get(band), f"expectations.{band}")
        for level in DIFFICULTY_LABELS:
            place = f"expectations.{band}.{level}"
            pair = _object(levels.get(level), place)
            minutes, days = pair.get("minutes"), pair.get("days")
            if not (isinstance(minutes, int) and 1 <= minutes <= 60):
                raise ExplainerError(f"{place}.minutes must be a whole number from 1 to 60.", field=place)
            if not (isinstance(days, int) and 1 <= days <= 7):
                raise ExplainerError(f"{place}.days must be a whole number from 1 to 7.", field=place)


def _when(variant, place):
    when = _object(variant.get("when", {}), f"{place}.when")
    unknown = sorted(set(when) - {"disciplines", "ages", "several"})
    if unknown:
        raise ExplainerError(f"{place}.when.{unknown[0]} is not a condition.", field=f"{place}.when")
    for key, known in (("disciplines", DISCIPLINES), ("ages", tuple(AGE_BANDS))):
        values = when.get(key, [])
        bad = [v for v in values if v not in known] if isinstance(values, list) else [values]
        if bad:
            raise ExplainerError(
                f"{place}.when.{key} may hold only {', '.join(known)}, got {bad[0]!r}.", field=f"{place}.when"
            )
    if not isinstance(when.get("several", False), bool):
        raise ExplainerError(f"{place}.when.several must be true or false.", field=f"{place}.when")
    return when


def _variants(data):
    variants = data.get("variants")
    if not isinstance(variants, list) or not variants:
        raise ExplainerError("variants must be a non-empty list.", field="variants")
    seen = set()
    for i, variant in enumerate(variants):
        place = f"variants[{i}]"
        _object(variant, place)
        variant_id = variant.get("id")
        if not isinstance(variant_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", variant_id):
            raise ExplainerError(
                f"{place}.id must be a short lower-case name, got {variant_id!r}.", field=place
            )
        if variant_id in seen:
            raise ExplainerError(f"{place}.id '{variant_id}' is used twice.", field=f"{place}.id")
        seen.add(variant_id)
        _text(variant, "label", place, set())
        for key in VARIANT_TEXTS:
            _text(variant, key, place, VARIANT_PLACEHOLDERS)
        _when(variant, place)
    if variants[-1].get("when"):
        raise ExplainerError(
            'The last variant must have no conditions ("when": {}): it serves every other family.',
            field=f"variants[{len(variants) - 1}].when",
        )


def _steps(data):
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise ExplainerError("steps must be a non-empty list.", field="steps")
    keys = set()
    for i, step in enumerate(steps):
        place = f"steps[{i}]"
        _object(step, place)
        key = _text(step, "key", place, set())
        if key in keys:
            raise ExplainerError(f"{place}.key '{key}' is used twice.", field=f"{place}.key")
        keys.add(key)
        _text(step, "title", place)
        _lines(step, "paragraphs", place, required=True)
        _lines(step, "points", place)
        _text(step, "closing", place, required=False)
    used = set(_BRACES.findall(json.dumps(steps)))
    missing = [p for p in (*VARIANT_TEXTS, "minutes", "days") if p not in used]
    if missing:
        raise ExplainerError(f"No step uses {{{missing[0]}}}: every family must see it.", field="steps")


def check_explainer(data):
    """Check raw explainer data and return it; raise ExplainerError naming the bad place."""
    _object(data, "explainer")
    _text(data, "version", "explainer", set())
    _text(data, "rationale", "explainer")
    _expectations(data)
    _variants(data)
    _steps(data)
    teach_back = _object(data.get("teach_back"), "teach_back")
    _text(teach_back, "title", "teach_back")
    _text(teach_back, "intro", "teach_back")
    _lines(teach_back, "questions", "teach_back", required=True)
    return data


def read_shipped(path=SHIPPED_FILE):
    """Return the explainer file's raw data; raise ExplainerError when it is not valid JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ExplainerError(
            f"{Path(path).name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            field="explainer",
        ) from exc


@lru_cache(maxsize=4)
def _checked_file(path):
    return check_explainer(read_shipped(path))


def load_shipped(path=SHIPPED_FILE):
    """Return the shipped explainer data, checked (once per file)."""
    return _checked_file(Path(path))
