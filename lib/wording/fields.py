"""Adaptable texts of shipped content: listing them, putting wording in, tidying a lead's changes.

A content names its texts with a `slots(data)` function yielding (field, label, container, key,
lines) for each, in reading order; `lines` marks a list of lines edited as one text.
"""

import copy
from dataclasses import dataclass

from lib.errors import InvalidInput

# guide_wording holds the guide's rows as they are and the explainer's under this prefix
EXPLAINER_PREFIX = "explainer."


@dataclass(frozen=True)
class WordingField:
    """One adaptable text: where it lives, a plain label, its text, and whether it is a list of lines."""

    field: str
    label: str
    text: str
    lines: bool = False


def wording_fields(data, slots):
    """Return every adaptable text of raw data as WordingFields, in reading order."""
    return [
        WordingField(field, label, "\n".join(box[key]) if lines else box[key], lines)
        for field, label, box, key, lines in slots(data)
    ]


def apply_wording(data, overrides, slots, ignore_unknown=False):
    """Return a copy of raw data with the given {field: text} wording put in."""
    data = copy.deepcopy(data)
    places = {field: (box, key, lines) for field, _, box, key, lines in slots(data)}
    for field, text in overrides.items():
        if field not in places:
            if ignore_unknown:  # a newer shipped file dropped this text: the shipped one stands
                continue
            raise InvalidInput(f"{field} is not a text of this wording.", field=field)
        box, key, lines = places[field]
        box[key] = [line.strip() for line in str(text).splitlines() if line.strip()] if lines else str(text)
    return data


def clean_changes(shipped, changes, slots):
    """Return {field: text} with each text tidied; raise InvalidInput for an unknown field or an empty text."""
    known = {f.field: f for f in wording_fields(shipped, slots)}
    clean = {}
    for field, text in changes.items():
        if field not in known:
            raise InvalidInput(f"{field} is not a text of this wording.", field=field)
        text = "\n".join(line.strip() for line in str(text or "").splitlines() if line.strip())
        if not text:
            raise InvalidInput(f"'{known[field].label}' cannot be empty.", field=field)
        clean[field] = text
    return clean
