"""The therapist's window in session mode near an idle sign-out (lib.ui.session_idle) through AppTest."""

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lib import clock
from lib.accounts import signin
from lib.text import md_escape
from tests.factories import ROOT, query, user_id
from tests.pages.apptest import COOKIES, open_sign_in_session, send_cookie, sign_in


@pytest.fixture
def maya_family(demo_db):
    """(maya.ot's user id, her first active family's id and name)."""
    user = user_id(demo_db, "maya.ot")
    family_id, name = query(
        demo_db,
        "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " WHERE ft.therapist_id = ? AND f.status = 'active' ORDER BY f.id LIMIT 1",
        [user],
    )[0]
    return user, family_id, name


def _started(user, family_id):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, user)
    at.run()
    at.switch_page("pages/session.py").run()
    at.selectbox(key="start_family").select(family_id).run()
    at.button(key="start_other").click().run()
    assert at.title[0].value.startswith("Session with")
    return at


def _unused_for(path, user, minutes):
    query(
        path,
        "UPDATE signin_sessions SET last_seen = ? WHERE user_id = ? AND ended_at IS NULL",
        [clock.now() - timedelta(minutes=minutes), user],
    )


@pytest.fixture
def only_the_timed_check(monkeypatch):
    """The window's own runs do not count as use: as if only its timed check ran since (AppTest has no timer)."""
    monkeypatch.setattr(signin, "touch", lambda cur, found, now=None: found)


def _still_here_buttons(at):
    return [b for b in at.button if b.label == "I'm still here"]


def test_a_session_in_use_shows_no_idle_word(maya_family):
    user, family_id, _ = maya_family
    at = _started(user, family_id)
    assert not _still_here_buttons(at) and not at.warning


def test_a_session_window_unused_for_45_minutes_is_still_signed_in(maya_family, demo_db):
    user, family_id, _ = maya_family
    at = _started(user, family_id)
    _unused_for(demo_db, user, 45)
    at.run()
    assert at.title[0].value.startswith("Session with")


def test_two_minutes_before_the_end_the_window_asks_and_im_still_here_renews(
    maya_family, demo_db, only_the_timed_check
):
    user, family_id, _ = maya_family
    at = _started(user, family_id)
    _unused_for(demo_db, user, 58.5)
    at.run()
    ends = clock.now() - timedelta(minutes=58.5) + timedelta(minutes=60)
    assert f"signs out at {ends:%H:%M}" in at.warning[0].value
    (button,) = _still_here_buttons(at)
    button.click().run()
    (last_seen,) = query(demo_db, "SELECT last_seen FROM signin_sessions WHERE ended_at IS NULL")[0]
    assert clock.now() - last_seen < timedelta(minutes=1)
    assert not _still_here_buttons(at)


def test_after_an_idle_end_signing_in_again_returns_to_the_session(maya_family, demo_db):
    user, family_id, name = maya_family
    at = _started(user, family_id)
    _unused_for(demo_db, user, 61)
    at.run()
    assert "signed out" in at.warning[0].value
    COOKIES.clear()
    send_cookie(at, open_sign_in_session(user)).run()  # signing in again, as lib.web does
    assert at.session_state["session_family_id"] == family_id
    assert at.title[0].value == "Session with " + md_escape(name)
    assert at.text_input(key="sess_password")  # leaving still asks the password
