"""Calendar reminders (RFC 5545 .ics): one recurring event per task, at the time the therapist set.

A task with a usual time becomes a repeating event at that time in the clinic's time zone,
with an alarm at the start. A task without a time never gets an invented one: it becomes an
all-day note with no alarm, saying how to get one. Fixed weekdays repeat weekly on those
days; "any N days a week" reminds on the days the family chose, else nudges on the routine's
days (the days its words name, "Saturday swimming"; a school routine: Monday to Friday; any
other, or a routine with fewer days than the task asks for: every day), worded as a nudge.
Reminders run to the task's end date, else eight weeks from the download; a review date that has passed does not stop them (the caseload flags
the overdue review instead). Typed text is made safe for a calendar line first.
"""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from lib import clock
from lib.assignments.safety import MARK as SAFETY_MARK
from lib.assignments.safety import safety_lines
from lib.printables import schedule_text, when_text
from lib.printables.words import DAY_NAMES, alarm_howto, capital, join_words, reward_line
from lib.words import date_text

DEFAULT_WEEKS = 8
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIME = "text/calendar"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def one_line(text):
    """Return typed text on one line, without control characters (for a summary or a name)."""
    return " ".join(_CONTROL.sub(" ", str(text or "").replace("\r", " ").replace("\n", " ")).split())


def safe_text(text):
    """Return typed text with its line breaks kept and every other control character removed."""
    return _CONTROL.sub(" ", str(text or "").replace("\r\n", "\n").replace("\r", "\n"))


# a routine that happens on school or nursery days only: its nudges never come at the weekend
SCHOOL_ROUTINE = re.compile(
    r"\b(?:school|pre-?school|nursery|kindergarten|day ?care|childcare|childminder|pick-?up|drop-?off)\b",
    re.IGNORECASE,
)
SCHOOL_DAYS = (0, 1, 2, 3, 4)
WEEKEND = (5, 6)
# a routine that names its days: "Saturday swimming", "on Tuesdays and Thursdays", "weekend breakfast"
NAMED_DAYS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week-?day)s?\b", re.IGNORECASE
)
_DAY_NUMBER = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}


def routine_days(anchor):
    """Return the weekdays (0=Mon) a routine happens on, else None (every day).

    The days its words name (a weekday, "weekend", "weekdays"); else school days for a school routine."""
    named = set()
    for word in NAMED_DAYS.findall(anchor or ""):
        word = word.lower().replace("-", "")
        named |= set(
            WEEKEND if word == "weekend" else SCHOOL_DAYS if word == "weekday" else (_DAY_NUMBER[word],)
        )
    if named:
        return tuple(sorted(named)) if len(named) < 7 else None
    return SCHOOL_DAYS if SCHOOL_ROUTINE.search(anchor or "") else None


def nudge_days(anchor, days_per_week):
    """Return the days an "any N days" nudge comes on: the routine's days when N of them fit, else None (every day)."""
    days = routine_days(anchor)
    return days if days is not None and len(days) >= int(days_per_week or 0) else None


def chosen_days(task):
    """Return the days an "any N days" task reminds on, as chosen with the family, or None."""
    if task.weekdays is None and task.reminder_mode == "days" and task.reminder_days:
        return tuple(task.reminder_days)
    return None


def reminder_days(task):
    """Return the weekdays (0=Mon) the reminder comes on, or None for every day.

    Fixed weekdays; else the days chosen with the family; else an "any N days" nudge on the routine's days."""
    if task.weekdays is not None and len(task.weekdays) < 7:
        return tuple(task.weekdays)
    days = chosen_days(task) or (
        nudge_days(task.routine_anchor, task.days_per_week) if is_nudge(task) else None
    )
    return days if days is not None and len(days) < 7 else None


def is_nudge(task):
    """Return True for an "any N days" task whose days were not chosen: it nudges on the routine's days."""
    return task.weekdays is None and task.days_per_week < 7 and chosen_days(task) is None


def recurrence(task):
    """Return the task's RRULE parts (without UNTIL): weekly on its reminder days, else daily."""
    days = reminder_days(task)
    if days is not None:
        return {"freq": "weekly", "byday": [BYDAY[d] for d in days]}
    return {"freq": "daily"}


