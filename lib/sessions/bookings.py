"""Sessions: booking (single and recurring), recording what happened, and the gap between sessions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from lib import audit, clock, versions
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.db import row, rows, transaction
from lib.errors import InvalidInput, NotFound
from lib.inputs import record_id, whole
from lib.sessions import follow_through
from lib.settings import get_setting
from lib.words import DISCIPLINES, date_text, datetime_text

OUTCOMES = ("booked", "attended", "cancelled", "no_show")
MAX_NOTE = 500
MAX_SESSIONS = 60


@dataclass(frozen=True)
class Booking:
    """A booked session as a list shows it."""

    id: int
    starts_at: datetime
    therapist: str
    discipline: str


@dataclass(frozen=True)
class BookingChoice:
    """Who a new booking is with, by default."""

    therapist_id: int
    discipline: str


def _first_clash(cur, therapist_id, starts, duration_min, except_id=None):
    """Return the start of the therapist's first session overlapping any of `starts`, or None."""
    return cur.execute(
        "SELECT min(s.starts_at) FROM sessions s, unnest($starts) AS n(t)"
        " WHERE s.therapist_id = $therapist AND s.status <> 'cancelled' AND s.id <> $except"
        "   AND s.starts_at < n.t + to_minutes($duration)"
        "   AND n.t < s.starts_at + to_minutes(s.duration_min)",
        {
            "starts": list(starts),
            "therapist": therapist_id,
            "duration": int(duration_min),
            "except": except_id or -1,
        },
    ).fetchone()[0]


def _check_booking(cur, family_id, therapist_id, discipline, starts, duration_min, except_id=None):
    """Check a list of start times for one family and therapist; raise InvalidInput naming the field."""
    if discipline not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")
    duration_min = whole(duration_min, "duration_min", "A session lasts between 10 and 240 minutes.", 10, 240)
    therapist_id = record_id(therapist_id, "therapist", "Choose an active therapist.")
    family = cur.execute("SELECT intake_date, status FROM families WHERE id = ?", [family_id]).fetchone()
    if family is None:
        raise NotFound("No such family.")
    intake, status = family
    if status == "discharged":
        raise InvalidInput(
            "This family is discharged: re-activate it before booking sessions.", field="status"
        )
    if min(starts).date() < intake:
        raise InvalidInput(
            f"A session cannot be before the intake date ({date_text(intake)}).", field="starts_at"
        )
    user = cur.execute("SELECT active FROM users WHERE id = ?", [therapist_id]).fetchone()
    if user is None or not user[0]:
        raise InvalidInput("Choose an active therapist.", field="therapist")
    clash = _first_clash(cur, therapist_id, starts, duration_min, except_id)
    if clash is not None:
        raise InvalidInput(
            f"The therapist already has a session on {datetime_text(clash)}. Choose another time.",
            field="starts_at",
        )


def free_start(cur, actor, family_id, wanted, therapist_id=None, session_id=None, duration_min=45):
    """Return the first start from `wanted` on, the same day in half hours, when the therapist is free.

    For moving a session give its id (its therapist and length are read); for a new one the
    therapist. A form proposes it, so a suggested time never answers "already has a session";
    `wanted` when the day is full."""
    require_family(cur, actor, family_id)
    except_id = session_id
    if session_id is not None:
        therapist_id, duration_min = cur.execute(
            "SELECT therapist_id, duration_min FROM sessions WHERE id = ? AND family_id = ?",
            [session_id, family_id],
        ).fetchone()
    for step in range(0, 20):
        start = wanted + timedelta(minutes=30 * step)
        if start.date() != wanted.date():
            break
        if _first_clash(cur, therapist_id, [start], duration_min, except_id) is None:
            return start
    return wanted


def _insert(cur, actor, family_id, therapist_id, discipline, starts, duration_min, note, confirm):
    ids = []
    for start in starts:
        session_id = cur.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, duration_min, note,"
            " needs_practice_confirmed) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [family_id, therapist_id, discipline, start, int(duration_min), note, bool(confirm)],
        ).fetchone()[0]
        audit.record(cur, actor, "book", "session", session_id, family_id=family_id, starts_at=start)
        ids.append(session_id)
    follow_through.hold_next_booking(cur, actor, family_id)  # a confirmation asked before it was booked
    return ids


