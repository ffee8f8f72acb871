"""What a tick and a skip day may hold, and the checks run before either is written."""

from dataclasses import dataclass
from datetime import date, datetime

from lib.access import require_family
from lib.db import row
from lib.errors import InvalidInput, NotFound
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.inputs import record_id, whole
from lib.words import date_text

EVIDENCE = {
    "sheet": "Dated sheet",
    "photo": "Photo",
    "demonstrated": "Shown in session",
    "verbal": "Told us",
}
HOW_IT_WENT = {"easy": "Easy", "ok": "OK", "hard": "Hard"}
SKIP_REASONS = {"illness": "Illness", "holiday": "Holiday", "hospital": "Hospital", "other": "Other"}
MAX_SKIP_SPAN = 92  # days in one skip entry: a long holiday, not a silent pause
# Day states in the week grid; only the first four can take a tick.
TICKABLE = ("planned", "any_day", "unscheduled", "skipped")
STATES = (*TICKABLE, "paused", "not_started", "ended", "future")


class TickOutsideSchedule(InvalidInput):
    """The day is before the task started, after it ended, still to come, or paused."""

    def __init__(self, message):
        super().__init__(message, field="practice_date")


@dataclass(frozen=True)
class TaskDates:
    """The few facts about a task that decide which days can be ticked."""

    id: int
    family_id: int
    title: str
    start_date: date
    end_date: date | None


def as_date(value, field):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("Give a date like 2026-11-16.", field=field) from None


def python_dates(frame, *columns):
    """Turn DuckDB's datetime64 DATE columns into plain dates (DuckDB's own option warns in pandas 3)."""
    for column in columns:
        frame[column] = frame[column].dt.date if len(frame) else frame[column].astype(object)
    return frame


def day_words(day):
    return date_text(day, weekday=True)


def task_dates(cur, actor, assignment_id):
    """Return a task's TaskDates after checking the actor may see its family."""
    found = row(
        cur,
        TaskDates,
        "SELECT id, family_id, title, start_date, end_date FROM assignments WHERE id = ?",
        [assignment_id],
    )
    if found is None:
        raise NotFound("No such task.")
    require_family(cur, actor, found.family_id)
    return found


def _paused_on(cur, assignment_id, day):
    """Return True when a pause covers day (lib.figures.planned_days)."""
    return bool(
        cur.execute(
            "WITH days AS (SELECT id AS assignment_id, family_id, weekdays, $day::DATE AS day"  # noqa: S608
            " FROM assignments WHERE id = $a),"
            + PLANNED_DAYS_SQL
            + "SELECT count(*) FROM planned_days WHERE paused",
            {"a": assignment_id, "day": day},
        ).fetchone()[0]
    )


def check_day(cur, assignment, day, today):
    start, end = assignment.start_date, assignment.end_date
    if day > today:
        raise TickOutsideSchedule(f"{day_words(day)} has not come yet: tick a day once it has happened.")
    if day < start:
        raise TickOutsideSchedule(
            f"This task started on {day_words(start)}: there is nothing to tick before then."
        )
    if end is not None and day > end:
        raise TickOutsideSchedule(
            f"This task ended on {day_words(end)}: there is nothing to tick after then."
        )
    if _paused_on(cur, assignment.id, day):
        raise TickOutsideSchedule(f"This task was paused on {day_words(day)}, so that day cannot be ticked.")


def clean_details(cur, family_id, minutes, caregiver_id, how_it_went, distress, evidence):
    if minutes is not None:
        minutes = whole(minutes, "minutes", "Give between 1 and 240 minutes, as a whole number.", 1, 240)
    if caregiver_id is not None:
        caregiver_id = record_id(caregiver_id, "caregiver_id", "Choose one of this family's caregivers.")
        found = cur.execute(
            "SELECT count(*) FROM caregivers WHERE id = ? AND family_id = ?", [caregiver_id, family_id]
        ).fetchone()[0]
        if not found:
            raise InvalidInput("Choose one of this family's caregivers.", field="caregiver_id")
    if how_it_went is not None and how_it_went not in HOW_IT_WENT:
        raise InvalidInput("Choose easy, ok or hard.", field="how_it_went")
    if evidence not in EVIDENCE:
        raise InvalidInput(
            "Choose the evidence: sheet, photo, shown in session or told us.", field="evidence"
        )
    return {
        "minutes": minutes,
        "caregiver_id": caregiver_id,
        "how_it_went": how_it_went,
        "distress": bool(distress),
        "evidence": evidence,
    }
