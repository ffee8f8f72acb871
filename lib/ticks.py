"""Ticks and skip days: recording what was practised, and the week grid they are entered on.

A tick is one dated record that a task was practised on a day. Skip days (illness, holiday,
hospital) count neither for nor against. The measures built on them live in lib/adherence.py.
"""

from datetime import date, datetime, timedelta

from lib import audit, clock, versions
from lib.access import require_family
from lib.adherence import week_start
from lib.db import retrying, transaction
from lib.errors import InvalidInput, NotFound
from lib.inputs import record_id, whole

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


def _as_date(value, field):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("Give a date like 2026-11-16.", field=field) from None


def _dates(frame, *columns):
    """Turn DuckDB's datetime64 DATE columns into plain dates (DuckDB's own option warns in pandas 3)."""
    for column in columns:
        frame[column] = frame[column].dt.date if len(frame) else frame[column].astype(object)
    return frame


def _fmt(day):
    return f"{day:%a} {day.day} {day:%b %Y}"


def _assignment(cur, actor, assignment_id):
    row = cur.execute(
        "SELECT id, family_id, title, start_date, end_date FROM assignments WHERE id = ?",
        [assignment_id],
    ).fetchone()
    if row is None:
        raise NotFound("No such task.")
    require_family(cur, actor, row[1])
    return row


def _paused_on(cur, assignment_id, day):
    """Return True when a pause (a 'paused' version until the next 'resumed') covers day."""
    return bool(
        cur.execute(
            """
            WITH marks AS (
                SELECT kind, changed_on,
                       lead(changed_on) OVER (ORDER BY version) AS next_on
                FROM assignment_versions
                WHERE assignment_id = $a AND kind IN ('paused', 'resumed')
            )
            SELECT count(*) FROM marks
            WHERE kind = 'paused' AND changed_on <= $day AND (next_on IS NULL OR $day < next_on)
            """,
            {"a": assignment_id, "day": day},
        ).fetchone()[0]
    )


def _check_day(cur, assignment, day, today):
    _, _, title, start, end = assignment
    if day > today:
        raise TickOutsideSchedule(f"{_fmt(day)} has not come yet: tick a day once it has happened.")
    if day < start:
        raise TickOutsideSchedule(
            f"This task started on {_fmt(start)}: there is nothing to tick before then."
        )
    if end is not None and day > end:
        raise TickOutsideSchedule(f"This task ended on {_fmt(end)}: there is nothing to tick after then.")
    if _paused_on(cur, assignment[0], day):
        raise TickOutsideSchedule(f"This task was paused on {_fmt(day)}, so that day cannot be ticked.")


def _clean_details(cur, family_id, minutes, caregiver_id, how_it_went, distress, evidence):
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
    assignment = _assignment(cur, actor, assignment_id)
    day = _as_date(practice_date, "practice_date")
    _check_day(cur, assignment, day, today or clock.today())
    details = _clean_details(cur, assignment[1], minutes, caregiver_id, how_it_went, distress, evidence)
    with transaction(cur):
        saved = cur.execute(
            "INSERT OR IGNORE INTO ticks (assignment_id, practice_date, family_id, minutes, caregiver_id,"
            " how_it_went, distress, evidence, entered_by)"
            " VALUES ($a, $day, $family, $minutes, $caregiver_id, $how_it_went, $distress, $evidence, $by)"
            " RETURNING assignment_id",
            {"a": assignment_id, "day": day, "family": assignment[1], "by": actor.id, **details},
        ).fetchall()
        if saved:
            audit.record(cur, actor, "tick", "assignment", assignment_id, day=day, **details)
    return bool(saved)


def _tick_row(cur, assignment_id, day):
    row = cur.execute(
        "SELECT minutes, caregiver_id, how_it_went, distress, evidence, entered_by, entered_at,"
        " coalesce(version, 1) FROM ticks WHERE assignment_id = ? AND practice_date = ?",
        [assignment_id, day],
    ).fetchone()
    keys = (
        "minutes",
        "caregiver_id",
        "how_it_went",
        "distress",
        "evidence",
        "entered_by",
        "entered_at",
        "version",
    )
    return dict(zip(keys, row, strict=True)) if row else None


