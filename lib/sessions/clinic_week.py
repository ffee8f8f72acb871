"""The clinic's week of sessions: each therapist's sessions, long gaps and families with nothing booked.

One query answers the whole week (`clinic_week`): a therapist sees their own sessions and
families, the clinic lead everyone's. The gap rule is lib.sessions.bookings' own (`_GAPS_SQL`),
judged at the week's Sunday (today for this week, and for a week ahead).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, require_whole_caseload, scope
from lib.sessions.bookings import _GAPS_SQL, HELD_IN_SESSION_MODE
from lib.settings import get_setting
from lib.words import week_start

STATUS_WORDS = {
    "booked": "Booked",
    "attended": "Attended",
    "cancelled": "Cancelled",
    "no_show": "No-show",
}
UNRECORDED = "Booked, not recorded yet"  # a booked session already past, neither held nor recorded

THERAPIST_COLUMNS = [
    "therapist_id",
    "therapist",
    "booked",
    "attended",
    "cancelled",
    "no_show",
    "families",
    "long_gaps",
    "nothing_booked",
]
SESSION_COLUMNS = [
    "session_id",
    "therapist_id",
    "therapist",
    "family_id",
    "family",
    "starts_at",
    "duration_min",
    "discipline",
    "status",
    "unrecorded",
]
FAMILY_COLUMNS = [
    "therapist_id",
    "therapist",
    "family_id",
    "family",
    "nothing_booked",
    "gap_days",
    "last_session",
    "next_session",
    "why",
]


@dataclass(frozen=True)
class ClinicWeek:
    """One week of the clinic: per therapist the counts, the week's sessions, and the families to act on."""

    week: date  # its Monday
    as_of: date  # the day the gaps are judged on
    max_gap_days: int
    therapists: pd.DataFrame  # THERAPIST_COLUMNS, by name
    sessions: pd.DataFrame  # SESSION_COLUMNS, by therapist then time
    families: pd.DataFrame  # FAMILY_COLUMNS: active families with nothing booked or a long gap


