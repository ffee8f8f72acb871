"""The task form and the family's task list through AppTest."""

from datetime import date, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import assignments as a
from lib.assignments.barriers import BARRIER_IDS
from tests.conftest import make_family, make_user
from tests.pages.apptest import sign_in

START = date(2026, 11, 2)
TASK = {
    "title": "Tongue exercises while brushing teeth",
    "instructions": "Push the tongue into each cheek five times.",
    "discipline": "SLP",
    "who": "child",
    "minutes": 5,
    "days_per_week": 7,
    "weekdays": None,
    "start_date": START,
    "routine_anchor": "while brushing teeth",
    "routine_time": time(19, 30),
    "materials": "",
    "practised_in_session": True,
    "family_chose": True,
}
ALL_OK = {b: ("ok", "") for b in BARRIER_IDS}


@pytest.fixture
def setup(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    return cur, slp, family


def versions(cur, assignment_id):
    return cur.execute(
        "SELECT version, kind, changed_on FROM assignment_versions WHERE assignment_id = ? ORDER BY version",
        [assignment_id],
    ).fetchall()


# ---- the page, through AppTest ------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def page(user, family, section=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, user.id)
    at.run()
    at.switch_page("pages/assignments.py")
    at.query_params["family"] = str(family)
    if section:
        at.session_state["as_section"] = section
    return at.run()


def warnings(at):
    return " ".join(w.value for w in at.warning)


def fill_checklist(at, risk="time", plan="Grandma runs it on Tuesdays"):
    for barrier in BARRIER_IDS:
        at.radio(key="af_b_" + barrier).set_value("risk" if barrier == risk else "ok")
    at.run()
    at.text_input(key="af_bp_" + risk).input(plan)
    return at.run()


def template_id(cur, title):
    from lib.assignments.templates import list_templates

    return next(t.id for t in list_templates(cur, None) if t.title == title)


def test_the_page_sets_a_task_from_a_template_with_the_checklist(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.selectbox(key="af_template").set_value(template_id(cur, "Funny faces in the mirror")).run()
    assert at.text_input(key="af_anchor").value == "while brushing teeth"
    at.number_input(key="af_minutes").set_value(5)
    at.checkbox(key="af_practised").check()
    at.checkbox(key="af_chose").check()
    fill_checklist(at)
    at.button(key="af_save").click().run()
    assert "Task saved" in at.success[0].value
    (task,) = a.list_assignments(cur, slp, family)
    assert (task.title, task.minutes, task.days_per_week, task.checklist_complete) == (
        "Funny faces in the mirror",
        5,
        7,
        True,
    )


def test_the_advice_changes_as_the_minutes_change(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    assert "long practice" not in warnings(at)
    at.number_input(key="af_minutes").set_value(15).run()
    assert "15 minutes is a long practice" in warnings(at)
    assert "Why:" in warnings(at)
    at.number_input(key="af_minutes").set_value(5).run()
    assert "long practice" not in warnings(at)


def test_the_advice_holds_the_task_to_what_the_family_agreed_at_intake(setup):
    from lib.explainer import record_explainer_run

    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.number_input(key="af_minutes").set_value(8).run()
    assert "at intake" not in warnings(at)  # nothing agreed yet: only the clinic limit applies
    record_explainer_run(cur, slp, family, minutes_per_day=5, days_per_week=5, understood=True)
    at = page(slp, family, "Set a task")
    at.number_input(key="af_minutes").set_value(8).run()
    assert "agreed about 5 at intake" in warnings(at)


def test_zero_minutes_shows_a_message_at_the_field_and_saves_nothing(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Blow bubbles")
    at.number_input(key="af_minutes").set_value(0)
    at.button(key="af_save").click().run()
    assert "between 1 and 240" in at.error[0].value
    assert a.list_assignments(cur, slp, family) == []


def test_a_field_error_goes_once_the_input_is_corrected_and_the_task_saves(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Blow bubbles")
    at.number_input(key="af_minutes").set_value(0)
    at.button(key="af_save").click().run()
    assert any("between 1 and 240" in e.value for e in at.error)
    at.number_input(key="af_minutes").set_value(5).run()
    assert not at.error  # corrected: the old message no longer stands beside the field
    at.button(key="af_save").click().run()
    assert not at.error and "Task saved" in at.success[0].value
    assert [t.minutes for t in a.list_assignments(cur, slp, family)] == [5]


def test_a_field_error_stays_while_nothing_was_changed(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.number_input(key="af_minutes").set_value(0)
    at.button(key="af_save").click().run()
    at.run()  # any rerun that changes no input
    assert at.error and a.list_assignments(cur, slp, family) == []


def test_an_unfinished_checklist_still_saves_and_is_marked(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Blow bubbles").run()
    assert "Checklist not finished" in at.info[0].value
    at.button(key="af_save").click().run()
    at = page(slp, family)
    assert "checklist incomplete" in at.expander[0].label


def test_giving_a_task_again_from_the_page_links_the_new_period(setup):
    cur, slp, family = setup
    old_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    at = page(slp, family)
    at.selectbox(key=f"life_action_{old_id}").set_value("reissue")
    at.date_input(key=f"life_on_{old_id}").set_value(date(2026, 11, 9))
    at.button(key=f"life_save_{old_id}").click().run()
    assert "Given again from 9 Nov 2026" in at.success[0].value
    (new,) = a.list_assignments(cur, slp, family)
    assert new.reissued_from == old_id


def test_changing_a_task_on_the_page_makes_it_easier_with_a_reason(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "minutes": 15}, ALL_OK)
    at = page(slp, family)
    at.button(key=f"life_edit_{task_id}").click().run()
    assert at.number_input(key="af_minutes").value == 15
    at.radio(key="af_kind").set_value("made_easier")
    at.text_input(key="af_reason").input("shorter so it fits")
    at.number_input(key="af_minutes").set_value(5)
    at.button(key="af_save").click().run()
    assert "Changes saved" in at.success[0].value
    assert versions(cur, task_id)[-1][1] == "made_easier"


def test_a_changed_title_with_a_too_long_plan_saves_nothing_and_says_why(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    at = page(slp, family)
    at.button(key=f"life_edit_{task_id}").click().run()
    at.text_input(key="af_title").input("Cheek pushes at bath time")
    fill_checklist(at, plan="x" * 301)
    at.button(key="af_save").click().run()
    assert "Not saved yet: Keep the plan under 300 characters." in [e.value for e in at.error]
    assert a.get_assignment(cur, slp, task_id).title == TASK["title"]
    assert a.get_barrier_answers(cur, slp, task_id)["time"] == ("ok", "")
    assert len(versions(cur, task_id)) == 1


def test_the_family_view_shows_only_plain_cards(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK, ALL_OK)
    at = page(slp, family, "Family view")
    assert at.header[0].value == "Tongue exercises while brushing teeth"
    shown = " ".join(m.value for m in at.markdown)
    assert "every day" in shown and "while brushing teeth" in shown
    assert not at.expander and not at.button


def test_another_therapists_family_is_refused_on_the_page(setup):
    cur, slp, family = setup
    at = page(make_user(cur, "other"), family)
    assert "not on your caseload" in at.error[0].value
    assert not at.expander


def test_without_a_family_the_page_offers_a_picker(setup):
    cur, slp, family = setup
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, slp.id)
    at.run()
    at.switch_page("pages/assignments.py").run()
    assert at.selectbox(key="as_family_pick").options == ["Sam K."]


def test_the_template_fills_the_reward_count_and_where_to_get_things(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.selectbox(key="af_template").set_value(template_id(cur, "Straw sips at dinner")).run()
    assert at.number_input(key="af_reward_ticks").value == 5
    assert at.text_input(key="af_reward").value == "your child picks a fun straw to keep"
    assert "supermarkets" in at.text_input(key="af_where").value


def test_the_form_asks_for_a_reminder_time_when_there_is_a_routine_but_no_time(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_anchor").input("on the walk to school").run()
    assert "When does “on the walk to school” usually happen?" in warnings(at)
    at.time_input(key="af_time").set_value(time(8, 15)).run()
    assert "usually happen" not in warnings(at)


def test_an_any_days_task_saves_the_reminder_days_and_the_kit_from_the_page(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Blow bubbles")
    at.slider(key="af_days").set_value(3).run()
    at.radio(key="af_reminder_mode").set_value("days").run()
    at.button_group(key="af_reminder_days").set_value(["Tue", "Sat"])
    at.text_input(key="af_lent").input("a bubble wand")
    at.text_input(key="af_where").input("any toy shop")
    at.button(key="af_save").click().run()
    (task,) = a.list_assignments(cur, slp, family)
    assert (task.reminder_mode, task.reminder_days) == ("days", (1, 5))
    assert (task.materials_lent, task.materials_where) == ("a bubble wand", "any toy shop")


def test_safety_advice_must_be_accepted_on_the_form_before_the_task_saves(setup):
    cur, slp, family = setup
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(2023, 6, 1), family])  # 3 years
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Thread beads")
    at.text_area(key="af_instructions").input("Thread small beads on a lace.").run()
    assert "small enough to swallow" in warnings(at)
    assert "date of birth is not recorded" not in " ".join(c.value for c in at.caption)
    at.button(key="af_save").click().run()
    assert any("Read the safety advice" in e.value for e in at.error)
    assert a.list_assignments(cur, slp, family) == []
    at.checkbox(key="af_safety_ok").check().run()
    at.button(key="af_save").click().run()
    assert "Task saved" in at.success[0].value
    (task,) = a.list_assignments(cur, slp, family)
    assert "small enough to swallow" in task.safety_acknowledged
    detail = cur.execute(
        "SELECT detail FROM audit_log WHERE action = 'create' AND entity_id = ?", [task.id]
    ).fetchone()[0]
    assert "small enough to swallow" in detail


def test_a_safety_line_that_answers_the_advice_needs_no_acceptance(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.text_input(key="af_title").input("Thread beads")
    at.text_area(key="af_instructions").input("Thread small beads on a lace.").run()
    assert "assumes a young child" in " ".join(c.value for c in at.caption)  # no date of birth
    at.text_area(key="af_safety").input("A grown-up stays at the table the whole time.").run()
    assert "small enough to swallow" not in warnings(at)
    at.button(key="af_save").click().run()
    assert "Task saved" in at.success[0].value


def test_the_picker_offers_templates_that_fit_the_child_first_and_warns_outside_the_range(setup):
    cur, slp, family = setup
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(2023, 6, 1), family])  # 3 years
    at = page(slp, family, "Set a task")
    picker = at.selectbox(key="af_template")
    labels = list(picker.options)  # as shown
    fitting = [label for label in labels if "not for this age" not in label]
    assert fitting and labels[: len(fitting)] == fitting  # every fitting one before the others
    assert labels[0].startswith("SLP")  # then the therapist's own discipline first
    picker.set_value(template_id(cur, "Worry box time after school")).run()
    assert "meant for ages 7 to 14, and this child is 3" in warnings(at)
    at.selectbox(key="af_template").set_value(template_id(cur, "Funny faces in the mirror")).run()
    assert "meant for" not in warnings(at)


def drawn(at):
    """Return the main area's elements in drawing order as (type, key, value)."""

    def walk(node):
        for child in node.children.values():
            if hasattr(child, "children") and child.type != "error":
                yield from walk(child)
            else:
                yield child

    return [(e.type, getattr(e, "key", None), str(getattr(e, "value", ""))) for e in walk(at.main)]


def error_after(at, key):
    """Return the first error drawn after the widget `key` and before the next keyed input (None if none)."""
    order = drawn(at)
    at_key = next(i for i, item in enumerate(order) if item[1] == key)
    for kind, other, value in order[at_key + 1 :]:
        if kind == "error":
            return value
        if other and other.startswith("af_") and kind != "error":
            return None
    return None


def test_every_problem_of_the_task_form_shows_at_once_under_its_field(setup):
    cur, slp, family = setup
    at = page(slp, family, "Set a task")
    at.number_input(key="af_minutes").set_value(0)
    at.text_input(key="af_materials").input("m" * 301)
    at.radio(key="af_b_materials").set_value("risk").run()
    at.text_input(key="af_bp_materials").input("p" * 301)
    at.button(key="af_save").click().run()
    assert "short title" in error_after(at, "af_title")
    assert "between 1 and 240" in error_after(at, "af_days")
    assert "Materials is too long" in error_after(at, "af_where")
    assert "plan under 300" in error_after(at, "af_bp_materials")  # the barrier called "materials": its own
    assert sum("Materials is too long" in e.value for e in at.error) == 1
    assert "4 things to fix" in at.error[-1].value
    assert at.text_input(key="af_materials").value == "m" * 301  # nothing typed is lost
    at.text_input(key="af_title").input("Blow bubbles").run()  # one fixed: the others stay
    assert error_after(at, "af_title") is None and "between 1 and 240" in error_after(at, "af_days")
    assert a.list_assignments(cur, slp, family) == []


def test_the_leads_first_task_for_a_family_names_the_familys_therapist(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    nora = make_user(cur, "nora", discipline="OT")
    cur.execute(
        "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, 'OT')",
        [family, nora.id],
    )
    at = page(lead, family, "Set a task")
    assert at.selectbox(key="af_discipline").value == "OT"  # the family's first discipline
    assert at.selectbox(key="af_therapist").value == nora.id  # not "Occupational therapy with the lead"
    at.selectbox(key="af_discipline").set_value("SLP").run()
    assert at.selectbox(key="af_therapist").value == slp.id
