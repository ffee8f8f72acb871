"""Calendar reminders: the .ics parses and each event repeats on the task's schedule."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from lib.printables import reminders
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


def test_any_n_days_a_week_nudges_daily_and_says_it_is_a_nudge():
    (event,) = events(make_sheet(make_sheet_task(weekdays=None, days_per_week=3)))
    assert event["RRULE"]["FREQ"] == ["DAILY"]
    assert str(event["SUMMARY"]).startswith("Nudge: ")
    assert "A daily nudge: practise on any 3 days a week" in str(event["DESCRIPTION"])


def test_any_n_days_a_week_can_remind_on_the_days_chosen_with_the_family():
    task = make_sheet_task(weekdays=None, days_per_week=2, reminder_mode="days", reminder_days=(1, 5))
    (event,) = events(make_sheet(task))
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TU", "SA"]
    assert not str(event["SUMMARY"]).startswith("Nudge")
    assert event.decoded("DTSTART").date() == date(2026, 11, 28)


def test_every_day_is_not_called_a_nudge():
    (event,) = events(make_sheet(make_sheet_task(weekdays=None, days_per_week=7)))
    assert not str(event["SUMMARY"]).startswith("Nudge")


def test_the_event_starts_at_the_routine_time_on_a_scheduled_day_in_the_clinic_zone():
    (event,) = events(make_sheet(make_sheet_task(weekdays=(3,), routine_time=time(17, 30))))
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 11, 26, 17, 30, tzinfo=ZoneInfo("Europe/London"))
    assert event.decoded("DURATION") == timedelta(minutes=5)


def test_without_a_time_there_is_an_all_day_note_and_no_alarm_not_six_in_the_evening():
    (event,) = events(make_sheet(make_sheet_task(routine_time=None, routine_anchor="on the walk to school")))
    assert event.decoded("DTSTART") == date(2026, 11, 25)  # a date, not a time of day
    assert event.walk("VALARM") == []
    assert "without an alarm" in str(event["DESCRIPTION"])


def test_a_family_with_three_untimed_tasks_gets_no_alarms_at_all():
    tasks = [make_sheet_task(id=i, routine_time=None) for i in (1, 2, 3)]
    assert [e.walk("VALARM") for e in events(make_sheet(*tasks))] == [[], [], []]


def test_the_reminder_runs_to_the_end_date_not_the_review_date():
    (event,) = events(make_sheet(make_sheet_task(review_date=date(2026, 12, 18), end_date=date(2027, 1, 30))))
    until = event["RRULE"]["UNTIL"][0]
    assert until.tzinfo is not None
    assert until.astimezone(ZoneInfo("Europe/London")).date() == date(2027, 1, 30)


def test_without_review_or_end_the_reminder_runs_eight_weeks():
    task = make_sheet_task(review_date=None, end_date=None)
    assert reminders.reminder_until(task, TODAY) == TODAY + timedelta(weeks=8)


def test_each_event_has_a_display_alarm_at_the_start():
    (event,) = events(make_sheet())
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == timedelta(0)


def test_a_task_past_its_review_date_keeps_its_reminders():
    (event,) = events(make_sheet(make_sheet_task(review_date=date(2026, 11, 20), end_date=None)))
    until = event["RRULE"]["UNTIL"][0].astimezone(ZoneInfo("Europe/London")).date()
    assert until == TODAY + timedelta(weeks=8)


def test_a_task_that_has_ended_gets_no_event():
    assert events(make_sheet(make_sheet_task(end_date=date(2026, 11, 20)))) == []
    assert len(events(make_sheet(make_sheet_task(end_date=date(2026, 11, 26))))) == 1  # the control


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


ODD = "Line one\nline two\r\n; semi, comma \\ back\tTAB \x00\x07 BEGIN:VEVENT\nEND:VCALENDAR Zoë 🌟"


def test_any_text_a_form_accepts_parses_back_unbroken():
    task = make_sheet_task(title=ODD, instructions=ODD, materials=ODD, reward_plan=ODD)
    data = reminders.family_calendar(make_sheet(task, family_name=ODD, word="home practice"), TODAY)
    cal = Calendar.from_ical(data)
    (event,) = cal.walk("VEVENT")
    flat = "Line one line two ; semi, comma \\ back TAB BEGIN:VEVENT END:VCALENDAR Zoë 🌟"
    assert str(event["SUMMARY"]) == "Home practice: " + flat
    assert str(cal["X-WR-CALNAME"]) == flat + ": home practice"
    assert "Line one\nline two\n; semi" in str(event["DESCRIPTION"])
    assert b"\x00" not in data and b"\x07" not in data


def test_the_file_name_is_safe():
    assert reminders.calendar_file_name(make_sheet(family_name="Zoë / B.")) == "zoë---b-reminders.ics"
