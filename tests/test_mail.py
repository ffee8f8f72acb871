"""Emailing the phone reminders file (lib/printables/mail.py) to a local SMTP server (aiosmtpd)."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from lib import families, settings, versions
from lib.errors import InvalidInput, NotYourFamily
from lib.printables import mail
from tests.factories import make_assignment, make_family, make_user

EMAIL = "jo.k@example.org"


def make_lead(cur):
    return make_user(cur, "lead", role="lead", discipline=None)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def _accept(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"clinic" and auth_data.password == b"right", handled=False)


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=_accept,
        auth_require_tls=False,
    )
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def world(cur):
    lead = make_lead(cur)
    maya = make_user(cur, "maya")
    family = make_family(cur, "Ava B.", therapist=maya)
    make_assignment(cur, family, maya, "Blow bubbles")
    jo = families.add_caregiver(
        cur,
        maya,
        family,
        "Jo",
        "mother",
        contact=families.Contact(email=EMAIL, reminder_way="email", consent=True),
    )
    return lead, maya, family, jo


def set_mail(cur, lead, port, **more):
    values = {
        "mail_host": "127.0.0.1",
        "mail_port": port,
        "mail_tls": "none",
        "mail_sender": "hello@clinic.example",
    }
    settings.update_settings(cur, lead, {**values, **more})


def email_audits(cur):
    return [
        r[0] for r in cur.execute("SELECT detail::VARCHAR FROM audit_log WHERE action = 'email'").fetchall()
    ]


def test_the_reminders_file_arrives_as_a_calendar_attachment_to_the_caregiver(cur, world, inbox):
    lead, maya, family, jo = world
    set_mail(cur, lead, inbox.port)
    mail.send_reminders(cur, maya, family, jo)
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == [EMAIL] and envelope.mail_from == "hello@clinic.example"
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Home practice reminders for Ava B."
    assert "Open the attached file on your phone" in message.get_body().get_content()
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == "ava-b-reminders.ics"
    ics = attachment.get_payload(decode=True)
    assert ics.startswith(b"BEGIN:VCALENDAR") and b"SUMMARY:Home practice: Blow bubbles" in ics


def test_every_send_is_audited_with_the_caregiver_id_and_never_the_address(cur, world, inbox):
    lead, maya, family, jo = world
    set_mail(cur, lead, inbox.port)
    mail.send_reminders(cur, maya, family, jo)
    (detail,) = email_audits(cur)
    assert f'"caregiver_id": {jo}' in detail
    row = cur.execute("SELECT user_id, family_id FROM audit_log WHERE action = 'email'").fetchone()
    assert row == (maya.id, family)
    assert EMAIL not in detail and "example.org" not in detail
    everything = cur.execute("SELECT string_agg(detail::VARCHAR, ' ') FROM audit_log").fetchone()[0]
    assert EMAIL not in everything


@pytest.mark.parametrize(
    "contact,why",
    [
        (families.Contact(email=EMAIL, consent=False), "has not agreed to be contacted"),
        (families.Contact(consent=True), "no email address recorded"),
    ],
)
def test_no_email_goes_without_an_address_and_consent(cur, world, inbox, contact, why):
    lead, maya, family, _ = world
    set_mail(cur, lead, inbox.port)
    sam = families.add_caregiver(cur, maya, family, "Sam", "father", contact=contact)
    with pytest.raises(InvalidInput, match=why):
        mail.send_reminders(cur, maya, family, sam)
    assert inbox.envelopes == [] and email_audits(cur) == []


def test_consent_withdrawn_stops_the_emails(cur, world, inbox):
    lead, maya, family, jo = world
    set_mail(cur, lead, inbox.port)
    families.update_caregiver(
        cur, maya, jo, "Jo", "mother", contact=families.Contact(email=EMAIL), expected_version=versions.ANY
    )
    with pytest.raises(InvalidInput, match="has not agreed"):
        mail.send_reminders(cur, maya, family, jo)
    assert inbox.envelopes == []


def test_without_a_mail_server_nothing_is_sent(cur, world):
    _, maya, family, jo = world
    assert mail.clinic_mail_server(cur) is None
    with pytest.raises(InvalidInput, match="No mail server"):
        mail.send_reminders(cur, maya, family, jo)


def test_a_therapist_of_another_family_cannot_send(cur, world, inbox):
    lead, _, family, jo = world
    set_mail(cur, lead, inbox.port)
    with pytest.raises(NotYourFamily):
        mail.send_reminders(cur, make_user(cur, "leo"), family, jo)
    assert inbox.envelopes == []


def test_a_caregiver_of_another_family_cannot_be_chosen(cur, world, inbox):
    lead, maya, family, _ = world
    set_mail(cur, lead, inbox.port)
    other = make_family(cur, "Other", therapist=maya)
    stranger = families.add_caregiver(
        cur, maya, other, "Kim", "mother", contact=families.Contact(email=EMAIL, consent=True)
    )
    with pytest.raises(Exception, match="not on the family's list"):
        mail.send_reminders(cur, maya, family, stranger)


def test_a_server_that_is_down_gives_a_clear_message_and_changes_nothing(cur, world):
    lead, maya, family, jo = world
    set_mail(cur, lead, free_port())  # nobody listens there
    with pytest.raises(mail.MailFailed, match="could not be reached .* so nothing was sent"):
        mail.send_reminders(cur, maya, family, jo)
    assert email_audits(cur) == []


def test_a_server_that_never_answers_times_out_with_a_clear_message(cur, world, monkeypatch):
    lead, maya, family, jo = world
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts, never greets
    monkeypatch.setattr(mail, "TIMEOUT_SECONDS", 0.5)
    set_mail(cur, lead, listener.getsockname()[1])
    try:
        with pytest.raises(mail.MailFailed, match="did not answer in time"):
            mail.send_reminders(cur, maya, family, jo)
    finally:
        listener.close()
    assert email_audits(cur) == []


def test_the_password_comes_from_the_environment_and_a_wrong_one_is_named(cur, world, inbox, monkeypatch):
    lead, maya, family, jo = world
    set_mail(cur, lead, inbox.port, mail_username="clinic")
    with pytest.raises(mail.MailFailed, match="HOME_PRACTICE_SMTP_PASSWORD"):
        mail.send_reminders(cur, maya, family, jo)  # no password set on the machine
    monkeypatch.setenv("HOME_PRACTICE_SMTP_PASSWORD", "wrong")
    with pytest.raises(mail.MailFailed, match="refused the user name or password"):
        mail.send_reminders(cur, maya, family, jo)
    assert inbox.envelopes == []
    monkeypatch.setenv("HOME_PRACTICE_SMTP_PASSWORD", "right")
    mail.send_reminders(cur, maya, family, jo)
    assert len(inbox.envelopes) == 1 and len(email_audits(cur)) == 1


def test_the_password_is_never_stored_in_the_database(cur, world, inbox, monkeypatch):
    lead, maya, family, jo = world
    monkeypatch.setenv("HOME_PRACTICE_SMTP_PASSWORD", "right")
    set_mail(cur, lead, inbox.port, mail_username="clinic")
    mail.send_reminders(cur, maya, family, jo)
    stored = cur.execute("SELECT string_agg(value, ' ') FROM clinic_settings").fetchone()[0]
    assert "right" not in stored.split()


def test_recipients_list_who_can_be_emailed_first_and_say_why_not_for_the_rest(cur, world):
    _, maya, family, jo = world
    families.add_caregiver(cur, maya, family, "Gran", "grandparent")
    found = mail.list_recipients(cur, maya, family)
    assert [(r.id, r.why_not) for r in found][0] == (jo, "")
    assert found[1].why_not == "no email address recorded"


# --- the mail settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"mail_host": "http://smtp.example"}, "mail_host"),
        ({"mail_host": "smtp.example", "mail_sender": "not an address"}, "mail_sender"),
        ({"mail_host": "smtp.example"}, "mail_sender"),
        ({"mail_port": 70000}, "mail_port"),
        ({"mail_tls": "maybe"}, "mail_tls"),
    ],
)
def test_mail_settings_are_checked_with_a_message_on_their_field(cur, changes, field):
    with pytest.raises(InvalidInput) as refused:
        settings.update_settings(cur, make_lead(cur), changes)
    assert refused.value.field == field
    assert mail.clinic_mail_server(cur) is None


def test_a_mail_server_can_be_set_and_cleared_again(cur):
    lead = make_lead(cur)
    settings.update_settings(
        cur, lead, {"mail_host": "smtp.clinic.example", "mail_sender": "r@clinic.example"}
    )
    assert mail.clinic_mail_server(cur) == mail.MailServer(
        "smtp.clinic.example", 587, "starttls", "r@clinic.example"
    )
    settings.update_settings(cur, lead, {"mail_host": ""})
    assert mail.clinic_mail_server(cur) is None
