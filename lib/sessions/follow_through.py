"""What the guide's options leave behind: practice to confirm before the next session, planned breaks.

A confirmation request is open until the family's "practice done" is recorded (when, who);
it belongs to the family's next booked session, whether that was booked before or after.
A planned break pauses the family and its running tasks from a date (until then they run), with a
check-in date the caseload flags when it is due; `pause_words` says it to the family: a break ahead
beside the tasks, or a pause when nothing runs.
"""

from datetime import date, timedelta

import pandas as pd

from lib import assignments, audit, clock, families, versions
from lib.access import require_family
from lib.db import row, transaction
from lib.errors import InvalidInput, NotFound
from lib.words import date_text

MAX_WHO = 80
MAX_BREAK_DAYS = 365


def request_confirmation(cur, actor, family_id, today=None):
    """Ask the family to confirm 'practice done' before the next session; return (flag id, booking or None)."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    with transaction(cur):
        flag = open_request(cur, actor, family_id)
        if flag is None:
            flag_id = cur.execute(
                "INSERT INTO practice_flags (family_id, flagged_on, flagged_by) VALUES (?, ?, ?) RETURNING id",
                [family_id, today, actor.id],
            ).fetchone()[0]
        else:
            flag_id = flag["id"]
        audit.record(cur, actor, "request_confirmation", "family", family_id, flag_id=flag_id)
        booking = hold_next_booking(cur, actor, family_id, today)
    return flag_id, booking


def hold_next_booking(cur, actor, family_id, today=None):
    """Put the open confirmation request on the family's next booking, however late it was booked.

    Called whenever the next booking may have changed (asked, booked, moved, cancelled); returns
    the booking (id, starts_at) the request waits on, or None when none is open or nothing is booked."""
    require_family(cur, actor, family_id)
    with transaction(cur):
        flag = open_request(cur, actor, family_id)
        booking = cur.execute(
            "SELECT id, starts_at, needs_practice_confirmed FROM sessions WHERE family_id = ?"
            " AND status = 'booked' AND starts_at::DATE >= ? ORDER BY starts_at LIMIT 1",
            [family_id, today or clock.today()],
        ).fetchone()
        if flag is None or booking is None:
            return None
        session_id, starts_at, marked = booking
        cur.execute("UPDATE practice_flags SET session_id = ? WHERE id = ?", [session_id, flag["id"]])
        if not marked:
            versions.bump(cur, "sessions", session_id, expected=versions.ANY)
            cur.execute("UPDATE sessions SET needs_practice_confirmed = TRUE WHERE id = ?", [session_id])
            audit.record(cur, actor, "flag", "session", session_id, family_id=family_id, flag_id=flag["id"])
    return session_id, starts_at


def open_request(cur, actor, family_id):
    """Return the family's open confirmation request as a dict (id, flagged_on), or None."""
    require_family(cur, actor, family_id)
    return row(
        cur,
        dict,
        "SELECT id, flagged_on FROM practice_flags WHERE family_id = ? AND confirmed_on IS NULL"
        " ORDER BY id DESC LIMIT 1",
        [family_id],
    )


def record_confirmation(cur, actor, family_id, confirmed_on, confirmed_by, today=None):
    """Record the family's 'practice done' (the day and who said it), closing the open request."""
    require_family(cur, actor, family_id)
    who = (confirmed_by or "").strip()
    if not who or len(who) > MAX_WHO:
        raise InvalidInput(f"Say who confirmed it (up to {MAX_WHO} characters).", field="confirmed_by")
    if not isinstance(confirmed_on, date) or confirmed_on > (today or clock.today()):
        raise InvalidInput("Give the day it was confirmed, not a day ahead.", field="confirmed_on")
    with transaction(cur):
        flag = open_request(cur, actor, family_id)
        if flag is None:
            raise NotFound("Nothing is waiting for the family's confirmation.")
        cur.execute(
            "UPDATE practice_flags SET confirmed_on = ?, confirmed_by = ?, recorded_by = ? WHERE id = ?",
            [confirmed_on, who, actor.id, flag["id"]],
        )
        audit.record(cur, actor, "confirm_practice", "family", family_id, flag_id=flag["id"], on=confirmed_on)
    return flag["id"]


def confirmation_words(cur, actor, family_id):
    """Return a one-line state of the family's practice confirmation ('' when none was asked)."""
    require_family(cur, actor, family_id)
    last = row(
        cur,
        dict,
        "SELECT confirmed_on, confirmed_by FROM practice_flags WHERE family_id = ? ORDER BY id DESC LIMIT 1",
        [family_id],
    )
    if last is None:
        return ""
    if last["confirmed_on"] is None:
        return "Practice to be confirmed by the family before this session."
    return f"Practice confirmed on {date_text(last['confirmed_on'], year=False)} by {last['confirmed_by']}."


