"""Clinic settings: typed defaults, stored as text in clinic_settings.

Each value is checked when it is saved (type and range, a message per field) and again when it
is read: a bad stored value falls back to its default and is logged, so one broken row can never
take a page down.
"""

import logging
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lib import audit, versions
from lib.db import transaction
from lib.errors import InvalidInput, NotAllowed
from lib.families.contact import clean_email
from lib.figures.stage_rules import check_thresholds
from lib.inputs import Problems
from lib.words import CLINIC_TIME_ZONE, DAILY_MINUTES_LIMIT, DATE_FORMAT, DATE_FORMATS

log = logging.getLogger(__name__)

MAIL_PASSWORD_VARIABLE = "HOME_PRACTICE_SMTP_PASSWORD"  # the mail server's password: the environment only

# name: (default, type, label, what it changes): the label and help are what the lead reads
DEFAULTS = {
    "clinic_name": (
        "Home Practice Clinic",
        str,
        "Clinic name",
        "Shown in the sidebar, on the sign-in page and at the top of printed sheets.",
    ),
    "practice_word": (
        "home practice",
        str,
        "Your word for homework",
        "Families read this word on screens and sheets, e.g. home practice, activity of the week.",
    ),
    "date_format": (
        DATE_FORMAT,
        str,
        "Date format",
        "How dates are shown on every screen, printed sheet and PDF. "
        "Files for spreadsheets (CSV) always give dates as year-month-day.",
    ),
    "adherence_threshold": (
        80,
        int,
        "On track from (% of planned days)",
        "A week counts as on track when the family practised at least this share of the days planned. "
        "Below it, the family is slipping: the caseload marks it initial non-completion.",
    ),
    "partial_threshold": (
        50,
        int,
        "Partly done from (% of planned days)",
        "A week between this and the on-track level counts as partly done; below it, as low. "
        "Keep it below the on-track level.",
    ),
    "max_session_gap_days": (
        14,
        int,
        "Longest gap between sessions (days)",
        "A family whose next session is further away than this, or who has none booked, is flagged.",
    ),
    "daily_minutes_limit": (
        DAILY_MINUTES_LIMIT,
        int,
        "Most practice minutes a day",
        "The task form and the caseload warn when a family's tasks add up to more minutes a day.",
    ),
    "chronic_weeks": (
        4,
        int,
        "Low weeks before chronic non-completion",
        "After the guide's first ideas were tried, this many weeks in a row under the partly-done level "
        "make a family chronic: the guide then offers the chronic path.",
    ),
    "stalled_days": (
        14,
        int,
        "Days without a tick before stalled",
        "A family with a running task and no tick for this many days is marked stalled: time to get in touch.",
    ),
    "dropped_days": (
        21,
        int,
        "Days without a tick before dropped",
        "After this many days without a tick the family is marked dropped. Keep it above the stalled days.",
    ),
    "session_exit_password": (
        True,
        bool,
        "Ask for the password to leave session mode",
        "When on, leaving a family's session needs the therapist's password, so the family cannot "
        "open other families' records from the shared screen.",
    ),
    "timezone": (
        CLINIC_TIME_ZONE,
        str,
        "Clinic time zone",
        "Reminders on the family's phone ring at the clinic's time. A name such as Europe/London.",
    ),
    "signin_idle_minutes": (
        30,
        int,
        "Sign out after this many idle minutes",
        "A browser left unused this long has to sign in again.",
    ),
    "clinic_contact": (
        "",
        str,
        "How families reach the clinic (optional)",
        "One line printed on the caregiver handout, e.g. a phone number and when it is answered. "
        "Leave it empty to print none.",
    ),
    "mail_host": (
        "",
        str,
        "Mail server (SMTP) (optional)",
        "The clinic's outgoing mail server, e.g. smtp.clinic.example. With it, the sheets page can email "
        "the phone reminders file to a caregiver who agreed to be contacted. Leave it empty to hand the "
        "file over instead.",
    ),
    "mail_port": (
        587,
        int,
        "Mail server port",
        "Usually 587 with STARTTLS, 465 with SSL, 25 without encryption.",
    ),
    "mail_tls": (
        "starttls",
        str,
        "Mail encryption",
        "How the connection to the mail server is protected. Choose none only for a server inside the "
        "clinic's own network.",
    ),
    "mail_sender": (
        "",
        str,
        "Sender address",
        "The address the reminders come from, e.g. reminders@clinic.example. Needed with a mail server.",
    ),
    "mail_username": (
        "",
        str,
        "Mail server user name (optional)",
        f"When the server asks for a sign-in. Its password is never kept in the app or its database: "
        f"set the environment variable {MAIL_PASSWORD_VARIABLE} on the clinic machine (for example an "
        "Environment= line in the service file) and restart the app.",
    ),
    "session_idle_minutes": (
        60,
        int,
        "During a session, sign out after this many idle minutes",
        "While a family's session is on screen. The family screen does not count as use; the therapist's "
        "window asks two minutes before. Signing in again returns to the session.",
    ),
    "is_demo": (False, bool, "Demo clinic", "This database holds invented demo data."),
}
# where a group of settings starts on the settings page: name -> (heading, a line under it)
SECTIONS = {
    "mail_host": (
        "Sending the reminders by email",
        "Without a mail server the sheets page says how to hand the reminders file over instead. "
        f"The server's password is never stored by the app: it is read from {MAIL_PASSWORD_VARIABLE} "
        "on the clinic machine.",
    ),
}


