"""Every page through AppTest: logged out, logged in, and refused."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import db
from lib.text import md_escape
from tests.pages.apptest import sign_in

ROOT = Path(__file__).resolve().parents[2]


def app(user_id=None, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if user_id is not None:
        sign_in(at, user_id)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def user_id(path, username):
    con = db.connect(path)
    found = con.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()[0]
    con.close()
    return found


def family_of(path, username, linked=True):
    con = db.connect(path)
    found = con.execute(
        "SELECT f.id, f.display_name FROM families f WHERE f.status = 'active' AND "
        "EXISTS (SELECT 1 FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = f.id AND u.username = ?) = ? ORDER BY f.id LIMIT 1",
        [username, linked],
    ).fetchone()
    con.close()
    return found


def texts(at):
    return " ".join(
        str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.title, *at.info, *at.error]
    )


def test_logged_out_the_app_says_signed_out_and_shows_the_demo_badge(demo_db):
    # the sign-in form itself is lib.web's /login page (tests/e2e/test_signin.py)
    at = app()
    assert "signed out" in at.warning[0].value
    assert not at.text_input and not at.dataframe
    assert "DEMO clinic: invented data" in at.markdown[0].value


def test_a_real_clinic_shows_no_demo_badge(isolated_database):
    at = app()
    assert "signed out" in at.warning[0].value
    assert "DEMO" not in texts(at)


def _discharged(path):
    con = db.connect(path)
    n = con.execute("SELECT count(*) FROM families WHERE status = 'discharged'").fetchone()[0]
    con.close()
    return n


def test_the_lead_sees_the_whole_caseload(demo_db):
    at = app(user_id(demo_db, "lead"))
    assert at.title[0].value == "Weekly caseload review"
    assert len(at.dataframe[0].value) == 40 - _discharged(demo_db)


def test_a_therapist_caseload_lists_only_their_families(demo_db):
    at = app(user_id(demo_db, "maya.ot"))
    names = set(at.dataframe[0].value["family"])
    _, other = family_of(demo_db, "maya.ot", linked=False)
    mine_id, mine = family_of(demo_db, "maya.ot")
    assert mine in names and other not in names


def test_the_family_page_shows_the_family(demo_db):
    family_id, name = family_of(demo_db, "maya.ot")
    at = app(user_id(demo_db, "maya.ot"))
    at.switch_page("pages/family.py")
    at.query_params["family"] = str(family_id)
    at.run()
    assert at.title[0].value == md_escape(name)  # shown as typed: the dot is escaped
    assert "Maya Okafor (OT)" in texts(at)


def test_another_therapists_family_says_not_your_family(demo_db):
    family_id, name = family_of(demo_db, "maya.ot", linked=False)
    at = app(user_id(demo_db, "maya.ot"))
    at.switch_page("pages/family.py")
    at.query_params["family"] = str(family_id)
    at.run()
    assert "not on your caseload" in at.error[0].value
    assert name not in texts(at)


def test_pages_need_a_login(demo_db):
    at = app(family="1")
    assert "signed out" in at.warning[0].value
    for page in ("pages/caseload.py", "pages/family.py"):
        at = AppTest.from_file(str(ROOT / page)).run()
        assert "signed out" in at.warning[0].value
        assert not at.dataframe and not at.metric


def test_the_lead_saves_a_clinic_setting(demo_db):
    at = app(user_id(demo_db, "lead"))
    at.switch_page("pages/settings.py").run()
    at.number_input(key="set_max_session_gap_days").set_value(21)
    at.button[0].click().run()
    assert "Saved 1 change" in at.success[0].value
    con = db.connect(demo_db)
    assert (
        con.execute("SELECT value FROM clinic_settings WHERE key = 'max_session_gap_days'").fetchone()[0]
        == "21"
    )
    con.close()


def test_a_bad_setting_shows_a_message_and_saves_nothing(demo_db):
    at = app(user_id(demo_db, "lead"))
    at.switch_page("pages/settings.py").run()
    at.text_input(key="set_clinic_name").input("   ")
    at.button[0].click().run()
    assert "1 to 80 characters" in at.error[0].value


def test_a_therapist_cannot_open_clinic_settings(demo_db):
    at = AppTest.from_file(str(ROOT / "pages/settings.py"))
    sign_in(at, user_id(demo_db, "maya.ot"))
    at.run()
    assert "Only the clinic lead" in at.error[0].value
    assert not at.number_input
