"""Goals through AppTest: rating a goal in the session's review step and on the family page's Goals tab."""

import pytest

from lib import db
from lib.goals.scales import suggestions_for
from lib.text import md_escape
from tests.conftest import TODAY
from tests.pages.apptest import open_app
from tests.pages.test_session_mode import _started


def _query(path, sql, params=()):
    con = db.connect(path)
    rows = con.execute(sql, params).fetchall()
    con.close()
    return rows


@pytest.fixture
def maya_goal(demo_db):
    """Maya's first active family with an active task and a goal: (user id, family id, goal id, title)."""
    user = _query(demo_db, "SELECT id FROM users WHERE username = 'maya.ot'")[0][0]
    family_id, goal_id, title = _query(
        demo_db,
        "SELECT f.id, g.id, g.title FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN goals g ON g.family_id = f.id AND g.status = 'active'"
        " WHERE ft.therapist_id = ? AND f.status = 'active'"
        " AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
        " ORDER BY f.id LIMIT 1",
        [user],
    )[0]
    return user, family_id, goal_id, title


def _ratings(path, goal_id):
    return _query(
        path,
        "SELECT rated_on, level, evidence, note, session_id FROM goal_ratings WHERE goal_id = ? ORDER BY id",
        [goal_id],
    )


def _line(at, goal_id):
    return next(m.value for m in at.markdown if "Weeks with 4+ days of practice" in m.value)


def test_a_goal_is_rated_in_one_row_during_the_session_review(maya_goal, demo_db):
    user, family_id, goal_id, title = maya_goal
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    assert md_escape(title) in [s.value for s in at.subheader]
    level = at.radio(key=f"sess_rate_{goal_id}_level")
    assert len(level.options) == 5 and level.value is None
    level.set_value(1)
    at.text_input(key=f"sess_rate_{goal_id}_note").input("Did it in the room")
    at.button(key=f"FormSubmitter:sess_rate_{goal_id}-Save rating").click().run()
    session_id = at.session_state["session_id"] if "session_id" in at.session_state else None
    rated_on, saved, evidence, note, in_session = _ratings(demo_db, goal_id)[-1]
    assert (rated_on, saved, evidence, note) == (TODAY, 1, "session", "Did it in the room")
    assert in_session is not None and (session_id is None or in_session == session_id)
    assert _line(at, goal_id).endswith("to +1**")


def test_saving_without_a_level_says_so_and_saves_nothing(maya_goal, demo_db):
    user, family_id, goal_id, _ = maya_goal
    before = len(_ratings(demo_db, goal_id))
    at = _started(user, family_id)
    at.button(key="sess_next").click().run()
    at.button(key=f"FormSubmitter:sess_rate_{goal_id}-Save rating").click().run()
    assert any("Choose where the child is now" in e.value for e in at.error)
    assert len(_ratings(demo_db, goal_id)) == before


def test_a_goal_is_rated_on_the_family_pages_goals_tab(maya_goal, demo_db):
    user, family_id, goal_id, title = maya_goal
    at = open_app(user, "pages/family.py", tab="Goals", family=family_id)
    assert md_escape(title) in [s.value for s in at.subheader]
    at.radio(key=f"goal_rate_{goal_id}_level").set_value(0)
    at.radio(key=f"goal_rate_{goal_id}_evidence").set_value("media")
    at.button(key=f"FormSubmitter:goal_rate_{goal_id}-Save rating").click().run()
    rated_on, level, evidence, _, session_id = _ratings(demo_db, goal_id)[-1]
    assert (rated_on, level, evidence, session_id) == (TODAY, 0, "media", None)
    assert _line(at, goal_id).endswith("to 0**")
    assert "Rating saved." in [s.value for s in at.success]


def test_a_new_goal_starts_from_a_suggested_scale_and_the_familys_words(maya_goal, demo_db):
    user, family_id, _, _ = maya_goal
    at = open_app(user, "pages/family.py", tab="Goals", family=family_id)
    at.selectbox(key="goal_new_discipline").select("OT").run()
    suggestion = suggestions_for("OT")[1]
    at.selectbox(key="goal_new_suggestion").select(suggestion.id).run()
    assert at.text_input(key="goal_new_level_0").value == suggestion.levels[0]
    at.text_input(key="goal_new_title").input("Writes her name on birthday cards")
    at.text_input(key="goal_new_level_2").input("Writes her name on a card, most letters readable")
    at.button(key="FormSubmitter:goal_new-Save the goal").click().run()
    (levels,) = _query(
        demo_db,
        "SELECT [level_m2, level_0] FROM goals WHERE family_id = ? AND title = 'Writes her name on birthday cards'",
        [family_id],
    )
    assert levels[0] == [suggestion.levels[0], "Writes her name on a card, most letters readable"]
