"""The clinic's week of sessions: counts per therapist, long gaps, nothing booked, who sees what."""

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from lib.errors import NotAllowed
from lib.sessions.clinic_week import clinic_week, judged_on
from tests.factories import make_family, make_user, session_actor

# the pinned clock: Wednesday 25 November 2026, in the week of Monday 23 November
MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (23, 24, 25, 26, 27))


def _session(cur, family, therapist, day, status="booked", hour=10):
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status) VALUES (?, ?, 'OT', ?, ?)",
        [family, therapist.id, datetime.combine(day, time(hour)), status],
    )


@dataclass(frozen=True)
class Clinic:
    lead: object
    maya: object
    leo: object
    steady: int  # Maya's: attended Monday, no-show Tuesday, booked Thursday
    unbooked: int  # Maya's: cancelled Wednesday, nothing after
    far: int  # Maya's: last seen 2 November, next on 20 December
    leos: int  # Leo's: booked Monday, not recorded yet; booked again in a week


@pytest.fixture
def clinic(cur):
    lead, maya, leo = (
        make_user(cur, "lead", role="lead", discipline=None),
        make_user(cur, "maya"),
        make_user(cur, "leo"),
    )
    steady, unbooked = make_family(cur, "Ada B.", maya), make_family(cur, "Ben C.", maya)
    far, leos = make_family(cur, "Cal D.", maya), make_family(cur, "Dot E.", leo)
    _session(cur, steady, maya, MON, "attended")
    _session(cur, steady, maya, TUE, "no_show")
    _session(cur, steady, maya, THU)
    _session(cur, unbooked, maya, date(2026, 11, 10), "attended")
    _session(cur, unbooked, maya, WED, "cancelled")
    _session(cur, far, maya, date(2026, 11, 2), "attended")
    _session(cur, far, maya, date(2026, 12, 20))
    _session(cur, leos, leo, MON, hour=9)
    _session(cur, leos, leo, date(2026, 12, 1))
    return Clinic(lead, maya, leo, steady, unbooked, far, leos)


def _counts(week, who):
    row = week.therapists.set_index("therapist_id").loc[who.id]
    return {
        k: int(row[k]) for k in ("booked", "attended", "cancelled", "no_show", "long_gaps", "nothing_booked")
    }


def test_the_week_counts_booked_attended_cancelled_and_no_show_sessions_per_therapist(cur, clinic):
    week = clinic_week(cur, clinic.lead, WED)
    assert week.week == MON
    assert _counts(week, clinic.maya) == {
        "booked": 1,
        "attended": 1,
        "cancelled": 1,
        "no_show": 1,
        "long_gaps": 1,
        "nothing_booked": 1,
    }
    assert _counts(week, clinic.leo) | {"long_gaps": 0} == {
        "booked": 1,
        "attended": 0,
        "cancelled": 0,
        "no_show": 0,
        "long_gaps": 0,
        "nothing_booked": 0,
    }


def test_the_sessions_come_by_therapist_then_time_and_a_past_booking_is_unrecorded(cur, clinic):
    week = clinic_week(cur, clinic.lead, MON)
    assert list(zip(week.sessions["therapist"], week.sessions["starts_at"].dt.day, strict=True)) == [
        ("Leo", 23),
        ("Maya", 23),
        ("Maya", 24),
        ("Maya", 25),
        ("Maya", 26),
    ]
    assert week.sessions.set_index("family_id").loc[clinic.leos, "unrecorded"]
    assert not week.sessions.set_index("starts_at").loc[datetime(2026, 11, 26, 10), "unrecorded"]


def test_a_family_with_nothing_booked_and_one_with_a_long_gap_are_flagged_and_others_not(cur, clinic):
    families = clinic_week(cur, clinic.lead, WED).families.set_index("family_id")
    assert set(families.index) == {clinic.unbooked, clinic.far}
    assert families.loc[clinic.unbooked, "nothing_booked"]
    assert not families.loc[clinic.far, "nothing_booked"]
    assert (
        families.loc[clinic.far, "gap_days"] == 48
        and "more than the advised 14 days" in families.loc[clinic.far, "why"]
    )


def test_a_shorter_clinic_gap_flags_more_families(cur, clinic):
    flagged = clinic_week(cur, clinic.lead, WED, max_gap_days=2).families["family_id"]
    assert clinic.steady in set(flagged)  # Monday to Thursday is 3 days


def test_a_past_week_is_judged_on_its_sunday(cur, clinic):
    week = clinic_week(cur, clinic.lead, date(2026, 11, 18))
    assert week.as_of == date(2026, 11, 22) and week.week == date(2026, 11, 16)
    assert week.sessions.empty
    # judged on 22 November: Ben's later booking was cancelled since, so it never counts as booked
    families = week.families.set_index("family_id")
    assert families.loc[clinic.unbooked, "nothing_booked"] and families.loc[clinic.unbooked, "gap_days"] == 12
    assert judged_on(MON, WED) == WED and judged_on(date(2026, 12, 7), WED) == WED


def test_a_therapist_sees_only_their_own_sessions_and_families(cur, clinic):
    week = clinic_week(cur, clinic.leo, WED)
    assert list(week.therapists["therapist_id"]) == [clinic.leo.id]
    assert set(week.sessions["family_id"]) == {clinic.leos}
    assert week.families.empty
    maya = clinic_week(cur, clinic.maya, WED)
    assert set(maya.sessions["family_id"]) == {clinic.steady, clinic.unbooked}
    assert set(maya.families["family_id"]) == {clinic.unbooked, clinic.far}


def test_a_therapist_linked_to_anothers_family_still_sees_only_their_own_sessions(cur, clinic):
    cur.execute(
        "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, 'PT')",
        [clinic.leos, clinic.maya.id],
    )
    week = clinic_week(cur, clinic.maya, WED)
    assert clinic.leos not in set(week.sessions["family_id"])
    assert int(week.therapists.loc[0, "families"]) == 4


def test_the_lead_sees_everyone_and_can_narrow_to_one_therapist(cur, clinic):
    week = clinic_week(cur, clinic.lead, WED)
    assert {clinic.maya.id, clinic.leo.id} <= set(week.therapists["therapist_id"])
    assert len(week.sessions) == 5
    leo = clinic_week(cur, clinic.lead, WED, therapist_id=clinic.leo.id)
    assert list(leo.therapists["therapist_id"]) == [clinic.leo.id]
    assert set(leo.sessions["family_id"]) == {clinic.leos}


def test_the_week_is_refused_in_session_mode(cur, clinic):
    with pytest.raises(NotAllowed):
        clinic_week(cur, session_actor(clinic.maya, clinic.steady), WED)
