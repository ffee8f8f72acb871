"""Session mode through AppTest: only the one family, the agenda, the review and leaving."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db
from lib.text import md_escape
from lib.ui.cue_card import GUIDE_KEY, NOTES_LABEL
from tests.pages.apptest import COOKIES, send_cookie, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _query(path, sql, params=()):
    con = db.connect(path)
    rows = con.execute(sql, params).fetchall()
    con.close()
    return rows


@pytest.fixture
def maya_family(demo_db):
    """Maya's first active family that has an active task: (user id, family id, name, all other names)."""
    user = _query(demo_db, "SELECT id FROM users WHERE username = 'maya.ot'")[0][0]
    family_id, name = _query(
        demo_db,
        "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " WHERE ft.therapist_id = ? AND f.status = 'active'"
        " AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
        " ORDER BY f.id LIMIT 1",
        [user],
    )[0]
    others = [r[0] for r in _query(demo_db, "SELECT display_name FROM families WHERE id <> ?", [family_id])]
    return user, family_id, name, others


def _all_text(at):
    parts = [str(getattr(e, "value", "")) for e in at.main]
    for kind in ("markdown", "text", "caption", "title", "subheader", "header", "info", "success", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio"):
        for widget in getattr(at, kind):
            parts += [str(widget.label)] + [str(o) for o in widget.options]
    return " ".join(parts)


def _started(user, family_id):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, user)
    at.run()
    at.switch_page("pages/session.py").run()
    at.selectbox(key="start_family").select(family_id).run()
    at.button(key="start_other").click().run()
    return at


def test_starting_a_session_shows_only_that_family(maya_family):
    user, family_id, name, others = maya_family
    at = _started(user, family_id)
    assert at.title[0].value == f"Session with {md_escape(name)}"
    assert at.session_state["session_family_id"] == family_id
    text = _all_text(at).replace(name, "")
    assert not [other for other in others if other in text]


def test_every_agenda_step_stays_with_the_one_family(maya_family):
    user, family_id, name, others = maya_family
    at = _started(user, family_id)
    for _ in range(2):
        at.button(key="sess_next").click().run()
        text = _all_text(at)
        assert not [other for other in others if other in text.replace(name, "")]
    assert "You need" in text or "What to do" in text  # step 3 shows the family's task cards


def test_a_not_done_review_is_saved_from_the_review_step(maya_family, demo_db):
    user, family_id, _, _ = maya_family
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    task = int(at.radio[0].key.rsplit("_", 1)[1])
    at.radio(key=f"sess_outcome_{task}").set_value("not_done")
    at.multiselect(key=f"sess_reasons_{task}").set_value(["forgot"])
    at.button(key=f"FormSubmitter:sess_review_{task}-Save this review").click().run()
    assert _query(
        demo_db,
        "SELECT outcome, reasons FROM homework_reviews WHERE assignment_id = ? AND session_id IS NOT NULL",
        [task],
    ) == [("not_done", ["forgot"])]
    assert at.toggle(key="sess_guide")


def test_a_not_done_review_without_a_reason_shows_a_message(maya_family):
    user, family_id, _, _ = maya_family
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    task = int(at.radio[0].key.rsplit("_", 1)[1])
    at.radio(key=f"sess_outcome_{task}").set_value("not_done")
    at.button(key=f"FormSubmitter:sess_review_{task}-Save this review").click().run()
    assert "at least one reason" in at.error[0].value


def test_leaving_needs_the_password_and_then_returns_to_the_full_view(maya_family):
    user, family_id, _, _ = maya_family
    at = _started(user, family_id)
    at.text_input(key="sess_password").input("wrong")
    at.button(key="FormSubmitter:sess_end-End session").click().run()
    assert "not right" in at.error[0].value
    assert at.session_state["session_family_id"] == family_id
    at.text_input(key="sess_password").input("demo")
    at.button(key="FormSubmitter:sess_end-End session").click().run()
    assert "session_family_id" not in at.session_state
    assert at.session_state["family_id"] == family_id


