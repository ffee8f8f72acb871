"""Send a family's phone reminders file (.ics) to one caregiver by email, through the clinic's mail server.

Only when the clinic set a mail server (settings mail_*) and the caregiver has an email address and
agreed to be contacted: the rule is checked here, whatever the page shows. The password comes from
the environment (HOME_PRACTICE_SMTP_PASSWORD), never from the database. Every send is audited with
the family and the caregiver's id, never the address; a failure (server down, too slow, sign-in
refused) is a clear message and changes nothing.
"""

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from lib import audit, clock
from lib.access import require_family
from lib.db import row, transaction
from lib.errors import DomainError, InvalidInput, NotFound
from lib.printables import reminders
from lib.printables.family_sheet import load_family_sheet
from lib.printables.words import capital
from lib.settings import MAIL_PASSWORD_VARIABLE, get_settings

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15


class MailFailed(DomainError):
    """The mail server could not take the message: nothing was sent and nothing changed."""


@dataclass(frozen=True)
class MailServer:
    """The clinic's outgoing mail server, from the settings (the password from the environment)."""

    host: str
    port: int
    tls: str  # "none", "starttls" or "ssl"
    sender: str
    username: str = ""

    @property
    def password(self):
        return os.environ.get(MAIL_PASSWORD_VARIABLE, "")


@dataclass(frozen=True)
class Recipient:
    """A caregiver the reminders could go to, and why not when they cannot."""

    id: int
    name: str
    relation: str
    email: str
    contact_consent: bool

    @property
    def why_not(self):
        """Return why this caregiver cannot be emailed, or '' when they can."""
        if not self.email:
            return "no email address recorded"
        if not self.contact_consent:
            return "has not agreed to be contacted"
        return ""


def mail_server(settings):
    """Return the MailServer the settings describe, or None when the clinic has set none."""
    if not settings.get("mail_host") or not settings.get("mail_sender"):
        return None
    return MailServer(
        settings["mail_host"],
        int(settings["mail_port"]),
        settings["mail_tls"],
        settings["mail_sender"],
        settings.get("mail_username") or "",
    )


def clinic_mail_server(cur):
    """Return the clinic's MailServer, or None when it has set none."""
    return mail_server(get_settings(cur))


_RECIPIENTS_SQL = """
    SELECT id, name, relation, coalesce(email, '') AS email, coalesce(contact_consent, FALSE) AS contact_consent
    FROM caregivers WHERE family_id = ? AND active
"""


def list_recipients(cur, actor, family_id):
    """Return a Recipient per active caregiver of the family (those who can be emailed first)."""
    require_family(cur, actor, family_id)
    found = cur.execute(
        "SELECT * FROM (" + _RECIPIENTS_SQL + ") ORDER BY email = '' OR NOT contact_consent, id",  # noqa: S608  (a constant)
        [family_id],
    ).fetchall()
    return [Recipient(*r) for r in found]


def message_for(sheet, server, recipient, ics):
    """Return the EmailMessage carrying the family's reminders file to one caregiver."""
    message = EmailMessage()
    word = reminders.one_line(sheet.word)
    message["Subject"] = f"{capital(word)} reminders for {reminders.one_line(sheet.family_name)}"
    message["From"] = formataddr((reminders.one_line(sheet.clinic_name), server.sender))
    message["To"] = recipient.email
    message["Message-ID"] = make_msgid(domain=server.sender.rsplit("@", 1)[-1])
    message.set_content(
        f"Hello {reminders.one_line(recipient.name)},\n\n"
        f"Attached are the phone reminders for {reminders.one_line(sheet.family_name)}'s {word}. "
        "Open the attached file on your phone and choose to add it to your calendar: each task then "
        "reminds you at its time. You can delete the reminders from your calendar at any time.\n\n"
        "If you would rather not get emails from us, tell us at the next session.\n\n"
        f"{reminders.one_line(sheet.clinic_name)}\n"
    )
    message.add_attachment(
        ics, maintype="text", subtype="calendar", filename=reminders.calendar_file_name(sheet)
    )
    return message


