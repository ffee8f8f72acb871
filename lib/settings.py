"""Clinic settings: typed defaults, stored as text in clinic_settings."""

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lib import audit
from lib.db import transaction
from lib.errors import InvalidInput, NotAllowed
from lib.stage_rules import check_thresholds
from lib.words import CLINIC_TIME_ZONE, DAILY_MINUTES_LIMIT

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


def _known_zone(name):
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _parse(kind, text):
    if kind is bool:
        return text in ("1", "true", "True")
    return kind(text)


def get_settings(cur):
    """Return every setting as a dict, stored values over defaults."""
    values = {name: default for name, (default, _, _) in DEFAULTS.items()}
    for key, value in cur.execute("SELECT key, value FROM clinic_settings").fetchall():
        if key in DEFAULTS:
            values[key] = _parse(DEFAULTS[key][1], value)
    return values


def get_setting(cur, name):
    """Return one setting's value."""
    return get_settings(cur)[name]


def _store(cur, name, value):
    cur.execute(
        "INSERT OR REPLACE INTO clinic_settings (key, value) VALUES (?, ?)",
        [name, str(value).lower() if isinstance(value, bool) else str(value)],
    )


def update_settings(cur, actor, changes):
    """Save changed settings (lead only), validating each, in one transaction."""
    if actor is None or not actor.is_lead:
        raise NotAllowed("Only the clinic lead can change clinic settings.")
    clean = {}
    for name, value in changes.items():
        if name not in DEFAULTS:
            raise InvalidInput(f"Unknown setting: {name}", field=name)
        kind = DEFAULTS[name][1]
        if kind is str:
            value = str(value).strip()
            if not value or len(value) > 80:
                raise InvalidInput("Give a value of 1 to 80 characters.", field=name)
            if name == "timezone" and not _known_zone(value):
                raise InvalidInput("Give a time zone name such as Europe/London.", field=name)
        elif kind is int:
            value = int(value)
            if not 0 < value <= 365:
                raise InvalidInput("Give a number between 1 and 365.", field=name)
        clean[name] = kind(value)
    check_thresholds({**get_settings(cur), **clean})  # checked together, before anything is saved
    with transaction(cur):
        for name, value in clean.items():
            _store(cur, name, value)
            audit.record(cur, actor, "update", "setting", None, name=name, value=value)
    return get_settings(cur)


def init_settings(cur, **values):
    """Store initial settings when a database is created (no actor yet)."""
    for name, value in values.items():
        _store(cur, name, value)