# (lowest, highest) of each whole-number setting
RANGES = {
    "adherence_threshold": (1, 100),
    "partial_threshold": (1, 100),
    "max_session_gap_days": (1, 365),
    "daily_minutes_limit": (1, 240),
    "chronic_weeks": (1, 52),
    "stalled_days": (1, 365),
    "dropped_days": (1, 365),
    "mail_port": (1, 65535),
    "session_idle_minutes": (5, 240),  # above the two minutes' warning; at most a long session's length
}
MAX_TEXT = 80
# settings chosen from a list: name -> {value: what the lead sees}
CHOICES = {
    "date_format": {name: example for name, (example, *_) in DATE_FORMATS.items()},
    "mail_tls": {
        "starttls": "STARTTLS (usually port 587)",
        "ssl": "SSL/TLS (usually port 465)",
        "none": "None",
    },
}
# text settings that may be left empty
OPTIONAL = {"clinic_contact", "mail_host", "mail_sender", "mail_username"}
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")


def _known_zone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def label(name):
    """Return a setting's name as the settings page shows it."""
    return DEFAULTS[name][2] if name in DEFAULTS else name


def validate(name, value):
    """Return the setting's value in its type, or raise InvalidInput naming the field."""
    if name not in DEFAULTS:
        raise InvalidInput(f"Unknown setting: {name}", field=name)
    kind = DEFAULTS[name][1]
    if kind is bool:
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("1", "true", "yes"):
            return True
        if str(value).strip().lower() in ("0", "false", "no"):
            return False
        raise InvalidInput(f"{label(name)}: choose yes or no.", field=name)
    if kind is int:
        low, high = RANGES.get(name, (1, 365))
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError, OverflowError):
            raise InvalidInput(f"{label(name)}: give a whole number.", field=name) from None
        if not low <= number <= high:
            raise InvalidInput(f"{label(name)}: give a number between {low} and {high}.", field=name)
        return number
    text = "" if value is None else str(value).strip()
    if not text and name in OPTIONAL:
        return ""
    if not text or len(text) > MAX_TEXT or not text.isprintable():
        raise InvalidInput(f"{label(name)}: give 1 to {MAX_TEXT} characters on one line.", field=name)
    if name in CHOICES and text not in CHOICES[name]:
        raise InvalidInput(f"{label(name)}: choose one of {', '.join(CHOICES[name].values())}.", field=name)
    if name == "timezone" and not _known_zone(text):
        raise InvalidInput("Give a time zone name such as Europe/London.", field=name)
    if name == "mail_host" and not _HOST.match(text):
        raise InvalidInput(
            "Give the mail server's name, e.g. smtp.clinic.example (no http://, no port).", field=name
        )
    if name == "mail_sender":
        try:
            text = clean_email(text)
        except InvalidInput as bad:
            raise InvalidInput(f"{label(name)}: {bad}", field=name) from None
    return text


def _check_mail(values):
    """A mail server needs a sender address."""
    if values["mail_host"] and not values["mail_sender"]:
        raise InvalidInput("With a mail server, give the sender address too.", field="mail_sender")


def get_settings(cur):
    """Return every setting as a dict, stored values over defaults; a bad stored value reads as its default."""
    values = {name: default for name, (default, *_) in DEFAULTS.items()}
    for key, value in cur.execute("SELECT key, value FROM clinic_settings").fetchall():
        if key in DEFAULTS:
            try:
                values[key] = validate(key, value)
            except InvalidInput:
                log.warning("clinic setting %s holds %r, which is not valid: using the default", key, value)
    return values


def setting_versions(cur):
    """Return {name: version} of the stored settings, for a form to send back as expected."""
    return dict(cur.execute("SELECT key, coalesce(version, 1) FROM clinic_settings").fetchall())


def get_setting(cur, name):
    """Return one setting's value."""
    return get_settings(cur)[name]


def _store(cur, name, value):
    cur.execute(
        "INSERT OR REPLACE INTO clinic_settings (key, value) VALUES (?, ?)",
        [name, str(value).lower() if isinstance(value, bool) else str(value)],
    )


def update_settings(cur, actor, changes, expected_versions=None):
    """Save changed settings (lead only), validating each, in one transaction.

    expected_versions: {name: version} the form showed (setting_versions); a setting saved since
    by someone else raises StaleVersion and nothing is saved."""
    if actor is None or not actor.is_lead:
        raise NotAllowed("Only the clinic lead can change clinic settings.")
    problems = Problems()  # every setting's problem at once, each under its field
    clean = {}
    for name, value in changes.items():
        with problems.check():
            clean[name] = validate(name, value)
    problems.raise_any()
    expected = expected_versions or {}
    with transaction(cur):
        before = get_settings(cur)
        check_thresholds({**before, **clean}, clean)  # the pairs (partly done < on track, stalled < dropped)
        _check_mail({**before, **clean})
        for name, value in clean.items():
            if versions.current(cur, "clinic_settings", name) is None:
                if expected.get(name) is not None:
                    raise versions.StaleVersion(f"The setting {label(name)}")
                _store(cur, name, value)
            else:
                what = f"The setting {label(name)}"
                versions.bump(
                    cur, "clinic_settings", name, expected=expected.get(name) or versions.ANY, what=what
                )
                cur.execute(
                    "UPDATE clinic_settings SET value = ? WHERE key = ?",
                    [str(value).lower() if isinstance(value, bool) else str(value), name],
                )
            audit.record(
                cur,
                actor,
                "update",
                "setting",
                None,
                name=name,
                before={name: before[name]},
                after={name: value},
            )
    return get_settings(cur)


def init_settings(cur, **values):
    """Store initial settings when a database is created (no actor yet)."""
    for name, value in values.items():
        _store(cur, name, value)
