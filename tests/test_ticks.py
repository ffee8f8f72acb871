"""Recording ticks and skip days, and the week grid they are entered on."""

import json
from datetime import date, timedelta

import pytest

from lib import ticks, versions
from lib.errors import InvalidInput, NotFound, NotYourFamily
from tests.conftest import TODAY
from tests.factories import (
    add_version,
    make_assignment,
    make_caregiver,
    make_family,
    make_user,
)

LAST_MONDAY = date(2026, 11, 16)  # the week before TODAY (Wed 25 Nov 2026)


@pytest.fixture
def setup(cur):
    therapist = make_user(cur)
    family = make_family(cur, therapist=therapist)
    task = make_assignment(cur, family, therapist, start=date(2026, 11, 2), weekdays=[0, 2, 4])
    return therapist, family, task


def tick_count(cur, task):
    return cur.execute("SELECT count(*) FROM ticks WHERE assignment_id = ?", [task]).fetchone()[0]


def audit_actions(cur):
    return [r[0] for r in cur.execute("SELECT action FROM audit_log ORDER BY id").fetchall()]


def test_a_tick_is_saved_with_its_details_and_both_dates(cur, setup):
    therapist, family, task = setup
    helper = make_caregiver(cur, family)
    assert ticks.record_tick(
        cur, therapist, task, LAST_MONDAY, minutes=7, caregiver_id=helper, how_it_went="easy", today=TODAY
    )
    saved = ticks.get_tick(cur, therapist, task, LAST_MONDAY)
    assert (saved.minutes, saved.caregiver_id, saved.evidence) == (7, helper, "sheet")
    assert saved.entered_by == therapist.id and saved.entered_at.date() >= LAST_MONDAY


def test_ticking_the_same_day_twice_changes_nothing(cur, setup):
    therapist, _, task = setup
    assert ticks.record_tick(cur, therapist, task, LAST_MONDAY, minutes=5, today=TODAY)
    assert not ticks.record_tick(cur, therapist, task, LAST_MONDAY, minutes=30, today=TODAY)
    assert tick_count(cur, task) == 1
    assert ticks.get_tick(cur, therapist, task, LAST_MONDAY).minutes == 5
    assert audit_actions(cur).count("tick") == 1


@pytest.mark.parametrize(
    "day, words",
    [
        (TODAY + timedelta(days=1), "has not come yet"),
        (date(2026, 11, 1), "started on"),
    ],
)
def test_ticks_outside_the_schedule_are_refused_and_nothing_is_saved(cur, setup, day, words):
    therapist, _, task = setup
    with pytest.raises(ticks.TickOutsideSchedule, match=words) as caught:
        ticks.record_tick(cur, therapist, task, day, today=TODAY)
    assert caught.value.field == "practice_date"
    assert tick_count(cur, task) == 0 and "tick" not in audit_actions(cur)


def test_a_tick_after_the_task_ended_is_refused(cur, setup):
    therapist, family, _ = setup
    ended = make_assignment(
        cur, family, therapist, start=date(2026, 10, 1), end=date(2026, 11, 10), days_per_week=3
    )
    assert ticks.record_tick(cur, therapist, ended, date(2026, 11, 10), today=TODAY)
    with pytest.raises(ticks.TickOutsideSchedule, match="ended on Tue 10 Nov 2026"):
        ticks.record_tick(cur, therapist, ended, date(2026, 11, 11), today=TODAY)


def test_a_paused_day_cannot_be_ticked_but_the_day_it_resumed_can(cur, setup):
    therapist, _, task = setup
    add_version(cur, task, date(2026, 11, 9), "paused", therapist)
    add_version(cur, task, date(2026, 11, 16), "resumed", therapist)
    with pytest.raises(ticks.TickOutsideSchedule, match="paused"):
        ticks.record_tick(cur, therapist, task, date(2026, 11, 13), today=TODAY)
    assert ticks.record_tick(cur, therapist, task, date(2026, 11, 16), today=TODAY)


def test_a_pause_without_resume_lasts_until_today(cur, setup):
    therapist, _, task = setup
    add_version(cur, task, date(2026, 11, 20), "paused", therapist)
    with pytest.raises(ticks.TickOutsideSchedule):
        ticks.record_tick(cur, therapist, task, TODAY, today=TODAY)


def test_an_unplanned_weekday_can_still_be_ticked_as_extra_practice(cur, setup):
    therapist, _, task = setup
    assert ticks.record_tick(cur, therapist, task, date(2026, 11, 17), today=TODAY)


