"""Plain words for the sheets: the days a sheet covers, how often, when, and the next session."""

import re
from datetime import timedelta

from lib.errors import InvalidInput
from lib.words import DAY_SHORT as DAY_NAMES
from lib.words import WHO_FAMILY as WHO
from lib.words import datetime_text, join_words, schedule_text, week_start

__all__ = [
    "DAY_NAMES",
    "WHO",
    "first_day_ahead",
    "join_words",
    "schedule_text",
    "period_days",
    "session_text",
    "when_text",
    "alarm_howto",
]


def period_days(start, weeks=1):
    """Return the dates a sheet covers: one or two weeks from its first day, `start`."""
    if weeks not in (1, 2):
        raise InvalidInput("Choose one week or a fortnight.", field="weeks")
    return [start + timedelta(days=i) for i in range(7 * weeks)]


def first_day_ahead(today):
    """Return the day a sheet starts by default: today (the next 7 days), or next week at the weekend.

    Papers are about the days ahead: a sheet printed on a Sunday never dates its boxes in the past."""
    return today if today.weekday() < 5 else week_start(today) + timedelta(days=7)


def when_text(task):
    """Return the routine anchor and time, e.g. 'at bath time, around 18:30'."""
    parts = [task.routine_anchor.strip()] if task.routine_anchor.strip() else []
    if task.routine_time:
        parts.append(f"around {task.routine_time.strftime('%H:%M')}")
    return ", ".join(parts) or "at a time that suits your day"


def alarm_howto(task):
    """Return how to get an alarm for a task without a usual time ('' when it has one: its reminder rings)."""
    if task.routine_time:
        return ""
    return (
        "No time set, so no alarm yet: tell us when it usually happens and we add it to your phone "
        "reminders, or set an alarm on your phone for that time yourself."
    )


def session_text(when, with_whom):
    """Return the next session in plain words."""
    if when is None:
        return "No session booked yet: please ask us to book the next one."
    return f"Next session: {datetime_text(when, weekday=True, year=False, long=True)}" + (
        f" with {with_whom}" if with_whom else ""
    )


# "5 ticks -> ", "7 stars: " at the start of a reward text: the count lives in reward_ticks
_COUNT_PREFIX = re.compile(r"^\s*\d+\s*(?:ticks?|stars?|days?)\s*(?:->|→|=|:|-|,)?\s*", re.IGNORECASE)


def capital(text):
    """Return text with its first letter in capitals and the rest untouched."""
    return text[:1].upper() + text[1:]


def reward_words(task):
    """Return the reward's text without a leading tick count (the count is the task's own)."""
    return _COUNT_PREFIX.sub("", task.reward_plan.strip(), count=1).strip()


def reward_line(task, unit="ticks"):
    """Return the one reward definition: "7 ticks → a trip to the park"."""
    count = task.reward_ticks
    noun = unit if count != 1 else unit.rstrip("s")
    text = reward_words(task)
    return f"{count} {noun} → {text}" if text else f"{count} {noun}"


def sessions_text(sessions, disciplines=()):
    """Return every booked next session, one a line, and a line for each discipline with none.

    sessions: (starts_at, with whom, discipline) tuples, soonest first."""
    lines = [
        f"Next {discipline} session: {datetime_text(when, weekday=True, year=False)} with {who}"
        for when, who, discipline in sessions
    ]
    booked = {discipline for _, _, discipline in sessions}
    lines += [
        f"No {d} session booked yet: please ask us to book one." for d in disciplines if d not in booked
    ]
    return "\n".join(lines) or "No session booked yet: please ask us to book the next one."
