"""The explainer's pages through AppTest: the agreement carried into tasks and papers, the family
screen it drives, and the lead's wording editor."""

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from lib import db, explainer, printables
from lib.sessions import presenter
from tests.factories import make_caregiver, make_family, make_user, user_id
from tests.pages.apptest import button_labelled, open_app, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _app(user, page, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, user.id)
    at.run()
    at.switch_page(page)
    for name, value in query.items():
        at.query_params[name] = str(value)
    return at.run()


def _texts(at):
    return " ".join(e.value for kind in (at.markdown, at.header, at.caption) for e in kind)


def _pdf(data):
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def toddler(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, "Mia T.", therapist=slp, discipline="SLP")
    cur.execute("UPDATE families SET date_of_birth = DATE '2023-06-01' WHERE id = ?", [family])
    make_caregiver(cur, family, "Gran", "grandparent")
    return cur, slp, family


def test_the_caption_names_the_childs_own_age_band(toddler):
    cur, slp, family = toddler
    cur.execute("UPDATE families SET date_of_birth = DATE '2012-01-01' WHERE id = ?", [family])
    at = _app(slp, "pages/explainer.py", family=family)
    caption = next(c.value for c in at.caption if "explainer for" in c.value)
    assert caption.endswith("explainer for: Speech and language, 13 and over")


def _to_teach_back(at):
    while not at.header or at.header[0].value != "Say it back in your own words":
        at.button(key="explainer_next").click().run()
    return at


def test_the_page_reads_for_the_child_and_records_the_goal_and_agreement(toddler):
    cur, slp, family = toddler
    at = _app(slp, "pages/explainer.py", family=family)
    assert "Speech and language, under 4" in _texts(at) and "new song" in _texts(at)
    at.text_input(key="explainer_goal").input("to ask for a drink with words").run()
    assert "“to ask for a drink with words”" in _texts(at)
    at.button(key="explainer_next").click().run()
    at.button(key="explainer_next").click().run()
    assert at.number_input(key="explainer_minutes").value == 5  # a 3-year-old: 5 minutes, usual start
    at.radio(key="explainer_difficulty").set_value("gentle").run()
    assert at.number_input(key="explainer_minutes").value == 3
    _to_teach_back(at)
    assert at.text_input(key="teach_goal").value == "to ask for a drink with words"
    at.text_input(key="teach_who").input("Gran, on Fridays")
    at.text_input(key="teach_when").input("at bath time")
    at.checkbox(key="teach_understood").check()
    button_labelled(at, "Record teach-back").click().run()
    assert "Teach-back recorded" in at.success[0].value
    run = explainer.last_explainer_run(cur, slp, family)
    assert (run.goal, run.minutes_per_day, run.who_helps, run.practice_when, run.variant) == (
        "to ask for a drink with words",
        3,
        "Gran, on Fridays",
        "at bath time",
        "speech_young",
    )


def test_the_agreement_starts_the_first_task_and_reaches_the_handouts(toddler):
    cur, slp, family = toddler
    explainer.record_explainer_run(
        cur,
        slp,
        family,
        8,
        4,
        True,
        goal="to ask for a drink",
        who_helps="Gran",
        practice_when="at bath time",
    )
    at = _app(slp, "pages/assignments.py", family=family)
    at.session_state["as_section"] = "Set a task"
    at.run()
    assert at.number_input(key="af_minutes").value == 8
    assert at.slider(key="af_days").value == 4
    assert at.text_input(key="af_anchor").value == "at bath time"
    assert len(at.multiselect(key="af_supporters").value) == 1  # Gran, named by the family
    assert "The family's goal: “to ask for a drink”" in _texts(at)
    sheet = printables.load_family_sheet(cur, slp, family, date(2026, 11, 25))
    handout = _pdf(printables.caregiver_handout_pdf(sheet))
    assert "to ask for a drink" in handout
    assert "About 8 minutes a day, on 4 days a week. When: at bath time. Who helps: Gran." in handout


