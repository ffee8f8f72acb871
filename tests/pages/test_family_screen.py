"""The family page's sections from other modules, and starting a session from it."""

from datetime import timedelta
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib import db
from lib.figures import caseload
from lib.text import md_escape
from lib.words import date_text
from tests.factories import make_lead
from tests.factories import query as _query
from tests.pages.apptest import open_app, open_tab, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _family_page(path, username, family_id):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, _query(path, "SELECT id FROM users WHERE username = ?", [username])[0][0])
    at.run()
    at.switch_page("pages/family.py")
    at.query_params["family"] = str(family_id)
    return at.run()


def _maya_family_with_task(path):
    return _query(
        path,
        "SELECT f.id FROM families f JOIN family_therapists ft ON ft.family_id = f.id JOIN users u ON u.id = ft.therapist_id"
        " WHERE u.username = 'maya.ot' AND f.status = 'active' AND EXISTS (SELECT 1 FROM assignments a"
        " WHERE a.family_id = f.id AND a.status = 'active') ORDER BY f.id LIMIT 1",
    )[0][0]


def test_the_home_practice_tab_shows_the_familys_task_cards(demo_db):
    family_id = _maya_family_with_task(demo_db)
    titles = {
        r[0]
        for r in _query(
            demo_db, "SELECT title FROM assignments WHERE family_id = ? AND status = 'active'", [family_id]
        )
    }
    at = _family_page(demo_db, "maya.ot", family_id)
    headers = {h.value for h in at.header}
    assert {md_escape(t) for t in titles} <= headers  # a title is the family's text: never Markdown


def test_the_conversations_tab_shows_the_explainer_and_guide_timeline(demo_db):
    family_id = _maya_family_with_task(demo_db)
    at = _family_page(demo_db, "maya.ot", family_id)
    assert "Conversations about home practice" not in [s.value for s in at.subheader]  # built when opened
    at = open_tab(at, "family_tab", "Conversations")
    subheaders = [s.value for s in at.subheader]
    assert "Intake explainer" in subheaders and "Conversations about home practice" in subheaders


def test_start_session_on_the_family_page_enters_session_mode(demo_db):
    family_id = _maya_family_with_task(demo_db)
    at = _family_page(demo_db, "maya.ot", family_id)
    at.button(key="family_start_session").click().run()
    assert at.session_state["session_family_id"] == family_id
    started = _query(demo_db, "SELECT count(*) FROM audit_log WHERE action = 'start' AND entity = 'session'")[
        0
    ][0]
    assert started == 1


def _caseload_row(path, family_id, week):
    con = db.connect(path)
    with con.cursor() as cur:
        table = caseload.overview(cur, make_lead(cur), week).table.set_index("family_id")
    con.close()
    return table.loc[family_id]


def test_the_practice_tab_shows_the_chosen_weeks_caseload_figures(demo_db):
    family_id = _maya_family_with_task(demo_db)
    week = caseload.last_complete_week() - timedelta(weeks=1)
    at = _family_page(demo_db, "maya.ot", family_id)
    at.selectbox(key="family_week").select(week).run()
    shown = {m.label: m.value for m in at.metric}
    row = _caseload_row(demo_db, family_id, week)
    assert shown["Completion"] == ("-" if pd.isna(row["completion"]) else f"{row['completion']:.0f}%")
    assert shown["Tasks"] == str(row["active_tasks"])
    assert shown["Last session"] == (
        "none" if pd.isna(row["last_session"]) else date_text(row["last_session"], year=False)
    )
    assert shown["Next session"] == (
        "none" if pd.isna(row["next_session"]) else date_text(row["next_session"], year=False)
    )
    assert "How the ticks went" in " ".join(m.value for m in at.markdown)


def test_every_demo_familys_page_opens_with_its_booking_form_and_no_error(demo_db):
    lead = _query(demo_db, "SELECT id FROM users WHERE username = 'lead'")[0][0]
    for (family_id,) in _query(demo_db, "SELECT id FROM families WHERE status <> 'discharged' ORDER BY id"):
        at = open_app(lead, "pages/family.py", family=family_id)
        assert not at.exception, (family_id, at.exception[0].message)
        assert at.title, family_id
