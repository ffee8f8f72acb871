"""The intake explainer on the family's shared screen: the published place, and the family's words for it.

The therapist's explainer page publishes a small state (which screen, the agreed minutes and
days, and the goal, helpers and time the family said); `screen_step` turns it into the one
family-facing Step shown. Therapist-only parts (the variant's name, the teach-back's
'understood' tick and notes) never pass through here.
"""

from dataclasses import dataclass

from lib.assignments.records import family_daily_minutes
from lib.errors import InvalidInput
from lib.explainer.content import Step, agreement_line, explainer_steps, teach_back
from lib.explainer.runs import MAX_SAID, family_practice_word, family_variant
from lib.explainer.wording import explainer_data

SAID = ("goal", "who", "when")


@dataclass(frozen=True)
class ExplainerScreen:
    """One screen of the explainer as the family sees it, with where it sits in the walk-through."""

    number: int
    total: int
    step: Step


def clean_screen_state(raw):
    """Return the publishable explainer state (numbers and the family's own short words); raise InvalidInput."""
    if not isinstance(raw, dict):
        raise InvalidInput("Unknown explainer step.", field="explainer")
    try:
        step, minutes, days = int(raw.get("step", 0)), int(raw.get("minutes", 0)), int(raw.get("days", 0))
    except (TypeError, ValueError):
        raise InvalidInput("Unknown explainer step.", field="explainer") from None
    if not (0 <= step <= 20 and 1 <= minutes <= 240 and 1 <= days <= 7):
        raise InvalidInput("Unknown explainer step.", field="explainer")
    said = {key: " ".join(str(raw.get(key) or "").split())[:MAX_SAID] for key in SAID}
    return {"step": step, "minutes": minutes, "days": days, **said}


def screen_step(cur, actor, family_id, state):
    """Return the ExplainerScreen for a published state: an explainer step, or the teach-back last."""
    data = explainer_data(cur)
    word = family_practice_word(cur, actor, family_id)
    variant = family_variant(cur, actor, family_id, data)
    task_minutes = family_daily_minutes(cur, actor, family_id)  # beside the agreement, on the same page
    steps = explainer_steps(word, state["minutes"], state["days"], variant, state["goal"], data, task_minutes)
    total = len(steps) + 1
    number = min(state["step"], total - 1)
    if number < len(steps):
        return ExplainerScreen(number + 1, total, steps[number])
    title, intro, questions = teach_back(word, data)
    agreed = agreement_line(state["minutes"], state["days"], state["who"], state["when"])
    return ExplainerScreen(
        total,
        total,
        Step(
            "teach_back", title, (intro,), tuple(questions), "We agreed: " + agreed[:1].lower() + agreed[1:]
        ),
    )
