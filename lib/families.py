"""Families: reading and changing the records every screen hangs on."""

from lib.auth import require_family
from lib.errors import NotFound
from lib.models import Family


def get_family(cur, actor, family_id):
    """Return one family, after checking the actor may see it."""
    require_family(cur, actor, family_id)
    row = cur.execute(
        "SELECT id, display_name, date_of_birth, intake_date, status, discharged_on, notes, practice_word"
        " FROM families WHERE id = ?",
        [family_id],
    ).fetchone()
    if row is None:
        raise NotFound("No such family.")
    return Family(*row)


def list_families(cur, actor, statuses=("active", "paused"), mine_only=False):
    """Return (id, display_name, status) of the families the actor may see, by name."""
    return cur.execute(
        "SELECT f.id, f.display_name, f.status FROM families f"
        " WHERE list_contains($statuses, f.status)"
        "   AND (($lead AND NOT $mine) OR EXISTS (SELECT 1 FROM family_therapists ft"
        "        WHERE ft.family_id = f.id AND ft.therapist_id = $me))"
        " ORDER BY lower(f.display_name), f.id",
        {"statuses": list(statuses), "lead": actor.is_lead, "mine": mine_only, "me": actor.id},
    ).fetchall()


def list_family_therapists(cur, actor, family_id):
    """Return (therapist_id, display_name, discipline, user_active) linked to a family."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT u.id, u.display_name, ft.discipline, u.active FROM family_therapists ft"
        " JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = ? AND ft.active ORDER BY ft.discipline, u.display_name",
        [family_id],
    ).fetchall()


def list_caregivers(cur, actor, family_id):
    """Return (id, name, relation, runs_practice) of a family's active caregivers."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT id, name, relation, runs_practice FROM caregivers WHERE family_id = ? AND active ORDER BY id",
        [family_id],
    ).fetchall()