def get_tick(cur, actor, assignment_id, practice_date):
    """Return one tick's details as a dict, or None when the day is not ticked."""
    _assignment(cur, actor, assignment_id)
    return _tick_row(cur, assignment_id, _as_date(practice_date, "practice_date"))


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
    expected_version=None,
):
    """Replace the details of an existing tick (minutes, who helped, how it went, evidence).

    expected_version: the tick's version the form showed (get_tick's "version"); StaleVersion if it moved."""
    assignment = _assignment(cur, actor, assignment_id)
    day = _as_date(practice_date, "practice_date")
    details = _clean_details(cur, assignment[1], minutes, caregiver_id, how_it_went, distress, evidence)
    with transaction(cur):
        old = _tick_row(cur, assignment_id, day)
        if old is None:
            raise NotFound(f"{_fmt(day)} is not ticked for this task.")
        versions.bump(cur, "ticks", assignment_id, day, expected=expected_version, what="This tick")
        cur.execute(
            "UPDATE ticks SET minutes = $minutes, caregiver_id = $caregiver_id, how_it_went = $how_it_went,"
            " distress = $distress, evidence = $evidence WHERE assignment_id = $a AND practice_date = $day",
            {"a": assignment_id, "day": day, **details},
        )
        audit.record_change(cur, actor, "tick", assignment_id, old, details, day=day)


@retrying()
def remove_tick(cur, actor, assignment_id, practice_date):
    """Untick a day: delete the tick, keeping its old values in the audit log; False if none."""
    _assignment(cur, actor, assignment_id)
    day = _as_date(practice_date, "practice_date")
    with transaction(cur):
        old = _tick_row(cur, assignment_id, day)
        if old is None:
            return False
        cur.execute("DELETE FROM ticks WHERE assignment_id = ? AND practice_date = ?", [assignment_id, day])
        audit.record(cur, actor, "untick", "assignment", assignment_id, day=day, old=old)
    return True


def add_skip_days(cur, actor, family_id, first_day, last_day=None, reason="illness", assignment_id=None):
    """Mark days (for the whole family, or one task) as skipped with a reason; return how many were new."""
    require_family(cur, actor, family_id)
    first = _as_date(first_day, "first_day")
    last = _as_date(last_day, "last_day") if last_day is not None else first
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
    day = _as_date(day, "day")
    with transaction(cur):
        gone = cur.execute(
            "DELETE FROM skip_days WHERE family_id = $family AND day = $day"
            " AND assignment_id IS NOT DISTINCT FROM $a RETURNING reason",
            {"family": family_id, "day": day, "a": assignment_id},
        ).fetchall()
        if gone:
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


def list_skip_days(cur, actor, family_id, start, end):
    """Return the family's skip days in [start, end]: day, assignment_id, task title (None = all), reason."""
    require_family(cur, actor, family_id)
    frame = cur.execute(
        "SELECT s.day, s.assignment_id, a.title, s.reason FROM skip_days s"
        " LEFT JOIN assignments a ON a.id = s.assignment_id"
        " WHERE s.family_id = $family AND s.day BETWEEN $start AND $end"
        " ORDER BY s.day DESC, s.assignment_id NULLS FIRST",
        {"family": family_id, "start": start, "end": end},
    ).df()
    return _dates(frame, "day")


def week_grid(cur, actor, family_id, week_of, today=None):
    """Return one row per (task, day) of the week holding week_of, with the day's state and tick.

    Columns: assignment_id, discipline, title, minutes_agreed, days_per_week, weekdays, day (date),
    weekday (0=Mon), state (one of STATES), skip_reason, ticked, and the tick's minutes,
    caregiver_id, how_it_went, distress, evidence. Tasks are those running during the week.
    """
    require_family(cur, actor, family_id)
    first = week_start(_as_date(week_of, "week_start"))
    frame = cur.execute(
        """
        WITH days AS (
            SELECT ($first::DATE + i::INTEGER)::DATE AS day, i::INTEGER AS weekday FROM range(7) t(i)
        ),
        tasks AS (
            SELECT * FROM assignments
            WHERE family_id = $family AND start_date <= $last
              AND (end_date IS NULL OR end_date >= $first)
              AND (status IN ('active', 'paused') OR end_date IS NOT NULL)
        ),
        pauses AS (
            SELECT assignment_id, kind, changed_on,
                   lead(changed_on) OVER (PARTITION BY assignment_id ORDER BY version) AS next_on
            FROM assignment_versions
            WHERE kind IN ('paused', 'resumed') AND assignment_id IN (SELECT id FROM tasks)
        ),
        skips AS (
            SELECT day, assignment_id, min(reason) AS reason FROM skip_days
            WHERE family_id = $family AND day BETWEEN $first AND $last
            GROUP BY day, assignment_id
        ),
        cells AS (
            SELECT a.id AS assignment_id, a.discipline, a.title, a.minutes AS minutes_agreed,
                   a.days_per_week, a.weekdays, a.start_date, d.day, d.weekday,
                   CASE
                       WHEN d.day < a.start_date THEN 'not_started'
                       WHEN a.end_date IS NOT NULL AND d.day > a.end_date THEN 'ended'
                       WHEN d.day > $today THEN 'future'
                       WHEN EXISTS (SELECT 1 FROM pauses p WHERE p.assignment_id = a.id
                                    AND p.kind = 'paused' AND p.changed_on <= d.day
                                    AND (p.next_on IS NULL OR d.day < p.next_on)) THEN 'paused'
                       WHEN EXISTS (SELECT 1 FROM skips s WHERE s.day = d.day
                                    AND (s.assignment_id IS NULL OR s.assignment_id = a.id)) THEN 'skipped'
                       WHEN a.weekdays IS NULL THEN 'any_day'
                       WHEN list_contains(a.weekdays, d.weekday) THEN 'planned'
                       ELSE 'unscheduled'
                   END AS state,
                   (SELECT min(s.reason) FROM skips s WHERE s.day = d.day
                      AND (s.assignment_id IS NULL OR s.assignment_id = a.id)) AS skip_reason
            FROM tasks a CROSS JOIN days d
        )
        SELECT c.assignment_id, c.discipline, c.title, c.minutes_agreed, c.days_per_week, c.weekdays,
               c.day, c.weekday, c.state, c.skip_reason, t.practice_date IS NOT NULL AS ticked,
               t.minutes, t.caregiver_id, t.how_it_went, coalesce(t.distress, false) AS distress, t.evidence
        FROM cells c
        LEFT JOIN ticks t ON t.assignment_id = c.assignment_id AND t.practice_date = c.day
        ORDER BY c.discipline, c.start_date, c.assignment_id, c.day
        """,
        {
            "family": family_id,
            "first": first,
            "last": first + timedelta(days=6),
            "today": today or clock.today(),
        },
    ).df()
    return _dates(frame, "day")