@pytest.mark.parametrize(
    "details, field",
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": 2.5}, "minutes"),
        ({"how_it_went": "great"}, "how_it_went"),
        ({"evidence": "rumour"}, "evidence"),
        ({"caregiver_id": 999}, "caregiver_id"),
    ],
)
def test_bad_tick_details_name_the_field_and_save_nothing(cur, setup, details, field):
    therapist, _, task = setup
    with pytest.raises(InvalidInput) as caught:
        ticks.record_tick(cur, therapist, task, LAST_MONDAY, today=TODAY, **details)
    assert caught.value.field == field and tick_count(cur, task) == 0


def test_another_familys_caregiver_cannot_be_named_as_the_helper(cur, setup):
    therapist, _, task = setup
    stranger = make_caregiver(cur, make_family(cur, "Other F."))
    with pytest.raises(InvalidInput, match="this family's caregivers"):
        ticks.record_tick(cur, therapist, task, LAST_MONDAY, caregiver_id=stranger, today=TODAY)


def test_a_therapist_cannot_tick_another_therapists_family(cur, setup):
    _, _, task = setup
    stranger = make_user(cur, "stranger")
    with pytest.raises(NotYourFamily):
        ticks.record_tick(cur, stranger, task, LAST_MONDAY, today=TODAY)
    with pytest.raises(NotFound):
        ticks.record_tick(cur, stranger, 9999, LAST_MONDAY, today=TODAY)


def test_unticking_deletes_the_tick_and_keeps_its_old_values_in_the_audit_log(cur, setup):
    therapist, _, task = setup
    ticks.record_tick(cur, therapist, task, LAST_MONDAY, minutes=6, evidence="photo", today=TODAY)
    assert ticks.remove_tick(cur, therapist, task, LAST_MONDAY)
    assert tick_count(cur, task) == 0
    detail = json.loads(cur.execute("SELECT detail FROM audit_log WHERE action = 'untick'").fetchone()[0])
    assert detail["old"]["minutes"] == 6 and detail["old"]["evidence"] == "photo"
    assert not ticks.remove_tick(cur, therapist, task, LAST_MONDAY)


def test_updating_a_tick_changes_its_details_and_audits_both_versions(cur, setup):
    therapist, _, task = setup
    ticks.record_tick(cur, therapist, task, LAST_MONDAY, today=TODAY)
    ticks.update_tick(
        cur,
        therapist,
        task,
        LAST_MONDAY,
        minutes=12,
        how_it_went="hard",
        distress=True,
        expected_version=versions.ANY,
    )
    saved = ticks.get_tick(cur, therapist, task, LAST_MONDAY)
    assert (saved.minutes, saved.how_it_went, saved.distress) == (12, "hard", True)
    with pytest.raises(NotFound):
        ticks.update_tick(cur, therapist, task, date(2026, 11, 18), minutes=3, expected_version=versions.ANY)


def test_skip_days_cover_a_range_once_and_can_be_removed(cur, setup):
    therapist, family, _ = setup
    assert ticks.add_skip_days(cur, therapist, family, date(2026, 11, 18), date(2026, 11, 20), "illness") == 3
    assert ticks.add_skip_days(cur, therapist, family, date(2026, 11, 20), date(2026, 11, 21), "illness") == 1
    assert ticks.remove_skip_day(cur, therapist, family, date(2026, 11, 19)) == 1
    listed = ticks.list_skip_days(cur, therapist, family, date(2026, 11, 1), TODAY)
    assert list(listed["day"]) == [date(2026, 11, d) for d in (21, 20, 18)]
    assert set(listed["reason"]) == {"illness"} and {"skip", "unskip"} <= set(audit_actions(cur))


def test_a_skip_day_can_be_for_one_task_only(cur, setup):
    therapist, family, task = setup
    ticks.add_skip_days(cur, therapist, family, LAST_MONDAY, reason="hospital", assignment_id=task)
    listed = ticks.list_skip_days(cur, therapist, family, LAST_MONDAY, LAST_MONDAY)
    assert list(listed["title"]) == ["Blow bubbles"]
    assert ticks.remove_skip_day(cur, therapist, family, LAST_MONDAY) == 0


@pytest.mark.parametrize(
    "first, last, reason, field",
    [
        (date(2026, 11, 20), date(2026, 11, 18), "illness", "last_day"),
        (date(2026, 1, 1), date(2026, 11, 1), "holiday", "last_day"),
        (date(2026, 11, 20), None, "bored", "reason"),
        ("20/11/2026", None, "illness", "first_day"),
    ],
)
def test_bad_skip_days_name_the_field_and_save_nothing(cur, setup, first, last, reason, field):
    therapist, family, _ = setup
    with pytest.raises(InvalidInput) as caught:
        ticks.add_skip_days(cur, therapist, family, first, last, reason)
    assert caught.value.field == field
    assert cur.execute("SELECT count(*) FROM skip_days").fetchone()[0] == 0


