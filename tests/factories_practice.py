"""Small factories for tasks, ticks, skip days and pauses, written with plain SQL."""

from datetime import date, timedelta


def make_task(
    cur,
    family_id,
    therapist,
    start,
    end=None,
    days_per_week=7,
    weekdays=None,
    minutes=5,
    title="Blow bubbles",
    discipline="OT",
    reissued_from=None,
):
    """Insert an assignment and its 'created' version; return its id."""
    task_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, minutes, days_per_week,"
        " weekdays, start_date, end_date, reissued_from, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        [
            family_id,
            therapist.id,
            discipline,
            title,
            minutes,
            days_per_week,
            weekdays,
            start,
            end,
            reissued_from,
            therapist.id,
        ],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by)"
        " VALUES (?, 1, ?, 'created', ?)",
        [task_id, start, therapist.id],
    )
    return task_id


def tick(cur, task_id, *days, minutes=5):
    """Record ticks for a task on the given days."""
    family_id = cur.execute("SELECT family_id FROM assignments WHERE id = ?", [task_id]).fetchone()[0]
    for day in days:
        cur.execute(
            "INSERT INTO ticks (assignment_id, practice_date, family_id, minutes, entered_by) VALUES (?, ?, ?, ?, 1)",
            [task_id, day, family_id, minutes],
        )


def skip(cur, family_id, *days, task_id=None, reason="illness"):
    for day in days:
        cur.execute(
            "INSERT INTO skip_days (family_id, assignment_id, day, reason, entered_by) VALUES (?, ?, ?, ?, 1)",
            [family_id, task_id, day, reason],
        )


def pause(cur, task_id, paused_on, resumed_on=None):
    """Record a pause (and optionally its resumption) as assignment versions."""
    version = cur.execute(
        "SELECT max(version) FROM assignment_versions WHERE assignment_id = ?", [task_id]
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by) VALUES (?, ?, ?, 'paused', 1)",
        [task_id, version + 1, paused_on],
    )
    if resumed_on:
        cur.execute(
            "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by)"
            " VALUES (?, ?, ?, 'resumed', 1)",
            [task_id, version + 2, resumed_on],
        )


def days(first, count):
    """Return `count` consecutive dates from first."""
    return [first + timedelta(days=k) for k in range(count)]


MONDAY = date(2026, 11, 2)  # a Monday; the week of 2-8 Nov 2026
