"""The cue card (the session page) during a planned break says until when practice is paused (AppTest)."""

from datetime import date

from lib.sessions import follow_through
from tests.factories import make_assignment, make_family, make_user
from tests.pages.apptest import open_app

TODAY = date(2026, 11, 25)


def _session_step(maya, family, step):
    at = open_app(maya, "pages/session.py")
    at.selectbox(key="start_family").select(family).run()
    at.button(key="start_other").click().run()
    at.session_state["sess_step"] = step
    return at.run()


def _infos(at):
    return " ".join(i.value for i in at.info).replace("\\", "")


def test_during_a_planned_break_the_cue_card_says_paused_until_the_check_in(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, title="Sound hunt", start=date(2026, 11, 2))
    follow_through.plan_break(cur, maya, family, TODAY, date(2027, 1, 11), today=TODAY)
    for step in (1, 2):
        shown = _infos(_session_step(maya, family, step))
        assert "No home-practice tasks are running yet" not in shown and "No task is set yet" not in shown
    shown = _infos(_session_step(maya, family, 2))
    assert "Home practice is paused for a planned break until Monday 11 January" in shown


def test_before_a_break_starts_the_cue_card_shows_the_tasks_and_the_day_it_starts(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    make_assignment(cur, family, maya, title="Sound hunt", start=date(2026, 11, 2))
    follow_through.plan_break(cur, maya, family, date(2026, 12, 7), date(2027, 1, 11), today=TODAY)
    at = _session_step(maya, family, 2)
    assert "Sound hunt" in [h.value for h in at.header]
    assert "A planned break from home practice starts on Monday 7 December" in _infos(at)


def test_a_family_with_no_task_and_no_break_is_told_to_set_one(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    assert "No task is set yet." in _infos(_session_step(maya, family, 2))
    assert "No home-practice tasks are running yet. Set one in step 3." in _infos(
        _session_step(maya, family, 1)
    )
