"""Assignments: setting, validating, versions, lifecycle, re-issue and the barrier checklist."""

import json
from datetime import date, time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import assignments as a
from lib.assignments.barriers import BARRIER_IDS
from lib.errors import InvalidInput, NotAllowed, NotYourFamily
from tests.conftest import make_family, make_user

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


def tick(cur, assignment_id, family, day, user):
    cur.execute(
        "INSERT INTO ticks (assignment_id, practice_date, family_id, entered_by) VALUES (?, ?, ?, ?)",
        [assignment_id, day, family, user.id],
    )


def test_setting_a_task_saves_it_with_a_created_version_and_its_checklist(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    saved = a.get_assignment(cur, slp, task_id)
    assert (saved.minutes, saved.routine_time, saved.therapist_id) == (5, time(19, 30), slp.id)
    assert saved.checklist_complete and saved.status == "active"
    assert versions(cur, task_id) == [(1, "created", START)]


def test_a_task_with_a_risk_but_no_plan_is_checklist_incomplete(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, {**ALL_OK, "time": ("risk", "")})
    assert not a.get_assignment(cur, slp, task_id).checklist_complete
    a.set_barrier_answers(cur, slp, task_id, {**ALL_OK, "time": ("risk", "Grandma runs it on Tuesdays")})
    assert a.get_assignment(cur, slp, task_id).checklist_complete
    assert a.get_barrier_answers(cur, slp, task_id)["time"] == ("risk", "Grandma runs it on Tuesdays")
    other = a.create_assignment(cur, slp, family, {**TASK, "title": "Lip rounding"})
    assert a.family_barrier_answers(cur, slp, family) == {
        task: a.get_barrier_answers(cur, slp, task) for task in (task_id, other)
    }


def test_saving_without_the_checklist_is_allowed_and_flagged_for_the_caseload(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    table = a.checklist_incomplete_families(cur, slp, [family])
    assert table.to_dict("records") == [
        {"family_id": family, "assignment_id": task_id, "title": TASK["title"], "missing": 8}
    ]


def test_the_checklist_query_shows_only_families_the_therapist_may_see(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK)
    assert len(a.checklist_incomplete_families(cur, slp)) == 1
    assert a.checklist_incomplete_families(cur, make_user(cur, "other")).empty


def test_a_task_names_only_a_therapist_linked_to_the_family(setup):
    cur, slp, family = setup
    stranger = make_user(cur, "stranger", discipline="PT")
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, "therapist_id": stranger.id})
    assert error.value.field == "therapist_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": -5}, "minutes"),
        ({"minutes": 241}, "minutes"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"end_date": date(2026, 11, 1)}, "end_date"),
        ({"weekdays": []}, "weekdays"),
        ({"title": "  "}, "title"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(setup, change, field):
    cur, slp, family = setup
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, **change}, ALL_OK)
    assert error.value.field == field
    assert cur.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0


def test_the_same_title_cannot_be_active_twice_for_a_family(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK)
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, "title": TASK["title"].upper() + " "})
    assert error.value.field == "title"


def test_a_weekday_schedule_sets_the_days_per_week(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "weekdays": [4, 0, 2]})
    saved = a.get_assignment(cur, slp, task_id)
    assert (saved.weekdays, saved.days_per_week) == ((0, 2, 4), 3)


def test_a_therapist_cannot_set_a_task_for_another_therapists_family(setup):
    cur, slp, family = setup
    with pytest.raises(NotYourFamily):
        a.create_assignment(cur, make_user(cur, "other"), family, TASK)


def test_making_it_easier_keeps_the_ticks_and_writes_a_dated_version(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "minutes": 15})
    tick(cur, task_id, family, START, slp)
    version = a.revise_assignment(
        cur, slp, task_id, {"minutes": 5}, "shorter", kind="made_easier", on=date(2026, 11, 9)
    )
    assert version == 2 and a.get_assignment(cur, slp, task_id).minutes == 5
    assert versions(cur, task_id)[-1] == (2, "made_easier", date(2026, 11, 9))
    assert cur.execute("SELECT count(*) FROM ticks WHERE assignment_id = ?", [task_id]).fetchone()[0] == 1


