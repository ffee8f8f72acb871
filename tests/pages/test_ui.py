"""lib.ui's messages, conflicts and family picker through AppTest."""

from streamlit.testing.v1 import AppTest

from lib.ui.messages import NOT_SAVED
from tests.conftest import make_family, make_user
from tests.pages.apptest import sign_in


def _writer(outcome):
    """A button whose callback writes an audit row, then fails or succeeds as `outcome` says."""
    import streamlit as st

    from lib import audit, ui
    from lib.errors import Conflict

    def action(cur):
        audit.record(cur, None, "try", "test")
        if outcome == "conflict":
            raise Conflict()
        if outcome == "database":
            cur.execute("SELECT * FROM no_such_table")
        return 3

    st.button("Save", key="save", on_click=ui.run_write, args=("f", action, lambda n: f"Saved {n}."))
    ui.feedback("f")


def writer(cur, outcome):
    """The button's page, signed in (a write asks for the sign-in first: run_write)."""
    at = AppTest.from_function(_writer, args=(outcome,), default_timeout=30)
    return sign_in(at, make_user(cur, "maya")).run()


def audit_rows(cur):
    return cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'test'").fetchone()[0]


def test_a_conflict_shows_a_calm_message_after_the_rerun_and_saves_nothing(cur):
    at = writer(cur, "conflict")
    at.button(key="save").click().run()
    assert "Someone else saved this a moment ago" in at.error[0].value
    assert audit_rows(cur) == 0 and not at.exception


def test_a_database_error_shows_the_generic_message_never_the_database_words(cur):
    at = writer(cur, "database")
    at.button(key="save").click().run()
    assert at.error[0].value == NOT_SAVED
    assert "no_such_table" not in at.error[0].value and audit_rows(cur) == 0


def test_a_saved_write_shows_its_message_once(cur):
    at = writer(cur, "ok")
    at.button(key="save").click().run()
    assert at.success[0].value == "Saved 3." and audit_rows(cur) == 1
    assert not at.run().success


def _picker():
    import streamlit as st

    from lib import ui

    st.write(f"picked {ui.family_picker(ui.current_actor(), 'pick')}")


def test_the_family_picker_shows_the_selected_family_and_remembers_a_choice(cur):
    maya = make_user(cur, "maya")
    sam, mia = make_family(cur, "Sam K.", maya), make_family(cur, "Mia L.", maya)
    make_family(cur, "Not Mine")
    at = AppTest.from_function(_picker, default_timeout=30)
    sign_in(at, maya)
    at.session_state["family_id"] = sam
    at.run()
    assert (
        at.selectbox(key="pick").options == ["Mia L.", "Sam K."] and at.markdown[0].value == f"picked {sam}"
    )
    at.selectbox(key="pick").select(mia).run()
    assert at.session_state["family_id"] == mia and at.query_params["family"] == str(mia)


def test_a_write_after_the_sign_in_ended_is_refused_and_saves_nothing(cur):
    at = writer(cur, "ok")
    cur.execute("UPDATE signin_sessions SET ended_at = now()")
    at.button(key="save").click().run()
    assert "You are signed out" in at.error[0].value and audit_rows(cur) == 0
