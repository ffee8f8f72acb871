"""Writing ticks and skip days: each write checks the day, runs in one transaction and is audited.

Every write here also refreshes the week summary of the days it changed (lib.figures.week_summary.refresh),
in the same transaction: a new writer of ticks or skip days must do the same
(tests/test_week_summary.py fails on a module that writes them without it).
"""

from dataclasses import asdict

from lib import audit, clock, versions
from lib.access import require_family
from lib.db import retrying, transaction
from lib.errors import InvalidInput, NotFound, StaleVersion
from lib.figures import week_summary
from lib.ticks.reads import tick_details
from lib.ticks.rules import (
    MAX_SKIP_SPAN,
    SKIP_REASONS,
    as_date,
    check_day,
    clean_details,
    day_words,
    task_dates,
)


@retrying()  # INSERT OR IGNORE: repeating it after a clash is safe
def record_tick(
    cur,
    actor,
    assignment_id,
    practice_date,
    *,
    minutes=None,
    caregiver_id=None,
    how_it_went=None,
    distress=False,
    evidence="sheet",
    today=None,
):
    """Tick a task for a day; return True when saved, False when that day was already ticked."""
    assignment = task_dates(cur, actor, assignment_id)
    day = as_date(practice_date, "practice_date")
    check_day(cur, assignment, day, today or clock.today())
    details = clean_details(cur, assignment.family_id, minutes, caregiver_id, how_it_went, distress, evidence)
    with transaction(cur):
        return _insert_tick(cur, actor, assignment, day, details)


def _insert_tick(cur, actor, assignment, day, details, **audit_detail):
    """Insert one checked tick unless that day is ticked already, audited; return True when new.

    Every tick write goes through here (one tick, or a sheet's batch), inside the caller's transaction."""
    saved = cur.execute(
        "INSERT OR IGNORE INTO ticks (assignment_id, practice_date, family_id, minutes, caregiver_id,"
        " how_it_went, distress, evidence, entered_by)"
        " VALUES ($a, $day, $family, $minutes, $caregiver_id, $how_it_went, $distress, $evidence, $by)"
        " RETURNING assignment_id",
        {"a": assignment.id, "day": day, "family": assignment.family_id, "by": actor.id, **details},
    ).fetchall()
    if saved:
        week_summary.refresh(cur, [assignment.id], day, day)
        audit.record(cur, actor, "tick", "assignment", assignment.id, day=day, **details, **audit_detail)
    return bool(saved)


