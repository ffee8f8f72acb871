"""'Practice done before the next booking' sits on the family's next booking, however late it was booked."""

from datetime import datetime, timedelta

from lib import sessions, versions
from lib.sessions import follow_through, session_mode
from tests.conftest import TODAY
from tests.factories import make_family, make_user


def _at(days, hour=10):
    return datetime.combine(TODAY + timedelta(days=days), datetime.min.time()).replace(hour=hour)


def _flagged(cur):
    return [
        r[0]
        for r in cur.execute("SELECT id FROM sessions WHERE needs_practice_confirmed ORDER BY id").fetchall()
    ]


def test_a_session_booked_after_the_request_carries_the_flag(cur):
    maya = make_user(cur, "maya")
    family_id = make_family(cur, "Sam K.", maya)
    follow_through.request_confirmation(cur, maya, family_id)
    booked = sessions.book_session(cur, maya, family_id, maya.id, "OT", _at(7))
    assert _flagged(cur) == [booked]
    assert sessions.list_sessions(cur, maya, family_id)["needs_practice_confirmed"].tolist() == [True]
    held = cur.execute("SELECT session_id FROM practice_flags WHERE family_id = ?", [family_id]).fetchall()
    assert held == [(booked,)]


def test_only_the_next_of_a_recurring_booking_carries_it(cur):
    maya = make_user(cur, "maya")
    family_id = make_family(cur, "Sam K.", maya)
    follow_through.request_confirmation(cur, maya, family_id)
    first, *_ = sessions.book_sessions(cur, maya, family_id, maya.id, "OT", _at(7), 7, 4)
    assert _flagged(cur) == [first]


def test_a_booking_today_after_the_request_shows_the_flag_in_todays_sessions(cur):
    maya = make_user(cur, "maya")
    asked, plain = make_family(cur, "Sam K.", maya), make_family(cur, "Ida P.", maya)
    follow_through.request_confirmation(cur, maya, asked)
    sessions.book_session(cur, maya, asked, maya.id, "OT", _at(0, 15))
    sessions.book_session(cur, maya, plain, maya.id, "OT", _at(0, 16))
    today = {s.family_id: s.needs_practice_confirmed for s in session_mode.todays_sessions(cur, maya, TODAY)}
    assert today == {asked: True, plain: False}


def test_cancelling_the_flagged_booking_passes_the_flag_to_the_next_one(cur):
    maya = make_user(cur, "maya")
    family_id = make_family(cur, "Sam K.", maya)
    first = sessions.book_session(cur, maya, family_id, maya.id, "OT", _at(3))
    second = sessions.book_session(cur, maya, family_id, maya.id, "OT", _at(10))
    follow_through.request_confirmation(cur, maya, family_id)
    sessions.record_session_outcome(cur, maya, first, "cancelled", expected_version=versions.ANY)
    assert _flagged(cur) == [first, second]
    assert follow_through.hold_next_booking(cur, maya, family_id)[0] == second


def test_a_confirmed_request_does_not_flag_later_bookings(cur):
    maya = make_user(cur, "maya")
    family_id = make_family(cur, "Sam K.", maya)
    follow_through.request_confirmation(cur, maya, family_id)
    follow_through.record_confirmation(cur, maya, family_id, TODAY, "Mum")
    sessions.book_session(cur, maya, family_id, maya.id, "OT", _at(7))
    assert _flagged(cur) == []