# $scope_*: lib.access.scope; $monday/$next_monday the week; $only: one therapist's rows (NULL: all
# the actor may see). A therapist's own rows are those of their sessions and their linked families.
_WEEK_SQL = (
    """
WITH gaps AS ("""  # noqa: S608  (this module's and lib's constants, never input)
    + _GAPS_SQL
    + """),
week_sessions AS (
    SELECT s.id AS session_id, s.therapist_id, s.family_id, s.starts_at, s.duration_min, s.discipline,
           s.status,
           s.status = 'booked' AND s.starts_at::DATE < $today AND NOT """
    + HELD_IN_SESSION_MODE
    + """ AS unrecorded
    FROM sessions s
    WHERE s.starts_at >= $monday AND s.starts_at < $next_monday
      AND s.family_id IN ("""
    + VISIBLE_FAMILIES_SQL
    + """)
      AND ($scope_lead OR s.therapist_id = $scope_me) AND ($only IS NULL OR s.therapist_id = $only)
),
links AS (
    SELECT DISTINCT ft.therapist_id, ft.family_id FROM family_therapists ft
    WHERE ft.active AND ft.family_id IN (SELECT family_id FROM gaps)
      AND ($scope_lead OR ft.therapist_id = $scope_me) AND ($only IS NULL OR ft.therapist_id = $only)
),
to_act AS (
    SELECT l.therapist_id, g.family_id, g.next_session IS NULL AS nothing_booked, g.gap_days,
           g.last_session, g.next_session, g.why
    FROM links l JOIN gaps g ON g.family_id = l.family_id WHERE g.gap_flag
),
people AS (
    SELECT u.id, u.display_name FROM users u
    WHERE u.id IN (SELECT therapist_id FROM week_sessions UNION SELECT therapist_id FROM links)
       OR ($scope_lead AND $only IS NULL AND u.active AND u.role = 'therapist')
       OR u.id = $only
),
per_session AS (
    SELECT therapist_id,
           count(*) FILTER (WHERE status = 'booked') AS booked,
           count(*) FILTER (WHERE status = 'attended') AS attended,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE status = 'no_show') AS no_show
    FROM week_sessions GROUP BY therapist_id
),
per_family AS (
    SELECT l.therapist_id, count(*) AS families,
           count(t.family_id) FILTER (WHERE NOT t.nothing_booked) AS long_gaps,
           count(t.family_id) FILTER (WHERE t.nothing_booked) AS nothing_booked
    FROM links l LEFT JOIN to_act t ON t.therapist_id = l.therapist_id AND t.family_id = l.family_id
    GROUP BY l.therapist_id
)
SELECT 'therapist' AS kind, p.id AS therapist_id, p.display_name AS therapist,
       NULL::INTEGER AS session_id, NULL::INTEGER AS family_id, NULL::VARCHAR AS family,
       NULL::TIMESTAMP AS starts_at, NULL::INTEGER AS duration_min, NULL::VARCHAR AS discipline,
       NULL::VARCHAR AS status, NULL::BOOLEAN AS unrecorded,
       coalesce(s.booked, 0) AS booked, coalesce(s.attended, 0) AS attended,
       coalesce(s.cancelled, 0) AS cancelled, coalesce(s.no_show, 0) AS no_show,
       coalesce(f.families, 0) AS families, coalesce(f.long_gaps, 0) AS long_gaps,
       coalesce(f.nothing_booked, 0) AS nothing_booked_count, NULL::BOOLEAN AS nothing_booked,
       NULL::INTEGER AS gap_days, NULL::DATE AS last_session, NULL::DATE AS next_session,
       NULL::VARCHAR AS why, lower(p.display_name) AS sort_name, NULL::TIMESTAMP AS sort_time
FROM people p LEFT JOIN per_session s ON s.therapist_id = p.id LEFT JOIN per_family f ON f.therapist_id = p.id
UNION ALL
SELECT 'session', w.therapist_id, u.display_name, w.session_id, w.family_id, fam.display_name,
       w.starts_at, w.duration_min, w.discipline, w.status, w.unrecorded,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
       lower(u.display_name), w.starts_at
FROM week_sessions w JOIN users u ON u.id = w.therapist_id JOIN families fam ON fam.id = w.family_id
UNION ALL
SELECT 'family', t.therapist_id, u.display_name, NULL, t.family_id, fam.display_name,
       NULL, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, t.nothing_booked, t.gap_days, t.last_session,
       t.next_session, t.why, lower(u.display_name), NULL
FROM to_act t JOIN users u ON u.id = t.therapist_id JOIN families fam ON fam.id = t.family_id
ORDER BY sort_name, therapist_id, sort_time, nothing_booked DESC, gap_days DESC, lower(family), family_id
"""
)


def judged_on(monday, today):
    """Return the day a week's gaps are judged on: its Sunday, or today for this week and weeks ahead."""
    return min(monday + timedelta(days=6), today)


def clinic_week(cur, actor, day, today=None, therapist_id=None, max_gap_days=None):
    """Return the ClinicWeek of the week holding `day`: the lead's whole clinic, a therapist's own.

    therapist_id narrows it to one therapist (for the lead; a therapist only ever sees their own).
    Refused in session mode (it lists other families)."""
    require_whole_caseload(actor)
    today = today or clock.today()
    monday = week_start(day)
    as_of = judged_on(monday, today)
    max_gap = int(max_gap_days or get_setting(cur, "max_session_gap_days"))
    params = {
        **scope(actor),
        "today": today,
        "as_of": as_of,
        "max_gap": max_gap,
        "monday": monday,
        "next_monday": monday + timedelta(days=7),
        "only": None if therapist_id is None else int(therapist_id),
    }
    found = cur.execute(_WEEK_SQL, params).df()
    therapists = found[found["kind"] == "therapist"].drop(columns=["nothing_booked"])
    therapists = therapists.rename(columns={"nothing_booked_count": "nothing_booked"})
    return ClinicWeek(
        week=monday,
        as_of=as_of,
        max_gap_days=max_gap,
        therapists=therapists[THERAPIST_COLUMNS].reset_index(drop=True),
        sessions=found.loc[found["kind"] == "session", SESSION_COLUMNS].reset_index(drop=True),
        families=found.loc[found["kind"] == "family", FAMILY_COLUMNS].reset_index(drop=True),
    )
