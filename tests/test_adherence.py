from dataclasses import replace
from datetime import timedelta

import pandas as pd
import pytest

from lib.figures import adherence
from lib.settings import DEFAULTS
from tests.factories import MONDAY, days, make_assignment, make_family, make_user, pause, skip, tick

AS_OF = MONDAY + timedelta(days=20)
SETTINGS = {name: default for name, (default, *_) in DEFAULTS.items()}


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, therapist=maya)


def week(cur, actor, family_id, monday=MONDAY):
    frame = adherence.weekly_completion(cur, actor, [family_id], monday, monday, AS_OF)
    return frame.iloc[0] if len(frame) == 1 else frame


def test_a_daily_task_ticked_five_of_seven_days_is_five_sevenths(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    tick(cur, task, *days(MONDAY, 5))
    row = week(cur, maya, family)
    assert (row.planned_days, row.ticked_days) == (7, 5)
    assert row.completion == pytest.approx(5 / 7)


def test_a_three_days_a_week_task_done_three_times_is_complete_not_43_percent(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), days_per_week=3)
    tick(cur, task, MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4))
    assert week(cur, maya, family).completion == 1.0


def test_a_weekday_schedule_plans_only_its_weekdays(cur, maya, family):
    task = make_assignment(
        cur, family, maya, start=MONDAY - timedelta(days=7), weekdays=[0, 2, 4], days_per_week=3
    )
    tick(cur, task, MONDAY, MONDAY + timedelta(days=2))
    row = week(cur, maya, family)
    assert (row.planned_days, row.ticked_days) == (3, 2)


def test_extra_ticks_never_push_completion_over_100_percent(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), days_per_week=2)
    tick(cur, task, *days(MONDAY, 6))
    assert week(cur, maya, family).completion == 1.0


def test_a_task_starting_mid_week_plans_only_its_days_prorated(cur, maya, family):
    daily = make_assignment(cur, family, maya, start=MONDAY + timedelta(days=4))  # Friday
    flexible = make_assignment(
        cur, family, maya, start=MONDAY + timedelta(days=4), days_per_week=3, title="Stairs"
    )
    frame = week(cur, maya, family).set_index("assignment_id")
    assert frame.loc[daily, "planned_days"] == 3
    assert frame.loc[flexible, "planned_days"] == 2  # ceil(3 * 3 / 7)


def test_skip_days_count_neither_for_nor_against(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    skip(cur, family, MONDAY, MONDAY + timedelta(days=1))
    tick(cur, task, *days(MONDAY + timedelta(days=2), 5))
    row = week(cur, maya, family)
    assert (row.planned_days, row.ticked_days, row.completion) == (5, 5, 1.0)


def test_a_skip_day_for_one_task_leaves_the_others_planned(cur, maya, family):
    first = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    second = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), title="Stairs")
    skip(cur, family, MONDAY, task_id=first)
    frame = week(cur, maya, family).set_index("assignment_id")
    assert (frame.loc[first, "planned_days"], frame.loc[second, "planned_days"]) == (6, 7)


def test_paused_days_are_not_planned(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    pause(cur, task, MONDAY, resumed_on=MONDAY + timedelta(days=3))
    assert week(cur, maya, family).planned_days == 4


def test_a_reissued_task_is_measured_as_its_own_period(cur, maya, family):
    old = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), end=MONDAY + timedelta(days=2))
    new = make_assignment(cur, family, maya, start=MONDAY + timedelta(days=3), reissued_from=old)
    tick(cur, new, *days(MONDAY + timedelta(days=3), 4))
    frame = week(cur, maya, family).set_index("assignment_id")
    assert frame.loc[old, "planned_days"] == 3 and frame.loc[old, "completion"] == 0
    assert frame.loc[new, "completion"] == 1.0
    fam = adherence.family_weekly(cur, maya, [family], MONDAY, MONDAY, AS_OF).iloc[0]
    assert (fam.planned_days, fam.ticked_days) == (7, 4)


