"""The ticks page through AppTest."""

from datetime import timedelta

from lib import clock, db
from lib.words import week_start
from tests.factories import make_assignment, make_caregiver, make_family, make_user
from tests.pages.apptest import button_labelled, open_app, unfold

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


def test_a_tick_clicked_after_the_sign_in_ended_is_not_saved(isolated_database):
    therapist, family, task = seed_page(isolated_database)
    at = page(therapist, family)
    at.button(key="ticks_prev").click().run()
    con = db.connect(isolated_database)
    con.execute("UPDATE signin_sessions SET ended_at = now()")  # signed out in another tab, or timed out
    con.close()
    at.checkbox(key=ticks_ui_key(task, week_start(clock.today()) - timedelta(days=7))).check().run()
    assert saved_ticks(isolated_database, task) == []  # the click's write asks for the sign-in first
    assert "You are signed out" in " ".join(w.value for w in at.warning)
