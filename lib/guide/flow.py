"""Stepping through a path: where a choice leads and how far along a step is."""

from lib.errors import InvalidInput
from lib.guide.model import END, Advance


def advance(path, step_id, choice_id=None):
    """Return where the guide goes from a step, following the chosen branch when there is one."""
    step = path.step(step_id)
    if step.kind == "outcome":
        return Advance(None)
    if step.kind == "talk" and step.choices:
        for choice in step.choices:
            if choice.id == choice_id:
                return Advance(None if choice.next == END else choice.next, choice.outcome)
        raise InvalidInput("Choose one of the options to go on.", field="choice")
    return Advance(step.next)


def step_number(path, step_id):
    """Return the 1-based position of a step on its path."""
    return [s.id for s in path.steps].index(step_id) + 1
