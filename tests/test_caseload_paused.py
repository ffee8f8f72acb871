"""The caseload says a family's practice is paused (until when, when known), never "no home practice set"."""

from datetime import date

import pytest

from lib import assignments
from lib.figures import caseload
from lib.sessions import follow_through
from lib.settings import update_settings
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user

THIS_WEEK = date(2026, 11, 23)  # the week running on TODAY (Wed 25 Nov 2026)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


def flags_of(cur, actor, family, week=THIS_WEEK):
    row = caseload.overview(cur, actor, week, today=TODAY).table.set_index("family_id").loc[family]
    return row["flags"], row["flag_why"]


def test_an_active_family_whose_tasks_are_all_paused_until_a_day_shows_practice_paused_until_then(cur, maya):
    family = make_family(cur, therapist=maya)
    for title in ("Blow bubbles", "Sound hunt"):
        task = make_assignment(cur, family, maya, title, start=date(2026, 11, 2))
        assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20), until=date(2026, 12, 14))
    flags, why = flags_of(cur, maya, family)
    assert "practice paused" in flags and "no home practice set" not in flags
    assert "Home practice is paused: every running task, until 14 Dec." in why


def test_a_pause_without_a_restart_day_says_so(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20))
    flags, why = flags_of(cur, maya, family)
    assert "practice paused" in flags and "no home practice set" not in flags
    assert "paused: every running task, with no day to restart." in why


def test_the_clinics_word_for_practice_is_used(cur, maya):
    update_settings(cur, make_user(cur, "lee", role="lead"), {"practice_word": "activity of the week"})
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20))
    assert "Activity of the week is paused: every running task" in flags_of(cur, maya, family)[1]


def test_one_task_still_running_is_not_paused_practice(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, "Sound hunt", start=date(2026, 11, 2))
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20))
    assert "practice paused" not in flags_of(cur, maya, family)[0]


def test_a_break_planned_ahead_is_not_paused_practice_in_the_weeks_before_it(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=date(2026, 11, 2))
    follow_through.plan_break(cur, maya, family, date(2026, 12, 7), date(2027, 1, 11), today=TODAY)
    assert "practice paused" not in flags_of(cur, maya, family)[0]
    later = caseload.overview(cur, maya, date(2026, 12, 7), today=date(2026, 12, 9)).table.set_index(
        "family_id"
    )
    assert "practice paused" in later.loc[family, "flags"]
    assert (
        "every running task, for a planned break until the check-in on 11 Jan."
        in later.loc[family, "flag_why"]
    )


def test_a_week_judged_before_a_pause_started_is_not_paused(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20))
    assert "practice paused" not in flags_of(cur, maya, family, date(2026, 11, 9))[0]


def test_a_family_with_no_task_at_all_still_has_no_homework_set(cur, maya):
    family = make_family(cur, therapist=maya)
    flags, _ = flags_of(cur, maya, family)
    assert "no home practice set" in flags and "practice paused" not in flags


def test_a_family_paused_after_a_low_week_reads_as_paused_not_initial(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))  # never ticked: low every week
    assert caseload.family_stage(cur, maya, family, as_of=TODAY).stage == "initial"
    assignments.pause_assignment(cur, maya, task, on=date(2026, 11, 20), until=date(2026, 12, 14))
    stage = caseload.family_stage(cur, maya, family, as_of=TODAY)
    assert (stage.name, stage.stage) == ("none", "none")
    assert stage.why.startswith("Practice is paused: every running task")
    row = (
        caseload.overview(cur, maya, date(2026, 11, 16), today=TODAY).table.set_index("family_id").loc[family]
    )
    assert row["stage"] == "none" and "practice paused" in row["flags"]