def _clean_note(note):
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            f"Keep the session note to {MAX_NOTE} characters (this one has {len(note):,}).", field="note"
        )
    return note


def schedule(first_start, every_days, count, blocks=1, break_days=0):
    """Return the start times of `blocks` blocks of `count` sessions, `every_days` apart.

    Between blocks there are `break_days` extra days without sessions: a weekly block with a
    4-week break (28) starts the next block 35 days after the previous block's last session.
    """
    starts, start = [], first_start
    for block in range(blocks):
        if block:
            start = starts[-1] + timedelta(days=every_days + break_days)
        starts += [start + timedelta(days=every_days * i) for i in range(count)]
    return starts


def book_sessions(
    cur,
    actor,
    family_id,
    therapist_id,
    discipline,
    first_start,
    every_days,
    count,
    blocks=1,
    break_days=0,
    duration_min=45,
):
    """Book a recurring schedule (e.g. fortnightly x 6, or blocks with breaks) at once; return the ids."""
    require_family(cur, actor, family_id)
    if not isinstance(first_start, datetime):
        raise InvalidInput("Give the date and time of the first session.", field="starts_at")
    every_days = whole(every_days, "every_days", "Sessions repeat every 1 to 90 days.", 1, 90)
    count = whole(count, "count", "Book 1 to 60 sessions per block, and 1 to 12 blocks.", 1, MAX_SESSIONS)
    blocks = whole(blocks, "count", "Book 1 to 60 sessions per block, and 1 to 12 blocks.", 1, 12)
    if int(count) * int(blocks) > MAX_SESSIONS:
        raise InvalidInput(f"Book at most {MAX_SESSIONS} sessions at once.", field="count")
    break_days = whole(break_days, "break_days", "A break between blocks lasts 0 to 365 days.", 0, 365)
    try:
        starts = schedule(first_start, every_days, count, blocks, break_days)
    except OverflowError:
        raise InvalidInput("Choose a first session within the next few years.", field="starts_at") from None
    with transaction(cur):
        _check_booking(cur, family_id, therapist_id, discipline, starts, duration_min)
        return _insert(cur, actor, family_id, therapist_id, discipline, starts, duration_min, "", False)


def book_session(
    cur,
    actor,
    family_id,
    therapist_id,
    discipline,
    starts_at,
    duration_min=45,
    note="",
    needs_practice_confirmed=False,
):
    """Book one session and return its id (e.g. to bring the next session closer)."""
    require_family(cur, actor, family_id)
    if not isinstance(starts_at, datetime):
        raise InvalidInput("Give the date and time of the session.", field="starts_at")
    note = _clean_note(note)
    with transaction(cur):
        _check_booking(cur, family_id, therapist_id, discipline, [starts_at], duration_min)
        ids = _insert(
            cur,
            actor,
            family_id,
            therapist_id,
            discipline,
            [starts_at],
            duration_min,
            note,
            needs_practice_confirmed,
        )
    return ids[0]


# A booked session whose session mode was ended (lib.sessions.presenter.close_screen) has been held,
# even before the therapist records it attended: it is the last session, never the next.
# uncorrelated, so DuckDB builds the small set once instead of joining every session row to itself
HELD_IN_SESSION_MODE = "s.id IN (SELECT p.session_id FROM presenter_state p WHERE p.ended_at IS NOT NULL)"


def upcoming_sessions(cur, actor, family_id, today=None):
    """Return the Bookings from today on, soonest first."""
    require_family(cur, actor, family_id)
    return rows(
        cur,
        Booking,
        "SELECT s.id, s.starts_at, u.display_name AS therapist, s.discipline FROM sessions s"
        " JOIN users u ON u.id = s.therapist_id"
        " WHERE s.family_id = ? AND s.status = 'booked' AND s.starts_at::DATE >= ?"
        " AND NOT " + HELD_IN_SESSION_MODE + " ORDER BY s.starts_at",
        [family_id, today or clock.today()],
    )


