"""Two people on one form: the second save is told "changed a moment ago" and overwrites nothing.

Each form remembers the version of the record it showed (lib/ui/form_versions.py); the lib
functions compare it (lib/versions.py). The family and task forms have their own tests.
"""

from datetime import datetime, timedelta

import pytest

from lib import db, ticks
from lib.assignments import templates
from lib.errors import StaleVersion
from tests.conftest import TODAY
from tests.factories import (
    button_labelled,
    make_assignment,
    make_caregiver,
    make_family,
    make_user,
    open_app,
    query,
    unfold,
)

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


# --- lib: the tick details' save names what the form showed ----------------------------------


def test_tick_details_from_a_form_that_showed_the_day_unticked_do_not_overwrite_a_new_tick(cur):
    maya = make_user(cur, "maya")
    task = make_assignment(cur, make_family(cur, "Sam K.", maya), maya, start=TODAY - timedelta(days=7))
    ticks.record_tick(cur, maya, task, DAY, minutes=9)
    with pytest.raises(StaleVersion, match="changed a moment ago"):
        ticks.save_tick_details(cur, maya, task, DAY, None, minutes=3)
    assert ticks.get_tick(cur, maya, task, DAY).minutes == 9


def test_tick_details_save_against_the_version_shown_then_refuse_the_old_one(cur):
    maya = make_user(cur, "maya")
    task = make_assignment(cur, make_family(cur, "Sam K.", maya), maya, start=TODAY - timedelta(days=7))
    ticks.save_tick_details(cur, maya, task, DAY, None, minutes=4)
    ticks.save_tick_details(cur, maya, task, DAY, 1, minutes=6)
    with pytest.raises(StaleVersion):
        ticks.save_tick_details(cur, maya, task, DAY, 1, minutes=8)
    assert ticks.get_tick(cur, maya, task, DAY).minutes == 6


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
