"""Assignments (home practice tasks): setting, versions, lifecycle, barrier checklist.

Every change writes an assignment_versions row (kind created, edited, made_easier, paused,
resumed, completed, retired, reissued) and bumps assignments.version, so charts can mark
what happened when; the ticks always stay with the same assignment.
"""

import json
from dataclasses import asdict, dataclass
from datetime import date, time, timedelta

from lib import audit
from lib.access import VISIBLE_FAMILIES_SQL, is_linked, require_family, scope
from lib.barriers import ANSWERS, BARRIER_IDS
from lib.db import transaction
from lib.errors import DomainError, InvalidInput, NotAllowed, NotFound
from lib.models import DISCIPLINES

WHO = ("child", "parent", "both")
STATUSES = ("active", "paused", "completed", "retired")
OPEN = ("active", "paused")
KINDS = ("created", "edited", "made_easier", "paused", "resumed", "completed", "retired", "reissued")
EDITABLE = (
    "title",
    "instructions",
    "discipline",
    "therapist_id",
    "who",
    "supporter_ids",
    "minutes",
    "days_per_week",
    "weekdays",
    "start_date",
    "end_date",
    "review_date",
    "routine_anchor",
    "routine_time",
    "materials",
    "has_materials",
    "practised_in_session",
    "family_chose",
    "reward_plan",
    "reward_ticks",
    "media_ref",
)
# (field, label, longest) of the free-text fields
_TEXTS = (
    ("instructions", "Instructions", 2000),
    ("routine_anchor", "Daily routine", 200),
    ("materials", "Materials", 300),
    ("reward_plan", "Reward plan", 300),
    ("media_ref", "Photo or video reference", 300),
)


class StaleAssignment(DomainError):
    """Someone else saved the assignment since it was opened."""


@dataclass(frozen=True)
class Assignment:
    id: int
    family_id: int
    therapist_id: int
    discipline: str
    title: str
    instructions: str
    who: str
    supporter_ids: tuple[int, ...]
    minutes: int
    days_per_week: int
    weekdays: tuple[int, ...] | None
    start_date: date
    end_date: date | None
    review_date: date | None
    routine_anchor: str
    routine_time: time | None
    materials: str
    has_materials: bool | None
    practised_in_session: bool
    family_chose: bool
    reward_plan: str
    reward_ticks: int
    media_ref: str
    cross_note: str
    status: str
    reissued_from: int | None
    version: int
    checklist_complete: bool
    therapist_name: str

    def values(self):
        """Return the editable fields as a dict (what a form or a revision starts from)."""
        return {f: getattr(self, f) for f in EDITABLE}


_SELECT = """
    SELECT a.id, a.family_id, a.therapist_id, a.discipline, a.title, a.instructions, a.who,
           a.supporter_ids, a.minutes, a.days_per_week, a.weekdays, a.start_date, a.end_date,
           a.review_date, a.routine_anchor, a.routine_time, a.materials, a.has_materials,
           a.practised_in_session, a.family_chose, a.reward_plan, a.reward_ticks, a.media_ref,
           a.cross_note, a.status, a.reissued_from, a.version,
           (SELECT count(*) FROM barrier_answers b WHERE b.assignment_id = a.id
              AND list_contains($barriers, b.barrier)
              AND (b.answer = 'ok' OR (b.answer = 'risk' AND trim(b.plan) <> ''))) = len($barriers),
           coalesce(u.display_name, '')
    FROM assignments a LEFT JOIN users u ON u.id = a.therapist_id
    WHERE ($id IS NULL OR a.id = $id) AND ($family IS NULL OR a.family_id = $family)
      AND list_contains($statuses, a.status)
    ORDER BY a.status = 'paused', a.discipline, a.start_date, a.id
"""


def _rows(cur, assignment_id=None, family_id=None, statuses=STATUSES):
    rows = cur.execute(
        _SELECT,
        {
            "barriers": list(BARRIER_IDS),
            "id": assignment_id,
            "family": family_id,
            "statuses": list(statuses),
        },
    ).fetchall()
    found = []
    for row in rows:
        row = list(row)
        row[7] = tuple(row[7] or ())
        row[10] = tuple(row[10]) if row[10] is not None else None
        found.append(Assignment(*row))
    return found


def get_assignment(cur, actor, assignment_id):
    """Return one assignment, after checking the actor may see its family."""
    found = _rows(cur, assignment_id=int(assignment_id))
    if not found:
        raise NotFound("No such task.")
    require_family(cur, actor, found[0].family_id)
    return found[0]


