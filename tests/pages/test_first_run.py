"""A new clinic's first pages through AppTest."""

from datetime import date

from tests.factories import query, user_id
from tests.pages.apptest import open_app


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


def test_a_new_clinics_caseload_opens_on_this_week_with_its_first_family_and_task(isolated_database):
    from lib import db
    from lib.models import Actor
    from tests.conftest import TODAY
    from tests.factories import make_assignment, make_family

    lead = Actor(lead_of_new_clinic(isolated_database), "ruth", "Ruth Alvarez", "lead", None)
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        make_assignment(cur, make_family(cur, "Theo R.", therapist=lead), lead, start=TODAY)  # set today
    con.close()
    at = open_app(lead.id)
    assert any("This week so far" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert list(table["family"]) == ["Theo R."] and table["active_tasks"].iloc[0] == 1
    assert "no home practice set" not in table["flags_label"].iloc[0]