def reminder_until(task, today):
    """Return the last date the reminder repeats: the end date, else eight weeks on; a break planned
    ahead stops them the day before it starts.

    A review date does not stop the reminders: the practice goes on until the review happens."""
    until = (
        task.end_date
        if task.end_date is not None
        else max(task.start_date, today) + timedelta(weeks=DEFAULT_WEEKS)
    )
    if task.paused_from is not None:
        until = min(until, task.paused_from - timedelta(days=1))
    return until


def first_occurrence(task, from_day):
    """Return the first reminder day on or after from_day (and the task's start)."""
    day = max(task.start_date, from_day)
    days = reminder_days(task)
    while days is not None and day.weekday() not in days:
        day += timedelta(days=1)
    return day


def days_words(days):
    """Return reminder days in plain words: 'every day', 'Monday to Friday', 'on Tue and Sat'."""
    if days is None:
        return "every day"
    if tuple(days) == SCHOOL_DAYS:
        return "Monday to Friday"
    return "on " + join_words(DAY_NAMES[d] for d in days)


def reminder_words(task):
    """Return when the reminder comes, in plain words, and how to get an alarm when it has no time."""
    when = days_words(reminder_days(task))
    if task.routine_time is None:
        return f"This shows as a note {when}, without an alarm. {alarm_howto(task)}"
    return f"Reminder {when} at {task.routine_time.strftime('%H:%M')}."


def nudge_words(task):
    """Return what an "any N days" nudge asks: any N of the days it comes on."""
    days = reminder_days(task)
    if days is None:
        return f"A daily nudge: practise on any {task.days_per_week} days a week, the days that suit you."
    return (
        f"A nudge {days_words(days)}, the days of {task.routine_anchor.strip()}: practise on any "
        f"{task.days_per_week} of them that suit you."
    )


def _description(task, until):
    lines = [f"When: {when_text(task)}, about {task.minutes} minutes, {schedule_text(task)}."]
    if is_nudge(task):
        lines.append(nudge_words(task))
    lines += [
        f"You need: {task.materials.strip()}" if task.materials.strip() else "",
        task.instructions.strip(),
        *(f"{SAFETY_MARK}: {line}" for line in safety_lines(task.safety)),
        f"Reward: {reward_line(task)}" if task.reward_plan.strip() else "",
        reminder_words(task),
        f"These reminders run until {date_text(until, long=True)}.",
    ]
    return safe_text("\n".join(line for line in lines if line))


def _event(sheet, task, zone, today, stamp):
    until = reminder_until(task, today)
    first = first_occurrence(task, today)
    if first > until:
        return None
    event = Event()
    event.add("uid", f"assignment-{task.id}-family-{sheet.family_id}@home-practice")
    event.add("dtstamp", stamp)
    title = one_line(task.title)
    if task.routine_time is None:
        event.add("dtstart", first)  # a DATE: an all-day note, no invented time
        event.add("rrule", {**recurrence(task), "until": until})
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", datetime.combine(first, task.routine_time, tzinfo=zone))
        event.add("duration", timedelta(minutes=task.minutes))
        last = datetime.combine(until, time(23, 59), tzinfo=zone).astimezone(ZoneInfo("UTC"))
        event.add("rrule", {**recurrence(task), "until": last})
    event.add("summary", ("Nudge: " if is_nudge(task) else "") + f"{capital(one_line(sheet.word))}: {title}")
    event.add("description", _description(task, until))
    if task.routine_time is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Time to practise: {title}")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
    return event


def family_calendar(sheet, today, now=None):
    """Return the .ics bytes for a FamilySheet: a recurring event per active task."""
    zone = ZoneInfo(sheet.timezone)
    stamp = (now or clock.now()).astimezone(ZoneInfo("UTC"))  # a naive time is local
    cal = Calendar()
    cal.add("prodid", "-//Home Practice//Reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{one_line(sheet.family_name)}: {one_line(sheet.word)}")
    for task in sheet.tasks:
        event = _event(sheet, task, zone, today, stamp)
        if event is not None:
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def calendar_file_name(sheet):
    """Return a safe download name for the family's calendar file."""
    safe = "".join(c if c.isalnum() else "-" for c in sheet.family_name).strip("-").lower() or "family"
    return f"{safe}-reminders.ics"
