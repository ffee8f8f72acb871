"""Test factories for tasks, pauses and caregivers, inserted with plain SQL (no lib.assignments)."""

from datetime import timedelta


def make_assignment(
    cur,
    family_id,
    therapist,
    title="Blow bubbles",
    discipline="OT",
    start=None,
    end=None,
    weekdays=None,
    days_per_week=3,
    minutes=5,
    status="active",
    reward_ticks=5,
    reward_plan="a sticker",
    reissued_from=None,
):
    """Insert a task (and its 'created' version) and return its id."""
    assignment_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, minutes, days_per_week,"
        " weekdays, start_date, end_date, status, reward_ticks, reward_plan, reissued_from, created_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            family_id,
            therapist.id,
            discipline,
            title,
            minutes,
            len(weekdays) if weekdays else days_per_week,
            weekdays,
            start,
            end,
            status,
            reward_ticks,
            reward_plan,
            reissued_from,
            therapist.id,
        ],
    ).fetchone()[0]
    add_version(cur, assignment_id, start, "reissued" if reissued_from else "created", therapist)
    return assignment_id


def add_version(cur, assignment_id, day, kind, therapist, reason=""):
    """Append an assignment_versions row (paused, resumed, made_easier, ...)."""
    version = cur.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM assignment_versions WHERE assignment_id = ?",
        [assignment_id],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, reason, changed_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [assignment_id, version, day, kind, reason, therapist.id],
    )


def make_caregiver(cur, family_id, name="Alex", relation="mother"):
    return cur.execute(
        "INSERT INTO caregivers (family_id, name, relation) VALUES (?, ?, ?) RETURNING id",
        [family_id, name, relation],
    ).fetchone()[0]


def monday(day):
    return day - timedelta(days=day.weekday())
