"""What a task may hold: its fields cleaned and checked before anything is written."""

import re
from datetime import date, time

from lib.access import is_linked
from lib.assignments.safety import join_lines, safety_lines
from lib.errors import InvalidInput
from lib.inputs import Problems, record_id
from lib.words import DISCIPLINES, WHO

THERAPIST = "Choose one of this family's therapists."
HELPERS = "Choose helpers from this family's caregivers."
# (field, label, longest) of the free-text fields
_TEXTS = (
    ("instructions", "Instructions", 2000),
    ("routine_anchor", "Daily routine", 200),
    ("materials", "Materials", 300),
    ("reward_plan", "Reward plan", 300),
    ("media_ref", "Photo or video reference", 300),
    ("materials_lent", "What the clinic lends", 300),
    ("materials_where", "Where to get the rest", 300),
    ("safety", "Safety lines", 1000),
    ("safety_acknowledged", "Safety advice read", 2000),
)


def _whole(value, field, message, low, high):
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # None, text, NaN, infinity
        raise InvalidInput(message, field=field) from None
    if number != value or not low <= number <= high:
        raise InvalidInput(message, field=field)
    return number


def _optional_date(value, field):
    if value is None or value == "":
        return None
    if not isinstance(value, date):
        raise InvalidInput("Give a date.", field=field)
    return value


def validate_assignment(values, problems=None):
    """Return cleaned assignment fields, or raise InvalidInput with every bad field's problem at once.

    weekdays None means "any days_per_week days"; a list means those weekdays (0=Mon).
    Given `problems` (lib.inputs.Problems), keep them there and return what was cleaned."""
    own = problems is None
    problems = Problems() if own else problems
    clean = {}
    with problems.check():
        title = str(values.get("title") or "").strip()
        clean["title"] = title
        if not title:
            raise InvalidInput("Give the task a short title.", field="title")
        if len(title) > 120:
            raise InvalidInput("Keep the title under 120 characters.", field="title")
    for field, label, limit in _TEXTS:
        text = str(values.get(field) or "").strip()
        clean[field] = text
        with problems.check():
            if len(text) > limit:
                raise InvalidInput(f"{label} is too long: keep it under {limit} characters.", field=field)
    clean["discipline"], clean["who"] = values.get("discipline"), values.get("who")
    with problems.check():
        if clean["discipline"] not in DISCIPLINES:
            raise InvalidInput("Choose a discipline from the list.", field="discipline")
    with problems.check():
        if clean["who"] not in WHO:
            raise InvalidInput("Choose who does it: the child, the parent or both.", field="who")
    with problems.check():
        clean["minutes"] = _whole(
            values.get("minutes"), "minutes", "Minutes per practice must be between 1 and 240.", 1, 240
        )
    with problems.check():
        clean.update(_schedule(values))
    start = values.get("start_date")
    clean["start_date"] = start
    with problems.check():
        if not isinstance(start, date):
            raise InvalidInput("Give the day the task starts.", field="start_date")
    for field, message in (
        ("end_date", "The end date is before the start date."),
        ("review_date", "The review date is before the start date."),
    ):
        with problems.check():
            clean[field] = _optional_date(values.get(field), field)
            if clean[field] and isinstance(start, date) and clean[field] < start:
                raise InvalidInput(message, field=field)
    routine_time = values.get("routine_time")
    clean["routine_time"] = routine_time
    with problems.check():
        if routine_time is not None and not isinstance(routine_time, time):
            raise InvalidInput("Give a time of day, like 19:00.", field="routine_time")
    has = values.get("has_materials")
    clean["has_materials"] = None if has is None else bool(has)
    clean["practised_in_session"] = bool(values.get("practised_in_session"))
    clean["family_chose"] = bool(values.get("family_chose"))
    with problems.check():
        clean["reward_ticks"] = _whole(
            values.get("reward_ticks", 5), "reward_ticks", "Ticks for a reward must be from 1 to 100.", 1, 100
        )
    clean["safety"] = join_lines(safety_lines(clean["safety"]))
    with problems.check():
        clean.update(clean_reminder(values, clean.get("weekdays")))
    with problems.check():
        if not problems.has("reward_ticks"):
            check_reward_text(clean["reward_plan"], clean["reward_ticks"])
    clean["supporter_ids"] = []
    # an id no row can have (a form never sends one) is refused here, never sent to the database
    with problems.check():
        helpers = values.get("supporter_ids") or ()
        clean["supporter_ids"] = sorted({record_id(c, "supporter_ids", HELPERS) for c in helpers})
    clean["therapist_id"] = values.get("therapist_id")
    if clean["therapist_id"] is not None:
        with problems.check():
            clean["therapist_id"] = record_id(clean["therapist_id"], "therapist_id", THERAPIST)
    if own:
        problems.raise_any()
    return clean


