"""The family screen when practice is paused (AppTest, clock pinned to 25 Nov 2026): until when, and what then."""

from datetime import date

from streamlit.testing.v1 import AppTest

from lib import assignments, db
from lib.models import Actor
from lib.sessions import follow_through, presenter, session_mode
from lib.ui.task_actions import task_label
from tests.factories import ROOT, make_assignment, make_family, make_user, query, session_actor, user_id
from tests.pages.apptest import open_app, sign_in

TODAY = date(2026, 11, 25)


def _with_db(path, action):
    con = db.connect(path)
    try:
        with con.cursor() as cur:
            return action(cur)
    finally:
        con.close()


def _maya(cur, user):
    row = cur.execute("SELECT id, username, display_name, role, discipline FROM users WHERE id = ?", [user])
    return Actor(*row.fetchone())


def _family_screen_after_a_break(path, check_in, starts=TODAY):
    maya = user_id(path, "maya.ot")
    family_id = query(
        path,
        "SELECT f.id FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " WHERE ft.therapist_id = ? AND f.status = 'active' AND EXISTS (SELECT 1 FROM assignments a"
        " WHERE a.family_id = f.id AND a.status = 'active') ORDER BY f.id LIMIT 1",
        [maya],
    )[0][0]

    def start(cur):
        actor = _maya(cur, maya)
        follow_through.plan_break(cur, actor, family_id, starts, check_in, today=TODAY)
        session_id = session_mode.start_session(cur, actor, family_id)
        presenter.publish(cur, session_actor(actor, family_id), session_id, {"step": 2})
        return session_id

    session_id = _with_db(path, start)
    titles = query(
        path, "SELECT title FROM assignments WHERE family_id = ? AND status = 'paused'", [family_id]
    )
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, maya)
    at.query_params["screen"] = "family"
    at.query_params["session"] = str(session_id)
    return at.run(), sorted(t for (t,) in titles)


def test_after_a_planned_break_starts_the_family_screen_says_until_when_and_what_then(demo_db):
    at, _ = _family_screen_after_a_break(demo_db, date(2027, 1, 11))
    shown = " ".join(m.value for m in at.markdown)
    assert "No home practice is set yet" not in shown
    assert "Home practice is paused for a planned break until Monday 11 January" in shown
    assert "On that day we check in with you" in shown
    assert not at.exception


def test_before_a_planned_break_starts_the_family_screen_shows_the_tasks_due_and_when_the_break_starts(
    demo_db,
):
    at, titles = _family_screen_after_a_break(demo_db, date(2027, 1, 11), starts=date(2026, 12, 7))
    shown_titles = sorted(s.value.replace("\\", "") for s in at.subheader)  # titles are escaped Markdown
    assert titles and shown_titles == titles  # every task still shown, still due
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "A planned break from home practice starts on Monday 7 December." in shown
    assert "Until then, practice goes on as usual. On Monday 11 January we check in with you" in shown
    assert "paused" not in shown and "No home practice is set yet" not in shown
    assert not at.exception


def test_the_tasks_page_pauses_a_task_until_a_day_and_shows_it(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    task_id = make_assignment(cur, family, slp, title="Sound hunt", start=date(2026, 11, 2))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    sign_in(at, slp.id)
    at.run()
    at.switch_page("pages/assignments.py")
    at.query_params["family"] = str(family)
    at.run()
    assert at.date_input(key=f"life_until_{task_id}").label == "Pause until (optional)"
    at.selectbox(key=f"life_action_{task_id}").set_value("pause")
    at.date_input(key=f"life_until_{task_id}").set_value(date(2026, 12, 14))
    at.button(key=f"life_save_{task_id}").click().run()
    assert at.success[0].value == "Saved: paused until 14 Dec 2026."
    task = assignments.get_assignment(cur, slp, task_id)
    assert (task.status, task.paused_until) == ("paused", date(2026, 12, 14))


def test_the_family_page_shows_a_task_running_with_the_day_its_break_starts(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    task_id = make_assignment(cur, family, maya, title="Sound hunt", start=date(2026, 11, 2))
    follow_through.plan_break(cur, maya, family, date(2026, 12, 7), date(2027, 1, 11), today=TODAY)
    at = open_app(maya, "pages/family.py", family=family)
    captions = [c.value for c in at.caption]
    assert any("a break starts on Monday 7 December" in c for c in captions)
    assert not any("on a break for now" in c for c in captions)
    assert any("Active · a planned break starts 7 Dec 2026" in m.value for m in at.markdown)  # the badge
    label = task_label(assignments.get_assignment(cur, maya, task_id))
    assert "· pause from 7 Dec 2026" in label


def test_the_status_tab_calls_off_a_planned_break_that_has_not_started(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    task_id = make_assignment(cur, family, maya, title="Sound hunt", start=date(2026, 11, 2))
    follow_through.plan_break(cur, maya, family, date(2026, 12, 7), date(2027, 1, 11), today=TODAY)
    at = open_app(maya, "pages/family_edit.py", family=family)
    assert any("A planned break starts on 7 Dec 2026" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "st_reactivate"]
    at.button(key="st_cancel_break").click().run()
    assert at.success[0].value == "Planned break called off: the tasks go on as before."
    assert assignments.get_assignment(cur, maya, task_id).status == "active"
