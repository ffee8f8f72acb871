"""Frozen value objects for the domain's nouns."""

from dataclasses import dataclass
from datetime import date

FAMILY_STATUSES = ("active", "paused", "discharged")


@dataclass(frozen=True)
class Actor:
    """Who is asking: a logged-in user."""

    id: int
    username: str
    display_name: str
    role: str
    discipline: str | None = None
    # set while a session with one family is on screen: nothing else may be read then
    session_family_id: int | None = None

    @property
    def is_lead(self):
        return self.role == "lead" and self.session_family_id is None

    @property
    def in_session(self):
        return self.session_family_id is not None


@dataclass(frozen=True)
class Family:
    id: int
    display_name: str
    date_of_birth: date | None
    intake_date: date
    status: str
    discharged_on: date | None
    notes: str
    practice_word: str | None
    paused_from: date | None = None  # a planned break's first day (lib.sessions.follow_through.plan_break)
    check_in_on: date | None = None  # the planned break's day to check in again

    def break_ahead(self, today):
        """Return the first day of a planned break that has not started by today, else None."""
        ahead = self.status == "paused" and self.paused_from is not None and self.paused_from > today
        return self.paused_from if ahead else None
