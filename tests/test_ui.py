"""lib.ui's shared parts: the write helper's messages, the family picker, and the reads it asks lib for."""

from lib.accounts import auth, users
from tests.conftest import make_user


def test_a_deactivated_account_is_no_longer_the_current_user(cur):
    maya = make_user(cur, "maya")
    assert auth.active_user(cur, maya.id) == maya
    cur.execute("UPDATE users SET active = false WHERE id = ?", [maya.id])
    assert auth.active_user(cur, maya.id) is None


def test_therapist_names_list_therapists_by_name_and_not_the_lead(cur):
    make_user(cur, "zoe")
    make_user(cur, "lead", role="lead", discipline=None)
    make_user(cur, "adam")
    assert list(users.therapist_names(cur).values()) == ["Adam", "Zoe"]
