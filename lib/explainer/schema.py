"""Checking the explainer data (data/explainer.json) at load: data/explainer.schema.json for its
shape, then the rules a schema cannot say (the app's disciplines and age bands, the placeholders a
text may use, the claims it may not make). A clear message names the bad place."""

import json
import re
from functools import lru_cache
from pathlib import Path

from lib.errors import InvalidInput
from lib.wording.schema import read_json, schema_problem
from lib.words import AGE_BANDS, DIFFICULTY_LABELS, DISCIPLINES

SHIPPED_FILE = Path(__file__).resolve().parents[2] / "data" / "explainer.json"
STEP_PLACEHOLDERS = {
    "word",
    "Word",
    "the_word",
    "minutes",
    "days",
    "why",
    "analogy",
    "example",
    "goal",
    "task_minutes",
    "extra_minutes",
}
VARIANT_TEXTS = ("why", "analogy", "example")
VARIANT_PLACEHOLDERS = {"word", "Word", "the_word", "minutes", "days"}
# a variant's minutes are the family's agreed or suggested ones ({minutes}), never a number of its own
_OWN_MINUTES = re.compile(r"\b\d+\s*-?\s*min(?:ute)?s?\b", re.IGNORECASE)
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
    "most of the learning",
    "most of the change",
)
_BRACES = re.compile(r"\{([^{}]*)\}")


class ExplainerError(InvalidInput):
    """The explainer data breaks the schema; `field` names the place, e.g. variants[2].analogy."""


def _refuse(field, message):
    raise ExplainerError(message, field=field)


def _check_text(value, where, allowed, claims=True):
    odd = [p for p in _BRACES.findall(value) if p not in allowed]
    if odd:
        _refuse(
            where, f"{where} uses {{{odd[0]}}}; the placeholders are {', '.join(sorted(allowed)) or 'none'}."
        )
    if not claims:
        return
    claim = next((c for c in OVERCLAIMS if c in value.lower()), None)
    if claim:
        _refuse(
            where,
            f"{where} says “{claim}”: say only what is supported (families who practise on most days "
            "tend to see more change; short and regular beats long and rare).",
        )


def _texts(data):
    """Yield (place, text, placeholders it may use) for every text of raw explainer data."""
    yield "explainer.version", data["version"], set()
    yield "explainer.rationale", data["rationale"], STEP_PLACEHOLDERS
    for i, variant in enumerate(data["variants"]):
        yield f"variants[{i}].label", variant["label"], set()
        for key in VARIANT_TEXTS:
            yield f"variants[{i}].{key}", variant[key], VARIANT_PLACEHOLDERS
    for i, step in enumerate(data["steps"]):
        yield f"steps[{i}].key", step["key"], set()
        yield f"steps[{i}].title", step["title"], STEP_PLACEHOLDERS
        for key in ("paragraphs", "points"):
            for j, line in enumerate(step.get(key, [])):
                yield f"steps[{i}].{key}[{j}]", line, STEP_PLACEHOLDERS
        yield f"steps[{i}].closing", step.get("closing", ""), STEP_PLACEHOLDERS
    teach_back = data["teach_back"]
    yield "teach_back.title", teach_back["title"], STEP_PLACEHOLDERS
    yield "teach_back.intro", teach_back["intro"], STEP_PLACEHOLDERS
    for j, line in enumerate(teach_back["questions"]):
        yield f"teach_back.questions[{j}]", line, STEP_PLACEHOLDERS


def _check_expectations(table):
    for band in [*AGE_BANDS, "unknown"]:
        for level in DIFFICULTY_LABELS:
            if level not in table.get(band, {}):
                _refuse(f"expectations.{band}.{level}", f"expectations.{band}.{level} is missing.")


def _check_variants(variants, claims=True):
    seen = set()
    for i, variant in enumerate(variants):
        place = f"variants[{i}]"
        for key in VARIANT_TEXTS:
            if claims and _OWN_MINUTES.search(variant[key]):
                _refuse(
                    f"{place}.{key}",
                    f"{place}.{key} names its own minutes: write {{minutes}}, so it says what the family agreed.",
                )
        if variant["id"] in seen:
            _refuse(f"{place}.id", f"{place}.id '{variant['id']}' is used twice.")
        seen.add(variant["id"])
        when = variant.get("when", {})
        for key, known in (("disciplines", DISCIPLINES), ("ages", tuple(AGE_BANDS))):
            bad = [v for v in when.get(key, []) if v not in known]
            if bad:
                _refuse(
                    f"{place}.when", f"{place}.when.{key} may hold only {', '.join(known)}, got {bad[0]!r}."
                )
    if variants[-1].get("when"):
        _refuse(
            f"variants[{len(variants) - 1}].when",
            'The last variant must have no conditions ("when": {}): it serves every other family.',
        )


def _check_steps(steps):
    keys = set()
    for i, step in enumerate(steps):
        if step["key"] in keys:
            _refuse(f"steps[{i}].key", f"steps[{i}].key '{step['key']}' is used twice.")
        keys.add(step["key"])
    used = set(_BRACES.findall(json.dumps(steps)))
    missing = [p for p in (*VARIANT_TEXTS, "minutes", "days") if p not in used]
    if missing:
        _refuse("steps", f"No step uses {{{missing[0]}}}: every family must see it.")


def check_explainer(data, saved=False):
    """Check raw explainer data (schema, then the app's rules) and return it; raise ExplainerError naming the bad place."""
    problem = schema_problem("explainer", data)
    if problem:
        _refuse(*problem)
    _check_expectations(data["expectations"])
    # saved: the clinic's wording as stored, whose words were checked when saved (under the rules
    # of then): it still loads when a later rule is stricter; the editor applies today's rules
    _check_variants(data["variants"], claims=not saved)
    _check_steps(data["steps"])
    for where, text, allowed in _texts(data):
        _check_text(text, where, allowed, claims=not saved)
    return data


def read_shipped(path=SHIPPED_FILE):
    """Return the explainer file's raw data; raise ExplainerError when it is not valid JSON."""
    return read_json(path, ExplainerError, "explainer")


@lru_cache(maxsize=4)
def _checked_file(path):
    return check_explainer(read_shipped(path))


def load_shipped(path=SHIPPED_FILE):
    """Return the shipped explainer data, checked (once per file)."""
    return _checked_file(Path(path))
