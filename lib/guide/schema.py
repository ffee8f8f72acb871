"""Checking guide data against the schema (a clear message naming the bad place), and reading the file."""

import json
import re
from pathlib import Path

from lib.assignments.barriers import BARRIER_IDS
from lib.guide.actions import ACTIONS
from lib.guide.model import (
    END,
    ID,
    MAX_TEXT,
    PATH_IDS,
    SHIPPED_FILE,
    STEP_KINDS,
    ActionInfo,
    Choice,
    Guide,
    GuideError,
    GuidePath,
    Step,
)
from lib.words import STAGES


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


def _reasons(data):
    """Return (therapist labels, family labels, barriers) of the reasons, checked together."""
    labels = _labelled_list(data, "reasons")
    family, barriers = {}, {}
    for i, item in enumerate(data["reasons"]):
        place = f"reasons[{i}]"
        family[item["id"]] = _text(item, "family_label", place)
        barrier = item.get("barrier")
        if barrier is not None and barrier not in BARRIER_IDS:
            raise GuideError(
                f"{place}.barrier must be one of the checklist's barriers ({', '.join(BARRIER_IDS)}), got {barrier!r}.",
                field=f"{place}.barrier",
            )
        barriers[item["id"]] = barrier
    return labels, family, barriers


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
        _text(raw, "family_text", place),
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
    odd = [p for p in re.findall(r"\{[^}]*\}", letter) if p not in ("{family}", "{tried}")]
    if odd:
        raise GuideError(
            f"letter_draft may only use the placeholders {{family}} and {{tried}}, not {odd[0]}.",
            field="letter_draft",
        )
    raw_paths = _object(data.get("paths"), "paths")
    if set(raw_paths) != set(PATH_IDS):
        raise GuideError(f"paths must be exactly {', '.join(PATH_IDS)}.", field="paths")
    reasons, family_reasons, reason_barriers = _reasons(data)
    return Guide(
        version=version,
        stage_paths={s: stage_paths[s] for s in STAGES},
        reasons=reasons,
        family_reasons=family_reasons,
        reason_barriers=reason_barriers,
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
