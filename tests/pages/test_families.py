"""Adding, editing and opening a family through AppTest."""

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db, families
from tests.conftest import make_family, make_user
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]
CARERS = [("Anna", "mother", True), ("Ben", "father", False)]


# --- pages --------------------------------------------------------------------------------


def app(user, page, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, user.id)
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = str(value)
    return at.run()


def shown(at):
    kinds = (at.title, at.markdown, at.text, at.caption, at.info, at.error, at.success, at.warning)
    return " ".join(str(e.value) for kind in kinds for e in kind)


@pytest.fixture
def clinic(isolated_database):
    """A file database with a lead and one OT; yields (path, lead, therapist)."""
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        lead = make_user(cur, "lead", role="lead", discipline=None)
        maya = make_user(cur, "maya", discipline="OT")
    con.close()
    return isolated_database, lead, maya


def query(path, sql, *params):
    con = db.connect(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_a_therapist_adds_a_family_with_two_caregivers_and_lands_on_its_page(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    assert at.title[0].value == "Add a family"
    at.text_input(key="nf_name").input("Mia L.")
    at.text_input(key="nf_c0_name").input("Anna")
    at.text_input(key="nf_c1_name").input("Ben")
    at.button(key="nf_submit").click().run()
    [(family_id, name)] = query(path, "SELECT id, display_name FROM families")
    assert at.session_state["family_id"] == family_id
    carers = query(path, "SELECT name, relation FROM caregivers ORDER BY id")
    assert carers == [("Anna", "mother"), ("Ben", "father")]


def test_adding_a_family_with_duplicate_caregivers_shows_the_message_and_saves_nothing(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.text_input(key="nf_name").input("Mia L.")
    at.text_input(key="nf_c0_name").input("Anna")
    at.text_input(key="nf_c1_name").input("anna")
    at.button(key="nf_submit").click().run()
    assert "Two caregivers are called anna" in at.error[0].value
    assert query(path, "SELECT count(*) FROM families") == [(0,)]


def test_a_name_error_goes_once_the_name_is_given_and_the_family_is_added(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.button(key="nf_submit").click().run()
    assert len(at.error) == 1 and query(path, "SELECT count(*) FROM families") == [(0,)]
    at.text_input(key="nf_name").input("Mia L.")
    at.button(key="nf_submit").click().run()
    assert not at.error
    assert query(path, "SELECT display_name FROM families") == [("Mia L.",)]


def test_long_notes_show_a_message_next_to_the_notes(clinic):
    path, _, maya = clinic
    at = app(maya, "pages/family_edit.py")
    at.text_input(key="nf_name").input("Mia L.")
    at.text_area(key="nf_notes").input("n" * 10_000)
    at.button(key="nf_submit").click().run()
    assert "up to 2,000 characters" in at.error[0].value
    assert at.text_area(key="nf_notes").value == "n" * 10_000


def seeded(path, maya, name="Mia L."):
    con = db.connect(path)
    with con.cursor() as cur:
        family_id = families.create_family(cur, maya, name, date(2026, 9, 1), caregivers=CARERS)
    con.close()
    return family_id


def test_the_family_page_shows_details_caregivers_therapists_and_the_gap(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family.py", family=family_id)
    assert at.title[0].value == r"Mia L\."  # typed text is always escaped
    assert "Anna, mother · runs home practice" in shown(at)
    assert "Maya (OT)" in shown(at)
    assert "No session booked yet." in at.warning[0].value
    assert [t.label for t in at.tabs] == [
        "Overview",
        "Home practice",
        "Practice charts",
        "Sessions",
        "Conversations",
        "Goals",
    ]


def test_html_in_a_name_is_shown_as_text(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya, name="<b>Bo</b> *x*")
    at = app(maya, "pages/family.py", family=family_id)
    assert at.title[0].value == r"\<b\>Bo\</b\> \*x\*"


def test_another_therapist_opening_the_family_url_sees_not_your_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    con = db.connect(path)
    leo = make_user(con.cursor(), "leo")
    con.close()
    for page in ("pages/family.py", "pages/family_edit.py"):
        at = app(leo, page, family=family_id)
        assert "not on your caseload" in at.error[0].value
        assert "Mia" not in shown(at)


def test_a_caregiver_is_added_on_the_edit_page(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key="ac_name").input("Gran")
    at.selectbox(key="ac_rel").set_value("grandparent")
    at.button(key="ac_submit").click().run()
    assert "Caregiver added." in at.success[0].value
    assert ("Gran", "grandparent") in query(path, "SELECT name, relation FROM caregivers")


def test_a_future_date_of_birth_shows_a_message_next_to_the_field(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.date_input(key=f"fd_dob_{family_id}").set_value(date(2030, 1, 1))
    at.button(key="fd_submit").click().run()
    assert "cannot be in the future" in at.error[0].value
    assert query(path, "SELECT date_of_birth FROM families") == [(None,)]


def test_the_therapist_discharges_and_reactivates_the_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.button(key="st_discharge").click().run()
    assert "Family discharged." in at.success[0].value
    assert query(path, "SELECT status FROM families") == [("discharged",)]
    at.button(key="st_reactivate").click().run()
    assert query(path, "SELECT status, discharged_on FROM families") == [("active", None)]


def test_the_sidebar_offers_only_the_families_the_therapist_may_see(clinic):
    path, _, maya = clinic
    seeded(path, maya)
    con = db.connect(path)
    make_family(con.cursor(), "Not Mine")
    con.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, maya.id)
    at.run()
    assert at.sidebar.selectbox(key="family_search").options == ["Mia L."]


def test_a_duplicate_caregiver_on_the_edit_page_is_named_next_to_the_field(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key="ac_name").input("anna")
    at.button(key="ac_submit").click().run()
    assert "already has a caregiver called anna" in at.error[0].value
    assert len(query(path, "SELECT id FROM caregivers")) == 2


def test_a_caregiver_is_renamed_and_then_removed(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    anna = query(path, "SELECT id FROM caregivers WHERE name = 'Anna'")[0][0]
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.text_input(key=f"carer_{anna}_name").input("Anna Lee")
    at.button(key=f"carer_{anna}_save").click().run()
    assert query(path, "SELECT name FROM caregivers WHERE id = ?", anna) == [("Anna Lee",)]
    at.button(key=f"carer_{anna}_remove").click().run()
    assert query(path, "SELECT active FROM caregivers WHERE id = ?", anna) == [(False,)]


def test_a_second_discipline_is_linked_on_the_edit_page(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    con = db.connect(path)
    priya = make_user(con.cursor(), "priya", discipline="PT")
    con.close()
    at = app(maya, "pages/family_edit.py", family=family_id)
    at.selectbox(key="lt_therapist").set_value(priya.id)
    at.button(key="lt_submit").click().run()
    assert "Therapist linked." in at.success[0].value
    assert "Priya (PT)" in shown(at)


def test_the_edit_button_opens_the_edit_page_for_this_family(clinic):
    path, _, maya = clinic
    family_id = seeded(path, maya)
    at = app(maya, "pages/family.py", family=family_id)
    at.button(key="family_open_pages/family_edit.py").click().run()
    assert at.title[0].value == r"Edit Mia L\."
    assert at.query_params["family"] == str(family_id)
