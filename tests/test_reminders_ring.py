"""Reminders that ring (issue 24 part 5): an alarm at the usual time, a how-to without one, nudges on fitting days."""

from datetime import date, time

import pypdfium2
import pytest
from icalendar import Calendar

from lib.printables import reminders
from lib.printables.fridge import fridge_sheet
from tests.conftest import TODAY  # a Wednesday
from tests.factories import make_sheet, make_sheet_task


def events(*tasks):
    return list(Calendar.from_ical(reminders.family_calendar(make_sheet(*tasks), TODAY)).walk("VEVENT"))


def sheet_text(*tasks):
    doc = pypdfium2.PdfDocument(bytes(fridge_sheet(make_sheet(*tasks), TODAY).output()))
    return " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def test_a_timed_task_rings_at_its_usual_time():
    (event,) = events(make_sheet_task(routine_time=time(18, 30)))
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert event.decoded("DTSTART").time() == time(18, 30)
    assert "Reminder on Mon, Wed and Fri at 18:30." in str(event["DESCRIPTION"])


def test_an_untimed_task_says_in_the_ics_how_to_get_an_alarm():
    (event,) = events(make_sheet_task(routine_time=None))
    assert event.walk("VALARM") == []
    description = " ".join(str(event["DESCRIPTION"]).split())
    assert "No time set, so no alarm yet: tell us when it usually happens" in description
    assert "set an alarm on your phone for that time yourself" in description


def test_the_fridge_sheet_says_how_to_get_an_alarm_only_for_an_untimed_task():
    timed = make_sheet_task(id=1, title="Peg the socks", routine_time=time(17, 30))
    untimed = make_sheet_task(id=2, title="Blow bubbles", routine_time=None)
    text = " ".join(sheet_text(timed, untimed).split())
    assert "around 17:30" in text
    assert text.count("No time set, so no alarm yet") == 1


@pytest.mark.parametrize(
    "anchor", ["on the walk to school", "after the after-school snack", "at nursery drop-off", "at pick-up"]
)
def test_an_any_days_nudge_on_a_school_routine_never_comes_at_the_weekend(anchor):
    (event,) = events(make_sheet_task(weekdays=None, days_per_week=5, routine_anchor=anchor))
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event["RRULE"]["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
    assert str(event["SUMMARY"]).startswith("Nudge: ")
    assert "A nudge Monday to Friday" in str(event["DESCRIPTION"])
    assert "any 5 of them" in str(event["DESCRIPTION"])


def test_an_any_days_nudge_on_an_everyday_routine_comes_every_day():
    (event,) = events(make_sheet_task(weekdays=None, days_per_week=4, routine_anchor="at bath time"))
    assert event["RRULE"]["FREQ"] == ["DAILY"]


def test_the_days_the_family_chose_win_over_the_routines_days():
    task = make_sheet_task(
        weekdays=None,
        days_per_week=2,
        routine_anchor="on the walk to school",
        reminder_mode="days",
        reminder_days=(5, 6),
    )
    (event,) = events(task)
    assert event["RRULE"]["BYDAY"] == ["SA", "SU"]
    assert event.decoded("DTSTART").date() == date(2026, 11, 28)


def test_a_set_weekday_task_keeps_its_own_days_whatever_its_routine():
    (event,) = events(make_sheet_task(weekdays=(0, 2), routine_anchor="on the walk to school"))
    assert event["RRULE"]["BYDAY"] == ["MO", "WE"]


def test_homeschool_or_a_school_word_inside_another_is_not_a_school_routine():
    assert reminders.routine_days("after homeschool maths") is None
    assert reminders.routine_days("on the walk to school") == (0, 1, 2, 3, 4)


@pytest.mark.parametrize(
    "anchor,days,byday",
    [
        ("Saturday swimming, after the lesson", 1, ["SA"]),
        ("at weekend breakfast", 2, ["SA", "SU"]),
        ("on Tuesdays and Thursdays at football", 2, ["TU", "TH"]),
        ("after school on Mondays, Wednesdays and Fridays", 3, ["MO", "WE", "FR"]),
        ("on weekday mornings", 4, ["MO", "TU", "WE", "TH", "FR"]),
    ],
)
def test_an_any_days_nudge_comes_only_on_the_days_its_routine_names(anchor, days, byday):
    (event,) = events(make_sheet_task(weekdays=None, days_per_week=days, routine_anchor=anchor))
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == byday
    assert event.decoded("DTSTART").weekday() in [reminders.BYDAY.index(d) for d in byday]


def test_a_routine_with_fewer_days_than_the_task_asks_for_nudges_every_day():
    (event,) = events(make_sheet_task(weekdays=None, days_per_week=3, routine_anchor="at weekend breakfast"))
    assert event["RRULE"]["FREQ"] == ["DAILY"]


def test_a_day_word_inside_another_word_names_no_day():
    assert reminders.routine_days("in the sun after a sundae") is None
    assert reminders.routine_days("on the walk to school on Fridays") == (4,)  # the named day wins
