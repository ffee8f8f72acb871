import pytest

from lib.accounts import auth
from lib.errors import InvalidInput, LoginFailed, NotAllowed
from tests.conftest import make_user


def test_a_password_hash_verifies_only_the_same_password():
    stored = auth.hash_password("correct horse")
    assert stored.startswith("$argon2")
    assert auth.verify_password(stored, "correct horse")
    assert not auth.verify_password(stored, "wrong horse")
    assert not auth.verify_password("not a hash", "x")


def test_login_returns_the_actor_and_is_audited(cur):
    make_user(cur, "maya")
    actor = auth.login(cur, " Maya ", "password1")
    assert (actor.username, actor.role) == ("maya", "therapist")
    assert cur.execute("SELECT action FROM audit_log WHERE user_id = ?", [actor.id]).fetchall() == [
        ("login",)
    ]


@pytest.mark.parametrize("username,password", [("maya", "wrong-pass"), ("nobody", "password1"), ("", "")])
def test_login_with_bad_credentials_fails(cur, username, password):
    make_user(cur, "maya")
    with pytest.raises(LoginFailed):
        auth.login(cur, username, password)


def test_a_deactivated_account_cannot_log_in(cur):
    make_user(cur, "gone", active=False)
    with pytest.raises(LoginFailed):
        auth.login(cur, "gone", "password1")


def test_the_first_lead_can_be_created_only_on_an_empty_clinic(cur):
    lead = auth.create_first_lead(cur, "Ruth", "Ruth A", "long-enough")
    assert lead.is_lead and lead.username == "ruth"
    with pytest.raises(NotAllowed):
        auth.create_first_lead(cur, "second", "Second", "long-enough")


@pytest.mark.parametrize(
    "username,name,password,field",
    [
        ("a", "Name", "long-enough", "username"),
        ("has space", "Name", "long-enough", "username"),
        ("<b>x</b>", "Name", "long-enough", "username"),
        ("good", "   ", "long-enough", "display_name"),
        ("good", "Name", "short", "password"),
    ],
)
def test_bad_account_details_name_the_field(cur, username, name, password, field):
    with pytest.raises(InvalidInput) as raised:
        auth.create_first_lead(cur, username, name, password)
    assert raised.value.field == field
    assert not auth.has_users(cur)


def test_only_the_lead_creates_accounts(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    therapist = make_user(cur, "maya")
    with pytest.raises(NotAllowed):
        auth.create_user(cur, therapist, "new.one", "New One", "long-enough")
    new_id = auth.create_user(cur, lead, "new.one", "New One", "long-enough", discipline="SLP")
    assert auth.login(cur, "new.one", "long-enough").id == new_id


def test_a_taken_username_is_refused(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput, match="taken"):
        auth.create_user(cur, lead, "lead", "Again", "long-enough")
