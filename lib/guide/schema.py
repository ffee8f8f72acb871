"""Checking guide data: data/guide.schema.json for its shape, then the rules a schema cannot say
(the app's stages, barriers and actions; where each step leads). A clear message names the bad place."""

import re

from lib.assignments.barriers import BARRIER_IDS
from lib.guide.actions import ACTIONS
from lib.guide.model import (
    END,
    PATH_IDS,
    SHIPPED_FILE,
    ActionInfo,
    Choice,
    Guide,
    GuideError,
    GuidePath,
    Step,
)
from lib.wording.schema import read_json, schema_problem
from lib.words import STAGES


def _refuse(field, message):
    raise GuideError(message, field=field)


def _unique(items, place):
    seen = set()
    for i, item in enumerate(items):
        if item["id"] in seen:
            _refuse(f"{place}[{i}].id", f"{place}[{i}].id '{item['id']}' is used twice.")
        seen.add(item["id"])


def _check_choice(raw, place, kind, actions, outcomes):
    action, outcome = raw.get("action"), raw.get("outcome")
    if kind == "actions" and action not in actions:
        _refuse(f"{place}.action", f"{place}.action must be one of the guide's actions, got {action!r}.")
    if kind == "outcome" and outcome not in outcomes:
        _refuse(f"{place}.outcome", f"{place}.outcome must be one of the outcomes, got {outcome!r}.")
    if kind not in ("actions", "outcome") and not raw.get("label", "").strip():
        _refuse(f"{place}.label", f"{place}.label is missing or empty.")
    if kind not in ("actions", "outcome") and outcome is not None and outcome not in outcomes:
        _refuse(f"{place}.outcome", f"{place}.outcome must be one of the outcomes, got {outcome!r}.")


def _check_step(raw, place, actions, outcomes):
    kind, choices, step_next = raw["kind"], raw.get("choices", []), raw.get("next")
    for i, choice in enumerate(choices):
        _check_choice(choice, f"{place}.choices[{i}]", kind, actions, outcomes)
    if len({c["id"] for c in choices}) != len(choices):
        _refuse(f"{place}.choices", f"{place}.choices use the same id twice.")
    if kind in ("actions", "outcome") and not choices:
        _refuse(f"{place}.choices", f"{place} is a {kind} step and needs choices.")
    if kind == "outcome" and step_next not in (None, END):
        _refuse(f"{place}.next", f"{place} is the outcome step: it ends the guide and has no next.")
    if kind != "outcome" and step_next is None and not (kind == "talk" and choices):
        _refuse(f"{place}.next", f"{place}.next is missing: say which step comes after.")
    if kind == "talk" and choices and any(c.get("next") is None for c in choices):
        _refuse(f"{place}.choices", f"{place}: every choice of a talk step needs a next step.")


def _check_path(path_id, raw, actions, outcomes):
    place, steps = f"paths.{path_id}", raw["steps"]
    for i, step in enumerate(steps):
        _check_step(step, f"{place}.steps[{i}]", actions, outcomes)
    ids = [s["id"] for s in steps]
    if len(set(ids)) != len(ids):
        _refuse(f"{place}.steps", f"{place}.steps use the same id twice.")
    if raw["start"] not in ids:
        _refuse(f"{place}.start", f"{place}.start must name one of its steps, got {raw['start']!r}.")
    for i, step in enumerate(steps):
        targets = [("next", step.get("next"))]
        targets += [(f"choices[{j}].next", c.get("next")) for j, c in enumerate(step.get("choices", []))]
        for where, target in targets:
            if target not in (None, END) and target not in ids:
                _refuse(
                    f"{place}.steps[{i}].{where}",
                    f"{place}.steps[{i}].{where} points to '{target}', which is not a step of this path.",
                )
    if not any(s["kind"] == "outcome" for s in steps):
        _refuse(f"{place}.steps", f"{place} needs an outcome step to end on.")


