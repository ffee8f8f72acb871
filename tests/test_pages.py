"""Every page through AppTest: logged out, logged in, and refused."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import db
from lib.text import md_escape

ROOT = Path(__file__).resolve().parent.parent


def app(user_id=None, **query):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if user_id is not None:
        at.session_state["user_id"] = user_id
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


def test_logged_out_the_app_shows_the_login_form_and_the_demo_hint(demo_db):
    at = app()
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    assert "every demo password is" in texts(at)


def test_logging_in_with_the_demo_lead_opens_the_caseload(demo_db):
    at = app()
    at.text_input(key="login_username").input("lead")
    at.text_input(key="login_password").input("demo")
    at.button[0].click().run()
    assert at.session_state["user_id"] == user_id(demo_db, "lead")
    # AppTest reruns only the page script after the first run; a real browser reruns app.py
    at = app(user_id(demo_db, "lead"))
    assert at.title[0].value == "Weekly caseload review"
    assert len(at.dataframe[0].value) == 40 - _discharged(demo_db)


def _discharged(path):
    con = db.connect(path)
    n = con.execute("SELECT count(*) FROM families WHERE status = 'discharged'").fetchone()[0]
    con.close()
    return n


def test_a_wrong_password_shows_a_message_and_stays_logged_out(demo_db):
    at = app()
    at.text_input(key="login_username").input("lead")
    at.text_input(key="login_password").input("nope")
    at.button[0].click().run()
    assert "do not match" in at.error[0].value
    assert "user_id" not in at.session_state


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
    assert [t.label for t in at.text_input] == ["Username", "Password"]
    for page in ("pages/caseload.py", "pages/family.py"):
        at = AppTest.from_file(str(ROOT / page)).run()
        assert "Please log in" in at.warning[0].value
        assert not at.dataframe and not at.metric


def test_a_new_clinic_asks_for_the_lead_account_and_logs_it_in(isolated_database):
    at = app()
    assert "create the clinic lead" in at.subheader[0].value
    at.text_input(key="lead_name").input("Ruth Alvarez")
    at.text_input(key="lead_username").input("ruth")
    at.text_input(key="lead_password").input("a long password")
    at.text_input(key="lead_password_again").input("a long password")
    at.button[0].click().run()
    lead = at.session_state["user_id"]
    at = app(lead)
    assert at.title[0].value == "Weekly caseload review"
    assert "No families yet" in at.info[0].value
    assert "Ruth Alvarez" in at.sidebar.markdown[0].value


def test_mismatched_passwords_on_first_start_save_nothing(isolated_database):
    at = app()
    at.text_input(key="lead_name").input("Ruth")
    at.text_input(key="lead_username").input("ruth")
    at.text_input(key="lead_password").input("a long password")
    at.text_input(key="lead_password_again").input("another one")
    at.button[0].click().run()
    assert "differ" in at.error[0].value
    con = db.connect(isolated_database)
    assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    con.close()


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
    at.session_state["user_id"] = user_id(demo_db, "maya.ot")
    at.run()
    assert "Only the clinic lead" in at.error[0].value
    assert not at.number_input
