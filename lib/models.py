"""Frozen value objects for the domain's nouns."""

from dataclasses import dataclass
from datetime import date

DISCIPLINES = ("OT", "PT", "SLP", "psychology", "other")
FAMILY_STATUSES = ("active", "paused", "discharged")


@dataclass(frozen=True)
class Actor:
    """Who is asking: a logged-in user."""

    id: int
    username: str
    display_name: str
    role: str
    discipline: str | None = None

    @property
    def is_lead(self):
        return self.role == "lead"


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
