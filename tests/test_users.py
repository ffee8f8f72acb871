"""Therapist accounts run by the clinic lead: lib/accounts/users.py and the Therapists page."""

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from lib import db, families
from lib.accounts import auth, users
from lib.errors import InvalidInput, LoginFailed, NotAllowed
from tests.factories import ROOT, make_family, make_user, open_app, query


@pytest.fixture
def lead(cur):
    return make_user(cur, "lead", role="lead", discipline=None)


def test_the_lead_adds_a_therapist_who_can_then_log_in(cur, lead):
    user_id = users.add_therapist(cur, lead, "Priya.PT", "Priya Shah", "long enough", "PT")
    actor = auth.login(cur, "priya.pt", "long enough")
    assert (actor.id, actor.display_name, actor.discipline) == (user_id, "Priya Shah", "PT")


def test_a_therapist_cannot_add_accounts(cur):
    maya = make_user(cur, "maya")
    with pytest.raises(NotAllowed):
        users.add_therapist(cur, maya, "new.one", "New", "long enough", "OT")


def test_a_therapist_account_needs_a_discipline(cur, lead):
    with pytest.raises(InvalidInput) as err:
        users.add_therapist(cur, lead, "new.one", "New", "long enough", None)
    assert err.value.field == "discipline"


def test_a_deactivated_therapist_cannot_log_in(cur, lead):
    maya = make_user(cur, "maya")
    users.set_user_active(cur, lead, maya.id, False)
    with pytest.raises(LoginFailed):
        auth.login(cur, "maya", "password1")


def test_a_reactivated_therapist_can_log_in_again(cur, lead):
    maya = make_user(cur, "maya")
    users.set_user_active(cur, lead, maya.id, False)
    users.set_user_active(cur, lead, maya.id, True)
    assert auth.login(cur, "maya", "password1").id == maya.id


def test_the_lead_cannot_deactivate_their_own_account(cur, lead):
    with pytest.raises(NotAllowed):
        users.set_user_active(cur, lead, lead.id, False)


def test_a_reset_password_replaces_the_old_one(cur, lead):
    maya = make_user(cur, "maya")
    users.reset_password(cur, lead, maya.id, "a new secret")
    assert auth.login(cur, "maya", "a new secret").id == maya.id
    with pytest.raises(LoginFailed):
        auth.login(cur, "maya", "password1")


def test_a_short_reset_password_is_refused(cur, lead):
    maya = make_user(cur, "maya")
    with pytest.raises(InvalidInput) as err:
        users.reset_password(cur, lead, maya.id, "short")
    assert err.value.field == "password"


def test_editing_an_account_changes_login_name_and_discipline(cur, lead):
    maya = make_user(cur, "maya")
    users.update_user(cur, lead, maya.id, "maya.slp", "Maya Okafor", "SLP")
    assert users.get_user(cur, lead, maya.id)[1:5] == ("maya.slp", "Maya Okafor", "therapist", "SLP")
    assert auth.login(cur, "maya.slp", "password1").id == maya.id


def test_a_login_name_already_taken_is_refused(cur, lead):
    maya = make_user(cur, "maya")
    with pytest.raises(InvalidInput, match="taken") as err:
        users.update_user(cur, lead, maya.id, "lead", "Maya", "OT")
    assert err.value.field == "username"


def test_the_account_list_counts_open_families(cur, lead):
    maya = make_user(cur, "maya")
    make_family(cur, therapist=maya)
    gone = make_family(cur, "Gone", therapist=maya)
    families.discharge_family(cur, maya, gone, date(2026, 11, 1))
    table = users.list_users(cur, lead).set_index("username")
    assert table.loc["maya", "families"] == 1 and table.loc["lead", "families"] == 0


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
    test.session_state["user_id"] = maya.id
    test.run()
    assert "Only the clinic lead" in test.error[0].value
    assert not test.dataframe