def move_session(cur, actor, session_id, new_start, today=None):
    """Move a booked session to another time (e.g. sooner), instead of booking a second one."""
    row = cur.execute(
        "SELECT family_id, therapist_id, discipline, duration_min, status, starts_at FROM sessions WHERE id = ?",
        [session_id],
    ).fetchone()
    if row is None:
        raise NotFound("No such session.")
    family_id, therapist_id, discipline, duration, status, old_start = row
    require_family(cur, actor, family_id)
    if status != "booked":
        raise InvalidInput("Only a booked session can be moved.", field="session")
    if not isinstance(new_start, datetime):
        raise InvalidInput("Give the new date and time of the session.", field="starts_at")
    if new_start.date() < (today or clock.today()):
        raise InvalidInput("Choose a day from today on.", field="starts_at")
    with transaction(cur):
        _check_booking(cur, family_id, therapist_id, discipline, [new_start], duration, except_id=session_id)
        cur.execute("UPDATE sessions SET starts_at = ? WHERE id = ?", [new_start, session_id])
        audit.record(
            cur, actor, "move", "session", session_id, family_id=family_id, starts_at=new_start, was=old_start
        )
        follow_through.hold_next_booking(cur, actor, family_id, today)
    return session_id


def default_booking(cur, actor, family_id):
    """Suggest a BookingChoice for a new booking: the actor's own link, else the latest one used."""
    require_family(cur, actor, family_id)
    return row(
        cur,
        BookingChoice,
        "SELECT ft.therapist_id, ft.discipline FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = $family AND u.active"
        " ORDER BY (ft.therapist_id = $me) DESC,"
        "  (SELECT max(s.starts_at) FROM sessions s WHERE s.family_id = ft.family_id"
        "     AND s.therapist_id = ft.therapist_id AND s.discipline = ft.discipline) DESC NULLS LAST"
        " LIMIT 1",
        {"family": family_id, "me": actor.id},
    )


def record_session_outcome(cur, actor, session_id, status, note="", today=None, *, expected_version):
    """Record whether a session was attended, cancelled or a no-show, with a short note."""
    row = cur.execute(
        "SELECT family_id, starts_at, status, note FROM sessions WHERE id = ?", [session_id]
    ).fetchone()
    if row is None:
        raise NotFound("No such session.")
    family_id, starts_at, old_status, old_note = row
    require_family(cur, actor, family_id)
    if status not in OUTCOMES:
        raise InvalidInput("Choose attended, cancelled or no-show.", field="status")
    today = today or clock.today()
    if status in ("attended", "no_show") and starts_at.date() > today:
        raise InvalidInput("This session is still ahead: it can only be cancelled for now.", field="status")
    note = _clean_note(note)
    with transaction(cur):
        versions.bump(cur, "sessions", session_id, expected=expected_version, what="This session")
        cur.execute("UPDATE sessions SET status = ?, note = ? WHERE id = ?", [status, note, session_id])
        audit.record(
            cur,
            actor,
            "outcome",
            "session",
            session_id,
            family_id=family_id,
            status=status,
            before={"status": old_status, "note": old_note},
            after={"status": status, "note": note},
        )
        follow_through.hold_next_booking(cur, actor, family_id, today)  # a cancelled booking passes it on


def list_sessions(cur, actor, family_id):
    """Return a family's sessions, newest first, as a DataFrame.

    Columns: id, starts_at, duration_min, therapist, discipline, status, note, needs_practice_confirmed.
    """
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT s.id, s.starts_at, s.duration_min, u.display_name AS therapist, s.discipline, s.status,"
        " s.note, s.needs_practice_confirmed"
        " FROM sessions s JOIN users u ON u.id = s.therapist_id WHERE s.family_id = ?"
        " ORDER BY s.starts_at DESC, s.id DESC",
        [family_id],
    ).df()


def next_session(cur, actor, family_id, today=None):
    """Return the next booked session as a Booking, or None."""
    found = upcoming_sessions(cur, actor, family_id, today)
    return found[0] if found else None