def test_the_therapist_puts_the_explainer_on_the_family_screen_with_family_words_only(toddler):
    cur, slp, family = toddler
    at = _app(slp, "pages/explainer.py", family=family)
    at.button(key="explainer_show").click().run()
    assert at.button(key="explainer_stop")
    session_id = at.session_state[f"explainer_{family}"]["screen"]
    at.button(key="explainer_next").click().run()
    view = presenter.family_view(cur, slp, session_id)
    assert (view.explainer.number, view.explainer.step.title) == (2, "It is normal to find it hard")
    assert "Speech and language" not in repr(view)  # the variant's name is for the therapist
    screen = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(screen, slp.id)
    screen.query_params["screen"], screen.query_params["session"] = "family", str(session_id)
    screen.run()
    assert "It is normal to find it hard" in _texts(screen) and "2 of 7" in _texts(screen)
    at.button(key="explainer_stop").click().run()
    assert presenter.family_view(cur, slp, session_id).ended


def test_the_lead_previews_and_saves_a_variants_wording(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    at = _app(lead, "pages/explainer_editor.py")
    assert at.title[0].value == "Intake explainer wording"
    at.selectbox(key="xw_section").set_value("Variant: Psychology, 13 and over").run()
    field = "xw_variants.anxiety_teen.analogy"
    at.text_area(key=field).input("It is like learning a new game: the rules stick by playing.")
    button_labelled(at, "Preview").click().run()
    assert "learning a new game" in _texts(at) and not explainer.list_wording_overrides(cur)
    button_labelled(at, "Save wording").click().run()
    assert "Saved" in at.success[0].value
    assert explainer.list_wording_overrides(cur) == {
        "variants.anxiety_teen.analogy": "It is like learning a new game: the rules stick by playing."
    }
    at.text_area(key=field).input("Without it, therapy rarely helps.")
    button_labelled(at, "Save wording").click().run()
    assert "supported" in at.error[0].value


def test_a_therapist_cannot_open_the_explainer_wording(cur):
    at = AppTest.from_file(str(ROOT / "pages/explainer_editor.py"))
    sign_in(at, make_user(cur).id)
    at.run()
    assert "Only the clinic lead" in at.error[0].value and not at.text_area


# ---- the page -------------------------------------------------------------------------


def _page(path, username, family_id):
    return open_app(user_id(path, username), "pages/explainer.py", family=family_id)


def _family(path, username="maya.ot", linked=True):
    con = db.connect(path)
    found = con.execute(
        "SELECT f.id FROM families f WHERE f.status = 'active' AND EXISTS (SELECT 1 FROM family_therapists ft"
        " JOIN users u ON u.id = ft.therapist_id WHERE ft.family_id = f.id AND u.username = ?) = ?"
        " ORDER BY f.id LIMIT 1",
        [username, linked],
    ).fetchone()[0]
    con.close()
    return found


def test_the_page_walks_through_the_steps_and_records_teach_back(demo_db):
    family_id = _family(demo_db)
    at = _page(demo_db, "maya.ot", family_id)
    assert "matters" in at.header[0].value
    for _ in explainer.explainer_steps("home practice"):
        if at.header[0].value == "What we are asking of your family":
            at.number_input(key="explainer_minutes").set_value(12).run()
        at.button(key="explainer_next").click().run()
    assert at.header[0].value == "Say it back in your own words"
    assert "about 12 minutes a day" in " ".join(m.value for m in at.markdown)
    at.checkbox(key="teach_understood").check()
    button_labelled(at, "Record teach-back").click().run()
    assert "Teach-back recorded" in at.success[0].value
    con = db.connect(demo_db)
    newest = con.execute(
        "SELECT minutes_per_day, understood FROM explainer_runs WHERE family_id = ? ORDER BY id DESC LIMIT 1",
        [family_id],
    ).fetchone()
    assert newest == (12, True)
    con.close()


def test_the_page_refuses_another_therapists_family(demo_db):
    at = _page(demo_db, "maya.ot", _family(demo_db, linked=False))
    assert "not on your caseload" in at.error[0].value
    assert not at.header
