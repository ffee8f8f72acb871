"""A new tick shows at once on every page that shows it: no cache hands out a stale figure."""

from datetime import date

import pytest

from lib import assignments, db, families, ticks, versions
from tests.factories import NEW_TASK, make_assignment, make_family, make_user
from tests.pages.apptest import open_app

WEEK = date(2026, 11, 16)  # the caseload's default week (the last full one before 25 Nov 2026)
TICKED = date(2026, 11, 18)


@pytest.fixture
def clinic(isolated_database):
    """One daily task for one family of maya's, set three weeks ago; the lead writes the tick."""
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        maya = make_user(cur, "maya")
        lead = make_user(cur, "boss", role="lead", discipline=None)
        family = make_family(cur, "Sam K.", therapist=maya)
        task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    con.close()
    return maya, lead, family, task


def _tick_as(user, task):
    # another user's write, through lib.ticks, while the app's own connection stays open
    con = db.connect()
    try:
        with con.cursor() as cur:
            ticks.record_tick(cur, user, task, TICKED)
    finally:
        con.close()


def _caseload_completion(maya):
    at = open_app(maya)
    return at.dataframe[0].value["completion"].iloc[0]


def test_a_new_tick_shows_at_once_on_the_caseload(clinic):
    maya, lead, _, task = clinic
    before = _caseload_completion(maya)  # fills the caseload cache
    _tick_as(lead, task)
    assert _caseload_completion(maya) == pytest.approx(before + 100 / 7)


def _family_figures(maya, family):
    at = open_app(maya)
    at.session_state["figures_week"] = WEEK
    at.switch_page("pages/family.py")
    at.query_params["family"] = str(family)
    at.run()
    return {m.label: m.value for m in at.metric}


def test_a_new_tick_shows_at_once_on_the_family_page(clinic):
    maya, lead, family, task = clinic
    assert _family_figures(maya, family)["Completion"] == "0%"
    _tick_as(lead, task)
    assert _family_figures(maya, family)["Completion"] == "14%"


def _family_page(maya, family):
    at = open_app(maya)
    at.switch_page("pages/family.py")
    at.query_params["family"] = str(family)
    return at.run()


def test_another_users_rename_and_new_task_show_at_once_on_the_family_page(clinic):
    maya, lead, family, _ = clinic
    at = _family_page(maya, family)  # the heading and the running tasks, kept per family
    assert at.title[0].value == r"Sam K\." and "Tidy the toys" not in _task_titles(at)
    con = db.connect()
    try:
        with con.cursor() as cur:
            families.update_family(
                cur, lead, family, "Sam Q.", date(2026, 9, 1), expected_version=versions.ANY
            )
            assignments.create_assignment(cur, lead, family, {**NEW_TASK, "title": "Tidy the toys"})
    finally:
        con.close()
    at = _family_page(maya, family)
    assert at.title[0].value == r"Sam Q\." and "Tidy the toys" in _task_titles(at)


def _task_titles(at):
    return " ".join(h.value for h in at.header)  # each running task's card


def _ticked_box(maya, family, task):
    at = open_app(maya)
    at.session_state["ticks_week"] = WEEK
    at.session_state["family_id"] = family
    at.switch_page("pages/ticks.py").run()
    return at.checkbox(key=f"tick_{task}_{TICKED.isoformat()}").value


def test_a_new_tick_shows_at_once_on_the_ticks_page(clinic):
    maya, lead, family, task = clinic
    assert _ticked_box(maya, family, task) is False
    _tick_as(lead, task)
    assert _ticked_box(maya, family, task) is True


def _ticks_page_charts(maya, family):
    at = open_app(maya)
    at.session_state["family_id"] = family
    at.session_state["ticks_tab"] = "Charts"  # built when the tab is opened
    at.switch_page("pages/ticks.py").run()
    assert not at.exception
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def test_a_new_tick_shows_at_once_in_the_familys_charts(clinic):
    maya, lead, family, task = clinic
    before = _ticks_page_charts(maya, family)  # kept per family until a write about it
    assert len(before) >= 3 and _ticks_page_charts(maya, family) == before
    _tick_as(lead, task)
    after = _ticks_page_charts(maya, family)
    assert len(after) == len(before) and after != before


def _picker_names(maya):
    at = open_app(maya)
    at.switch_page("pages/ticks.py").run()
    return list(at.selectbox(key="ticks_family").options)  # the names shown


def test_a_family_added_or_renamed_by_another_user_shows_at_once_in_the_family_picker(clinic):
    maya, lead, family, _ = clinic
    assert _picker_names(maya) == ["Sam K."]  # kept until a write that shows anywhere
    con = db.connect()
    try:
        with con.cursor() as cur:
            families.create_family(cur, lead, "Ava B.", TICKED, therapists=[(maya.id, "OT")])
            families.update_family(
                cur, lead, family, "Sam Q.", date(2026, 9, 1), expected_version=versions.ANY
            )
    finally:
        con.close()
    assert sorted(_picker_names(maya)) == ["Ava B.", "Sam Q."]


def test_a_new_tick_shows_at_once_in_the_session_review(clinic):
    maya, lead, family, task = clinic
    at = open_app(maya)
    at.switch_page("pages/session.py").run()
    at.selectbox(key="start_family").select(family).run()
    at.button(key="start_other").click().run()
    at.button(key="sess_next").click().run()  # step 2: each task's last two weeks

    def week_words():
        return " ".join(m.value for m in at.markdown if "planned days ticked" in m.value)

    def tick_words():
        return [c.value for c in at.caption if c.value.startswith(("Week of", "No ticks"))]

    assert "Last week: **0 of 7**" in week_words()  # kept per family until a write about it
    assert tick_words() == ["No ticks in these two weeks."]
    _tick_as(lead, task)
    at.run()
    assert "Last week: **1 of 7**" in week_words()
    assert tick_words() == [
        r"Week of 16 Nov\: 1 tick \(1 tick sheet\); how it went\: not recorded; no distress noted\."
    ]
    con = db.connect()
    try:
        with con.cursor() as cur:
            assignments.create_assignment(cur, lead, family, {**NEW_TASK, "title": "Tidy the toys"})
    finally:
        con.close()
    at.run()
    assert "Tidy the toys" in [h.value for h in at.subheader]  # a task set by another user
