"""Sessions: booking, recurring blocks, outcomes and the gap flag (lib/sessions/bookings.py and the Sessions tab)."""

import time as clock
from datetime import date, datetime, time, timedelta

import pytest

from lib import families, sessions, versions
from lib.errors import InvalidInput, NotYourFamily
from lib.settings import update_settings
from tests.conftest import TODAY, make_family, make_user

NINE = time(9)


def at(day, hour=NINE):
    return datetime.combine(day, hour)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, "Mia L.", therapist=maya, intake=date(2026, 9, 1))


def starts(cur, family_id):
    rows = cur.execute("SELECT starts_at FROM sessions WHERE family_id = ? ORDER BY starts_at", [family_id])
    return [r[0].date() for r in rows.fetchall()]


# --- booking ------------------------------------------------------------------------------


def test_a_fortnightly_schedule_books_every_fourteen_days(cur, maya, family):
    ids = sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 12, 1)), 14, 4)
    assert len(ids) == 4
    assert starts(cur, family) == [date(2026, 12, 1) + timedelta(days=14 * i) for i in range(4)]


def test_blocks_with_a_break_leave_the_break_between_blocks(cur, maya, family):
    sessions.book_sessions(
        cur, maya, family, maya.id, "OT", at(date(2026, 12, 1)), 7, 6, blocks=2, break_days=28
    )
    days = starts(cur, family)
    assert len(days) == 12
    assert (days[6] - days[5]).days == 35
    assert {(b - a).days for a, b in zip(days[:5], days[1:6], strict=True)} == {7}


def test_a_session_before_the_intake_date_is_refused_and_nothing_is_booked(cur, maya, family):
    with pytest.raises(InvalidInput, match="before the intake date") as err:
        sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 8, 25)), 7, 3)
    assert err.value.field == "starts_at"
    assert starts(cur, family) == []


def test_a_clash_with_the_therapists_other_session_refuses_the_whole_block(cur, maya, family):
    other = make_family(cur, "Ana", therapist=maya)
    sessions.book_session(cur, maya, other, maya.id, "OT", at(date(2026, 12, 15), time(9, 30)))
    with pytest.raises(InvalidInput, match="already has a session on 15 Dec 2026 at 09:30"):
        sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 12, 1)), 7, 4)
    assert starts(cur, family) == []


def test_a_discharged_family_cannot_be_booked(cur, maya, family):
    families.discharge_family(cur, maya, family, TODAY)
    with pytest.raises(InvalidInput, match="re-activate"):
        sessions.book_session(cur, maya, family, maya.id, "OT", at(TODAY + timedelta(days=3)))


def test_another_therapists_family_cannot_be_booked(cur, family):
    leo = make_user(cur, "leo")
    with pytest.raises(NotYourFamily):
        sessions.book_session(cur, leo, family, leo.id, "OT", at(TODAY))


def test_a_single_booking_keeps_its_note_and_the_practice_confirmation(cur, maya, family):
    session_id = sessions.book_session(
        cur, maya, family, maya.id, "OT", at(TODAY), note="Brought forward", needs_practice_confirmed=True
    )
    row = sessions.list_sessions(cur, maya, family).iloc[0]
    assert (row["id"], row["note"], row["needs_practice_confirmed"]) == (session_id, "Brought forward", True)


def test_the_default_booking_is_the_actors_own_link(cur, maya, family):
    priya = make_user(cur, "priya", discipline="PT")
    families.link_therapist(cur, maya, family, priya.id, "PT")
    assert sessions.default_booking(cur, priya, family) == sessions.BookingChoice(priya.id, "PT")


# --- outcomes -----------------------------------------------------------------------------


def test_recording_an_outcome_saves_the_status_and_note(cur, maya, family):
    session_id = sessions.book_session(cur, maya, family, maya.id, "OT", at(date(2026, 11, 20)))
    sessions.record_session_outcome(
        cur, maya, session_id, "no_show", "Car broke down", today=TODAY, expected_version=versions.ANY
    )
    row = sessions.list_sessions(cur, maya, family).iloc[0]
    assert (row["status"], row["note"]) == ("no_show", "Car broke down")


def test_a_future_session_can_be_cancelled_but_not_attended(cur, maya, family):
    session_id = sessions.book_session(cur, maya, family, maya.id, "OT", at(date(2026, 12, 20)))
    with pytest.raises(InvalidInput, match="still ahead"):
        sessions.record_session_outcome(
            cur, maya, session_id, "attended", today=TODAY, expected_version=versions.ANY
        )
    sessions.record_session_outcome(
        cur, maya, session_id, "cancelled", today=TODAY, expected_version=versions.ANY
    )


def test_a_long_session_note_is_refused(cur, maya, family):
    session_id = sessions.book_session(cur, maya, family, maya.id, "OT", at(date(2026, 11, 20)))
    with pytest.raises(InvalidInput, match="500 characters") as err:
        sessions.record_session_outcome(
            cur, maya, session_id, "attended", "x" * 10_000, today=TODAY, expected_version=versions.ANY
        )
    assert err.value.field == "note"


