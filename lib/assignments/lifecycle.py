"""Setting and changing a task: create, revise, pause, resume, complete, retire, re-issue, delete.

Every change writes an assignment_versions row (kind created, edited, made_easier, paused,
resumed, completed, retired, reissued) and bumps assignments.version, so charts can mark
what happened when; the ticks always stay with the same assignment.
"""

import json
from dataclasses import asdict
from datetime import timedelta

from lib import audit, versions
from lib.access import require_family
from lib.assignments.checklist import clean_answers, save_answers, write_answers
from lib.assignments.records import EDITABLE, OPEN, StaleAssignment, get_assignment
from lib.assignments.safety import acknowledged_text, check_acknowledged, family_age
from lib.assignments.validation import check_people, check_title_free, validate_assignment
from lib.clock import today
from lib.db import retrying, transaction
from lib.errors import InvalidInput, NotAllowed
from lib.figures import week_summary
from lib.inputs import Problems

MAX_PAUSE_DAYS = 365


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
    # every change of a task's dates, schedule or pauses writes a version: its weeks are summarised again
    week_summary.refresh(cur, [assignment_id])


def _insert(cur, actor, family_id, clean, kind, reason, reissued_from=None, cross_note=""):
    assignment_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, instructions, who,"
        " supporter_ids, minutes, days_per_week, weekdays, start_date, end_date, review_date,"
        " routine_anchor, routine_time, materials, has_materials, practised_in_session, family_chose,"
        " reward_plan, reward_ticks, media_ref, reminder_mode, reminder_days, materials_lent,"
        " materials_where, safety, safety_acknowledged, cross_note, reissued_from, created_by)"
        " VALUES ($family_id, $therapist_id, $discipline, $title, $instructions, $who, $supporter_ids,"
        " $minutes, $days_per_week, $weekdays, $start_date, $end_date, $review_date, $routine_anchor,"
        " $routine_time, $materials, $has_materials, $practised_in_session, $family_chose,"
        " $reward_plan, $reward_ticks, $media_ref, $reminder_mode, $reminder_days, $materials_lent,"
        " $materials_where, $safety, $safety_acknowledged, $cross_note, $reissued_from, $created_by) RETURNING id",
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


def create_assignment(cur, actor, family_id, values, barrier_answers=None):
    """Set a new task for a family, with its barrier checklist; return its id."""
    require_family(cur, actor, family_id)
    clean, answers = _checked(cur, actor, family_id, values, barrier_answers)
    _check_safety(cur, family_id, clean)
    with transaction(cur):
        check_title_free(cur, family_id, clean["title"])
        assignment_id = _insert(cur, actor, family_id, clean, "created", "")
        write_answers(cur, assignment_id, answers)
        detail = {"safety_acknowledged": clean["safety_acknowledged"]} if clean["safety_acknowledged"] else {}
        audit.record(cur, actor, "create", "assignment", assignment_id, family_id=family_id, **detail)
    return assignment_id


def _checked(cur, actor, family_id, values, barrier_answers, own_id=None):
    """Return (clean values, clean answers), or raise InvalidInput with every field's problem at once.

    The safety advice is checked after (by the caller): it is read once the rest is right."""
    problems = Problems()
    clean = validate_assignment(values, problems)
    answers = None
    with problems.check():
        answers = clean_answers(barrier_answers)
    if not problems.has("therapist_id", "supporter_ids"):
        with problems.check():
            check_people(cur, actor, family_id, clean)
    if not problems.has("title"):
        with problems.check():
            check_title_free(cur, family_id, clean["title"], own_id)
    problems.raise_any()
    return clean, answers


def _check_safety(cur, family_id, clean):
    """Raise unless the task's safety advice for this child was accepted; keep what applies now."""
    advice = check_acknowledged(clean, family_age(cur, family_id, today()))
    clean["safety_acknowledged"] = acknowledged_text(advice)


def revise_assignment(
    cur, actor, assignment_id, changes, reason="", kind="edited", on=None, *, expected_version
):
    """Change an open task's fields, keeping its ticks; write a version; return the new version.

    kind is "edited" or "made_easier"; nothing changed returns the current version."""
    current, clean, before = _check_revision(cur, actor, assignment_id, changes, kind)
    _check_safety(cur, current.family_id, clean)
    with transaction(cur):
        return _write_revision(cur, actor, current, clean, before, reason, kind, on, expected_version)


@retrying()
def save_task_changes(
    cur, actor, assignment_id, changes, answers, reason="", kind="edited", on=None, *, expected_version
):
    """Save a task's changed fields and its barrier checklist as one unit: all of it, or nothing.

    Everything is validated before anything is written; return the task's version."""
    current, clean, before = _check_revision(cur, actor, assignment_id, changes, kind, answers)
    answers = clean_answers(answers)
    _check_safety(cur, current.family_id, clean)  # the last check: advice is read once the rest is right
    with transaction(cur):
        version = _write_revision(cur, actor, current, clean, before, reason, kind, on, expected_version)
        save_answers(cur, actor, assignment_id, answers)
    return version