def _schedule(values):
    """Return weekdays and days_per_week checked: set weekdays, or any N days a week."""
    weekdays = values.get("weekdays")
    if weekdays is None:
        days_per_week = _whole(
            values.get("days_per_week"), "days_per_week", "Days per week must be from 1 to 7.", 1, 7
        )
        return {"weekdays": None, "days_per_week": days_per_week}
    days = sorted({int(d) for d in weekdays})
    if not days:
        raise InvalidInput("Choose at least one weekday, or pick 'any days'.", field="weekdays")
    if days[0] < 0 or days[-1] > 6:
        raise InvalidInput("Weekdays run from Monday to Sunday.", field="weekdays")
    return {"weekdays": days, "days_per_week": len(days)}


REMINDER_MODES = ("nudge", "days")
_REWARD_COUNT = re.compile(r"^\s*(\d+)\s*(?:ticks?|stars?|days?)\b", re.IGNORECASE)


def clean_reminder(values, weekdays):
    """Return reminder_mode and reminder_days checked: chosen days only for "any N days" tasks."""
    mode = values.get("reminder_mode") or "nudge"
    if mode not in REMINDER_MODES:
        raise InvalidInput("Choose a daily nudge or the days to remind.", field="reminder_mode")
    if mode == "nudge" or weekdays is not None:
        return {"reminder_mode": mode, "reminder_days": None}
    days = sorted({int(d) for d in values.get("reminder_days") or ()})
    if not days or days[0] < 0 or days[-1] > 6:
        raise InvalidInput("Choose the days the reminder comes, Monday to Sunday.", field="reminder_days")
    return {"reminder_mode": mode, "reminder_days": days}


def check_reward_text(text, ticks):
    """Raise when the reward text starts with a count of ticks that is not the task's own."""
    found = _REWARD_COUNT.match(text or "")
    if found and int(found.group(1)) != ticks:
        raise InvalidInput(
            f"The reward text says {found.group(1)} but the task counts {ticks} ticks for a reward: "
            "change one, or leave the number out of the text.",
            field="reward_plan",
        )


def default_people(linked, actor, discipline=None):
    """Return (discipline, therapist id) a new task starts with, from the family's linked therapists.

    linked: the family's LinkedTherapist rows. The discipline is the one given, else the actor's own
    link to the family, else the family's first; the therapist is the family's therapist of that
    discipline (the actor first when linked for it), else the actor."""
    open_links = [t for t in linked if t.active]
    if discipline is None:
        own = [t.discipline for t in open_links if t.id == actor.id]
        firsts = own or [t.discipline for t in open_links]
        fallback = actor.discipline if actor.discipline in DISCIPLINES else DISCIPLINES[0]
        discipline = firsts[0] if firsts else fallback
    for_it = sorted(
        (t for t in open_links if t.discipline == discipline),
        key=lambda t: (t.id != actor.id, t.display_name),
    )
    return discipline, (for_it[0].id if for_it else actor.id)


_LINKED_FOR = (
    "SELECT ft.therapist_id FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
    " WHERE ft.family_id = ? AND ft.discipline = ? AND ft.active AND u.active"
    " ORDER BY ft.therapist_id <> ?, u.display_name LIMIT 1"
)


def check_people(cur, actor, family_id, clean):
    """Default the therapist to the family's therapist of the task's discipline (else actor);
    raise unless therapist and helpers belong to the family."""
    if clean["therapist_id"] is None:
        found = cur.execute(_LINKED_FOR, [family_id, clean.get("discipline"), actor.id]).fetchone()
        clean["therapist_id"] = found[0] if found else actor.id
    if clean["therapist_id"] != actor.id:
        if not is_linked(cur, clean["therapist_id"], family_id):  # a therapist of this family
            raise InvalidInput(THERAPIST, field="therapist_id")
    if clean["supporter_ids"]:
        known = cur.execute(
            "SELECT count(*) FROM caregivers WHERE family_id = ? AND list_contains(?, id)",
            [family_id, clean["supporter_ids"]],
        ).fetchone()[0]
        if known != len(clean["supporter_ids"]):
            raise InvalidInput(HELPERS, field="supporter_ids")


def check_title_free(cur, family_id, title, own_id=None):
    """Raise unless no other open task of the family has this title."""
    taken = cur.execute(
        "SELECT count(*) FROM assignments WHERE family_id = ? AND lower(trim(title)) = lower(?)"
        " AND status IN ('active', 'paused') AND id IS DISTINCT FROM ?",
        [family_id, title.strip(), own_id],
    ).fetchone()[0]
    if taken:
        raise InvalidInput(
            "This family already has an active task with this title: give it a different one.",
            field="title",
        )
