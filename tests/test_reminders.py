"""Calendar reminders: the .ics parses and each event repeats on the task's schedule."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from lib import reminders
from tests.conftest import TODAY  # a Wednesday
from tests.factories import make_sheet, make_sheet_task


def events(sheet, today=TODAY):
    return list(Calendar.from_ical(reminders.family_calendar(sheet, today)).walk("VEVENT"))


def test_the_calendar_parses_with_one_event_per_task_and_a_timezone():
    cal = Calendar.from_ical(
        reminders.family_calendar(make_sheet(make_sheet_task(), make_sheet_task(id=2)), TODAY)
    )
    assert len(cal.walk("VEVENT")) == 2
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"


def test_fixed_weekdays_repeat_weekly_on_those_days():
    (event,) = events(make_sheet(make_sheet_task(weekdays=(0, 2, 4))))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE", "FR"]


def test_every_day_repeats_daily():
    (event,) = events(make_sheet(make_sheet_task(weekdays=None, days_per_week=7)))
    assert event["RRULE"]["FREQ"] == ["DAILY"] and "BYDAY" not in event["RRULE"]


def test_any_n_days_a_week_reminds_daily_and_says_so():
    (event,) = events(make_sheet(make_sheet_task(weekdays=None, days_per_week=3)))
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    assert "Any 3 days a week" in str(event["DESCRIPTION"])


def test_the_event_starts_at_the_routine_time_on_a_scheduled_day_in_the_clinic_zone():
    (event,) = events(make_sheet(make_sheet_task(weekdays=(3,), routine_time=time(17, 30))))
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 11, 26, 17, 30, tzinfo=ZoneInfo("Europe/London"))
    assert event.decoded("DURATION") == timedelta(minutes=5)


def test_without_a_routine_time_the_reminder_comes_at_six_in_the_evening():
    (event,) = events(make_sheet(make_sheet_task(routine_time=None)))
    assert event.decoded("DTSTART").time() == time(18, 0)


def test_the_reminder_stops_after_the_review_date():
    (event,) = events(make_sheet(make_sheet_task(review_date=date(2026, 12, 18), end_date=date(2027, 1, 30))))
    until = event["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None
    assert until.astimezone(ZoneInfo("Europe/London")).date() == date(2026, 12, 18)


def test_without_review_or_end_the_reminder_runs_eight_weeks():
    task = make_sheet_task(review_date=None, end_date=None)
    assert reminders.reminder_until(task, TODAY) == TODAY + timedelta(weeks=8)


def test_each_event_has_a_display_alarm_at_the_start():
    (event,) = events(make_sheet())
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)


def test_a_task_already_past_its_review_gets_no_event():
    assert events(make_sheet(make_sheet_task(review_date=date(2026, 11, 20)))) == []
    assert len(events(make_sheet(make_sheet_task(review_date=date(2026, 11, 26))))) == 1  # the control


def test_the_events_follow_the_clinic_timezone():
    (event,) = events(make_sheet(timezone="America/New_York"))
    assert str(event.decoded("DTSTART").tzinfo) == "America/New_York"


def test_the_first_occurrences_match_the_schedule():
    (event,) = events(make_sheet(make_sheet_task(weekdays=(1, 5), routine_time=time(9, 0))))
    rule = event["RRULE"].to_ical().decode()
    from dateutil.rrule import rrulestr

    starts = list(rrulestr(rule, dtstart=event.decoded("DTSTART")))[:4]
    assert [d.weekday() for d in starts] == [5, 1, 5, 1]
    assert starts[0].date() == date(2026, 11, 28)


def test_the_file_name_is_safe():
    assert reminders.calendar_file_name(make_sheet(family_name="Zoë / B.")) == "zoë---b-reminders.ics"
