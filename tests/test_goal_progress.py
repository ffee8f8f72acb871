"""Progress beside practice: the days practised per goal and week, the family's line, the chart, the flags."""

from datetime import date, timedelta

import pytest

from lib import goals
from lib.charts.goals import goal_chart
from lib.figures import caseload
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user, tick

LEVELS = ["Needs help", "One part", "Most of it", "All of it", "All of it, calmly"]
WRITTEN = date(2026, 9, 7)  # a Monday, 11 weeks before the tests' today
LAST_WEEK = date(2026, 11, 16)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


def on(monkeypatch, day):
    monkeypatch.setenv("HOME_PRACTICE_TODAY", day.isoformat())


def practising_family(cur, monkeypatch, maya, name, days_a_week, ratings=()):
    """A family whose one task serves one goal written on WRITTEN, practised `days_a_week` (Mon first) each week."""
    family = make_family(cur, name, therapist=maya)
    task = make_assignment(cur, family, maya, "Socks on", start=WRITTEN)
    on(monkeypatch, WRITTEN)
    goal = goals.create_goal(cur, maya, family, "OT", f"{name} gets dressed", LEVELS)
    goals.set_task_goal(cur, maya, task, goal)
    for day, level in ratings:
        on(monkeypatch, day)
        goals.rate_goal(cur, maya, goal, level, "session")
    on(monkeypatch, TODAY)
    monday = WRITTEN
    while monday <= LAST_WEEK:
        tick(cur, task, *[monday + timedelta(days=i) for i in range(days_a_week)])
        monday += timedelta(weeks=1)
    return family, goal


def test_a_goals_days_practised_per_week_come_from_the_weekly_figures(cur, monkeypatch, maya):
    family, goal = practising_family(cur, monkeypatch, maya, "Ava", 5)
    weeks = goals.goal_weeks(cur, maya, [family], date(2026, 11, 2), LAST_WEEK)
    assert weeks["goal_id"].unique().tolist() == [goal]
    assert weeks["days"].tolist() == [5, 5, 5]


def test_the_family_line_says_steady_weeks_and_the_skill_from_start_to_now(cur, monkeypatch, maya):
    family, _ = practising_family(cur, monkeypatch, maya, "Ava", 5, [(date(2026, 10, 5), -1), (TODAY, 0)])
    (progress,) = goals.family_progress(cur, maya, family)
    assert progress.line == "Weeks with 4+ days of practice: 8 of 8 · skill: from -2 to 0"


def test_a_new_goal_counts_only_its_own_weeks_and_says_where_it_started(cur, maya):
    family = make_family(cur, "Ben", therapist=maya)
    goals.create_goal(cur, maya, family, "OT", "Ben gets dressed", LEVELS)
    (progress,) = goals.family_progress(cur, maya, family)
    assert progress.line == "Weeks with 4+ days of practice: 0 of 1 · skill: -2, where we started"


def test_the_combined_chart_shows_the_practice_bars_and_the_level_line(cur, monkeypatch, maya):
    family, _ = practising_family(cur, monkeypatch, maya, "Ava", 3, [(date(2026, 10, 5), -1), (TODAY, 1)])
    (progress,) = goals.family_progress(cur, maya, family)
    bars, line = goal_chart(progress).data
    assert list(bars.y) == [3] * 11 and bars.yaxis in (None, "y")
    assert list(line.y) == [-2, -1, 1] and line.yaxis == "y2"
    assert list(line.x) == [WRITTEN, date(2026, 10, 5), TODAY]
    assert "+1: All of it" in line.customdata[-1]


def test_steady_practice_without_progress_is_flagged_and_progress_is_not(cur, monkeypatch, maya):
    stuck, _ = practising_family(
        cur, monkeypatch, maya, "Stuck", 5, [(date(2026, 9, 21), -1), (date(2026, 11, 2), -1)]
    )
    moving, _ = practising_family(
        cur, monkeypatch, maya, "Moving", 5, [(date(2026, 9, 21), -1), (date(2026, 11, 2), 0)]
    )
    rare, _ = practising_family(cur, monkeypatch, maya, "Rare", 2, [(date(2026, 11, 2), -2)])
    found = goals.goal_figures(cur, maya, [stuck, moving, rare], LAST_WEEK).set_index("family_id")
    assert found["stalled"].to_dict() == {stuck: True, moving: False, rare: False}
    assert found["steady_weeks"].to_dict() == {stuck: 8, moving: 8, rare: 0}


def test_a_goal_with_no_rating_for_six_weeks_is_flagged(cur, monkeypatch, maya):
    old, _ = practising_family(cur, monkeypatch, maya, "Old", 5, [(date(2026, 10, 5), -1)])
    fresh, _ = practising_family(cur, monkeypatch, maya, "Fresh", 5, [(date(2026, 10, 19), -1)])
    found = goals.goal_figures(cur, maya, [old, fresh], LAST_WEEK).set_index("family_id")
    assert found["unrated"].to_dict() == {old: True, fresh: False}


def test_the_caseload_shows_goal_progress_and_both_flags(cur, monkeypatch, maya):
    stuck, _ = practising_family(cur, monkeypatch, maya, "Stuck", 5, [(date(2026, 9, 21), -1)])
    moving, _ = practising_family(
        cur, monkeypatch, maya, "Moving", 5, [(date(2026, 9, 21), -1), (date(2026, 11, 16), 0)]
    )
    table = caseload.overview(cur, maya, LAST_WEEK).table.set_index("family_id")
    assert table.loc[stuck, "goal_progress"] == "-2 → -1" and table.loc[moving, "goal_progress"] == "-2 → 0"
    assert {"goal not rated", "practice steady, goal stalled"} <= set(table.loc[stuck, "flags"])
    assert not {"goal not rated", "practice steady, goal stalled"} & set(table.loc[moving, "flags"])
    assert "change the task, not the family's effort" in table.loc[stuck, "flag_why"]


def test_a_therapist_sees_no_goal_figures_of_another_therapists_family(cur, monkeypatch, maya):
    family, _ = practising_family(cur, monkeypatch, maya, "Ava", 5)
    leo = make_user(cur, "leo")
    assert goals.goal_figures(cur, leo, [family], LAST_WEEK).empty


def test_the_guide_opens_on_the_task_when_practice_is_steady_and_progress_stalls(cur, monkeypatch, maya):
    from lib import guide

    stuck, _ = practising_family(cur, monkeypatch, maya, "Stuck", 5, [(date(2026, 9, 21), -1)])
    moving, _ = practising_family(cur, monkeypatch, maya, "Moving", 5, [(date(2026, 9, 21), -1), (TODAY, 0)])
    loaded = guide.load_guide(cur)
    assert guide.path_for_family(cur, maya, stuck, loaded, "none") == "task_change"
    assert guide.path_for_family(cur, maya, moving, loaded, "none") == "initial"
    assert guide.path_for_family(cur, maya, stuck, loaded, "dropped") == "reengage"  # back in touch first


def test_the_task_change_path_talks_about_the_task_never_about_more_effort(cur):
    from lib import guide

    path = guide.load_guide(cur).paths["task_change"]
    family_words = " ".join(s.family_text for s in path.steps).lower()
    assert "task" in family_words
    assert not any(w in family_words for w in ("more practice", "try harder", "effort"))
    actions = {c.action for s in path.steps if s.kind == "actions" for c in s.choices}
    assert actions == {"make_easier", "different_task", "different_goal"}