def list_assignments(cur, actor, family_id, statuses=OPEN):
    """Return a family's assignments with the given statuses, active first."""
    require_family(cur, actor, family_id)
    return _rows(cur, family_id=int(family_id), statuses=statuses)


# ---- validation -------------------------------------------------------------------------


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
    clean["supporter_ids"] = sorted({int(c) for c in values.get("supporter_ids") or ()})
    clean["therapist_id"] = values.get("therapist_id")
    return clean


def _check_people(cur, actor, family_id, clean):
    if clean["therapist_id"] is None:
        clean["therapist_id"] = actor.id
    clean["therapist_id"] = int(clean["therapist_id"])
    linked = is_linked(cur, clean["therapist_id"], family_id)
    if not linked and clean["therapist_id"] != actor.id:
        raise InvalidInput("Choose one of this family's therapists.", field="therapist_id")
    if clean["supporter_ids"]:
        known = cur.execute(
            "SELECT count(*) FROM caregivers WHERE family_id = ? AND list_contains(?, id)",
            [family_id, clean["supporter_ids"]],
        ).fetchone()[0]
        if known != len(clean["supporter_ids"]):
            raise InvalidInput("Choose helpers from this family's caregivers.", field="supporter_ids")


def _check_title_free(cur, family_id, title, own_id=None):
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


# ---- writes -----------------------------------------------------------------------------


def _snapshot(cur, assignment_id):
    row = cur.execute("SELECT * FROM assignments WHERE id = ?", [assignment_id])
    names = [d[0] for d in row.description]
    return json.dumps(dict(zip(names, row.fetchone(), strict=True)), default=str)


def _add_version(cur, actor, assignment_id, kind, reason, on):
    version = cur.execute(
        "UPDATE assignments SET version = version + 1 WHERE id = ? RETURNING version", [assignment_id]
    ).fetchone()[0]
    _write_version(cur, actor, assignment_id, version, kind, reason, on)
    return version


def _write_version(cur, actor, assignment_id, version, kind, reason, on):
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, reason, snapshot,"
        " changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [assignment_id, version, on, kind, (reason or "").strip(), _snapshot(cur, assignment_id), actor.id],
    )


def _insert(cur, actor, family_id, clean, kind, reason, reissued_from=None, cross_note=""):
    assignment_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, instructions, who,"
        " supporter_ids, minutes, days_per_week, weekdays, start_date, end_date, review_date,"
        " routine_anchor, routine_time, materials, has_materials, practised_in_session, family_chose,"
        " reward_plan, reward_ticks, media_ref, cross_note, reissued_from, created_by)"
        " VALUES ($family_id, $therapist_id, $discipline, $title, $instructions, $who, $supporter_ids,"
        " $minutes, $days_per_week, $weekdays, $start_date, $end_date, $review_date, $routine_anchor,"
        " $routine_time, $materials, $has_materials, $practised_in_session, $family_chose,"
        " $reward_plan, $reward_ticks, $media_ref, $cross_note, $reissued_from, $created_by) RETURNING id",
        {
            **clean,
            "family_id": family_id,
            "cross_note": cross_note,
            "reissued_from": reissued_from,
            "created_by": actor.id,
        },
    ).fetchone()[0]
    _write_version(cur, actor, assignment_id, 1, kind, reason, clean["start_date"])
    return assignment_id


def _write_answers(cur, assignment_id, answers):
    cur.execute("DELETE FROM barrier_answers WHERE assignment_id = ?", [assignment_id])
    for barrier_id in BARRIER_IDS:
        answer, plan = answers.get(barrier_id, ("not_asked", ""))
        cur.execute(
            "INSERT INTO barrier_answers (assignment_id, barrier, answer, plan) VALUES (?, ?, ?, ?)",
            [assignment_id, barrier_id, answer, (plan or "").strip()],
        )


def _clean_answers(answers):
    clean = {}
    for barrier_id, (answer, plan) in (answers or {}).items():
        if barrier_id not in BARRIER_IDS:
            raise InvalidInput(f"Unknown barrier: {barrier_id}", field="barriers")
        if answer not in ANSWERS:
            raise InvalidInput("Answer each barrier with fine, a risk, or not asked.", field=barrier_id)
        if len(plan or "") > 300:
            raise InvalidInput("Keep the plan under 300 characters.", field=barrier_id)
        clean[barrier_id] = (answer, plan or "")
    return clean


