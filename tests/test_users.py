"""Therapist accounts run by the clinic lead: lib/accounts/users.py and the Therapists page."""

from datetime import date

import pytest

from lib import families
from lib.accounts import auth, users
from lib.errors import InvalidInput, LoginFailed, NotAllowed
from tests.factories import make_family, make_user


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


def test_every_problem_of_a_new_account_is_reported_at_once(cur, lead):
    with pytest.raises(InvalidInput) as err:
        users.add_therapist(cur, lead, "Bad Name!", " ", "short", None)
    assert set(err.value.problems) == {"username", "display_name", "password", "discipline"}


def test_every_problem_of_an_account_edit_is_reported_at_once(cur, lead):
    maya = make_user(cur, "maya")
    with pytest.raises(InvalidInput) as err:
        users.update_user(cur, lead, maya.id, "x", "", None)
    assert set(err.value.problems) == {"username", "display_name", "discipline"}


def test_the_sign_in_page_names_only_the_active_leads(cur, lead):
    make_user(cur, "ana", role="lead", discipline=None)
    make_user(cur, "old", role="lead", discipline=None, active=False)
    make_user(cur, "maya")
    assert users.lead_names(cur) == ["Ana", "Lead"]


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
