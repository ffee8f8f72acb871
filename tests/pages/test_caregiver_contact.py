"""Caregiver contact on the screens (AppTest): the edit form, the family page, the settings, the sheets page
and the family screen, which never shows a phone number or an email address."""

import socket

import pytest
from aiosmtpd.controller import Controller
from streamlit.testing.v1 import AppTest

from lib import db, families, settings, versions
from lib.sessions import presenter, session_mode
from lib.text import md_escape
from tests.factories import ROOT, make_assignment, make_family, make_user, query, session_actor, user_id
from tests.pages.apptest import open_app, sign_in

EMAIL, PHONE = "jo.k@example.org", "07700 900123"


def with_cur(path, action):
    con = db.connect(path)
    try:
        with con.cursor() as cur:
            return action(cur)
    finally:
        con.close()


@pytest.fixture
def clinic(isolated_database):
    """A lead, Maya and her family with a task and a caregiver Jo: (path, lead, maya, family, jo)."""

    def build(cur):
        lead = make_user(cur, "lead", role="lead", discipline=None)
        maya = make_user(cur, "maya")
        family = make_family(cur, "Ava B.", therapist=maya)
        make_assignment(cur, family, maya, "Blow bubbles")
        jo = families.add_caregiver(cur, maya, family, "Jo", "mother")
        return lead, maya, family, jo

    return (isolated_database, *with_cur(isolated_database, build))


def set_contact(path, maya, jo, **contact):
    with_cur(
        path,
        lambda cur: families.update_caregiver(
            cur, maya, jo, "Jo", "mother", contact=families.Contact(**contact), expected_version=versions.ANY
        ),
    )


def column_with(at, key):
    """Return the column that holds the input with this key."""
    return next(c for c in at.columns if any(t.key == key for t in c.text_input))


def stored(path, jo):
    return query(
        path, "SELECT phone, email, contact_consent, contact_consent_on FROM caregivers WHERE id = ?", [jo]
    )


# --- the family edit form -----------------------------------------------------------------


def test_a_bad_email_is_named_under_its_field_and_nothing_typed_is_lost(clinic):
    path, _, maya, family, jo = clinic
    at = open_app(maya, "pages/family_edit.py", family=family)
    form = f"carer_{jo}"
    at.text_input(key=f"{form}_phone").input(PHONE)
    at.text_input(key=f"{form}_email").input("jo at example")
    at.checkbox(key=f"{form}_consent").check()
    at.button(key=f"{form}_save").click().run()
    (error,) = column_with(at, f"{form}_email").error
    assert "should look like name@example.org" in error.value
    assert not column_with(at, f"{form}_phone").error
    assert at.text_input(key=f"{form}_phone").value == PHONE  # what was typed is still there
    assert at.text_input(key=f"{form}_email").value == "jo at example"
    assert at.checkbox(key=f"{form}_consent").value is True
    assert stored(path, jo) == [(None, None, False, None)]
    at.text_input(key=f"{form}_email").input(EMAIL)
    at.button(key=f"{form}_save").click().run()
    assert "Caregiver saved." in at.success[0].value
    (row,) = stored(path, jo)
    assert row[:3] == (PHONE, EMAIL, True) and row[3] is not None


def test_a_bad_phone_is_named_under_its_field_when_adding_a_caregiver(clinic):
    path, _, maya, family, _ = clinic
    at = open_app(maya, "pages/family_edit.py", family=family)
    at.text_input(key="ac_name").input("Gran")
    at.text_input(key="ac_phone").input("ring the bell")
    at.button(key="ac_submit").click().run()
    (error,) = column_with(at, "ac_phone").error
    assert "7 to 15 digits" in error.value
    assert at.text_input(key="ac_name").value == "Gran"
    assert at.text_input(key="ac_phone").value == "ring the bell"
    assert query(path, "SELECT count(*) FROM caregivers") == [(1,)]


def test_reminders_by_email_without_an_address_are_named_under_the_choice(clinic):
    path, _, maya, family, jo = clinic
    at = open_app(maya, "pages/family_edit.py", family=family)
    at.selectbox(key=f"carer_{jo}_way").set_value("email")
    at.button(key=f"carer_{jo}_save").click().run()
    assert "Reminders by email need their email address" in at.error[0].value
    assert query(path, "SELECT reminder_way FROM caregivers") == [(None,)]


def test_the_family_page_shows_the_contact_and_the_consent_date(clinic):
    path, _, maya, family, jo = clinic
    set_contact(path, maya, jo, phone=PHONE, email=EMAIL, reminder_way="paper", consent=True)
    at = open_app(maya, "pages/family.py", family=family)
    captions = " ".join(c.value for c in at.caption)
    assert md_escape(PHONE) in captions and md_escape(EMAIL) in captions
    assert "agreed to be contacted on 25 Nov 2026" in captions
    assert md_escape("reminders: the sheet on the fridge") in captions


# --- settings -------------------------------------------------------------------------------


def test_the_settings_page_has_the_mail_server_fields_and_says_where_the_password_lives(clinic):
    path, lead, *_ = clinic
    at = open_app(lead, "pages/settings.py")
    assert "Sending the reminders by email" in [s.value for s in at.subheader]
    assert at.text_input(key="set_mail_host").label == "Mail server (SMTP) (optional)"
    assert at.selectbox(key="set_mail_tls").options == [
        "STARTTLS (usually port 587)",
        "SSL/TLS (usually port 465)",
        "None",
    ]
    assert "HOME_PRACTICE_SMTP_PASSWORD" in at.text_input(key="set_mail_username").help
    assert "HOME_PRACTICE_SMTP_PASSWORD" in " ".join(c.value for c in at.caption)
    assert not [t for t in at.text_input if "password" in t.label.lower()]  # no password box
    at.text_input(key="set_mail_host").input("smtp.clinic.example")
    at.button[0].click().run()
    assert "give the sender address too" in at.error[0].value
    assert at.text_input(key="set_mail_host").value == "smtp.clinic.example"
    at.text_input(key="set_mail_sender").input("reminders@clinic.example")
    at.button[0].click().run()
    assert "Saved 2 change(s)." in at.success[0].value
    assert query(path, "SELECT value FROM clinic_settings WHERE key = 'mail_host'") == [
        ("smtp.clinic.example",)
    ]