def _check_revision(cur, actor, assignment_id, changes, kind, answers=None):
    """Return (current task, cleaned new values, cleaned old values), or raise before any write."""
    if kind not in ("edited", "made_easier"):
        raise InvalidInput("A change is either an edit or making it easier.", field="kind")
    current = get_assignment(cur, actor, assignment_id)
    if current.status not in OPEN:
        raise NotAllowed("Only active or paused tasks can be changed: give it again instead.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput("These fields cannot be changed here: " + ", ".join(sorted(unknown)))
    clean, _ = _checked(cur, actor, current.family_id, {**current.values(), **changes}, answers, current.id)
    return current, clean, validate_assignment(current.values())


def _write_revision(cur, actor, current, clean, before, reason, kind, on, expected_version):
    """Write a checked revision inside the caller's transaction; return the version."""
    if clean == before:
        return current.version
    assignment_id = current.id
    version = cur.execute("SELECT version FROM assignments WHERE id = ?", [assignment_id]).fetchone()[0]
    if versions.required(expected_version) is not versions.ANY and version != expected_version:
        raise StaleAssignment("This task")
    check_title_free(cur, current.family_id, clean["title"], assignment_id)
    cur.execute(
        "UPDATE assignments SET therapist_id = $therapist_id, discipline = $discipline,"
        " title = $title, instructions = $instructions, who = $who, supporter_ids = $supporter_ids,"
        " minutes = $minutes, days_per_week = $days_per_week, weekdays = $weekdays,"
        " start_date = $start_date, end_date = $end_date, review_date = $review_date,"
        " routine_anchor = $routine_anchor, routine_time = $routine_time, materials = $materials,"
        " has_materials = $has_materials, practised_in_session = $practised_in_session,"
        " family_chose = $family_chose, reward_plan = $reward_plan, reward_ticks = $reward_ticks,"
        " media_ref = $media_ref, reminder_mode = $reminder_mode, reminder_days = $reminder_days,"
        " materials_lent = $materials_lent, materials_where = $materials_where, safety = $safety,"
        " safety_acknowledged = $safety_acknowledged WHERE id = $id",
        {**clean, "id": assignment_id},
    )
    version = _add_version(cur, actor, assignment_id, kind, reason, on or today())
    changed = sorted(k for k in clean if clean[k] != before[k])
    detail = {"safety_acknowledged": clean["safety_acknowledged"]} if "safety_acknowledged" in changed else {}
    audit.record(cur, actor, kind, "assignment", assignment_id, fields=changed, reason=reason, **detail)
    return version


def _set_status(cur, actor, assignment_id, status, kind, allowed_from, on, reason, close=False, until=None):
    current = get_assignment(cur, actor, assignment_id)
    if current.status not in allowed_from:
        raise NotAllowed(f"This task is {current.status}, so it cannot be {kind} now.")
    on = on or today()
    detail = {"until": until} if until is not None else {}
    paused_from = on if status == "paused" else None
    with transaction(cur):
        # a pause's first day and planned end belong to that pause: any other change of status clears
        # them. A first day still ahead leaves the task running until then (records.STATE_TODAY_SQL).
        cur.execute(
            "UPDATE assignments SET status = ?, paused_from = ?, paused_until = ? WHERE id = ?",
            [status, paused_from, until, assignment_id],
        )
        if close:
            cur.execute(
                "UPDATE assignments SET end_date = ? WHERE id = ? AND (end_date IS NULL OR end_date > ?)",
                [on, assignment_id, on],
            )
        version = _add_version(cur, actor, assignment_id, kind, reason, on)
        audit.record(cur, actor, kind, "assignment", assignment_id, on=on, reason=reason, **detail)
    return version


def pause_assignment(cur, actor, assignment_id, on=None, reason="", until=None):
    """Pause an active task from a date, until a planned day or further notice (paused days never count).

    A date ahead plans the pause: the task runs, is planned and counted until that day."""
    start = on or today()
    if until is not None and not start < until <= start + timedelta(days=MAX_PAUSE_DAYS):
        raise InvalidInput(
            "The pause ends after the day it starts, within a year (or leave the end empty).", field="until"
        )
    return _set_status(cur, actor, assignment_id, "paused", "paused", ("active",), on, reason, until=until)


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
    start = start_date or today()
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
        check_title_free(cur, old.family_id, clean["title"], old.id)
        new_id = _insert(cur, actor, old.family_id, clean, "reissued", reason, old.id, old.cross_note)
        cur.execute(
            "INSERT INTO barrier_answers (assignment_id, barrier, answer, plan)"
            " SELECT ?, barrier, answer, plan FROM barrier_answers WHERE assignment_id = ?",
            [new_id, old.id],
        )
        cur.execute(  # the same task: its photos from the session go with it
            "INSERT INTO task_photos (assignment_id, family_id, image, width, height, on_family_screen,"
            " taken_on, added_by) SELECT ?, family_id, image, width, height, on_family_screen, taken_on,"
            " added_by FROM task_photos WHERE assignment_id = ? ORDER BY id",
            [new_id, old.id],
        )
        cur.execute(  # the same task serves the same goal (lib.goals)
            "INSERT INTO goal_tasks (assignment_id, goal_id) SELECT ?, goal_id FROM goal_tasks WHERE assignment_id = ?",
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
        for table in ("barrier_answers", "assignment_versions", "task_photos", "goal_tasks"):
            cur.execute("DELETE FROM " + table + " WHERE assignment_id = ?", [assignment_id])  # noqa: S608
        week_summary.forget(cur, [assignment_id])
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