def _check_rules(data):
    """Refuse what the schema cannot say: the app's vocabulary, unique ids, where steps lead."""
    for stage in STAGES:
        if stage not in data["stage_paths"]:
            _refuse(f"stage_paths.{stage}", f"stage_paths.{stage} must be one of {', '.join(PATH_IDS)}.")
    unknown = sorted(set(data["actions"]) - set(ACTIONS))
    if unknown:
        _refuse(f"actions.{unknown[0]}", f"actions.{unknown[0]} is not an action the app can take.")
    _unique(data["outcomes"], "outcomes")
    _unique(data["reasons"], "reasons")
    outcomes = {o["id"] for o in data["outcomes"]}
    if "not_now" not in outcomes:
        _refuse("outcomes", "outcomes must include not_now (choosing not to address it now).")
    for i, reason in enumerate(data["reasons"]):
        barrier = reason.get("barrier")
        if barrier is not None and barrier not in BARRIER_IDS:
            _refuse(
                f"reasons[{i}].barrier",
                f"reasons[{i}].barrier must be one of the checklist's barriers "
                f"({', '.join(BARRIER_IDS)}), got {barrier!r}.",
            )
    odd = [p for p in re.findall(r"\{[^}]*\}", data["letter_draft"]) if p not in ("{family}", "{tried}")]
    if odd:
        _refuse(
            "letter_draft",
            f"letter_draft may only use the placeholders {{family}} and {{tried}}, not {odd[0]}.",
        )
    for path_id in PATH_IDS:
        _check_path(path_id, data["paths"][path_id], set(data["actions"]), outcomes)


def _guide(data):
    actions = {a: ActionInfo(a, v["label"].strip(), v["help"].strip()) for a, v in data["actions"].items()}
    outcomes = {o["id"]: o["label"].strip() for o in data["outcomes"]}

    def choice(raw):
        label = raw.get("label", "").strip()
        if not label and raw.get("action"):
            label = actions[raw["action"]].label
        elif not label and raw.get("outcome"):
            label = outcomes[raw["outcome"]]
        return Choice(
            raw["id"],
            label,
            raw.get("help", "").strip(),
            raw.get("next"),
            raw.get("action"),
            raw.get("outcome"),
        )

    def step(raw):
        step_next = raw.get("next")
        return Step(
            raw["id"],
            raw["kind"],
            raw["title"].strip(),
            raw["prompt"].strip(),
            tuple(line.strip() for line in raw.get("examples", [])),
            tuple(choice(c) for c in raw.get("choices", [])),
            None if step_next in (None, END) else step_next,
            raw["family_text"].strip(),
        )

    paths = {
        p: GuidePath(
            p, raw["title"].strip(), raw["summary"].strip(), raw["start"], tuple(map(step, raw["steps"]))
        )
        for p, raw in ((p, data["paths"][p]) for p in PATH_IDS)
    }
    return Guide(
        version=data["version"].strip(),
        stage_paths={s: data["stage_paths"][s] for s in STAGES},
        reasons={r["id"]: r["label"].strip() for r in data["reasons"]},
        family_reasons={r["id"]: r["family_label"].strip() for r in data["reasons"]},
        reason_barriers={r["id"]: r.get("barrier") for r in data["reasons"]},
        outcomes=outcomes,
        actions=actions,
        rationale=tuple(line.strip() for line in data["rationale"]),
        letter_draft=data["letter_draft"].strip(),
        paths=paths,
    )


def check_guide(data):
    """Check raw guide data (schema, then the app's rules) and return a Guide; raise GuideError naming the bad place."""
    problem = schema_problem("guide", data)
    if problem:
        _refuse(*problem)
    _check_rules(data)
    return _guide(data)


def load_shipped_data(path=SHIPPED_FILE):
    """Return the shipped guide file's raw data; raise GuideError when it is not valid JSON."""
    return read_json(path, GuideError, "guide")