# --- the sheets page ------------------------------------------------------------------------


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


def set_mail(path, lead, port):
    with_cur(
        path,
        lambda cur: settings.update_settings(
            cur,
            lead,
            {
                "mail_host": "127.0.0.1",
                "mail_port": port,
                "mail_tls": "none",
                "mail_sender": "hi@clinic.example",
            },
        ),
    )


def sheets(maya, family):
    return open_app(maya, "pages/printables.py", family=family)


def test_without_a_mail_server_the_sheets_page_says_how_to_hand_the_file_over(clinic):
    path, _, maya, family, jo = clinic
    set_contact(path, maya, jo, email=EMAIL, consent=True)
    at = sheets(maya, family)
    assert any("hand the reminders file over yourself" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "mail_send"]


def test_the_sheets_page_emails_the_file_to_a_caregiver_who_agreed(clinic, inbox):
    path, lead, maya, family, jo = clinic
    set_mail(path, lead, inbox.port)
    set_contact(path, maya, jo, email=EMAIL, consent=True)
    with_cur(path, lambda cur: families.add_caregiver(cur, maya, family, "Gran", "grandparent"))
    at = sheets(maya, family)
    assert at.selectbox(key="mail_to").value == jo
    assert md_escape("Gran (no email address recorded)") in " ".join(c.value for c in at.caption)
    at.button(key="mail_send").click().run()
    assert "Sent the reminders file to Jo." in at.success[0].value
    assert [e.rcpt_tos for e in inbox.envelopes] == [[EMAIL]]
    assert query(path, "SELECT count(*) FROM audit_log WHERE action = 'email'") == [(1,)]


def test_the_sheets_page_offers_nobody_without_consent(clinic, inbox):
    path, lead, maya, family, jo = clinic
    set_mail(path, lead, inbox.port)
    set_contact(path, maya, jo, email=EMAIL)
    at = sheets(maya, family)
    assert md_escape("Jo (has not agreed to be contacted)") in " ".join(c.value for c in at.caption)
    assert any("Nobody in this family can be emailed yet" in i.value for i in at.info)
    assert not [b for b in at.button if b.key == "mail_send"]


def test_a_mail_server_that_is_down_gives_a_clear_message_and_keeps_the_choice(clinic):
    path, lead, maya, family, jo = clinic
    set_mail(path, lead, free_port())
    set_contact(path, maya, jo, email=EMAIL, consent=True)
    at = sheets(maya, family)
    at.button(key="mail_send").click().run()
    assert "could not be reached" in at.error[0].value and "nothing was sent" in at.error[0].value
    assert at.selectbox(key="mail_to").value == jo
    assert query(path, "SELECT count(*) FROM audit_log WHERE action = 'email'") == [(0,)]


# --- the family screen ----------------------------------------------------------------------


def _everything_shown(at):
    """Return every element's full content on the page, as text."""
    found = []

    def walk(node):
        if getattr(node, "proto", None) is not None:
            found.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(found)


@pytest.mark.parametrize("step", [0, 1, 2])
def test_the_family_screen_never_shows_a_phone_number_or_an_email_address(clinic, step):
    path, _, maya, family, jo = clinic
    set_contact(path, maya, jo, phone=PHONE, email=EMAIL, reminder_way="email", consent=True)

    def start(cur):
        session_id = session_mode.start_session(cur, maya, family)
        presenter.publish(cur, session_actor(maya, family), session_id, {"step": step})
        return session_id

    session_id = with_cur(path, start)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, maya)
    at.query_params["screen"] = "family"
    at.query_params["session"] = str(session_id)
    at.run()
    shown = _everything_shown(at)
    assert "Blow bubbles" in shown  # the screen did show the family's task
    for secret in (PHONE, EMAIL, "900123", "example.org"):
        assert secret not in shown


def test_the_demo_family_screen_shows_no_caregiver_contact(demo_db):
    maya = user_id(demo_db, "maya.ot")
    family, emails, phones = query(
        demo_db,
        "SELECT f.id, list(c.email) FILTER (c.email IS NOT NULL), list(c.phone) FILTER (c.phone IS NOT NULL)"
        " FROM families f JOIN family_therapists ft ON ft.family_id = f.id JOIN caregivers c ON c.family_id = f.id"
        " WHERE ft.therapist_id = ? AND f.status = 'active' GROUP BY f.id"
        " HAVING count(c.email) > 0 AND count(c.phone) > 0 ORDER BY f.id LIMIT 1",
        [maya],
    )[0]
    actor = with_cur(demo_db, lambda cur: families_actor(cur, maya))

    def start(cur):
        session_id = session_mode.start_session(cur, actor, family)
        presenter.publish(cur, session_actor(actor, family), session_id, {"step": 2})
        return session_id

    session_id = with_cur(demo_db, start)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    sign_in(at, maya)
    at.query_params["screen"] = "family"
    at.query_params["session"] = str(session_id)
    at.run()
    shown = _everything_shown(at)
    for secret in (*emails, *phones, "@example.org", "07700 900"):
        assert secret not in shown


def families_actor(cur, user):
    from lib.models import Actor

    row = cur.execute("SELECT id, username, display_name, role, discipline FROM users WHERE id = ?", [user])
    return Actor(*row.fetchone())
