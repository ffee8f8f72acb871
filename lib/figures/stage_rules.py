"""The non-completion stage as the guidance means it: pure rules over one family's facts.

Initial: below the on-track threshold (or a recent review said not or partly done). It stays
initial, "not yet addressed", however long it lasts, until the initial path was tried.
Chronic: only after the initial path was tried (a guide run on it with at least one action)
and completion stayed under the partial threshold for `chronic_weeks` weeks since.
A recent review marked "done" counts against a stage. Stalled and dropped are signals
(days without a tick) that open re-engagement, never the chronic path by themselves.
"""

from dataclasses import dataclass

from lib.errors import InvalidInput


@dataclass(frozen=True)
class StageFacts:
    """What the stage rule needs to know about one family for the judged week."""

    weeks_below: int  # consecutive weeks under the on-track threshold, ending at the judged week
    weeks_below_partial: int  # consecutive weeks under the partial threshold, ending there
    weeks_since_tried: int | None  # full weeks since the initial path was tried; None: never tried
    last_review: str | None  # outcome of the newest review of the last 2 weeks
    days_since_tick: int | None
    has_tasks: bool


@dataclass(frozen=True)
class Judged:
    """A family's stage, its signal ('' , 'stalled', 'dropped') and the one-line why."""

    stage: str
    signal: str
    why: str


def stage_of(facts, settings):
    """Return the Judged stage of one family under the clinic's settings."""
    threshold, partial = settings["adherence_threshold"], settings["partial_threshold"]
    done_review = facts.last_review == "done"
    tried = facts.weeks_since_tried is not None
    low_since_tried = min(facts.weeks_below_partial, facts.weeks_since_tried or 0)
    parts = []
    if tried and low_since_tried >= settings["chronic_weeks"] and not done_review:
        stage = "chronic"
        parts.append(
            f"under {partial}% for {low_since_tried} weeks since the first ideas were tried "
            f"({facts.weeks_since_tried} weeks ago)"
        )
    elif done_review:
        stage = "none"
        if facts.weeks_below:
            parts.append(f"below {threshold}% in ticks, but the last review said done")
    elif facts.weeks_below >= 1 or facts.last_review in ("not_done", "partly"):
        stage = "initial"
        if facts.weeks_below:
            parts.append(
                f"below {threshold}% for {facts.weeks_below} week{'s' if facts.weeks_below != 1 else ''}"
            )
        else:
            parts.append(f"last review: {facts.last_review.replace('_', ' ')}")
        if not tried:
            parts.append("not yet addressed with the guide")
    else:
        stage = "none"
    signal = ""
    days = facts.days_since_tick
    if facts.has_tasks and days is not None:
        if days >= settings["dropped_days"]:
            signal = "dropped"
        elif days >= settings["stalled_days"]:
            signal = "stalled"
    if signal:
        parts.append(f"no tick for {int(days)} days: contact the family and check how things are")
    why = "; ".join(parts)
    return Judged(stage, signal, why[:1].upper() + why[1:] if why else "On track or nothing to review")


def stage_label(stage, why=""):
    """Return the stage as shown to therapists: initial is 'not yet addressed' until the guide was used."""
    if stage == "initial" and "not yet addressed" in why:
        return "initial, not yet addressed"
    return stage


def check_thresholds(values, changed=()):
    """Check the stage and completion settings together; raise InvalidInput naming the field.

    Of a pair that disagrees, the message goes to the field that was changed (`changed`)."""
    for name in ("adherence_threshold", "partial_threshold"):
        if not 0 <= int(values[name]) <= 100:
            raise InvalidInput("Give a percentage from 0 to 100.", field=name)
    if int(values["partial_threshold"]) >= int(values["adherence_threshold"]):
        raise InvalidInput(
            f"Partly done: give a percentage below on track ({values['adherence_threshold']}%).",
            field="partial_threshold",
        )
    if int(values["stalled_days"]) >= int(values["dropped_days"]):
        if "dropped_days" in changed and "stalled_days" not in changed:
            raise InvalidInput(
                f"Dropped: give more days than stalled ({values['stalled_days']} days).", field="dropped_days"
            )
        raise InvalidInput(
            f"Stalled: give fewer days than dropped ({values['dropped_days']} days).", field="stalled_days"
        )
    if int(values["chronic_weeks"]) < 1:
        raise InvalidInput("Chronic needs at least 1 week.", field="chronic_weeks")
