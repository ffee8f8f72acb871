"""Signing in on the pages through AppTest."""

from tests.factories import make_user

# --- the script side: AppTest's stand-in for the cookie works only in tests ----------------


def _caseload_as(user_id):
    from streamlit.testing.v1 import AppTest

    from tests.factories import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user_id"] = user_id
    return at.run()


def test_under_apptest_the_tab_user_id_stands_in_for_the_cookie(cur):
    maya = make_user(cur, "maya")
    assert _caseload_as(maya.id).title[0].value == "Weekly caseload review"


def test_without_the_test_switch_a_tab_user_id_signs_no_one_in(cur, monkeypatch):
    maya = make_user(cur, "maya")
    monkeypatch.delenv("HOME_PRACTICE_TESTING")
    at = _caseload_as(maya.id)
    assert "signed out" in at.warning[0].value and not at.title[1:]
