"""The one clock of the app: today's date and the time now, pinned by HOME_PRACTICE_TODAY in tests."""

import os
from datetime import date, datetime, time


def today():
    """Return today's date (HOME_PRACTICE_TODAY=YYYY-MM-DD pins it, for tests and demos)."""
    pinned = os.environ.get("HOME_PRACTICE_TODAY")
    return date.fromisoformat(pinned) if pinned else date.today()


def now():
    """Return the local time now, on the pinned day when today() is pinned."""
    current = datetime.now().replace(microsecond=0)
    if os.environ.get("HOME_PRACTICE_TODAY"):
        return datetime.combine(today(), time(current.hour, current.minute, current.second))
    return current