def test_a_skip_day_for_another_familys_task_is_refused(cur, setup):
    therapist, _, task = setup
    other = make_family(cur, "Other F.", therapist=therapist)
    with pytest.raises(InvalidInput, match="this family's tasks"):
        ticks.add_skip_days(cur, therapist, other, LAST_MONDAY, assignment_id=task)


def grid_states(grid, task):
    return list(grid[grid["assignment_id"] == task]["state"])


def test_the_week_grid_runs_monday_to_sunday_with_a_state_per_day(cur, setup):
    therapist, family, task = setup
    ticks.record_tick(cur, therapist, task, date(2026, 11, 23), today=TODAY)
    grid = ticks.week_grid(cur, therapist, family, TODAY, today=TODAY)
    assert list(grid["day"]) == [date(2026, 11, 23) + timedelta(days=i) for i in range(7)]
    assert grid_states(grid, task) == ["planned", "unscheduled", "planned"] + ["future"] * 4
    assert list(grid["ticked"]) == [True] + [False] * 6


def test_the_week_grid_shows_skip_days_pauses_and_a_mid_week_start(cur, setup):
    therapist, family, task = setup
    late = make_assignment(cur, family, therapist, "Hop", start=date(2026, 11, 19), days_per_week=4)
    ticks.add_skip_days(cur, therapist, family, date(2026, 11, 20), reason="illness")
    add_version(cur, task, date(2026, 11, 21), "paused", therapist)
    grid = ticks.week_grid(cur, therapist, family, LAST_MONDAY, today=TODAY)
    assert (
        grid_states(grid, task)
        == ["planned", "unscheduled", "planned", "unscheduled", "skipped"] + ["paused"] * 2
    )
    assert grid_states(grid, late) == ["not_started"] * 3 + ["any_day", "skipped", "any_day", "any_day"]
    assert set(grid[grid["state"] == "skipped"]["skip_reason"]) == {"illness"}


def test_the_week_grid_leaves_out_tasks_that_ended_before_the_week(cur, setup):
    therapist, family, task = setup
    make_assignment(
        cur, family, therapist, "Old", start=date(2026, 10, 1), end=date(2026, 11, 13), days_per_week=3
    )
    make_assignment(cur, family, therapist, "Next month", start=date(2026, 12, 1), days_per_week=3)
    grid = ticks.week_grid(cur, therapist, family, LAST_MONDAY, today=TODAY)
    assert set(grid["title"]) == {"Blow bubbles"}


def test_reward_progress_counts_stars_toward_the_next_reward(cur, setup):
    therapist, family, task = setup
    for day in range(2, 9):  # 7 ticks with a reward every 5
        ticks.record_tick(cur, therapist, task, date(2026, 11, day), today=TODAY)
    row = ticks.reward_progress(cur, therapist, family, as_of=TODAY).iloc[0]
    assert (row["ticks"], row["stars"], row["rewards_earned"]) == (7, 2, 1)


def test_session_dates_and_version_marks_are_read_for_the_charts(cur, setup):
    therapist, family, task = setup
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status) VALUES"
        " (?, ?, 'OT', TIMESTAMP '2026-11-17 10:00', 'attended'),"
        " (?, ?, 'OT', TIMESTAMP '2026-11-18 10:00', 'cancelled')",
        [family, therapist.id, family, therapist.id],
    )
    add_version(cur, task, date(2026, 11, 17), "made_easier", therapist, reason="shorter")
    assert ticks.list_session_dates(cur, therapist, family, LAST_MONDAY, TODAY) == [date(2026, 11, 17)]
    marks = ticks.list_version_marks(cur, therapist, family)
    assert list(marks["kind"]) == ["made_easier"] and list(marks["day"]) == [date(2026, 11, 17)]


def test_chart_tasks_say_which_are_any_days_a_week(cur, setup):
    therapist, family, task = setup
    flexible = make_assignment(cur, family, therapist, "Hop", start=date(2026, 11, 2), days_per_week=4)
    daily = make_assignment(cur, family, therapist, "Read", start=date(2026, 11, 2), days_per_week=7)
    found = {
        t.assignment_id: t.flexible
        for t in ticks.list_chart_tasks(cur, therapist, family, LAST_MONDAY, TODAY)
    }
    assert found == {task: False, flexible: True, daily: False}
