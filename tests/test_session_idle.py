"""The idle limit while a session is on screen (lib.accounts.signin), on a pinned clock."""

from datetime import datetime, timedelta

import pytest

from lib import settings
from lib.accounts import signin
from lib.errors import InvalidInput, LoginFailed
from lib.sessions import presenter, session_mode
from tests.factories import make_family, make_user, session_actor

T0 = datetime(2026, 11, 25, 9, 0)


def minutes(n):
    return T0 + timedelta(minutes=n)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def in_session(cur, maya):
    """(token, family id, session id) of maya's sign-in at T0, with a session on screen."""
    family = make_family(cur, therapist=maya)
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    session_id = session_mode.start_session(cur, maya, family, now=T0)
    signin.set_session_mode(cur, signin.validate(cur, token, now=T0), family, session_id)
    return token, family, session_id


def ended_why(cur):
    return [r[0] for r in cur.execute("SELECT ended_why FROM signin_sessions ORDER BY id").fetchall()]


def test_a_session_on_screen_stays_signed_in_past_the_usual_idle_time_for_an_hour(cur, in_session):
    token, _, _ = in_session
    assert signin.validate(cur, token, now=minutes(45))
    assert signin.validate(cur, token, now=minutes(60))
    assert signin.validate(cur, token, now=minutes(61)) is None
    assert ended_why(cur) == ["idle"]


def test_without_a_session_on_screen_the_usual_idle_time_still_applies(cur, maya):
    token, _ = signin.sign_in(cur, "maya", "password1", now=T0)
    assert signin.validate(cur, token, now=minutes(31)) is None


def test_the_session_idle_time_is_a_clinic_setting_of_its_own(cur, in_session):
    token, _, _ = in_session
    settings.update_settings(
        cur, make_user(cur, "lead", role="lead", discipline=None), {"session_idle_minutes": 20}
    )
    assert settings.get_setting(cur, "signin_idle_minutes") == 30
    assert signin.validate(cur, token, now=minutes(20)).idle == timedelta(minutes=20)
    assert signin.validate(cur, token, now=minutes(21)) is None


def test_the_session_idle_setting_stays_above_the_two_minutes_warning(cur):
    with pytest.raises(InvalidInput):
        settings.validate("session_idle_minutes", 2)
    assert settings.validate("session_idle_minutes", 5) == 5


def test_the_family_screens_polling_is_not_use(cur, maya, in_session):
    token, family, session_id = in_session
    for poll in range(1, 41):  # the family screen and the window's check, every 1.5 minutes for an hour
        at = T0 + timedelta(minutes=1.5 * poll)
        presenter.family_view(cur, session_actor(maya, family), session_id, today=at.date())
        assert signin.validate(cur, token, now=at).last_seen == T0
    assert signin.validate(cur, token, now=minutes(61)) is None


def test_the_warning_comes_two_minutes_before_the_end(cur, in_session):
    token, _, _ = in_session
    found = signin.validate(cur, token, now=minutes(57))
    assert signin.idle_warning(found, now=minutes(57)) is None
    assert signin.idle_warning(found, now=minutes(57.99)) is None
    assert signin.idle_warning(found, now=minutes(58)) == minutes(60)
    assert signin.idle_warning(found, now=minutes(59.5)) == minutes(60)


def test_im_still_here_starts_the_idle_time_again(cur, in_session):
    token, _, _ = in_session
    found = signin.still_here(cur, signin.validate(cur, token, now=minutes(58.5)), now=minutes(58.5))
    assert signin.idle_warning(found, now=minutes(59)) is None
    assert signin.validate(cur, token, now=minutes(118)).actor.in_session
    assert signin.validate(cur, token, now=minutes(119)) is None


def test_signing_in_again_after_an_idle_end_returns_to_the_session(cur, maya, in_session):
    token, family, session_id = in_session
    assert signin.validate(cur, token, now=minutes(61)) is None
    again, _ = signin.sign_in(cur, "maya", "password1", now=minutes(70))
    found = signin.validate(cur, again, now=minutes(70))
    assert (found.actor.session_family_id, found.session_id) == (family, session_id)
    assert found.idle == timedelta(minutes=60)
    opened = cur.execute(
        "SELECT detail FROM audit_log WHERE action = 'screen_open' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    assert '"after_sign_in": true' in opened


def test_leaving_the_returned_session_still_needs_the_password(cur, maya, in_session):
    token, _, session_id = in_session
    signin.validate(cur, token, now=minutes(61))
    again, _ = signin.sign_in(cur, "maya", "password1", now=minutes(70))
    actor = signin.validate(cur, again, now=minutes(70)).actor
    with pytest.raises(LoginFailed):
        session_mode.end_session(cur, actor, session_id, "wrong")
    assert signin.validate(cur, again, now=minutes(71)).actor.in_session


def test_a_sign_out_typed_at_the_shared_screen_does_not_leave_the_session_either(cur, in_session):
    token, family, _ = in_session
    signin.sign_out(cur, token, now=minutes(5))
    again, _ = signin.sign_in(cur, "maya", "password1", now=minutes(6))
    assert signin.validate(cur, again, now=minutes(6)).actor.session_family_id == family


def test_a_session_ended_with_the_password_does_not_come_back(cur, maya, in_session):
    token, family, session_id = in_session
    actor = signin.validate(cur, token, now=minutes(10)).actor
    session_mode.end_session(cur, actor, session_id, "password1")
    signin.clear_session_mode(cur, signin.validate(cur, token, now=minutes(10)))
    signin.sign_out(cur, token, now=minutes(11))
    again, _ = signin.sign_in(cur, "maya", "password1", now=minutes(12))
    assert not signin.validate(cur, again, now=minutes(12)).actor.in_session


def test_a_session_left_on_screen_yesterday_does_not_come_back_today(cur, in_session):
    token, _, _ = in_session
    signin.validate(cur, token, now=minutes(61))
    again, _ = signin.sign_in(cur, "maya", "password1", now=T0 + timedelta(days=1))
    assert not signin.validate(cur, again, now=T0 + timedelta(days=1)).actor.in_session


def test_another_therapists_sign_in_does_not_take_the_session(cur, in_session):
    token, _, _ = in_session
    make_user(cur, "leo")
    signin.validate(cur, token, now=minutes(61))
    leos, _ = signin.sign_in(cur, "leo", "password1", now=minutes(62))
    assert not signin.validate(cur, leos, now=minutes(62)).actor.in_session