def create_assignment(cur, actor, family_id, values, barrier_answers=None):
    """Set a new task for a family, with its barrier checklist; return its id."""
    require_family(cur, actor, family_id)
    clean = validate_assignment(values)
    answers = _clean_answers(barrier_answers)
    _check_people(cur, actor, family_id, clean)
    with transaction(cur):
        _check_title_free(cur, family_id, clean["title"])
        assignment_id = _insert(cur, actor, family_id, clean, "created", "")
        _write_answers(cur, assignment_id, answers)
        audit.record(cur, actor, "create", "assignment", assignment_id, family_id=family_id)
    return assignment_id


def revise_assignment(
    cur, actor, assignment_id, changes, reason="", kind="edited", on=None, expected_version=None
):
    """Change an open task's fields, keeping its ticks; write a version; return the new version.

    kind is "edited" or "made_easier"; nothing changed returns the current version."""
    if kind not in ("edited", "made_easier"):
        raise InvalidInput("A change is either an edit or making it easier.", field="kind")
    current = get_assignment(cur, actor, assignment_id)
    if current.status not in OPEN:
        raise NotAllowed("Only active or paused tasks can be changed: give it again instead.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("These fields cannot be changed here: " + ", ".join(sorted(unknown)))
    clean = validate_assignment({**current.values(), **changes})
    _check_people(cur, actor, current.family_id, clean)
    before = validate_assignment(current.values())
    if clean == before:
        return current.version
    with transaction(cur):
        version = cur.execute("SELECT version FROM assignments WHERE id = ?", [assignment_id]).fetchone()[0]
        if expected_version is not None and version != expected_version:
            raise StaleAssignment("Someone else changed this task a moment ago: reload it and try again.")
        _check_title_free(cur, current.family_id, clean["title"], assignment_id)
        cur.execute(
            "UPDATE assignments SET therapist_id = $therapist_id, discipline = $discipline,"
            " title = $title, instructions = $instructions, who = $who, supporter_ids = $supporter_ids,"
            " minutes = $minutes, days_per_week = $days_per_week, weekdays = $weekdays,"
            " start_date = $start_date, end_date = $end_date, review_date = $review_date,"
            " routine_anchor = $routine_anchor, routine_time = $routine_time, materials = $materials,"
            " has_materials = $has_materials, practised_in_session = $practised_in_session,"
            " family_chose = $family_chose, reward_plan = $reward_plan, reward_ticks = $reward_ticks,"
            " media_ref = $media_ref WHERE id = $id",
            {**clean, "id": assignment_id},
        )
        version = _add_version(cur, actor, assignment_id, kind, reason, on or date.today())
        changed = sorted(k for k in clean if clean[k] != before[k])
        audit.record(cur, actor, kind, "assignment", assignment_id, fields=changed, reason=reason)
    return version


def _set_status(cur, actor, assignment_id, status, kind, allowed_from, on, reason, close=False):
    current = get_assignment(cur, actor, assignment_id)
    if current.status not in allowed_from:
        raise NotAllowed(f"This task is {current.status}, so it cannot be {kind} now.")
    on = on or date.today()
    with transaction(cur):
        cur.execute("UPDATE assignments SET status = ? WHERE id = ?", [status, assignment_id])
        if close:
            cur.execute(
                "UPDATE assignments SET end_date = ? WHERE id = ? AND (end_date IS NULL OR end_date > ?)",
                [on, assignment_id, on],
            )
        version = _add_version(cur, actor, assignment_id, kind, reason, on)
        audit.record(cur, actor, kind, "assignment", assignment_id, on=on, reason=reason)
    return version


def pause_assignment(cur, actor, assignment_id, on=None, reason=""):
    """Pause an active task from a date (days while paused never count against the family)."""
    return _set_status(cur, actor, assignment_id, "paused", "paused", ("active",), on, reason)


def resume_assignment(cur, actor, assignment_id, on=None, reason=""):
    """Resume a paused task from a date."""
    return _set_status(cur, actor, assignment_id, "active", "resumed", ("paused",), on, reason)


def complete_assignment(cur, actor, assignment_id, on=None, reason=""):
    """Mark a task as achieved; it ends on the given date (default today)."""
    return _set_status(cur, actor, assignment_id, "completed", "completed", OPEN, on, reason, close=True)


def retire_assignment(cur, actor, assignment_id, on=None, reason=""):
    """Stop a task without it being achieved; it ends on the given date (default today)."""
    return _set_status(cur, actor, assignment_id, "retired", "retired", OPEN, on, reason, close=True)


def reissue_assignment(cur, actor, assignment_id, start_date=None, reason=""):
    """Give the same task again from start_date: the old one ends the day before; return the new id."""
    old = get_assignment(cur, actor, assignment_id)
    start = start_date or date.today()
    if start <= old.start_date:
        raise InvalidInput("Give it again from a day after the task first started.", field="start_date")
    values = old.values()
    values["start_date"] = start
    for field in ("end_date", "review_date"):
        if values[field] is not None and values[field] < start:
            values[field] = None
    clean = validate_assignment(values)
    last_day = start - timedelta(days=1)
    with transaction(cur):
        cur.execute(
            "UPDATE assignments SET status = CASE WHEN status IN ('active', 'paused') THEN 'retired'"
            " ELSE status END, end_date = CASE WHEN end_date IS NULL OR end_date > $last THEN $last"
            " ELSE end_date END WHERE id = $id",
            {"last": last_day, "id": old.id},
        )
        if old.status in OPEN:
            _add_version(cur, actor, old.id, "retired", reason or "Given again", last_day)
        _check_title_free(cur, old.family_id, clean["title"], old.id)
        new_id = _insert(cur, actor, old.family_id, clean, "reissued", reason, old.id, old.cross_note)
        cur.execute(
            "INSERT INTO barrier_answers (assignment_id, barrier, answer, plan)"
            " SELECT ?, barrier, answer, plan FROM barrier_answers WHERE assignment_id = ?",
            [new_id, old.id],
        )
        audit.record(cur, actor, "reissue", "assignment", new_id, reissued_from=old.id, reason=reason)
    return new_id


def delete_assignment(cur, actor, assignment_id):
    """Remove a task set by mistake; refused once it has any ticks (retire it instead)."""
    current = get_assignment(cur, actor, assignment_id)
    with transaction(cur):
        ticks = cur.execute("SELECT count(*) FROM ticks WHERE assignment_id = ?", [assignment_id]).fetchone()[
            0
        ]
        if ticks:
            raise NotAllowed("This task already has ticks, so it is kept: retire it instead.")
        for table in ("barrier_answers", "assignment_versions"):
            cur.execute("DELETE FROM " + table + " WHERE assignment_id = ?", [assignment_id])  # noqa: S608
        cur.execute("DELETE FROM assignments WHERE id = ?", [assignment_id])
        audit.record(cur, actor, "delete", "assignment", assignment_id, snapshot=asdict(current))


def set_cross_note(cur, actor, assignment_id, note):
    """Record who holds whom to the task (e.g. "Mia checks Dad did his part")."""
    current = get_assignment(cur, actor, assignment_id)
    note = (note or "").strip()
    if len(note) > 300:
        raise InvalidInput("Keep the note under 300 characters.", field="cross_note")
    if note == current.cross_note:
        return
    with transaction(cur):
        cur.execute("UPDATE assignments SET cross_note = ? WHERE id = ?", [note, assignment_id])
        audit.record(cur, actor, "update", "assignment", assignment_id, cross_note=note)


def list_versions(cur, actor, assignment_id):
    """Return (version, changed_on, kind, reason, changed_by name) of a task, oldest first."""
    get_assignment(cur, actor, assignment_id)
    return cur.execute(
        "SELECT v.version, v.changed_on, v.kind, v.reason, coalesce(u.display_name, '')"
        " FROM assignment_versions v LEFT JOIN users u ON u.id = v.changed_by"
        " WHERE v.assignment_id = ? ORDER BY v.version",
        [assignment_id],
    ).fetchall()


def family_daily_minutes(cur, actor, family_id, excluding_id=None):
    """Return the minutes of all the family's active tasks added up (a day when all are due)."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT coalesce(sum(minutes), 0) FROM assignments"
        " WHERE family_id = ? AND status = 'active' AND id IS DISTINCT FROM ?",
        [family_id, excluding_id],
    ).fetchone()[0]


# ---- barrier checklist ------------------------------------------------------------------


def get_barrier_answers(cur, actor, assignment_id):
    """Return {barrier: (answer, plan)} for a task (unanswered barriers are absent)."""
    get_assignment(cur, actor, assignment_id)
    rows = cur.execute(
        "SELECT barrier, answer, plan FROM barrier_answers WHERE assignment_id = ?", [assignment_id]
    ).fetchall()
    return {barrier: (answer, plan) for barrier, answer, plan in rows}


def set_barrier_answers(cur, actor, assignment_id, answers):
    """Save the barrier checklist of a task: {barrier: (answer ok/risk/not_asked, plan)}."""
    get_assignment(cur, actor, assignment_id)
    clean = _clean_answers(answers)
    with transaction(cur):
        _write_answers(cur, assignment_id, clean)
        audit.record(
            cur,
            actor,
            "update",
            "barrier_answers",
            assignment_id,
            answers={k: v[0] for k, v in clean.items()},
        )


def checklist_incomplete_families(cur, actor, family_ids=None):
    """Return a DataFrame (family_id, assignment_id, title, missing) of open tasks whose barrier
    checklist has an unanswered barrier or a risk without a plan, for many families at once."""
    return cur.execute(
        """
        WITH done AS (
            SELECT assignment_id, count(*) AS n FROM barrier_answers
            WHERE list_contains($barriers, barrier)
              AND (answer = 'ok' OR (answer = 'risk' AND trim(plan) <> ''))
            GROUP BY assignment_id
        )
        SELECT a.family_id, a.id AS assignment_id, a.title, len($barriers) - coalesce(d.n, 0) AS missing
        FROM assignments a LEFT JOIN done d ON d.assignment_id = a.id
        WHERE a.status IN ('active', 'paused') AND coalesce(d.n, 0) < len($barriers)
          AND a.family_id IN ("""
        + VISIBLE_FAMILIES_SQL
        + """)
        ORDER BY a.family_id, a.id
        """,
        {"barriers": list(BARRIER_IDS), **scope(actor, family_ids)},
    ).df()


# ---- the family's view ------------------------------------------------------------------

DISCIPLINE_WORDS = {
    "OT": "Occupational therapy",
    "PT": "Physiotherapy",
    "SLP": "Speech and language",
    "psychology": "Psychology",
    "other": "Therapy",
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class TaskCard:
    """What a family sees of one task: plain words, no clinical notes."""

    title: str
    instructions: str
    who: str
    helpers: tuple[str, ...]
    minutes: int
    schedule: str
    routine: str
    routine_time: time | None
    materials: str
    reward: str
    reward_ticks: int
    days_ticked: int
    cross_note: str
    media_ref: str
    area: str
    paused: bool = False
    start_date: date | None = None


def schedule_words(days_per_week, weekdays):
    """Return "every day", "3 days a week" or "on Monday and Thursday"."""
    if weekdays:
        names = [WEEKDAY_NAMES[d] for d in sorted(weekdays)]
        if len(names) == 7:
            return "every day"
        return "on " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])
    return (
        "every day" if days_per_week == 7 else f"{days_per_week} day{'s' if days_per_week > 1 else ''} a week"
    )


_WHO_WORDS = {"child": "Your child", "parent": "You (the parent)", "both": "You and your child"}


def family_cards(cur, actor, family_id, statuses=("active",)):
    """Return a TaskCard per task of one family (active by default), in one query."""
    require_family(cur, actor, family_id)
    rows = cur.execute(
        "SELECT a.title, a.instructions, a.who, a.minutes, a.days_per_week, a.weekdays,"
        " a.routine_anchor, a.routine_time, a.materials, a.reward_plan, a.reward_ticks, a.cross_note,"
        " a.media_ref, a.discipline, a.status, a.start_date,"
        " (SELECT list(c.name ORDER BY c.id) FROM caregivers c WHERE list_contains(a.supporter_ids, c.id)),"
        " (SELECT count(*) FROM ticks t WHERE t.assignment_id = a.id)"
        " FROM assignments a WHERE a.family_id = ? AND list_contains(?, a.status)"
        " ORDER BY a.discipline, a.start_date, a.id",
        [family_id, list(statuses)],
    ).fetchall()
    return [
        TaskCard(
            title=r[0],
            instructions=r[1],
            who=_WHO_WORDS[r[2]],
            helpers=tuple(r[16] or ()),
            minutes=r[3],
            schedule=schedule_words(r[4], r[5]),
            routine=r[6],
            routine_time=r[7],
            materials=r[8],
            reward=r[9],
            reward_ticks=r[10],
            days_ticked=r[17],
            cross_note=r[11],
            media_ref=r[12],
            area=DISCIPLINE_WORDS.get(r[13], "Therapy"),
            paused=r[14] == "paused",
            start_date=r[15],
        )
        for r in rows
    ]
