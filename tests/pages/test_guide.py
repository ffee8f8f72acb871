"""The guide's pages (AppTest): stepping through, saving a run, the checklist, the wording editor."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]


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
    sign_in(at, user_id)
    at.run()
    at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _texts(at):
    return " ".join(
        str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.subheader, *at.success, *at.error]
    )


def _to_initial_options(at, family_id):
    """Walk the initial path to its options step; return the guide's state key."""
    key = f"guide_{family_id}_0"
    at.segmented_control(key=f"{key}_path").set_value("initial").run()
    at.button(key=f"{key}_choice_moment_talk").click().run()
    at.button(key=f"{key}_next_ask").click().run()
    at.button(key=f"{key}_next_reasons").click().run()
    return key


def _submit(at, label):
    next(b for b in at.button if b.label == label).click().run()


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


def test_the_lead_resets_every_text_of_the_guide(demo_db):
    _, _, lead_id = _ids(demo_db)
    at = _page(lead_id, "pages/guide_editor.py")
    at.text_input(key="w_paths.initial.title").input("When practice didn't happen")
    at.button[1].click().run()
    at.checkbox(key="wording_reset_sure").check().run()
    at.button(key="wording_reset_all").click().run()
    assert not at.exception and "Back to the shipped wording" in at.success[0].value
    assert at.text_input(key="w_paths.initial.title").value == "First time it was not done"


def test_a_therapist_cannot_open_the_wording_editor(demo_db):
    therapist_id, _, _ = _ids(demo_db)
    at = AppTest.from_file(str(ROOT / "pages/guide_editor.py"))
    sign_in(at, therapist_id)
    at.run()
    assert "Only the clinic lead" in at.error[0].value and not at.text_input


def test_the_checklist_option_shows_the_tasks_barriers_on_the_initial_path(demo_db):
    therapist_id, family_id, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py", family=str(family_id))
    key = _to_initial_options(at, family_id)
    assert "What could help?" in _texts(at)
    assert "Remembering: " in _texts(at) and "Child's interest: " in _texts(at)
    at.button(key=f"{key}_barrier_checklist_do").click().run()
    assert at.session_state[key]["actions"] == ["barrier_checklist"]


def test_the_easier_version_and_the_buddy_note_are_saved_from_their_panels(demo_db):
    therapist_id, family_id, _ = _ids(demo_db)
    at = _page(therapist_id, "pages/guide.py", family=str(family_id))
    key = _to_initial_options(at, family_id)
    task_id = at.session_state[f"{key}_make_easier_task"]
    at.number_input(key=f"{key}_make_easier_min_{task_id}").set_value(3)
    _submit(at, "Save the easier version")
    at.text_input(key=f"{key}_cross_accountability_note_{task_id}").input("Mia checks Dad")
    _submit(at, "Save the buddy note")
    assert at.session_state[key]["actions"] == [f"make_easier:{task_id}", f"cross_accountability:{task_id}"]
    assert "is changed; the earlier version is kept" in _texts(at) and not at.error