# Judged on a day ($as_of: a week's Sunday, or today). The last session is the latest attended one
# on or before it, or a booked one already past (not yet recorded); the next is the earliest one
# after it that was booked then and not cancelled since: still booked, or attended or missed
# later (a session on the judged day itself is "next" only while it is today and still booked, and
# not yet held in session mode: HELD_IN_SESSION_MODE).
# The gap runs from the last session (or the judged day, before the first) to the next; with
# nothing booked it is the time since the last one.
_GAPS_SQL = (
    """
WITH visible AS (
    SELECT f.id, f.status, f.status = 'paused' AND f.paused_from > $as_of AS break_ahead
    FROM families f WHERE f.id IN ("""
    + VISIBLE_FAMILIES_SQL
    + """)
),
held AS (
    SELECT s.family_id, max(s.starts_at)::DATE AS last_session FROM sessions s
    WHERE s.family_id IN (SELECT id FROM visible) AND s.starts_at::DATE <= $as_of
      AND (s.status = 'attended' OR (s.status = 'booked' AND (s.starts_at::DATE < $today OR """
    + HELD_IN_SESSION_MODE
    + """)))
    GROUP BY s.family_id
),
ahead AS (
    SELECT s.family_id, min(s.starts_at)::DATE AS next_session FROM sessions s
    WHERE s.family_id IN (SELECT id FROM visible) AND s.status IN ('booked', 'attended', 'no_show')
      AND (s.starts_at::DATE > $as_of
           OR (s.starts_at::DATE = $as_of AND s.status = 'booked' AND s.starts_at::DATE >= $today
               AND NOT """
    + HELD_IN_SESSION_MODE
    + """))
    GROUP BY s.family_id
),
gaps AS (
    SELECT v.id AS family_id, v.status, v.break_ahead, h.last_session, a.next_session,
           CASE WHEN a.next_session IS NOT NULL THEN a.next_session - coalesce(h.last_session, $as_of)
                ELSE $as_of - h.last_session END AS gap_days
    FROM visible v LEFT JOIN held h ON h.family_id = v.id LEFT JOIN ahead a ON a.family_id = v.id
)
SELECT family_id, last_session, next_session, gap_days,
       status = 'active' AND (next_session IS NULL OR gap_days > $max_gap) AS gap_flag,
       CASE
         WHEN status = 'discharged' THEN 'Discharged: no sessions expected.'
         WHEN break_ahead THEN 'A planned break is ahead: no sessions expected until its check-in.'
         WHEN status = 'paused' THEN 'Paused: no sessions expected for now.'
         WHEN next_session IS NULL AND last_session IS NULL THEN 'No session booked yet.'
         WHEN next_session IS NULL THEN
              format('No next session booked; the last one was {} days ago.', gap_days)
         WHEN last_session IS NULL AND gap_days > $max_gap THEN
              format('The first session is {} days away, more than the advised {} days.', gap_days, $max_gap)
         WHEN last_session IS NULL THEN format('The first session is in {} days.', gap_days)
         WHEN gap_days > $max_gap THEN
              format('{} days from the last session to the next, more than the advised {} days.',
                     gap_days, $max_gap)
         ELSE format('{} days from the last session to the next, within the advised {} days.',
                     gap_days, $max_gap)
       END AS why
FROM gaps
ORDER BY family_id
"""
)


def _gaps(cur, actor, family_ids, today, max_gap_days, as_of=None):
    max_gap = max_gap_days or get_setting(cur, "max_session_gap_days")
    today = today or clock.today()
    params = {**scope(actor, family_ids), "today": today, "as_of": as_of or today, "max_gap": int(max_gap)}
    return cur.execute(_GAPS_SQL, params)


def session_gaps(cur, actor, family_ids=None, today=None, max_gap_days=None, as_of=None):
    """Return the session gap of many families at once as a DataFrame.

    Columns: family_id, last_session, next_session (datetime64 dates), gap_days, gap_flag, why.
    Only families the actor may see are included; family_ids=None means all of them.
    Only active families are flagged: their next session is not booked, or further away
    than the clinic's "max_session_gap_days" after the last one (or today).
    as_of judges an earlier day (a week's Sunday) as it stood then; it defaults to today.
    """
    return _gaps(cur, actor, family_ids, today, max_gap_days, as_of).df()


def session_gap(cur, actor, family_id, today=None):
    """Return one family's gap as a dict (last_session, next_session, gap_days, gap_flag, why)."""
    require_family(cur, actor, family_id)
    row = _gaps(cur, actor, [family_id], today, None).fetchone()
    if row is None:
        raise NotFound("No such family.")
    keys = ("family_id", "last_session", "next_session", "gap_days", "gap_flag", "why")
    return dict(zip(keys, row, strict=True))
