"""What a task may hold: its fields cleaned and checked before anything is written."""

import re
from datetime import date, time

from lib.access import is_linked
from lib.assignments.safety import join_lines, safety_lines
from lib.errors import InvalidInput
from lib.words import DISCIPLINES, WHO

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
    except (TypeError, ValueError):
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


def validate_assignment(values):
    """Return cleaned assignment fields, or raise InvalidInput naming the first bad field.

    weekdays None means "any days_per_week days"; a list means those weekdays (0=Mon)."""
    clean = {}
    title = str(values.get("title") or "").strip()
    if not title:
        raise InvalidInput("Give the task a short title.", field="title")
    if len(title) > 120:
        raise InvalidInput("Keep the title under 120 characters.", field="title")
    clean["title"] = title
    for field, label, limit in _TEXTS:
        text = str(values.get(field) or "").strip()
        if len(text) > limit:
            raise InvalidInput(f"{label} is too long: keep it under {limit} characters.", field=field)
        clean[field] = text
    if values.get("discipline") not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")
    clean["discipline"] = values["discipline"]
    if values.get("who") not in WHO:
        raise InvalidInput("Choose who does it: the child, the parent or both.", field="who")
    clean["who"] = values["who"]
    clean["minutes"] = _whole(
        values.get("minutes"), "minutes", "Minutes per practice must be between 1 and 240.", 1, 240
    )
    weekdays = values.get("weekdays")
    if weekdays is not None:
        days = sorted({int(d) for d in weekdays})
        if not days:
            raise InvalidInput("Choose at least one weekday, or pick 'any days'.", field="weekdays")
        if days[0] < 0 or days[-1] > 6:
            raise InvalidInput("Weekdays run from Monday to Sunday.", field="weekdays")
        clean["weekdays"], clean["days_per_week"] = days, len(days)
    else:
        clean["weekdays"] = None
        clean["days_per_week"] = _whole(
            values.get("days_per_week"), "days_per_week", "Days per week must be from 1 to 7.", 1, 7
        )
    start = values.get("start_date")
    if not isinstance(start, date):
        raise InvalidInput("Give the day the task starts.", field="start_date")
    clean["start_date"] = start
    clean["end_date"] = _optional_date(values.get("end_date"), "end_date")
    if clean["end_date"] and clean["end_date"] < start:
        raise InvalidInput("The end date is before the start date.", field="end_date")
    clean["review_date"] = _optional_date(values.get("review_date"), "review_date")
    if clean["review_date"] and clean["review_date"] < start:
        raise InvalidInput("The review date is before the start date.", field="review_date")
    routine_time = values.get("routine_time")
    if routine_time is not None and not isinstance(routine_time, time):
        raise InvalidInput("Give a time of day, like 19:00.", field="routine_time")
    clean["routine_time"] = routine_time
    has = values.get("has_materials")
    clean["has_materials"] = None if has is None else bool(has)
    clean["practised_in_session"] = bool(values.get("practised_in_session"))
    clean["family_chose"] = bool(values.get("family_chose"))
    clean["reward_ticks"] = _whole(
        values.get("reward_ticks", 5), "reward_ticks", "Ticks for a reward must be from 1 to 100.", 1, 100
    )
    clean["safety"] = join_lines(safety_lines(clean["safety"]))
    clean.update(clean_reminder(values, clean["weekdays"]))
    check_reward_text(clean["reward_plan"], clean["reward_ticks"])
    clean["supporter_ids"] = sorted({int(c) for c in values.get("supporter_ids") or ()})
    clean["therapist_id"] = values.get("therapist_id")
    return clean


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


def check_people(cur, actor, family_id, clean):
    """Default the therapist to actor; raise unless therapist and helpers belong to the family."""
    if clean["therapist_id"] is None:
        clean["therapist_id"] = actor.id
    clean["therapist_id"] = int(clean["therapist_id"])
    if clean["therapist_id"] != actor.id:
        if not is_linked(cur, clean["therapist_id"], family_id):  # a therapist of this family
            raise InvalidInput("Choose one of this family's therapists.", field="therapist_id")
    if clean["supporter_ids"]:
        known = cur.execute(
            "SELECT count(*) FROM caregivers WHERE family_id = ? AND list_contains(?, id)",
            [family_id, clean["supporter_ids"]],
        ).fetchone()[0]
        if known != len(clean["supporter_ids"]):
            raise InvalidInput("Choose helpers from this family's caregivers.", field="supporter_ids")


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