def test_nothing_is_planned_after_as_of(cur, maya, family):
    make_assignment(cur, family, maya, start=MONDAY)
    frame = adherence.weekly_completion(cur, maya, [family], MONDAY, MONDAY, MONDAY + timedelta(days=2))
    assert frame.iloc[0].planned_days == 3


def test_the_family_combines_tasks_without_letting_one_cover_another(cur, maya, family):
    a = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), days_per_week=2)
    make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), title="Stairs")
    tick(cur, a, *days(MONDAY, 7))
    row = adherence.family_weekly(cur, maya, [family], MONDAY, MONDAY, AS_OF).iloc[0]
    assert (row.planned_days, row.ticked_days) == (9, 2)


def test_disciplines_are_combined_in_one_weekly_table(cur, maya, family):
    make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), discipline="OT")
    make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7), discipline="SLP", title="Sounds")
    frame = adherence.discipline_weekly(cur, maya, family, MONDAY, MONDAY + timedelta(days=7), AS_OF)
    assert sorted(set(frame["discipline"])) == ["OT", "SLP"] and len(frame) == 4


def test_period_adherence_agrees_with_the_weeks(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY, days_per_week=3)
    tick(cur, task, MONDAY, MONDAY + timedelta(days=8))
    row = adherence.period_adherence(cur, maya, [family], MONDAY, MONDAY + timedelta(days=13), AS_OF).iloc[0]
    assert (row.planned_days, row.ticked_days) == (6, 2)


def test_another_therapists_family_is_left_out(cur, maya, family):
    make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    leo = make_user(cur, "leo")
    assert adherence.weekly_completion(cur, leo, [family], MONDAY, MONDAY, AS_OF).empty
    assert len(adherence.weekly_completion(cur, maya, [family], MONDAY, MONDAY, AS_OF)) == 1


@pytest.mark.parametrize(
    "completion,status",
    [
        (0.8, "on track"),
        (0.79, "partial"),
        (0.5, "partial"),
        (0.2, "low"),
        (None, "no data"),
        (float("nan"), "no data"),
    ],
)
def test_status_names_follow_the_clinic_thresholds(completion, status):
    assert adherence.status_of(completion, SETTINGS) == status


def test_figures_summed_from_weeks_read_once_equal_those_worked_out_alone(cur, maya, family):
    other = make_family(cur, "Other", therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=7))
    make_assignment(cur, other, maya, start=MONDAY, weekdays=[0, 2, 4])
    tick(cur, task, *days(MONDAY, 5))
    first, last = MONDAY - timedelta(weeks=1), MONDAY + timedelta(weeks=2)
    weeks = adherence.task_weeks(cur, maya, [family, other], first, last, AS_OF)
    asked = [
        ([family], MONDAY, MONDAY + timedelta(weeks=1), AS_OF),
        ([other], first, last, AS_OF),
        ([family, other], MONDAY, MONDAY, AS_OF),
    ]
    for args in asked:
        alone = adherence.family_weekly(cur, maya, *args)
        pd.testing.assert_frame_equal(adherence.family_weekly(cur, maya, *args, weeks=weeks), alone)
        alone = adherence.weekly_completion(cur, maya, *args)
        pd.testing.assert_frame_equal(adherence.weekly_completion(cur, maya, *args, weeks=weeks), alone)
    # the kept rows are what is read when they cover the question: none kept, none read
    none = replace(weeks, rows=weeks.rows.slice(0, 0))
    assert all(adherence.family_weekly(cur, maya, *args, weeks=none).empty for args in asked)
    # what they do not cover is worked out from the records: another day, an earlier week, every family
    for args in (
        ([family], MONDAY, MONDAY, AS_OF - timedelta(days=1)),
        ([family], first - timedelta(weeks=1), MONDAY, AS_OF),
        (None, MONDAY, MONDAY, AS_OF),
    ):
        assert adherence.family_weekly(cur, maya, *args, weeks=none)["ticked_days"].sum() == 5, args
