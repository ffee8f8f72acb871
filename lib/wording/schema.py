"""Checking a shipped content file (data/<name>.json) against its JSON schema (data/<name>.schema.json).

The first problem found comes back as (field, message), the field named as the rest of the app
names places in content: `paths.initial.steps[1].prompt`.
"""

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

DATA = Path(__file__).resolve().parents[2] / "data"
_KINDS = {
    "string": "text",
    "array": "a list",
    "object": "an object",
    "integer": "a whole number",
    "boolean": "true or false",
    "null": "empty",
}


@lru_cache(maxsize=4)
def _validator(name):
    schema = json.loads((DATA / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def place(root, parts):
    """Return the name of a place in content: ("paths", "initial", "steps", 1) -> paths.initial.steps[1]."""
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or root


def _problem(root, error):
    parts, schema, value = list(error.absolute_path), error.schema, error.instance
    field = place(root, parts)
    kind = error.validator
    if kind == "required":
        missing = next(p for p in error.validator_value if p not in value)
        return place(root, [*parts, missing]), f"{place(root, [*parts, missing])} is missing or empty."
    if kind == "pattern" and "description" not in schema:
        return field, f"{field} is missing or empty."
    if kind == "pattern":
        return field, f"{field} must be {schema['description']}, got {value!r}."
    if kind == "maxLength":
        return field, f"{field} is {len(value)} characters; keep it to {schema['maxLength']}."
    if kind == "minItems":
        return field, f"{field} must be a non-empty list."
    if kind == "type":
        kinds = [schema["type"]] if isinstance(schema["type"], str) else schema["type"]
        return field, f"{field} must be {' or '.join(_KINDS[k] for k in kinds)}."
    if kind == "enum":
        return field, f"{field} must be one of {', '.join(map(str, schema['enum']))}, got {value!r}."
    if kind in ("minimum", "maximum"):
        return field, f"{field} must be a whole number from {schema['minimum']} to {schema['maximum']}."
    if kind == "additionalProperties":
        extra = sorted(set(value) - set(schema.get("properties", {})))[0]
        known = ", ".join(schema.get("properties", {}))
        return f"{field}.{extra}", f"{field}.{extra} is not one of {known}."
    return field, f"{field}: {error.message}"


def schema_problem(name, data):
    """Return (field, message) of the first way data breaks data/<name>.schema.json, or None."""
    error = best_match(_validator(name).iter_errors(data))
    return None if error is None else _problem(name, error)


def read_json(path, error, field):
    """Return a content file's raw data; raise `error` (naming the line) when it is not valid JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise error(
            f"{Path(path).name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            field=field,
        ) from exc
