"""Recording ticks and skip days, and the week grid they are entered on."""

import json
from datetime import date, timedelta

import pytest

from lib import clock, db, ticks
from lib.errors import InvalidInput, NotFound, NotYourFamily
from lib.words import week_start
from tests.conftest import TODAY
from tests.factories import (
    add_version,
    button_labelled,
    make_assignment,
    make_caregiver,
    make_family,
    make_user,
    open_app,
    unfold,
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
    ticks.update_tick(cur, therapist, task, LAST_MONDAY, minutes=12, how_it_went="hard", distress=True)
    saved = ticks.get_tick(cur, therapist, task, LAST_MONDAY)
    assert (saved.minutes, saved.how_it_went, saved.distress) == (12, "hard", True)
    with pytest.raises(NotFound):
        ticks.update_tick(cur, therapist, task, date(2026, 11, 18), minutes=3)


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


# --- the "Ticks & charts" page, through AppTest, on the app's one clock (lib.clock) ---


def seed_page(path, weekdays=(0, 1, 2, 3, 4, 5)):
    """A therapist, a family with a caregiver and a six-days-a-week task started three weeks ago."""
    con = db.connect(path)
    with con.cursor() as c:
        therapist = make_user(c, "maya")
        family = make_family(c, "Sam K.", therapist=therapist)
        make_caregiver(c, family, "Alex", "mother")
        start = week_start(clock.today()) - timedelta(days=21)
        task = make_assignment(
            c,
            family,
            therapist,
            "Blow bubbles",
            start=start,
            weekdays=list(weekdays),
            reward_plan="a sticker",
        )
    con.close()
    return therapist, family, task


def page(therapist, family):
    return open_app(therapist, "pages/ticks.py", family=family)


def open_charts(at):
    """Open the Charts tab (built only when opened) as a click on it would; return the week's sentence."""
    at.session_state["ticks_tab"] = "Charts"
    at.run()
    assert not at.exception
    return at.subheader[0].value


def shown(at):
    """Everything the page says, with Markdown escapes taken out."""
    return " ".join(
        str(e.value) for e in [*at.subheader, *at.markdown, *at.caption, *at.info, *at.error, *at.success]
    ).replace("\\", "")


def saved_ticks(path, task):
    con = db.connect(path)
    found = [
        r[0]
        for r in con.execute("SELECT practice_date FROM ticks WHERE assignment_id = ?", [task]).fetchall()
    ]
    con.close()
    return sorted(found)


def test_the_page_shows_the_week_grid_and_a_sentence_about_the_week(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    assert at.title[0].value == "Ticks & charts"
    assert [t.label for t in at.tabs] == ["Week of ticks", "Charts"]
    assert "Blow bubbles" in shown(at) and not at.get("plotly_chart")  # charts wait for their tab
    today = clock.today()
    past = [week_start(today) + timedelta(days=i) for i in range(today.weekday() + 1)]
    assert [c.key for c in at.checkbox if c.key.startswith("tick_")] == [ticks_ui_key(task, d) for d in past]
    assert "later" in shown(at) or today.weekday() == 6
    assert "Sam K" in open_charts(at) and len(at.get("plotly_chart")) == 4
    assert "Dark blue squares are days with practice" in shown(at)
    assert "How this is computed: Days practised" in shown(at) and "to the next reward (a sticker)" in shown(
        at
    )


def test_the_calendar_can_show_one_task_alone(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    open_charts(at)
    at.selectbox(key="charts_task").set_value(task).run()
    assert not at.exception and "Dark blue squares" in shown(at)
    assert at.selectbox(key="charts_task").value == task


def ticks_ui_key(task, day):
    return f"tick_{task}_{day.isoformat()}"


def test_back_filling_last_weeks_six_ticks_updates_the_caption_at_once(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    at.button(key="ticks_prev").click().run()
    last_monday = week_start(clock.today()) - timedelta(days=7)
    for i in range(6):
        at.checkbox(key=ticks_ui_key(task, last_monday + timedelta(days=i))).check().run()
    assert saved_ticks(isolated_database, task) == [last_monday + timedelta(days=i) for i in range(6)]
    assert "**6 of 6** planned days" in shown(at)  # the grid's week total, at once
    assert "6 of 6 planned days last week" in open_charts(at)


def test_unticking_a_box_removes_the_tick(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    at.button(key="ticks_prev").click().run()
    key = ticks_ui_key(task, week_start(clock.today()) - timedelta(days=7))
    at.checkbox(key=key).check().run()
    at.checkbox(key=key).uncheck().run()
    assert saved_ticks(isolated_database, task) == []
    assert "0 of 6 planned days last week" in open_charts(at)


def test_marking_a_day_as_illness_shows_it_in_the_grid_and_takes_it_out_of_the_plan(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    at.button(key="ticks_prev").click().run()
    ill = week_start(clock.today()) - timedelta(days=5)  # last Wednesday
    unfold(at, "skips_open")  # built when opened
    at.date_input(key="skip_first").set_value(ill)
    button_labelled(at, "Mark as skip days").click().run()
    assert "Marked 1 day as illness" in shown(at)
    assert at.checkbox(key=ticks_ui_key(task, ill)).value is False
    assert "illness" in [c.value.split()[-1] for c in at.caption]
    assert "0 of 5 planned days last week" in open_charts(at)


def test_tick_details_are_saved_from_the_form(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    assert not [n for n in at.number_input if n.key == "td_minutes"]  # the form is built when opened
    unfold(at, "td_open")
    at.number_input(key="td_minutes").set_value(8)
    at.selectbox(key="td_evidence").set_value("photo")
    button_labelled(at, "Save details").click().run()
    assert "Saved the details" in shown(at)
    con = db.connect(isolated_database)
    assert con.execute("SELECT minutes, evidence FROM ticks").fetchall() == [(8, "photo")]
    con.close()


def test_a_family_not_on_the_caseload_is_not_offered(isolated_database):
    _, family, _ = seed_page(isolated_database)
    con = db.connect(isolated_database)
    with con.cursor() as c:
        stranger = make_user(c, "stranger")
    con.close()
    at = page(stranger, family)
    assert "Choose a family" in at.info[0].value
    assert not [c for c in at.checkbox if c.key and c.key.startswith("tick_")] and "Sam K" not in shown(at)


def test_chart_tasks_say_which_are_any_days_a_week(cur, setup):
    therapist, family, task = setup
    flexible = make_assignment(cur, family, therapist, "Hop", start=date(2026, 11, 2), days_per_week=4)
    daily = make_assignment(cur, family, therapist, "Read", start=date(2026, 11, 2), days_per_week=7)
    found = {
        t.assignment_id: t.flexible
        for t in ticks.list_chart_tasks(cur, therapist, family, LAST_MONDAY, TODAY)
    }
    assert found == {task: False, flexible: True, daily: False}


def test_a_skip_range_ending_before_it_starts_shows_a_message_and_saves_nothing(isolated_database):
    therapist, family, _ = seed_page(isolated_database)
    at = unfold(page(therapist, family), "skips_open")
    at.date_input(key="skip_first").set_value(clock.today())
    at.date_input(key="skip_last").set_value(clock.today() - timedelta(days=3))
    button_labelled(at, "Mark as skip days").click().run()
    assert "The last day comes before the first day" in at.error[0].value
    con = db.connect(isolated_database)
    assert con.execute("SELECT count(*) FROM skip_days").fetchone()[0] == 0
    con.close()