def list_session_dates(cur, actor, family_id, start, end):
    """Return the dates of the family's attended or booked sessions in [start, end], oldest first."""
    require_family(cur, actor, family_id)
    rows = cur.execute(
        "SELECT DISTINCT starts_at::DATE AS day FROM sessions WHERE family_id = ?"
        " AND status IN ('attended', 'booked') AND starts_at::DATE BETWEEN ? AND ? ORDER BY day",
        [family_id, start, end],
    ).fetchall()
    return [r[0] for r in rows]


def list_version_marks(cur, actor, family_id):
    """Return the family's task changes worth marking on a chart: assignment_id, title, day, kind, reason."""
    require_family(cur, actor, family_id)
    frame = cur.execute(
        "SELECT v.assignment_id, a.title, v.changed_on AS day, v.kind, v.reason"
        " FROM assignment_versions v JOIN assignments a ON a.id = v.assignment_id"
        " WHERE a.family_id = ? AND v.kind IN ('edited', 'made_easier', 'paused', 'resumed', 'reissued')"
        " ORDER BY v.changed_on, v.assignment_id",
        [family_id],
    ).df()
    return _dates(frame, "day")


def reward_progress(cur, actor, family_id, as_of=None):
    """Return per running task: title, reward_plan, reward_ticks, ticks so far, stars toward the next reward."""
    require_family(cur, actor, family_id)
    return cur.execute(
        """
        SELECT a.id AS assignment_id, a.discipline, a.title, a.reward_plan, a.reward_ticks,
               count(t.practice_date)::INTEGER AS ticks,
               (count(t.practice_date) % greatest(a.reward_ticks, 1))::INTEGER AS stars,
               (count(t.practice_date) // greatest(a.reward_ticks, 1))::INTEGER AS rewards_earned
        FROM assignments a
        LEFT JOIN ticks t ON t.assignment_id = a.id AND t.practice_date <= $as_of
        WHERE a.family_id = $family AND a.status IN ('active', 'paused') AND a.start_date <= $as_of
        GROUP BY a.id, a.discipline, a.title, a.reward_plan, a.reward_ticks, a.start_date
        ORDER BY a.discipline, a.start_date, a.id
        """,
        {"family": family_id, "as_of": as_of or clock.today()},
    ).df()


def list_chart_tasks(cur, actor, family_id, start, end):
    """Return (assignment_id, discipline, title, flexible, start_date, end_date, status) of tasks running in [start, end].

    flexible: an "any N days a week" task (N < 7), where a day without a tick is not a missed day.
    """
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT id AS assignment_id, discipline, title, weekdays IS NULL AND days_per_week < 7 AS flexible,"
        " start_date, end_date,"
        " status FROM assignments WHERE family_id = $family AND start_date <= $end"
        " AND (end_date IS NULL OR end_date >= $start) ORDER BY discipline, start_date, id",
        {"family": family_id, "start": start, "end": end},
    ).fetchall()