@retrying()
def record_ticks(cur, actor, family_id, days, *, evidence="sheet", today=None, **audit_detail):
    """Tick many (task id, day) pairs of one family in one transaction; return the pairs newly saved.

    Every day is checked before anything is written; a day already ticked is left as it is."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    details = clean_details(cur, family_id, None, None, None, False, evidence)
    tasks, checked = {}, []
    for assignment_id, practice_date in days:
        if assignment_id not in tasks:
            tasks[assignment_id] = task_dates(cur, actor, assignment_id)
            if tasks[assignment_id].family_id != family_id:
                raise InvalidInput("A tick belongs to another family's task.", field="assignment_id")
        day = as_date(practice_date, "practice_date")
        check_day(cur, tasks[assignment_id], day, today)
        checked.append((tasks[assignment_id], day))
    with transaction(cur):
        return [
            (assignment.id, day)
            for assignment, day in checked
            if _insert_tick(cur, actor, assignment, day, details, **audit_detail)
        ]


def _tick_row(cur, assignment_id, day):
    found = tick_details(cur, assignment_id, day)  # the old values, for the audit
    return None if found is None else asdict(found)


def update_tick(
    cur,
    actor,
    assignment_id,
    practice_date,
    *,
    minutes=None,
    caregiver_id=None,
    how_it_went=None,
    distress=False,
    evidence="sheet",
    expected_version,
):
    """Replace the details of an existing tick (minutes, who helped, how it went, evidence).

    expected_version: the tick's version the form showed (get_tick's "version"); StaleVersion if it moved."""
    assignment = task_dates(cur, actor, assignment_id)
    day = as_date(practice_date, "practice_date")
    details = clean_details(cur, assignment.family_id, minutes, caregiver_id, how_it_went, distress, evidence)
    with transaction(cur):
        old = _tick_row(cur, assignment_id, day)
        if old is None:
            raise NotFound(f"{day_words(day)} is not ticked for this task.")
        versions.bump(cur, "ticks", assignment_id, day, expected=expected_version, what="This tick")
        cur.execute(
            "UPDATE ticks SET minutes = $minutes, caregiver_id = $caregiver_id, how_it_went = $how_it_went,"
            " distress = $distress, evidence = $evidence WHERE assignment_id = $a AND practice_date = $day",
            {"a": assignment_id, "day": day, **details},
        )
        week_summary.refresh(cur, [assignment_id], day, day)  # the minutes may have changed
        audit.record_change(cur, actor, "tick", assignment_id, old, details, day=day)


def save_tick_details(cur, actor, assignment_id, practice_date, shown_version, **details):
    """Save a tick's details from a form that showed the day unticked (None) or ticked at `shown_version`.

    A tick made or changed by someone else since raises StaleVersion, never a silent overwrite."""
    with transaction(cur):
        if shown_version is None:
            if not record_tick(cur, actor, assignment_id, practice_date, **details):
                raise StaleVersion("This tick")
        else:
            update_tick(cur, actor, assignment_id, practice_date, expected_version=shown_version, **details)


@retrying()
def remove_tick(cur, actor, assignment_id, practice_date):
    """Untick a day: delete the tick, keeping its old values in the audit log; False if none."""
    task_dates(cur, actor, assignment_id)
    day = as_date(practice_date, "practice_date")
    with transaction(cur):
        old = _tick_row(cur, assignment_id, day)
        if old is None:
            return False
        cur.execute("DELETE FROM ticks WHERE assignment_id = ? AND practice_date = ?", [assignment_id, day])
        week_summary.refresh(cur, [assignment_id], day, day)
        audit.record(cur, actor, "untick", "assignment", assignment_id, day=day, old=old)
    return True


def add_skip_days(cur, actor, family_id, first_day, last_day=None, reason="illness", assignment_id=None):
    """Mark days (for the whole family, or one task) as skipped with a reason; return how many were new."""
    require_family(cur, actor, family_id)
    first = as_date(first_day, "first_day")
    last = as_date(last_day, "last_day") if last_day is not None else first
    if last < first:
        raise InvalidInput("The last day comes before the first day.", field="last_day")
    if (last - first).days + 1 > MAX_SKIP_SPAN:
        raise InvalidInput(
            f"Mark at most {MAX_SKIP_SPAN} days at once; for a longer break, pause the tasks.",
            field="last_day",
        )
    if reason not in SKIP_REASONS:
        raise InvalidInput("Choose illness, holiday, hospital or other.", field="reason")
    if assignment_id is not None:
        owner = cur.execute("SELECT family_id FROM assignments WHERE id = ?", [assignment_id]).fetchone()
        if owner is None or owner[0] != family_id:
            raise InvalidInput("Choose one of this family's tasks.", field="assignment_id")
    with transaction(cur):
        added = cur.execute(
            """
            INSERT INTO skip_days (family_id, assignment_id, day, reason, entered_by)
            SELECT $family, $a, d.day, $reason, $by
            FROM (SELECT ($first::DATE + i::INTEGER)::DATE AS day FROM range($n) t(i)) d
            WHERE NOT EXISTS (SELECT 1 FROM skip_days s WHERE s.family_id = $family AND s.day = d.day
                              AND s.assignment_id IS NOT DISTINCT FROM $a)
            RETURNING day
            """,
            {
                "family": family_id,
                "a": assignment_id,
                "reason": reason,
                "by": actor.id,
                "first": first,
                "n": (last - first).days + 1,
            },
        ).fetchall()
        if added:
            if assignment_id is None:
                week_summary.refresh_family(cur, family_id, first, last)
            else:
                week_summary.refresh(cur, [assignment_id], first, last)
            audit.record(
                cur,
                actor,
                "skip",
                "family",
                family_id,
                first=first,
                last=last,
                reason=reason,
                assignment_id=assignment_id,
                days=len(added),
            )
    return len(added)


def remove_skip_day(cur, actor, family_id, day, assignment_id=None):
    """Remove one skip day (family-wide, or for one task); return how many rows went."""
    require_family(cur, actor, family_id)
    day = as_date(day, "day")
    with transaction(cur):
        gone = cur.execute(
            "DELETE FROM skip_days WHERE family_id = $family AND day = $day"
            " AND assignment_id IS NOT DISTINCT FROM $a RETURNING reason",
            {"family": family_id, "day": day, "a": assignment_id},
        ).fetchall()
        if gone:
            if assignment_id is None:
                week_summary.refresh_family(cur, family_id, day, day)
            else:
                week_summary.refresh(cur, [assignment_id], day, day)
            audit.record(
                cur,
                actor,
                "unskip",
                "family",
                family_id,
                day=day,
                assignment_id=assignment_id,
                reasons=[r[0] for r in gone],
            )
    return len(gone)
