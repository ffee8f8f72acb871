"""The chart builders on their data: what each figure draws, and the sentence under it."""

from datetime import date, timedelta

import pandas as pd
import pytest

from lib import charts, ticks, words
from lib.figures import adherence
from tests.conftest import TODAY
from tests.factories import add_version, make_assignment, make_family, make_user

MON = date(2026, 11, 16)


def grid_rows(assignment_id, rows):
    """Day-grid rows like adherence.day_grid: (day offset from MON, planned, skipped, paused, ticked)."""
    return pd.DataFrame(
        [
            {
                "assignment_id": assignment_id,
                "day": pd.Timestamp(MON + timedelta(days=d)),
                "planned": planned,
                "skipped": skipped,
                "paused": paused,
                "active": not (skipped or paused),
                "ticked": ticked,
            }
            for d, planned, skipped, paused, ticked in rows
        ]
    )


@pytest.fixture
def week():
    fixed = grid_rows(
        1,
        [
            (0, True, False, False, True),  # Mon practised
            (1, False, False, False, False),  # Tue not asked for
            (2, True, False, False, False),  # Wed planned, no tick
            (4, False, True, False, False),  # Fri skip day
        ],
    )
    flexible = grid_rows(2, [(d, True, d == 4, False, d == 1) for d in (0, 1, 2, 3, 4)])
    return pd.concat([fixed, flexible], ignore_index=True)


def test_calendar_days_tell_practised_missed_skipped_rest_and_later_days_apart(week):
    days = charts.calendar_days(week, flexible_ids={2}, start=MON, end=MON, as_of=date(2026, 11, 20))
    assert list(days["state"]) == ["done", "done", "not_ticked", "rest", "skipped", "later", "later"]
    assert list(days["weekday"]) == list(range(7)) and set(days["week_start"]) == {MON}


def test_a_day_with_one_task_done_and_one_missed_is_partly_practised(week):
    week.loc[
        (week["assignment_id"] == 2) & (week["day"] == pd.Timestamp(MON + timedelta(days=2))), "ticked"
    ] = True
    days = charts.calendar_days(week, flexible_ids=set(), start=MON, end=MON, as_of=MON + timedelta(days=6))
    assert days.loc[2, "state"] == "some"


def test_paused_days_and_days_before_a_task_show_as_not_running():
    grid = grid_rows(1, [(3, True, False, True, False), (4, True, False, False, True)])
    days = charts.calendar_days(grid, set(), MON, MON, MON + timedelta(days=6))
    assert list(days["state"])[:5] == ["not_running"] * 4 + ["done"]


def test_the_calendar_heatmap_draws_weeks_across_and_weekdays_down_with_words_in_the_legend(week):
    days = charts.calendar_days(week, {2}, MON - timedelta(days=7), MON, date(2026, 11, 20))
    fig = charts.calendar_heatmap(days, session_dates=[MON + timedelta(days=1)])
    heat = fig.data[0]
    assert list(heat.y) == list(words.DAY_SHORT) and list(heat.x) == ["9 Nov", "16 Nov"]
    assert heat.z[2][1] == charts.STATE_CODE["not_ticked"] and heat.z[0][1] == charts.STATE_CODE["done"]
    legend = [t.name for t in fig.data[1:]]
    assert "Planned, no tick" in legend and "Skip day (ill, holiday)" in legend and "Session" in legend
    session = fig.data[-1]
    assert (list(session.x), list(session.y)) == (["16 Nov"], ["Tue"])


def test_completion_bars_have_one_trace_per_discipline_in_words_and_the_goal_line():
    weekly = pd.DataFrame(
        {
            "discipline": ["OT", "OT", "SLP", "SLP"],
            "week_start": pd.to_datetime([MON - timedelta(days=7), MON] * 2),
            "planned_days": [5, 5, 3, 0],
            "ticked_days": [4, 5, 1, 0],
            "completion": [0.8, 1.0, 1 / 3, float("nan")],
        }
    )
    fig = charts.completion_bars(weekly, threshold=80)
    assert [t.name for t in fig.data] == ["Occupational therapy", "Speech and language therapy"]
    assert list(fig.data[0].y) == [80, 100] and list(fig.data[1].text) == ["1/3"]
    assert list(fig.data[1].x) == ["9 Nov"] and list(fig.layout.xaxis.categoryarray) == ["9 Nov", "16 Nov"]
    assert fig.layout.shapes[0].y0 == 80 and "Goal 80%" in fig.layout.annotations[0].text


def test_the_habit_chart_marks_changes_and_escapes_typed_text():
    series = pd.DataFrame(
        {
            "assignment_id": [7] * 3,
            "title": ["<b>Hop</b>"] * 3,
            "day": pd.date_range(MON, periods=3),
            "score": [0.1, 0.2, 0.3],
        }
    )
    marks = pd.DataFrame(
        {
            "assignment_id": [7],
            "day": [MON + timedelta(days=1)],
            "kind": ["made_easier"],
            "reason": ["<i>shorter</i>"],
        }
    )
    fig = charts.habit_chart(series, marks)
    line, markers, legend = fig.data
    assert line.name == "&lt;b&gt;Hop&lt;/b&gt;" and list(line.y) == [10, 20, 30]
    assert (
        list(markers.y) == [20]
        and "Made easier" in markers.customdata[0]
        and "&lt;i&gt;" in markers.customdata[0]
    )
    assert legend.name == "Made easier"


