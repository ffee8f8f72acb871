"""Each safety rule through the task form (AppTest): its risk gets advice to accept, its safe version saves."""

from datetime import date

import pytest

from lib import assignments
from lib.assignments.safety import safety_advice
from tests.conftest import TODAY
from tests.factories import make_family, make_user
from tests.pages.apptest import open_app
from tests.test_safety_rules import CASES

FIELDS = {"instructions": "af_instructions", "safety": "af_safety"}  # text areas; the rest are inputs


def _fill(cur, values, age):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(TODAY.year - age, 1, 1), family])
    at = open_app(slp, "pages/assignments.py", family=family)
    at.session_state["as_section"] = "Set a task"
    at.run()
    at.text_input(key="af_title").input("Practice at home")
    for field, value in values.items():
        if field in FIELDS:
            at.text_area(key=FIELDS[field]).input(value)
        else:
            at.text_input(key={"materials": "af_materials", "reward_plan": "af_reward"}[field]).input(value)
    return slp, family, at.run()


def _warnings(at):
    return " ".join(w.value for w in at.warning).replace("\\", "")  # the form escapes its Markdown


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_form_gives_a_rules_advice_and_saves_only_once_it_is_accepted(cur, rule):
    values, age = CASES[rule][0]
    slp, family, at = _fill(cur, values, age)
    (advice,) = [text for found, text in safety_advice(values, age) if found == rule]
    assert advice in _warnings(at)
    at.button(key="af_save").click().run()
    assert any("Read the safety advice" in e.value for e in at.error)
    assert assignments.list_assignments(cur, slp, family) == []
    at.checkbox(key="af_safety_ok").check().run()
    at.button(key="af_save").click().run()
    (task,) = assignments.list_assignments(cur, slp, family)
    assert advice in task.safety_acknowledged


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_form_saves_a_rules_safe_version_without_its_advice(cur, rule):
    values, age = CASES[rule][1]
    slp, family, at = _fill(cur, values, age)
    (caught, _), _ = CASES[rule]
    (advice,) = [text for found, text in safety_advice(caught, CASES[rule][0][1]) if found == rule]
    assert advice not in _warnings(at)
    at.button(key="af_save").click().run()
    (task,) = assignments.list_assignments(cur, slp, family)
    assert advice not in task.safety_acknowledged
