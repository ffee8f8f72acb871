"""Calendar reminders (RFC 5545 .ics): one recurring event per task, at the time the therapist set.

A task with a reminder time becomes a repeating event at that time in the clinic's time zone,
with an alarm at the start. A task without a time never gets an invented one: it becomes an
all-day note with no alarm, saying to ask for a time. Fixed weekdays repeat weekly on those
days; "any N days a week" either nudges daily (worded as a nudge: pick the days) or reminds on
the days the therapist chose with the family. Reminders run to the task's end date, else eight
weeks from the download; a review date that has passed does not stop them (the caseload flags
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
from lib.printables.words import DAY_NAMES, capital, join_words, reward_line
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


def reminder_days(task):
    """Return the weekdays (0=Mon) the reminder comes on, or None for every day."""
    if task.weekdays is not None and len(task.weekdays) < 7:
        return tuple(task.weekdays)
    if task.weekdays is None and task.reminder_mode == "days" and task.reminder_days:
        return tuple(task.reminder_days) if len(task.reminder_days) < 7 else None
    return None


def is_nudge(task):
    """Return True for an "any N days" task that reminds every day as a nudge."""
    return task.weekdays is None and task.days_per_week < 7 and reminder_days(task) is None


def recurrence(task):
    """Return the task's RRULE parts (without UNTIL): weekly on its reminder days, else daily."""
    days = reminder_days(task)
    if days is not None:
        return {"freq": "weekly", "byday": [BYDAY[d] for d in days]}
    return {"freq": "daily"}


def reminder_until(task, today):
    """Return the last date the reminder repeats: the end date, else eight weeks on.

    A review date does not stop the reminders: the practice goes on until the review happens."""
    if task.end_date is not None:
        return task.end_date
    return max(task.start_date, today) + timedelta(weeks=DEFAULT_WEEKS)


def first_occurrence(task, from_day):
    """Return the first reminder day on or after from_day (and the task's start)."""
    day = max(task.start_date, from_day)
    days = reminder_days(task)
    while days is not None and day.weekday() not in days:
        day += timedelta(days=1)
    return day


def reminder_words(task):
    """Return when the reminder comes, in plain words."""
    days = reminder_days(task)
    when = "every day" if days is None else "on " + join_words(DAY_NAMES[d] for d in days)
    if task.routine_time is None:
        return f"No reminder time was set, so this shows as a note {when} without an alarm."
    return f"Reminder {when} at {task.routine_time.strftime('%H:%M')}."


def _description(task, until):
    lines = [f"When: {when_text(task)}, about {task.minutes} minutes, {schedule_text(task)}."]
    if is_nudge(task):
        lines.append(
            f"A daily nudge: practise on any {task.days_per_week} days a week, the days that suit you."
        )
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
