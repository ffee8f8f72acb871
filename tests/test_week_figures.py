"""Figures of a week: judged at the week's end, the same on the caseload, family page and recap."""

import shutil
from dataclasses import replace
from datetime import date, timedelta

import pandas as pd
import pytest

from lib import assignments, db
from lib.figures import adherence, caseload, week_figures
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_lead, make_user, skip, tick

WEEK = date(2026, 11, 16)  # the last complete week before TODAY (Wed 25 Nov 2026)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


def session(cur, family, therapist, day, status):
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status) VALUES (?, ?, 'OT', ?, ?)",
        [family, therapist.id, pd.Timestamp(day) + pd.Timedelta(hours=10), status],
    )


def row_of(cur, actor, family, week=WEEK):
    return caseload.overview(cur, actor, week).table.set_index("family_id").loc[family]


# --- the two bugs of issue 12 ----------------------------------------------------------


def test_the_next_session_of_a_past_week_is_the_one_attended_after_it(cur, maya):
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=date(2026, 11, 2))
    session(cur, family, maya, date(2026, 11, 10), "attended")
    session(cur, family, maya, date(2026, 11, 23), "attended")
    session(cur, family, maya, date(2026, 12, 8), "booked")
    row = row_of(cur, maya, family)
    assert (row["last_session"].date(), row["next_session"].date()) == (
        date(2026, 11, 10),
        date(2026, 11, 23),
    )
    assert "gap too long" not in row["flags"]


def test_a_task_reissued_after_the_week_still_counts_in_that_week(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    tick(cur, task, *[WEEK + timedelta(days=k) for k in range(7)])
    assignments.reissue_assignment(cur, maya, task, start_date=TODAY)
    row = row_of(cur, maya, family)
    assert row["active_tasks"] == 1 and "no home practice set" not in row["flags"]
    assert row["completion"] == pytest.approx(100)


def test_habit_strength_leaves_out_a_task_retired_before_the_week(cur, maya):
    family = make_family(cur, therapist=maya)
    old = make_assignment(cur, family, maya, "Old", start=date(2026, 6, 1))
    tick(cur, old, *[date(2026, 6, 1) + timedelta(days=k) for k in range(70)])
    assignments.retire_assignment(cur, maya, old, on=date(2026, 8, 10))
    make_assignment(cur, family, maya, "New", start=date(2026, 11, 2))  # never ticked
    assert row_of(cur, maya, family)["habit_strength"] == pytest.approx(0)


def test_a_task_that_ended_before_the_week_is_not_running(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 10, 1))
    assignments.retire_assignment(cur, maya, task, on=WEEK - timedelta(days=1))
    assert "no home practice set" in row_of(cur, maya, family)["flags"]


def test_ticks_after_the_week_do_not_change_its_days_since_tick(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 10, 1))
    tick(cur, task, date(2026, 11, 1), date(2026, 11, 24))
    assert row_of(cur, maya, family)["days_since_tick"] == 21


# --- this week so far --------------------------------------------------------------------


def test_this_week_so_far_counts_planned_days_up_to_today(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    tick(cur, task, date(2026, 11, 23), date(2026, 11, 24))
    row = row_of(cur, maya, family, week=date(2026, 11, 23))
    assert (row["planned_days"], row["ticked_days"]) == (3, 2)  # Mon, Tue, Wed (today)


def test_the_weeks_offered_start_with_this_week_so_far():
    weeks = week_figures.weeks_to_pick(TODAY)
    assert weeks[:2] == [date(2026, 11, 23), date(2026, 11, 16)] and len(weeks) == 9
    assert week_figures.week_label(weeks[0], TODAY) == "This week so far"


# --- off-schedule ticks --------------------------------------------------------------------


def test_a_saturday_tick_makes_up_for_a_missed_planned_day(cur, maya):
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2), weekdays=[0, 2, 4])
    skip(cur, family, WEEK + timedelta(days=2))  # Wednesday: ill
    tick(cur, task, WEEK, WEEK + timedelta(days=5))  # Monday and Saturday
    row = row_of(cur, maya, family)
    assert (row["planned_days"], row["ticked_days"], row["completion"]) == (2, 2, pytest.approx(100))


