"""The printables page through AppTest."""

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import db
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]


# ---- the page -------------------------------------------------------------------------


def _page(path, username, family_id):
    con = db.connect(path)
    uid = con.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]
    con.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, uid)
    at.run()
    at.switch_page("pages/printables.py")
    at.query_params["family"] = str(family_id)
    return at.run()


def _family_with_tasks(path, username="maya.ot"):
    con = db.connect(path)
    found = con.execute(
        "SELECT a.family_id, min(a.title) FROM assignments a JOIN family_therapists ft ON ft.family_id = a.family_id"
        " JOIN users u ON u.id = ft.therapist_id WHERE u.username = ? AND a.status = 'active'"
        " GROUP BY a.family_id ORDER BY a.family_id LIMIT 1",
        [username],
    ).fetchone()
    con.close()
    return found


def test_the_page_lists_the_tasks_and_offers_the_sheets(demo_db):
    family_id, title = _family_with_tasks(demo_db)
    at = _page(demo_db, "maya.ot", family_id)
    assert at.title[0].value == "Sheets & reminders"
    assert any(title in t.value for t in at.text)
    assert [r.key for r in at.radio] == ["sheets_paper", "sheets_period", "sheets_from"]
    assert "Fridge sheet" in " ".join(m.value for m in at.markdown)


def test_sheets_start_today_by_default_and_a_chosen_week_is_still_offered(demo_db):
    family_id, _ = _family_with_tasks(demo_db)
    at = _page(demo_db, "maya.ot", family_id)  # TODAY is Wednesday 25 Nov 2026
    assert at.radio(key="sheets_from").value == "The next 7 days"
    assert "Sheets run from Wednesday 25 November to Tuesday 1 December" in " ".join(
        c.value for c in at.caption
    )
    at.radio(key="sheets_from").set_value("A week I choose").run()
    at.date_input(key="sheets_week").set_value(date(2026, 12, 3)).run()
    assert "Sheets run from Monday 30 November to Sunday 6 December" in " ".join(c.value for c in at.caption)


def test_the_page_says_not_your_family_for_someone_elses(demo_db):
    con = db.connect(demo_db)
    other = con.execute(
        "SELECT f.id FROM families f WHERE NOT EXISTS (SELECT 1 FROM family_therapists ft JOIN users u"
        " ON u.id = ft.therapist_id WHERE ft.family_id = f.id AND u.username = 'maya.ot') LIMIT 1"
    ).fetchone()[0]
    con.close()
    at = _page(demo_db, "maya.ot", other)
    assert "not on your caseload" in at.error[0].value
    assert not at.radio


def test_the_page_offers_the_skills_page_and_the_activity_binder(demo_db):
    family_id, _ = _family_with_tasks(demo_db)
    at = _page(demo_db, "maya.ot", family_id)
    labels = " ".join(m.value for m in at.markdown)
    assert "Keeping what was learned" in labels
    assert "Skills we learned" in labels and "Activity binder" in labels
    keys = [b.proto.id for b in at.get("download_button")]
    assert any("download_skills" in k for k in keys) and any("download_binder" in k for k in keys)
    captions = " ".join(c.value for c in at.caption)
    assert "so far)" in captions and "A card for each task that ended (" in captions


def test_a_family_between_tasks_can_still_print_what_it_learned(demo_db):
    from lib.assignments import complete_assignment
    from tests.factories import make_lead

    family_id, title = _family_with_tasks(demo_db)
    con = db.connect(demo_db)
    lead = make_lead(con)
    running = con.execute(
        "SELECT id FROM assignments WHERE family_id = ? AND status IN ('active', 'paused')", [family_id]
    ).fetchall()
    for (task_id,) in running:
        complete_assignment(con, lead, task_id, on=date(2026, 11, 24))
    con.close()
    at = _page(demo_db, "maya.ot", family_id)
    assert not at.exception
    assert "No tasks are running for this family now" in at.info[0].value
    assert not at.radio  # no fridge sheet without a running task
    captions = " ".join(c.value for c in at.caption)
    assert f"A card for each task that ended ({len(running)})" in captions
    assert len(at.get("download_button")) == 2
