"""How to reach a caregiver: phone, email, the way they like to be reminded, and their consent.

The rules a phone number and an email address must meet (a message per field), the reminder
ways, and the words a printed sheet uses for them. A phone number or an email address is never
written to the audit trail or a log: the audit names which of them changed (`changed_fields`).
"""

import re
from dataclasses import dataclass
from datetime import date

from lib.errors import InvalidInput
from lib.inputs import Problems

# way: (what the edit form shows, how a printed sheet says it)
REMINDER_WAYS = {
    "email": ("By email (the reminders file sent to them)", "gets the phone reminders by email"),
    "text": ("By text message", "gets a text message from the clinic"),
    "paper": ("The sheet on the fridge", "follows the sheet on the fridge"),
    "calendar": ("A phone calendar file handed over", "has the reminders on their phone's calendar"),
}
# ways that reach the caregiver themselves: they need the number or address, and consent
NEEDS = {"email": "email", "text": "phone"}
MAX_EMAIL = 254
PHONE_DIGITS = (7, 15)  # the shortest local number and the longest international one (E.164)
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()./-]+$")
# one address, no display name: letters, digits and the usual signs before @, a dotted domain after
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


@dataclass(frozen=True)
class Contact:
    """A caregiver's contact details as the form gives them ('' when not given)."""

    phone: str = ""
    email: str = ""
    reminder_way: str | None = None
    consent: bool = False


def clean_phone(value):
    """Return the phone number as typed (trimmed), '' when none; raise InvalidInput(field='phone')."""
    value = " ".join((value or "").split())
    if not value:
        return ""
    digits = sum(c.isdigit() for c in value)
    low, high = PHONE_DIGITS
    if not _PHONE_CHARS.match(value) or not low <= digits <= high:
        raise InvalidInput(
            f"The phone number should have {low} to {high} digits (spaces, brackets, dashes and a leading +"
            " are fine), e.g. 07700 900123. Leave it empty if there is none.",
            field="phone",
        )
    return value


def clean_email(value):
    """Return the email address (trimmed), '' when none; raise InvalidInput(field='email')."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > MAX_EMAIL or not _EMAIL.match(value) or ".." in value:
        raise InvalidInput(
            "The email address should look like name@example.org: one @, no spaces, "
            "and a full domain after it. Leave it empty if there is none.",
            field="email",
        )
    return value


def clean_contact(contact):
    """Return a checked Contact: phone and email cleaned, the way known and backed by its detail.

    Every field's problem is reported at once (one InvalidInput naming each field)."""
    problems = Problems()
    phone = email = ""
    with problems.check():
        phone = clean_phone(contact.phone)
    with problems.check():
        email = clean_email(contact.email)
    way = contact.reminder_way or None
    if way is not None and way not in REMINDER_WAYS:
        problems.add(
            InvalidInput("Choose how they would like to be reminded from the list.", field="reminder_way")
        )
    elif NEEDS.get(way) == "email" and not email and not problems.has("email"):
        problems.add(
            InvalidInput("Reminders by email need their email address: add it above.", field="reminder_way")
        )
    elif NEEDS.get(way) == "phone" and not phone and not problems.has("phone"):
        problems.add(
            InvalidInput("Text messages need their phone number: add it above.", field="reminder_way")
        )
    problems.raise_any()
    return Contact(phone, email, way, bool(contact.consent))


def consent_day(was_given, given_on, now_given, today):
    """Return the consent date to store: kept while consent stays, today when newly given, None when withdrawn."""
    if not now_given:
        return None
    return given_on if was_given and given_on is not None else today


def changed_fields(old, new):
    """Return the names of the contact fields that differ (never their values), for the audit."""
    return [k for k in ("phone", "email") if (old.get(k) or "") != (new.get(k) or "")]


def reminder_line(name, relation, reminder_way, consent):
    """Return how a caregiver will be reminded, for a printed sheet; '' when nothing to say.

    A way that reaches the caregiver (email, text) is only said once they agreed to be contacted."""
    if reminder_way not in REMINDER_WAYS or (reminder_way in NEEDS and not consent):
        return ""
    return f"{name} ({relation}) {REMINDER_WAYS[reminder_way][1]}"


def consent_text(consent, given_on, date_words):
    """Return the consent in plain words, with its date formatted by date_words."""
    if not consent:
        return "has not agreed to be contacted"
    return "agreed to be contacted" + (f" on {date_words(given_on)}" if isinstance(given_on, date) else "")