def test_the_recap_shows_last_weeks_figures_with_the_caseload_labels(maya_family):
    user, family_id, name, others = maya_family
    at = _started(user, family_id)
    labels = [m.label for m in at.metric]
    assert {"Completion", "Habit strength", "Next session", "Stage"} <= set(labels)
    assert any(s.value.startswith("Week of ") for s in at.subheader)


def test_the_review_step_summarises_how_the_ticks_went(maya_family):
    user, family_id, name, others = maya_family
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    said = [c.value for c in at.caption if c.value.startswith(("Week of", "No ticks"))]
    outcomes = [r for r in at.radio if r.key.startswith("sess_outcome_")]
    assert len(said) == len(outcomes)  # each task card: its ticks in words, no table
    assert not at.dataframe
    ticked = [line for words in said for line in words.split("  \n") if line.startswith("Week of")]
    assert ticked and all(" tick" in line and "distress" in line for line in ticked), said


def _reload(at):
    """Open the app again in a new browser session with the same sign-in (what a reload does)."""
    token = COOKIES[id(at._session_state._state)][1]
    again = send_cookie(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), token)
    return again.run()


def _guide_open_on_a_hard_task(user, family_id):
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    task = int(at.radio[0].key.rsplit("_", 1)[1])
    at.radio(key=f"sess_outcome_{task}").set_value("not_done")
    at.multiselect(key=f"sess_reasons_{task}").set_value(["forgot"])
    at.button(key=f"FormSubmitter:sess_review_{task}-Save this review").click().run()
    at.toggle(key="sess_guide").set_value(True).run()
    return at, at.session_state[GUIDE_KEY]


def _step_buttons(buttons, key):
    return [
        b
        for b in buttons
        if b.key and b.key.startswith(f"{key}_") and ("_next_" in b.key or "_choice_" in b.key)
    ]


def test_a_reload_at_step_3_stays_at_step_3(maya_family):
    user, family_id, _, _ = maya_family
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    at.button(key="sess_next").click().run()
    again = _reload(at)
    assert again.session_state["sess_step"] == 2
    assert "**3. New skills and next tasks**" in [
        m.value.split(" ", 1)[1] for m in again.markdown if "3." in m.value
    ]
    assert again.button(key="sess_finish")  # the last step's button, not "Next"


def test_a_reload_keeps_the_guides_path_and_step(maya_family):
    user, family_id, _, _ = maya_family
    at, key = _guide_open_on_a_hard_task(user, family_id)
    _step_buttons(at.button, key)[0].click().run()
    path, step = at.session_state[key]["path"], at.session_state[key]["step"]
    again = _reload(at)
    assert again.session_state["sess_step"] == 1 and again.toggle(key="sess_guide").value
    assert (again.session_state[key]["path"], again.session_state[key]["step"]) == (path, step)
    assert again.session_state[key]["trail"] == at.session_state[key]["trail"]


def test_the_guides_step_and_buttons_are_open_and_only_the_notes_fold(maya_family):
    user, family_id, _, _ = maya_family
    at, key = _guide_open_on_a_hard_task(user, family_id)
    (notes,) = [e for e in at.expander if e.label == NOTES_LABEL]
    assert any(c.value.startswith("Stage: ") for c in notes.caption)
    assert _step_buttons(at.button, key) and not _step_buttons(notes.button, key)
    _step_buttons(at.button, key)[0].click().run()  # the step after an action is still in the open
    (notes,) = [e for e in at.expander if e.label == NOTES_LABEL]
    assert _step_buttons(at.button, key) and not _step_buttons(notes.button, key)


def test_how_did_it_go_has_no_answer_until_the_therapist_chooses_one(maya_family):
    user, family_id, _, _ = maya_family
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    outcomes = [r.value for r in at.radio if r.key.startswith("sess_outcome_")]
    assert outcomes and outcomes == [None] * len(outcomes)
    task = int(at.radio[0].key.rsplit("_", 1)[1])
    at.button(key=f"FormSubmitter:sess_review_{task}-Save this review").click().run()
    assert "Choose done fully" in at.error[0].value
