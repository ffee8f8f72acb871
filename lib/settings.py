"""Clinic settings: typed defaults, stored as text in clinic_settings.

Each value is checked when it is saved (type and range, a message per field) and again when it
is read: a bad stored value falls back to its default and is logged, so one broken row can never
take a page down.
"""

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lib import audit, versions
from lib.db import transaction
from lib.errors import InvalidInput, NotAllowed
from lib.stage_rules import check_thresholds
from lib.words import CLINIC_TIME_ZONE, DAILY_MINUTES_LIMIT

log = logging.getLogger(__name__)

# name: (default, type, one-line help shown next to the setting)
DEFAULTS = {
    "clinic_name": ("Home Practice Clinic", str, "Shown in the sidebar and on printed sheets."),
    "practice_word": ("home practice", str, "The clinic's word for homework on screens and sheets."),
    "adherence_threshold": (80, int, "Completion (%) at or above which a week counts as on track."),
    "partial_threshold": (50, int, "Completion (%) at or above which a week counts as partial."),
    "max_session_gap_days": (14, int, "Longest advisable gap between sessions, in days."),
    "daily_minutes_limit": (
        DAILY_MINUTES_LIMIT,
        int,
        "Warn when a family's tasks add up to more minutes a day.",
    ),
    "chronic_weeks": (4, int, "Weeks below threshold, after first-line actions, that make it chronic."),
    "chronic_weeks_any": (6, int, "Weeks below threshold that make it chronic whatever was tried."),
    "stalled_days": (14, int, "Days without any tick after which a family counts as stalled."),
    "dropped_days": (21, int, "Days without any tick after which a family counts as dropped."),
    "session_exit_password": (True, bool, "Ask for the therapist's password to leave session mode."),
    "timezone": (CLINIC_TIME_ZONE, str, "The clinic's time zone, for phone reminders (e.g. Europe/London)."),
    "signin_idle_minutes": (30, int, "Minutes without use after which a browser must sign in again."),
    "is_demo": (False, bool, "This database holds synthetic demo data."),
}


# (lowest, highest) of each whole-number setting
RANGES = {
    "adherence_threshold": (1, 100),
    "partial_threshold": (1, 100),
    "max_session_gap_days": (1, 365),
    "daily_minutes_limit": (1, 240),
    "chronic_weeks": (1, 52),
    "chronic_weeks_any": (1, 52),
    "stalled_days": (1, 365),
    "dropped_days": (1, 365),
}
MAX_TEXT = 80


def _known_zone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _label(name):
    return name.replace("_", " ").capitalize()


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
        raise InvalidInput(f"{_label(name)}: choose yes or no.", field=name)
    if kind is int:
        low, high = RANGES.get(name, (1, 365))
        try:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(str(value).strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError, OverflowError):
            raise InvalidInput(f"{_label(name)}: give a whole number.", field=name) from None
        if not low <= number <= high:
            raise InvalidInput(f"{_label(name)}: give a number between {low} and {high}.", field=name)
        return number
    text = "" if value is None else str(value).strip()
    if not text or len(text) > MAX_TEXT or not text.isprintable():
        raise InvalidInput(f"{_label(name)}: give 1 to {MAX_TEXT} characters on one line.", field=name)
    if name == "timezone" and not _known_zone(text):
        raise InvalidInput("Give a time zone name such as Europe/London.", field=name)
    return text


def _checked(values):
    if values["partial_threshold"] > values["adherence_threshold"]:
        raise InvalidInput(
            "Partial threshold: keep it at or below the adherence threshold.", field="partial_threshold"
        )
    if values["dropped_days"] < values["stalled_days"]:
        raise InvalidInput("Dropped days: give at least as many days as stalled days.", field="dropped_days")
    if values["chronic_weeks_any"] < values["chronic_weeks"]:
        raise InvalidInput(
            "Chronic weeks any: give at least as many weeks as chronic weeks.", field="chronic_weeks_any"
        )
    return values


def get_settings(cur):
    """Return every setting as a dict, stored values over defaults; a bad stored value reads as its default."""
    values = {name: default for name, (default, _, _) in DEFAULTS.items()}
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
    clean = {name: validate(name, value) for name, value in changes.items()}
    expected = expected_versions or {}
    with transaction(cur):
        before = get_settings(cur)
        _checked({**before, **clean})
        check_thresholds({**before, **clean})  # the stage rules' stricter pairs, before anything is saved
        for name, value in clean.items():
            if versions.current(cur, "clinic_settings", name) is None:
                if expected.get(name) is not None:
                    raise versions.StaleVersion(f"The setting {_label(name)}")
                _store(cur, name, value)
            else:
                what = f"The setting {_label(name)}"
                versions.bump(cur, "clinic_settings", name, expected=expected.get(name), what=what)
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
