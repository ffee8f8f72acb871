"""What the family hears when nothing runs: a planned break or paused tasks, until when, and what then."""

from datetime import date, timedelta

import pytest

from lib import assignments
from lib.errors import InvalidInput
from lib.sessions import follow_through
from tests.factories import MONDAY, make_assignment, make_family, make_user

TODAY = date(2026, 11, 25)


@pytest.fixture
def family(cur):
    maya = make_user(cur, "maya")
    family_id = make_family(cur, "Sam K.", therapist=maya)
    return maya, family_id, make_assignment(cur, family_id, maya, start=MONDAY)


def test_a_running_planned_break_says_until_when_and_that_we_check_in_then(cur, family):
    maya, family_id, _ = family
    follow_through.plan_break(cur, maya, family_id, TODAY, date(2027, 1, 11), today=TODAY)
    words = follow_through.pause_words(cur, maya, family_id, today=TODAY)
    assert "paused for a planned break until Monday 11 January" in words
    assert "we check in with you" in words


def test_a_planned_break_still_ahead_says_when_it_starts(cur, family):
    maya, family_id, _ = family
    follow_through.plan_break(cur, maya, family_id, TODAY + timedelta(days=5), date(2027, 1, 11), today=TODAY)
    words = follow_through.pause_words(cur, maya, family_id, today=TODAY)
    assert words.startswith("A planned break from home practice starts on Monday 30 November.")


def test_a_task_paused_until_a_day_says_that_day_and_what_happens_then(cur, family):
    maya, family_id, task_id = family
    assignments.pause_assignment(cur, maya, task_id, on=TODAY, until=date(2026, 12, 14))
    assert assignments.get_assignment(cur, maya, task_id).paused_until == date(2026, 12, 14)
    words = follow_through.pause_words(cur, maya, family_id, today=TODAY)
    assert "paused until Monday 14 December" in words and "start it again with you" in words


def test_a_pause_without_an_end_says_it_is_agreed_together(cur, family):
    maya, family_id, task_id = family
    assignments.pause_assignment(cur, maya, task_id, on=TODAY)
    words = follow_through.pause_words(cur, maya, family_id, today=TODAY)
    assert words.startswith("Home practice is paused for now") and "We agree together when" in words


def test_nothing_is_said_while_practice_runs(cur, family):
    maya, family_id, _ = family
    assert follow_through.pause_words(cur, maya, family_id, today=TODAY) == ""


def test_starting_the_task_again_clears_its_planned_end(cur, family):
    maya, family_id, task_id = family
    assignments.pause_assignment(cur, maya, task_id, on=TODAY, until=date(2026, 12, 14))
    assignments.resume_assignment(cur, maya, task_id, on=TODAY + timedelta(days=2))
    assert assignments.get_assignment(cur, maya, task_id).paused_until is None


@pytest.mark.parametrize("until", [TODAY, TODAY - timedelta(days=1), TODAY + timedelta(days=400)])
def test_a_pause_end_before_its_start_or_beyond_a_year_is_refused(cur, family, until):
    maya, _, task_id = family
    with pytest.raises(InvalidInput) as err:
        assignments.pause_assignment(cur, maya, task_id, on=TODAY, until=until)
    assert err.value.field == "until"
    assert assignments.get_assignment(cur, maya, task_id).status == "active"


def test_the_caseload_flags_a_task_whose_planned_restart_has_come(cur, family):
    maya, family_id, task_id = family
    assignments.pause_assignment(cur, maya, task_id, on=TODAY, until=date(2026, 12, 14))
    assert follow_through.caseload_flags(cur, maya, [family_id], today=date(2026, 12, 13)).empty
    flags = follow_through.caseload_flags(cur, maya, [family_id], today=date(2026, 12, 14))
    assert flags.to_dict("records") == [
        {"family_id": family_id, "flag": "restart due", "why": "A paused task was to start again on 14 Dec."}
    ]