def plan_break(cur, actor, family_id, from_date, check_in_on, today=None):
    """Pause the family and its running tasks from a date, with a day to check in again; return paused task ids.

    A break that starts later is planned, not started: the tasks run, are planned and counted until
    that day (their pause is dated from it, as the planned-day rule reads it), and paused only then."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    if not isinstance(from_date, date) or from_date < today:
        raise InvalidInput("The break starts today or later.", field="from_date")
    if not isinstance(check_in_on, date) or not from_date < check_in_on <= from_date + timedelta(
        MAX_BREAK_DAYS
    ):
        raise InvalidInput("Check in after the break starts, within a year.", field="check_in_on")
    with transaction(cur):
        tasks = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM assignments WHERE family_id = ? AND status = 'active'", [family_id]
            ).fetchall()
        ]
        for task_id in tasks:
            assignments.pause_assignment(cur, actor, task_id, on=from_date, reason="Planned break")
        versions.bump(cur, "families", family_id, expected=versions.ANY)
        cur.execute(
            "UPDATE families SET status = 'paused', paused_from = ?, check_in_on = ? WHERE id = ?",
            [from_date, check_in_on, family_id],
        )
        audit.record(
            cur, actor, "planned_break", "family", family_id, from_date=from_date, check_in_on=check_in_on
        )
    return tasks


def cancel_break(cur, actor, family_id, today=None):
    """Call off a planned break that has not started: its tasks' planned pauses end, the family is active.

    Return the ids of the tasks whose planned pause was called off (a pause already running stays)."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    with transaction(cur):
        ahead = families.get_family(cur, actor, family_id).break_ahead(today)
        if ahead is None:
            raise NotFound("No planned break is waiting to start.")
        tasks = [
            r[0]
            for r in cur.execute(
                "SELECT id FROM assignments WHERE family_id = ? AND status = 'paused' AND paused_from = ?",
                [family_id, ahead],
            ).fetchall()
        ]
        for task_id in tasks:  # a resume before the pause's first day: the pause covers no day
            assignments.resume_assignment(cur, actor, task_id, on=today, reason="Planned break called off")
        versions.bump(cur, "families", family_id, expected=versions.ANY)
        cur.execute(
            "UPDATE families SET status = 'active', paused_from = NULL, check_in_on = NULL WHERE id = ?",
            [family_id],
        )
        audit.record(cur, actor, "cancel_break", "family", family_id, from_date=ahead, tasks=tasks)
    return tasks


def _day(day):
    return date_text(day, weekday=True, year=False, long=True)


def pause_words(cur, actor, family_id, today=None):
    """Return, for the family, a planned break ahead, or why no practice runs now ('' when neither).

    A break ahead is said beside the tasks that still run until it starts; a pause says until when, and
    what happens then; a pause without an end says that it is agreed together."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    status, break_from, check_in, running, paused, undated, restart = cur.execute(
        "SELECT f.status, f.paused_from, f.check_in_on,"  # noqa: S608
        " count(*) FILTER (WHERE a.state = 'active'), count(*) FILTER (WHERE a.state = 'paused'),"
        " count(*) FILTER (WHERE a.state = 'paused' AND a.paused_until IS NULL),"
        " max(a.paused_until) FILTER (WHERE a.state = 'paused')"
        " FROM families f LEFT JOIN (SELECT a.family_id, a.paused_until, "
        + assignments.STATE_TODAY_SQL
        + " AS state FROM assignments a WHERE a.family_id = $family) a ON a.family_id = f.id"
        " WHERE f.id = $family GROUP BY ALL",
        {"family": family_id, "today": today},
    ).fetchone()
    planned_break = status == "paused" and check_in is not None and break_from is not None
    if planned_break and break_from > today:
        return (
            f"A planned break from home practice starts on {_day(break_from)}. Until then, practice goes on "
            f"as usual. On {_day(check_in)} we check in with you and choose together how to start again."
        )
    if running:
        return ""
    if planned_break:
        if check_in >= today:
            return (
                f"Home practice is paused for a planned break until {_day(check_in)}. On that day we check "
                "in with you and choose together how to start again. Until then, nothing to tick."
            )
        return "Home practice is paused for a planned break. We now choose together how to start again."
    if paused and not undated and restart >= today:
        return (
            f"Home practice is paused until {_day(restart)}: nothing to tick until then. "
            "Then we start it again with you, with a new sheet for the days ahead."
        )
    if paused or status == "paused":
        return (
            "Home practice is paused for now: nothing to tick. We agree together when it starts again, "
            "and then you get a new sheet for the days ahead."
        )
    return ""


WHY = {
    "practice to confirm": "The family confirms practice before the next session (asked {}).",
    "check-in due": "Planned break: check in was due {}.",
    "restart due": "A paused task was to start again on {}.",
}


def caseload_flags(cur, actor, family_ids, today=None):
    """Return DataFrame[family_id, flag, why]: practice to confirm, planned-break check-ins and task restarts due."""
    today = today or clock.today()
    rows = cur.execute(
        "SELECT family_id, 'practice to confirm', flagged_on"
        " FROM practice_flags WHERE confirmed_on IS NULL AND list_contains($ids, family_id)"
        " UNION ALL "
        "SELECT id, 'check-in due', check_in_on"
        " FROM families WHERE status = 'paused' AND check_in_on <= $today AND list_contains($ids, id)"
        " UNION ALL "
        "SELECT family_id, 'restart due', min(paused_until) FROM assignments"
        " WHERE status = 'paused' AND paused_until <= $today AND list_contains($ids, family_id) GROUP BY family_id",
        {"ids": [int(i) for i in family_ids], "today": today},
    ).fetchall()
    rows = [(family_id, flag, WHY[flag].format(date_text(day, year=False))) for family_id, flag, day in rows]
    return pd.DataFrame(rows, columns=["family_id", "flag", "why"])