def test_reward_stars_fill_the_stars_earned_and_name_each_task():
    progress = pd.DataFrame(
        {"title": ["Hop", "Blow"], "reward_plan": ["a sticker", ""], "reward_ticks": [5, 3], "stars": [2, 0]}
    )
    fig = charts.reward_stars(progress)
    earned, to_earn = fig.data
    assert (list(earned.x), list(earned.y)) == ([1, 2], [0, 0])
    assert list(to_earn.x) == [3, 4, 5, 1, 2, 3] and list(to_earn.y) == [0, 0, 0, -1, -1, -1]
    assert [a.text for a in fig.layout.annotations] == ["Hop: 2 of 5 stars", "Blow: 0 of 3 stars"]
    progress["rewards_earned"] = [1, 2]
    texts = [a.text for a in charts.reward_stars(progress).layout.annotations]
    assert texts == [
        "Hop: 2 of 5 stars (1 reward earned so far)",
        "Blow: 0 of 3 stars (2 rewards earned so far)",
    ]


def test_the_week_sentence_counts_planned_days_this_week_and_last():
    weekly = pd.DataFrame(
        {
            "family_id": [1, 1],
            "week_start": pd.to_datetime([MON, MON + timedelta(days=7)]),
            "planned_days": [6, 2],
            "ticked_days": [5, 1],
        }
    )
    sentence = charts.week_sentence("Sam", weekly, as_of=TODAY)
    assert (
        sentence == "Sam practised on 1 of 2 planned days this week so far and 5 of 6 planned days last week."
    )
    assert "No practice days" in charts.week_sentence("Sam", weekly.iloc[0:0], TODAY)


def test_the_other_sentences_speak_plainly(week):
    days = charts.calendar_days(week, {2}, MON, MON, date(2026, 11, 20))
    sentence = charts.calendar_sentence(days, any_day_tasks=True)
    assert sentence.startswith("Dark blue squares are days with practice: 2 days.")
    assert "planned days without a tick: 1 day" in sentence and "skip days (1 day)" in sentence
    assert "rest day" in sentence
    weekly = pd.DataFrame(
        {"discipline": ["PT"], "week_start": pd.to_datetime([MON]), "planned_days": [3], "ticked_days": [2]}
    )
    assert charts.completion_sentence(weekly, 80, TODAY).startswith(
        "Last week: Physiotherapy 2 of 3 planned days"
    )
    series = pd.DataFrame(
        {
            "assignment_id": [1] * 20,
            "title": ["Hop"] * 20,
            "day": pd.date_range(TODAY - timedelta(days=19), TODAY),
            "score": [i / 40 for i in range(20)],
        }
    )
    assert charts.habit_sentence(series, TODAY).startswith("Hop is at 48% and rising")
    progress = pd.DataFrame(
        {"title": ["Hop"], "reward_plan": ["the park"], "reward_ticks": [5], "stars": [4]}
    )
    assert charts.reward_sentence(progress) == "Hop: 1 more tick to the next reward (the park)."


def test_the_charts_draw_a_real_familys_measures(cur):
    therapist = make_user(cur)
    family = make_family(cur, therapist=therapist)
    task = make_assignment(cur, family, therapist, start=date(2026, 11, 4), weekdays=[0, 2, 4])
    add_version(cur, task, date(2026, 11, 13), "made_easier", therapist)
    for day in (date(2026, 11, 16), date(2026, 11, 18)):
        ticks.record_tick(cur, therapist, task, day, today=TODAY)
    ticks.add_skip_days(cur, therapist, family, date(2026, 11, 20), reason="illness")
    grid = adherence.day_grid(cur, therapist, [family], date(2026, 11, 2), TODAY, as_of=TODAY)
    days = charts.calendar_days(grid, set(), date(2026, 11, 2), TODAY, TODAY)
    last_week = days[days["week_start"] == MON]
    assert list(last_week["state"]) == ["done", "rest", "done", "rest", "skipped", "rest", "rest"]
    weekly = adherence.discipline_weekly(cur, therapist, family, date(2026, 11, 2), TODAY, as_of=TODAY)
    assert charts.completion_sentence(weekly, 80, TODAY).startswith("Last week: Occupational therapy 2 of 2")


def test_today_without_a_tick_is_still_to_come_not_missed(week):
    days = charts.calendar_days(week, {2}, MON, MON, as_of=MON + timedelta(days=2))
    assert list(days["state"])[:3] == ["done", "done", "later"]


def test_the_clinic_summary_charts_show_counts_in_order_and_the_threshold_line():
    from lib.figures import clinic_charts

    bars = clinic_charts.completion_distribution({"on track": 3, "low": 2})
    assert list(bars.data[0].x) == ["On track", "Partial", "Low", "No data"]
    assert list(bars.data[0].y) == [3, 0, 2, 0]
    trend = pd.DataFrame(
        {
            "week_start": pd.date_range("2026-09-07", periods=2, freq="7D"),
            "median": [50.0, 60],
            "on_track": [20.0, 30],
        }
    )
    lines = clinic_charts.completion_trend(trend, 80)
    assert [t.name for t in lines.data] == ["Median completion", "Families on track"]
    assert list(lines.data[1].y) == [20.0, 30.0]
    assert (lines.layout.shapes[0].y0, lines.layout.annotations[0].text) == (80, "80% threshold")
