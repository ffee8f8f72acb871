"""The task form says on which days an "any N days" nudge comes, from the routine's own days (AppTest)."""

from lib import assignments, printables
from lib.printables import reminders
from tests.conftest import TODAY
from tests.factories import make_family, make_user
from tests.pages.apptest import open_app


def _form(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    at = open_app(slp, "pages/assignments.py", family=family)
    at.session_state["as_section"] = "Set a task"
    return slp, family, at.run()


def _nudge_caption(at):
    return " ".join(c.value for c in at.caption if c.value.startswith("Nudges come"))


def test_a_weekend_routine_nudges_at_the_weekend_on_the_form_and_in_the_calendar(cur):
    slp, family, at = _form(cur)
    at.text_input(key="af_title").input("Sound hunt")
    at.slider(key="af_days").set_value(2)
    at.text_input(key="af_anchor").input("at weekend breakfast").run()
    assert _nudge_caption(at).startswith("Nudges come on Sat and Sun")
    at.button(key="af_save").click().run()
    (task,) = assignments.list_assignments(cur, slp, family)
    assert task.reminder_mode == "nudge"
    (sheet_task,) = printables.load_family_sheet(cur, slp, family, TODAY).tasks
    assert reminders.reminder_days(sheet_task) == (5, 6)


def test_a_routine_with_too_few_days_for_the_task_nudges_every_day(cur):
    _, _, at = _form(cur)
    at.slider(key="af_days").set_value(4)
    at.text_input(key="af_anchor").input("at weekend breakfast").run()
    assert _nudge_caption(at).startswith("Nudges come every day")
