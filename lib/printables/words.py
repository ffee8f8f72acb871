"""Plain words for the sheets: the days a sheet covers, how often, when, and the next session."""

from datetime import timedelta

from lib.errors import InvalidInput
from lib.words import DAY_SHORT as DAY_NAMES
from lib.words import WHO_FAMILY as WHO
from lib.words import join_words, schedule_text, week_start

__all__ = ["DAY_NAMES", "WHO", "join_words", "schedule_text", "period_days", "session_text", "when_text"]


def period_days(start, weeks=1):
    """Return the dates of one or two weeks from the Monday on or before start."""
    if weeks not in (1, 2):
        raise InvalidInput("Choose one week or a fortnight.", field="weeks")
    first = week_start(start)
    return [first + timedelta(days=i) for i in range(7 * weeks)]


def when_text(task):
    """Return the routine anchor and time, e.g. 'at bath time, around 18:30'."""
    parts = [task.routine_anchor.strip()] if task.routine_anchor.strip() else []
    if task.routine_time:
        parts.append(f"around {task.routine_time.strftime('%H:%M')}")
    return ", ".join(parts) or "at a time that suits your day"


def session_text(when, with_whom):
    """Return the next session in plain words."""
    if when is None:
        return "No session booked yet: please ask us to book the next one."
    return f"Next session: {when.strftime('%A %-d %B')} at {when.strftime('%H:%M')}" + (
        f" with {with_whom}" if with_whom else ""
    )
