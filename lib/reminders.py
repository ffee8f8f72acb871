"""Calendar reminders (RFC 5545 .ics): one recurring event per task, with an alarm.

Each active task becomes a repeating event at its routine time (18:00 when none is set) in
the clinic's time zone, repeating on the task's days until its review date (else its end
date, else eight weeks from the download), with an alarm at the start. A task asked for on "any N days a week" repeats daily: the family picks which days
to practise, and the reminder keeps the habit in view on each of them.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from lib import clock
from lib.printables import schedule_text, when_text

DEFAULT_TIME = time(18, 0)
DEFAULT_WEEKS = 8
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIME = "text/calendar"


def recurrence(task):
    """Return the task's RRULE parts (without UNTIL): weekly on its weekdays, else daily."""
    if task.weekdays is not None and len(task.weekdays) < 7:
        return {"freq": "weekly", "byday": [BYDAY[d] for d in task.weekdays]}
    return {"freq": "daily"}


def reminder_until(task, today):
    """Return the last date the reminder repeats: the review date, the end date, or eight weeks on."""
    dates = [d for d in (task.review_date, task.end_date) if d is not None]
    if dates:
        return min(dates)
    return max(task.start_date, today) + timedelta(weeks=DEFAULT_WEEKS)


def first_occurrence(task, from_day):
    """Return the first scheduled day on or after from_day (and the task's start)."""
    day = max(task.start_date, from_day)
    if task.weekdays is not None and len(task.weekdays) < 7:
        while day.weekday() not in task.weekdays:
            day += timedelta(days=1)
    return day


def _event(sheet, task, zone, today, stamp):
    until = reminder_until(task, today)
    first = first_occurrence(task, today)
    if first > until:
        return None
    start = datetime.combine(first, task.routine_time or DEFAULT_TIME, tzinfo=zone)
    last = datetime.combine(until, time(23, 59), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    event = Event()
    event.add("uid", f"assignment-{task.id}-family-{sheet.family_id}@home-practice")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=task.minutes))
    event.add("summary", f"{sheet.word[:1].upper()}{sheet.word[1:]}: {task.title}")
    lines = [
        f"When: {when_text(task)}, about {task.minutes} minutes, {schedule_text(task)}.",
        f"You need: {task.materials.strip()}" if task.materials.strip() else "",
        task.instructions.strip(),
        f"Reward: {task.reward_plan.strip()}" if task.reward_plan.strip() else "",
        f"These reminders run until {until.strftime('%-d %B %Y')}.",
    ]
    if task.weekdays is None and task.days_per_week < 7:
        lines.insert(
            1,
            f"Any {task.days_per_week} days a week: this reminder comes daily, pick the days that suit you.",
        )
    event.add("description", "\n".join(line for line in lines if line))
    event.add("rrule", {**recurrence(task), "until": last})
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Time for {sheet.word}: {task.title}")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def family_calendar(sheet, today, now=None):
    """Return the .ics bytes for a FamilySheet: a recurring event with an alarm per active task."""
    zone = ZoneInfo(sheet.timezone)
    stamp = (now or clock.now()).astimezone(ZoneInfo("UTC"))  # a naive time is local
    cal = Calendar()
    cal.add("prodid", "-//Home Practice//Reminders//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{sheet.family_name}: {sheet.word}")
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
