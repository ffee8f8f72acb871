"""Two people on one form through AppTest: the second is told and nothing is saved."""

from datetime import datetime, timedelta

from lib import db
from lib.assignments import templates
from tests.conftest import TODAY
from tests.factories import make_assignment, make_caregiver, make_family, make_user, query
from tests.pages.apptest import button_labelled, open_app, unfold


def test_two_people_editing_one_family_page_the_second_is_told_and_not_saved(isolated_database):
    from datetime import date

    con = db.connect(isolated_database)
    with con.cursor() as c:
        maya = make_user(c, "maya")
        family_id = make_family(c, "Sam K.", maya)
    con.close()
    first = open_app(maya, "pages/family_edit.py", family=family_id)
    second = open_app(maya, "pages/family_edit.py", family=family_id)
    first.text_input(key=f"fd_name_{family_id}").input("Sam Kay")
    first.button(key="fd_submit").click().run()
    second.text_input(key=f"fd_name_{family_id}").input("Samuel K.")
    second.button(key="fd_submit").click().run()
    assert "changed a moment ago" in second.error[0].value
    assert query(isolated_database, "SELECT display_name FROM families") == [("Sam Kay",)]
    assert date(2026, 9, 1) == query(isolated_database, "SELECT intake_date FROM families")[0][0]


DAY = TODAY - timedelta(days=1)


def _seed(path):
    con = db.connect(path)
    with con.cursor() as c:
        maya = make_user(c, "maya")
        lead = make_user(c, "lead", role="lead", discipline=None)
        family_id = make_family(c, "Sam K.", maya)
        carer = make_caregiver(c, family_id, "Alex", "mother")
        task = make_assignment(c, family_id, maya, start=TODAY - timedelta(days=14))
        session_id = c.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?)"
            " RETURNING id",
            [family_id, maya.id, datetime(2026, 11, 23, 10)],
        ).fetchone()[0]
        templates.seed_templates(c)
    con.close()
    return maya, lead, family_id, carer, task, session_id


def _stale(at):
    return any("changed a moment ago" in e.value for e in at.error)


# --- pages: two windows on the same record ----------------------------------------------------


def test_two_people_editing_one_caregiver_the_second_is_told_and_not_saved(isolated_database):
    maya, _, family_id, carer, *_ = _seed(isolated_database)
    first = open_app(maya, "pages/family_edit.py", family=family_id)
    second = open_app(maya, "pages/family_edit.py", family=family_id)
    first.text_input(key=f"carer_{carer}_name").input("Alexa")
    first.button(key=f"carer_{carer}_save").click().run()
    second.text_input(key=f"carer_{carer}_name").input("Alexandra")
    second.button(key=f"carer_{carer}_save").click().run()
    assert _stale(second)
    assert query(isolated_database, "SELECT name FROM caregivers") == [("Alexa",)]
    assert second.text_input(key=f"carer_{carer}_name").value == "Alexa"  # the current version is shown
    second.button(key=f"carer_{carer}_save").click().run()  # and saving it again is now fine
    assert "Caregiver saved." in [s.value for s in second.success]


def test_two_people_recording_one_sessions_outcome_the_second_is_told_and_not_saved(isolated_database):
    maya, _, family_id, _, _, session_id = _seed(isolated_database)
    first = open_app(maya, "pages/family.py", tab="Sessions", family=family_id)
    second = open_app(maya, "pages/family.py", tab="Sessions", family=family_id)
    first.radio(key="so_status").set_value("attended")
    first.button(key="so_submit").click().run()
    second.radio(key="so_status").set_value("no_show")
    second.button(key="so_submit").click().run()
    assert _stale(second)
    assert query(isolated_database, "SELECT status FROM sessions WHERE id = ?", [session_id]) == [
        ("attended",)
    ]


def test_two_leads_editing_one_template_the_second_is_told_and_not_saved(isolated_database):
    _, lead, *_ = _seed(isolated_database)
    template_id = query(isolated_database, "SELECT min(id) FROM templates")[0][0]
    first = open_app(lead, "pages/templates.py")
    second = open_app(lead, "pages/templates.py")
    for at, minutes in ((first, 7), (second, 9)):
        at.selectbox(key="tpl_pick").set_value(template_id).run()
        at.number_input(key=f"tpl_{template_id}_min").set_value(minutes)
    button_labelled(first, "Save template").click().run()
    button_labelled(second, "Save template").click().run()
    assert _stale(second)
    assert query(isolated_database, "SELECT minutes FROM templates WHERE id = ?", [template_id]) == [(7,)]


def test_two_people_adding_details_to_one_tick_the_second_is_told_and_not_saved(isolated_database):
    maya, _, family_id, _, task, _ = _seed(isolated_database)
    first = unfold(open_app(maya, "pages/ticks.py", family=family_id), "td_open")
    second = unfold(open_app(maya, "pages/ticks.py", family=family_id), "td_open")
    label = next(o for o in first.selectbox(key="td_cell").options if f"{DAY:%a %d %b}" in o)
    for at, minutes in ((first, 7), (second, 12)):
        at.selectbox(key="td_cell").set_value(label)
        at.number_input(key="td_minutes").set_value(minutes)
    first.button(key="td_submit").click().run()
    second.button(key="td_submit").click().run()
    assert _stale(second)
    assert query(isolated_database, "SELECT minutes FROM ticks WHERE assignment_id = ?", [task]) == [(7,)]


def test_ones_own_tick_from_the_grid_does_not_make_ones_details_stale(isolated_database):
    maya, _, family_id, _, task, _ = _seed(isolated_database)
    at = open_app(maya, "pages/ticks.py", family=family_id)
    at.checkbox(key=f"tick_{task}_{DAY.isoformat()}").check().run()
    unfold(at, "td_open")  # opened after one's own tick, as a therapist would
    label = next(o for o in at.selectbox(key="td_cell").options if f"{DAY:%a %d %b}" in o)
    at.selectbox(key="td_cell").set_value(label)
    at.number_input(key="td_minutes").set_value(5)
    at.button(key="td_submit").click().run()
    assert not _stale(at)
    assert query(isolated_database, "SELECT minutes FROM ticks WHERE assignment_id = ?", [task]) == [(5,)]
