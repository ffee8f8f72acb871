from datetime import timedelta

import pytest

from lib.figures import scores
from tests.conftest import TODAY
from tests.factories import MONDAY, days, make_assignment, make_family, make_lead, make_user, skip, tick


def test_a_perfect_month_of_a_daily_task_is_about_80_percent():
    assert scores.habit_strength(["done"] * 30, 1, 1)[-1] == pytest.approx(0.798, abs=0.001)


def test_the_score_starts_at_zero_and_stays_in_zero_to_one():
    values = scores.habit_strength(["missed", "done", "done", "missed"] * 50, 3, 7)
    assert values[0] == 0 and all(0 <= v <= 1 for v in values)


def test_a_skipped_day_leaves_the_score_as_it_was():
    values = scores.habit_strength(["done", "done", "skipped"], 1, 1)
    assert values[2] == values[1]


def test_one_missed_day_costs_little_after_a_good_month():
    values = scores.habit_strength(["done"] * 30 + ["missed"], 1, 1)
    assert values[-2] - values[-1] == pytest.approx(values[-2] * (1 - 0.5 ** (1 / 13)))


def test_a_three_a_week_task_uses_a_two_week_window_and_target():
    # 3 per 7 days: window 14 days, target 6; six done days in the window give full value
    days_ = (["done", "missed", "done", "missed", "done", "missed", "missed"]) * 2
    keep = 0.5 ** ((3 / 7) ** 0.5 / 13)
    values = scores.habit_strength(days_, 3, 7)
    assert values[-1] == pytest.approx(values[-2] * keep + 1.0 * (1 - keep))


def test_frequency_treats_seven_days_a_week_as_daily():
    assert scores.frequency(7, None) == (1, 1)
    assert scores.frequency(3, None) == (3, 7)
    assert scores.frequency(5, [0, 2, 4]) == (3, 7)


def test_the_bulk_sql_score_matches_the_reference_for_a_task(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=MONDAY - timedelta(days=30), days_per_week=4)
    tick(cur, task, *days(MONDAY - timedelta(days=30), 20))
    skip(cur, family, *days(MONDAY - timedelta(days=5), 3))
    as_of = MONDAY + timedelta(days=6)
    bulk = scores.habit_strengths(cur, maya, [family], as_of).set_index("assignment_id")
    series = scores.habit_strength_series(cur, maya, task, as_of)
    assert bulk.loc[task, "habit_strength"] == pytest.approx(series["score"].iloc[-1], abs=1e-9)


def test_the_bulk_sql_score_matches_the_reference_on_the_whole_demo(demo_cur):
    lead = make_lead(demo_cur)
    bulk = scores.habit_strengths(demo_cur, lead, None, TODAY)
    sample = bulk.iloc[:: max(1, len(bulk) // 15)]
    for task, expected in zip(sample["assignment_id"], sample["habit_strength"], strict=True):
        series = scores.habit_strength_series(demo_cur, lead, int(task), TODAY)
        assert series["score"].iloc[-1] == pytest.approx(expected, abs=1e-4)
