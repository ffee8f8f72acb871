"""The first-run checklist: a new clinic is set up step by step from the caseload."""

from datetime import date

import pytest

from lib.accounts import first_run
from lib.errors import NotAllowed
from lib.settings import update_settings
from tests.factories import make_assignment, make_family, make_user, open_app, query, user_id


def steps_done(cur, lead):
    return [step.done for step in first_run.checklist(cur, lead)]


def test_a_new_clinic_has_every_step_left(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    assert steps_done(cur, lead) == [False, False, False, False]


def test_each_step_is_done_by_what_the_lead_sets_up(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    update_settings(cur, lead, {"clinic_name": "Riverside", "practice_word": "practice time"})
    maya = make_user(cur, "maya.ot")
    family = make_family(cur, therapist=maya)
    assert steps_done(cur, lead) == [True, True, True, False]
    make_assignment(cur, family, maya)
    assert steps_done(cur, lead) == [True, True, True, True]


def test_only_the_lead_sees_the_checklist(cur):
    with pytest.raises(NotAllowed):
        first_run.checklist(cur, make_user(cur))


def links(at):
    return [e.proto.label for e in at.get("page_link")]


def lead_of_new_clinic(path):
    """Create the first lead as the first sign-in screen does (lib.web, tested in test_signin); return its id."""
    from lib import db
    from lib.accounts import auth

    con = db.connect(path)
    try:
        with con.cursor() as cur:
            return auth.create_first_lead(cur, "ruth", "Ruth Alvarez", "a long password").id
    finally:
        con.close()


def test_the_caseload_of_a_new_clinic_shows_the_checklist_with_links(isolated_database):
    at = open_app(lead_of_new_clinic(isolated_database))
    assert "Setting up the clinic: 0 of 4 done" in at.subheader[0].value
    assert any("Add your therapists" in label for label in links(at))
    assert any("Import" in label for label in links(at))


def test_the_demo_clinic_is_set_up_so_no_checklist(demo_db):
    at = open_app(user_id(demo_db, "lead"))
    assert not any("Setting up" in s.value for s in at.subheader)


def test_a_lead_without_therapists_adds_a_family_linked_to_themself(isolated_database):
    lead = lead_of_new_clinic(isolated_database)
    at = open_app(lead, "pages/family_edit.py")
    at.text_input(key="nf_name").input("Ava B.")
    at.date_input(key="nf_intake").set_value(date(2026, 11, 2))
    at.selectbox(key="nf_therapist").select(lead)
    at.selectbox(key="nf_discipline").select("OT")
    at.button(key="nf_submit").click().run()
    assert not at.error, [e.value for e in at.error]
    linked = query(isolated_database, "SELECT therapist_id, discipline FROM family_therapists")
    assert linked == [(lead, "OT")]
