"""A goal's five-level scale (goal attainment scaling) and the suggested wording per discipline.

The scale runs from -2 (where the child is now) through 0 (the expected outcome by the review
date) to +2 (much better than expected), each level in words written with the family. The
suggestions live in data/goal_scales.json, checked against data/goal_scales.schema.json and the
app's disciplines when read; a therapist starts from one and changes every word.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lib.errors import InvalidInput
from lib.wording.schema import read_json, schema_problem
from lib.words import DISCIPLINES

SHIPPED_FILE = Path(__file__).resolve().parents[2] / "data" / "goal_scales.json"
LEVELS = (-2, -1, 0, 1, 2)
# the scale's steps in plain words, as the rating row labels them
LEVEL_NAMES = {
    -2: "Where we started",
    -1: "Some progress",
    0: "Our goal",
    1: "A bit more than hoped",
    2: "Much more than hoped",
}
MAX_WORDS = 200  # the goal and each level: a sentence


class ScaleError(InvalidInput):
    """The goal scales data breaks its schema; `field` names the place."""


@dataclass(frozen=True)
class Suggestion:
    """A suggested goal with its five levels, -2 first."""

    id: str
    discipline: str
    goal: str
    levels: tuple[str, ...]


def level_label(level):
    """Return a level as the scale shows it: "-2", "-1", "0", "+1", "+2"."""
    return f"{int(level):+d}" if level else "0"


def check_scale(title, levels):
    """Return (title, five levels) cleaned; raise InvalidInput naming the first missing or long text."""
    title = " ".join(str(title or "").split())
    if not title:
        raise InvalidInput("Write the goal in the family's words.", field="title")
    if len(title) > MAX_WORDS:
        raise InvalidInput(f"Keep the goal to {MAX_WORDS} characters.", field="title")
    levels = list(levels or ())
    if len(levels) != len(LEVELS):
        raise InvalidInput("A goal's scale has five levels, from -2 to +2.", field="levels")
    cleaned = []
    for level, words in zip(LEVELS, levels, strict=True):
        words = " ".join(str(words or "").split())
        field = f"level_{level_label(level)}"
        if not words:
            raise InvalidInput(f"Write what {level_label(level)} looks like for this child.", field=field)
        if len(words) > MAX_WORDS:
            raise InvalidInput(f"Keep level {level_label(level)} to {MAX_WORDS} characters.", field=field)
        cleaned.append(words)
    return title, tuple(cleaned)


def check_scales(data):
    """Return the suggestions of raw data ({discipline: [Suggestion]}); raise ScaleError at the first problem."""
    problem = schema_problem("goal_scales", data)
    if problem:
        raise ScaleError(problem[1], field=problem[0])
    found = {}
    for discipline, items in data["disciplines"].items():
        if discipline not in DISCIPLINES:
            raise ScaleError(
                f"disciplines.{discipline} is not one of {', '.join(DISCIPLINES)}.",
                field=f"disciplines.{discipline}",
            )
        ids = [item["id"] for item in items]
        if len(set(ids)) != len(ids):
            raise ScaleError(f"disciplines.{discipline} uses an id twice.", field=f"disciplines.{discipline}")
        found[discipline] = tuple(
            Suggestion(item["id"], discipline, item["goal"], tuple(item["levels"])) for item in items
        )
    return found


@lru_cache(maxsize=1)
def suggestions():
    """Return the shipped suggestions, {discipline: (Suggestion, ...)}, checked once."""
    return check_scales(read_json(SHIPPED_FILE, ScaleError, "goal_scales"))


def suggestions_for(discipline):
    """Return the suggested goals of a discipline (none for one without suggestions)."""
    return suggestions().get(discipline, ())