def test_the_next_session_is_the_earliest_booked_one_from_today(cur, maya, family):
    sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 11, 4)), 14, 3)
    assert sessions.next_session(cur, maya, family, today=TODAY).starts_at == at(date(2026, 12, 2))


# --- gaps ---------------------------------------------------------------------------------


def gap(cur, actor, family_id):
    return sessions.session_gap(cur, actor, family_id, today=TODAY)


def test_a_family_without_sessions_is_flagged_as_not_booked(cur, maya, family):
    assert gap(cur, maya, family)["gap_flag"]
    assert gap(cur, maya, family)["why"] == "No session booked yet."


def test_a_fortnightly_gap_is_within_the_default_limit(cur, maya, family):
    sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 11, 18)), 14, 2)
    found = gap(cur, maya, family)
    assert (found["last_session"], found["next_session"], found["gap_days"]) == (
        date(2026, 11, 18),
        date(2026, 12, 2),
        14,
    )
    assert not found["gap_flag"]


def test_a_gap_longer_than_the_clinic_setting_is_flagged_with_why(cur, maya, family):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    update_settings(cur, lead, {"max_session_gap_days": 10})
    sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 11, 18)), 14, 2)
    found = gap(cur, maya, family)
    assert found["gap_flag"]
    assert found["why"] == "14 days from the last session to the next, more than the advised 10 days."


def test_cancelled_sessions_do_not_count_as_the_next_one(cur, maya, family):
    ids = sessions.book_sessions(cur, maya, family, maya.id, "OT", at(date(2026, 11, 18)), 7, 3)
    sessions.record_session_outcome(
        cur, maya, ids[1], "cancelled", today=TODAY, expected_version=versions.ANY
    )
    found = gap(cur, maya, family)
    assert (found["next_session"], found["gap_days"], found["gap_flag"]) == (date(2026, 12, 2), 14, False)


def test_nothing_booked_after_the_last_session_is_flagged(cur, maya, family):
    sessions.book_session(cur, maya, family, maya.id, "OT", at(date(2026, 11, 4)))
    found = gap(cur, maya, family)
    assert found["gap_flag"] and found["gap_days"] == 21
    assert found["why"] == "No next session booked; the last one was 21 days ago."


def test_paused_and_discharged_families_are_not_flagged(cur, maya, family):
    families.pause_family(cur, maya, family)
    assert not gap(cur, maya, family)["gap_flag"]
    assert gap(cur, maya, family)["why"].startswith("Paused")


def test_gaps_for_many_families_include_only_the_ones_the_actor_may_see(cur, maya, family):
    other = make_family(cur, "Not Mine")
    assert sessions.session_gaps(cur, maya, today=TODAY)["family_id"].tolist() == [family]
    assert sessions.session_gaps(cur, maya, [family, other], today=TODAY)["family_id"].tolist() == [family]


def test_gaps_for_two_thousand_families_take_one_quick_query(cur, maya):
    cur.execute(
        "INSERT INTO families (display_name, intake_date) SELECT 'F' || i, DATE '2026-01-05'"
        " FROM range(2000) t(i)"
    )
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at, status)"
        " SELECT f.id, ?, 'OT', TIMESTAMP '2026-01-05 09:00' + to_days(7 * w + f.id % 20),"
        "  CASE WHEN w < 46 THEN 'attended' ELSE 'booked' END"
        " FROM families f, range(52) r(w)",
        [maya.id],
    )
    lead = make_user(cur, "boss", role="lead", discipline=None)
    began = clock.perf_counter()
    table = sessions.session_gaps(cur, lead, today=TODAY)
    elapsed = clock.perf_counter() - began
    assert len(table) == 2000 and not table["gap_flag"].all()
    assert elapsed < 1.0


def test_a_session_held_today_in_session_mode_is_the_last_one_not_the_next(cur, maya, family):
    from lib.sessions import session_mode

    today_id, _ = sessions.book_sessions(cur, maya, family, maya.id, "OT", at(TODAY), 7, 2)
    session_mode.start_session(cur, maya, family, today_id, now=at(TODAY))
    session_mode.end_session(cur, maya, today_id, require_password=False)
    found = gap(cur, maya, family)
    assert (found["last_session"], found["next_session"]) == (TODAY, TODAY + timedelta(days=7))
    assert sessions.next_session(cur, maya, family, today=TODAY).starts_at == at(TODAY + timedelta(days=7))


def test_a_session_booked_today_and_not_yet_held_is_the_next_one(cur, maya, family):
    sessions.book_sessions(cur, maya, family, maya.id, "OT", at(TODAY), 7, 1)
    assert gap(cur, maya, family)["next_session"] == TODAY


def test_a_proposed_time_skips_the_therapists_booked_half_hours(cur):
    maya = make_user(cur, "maya_free")
    family = make_family(cur, "Free K.", therapist=maya)
    at = datetime(2026, 12, 2, 13, 0)
    sessions.book_session(cur, maya, family, maya.id, "OT", at)
    later = at + timedelta(hours=3)
    assert sessions.free_start(cur, maya, family, at, therapist_id=maya.id) == at + timedelta(minutes=60)
    assert sessions.free_start(cur, maya, family, later, therapist_id=maya.id) == later