def test_a_revision_snapshot_holds_the_new_values(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.revise_assignment(cur, slp, task_id, {"routine_anchor": "at bath time"}, "fits better")
    snapshot = cur.execute(
        "SELECT snapshot FROM assignment_versions WHERE assignment_id = ? AND version = 2", [task_id]
    ).fetchone()[0]
    assert json.loads(snapshot)["routine_anchor"] == "at bath time"


def test_a_revision_with_nothing_changed_writes_no_version(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    assert a.revise_assignment(cur, slp, task_id, {"minutes": 5}) == 1
    assert len(versions(cur, task_id)) == 1


def test_a_stale_revision_is_refused(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.revise_assignment(cur, slp, task_id, {"minutes": 6})
    with pytest.raises(a.StaleAssignment):
        a.revise_assignment(cur, slp, task_id, {"minutes": 7}, expected_version=1)


def test_task_changes_and_checklist_are_saved_together_or_not_at_all(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    too_long = {**ALL_OK, "time": ("risk", "x" * 301)}
    with pytest.raises(InvalidInput) as error:
        a.save_task_changes(cur, slp, task_id, {"title": "Cheek pushes"}, too_long)
    assert error.value.field == "time"
    assert a.get_assignment(cur, slp, task_id).title == TASK["title"]
    plan = {**ALL_OK, "time": ("risk", "alarm at 7 pm")}
    assert a.save_task_changes(cur, slp, task_id, {"title": "Cheek pushes"}, plan) == 2
    assert a.get_barrier_answers(cur, slp, task_id)["time"] == ("risk", "alarm at 7 pm")


def test_pause_and_resume_write_dated_versions(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id, on=date(2026, 11, 10), reason="holiday")
    assert a.get_assignment(cur, slp, task_id).status == "paused"
    a.resume_assignment(cur, slp, task_id, on=date(2026, 11, 17))
    kinds = [(k, d) for _, k, d in versions(cur, task_id)[1:]]
    assert kinds == [("paused", date(2026, 11, 10)), ("resumed", date(2026, 11, 17))]


def test_a_paused_task_cannot_be_paused_again(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id)
    with pytest.raises(NotAllowed):
        a.pause_assignment(cur, slp, task_id)


def test_completing_sets_the_end_date_unless_it_ends_earlier(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "end_date": date(2026, 12, 31)})
    a.complete_assignment(cur, slp, task_id, on=date(2026, 11, 20))
    done = a.get_assignment(cur, slp, task_id)
    assert (done.status, done.end_date) == ("completed", date(2026, 11, 20))
    assert a.list_assignments(cur, slp, family) == []


def test_retiring_keeps_an_earlier_end_date(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "end_date": date(2026, 11, 5)})
    a.retire_assignment(cur, slp, task_id, on=date(2026, 11, 20))
    assert a.get_assignment(cur, slp, task_id).end_date == date(2026, 11, 5)


def test_reissuing_retires_the_old_task_the_day_before_and_copies_the_checklist(setup):
    cur, slp, family = setup
    old_id = a.create_assignment(cur, slp, family, TASK, {**ALL_OK, "time": ("risk", "alarm at 7 pm")})
    a.set_cross_note(cur, slp, old_id, "Mia checks Dad's exercise")
    new_id = a.reissue_assignment(cur, slp, old_id, date(2026, 11, 9), "show it matters")
    old, new = a.get_assignment(cur, slp, old_id), a.get_assignment(cur, slp, new_id)
    assert (old.status, old.end_date) == ("retired", date(2026, 11, 8))
    assert (new.reissued_from, new.start_date, new.title) == (old_id, date(2026, 11, 9), TASK["title"])
    assert new.checklist_complete and new.cross_note == "Mia checks Dad's exercise"
    assert versions(cur, new_id) == [(1, "reissued", date(2026, 11, 9))]
    assert versions(cur, old_id)[-1][1:] == ("retired", date(2026, 11, 8))


def test_reissuing_from_the_start_day_is_refused(setup):
    cur, slp, family = setup
    old_id = a.create_assignment(cur, slp, family, TASK)
    with pytest.raises(InvalidInput) as error:
        a.reissue_assignment(cur, slp, old_id, START)
    assert error.value.field == "start_date"


def test_a_task_with_ticks_is_never_deleted(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    tick(cur, task_id, family, START, slp)
    with pytest.raises(NotAllowed):
        a.delete_assignment(cur, slp, task_id)
    assert a.get_assignment(cur, slp, task_id)


def test_a_task_without_ticks_can_be_removed(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    a.delete_assignment(cur, slp, task_id)
    assert cur.execute("SELECT count(*) FROM barrier_answers").fetchone()[0] == 0
    assert a.list_assignments(cur, slp, family) == []


def test_daily_minutes_add_up_active_tasks_of_every_discipline(setup):
    cur, slp, family = setup
    first = a.create_assignment(cur, slp, family, TASK)
    second = a.create_assignment(
        cur, slp, family, {**TASK, "title": "Jumps", "discipline": "PT", "minutes": 8}
    )
    a.create_assignment(cur, slp, family, {**TASK, "title": "Paused one", "minutes": 30})
    a.pause_assignment(cur, slp, a.list_assignments(cur, slp, family)[-1].id)
    assert a.family_daily_minutes(cur, slp, family) == 13
    assert a.family_daily_minutes(cur, slp, family, excluding_id=second) == 5 != first


def test_every_write_is_audited(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id)
    actions = cur.execute(
        "SELECT action FROM audit_log WHERE entity = 'assignment' AND entity_id = ? ORDER BY id", [task_id]
    ).fetchall()
    assert actions == [("create",), ("paused",)]


def test_the_family_card_speaks_plainly(setup):
    cur, slp, family = setup
    cur.execute("INSERT INTO caregivers (family_id, name, relation) VALUES (?, 'Jo', 'mother')", [family])
    jo = cur.execute("SELECT id FROM caregivers").fetchone()[0]
    a.create_assignment(cur, slp, family, {**TASK, "supporter_ids": [jo], "weekdays": [0, 3]})
    (card,) = a.family_cards(cur, slp, family)
    assert (card.who, card.helpers, card.schedule) == ("Your child", ("Jo",), "on Monday and Thursday")
    assert card.area == "Speech and language therapy" and card.days_ticked == 0


def test_the_checklist_query_covers_the_demo_clinic_in_one_go(demo_cur):
    lead = make_user(demo_cur, "boss", role="lead", discipline=None)
    table = a.checklist_incomplete_families(demo_cur, lead)
    assert len(table) > 0 and (table.missing > 0).all()
    assert table.family_id.nunique() < 40


# ---- the page, through AppTest ------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def page(user, family, section=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user_id"] = user.id
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
    at.session_state["user_id"] = slp.id
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


def test_reminder_days_are_kept_only_for_any_days_tasks():
    values = {**TASK, "weekdays": None, "days_per_week": 3, "reminder_mode": "days", "reminder_days": [4, 1]}
    assert a.validate_assignment(values)["reminder_days"] == [1, 4]
    fixed = {**values, "weekdays": [0, 2]}
    assert a.validate_assignment(fixed)["reminder_days"] is None


def test_chosen_reminder_days_need_at_least_one_day():
    values = {**TASK, "weekdays": None, "days_per_week": 3, "reminder_mode": "days", "reminder_days": []}
    with pytest.raises(InvalidInput) as err:
        a.validate_assignment(values)
    assert err.value.field == "reminder_days"


def test_a_reward_text_that_contradicts_its_tick_count_is_refused():
    with pytest.raises(InvalidInput) as err:
        a.validate_assignment({**TASK, "reward_plan": "7 stars -> a trip to the park", "reward_ticks": 5})
    assert err.value.field == "reward_plan" and "says 7" in str(err.value)
    assert a.validate_assignment({**TASK, "reward_plan": "7 stars -> park", "reward_ticks": 7})


def test_a_task_past_its_review_with_no_review_since_is_flagged_overdue(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    a.create_assignment(cur, slp, family, {**TASK, "title": "Not yet due", "review_date": date(2026, 11, 30)})
    found = a.overdue_reviews(cur, slp, [family], as_of=date(2026, 11, 25))
    assert found[["family_id", "flag"]].values.tolist() == [[family, "review overdue"]]
    assert found["why"][0] == 'Review of "Tongue exercises while brushing teeth" was due on 20 Nov 2026.'


def test_a_review_after_the_date_clears_the_overdue_flag(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, therapist_id)"
        " VALUES (?, ?, ?, 'done', ?)",
        [family, task_id, date(2026, 11, 21), slp.id],
    )
    assert a.overdue_reviews(cur, slp, [family], as_of=date(2026, 11, 25)).empty


def test_someone_else_s_family_never_shows_an_overdue_review(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    other = make_user(cur, "other")
    assert a.overdue_reviews(cur, other, [family], as_of=date(2026, 11, 25)).empty