def test_an_extra_tick_on_one_task_does_not_make_up_for_another(cur, maya):
    family = make_family(cur, therapist=maya)
    daily = make_assignment(cur, family, maya, "Daily", start=date(2026, 11, 2))
    three = make_assignment(cur, family, maya, "Three", start=date(2026, 11, 2), weekdays=[0, 2, 4])
    tick(cur, daily, *[WEEK + timedelta(days=k) for k in range(7)])
    tick(cur, three, WEEK + timedelta(days=5))
    row = row_of(cur, maya, family)
    assert (row["planned_days"], row["ticked_days"]) == (10, 8)
    assert row["completion"] == pytest.approx(80)


def test_the_how_computed_lines_state_the_rules(cur):
    lines = week_figures.explain(
        {
            "max_session_gap_days": 14,
            "adherence_threshold": 80,
            "chronic_weeks": 4,
            "partial_threshold": 50,
            "stalled_days": 14,
            "dropped_days": 21,
        }
    )
    assert "unplanned day of the same week" in lines["Completion"]
    assert "Chronic: under 50% for 4+ weeks in a row since" in lines["Stage"]
    assert "running in the week" in lines["Habit strength"] and "about half" in lines["Habit strength"]


# --- the same story on every screen, on the demo clinic ---------------------------------

DEMO_FAMILIES = 40
_views = {}


@pytest.fixture(scope="module")
def demo_read(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("figures") / "demo.duckdb"
    shutil.copy(demo_template, path)
    connection = db.connect(path)
    with connection.cursor() as cur:
        yield cur, make_lead(cur)
    connection.close()


def _caseload_row(cur, lead, week, index):
    if week not in _views:
        statuses = ("active", "paused", "discharged")
        _views[week] = caseload.overview(cur, lead, week, statuses=statuses).table.sort_values("family_id")
    return _views[week].iloc[index]


def _day(value):
    return None if pd.isna(value) else pd.Timestamp(value).date()


def _num(value):
    return None if value is None or pd.isna(value) else float(value)


@pytest.mark.parametrize("weeks_back", range(4))
@pytest.mark.parametrize("index", range(DEMO_FAMILIES))
def test_the_caseload_row_tells_the_family_pages_story(demo_read, index, weeks_back):
    cur, lead = demo_read
    week = adherence.week_start(TODAY) - timedelta(weeks=weeks_back)
    row = _caseload_row(cur, lead, week, index)
    own = week_figures.family_week(cur, lead, int(row["family_id"]), week)
    assert _num(row["completion"]) == pytest.approx(_num(own.completion))
    assert (row["planned_days"], row["ticked_days"]) == (own.planned_days, own.ticked_days)
    assert [_num(v) for v in row["last_8_weeks"]] == [_num(v) for v in own.last_8_weeks]
    assert row["trend"] == own.trend
    assert _num(row["habit_strength"]) == pytest.approx(_num(own.habit_strength), abs=1e-6)
    assert (row["active_tasks"], _num(row["days_since_tick"])) == (
        own.active_tasks,
        _num(own.days_since_tick),
    )
    assert (_day(row["last_session"]), _day(row["next_session"])) == (own.last_session, own.next_session)
    assert _num(row["gap_days"]) == _num(own.gap_days)
    assert ("gap too long" in row["flags"] or "no session booked" in row["flags"]) == own.gap_flag
    assert ("no home practice set" in row["flags"]) == (row["status"] == "active" and own.active_tasks == 0)
    assert (row["stage"], row["signal"], row["why"]) == (own.stage, own.signal, own.why)
    # and the family page and the session recap may take it straight from the row
    kept = week_figures.from_caseload_row(pd.concat([row, pd.Series({"week": week})]))
    assert kept.habit_strength == pytest.approx(own.habit_strength, abs=1e-9)
    assert [_num(v) for v in kept.last_8_weeks] == [_num(v) for v in own.last_8_weeks]  # NaN is no NaN
    assert replace(kept, habit_strength=own.habit_strength, last_8_weeks=own.last_8_weeks) == own
