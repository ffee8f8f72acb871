"""Task photos on the screens (AppTest): kept with the task, shown on the family screen only when chosen."""

import pytest
from streamlit.testing.v1 import AppTest

from lib import db
from lib.models import Actor
from lib.sessions import presenter, session_mode, task_photos
from lib.text import md_escape
from tests.factories import ROOT, query, session_actor, user_id
from tests.pages.apptest import open_app, sign_in
from tests.photo_files import jpeg_with_gps


@pytest.fixture
def maya_task(demo_db):
    """Maya's first active task of her first active family: (user id, family id, task id, title)."""
    maya = user_id(demo_db, "maya.ot")
    family_id, task_id, title = query(
        demo_db,
        "SELECT a.family_id, a.id, a.title FROM assignments a JOIN family_therapists ft"
        " ON ft.family_id = a.family_id AND ft.therapist_id = ? JOIN families f ON f.id = a.family_id"
        " WHERE a.status = 'active' AND f.status = 'active' ORDER BY a.family_id, a.id LIMIT 1",
        [maya],
    )[0]
    return maya, family_id, task_id, title


def with_db(path, action):
    con = db.connect(path)
    try:
        with con.cursor() as cur:
            return action(cur)
    finally:
        con.close()


def actor_of(cur, user):
    row = cur.execute("SELECT id, username, display_name, role, discipline FROM users WHERE id = ?", [user])
    return Actor(*row.fetchone())


def add_photo(path, user, task_id):
    return with_db(
        path, lambda cur: task_photos.add_photo(cur, actor_of(cur, user), task_id, jpeg_with_gps())
    )


def images(at):
    return at.get("image")


def test_the_tasks_page_shows_a_tasks_photo_and_shows_it_on_the_family_screen_when_asked(demo_db, maya_task):
    maya, family_id, task_id, _ = maya_task
    photo_id = add_photo(demo_db, maya, task_id)
    at = open_app(maya, "pages/assignments.py", family=family_id)
    assert "**Photos from the session**" in [m.value for m in at.markdown]
    assert len(images(at)) == 1
    assert at.button(key=f"photo_show_{photo_id}").label == "Show on the family screen"
    at.button(key=f"photo_show_{photo_id}").click().run()
    assert at.success[0].value == "It is on the family screen now."
    assert query(demo_db, "SELECT on_family_screen FROM task_photos WHERE id = ?", [photo_id]) == [(True,)]
    assert at.button(key=f"photo_show_{photo_id}").label == "Hide from the family screen"


def test_deleting_a_photo_on_the_tasks_page_removes_it(demo_db, maya_task):
    maya, family_id, task_id, _ = maya_task
    photo_id = add_photo(demo_db, maya, task_id)
    at = open_app(maya, "pages/assignments.py", family=family_id)
    at.button(key=f"photo_delete_{photo_id}").click().run()
    assert at.success[0].value == "Photo deleted."
    assert query(demo_db, "SELECT count(*) FROM task_photos") == [(0,)]
    assert query(demo_db, "SELECT action FROM audit_log WHERE entity = 'task_photo' ORDER BY id") == [
        ("create",),
        ("delete",),
    ]


def test_session_mode_offers_the_photos_of_the_familys_tasks_in_step_three(demo_db, maya_task):
    maya, family_id, task_id, title = maya_task
    at = open_app(maya, "pages/session.py")
    at.selectbox(key="start_family").select(family_id).run()
    at.button(key="start_other").click().run()
    at.session_state["sess_step"] = 2
    at.run()
    assert at.selectbox(key="sess_photo_task").value == task_id
    assert at.toggle(key=f"photo_camera_on_{task_id}").value is False  # the camera starts only when asked
    assert "Photos from the session" in [e.label for e in at.expander]
    assert at.get("download_button")[2].proto.label == "Handout for helpers at home (PDF)"


def family_screen(path, user, family_id, step=2):
    def start(cur):
        actor = actor_of(cur, user)
        session_id = session_mode.start_session(cur, actor, family_id)
        presenter.publish(cur, session_actor(actor, family_id), session_id, {"step": step})
        return session_id

    session_id = with_db(path, start)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, user)
    at.query_params["screen"] = "family"
    at.query_params["session"] = str(session_id)
    return at.run()


def test_the_family_screen_shows_no_photo_that_was_not_chosen(demo_db, maya_task):
    maya, family_id, task_id, title = maya_task
    add_photo(demo_db, maya, task_id)
    at = family_screen(demo_db, maya, family_id)
    assert md_escape(title) in [s.value for s in at.subheader]
    assert len(images(at)) == 0


def test_the_family_screen_shows_the_photo_the_therapist_chose(demo_db, maya_task):
    maya, family_id, task_id, _ = maya_task
    photo_id = add_photo(demo_db, maya, task_id)
    add_photo(demo_db, maya, task_id)
    with_db(demo_db, lambda cur: task_photos.show_on_family_screen(cur, actor_of(cur, maya), photo_id))
    at = family_screen(demo_db, maya, family_id)
    assert len(images(at)) == 1
