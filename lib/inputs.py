"""Checks for the plain values forms send (whole numbers, record ids), raising InvalidInput, never ValueError;
and `Problems`, which gathers every field's problem of a form so they are reported at once."""

import math
from contextlib import contextmanager

from lib.errors import InvalidInput

MAX_ID = 2**31 - 1  # ids are INTEGER columns


def whole(value, field, message, low, high):
    """Return value as an int in [low, high], or raise InvalidInput(message) for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(message, field=field)
    if value != int(value) or not low <= value <= high:
        raise InvalidInput(message, field=field)
    return int(value)


def record_id(value, field, message):
    """Return a record id as an int, or raise InvalidInput(message) when it cannot be one."""
    return whole(value, field, message, 1, MAX_ID)


class Problems:
    """Gather the problems of a form's fields, then raise them together as one InvalidInput.

    with problems.check(): ...   # an InvalidInput raised inside is kept, the checks go on
    problems.raise_any()         # raises when anything was kept
    An error without a field is not about an input: it is raised at once.
    """

    def __init__(self):
        self.found = {}
        self._errors = []

    @contextmanager
    def check(self):
        """Keep an InvalidInput raised in the block (the first problem of each field) instead of raising it."""
        try:
            yield
        except InvalidInput as exc:
            if not exc.problems:
                raise
            self.add(exc)

    def add(self, exc):
        """Keep the problems of one InvalidInput."""
        self._errors.append(exc)
        for field, message in exc.problems.items():
            self.found.setdefault(field, message)

    def has(self, *fields):
        """Return True when any of these fields has a problem."""
        return any(field in self.found for field in fields)

    def raise_any(self):
        """Raise every problem kept as one InvalidInput (a single error as it was raised); else return."""
        if len(self._errors) == 1:
            raise self._errors[0]
        if self.found:
            raise InvalidInput.of(self.found)
