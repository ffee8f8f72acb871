"""Sessions: bookings, and the shared family screen of a session.

bookings        book, move and record sessions; the next session and the gap to it (re-exported here)
session_mode    the therapist's session mode: its start, its end with the password, its family
presenter       what the family screen may show, written by the cue card
follow_through  practice confirmed before the next booking, and planned breaks
task_photos     photos taken in the session, cleaned and kept with the task
clinic_week     each therapist's week of sessions, long gaps and families with nothing booked
"""

from lib.sessions.bookings import (
    MAX_NOTE,
    MAX_SESSIONS,
    OUTCOMES,
    Booking,
    BookingChoice,
    book_session,
    book_sessions,
    default_booking,
    free_start,
    list_sessions,
    move_session,
    next_session,
    record_session_outcome,
    schedule,
    session_gap,
    session_gaps,
    upcoming_sessions,
)

__all__ = [
    "MAX_NOTE",
    "MAX_SESSIONS",
    "OUTCOMES",
    "Booking",
    "BookingChoice",
    "book_session",
    "book_sessions",
    "default_booking",
    "free_start",
    "list_sessions",
    "move_session",
    "next_session",
    "record_session_outcome",
    "schedule",
    "session_gap",
    "session_gaps",
    "upcoming_sessions",
]
