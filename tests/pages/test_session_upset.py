"""Issue 25, part 3: the review step names a child marked upset on 3+ ticks in two weeks."""

from datetime import timedelta
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import db
from tests.conftest import TODAY
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parent.parent.parent


def _review_step(demo_db, upset_days):
    con = db.connect(demo_db)
    user = con.execute("SELECT id FROM users WHERE username = 'maya.ot'").fetchone()[0]
    family_id, task = con.execute(
        "SELECT f.id, a.id FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN assignments a ON a.family_id = f.id AND a.status = 'active'"
        " WHERE ft.therapist_id = ? AND f.status = 'active' ORDER BY f.id, a.id LIMIT 1",
        [user],
    ).fetchone()
    con.execute("UPDATE ticks SET distress = FALSE WHERE family_id = ?", [family_id])
    for n in range(upset_days):
        day = TODAY - timedelta(days=n)
        con.execute(
            "INSERT OR REPLACE INTO ticks (assignment_id, practice_date, family_id, distress, entered_by)"
            " VALUES (?, ?, ?, TRUE, 1)",
            [task, day, family_id],
        )
    con.close()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, user)
    at.run()
    at.switch_page("pages/session.py").run()
    at.selectbox(key="start_family").select(family_id).run()
    at.button(key="start_other").click().run()
    at.button(key="sess_next").click().run()
    return [w.value for w in at.warning]


def test_the_review_step_names_a_child_upset_on_three_ticks(demo_db):
    assert any("marked upset on 3 ticks" in w for w in _review_step(demo_db, 3))


def test_the_review_step_says_nothing_for_two_upset_ticks(demo_db):
    assert not any("marked upset" in w for w in _review_step(demo_db, 2))
