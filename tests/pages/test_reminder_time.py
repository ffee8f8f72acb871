"""The task form asks for the routine's usual time, and its advice says a reminder needs one (AppTest)."""

from datetime import time

from streamlit.testing.v1 import AppTest

from tests.factories import ROOT, make_family, make_user
from tests.pages.apptest import sign_in


def _form(user, family):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, user.id)
    at.run()
    at.switch_page("pages/assignments.py")
    at.query_params["family"] = str(family)
    at.session_state["as_section"] = "Set a task"
    return at.run()


def _advice(at):
    return " ".join(w.value for w in at.warning).replace("\\", "")  # as read: Markdown escapes dropped


def test_the_task_form_asks_the_routines_usual_time_and_advises_that_a_reminder_needs_one(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    at = _form(slp, make_family(cur, therapist=slp, discipline="SLP"))
    assert at.time_input(key="af_time").label == "Usual time"
    at.text_input(key="af_anchor").input("at bath time").run()
    assert "No usual time yet. When does “at bath time” usually happen?" in _advice(at)
    assert "A reminder needs a time" in _advice(at)
    at.time_input(key="af_time").set_value(time(18, 30)).run()
    assert "No usual time yet" not in _advice(at) and "A reminder needs a time" not in _advice(at)


def test_the_form_says_an_any_days_nudge_comes_on_the_routines_days(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    at = _form(slp, make_family(cur, therapist=slp, discipline="SLP"))
    at.slider(key="af_days").set_value(5).run()
    at.text_input(key="af_anchor").input("on the walk to school").run()
    assert "Nudges come Monday to Friday, as silent notes until a time is set." in [
        c.value for c in at.caption
    ]
    at.text_input(key="af_anchor").input("at bath time").run()
    at.time_input(key="af_time").set_value(time(18, 30)).run()
    assert "Nudges come every day, at 18:30." in [c.value for c in at.caption]
