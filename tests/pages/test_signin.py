"""Signing in on the pages through AppTest: a real sign-in session, as lib.web opens it."""

from tests.factories import ROOT, make_user, query
from tests.pages.apptest import AppTest, open_sign_in_session, sign_in


def _caseload(at):
    return at.run()


def test_a_page_test_signs_in_with_a_real_sign_in_session(cur, isolated_database):
    maya = make_user(cur, "maya")
    at = _caseload(sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=30), maya))
    assert at.title[0].value == "Weekly caseload review"
    assert query(isolated_database, "SELECT user_id, ended_at FROM signin_sessions") == [(maya.id, None)]


def test_a_tab_user_id_without_the_cookie_signs_no_one_in(cur):
    maya = make_user(cur, "maya")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user_id"] = maya.id
    at = _caseload(at)
    assert "signed out" in at.warning[0].value and not at.title[1:]


def test_an_ended_sign_in_session_signs_the_page_out(cur):
    maya = make_user(cur, "maya")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, maya)
    assert _caseload(at).title[0].value == "Weekly caseload review"
    cur.execute(
        "UPDATE signin_sessions SET ended_at = now(), ended_why = 'deactivated' WHERE user_id = ?", [maya.id]
    )
    at = _caseload(at)
    assert "signed out" in at.warning[0].value and not at.title[1:]


def test_each_test_sign_in_is_its_own_session(cur):
    maya = make_user(cur, "maya")
    assert open_sign_in_session(maya) != open_sign_in_session(maya.id)
