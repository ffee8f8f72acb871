"""The family read side: one family, the caseload list, its caregivers and therapists, as dataclasses."""

from dataclasses import dataclass
from datetime import date

from lib.access import (
    LINKED_FAMILIES_SQL,
    VISIBLE_FAMILIES_SQL,
    require_family,
    require_lead,
    require_whole_caseload,
    scope,
)
from lib.db import row, rows
from lib.errors import NotFound
from lib.models import Family


@dataclass(frozen=True)
class FamilyListing:
    """One line of a family list: enough to pick a family."""

    id: int
    display_name: str
    status: str


@dataclass(frozen=True)
class Caregiver:
    """A caregiver of a family, with how to reach them (for the clinic's eyes, never the family screen)."""

    id: int
    name: str
    relation: str
    runs_practice: bool
    phone: str = ""
    email: str = ""
    reminder_way: str | None = None
    contact_consent: bool = False
    contact_consent_on: date | None = None


@dataclass(frozen=True)
class LinkedTherapist:
    """A therapist linked to a family for one discipline; `active` is False for a closed account."""

    id: int
    display_name: str
    discipline: str
    active: bool


@dataclass(frozen=True)
class TherapistChoice:
    id: int
    display_name: str
    discipline: str | None


def get_family(cur, actor, family_id):
    """Return one family, after checking the actor may see it."""
    require_family(cur, actor, family_id)
    found = row(
        cur,
        Family,
        "SELECT id, display_name, date_of_birth, intake_date, status, discharged_on, notes, practice_word,"
        " paused_from, check_in_on FROM families WHERE id = ?",
        [family_id],
    )
    if found is None:
        raise NotFound("No such family.")
    return found


def list_families(cur, actor, statuses=("active", "paused"), mine_only=False):
    """Return a FamilyListing per family the actor may see, by name."""
    require_whole_caseload(actor)
    return rows(
        cur,
        FamilyListing,
        "SELECT f.id, f.display_name, f.status FROM families f"
        " WHERE list_contains($statuses, f.status)"
        "   AND f.id IN (" + VISIBLE_FAMILIES_SQL + ")"
        # the lead's "only my families": a filter on top of what they may see
        "   AND (NOT $mine OR f.id IN (" + LINKED_FAMILIES_SQL + "))"
        " ORDER BY lower(f.display_name), f.id",
        {**scope(actor), "statuses": list(statuses), "mine": bool(mine_only)},
    )


def list_family_therapists(cur, actor, family_id):
    """Return a LinkedTherapist per therapist linked to a family."""
    require_family(cur, actor, family_id)
    return rows(
        cur,
        LinkedTherapist,
        "SELECT u.id, u.display_name, ft.discipline, u.active FROM family_therapists ft"
        " JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = ? AND ft.active ORDER BY ft.discipline, u.display_name",
        [family_id],
    )


def list_caregivers(cur, actor, family_id):
    """Return a Caregiver per active caregiver of a family."""
    require_family(cur, actor, family_id)
    return rows(
        cur,
        Caregiver,
        "SELECT id, name, relation, runs_practice, coalesce(phone, '') AS phone, coalesce(email, '') AS email,"
        " reminder_way, coalesce(contact_consent, FALSE) AS contact_consent, contact_consent_on"
        " FROM caregivers WHERE family_id = ? AND active ORDER BY id",
        [family_id],
    )


def list_therapist_choices(cur, actor):
    """Return a TherapistChoice per active account a family can be linked to."""
    return rows(
        cur,
        TherapistChoice,
        "SELECT id, display_name, discipline FROM users WHERE active ORDER BY lower(display_name), id",
    )


def families_needing_reassignment(cur, actor):
    """Return open families linked to a deactivated therapist (lead only), as a DataFrame.

    Columns: family_id, family, status, therapist, discipline, has_active_therapist.
    """
    require_lead(actor)
    return cur.execute(
        "SELECT f.id AS family_id, f.display_name AS family, f.status, u.display_name AS therapist,"
        "       ft.discipline,"
        "       EXISTS (SELECT 1 FROM family_therapists o JOIN users ou ON ou.id = o.therapist_id"
        "               WHERE o.family_id = f.id AND ou.active) AS has_active_therapist"
        " FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN users u ON u.id = ft.therapist_id"
        " WHERE NOT u.active AND f.status <> 'discharged'"
        " ORDER BY lower(f.display_name), f.id, ft.discipline"
    ).df()


def needs_reassignment(cur, actor, family_id):
    """Return the names of deactivated therapists still linked to this family."""
    require_family(cur, actor, family_id)
    rows = cur.execute(
        "SELECT u.display_name FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = ? AND NOT u.active ORDER BY u.display_name",
        [family_id],
    ).fetchall()
    return [r[0] for r in rows]
