"""The conversation guide: its data and schema, the clinic's wording, actions, runs and pages."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import guide
from lib.errors import InvalidInput, NotAllowed, NotFound, NotYourFamily
from tests.conftest import make_family, make_user

ROOT = Path(__file__).resolve().parent.parent
SOON = date.today() + timedelta(days=3)


def make_task(cur, family_id, therapist, title="Blow bubbles", minutes=10, days=5, start=date(2026, 10, 1)):
    """Insert an active task with its first version and return its id."""
    task_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, instructions, minutes,"
        " days_per_week, start_date, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            family_id,
            therapist.id,
            therapist.discipline,
            title,
            "Blow ten bubbles after dinner.",
            minutes,
            days,
            start,
            therapist.id,
        ],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by)"
        " VALUES (?, 1, ?, 'created', ?)",
        [task_id, start, therapist.id],
    )
    return task_id


def needs(action):
    """Skip a test only when the function an action calls is not installed yet."""
    module, name = guide.ACTIONS[action]
    return pytest.mark.skipif(not guide.action_available(action), reason=f"{module}.{name} is not there yet")


@pytest.fixture
def setup(cur):
    therapist = make_user(cur, "maya", discipline="OT")
    family_id = make_family(cur, "Sam K.", therapist=therapist)
    return therapist, family_id


def shipped():
    return guide.load_shipped_data()


# ---------------------------------------------------------------- data and schema


def test_the_shipped_guide_passes_the_schema_check():
    loaded = guide.check_guide(shipped())
    assert set(loaded.paths) == {"initial", "chronic"}
    assert "not_now" in loaded.outcomes
    assert len(loaded.reasons) == 9 and "no_belief" in loaded.reasons


def test_every_action_in_the_guide_is_one_the_app_can_take():
    loaded = guide.load_guide()
    used = {c.action for p in loaded.paths.values() for s in p.steps for c in s.choices if c.action}
    assert used <= set(guide.ACTIONS) and {"reissue", "shorten_gap", "doctor_letter"} <= used


def test_a_step_without_a_prompt_fails_naming_the_place():
    data = shipped()
    del data["paths"]["initial"]["steps"][1]["prompt"]
    with pytest.raises(guide.GuideError, match=r"paths\.initial\.steps\[1\]\.prompt is missing") as err:
        guide.check_guide(data)
    assert err.value.field == "paths.initial.steps[1].prompt"


def test_a_branch_to_a_step_that_does_not_exist_fails():
    data = shipped()
    data["paths"]["chronic"]["steps"][0]["choices"][0]["next"] = "nowhere"
    with pytest.raises(guide.GuideError, match=r"choices\[0\]\.next points to 'nowhere'"):
        guide.check_guide(data)


def test_an_unknown_action_or_outcome_fails():
    data = shipped()
    data["paths"]["initial"]["steps"][3]["choices"][0]["action"] = "scold"
    with pytest.raises(guide.GuideError, match="must be one of the guide's actions"):
        guide.check_guide(data)
    data = shipped()
    data["outcomes"] = [o for o in data["outcomes"] if o["id"] != "not_now"]
    with pytest.raises(guide.GuideError, match="not_now"):
        guide.check_guide(data)


def test_a_broken_json_file_says_where(tmp_path):
    bad = tmp_path / "guide.json"
    bad.write_text('{"version": "1",\n "paths": }')
    with pytest.raises(guide.GuideError, match="not valid JSON.*line 2"):
        guide.load_guide(path=bad)


def test_the_letter_draft_only_takes_the_family_placeholder():
    data = shipped()
    data["letter_draft"] = "Dear {doctor}, {family} found it hard."
    with pytest.raises(guide.GuideError, match=r"not \{doctor\}"):
        guide.check_guide(data)


# ---------------------------------------------------------------- stage and stepping


@pytest.mark.parametrize(
    "stage,path",
    [("none", "initial"), ("initial", "initial"), ("chronic", "chronic"), ("dropped", "chronic")],
)
def test_the_path_follows_the_familys_stage(stage, path):
    assert guide.load_guide().path_for_stage(stage) == path


def test_choosing_not_now_jumps_to_the_end_with_that_outcome():
    path = guide.load_guide().paths["chronic"]
    found = guide.advance(path, path.start, "later")
    assert found == guide.Advance("finish", "not_now")
    assert path.step(found.step).kind == "outcome"


def test_a_talk_step_goes_on_to_its_next_step_and_a_branch_needs_a_choice():
    path = guide.load_guide().paths["initial"]
    assert guide.advance(path, "ask").step == "reasons"
    assert guide.advance(path, "finish").step is None
    with pytest.raises(InvalidInput):
        guide.advance(path, "moment")


# ---------------------------------------------------------------- the clinic's wording


def test_the_leads_wording_is_used_and_reset_restores_the_shipped_text(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    field = "paths.initial.steps.ask.prompt"
    guide.save_wording(cur, lead, {field: "Listen first. Ask gently."})
    assert guide.load_guide(cur).paths["initial"].step("ask").prompt == "Listen first. Ask gently."
    assert "+clinic." in guide.guide_version(cur)
    guide.reset_wording(cur, lead)
    original = guide.load_guide().paths["initial"].step("ask").prompt
    assert guide.load_guide(cur).paths["initial"].step("ask").prompt == original
    assert guide.guide_version(cur) == shipped()["version"]


def test_example_wordings_are_edited_one_per_line(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    guide.save_wording(cur, lead, {"paths.chronic.steps.honest.examples": "One.\n\n  Two.  "})
    assert guide.load_guide(cur).paths["chronic"].step("honest").examples == ("One.", "Two.")


def test_empty_wording_is_refused_and_nothing_is_saved(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput, match="cannot be empty"):
        guide.save_wording(cur, lead, {"reasons.forgot.label": "Slipped", "paths.initial.title": "  "})
    assert guide.list_wording_overrides(cur) == {}


def test_a_therapist_cannot_change_the_wording(cur):
    with pytest.raises(NotAllowed):
        guide.save_wording(cur, make_user(cur), {"paths.initial.title": "Mine"})


def test_preview_shows_the_change_without_saving(cur):
    previewed = guide.preview_wording(cur, {"actions.reissue.label": "Same task, fresh start"})
    assert previewed.actions["reissue"].label == "Same task, fresh start"
    assert guide.list_wording_overrides(cur) == {}


def test_saving_the_shipped_text_again_removes_the_adaptation(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    guide.save_wording(cur, lead, {"reasons.forgot.label": "Slipped our minds"})
    guide.save_wording(cur, lead, {"reasons.forgot.label": "Forgot"})
    assert guide.list_wording_overrides(cur) == {}


# ---------------------------------------------------------------- runs


def test_a_run_is_stored_and_shown_on_the_timeline(cur, setup):
    therapist, family_id = setup
    guide.record_guide_run(
        cur,
        therapist,
        family_id,
        "initial",
        "initial",
        ["moment", "ask", "reasons", "act", "finish"],
        reasons=["forgot", "no_time"],
        actions=["raise_belief"],
        outcome="plan_agreed",
        note="Alarm at 7.",
    )
    (run,) = guide.list_guide_runs(cur, therapist, family_id)
    assert (run.path, run.reasons, run.actions, run.outcome) == (
        "initial",
        ("forgot", "no_time"),
        ("raise_belief",),
        "plan_agreed",
    )
    assert run.therapist == "Maya" and run.guide_version == shipped()["version"]
    assert cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'guide_run'").fetchone()[0] == 1


def test_choosing_not_to_address_it_now_is_a_recorded_outcome(cur, setup):
    therapist, family_id = setup
    guide.record_guide_run(
        cur, therapist, family_id, "chronic", "chronic", ["moment", "finish"], outcome="not_now"
    )
    assert guide.list_guide_runs(cur, therapist, family_id)[0].outcome == "not_now"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"reasons": ["lazy"]}, "reasons"),
        ({"outcome": ""}, "outcome"),
        ({"steps_visited": ["honest"]}, "steps_visited"),
    ],
)
def test_a_bad_run_is_refused_naming_the_field(cur, setup, change, field):
    therapist, family_id = setup
    run = dict(path="initial", stage="initial", steps_visited=["moment"], outcome="not_now") | change
    with pytest.raises(InvalidInput) as err:
        guide.record_guide_run(cur, therapist, family_id, **run)
    assert err.value.field == field
    assert cur.execute("SELECT count(*) FROM guide_runs").fetchone()[0] == 0


def test_another_therapists_family_is_refused(cur, setup):
    _, family_id = setup
    other = make_user(cur, "leo")
    with pytest.raises(NotYourFamily):
        guide.list_guide_runs(cur, other, family_id)


# ---------------------------------------------------------------- actions


@needs("reissue")
@needs("shorten_gap")
def test_a_chronic_run_with_reissue_and_a_shorter_gap_makes_the_task_the_booking_and_the_run(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    again = guide.perform_action(cur, therapist, family_id, "reissue", assignment_id=task_id, start_date=SOON)
    soon = datetime.combine(SOON, datetime.min.time()).replace(hour=9)
    booked = guide.perform_action(
        cur, therapist, family_id, "shorten_gap", therapist_id=therapist.id, discipline="OT", starts_at=soon
    )
    guide.record_guide_run(
        cur,
        therapist,
        family_id,
        "chronic",
        "chronic",
        ["moment", "feelings", "reasons", "honest", "options", "finish"],
        reasons=["forgot"],
        actions=[again.entry, booked.entry],
        outcome="plan_agreed",
    )
    assert cur.execute(
        "SELECT reissued_from, start_date FROM assignments WHERE id = ?", [again.ref]
    ).fetchone() == (task_id, SOON)
    assert cur.execute("SELECT family_id, starts_at FROM sessions WHERE id = ?", [booked.ref]).fetchone() == (
        family_id,
        soon,
    )
    (run,) = guide.list_guide_runs(cur, therapist, family_id)
    assert run.actions == (f"reissue:{again.ref}", f"shorten_gap:{booked.ref}") and run.reasons == ("forgot",)


@needs("make_easier")
def test_making_it_easier_keeps_a_made_easier_version(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist, minutes=20)
    guide.perform_action(
        cur, therapist, family_id, "make_easier", assignment_id=task_id, changes={"minutes": 5}
    )
    assert cur.execute("SELECT minutes FROM assignments WHERE id = ?", [task_id]).fetchone()[0] == 5
    assert (
        cur.execute(
            "SELECT kind FROM assignment_versions WHERE assignment_id = ? ORDER BY version DESC LIMIT 1",
            [task_id],
        ).fetchone()[0]
        == "made_easier"
    )


@needs("make_easier")
def test_making_it_easier_without_a_change_is_refused(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    with pytest.raises(InvalidInput, match="Change at least one thing"):
        guide.perform_action(cur, therapist, family_id, "make_easier", assignment_id=task_id, changes={})


@needs("cross_accountability")
def test_the_buddy_note_is_written_on_the_task(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    guide.perform_action(
        cur, therapist, family_id, "cross_accountability", assignment_id=task_id, note="Mia checks Dad"
    )
    assert (
        cur.execute("SELECT cross_note FROM assignments WHERE id = ?", [task_id]).fetchone()[0]
        == "Mia checks Dad"
    )


def test_an_action_cannot_touch_another_familys_task(cur, setup):
    therapist, family_id = setup
    other_family = make_family(cur, "Ava B.", therapist=therapist)
    task_id = make_task(cur, other_family, therapist)
    with pytest.raises(InvalidInput, match="this family's tasks"):
        guide.perform_action(
            cur, therapist, family_id, "cross_accountability", assignment_id=task_id, note="x"
        )


def test_confirm_before_booking_marks_the_next_booked_session(cur, setup):
    therapist, family_id = setup
    for days in (9, 4):
        cur.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?)",
            [
                family_id,
                therapist.id,
                datetime.combine(date.today() + timedelta(days=days), datetime.min.time()),
            ],
        )
    result = guide.perform_action(cur, therapist, family_id, "confirm_before_booking")
    flagged = cur.execute("SELECT starts_at::DATE FROM sessions WHERE needs_practice_confirmed").fetchall()
    assert flagged == [(date.today() + timedelta(days=4),)] and result.ref is not None
    assert (
        cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'session' AND action = 'flag'").fetchone()[
            0
        ]
        == 1
    )


def test_confirm_before_booking_without_a_booking_says_so(cur, setup):
    therapist, family_id = setup
    with pytest.raises(NotFound, match="Book the next session first"):
        guide.perform_action(cur, therapist, family_id, "confirm_before_booking")


def test_conversation_options_are_recorded_without_changing_anything(cur, setup):
    therapist, family_id = setup
    result = guide.perform_action(cur, therapist, family_id, "planned_break")
    assert result.entry == "planned_break" and result.ref is None


def test_a_missing_function_fails_clearly_not_at_import(monkeypatch):
    monkeypatch.setitem(guide.ACTIONS, "reissue", ("lib.assignments", "no_such_function"))
    assert not guide.action_available("reissue")
    with pytest.raises(guide.ActionUnavailable, match="lib.assignments.no_such_function"):
        guide.action_function("reissue")


def test_the_doctor_letter_draft_names_the_family():
    text = guide.draft_doctor_letter(guide.load_guide(), "Sam K.")
    assert text.startswith("Sam K.") and "{family}" not in text


def test_the_belief_rationale_includes_the_guides_points(cur, setup):
    therapist, family_id = setup
    points = guide.belief_rationale(cur, therapist, family_id, guide.load_guide())
    assert set(guide.load_guide().rationale) <= set(points)


def test_reasons_are_prefilled_from_the_latest_review(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, reasons, therapist_id)"
        " VALUES (?, ?, ?, 'not_done', ['forgot'], ?)",
        [family_id, task_id, date.today(), therapist.id],
    )
    assert guide.latest_reasons(cur, therapist, family_id, task_id) == ["forgot"]


# ---------------------------------------------------------------- pages (AppTest)


def _ids(path):
    from lib import db

    con = db.connect(path)
    therapist_id, family_id = con.execute(
        "SELECT ft.therapist_id, ft.family_id FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " JOIN families f ON f.id = ft.family_id WHERE u.username = 'maya.ot' AND f.status = 'active'"
        " ORDER BY ft.family_id LIMIT 1"
    ).fetchone()
    lead_id = con.execute("SELECT id FROM users WHERE username = 'lead'").fetchone()[0]
    con.close()
    return therapist_id, family_id, lead_id


def _page(user_id, page, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.session_state["user_id"] = user_id
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _texts(at):
    return " ".join(
        str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.subheader, *at.success, *at.error]
    )


def test_the_guide_page_steps_through_and_saves_not_now(demo_db):
    therapist_id, family_id, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py", family=str(family_id))
    assert at.title[0].value == "Conversation guide"
    assert "Is now a good moment?" in _texts(at)
    key = f"guide_{family_id}_0"
    at.button(key=f"{key}_choice_moment_later").click().run()
    assert "Where did we land?" in _texts(at)
    assert at.radio(key=f"{key}_outcome").value == "not_now"
    at.button(key=f"{key}_save").click().run()
    assert "Saved." in _texts(at)
    assert "Chose not to address it now" in _texts(at)


def test_the_guide_page_records_reasons_from_the_barrier_list(demo_db):
    therapist_id, family_id, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py", family=str(family_id))
    key = f"guide_{family_id}_0"
    if at.session_state[key]["path"] == "chronic":
        at.button(key=f"{key}_choice_moment_talk").click().run()
        at.button(key=f"{key}_next_feelings").click().run()
    else:
        at.button(key=f"{key}_choice_moment_talk").click().run()
        at.button(key=f"{key}_next_ask").click().run()
    assert "What got in the way?" in _texts(at)
    at.session_state[f"{key}_reasons"] = ["forgot", "no_help"]
    at.button(key=f"{key}_next_reasons").click().run()
    assert at.session_state[key]["reasons"] == ["forgot", "no_help"]
    after = {"initial": "What could help?", "chronic": "Be open about what to expect"}
    assert after[at.session_state[key]["path"]] in _texts(at)


def test_the_guide_page_without_a_family_asks_to_choose_one(demo_db):
    therapist_id, _, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py")
    assert at.selectbox(key="guide_family_pick").label == "Choose a family"
    assert len(at.selectbox(key="guide_family_pick").options) > 0 and not at.segmented_control


def test_the_lead_adapts_wording_and_the_editor_shows_errors(demo_db):
    _, _, lead_id = _ids(demo_db)
    at = _page(lead_id, "pages/guide_editor.py")
    assert at.title[0].value == "Conversation guide wording"
    at.text_input(key="w_paths.initial.title").input("When practice didn't happen")
    at.button[1].click().run()  # Save wording
    assert "Saved" in at.success[0].value
    assert at.text_input(key="w_paths.initial.title").label.endswith("adapted")
    at.text_input(key="w_paths.initial.title").input(" ")
    at.button[1].click().run()
    assert "cannot be empty" in at.error[0].value
    at.button(key="wording_reset_part").click().run()
    assert at.text_input(key="w_paths.initial.title").value == "First time it was not done"


def test_a_therapist_cannot_open_the_wording_editor(demo_db):
    therapist_id, _, _ = _ids(demo_db)
    at = AppTest.from_file(str(ROOT / "pages/guide_editor.py"))
    at.session_state["user_id"] = therapist_id
    at.run()
    assert "Only the clinic lead" in at.error[0].value and not at.text_input


def test_the_checklist_option_shows_the_tasks_barriers_on_the_initial_path(demo_db):
    therapist_id, family_id, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py", family=str(family_id))
    key = f"guide_{family_id}_0"
    at.segmented_control(key=f"{key}_path").set_value("initial").run()
    at.button(key=f"{key}_choice_moment_talk").click().run()
    at.button(key=f"{key}_next_ask").click().run()
    at.button(key=f"{key}_next_reasons").click().run()
    assert "What could help?" in _texts(at)
    assert "Remembering: " in _texts(at) and "Child's interest: " in _texts(at)
    at.button(key=f"{key}_barrier_checklist_do").click().run()
    assert at.session_state[key]["actions"] == ["barrier_checklist"]
