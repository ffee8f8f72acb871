"""The therapists page and deactivation through AppTest."""

import pytest
from streamlit.testing.v1 import AppTest

from lib import db
from lib.accounts import users
from tests.factories import ROOT, make_family, make_user, query
from tests.pages.apptest import open_app, sign_in


@pytest.fixture
def lead(cur):
    return make_user(cur, "lead", role="lead", discipline=None)


# --- the Therapists page ------------------------------------------------------------------


@pytest.fixture
def clinic(isolated_database):
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        lead = make_user(cur, "lead", role="lead", discipline=None)
        maya = make_user(cur, "maya")
        family_id = make_family(cur, "Mia L.", therapist=maya)
    con.close()
    return isolated_database, lead, maya, family_id


def therapists_page(user):
    return open_app(user, "pages/therapists.py")


def test_the_lead_creates_a_therapist_on_the_therapists_page(clinic):
    path, lead, _, _ = clinic
    test = therapists_page(lead)
    test.text_input(key="au_name").input("Priya Shah")
    test.selectbox(key="au_discipline").set_value("PT")
    test.text_input(key="au_username").input("priya.pt")
    test.text_input(key="au_password").input("long enough")
    test.button(key="au_submit").click().run()
    assert "Tell Priya Shah their login" in test.success[0].value
    assert ("priya.pt", "PT", True) in query(path, "SELECT username, discipline, active FROM users")


def test_a_taken_login_shows_a_message_next_to_the_login(clinic):
    path, lead, _, _ = clinic
    test = therapists_page(lead)
    test.text_input(key="au_name").input("Another Maya")
    test.selectbox(key="au_discipline").set_value("OT")
    test.text_input(key="au_username").input("maya")
    test.text_input(key="au_password").input("long enough")
    test.button(key="au_submit").click().run()
    assert "That username is taken." in test.error[0].value
    assert len(query(path, "SELECT id FROM users")) == 2


def test_deactivating_a_therapist_lists_their_families_for_reassignment(clinic):
    path, lead, maya, _ = clinic
    test = therapists_page(lead)
    test.selectbox(key="eu_user").set_value(maya.id).run()
    test.button(key="eu_active").click().run()
    assert "can no longer log in" in test.success[0].value
    assert query(path, "SELECT active FROM users WHERE username = 'maya'") == [(False,)]
    assert test.dataframe[1].value["family"].tolist() == ["Mia L."]


def test_the_family_page_says_the_family_needs_reassignment(clinic):
    path, lead, maya, family_id = clinic
    con = db.connect(path)
    users.set_user_active(con.cursor(), lead, maya.id, False)
    con.close()
    test = open_app(lead, "pages/family.py", family=family_id)
    assert "Needs reassignment: Maya can no longer log in" in test.warning[0].value


def test_a_deactivated_therapist_is_logged_out(clinic):
    path, lead, maya, _ = clinic
    con = db.connect(path)
    users.set_user_active(con.cursor(), lead, maya.id, False)
    con.close()
    test = open_app(maya)
    assert "signed out" in test.warning[0].value
    assert "user_id" not in test.session_state


def test_a_therapist_cannot_open_the_therapists_page(clinic):
    _, _, maya, _ = clinic
    test = AppTest.from_file(str(ROOT / "pages/therapists.py"))
    sign_in(test, maya.id)
    test.run()
    assert "Only the clinic lead" in test.error[0].value
    assert not test.dataframe