def _deliver(server, message):
    """Hand the message to the mail server; raise MailFailed with words a clinic can act on."""
    where = f"{server.host}:{server.port}"
    try:
        if server.tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                server.host, server.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        with smtp:
            if server.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if server.username:
                if not server.password:
                    raise MailFailed(
                        "The mail server needs a password, and none is set on the clinic machine "
                        f"({MAIL_PASSWORD_VARIABLE}). Nothing was sent."
                    )
                smtp.login(server.username, server.password)
            smtp.send_message(message)
    except MailFailed:
        raise
    except smtplib.SMTPAuthenticationError:
        raise MailFailed(
            "The mail server refused the user name or password, so nothing was sent. Check the user name in "
            f"Clinic settings and the password in {MAIL_PASSWORD_VARIABLE} on the clinic machine."
        ) from None
    except smtplib.SMTPRecipientsRefused:
        raise MailFailed(
            "The mail server refused the caregiver's email address, so nothing was sent. Check the address "
            "on the family's edit page."
        ) from None
    except smtplib.SMTPSenderRefused:
        raise MailFailed(
            "The mail server refused the sender address set in Clinic settings, so nothing was sent."
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailFailed(
            "The mail server does not offer this encryption (STARTTLS), so nothing was sent. "
            "Check the encryption in Clinic settings."
        ) from None
    except (TimeoutError, smtplib.SMTPServerDisconnected) as error:
        if not isinstance(error, TimeoutError) and "timed out" not in str(error):  # smtplib's own words
            raise _unreachable(where, error) from None
        raise MailFailed(
            f"The mail server ({where}) did not answer in time, so nothing was sent. Try again later, "
            "or hand the file over another way."
        ) from None
    except ssl.SSLError:
        raise MailFailed(
            f"A secure connection to the mail server ({where}) could not be set up, so nothing was sent. "
            "Check the encryption and port in Clinic settings."
        ) from None
    except (OSError, smtplib.SMTPException) as error:
        raise _unreachable(where, error) from None


def _unreachable(where, error):
    log.warning("sending the reminders by email failed: %s", type(error).__name__)  # never the address
    return MailFailed(
        f"The mail server ({where}) could not be reached or did not take the message, so nothing "
        "was sent. Check the mail settings, or hand the file over another way."
    )


def send_reminders(cur, actor, family_id, caregiver_id, today=None):
    """Email the family's phone reminders file to one caregiver who has an address and agreed to contact.

    Audited (who, which family, which caregiver id; never the address). Raise InvalidInput when the
    clinic has no mail server or the caregiver cannot be emailed, MailFailed when the server fails."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    server = clinic_mail_server(cur)
    if server is None:
        raise InvalidInput(
            "No mail server is set in Clinic settings: hand the file over instead.", field="mail"
        )
    recipient = row(cur, dict, _RECIPIENTS_SQL + " AND id = ?", [family_id, caregiver_id])
    if recipient is None:
        raise NotFound("This caregiver is not on the family's list.")
    recipient = Recipient(**recipient)
    if recipient.why_not:
        raise InvalidInput(
            f"The reminders cannot be emailed to this caregiver: {recipient.why_not}. "
            "Record it on the family's edit page first.",
            field="caregiver",
        )
    sheet = load_family_sheet(cur, actor, family_id, today)
    message = message_for(sheet, server, recipient, reminders.family_calendar(sheet, today))
    with transaction(cur):  # the audit row is kept only when the server took the message
        audit.record(
            cur,
            actor,
            "email",
            "family",
            family_id,
            what="Phone reminders (.ics)",
            caregiver_id=caregiver_id,
            tasks=len(sheet.tasks),
        )
        _deliver(server, message)
