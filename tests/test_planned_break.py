"""A break planned ahead: the tasks run, are planned and counted until it starts, paused only for its days.

Clock pinned to Wed 25 Nov 2026. The break starts on Mon 7 Dec; the check-in is on Mon 11 Jan 2027.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from lib import assignments, ticks
from lib.figures import adherence
from lib.sessions import follow_through
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user

BREAK = date(2026, 12, 7)  # a Monday, 12 days after TODAY
CHECK_IN = date(2027, 1, 11)  # a Monday
THIS_WEEK, WEEK_BEFORE, WEEK_INSIDE = date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 14)


@pytest.fixture
def planned(cur):
    """A daily task running since 2 Nov, with a break planned from 7 Dec."""
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    assert follow_through.plan_break(cur, maya, family, BREAK, CHECK_IN, today=TODAY) == [task]
    return maya, family, task


def planned_days(cur, actor, family, week):
    # judged long after: planned days are a function of (family, week), whenever they are asked
    weeks = adherence.family_weekly(cur, actor, [family], week, week, date(2027, 3, 1))
    return int(weeks["planned_days"].sum())


def test_the_weeks_before_a_planned_break_count_their_days_and_the_weeks_inside_count_none(cur, planned):
    maya, family, _ = planned
    assert planned_days(cur, maya, family, THIS_WEEK) == 7
    assert planned_days(cur, maya, family, WEEK_BEFORE) == 7
    assert planned_days(cur, maya, family, BREAK) == 0
    assert planned_days(cur, maya, family, WEEK_INSIDE) == 0


def test_after_the_break_the_task_started_again_counts_from_that_day(cur, planned):
    maya, family, task = planned
    assignments.resume_assignment(cur, maya, task, on=CHECK_IN)
    assert planned_days(cur, maya, family, CHECK_IN - timedelta(weeks=1)) == 0
    assert planned_days(cur, maya, family, CHECK_IN) == 7
    assert planned_days(cur, maya, family, WEEK_BEFORE) == 7


def test_the_task_is_recorded_paused_from_the_first_day_of_the_break(cur, planned):
    maya, _, task = planned
    found = assignments.get_assignment(cur, maya, task)
    assert (found.status, found.paused_from) == ("paused", BREAK)
    assert [(v.kind, v.changed_on) for v in assignments.list_versions(cur, maya, task)][-1] == (
        "paused",
        BREAK,
    )


def test_before_the_break_the_family_sees_its_task_running_with_the_day_the_break_starts(cur, planned):
    maya, family, _ = planned
    (card,) = assignments.family_cards(cur, maya, family, today=TODAY)
    assert (card.title, card.paused, card.break_from) == ("Blow bubbles", False, BREAK)
    words = follow_through.pause_words(cur, maya, family, today=TODAY)
    assert words.startswith("A planned break from home practice starts on Monday 7 December.")
    assert "practice goes on as usual" in words and "On Monday 11 January we check in" in words


def test_once_the_break_starts_the_task_is_paused_and_the_family_hears_until_when(cur, planned):
    maya, family, _ = planned
    assert assignments.family_cards(cur, maya, family, today=BREAK) == []
    (card,) = assignments.family_cards(cur, maya, family, ("active", "paused"), today=BREAK)
    assert (card.paused, card.break_from) == (True, None)
    words = follow_through.pause_words(cur, maya, family, today=BREAK)
    assert words.startswith("Home practice is paused for a planned break until Monday 11 January.")


def test_after_the_check_in_the_family_hears_that_we_choose_together_how_to_start_again(cur, planned):
    maya, family, _ = planned
    words = follow_through.pause_words(cur, maya, family, today=CHECK_IN + timedelta(days=1))
    assert words == "Home practice is paused for a planned break. We now choose together how to start again."


def test_days_before_the_break_can_be_ticked_and_days_inside_it_cannot(cur, planned):
    maya, family, task = planned
    ticks.record_tick(cur, maya, task, TODAY, today=TODAY)
    before = ticks.week_grid(cur, maya, family, WEEK_BEFORE, today=BREAK + timedelta(days=2))
    assert len(before) == 7 and "paused" not in set(before["state"])
    inside = ticks.week_grid(cur, maya, family, BREAK, today=BREAK + timedelta(days=6))
    assert set(inside["state"]) == {"paused"}
    with pytest.raises(ticks.TickOutsideSchedule):
        ticks.record_tick(cur, maya, task, BREAK + timedelta(days=1), today=BREAK + timedelta(days=2))


def test_starting_the_task_again_before_the_break_cancels_its_planned_pause(cur, planned):
    maya, family, task = planned
    assignments.resume_assignment(cur, maya, task, on=TODAY)
    found = assignments.get_assignment(cur, maya, task)
    assert (found.status, found.paused_from) == ("active", None)
    assert planned_days(cur, maya, family, WEEK_INSIDE) == 7


def test_the_printed_sheet_and_the_review_list_keep_a_task_until_its_break_starts(cur, planned):
    from lib.printables.family_sheet import load_family_sheet

    maya, family, task = planned
    assert [t.title for t in load_family_sheet(cur, maya, family, today=TODAY).tasks] == ["Blow bubbles"]
    assert load_family_sheet(cur, maya, family, today=BREAK).tasks == ()
    cur.execute("UPDATE assignments SET review_date = ? WHERE id = ?", [date(2026, 11, 20), task])
    assert len(assignments.overdue_reviews(cur, maya, [family], as_of=TODAY)) == 1
    assert assignments.overdue_reviews(cur, maya, [family], as_of=BREAK).empty


def test_a_task_paused_by_an_older_release_without_a_first_day_stays_paused(cur, planned):
    maya, family, task = planned
    cur.execute("UPDATE assignments SET paused_from = NULL WHERE id = ?", [task])
    assert assignments.family_cards(cur, maya, family, today=TODAY) == []


def test_the_migration_dates_a_stored_pause_from_its_latest_paused_version(cur, planned):
    from lib.db import MIGRATIONS

    maya, family, task = planned
    cur.execute("UPDATE assignments SET paused_from = NULL WHERE id = ?", [task])
    sql = (MIGRATIONS / "027_pause_from.sql").read_text()
    cur.execute(sql[sql.index("UPDATE assignments") :])
    assert assignments.get_assignment(cur, maya, task).paused_from == BREAK


def test_the_daily_minutes_and_the_task_checks_count_a_task_until_its_break_starts(cur, planned):
    from lib.assignments.quality import quality_flags_sql

    maya, family, task = planned
    assert assignments.family_daily_minutes(cur, maya, family) == 5  # the clock: TODAY
    assert task in set(quality_flags_sql(cur, maya, [family])["assignment_id"])
    cur.execute("UPDATE assignments SET paused_from = ? WHERE id = ?", [TODAY, task])  # started today
    assert assignments.family_daily_minutes(cur, maya, family) == 0
    assert quality_flags_sql(cur, maya, [family]).empty


def test_planning_a_break_is_audited_and_writes_a_new_version_of_the_family(cur):
    from lib import versions

    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, start=date(2026, 11, 2))
    before = versions.current(cur, "families", family)
    follow_through.plan_break(cur, maya, family, BREAK, CHECK_IN, today=TODAY)
    assert versions.current(cur, "families", family) == before + 1
    audited = cur.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'planned_break' AND entity_id = ?", [family]
    ).fetchone()[0]
    assert audited == 1


def test_the_family_shows_a_break_ahead_until_it_starts(cur, planned):
    from lib import families

    maya, family, _ = planned
    found = families.get_family(cur, maya, family)
    assert (found.paused_from, found.check_in_on) == (BREAK, CHECK_IN)
    assert found.break_ahead(TODAY) == BREAK and found.break_ahead(BREAK) is None


def test_a_family_set_active_by_hand_forgets_its_break_so_a_later_pause_has_no_old_dates(cur, planned):
    from lib import families

    maya, family, _ = planned
    families.reactivate_family(cur, maya, family)
    families.pause_family(cur, maya, family)
    found = families.get_family(cur, maya, family)
    assert (found.paused_from, found.check_in_on) == (None, None)
    later = CHECK_IN + timedelta(days=3)
    assert (
        follow_through.caseload_flags(cur, maya, [family], today=later).query("flag == 'check-in due'").empty
    )


def test_paper_and_calendar_reminders_stop_the_day_before_the_break(cur, planned):
    from lib.printables.family_sheet import load_family_sheet
    from lib.printables.reminders import reminder_until

    maya, family, _ = planned
    (task,) = load_family_sheet(cur, maya, family, today=TODAY).tasks
    assert task.runs_on(BREAK - timedelta(days=1)) and not task.runs_on(BREAK)
    assert reminder_until(task, TODAY) == BREAK - timedelta(days=1)


def test_the_session_gap_says_a_break_is_ahead_and_expects_no_session_until_its_check_in(cur, planned):
    from lib import sessions

    maya, family, _ = planned
    gap = sessions.session_gap(cur, maya, family, today=TODAY)
    assert gap["why"] == "A planned break is ahead: no sessions expected until its check-in."
    assert not gap["gap_flag"]
    assert (
        sessions.session_gap(cur, maya, family, today=BREAK)["why"] == "Paused: no sessions expected for now."
    )


def test_calling_off_a_break_before_it_starts_keeps_every_day_planned_and_the_family_active(cur, planned):
    from lib import families

    maya, family, task = planned
    assert follow_through.cancel_break(cur, maya, family, today=TODAY) == [task]
    found = assignments.get_assignment(cur, maya, task)
    assert (found.status, found.paused_from) == ("active", None)
    assert planned_days(cur, maya, family, WEEK_INSIDE) == 7
    assert families.get_family(cur, maya, family).status == "active"
    assert follow_through.pause_words(cur, maya, family, today=BREAK) == ""
    audited = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'cancel_break'").fetchone()[0]
    assert audited == 1


def test_a_break_already_started_cannot_be_called_off(cur, planned):
    from lib.errors import NotFound

    maya, family, _ = planned
    with pytest.raises(NotFound):
        follow_through.cancel_break(cur, maya, family, today=BREAK)


def test_the_state_of_a_task_today_is_written_once_in_sql():
    root = Path(__file__).resolve().parent.parent
    home = root / "lib" / "assignments" / "records.py"
    rule = re.compile(r"\ba\.paused_from\s*>", re.I)
    assert rule.search(home.read_text())
    copies = [
        str(p.relative_to(root))
        for p in (root / "lib").rglob("*.py")
        if p != home and rule.search(p.read_text())
    ]
    assert copies == []
