"""Checks for the plain values forms send (whole numbers, record ids), raising InvalidInput, never ValueError."""

import math

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
