"""Families: the records every screen hangs on, with their caregivers and therapists."""

from datetime import date

from lib import audit, clock, versions
from lib.access import (
    LINKED_FAMILIES_SQL,
    VISIBLE_FAMILIES_SQL,
    require_family,
    require_lead,
    require_whole_caseload,
    scope,
)
from lib.db import transaction
from lib.errors import InvalidInput, NotFound
from lib.models import DISCIPLINES, FAMILY_STATUSES, Family

RELATIONS = (
    "mother",
    "father",
    "grandparent",
    "babysitter",
    "older sibling",
    "teacher",
    "other therapist",
    "other",
)
MAX_NAME = 80
MAX_NOTES = 2000
MAX_WORD = 40


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
    require_whole_caseload(actor)
    return cur.execute(
        "SELECT f.id, f.display_name, f.status FROM families f"
        " WHERE list_contains($statuses, f.status)"
        "   AND f.id IN (" + VISIBLE_FAMILIES_SQL + ")"
        # the lead's "only my families": a filter on top of what they may see
        "   AND (NOT $mine OR f.id IN (" + LINKED_FAMILIES_SQL + "))"
        " ORDER BY lower(f.display_name), f.id",
        {**scope(actor), "statuses": list(statuses), "mine": bool(mine_only)},
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


def list_therapist_choices(cur, actor):
    """Return (id, display_name, discipline) of active accounts a family can be linked to."""
    return cur.execute(
        "SELECT id, display_name, discipline FROM users WHERE active ORDER BY lower(display_name), id"
    ).fetchall()


# --- checks -------------------------------------------------------------------------------


def _clean_name(value, field, what="a name"):
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"Please give {what}.", field=field)
    if len(value) > MAX_NAME:
        raise InvalidInput(f"Keep {what} to {MAX_NAME} characters (this one has {len(value)}).", field=field)
    return value


def _clean_family(display_name, intake_date, date_of_birth, notes, practice_word, today):
    name = _clean_name(display_name, "display_name", "the child's name or initials")
    if not isinstance(intake_date, date):
        raise InvalidInput("Please give the intake date.", field="intake_date")
    if date_of_birth is not None:
        if date_of_birth > today:
            raise InvalidInput("The date of birth cannot be in the future.", field="date_of_birth")
        if date_of_birth > intake_date:
            raise InvalidInput("The date of birth must be before the intake date.", field="date_of_birth")
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidInput(
            f"Notes can hold up to {MAX_NOTES:,} characters; these have {len(notes):,}. Please shorten them.",
            field="notes",
        )
    word = (practice_word or "").strip() or None
    if word is not None and len(word) > MAX_WORD:
        raise InvalidInput(f"Keep the word for practice to {MAX_WORD} characters.", field="practice_word")
    return name, notes, word


def _clean_caregiver(name, relation):
    name = _clean_name(name, "name", "the caregiver's name")
    if relation not in RELATIONS:
        raise InvalidInput("Choose a relation from the list.", field="relation")
    return name


def _check_unique_caregiver(cur, family_id, name, except_id=None):
    taken = cur.execute(
        "SELECT count(*) FROM caregivers WHERE family_id = ? AND active AND lower(name) = lower(?)"
        " AND id IS DISTINCT FROM ?",
        [family_id, name, except_id],
    ).fetchone()[0]
    if taken:
        raise InvalidInput(f"This family already has a caregiver called {name}.", field="name")


def _check_therapist(cur, therapist_id, discipline):
    if discipline not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")
    row = cur.execute("SELECT active FROM users WHERE id = ?", [therapist_id]).fetchone()
    if row is None:
        raise InvalidInput("Choose a therapist from the list.", field="therapist")
    if not row[0]:
        raise InvalidInput("That account is deactivated: choose an active therapist.", field="therapist")


# --- families -----------------------------------------------------------------------------


def create_family(
    cur,
    actor,
    display_name,
    intake_date,
    date_of_birth=None,
    notes="",
    practice_word=None,
    caregivers=(),
    therapists=(),
    today=None,
):
    """Create a family with its caregivers and therapist links in one go; return its id.

    caregivers: (name, relation, runs_practice) tuples; therapists: (therapist_id, discipline).
    A therapist who creates a family is always linked to it, so they can see it.
    """
    require_whole_caseload(actor)  # a new family is not the one in the session
    today = today or clock.today()
    name, notes, word = _clean_family(display_name, intake_date, date_of_birth, notes, practice_word, today)
    links = list(dict.fromkeys((int(t), d) for t, d in therapists))
    if not actor.is_lead and actor.id not in [t for t, _ in links]:
        links.insert(0, (actor.id, actor.discipline or "other"))
    if not links:
        raise InvalidInput("Link at least one therapist to the family.", field="therapists")
    seen = set()
    clean_carers = []
    for carer_name, relation, runs in caregivers:
        carer_name = _clean_caregiver(carer_name, relation)
        if carer_name.lower() in seen:
            raise InvalidInput(f"Two caregivers are called {carer_name}: use distinct names.", field="name")
        seen.add(carer_name.lower())
        clean_carers.append((carer_name, relation, bool(runs)))
    with transaction(cur):
        for therapist_id, discipline in links:
            _check_therapist(cur, therapist_id, discipline)
        family_id = cur.execute(
            "INSERT INTO families (display_name, date_of_birth, intake_date, notes, practice_word)"
            " VALUES (?, ?, ?, ?, ?) RETURNING id",
            [name, date_of_birth, intake_date, notes, word],
        ).fetchone()[0]
        audit.record(cur, actor, "create", "family", family_id)
        for therapist_id, discipline in links:
            cur.execute(
                "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, ?)",
                [family_id, therapist_id, discipline],
            )
            audit.record(
                cur, actor, "link", "family", family_id, therapist_id=therapist_id, discipline=discipline
            )
        for carer_name, relation, runs in clean_carers:
            carer_id = cur.execute(
                "INSERT INTO caregivers (family_id, name, relation, runs_practice) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                [family_id, carer_name, relation, runs],
            ).fetchone()[0]
            audit.record(cur, actor, "create", "caregiver", carer_id, family_id=family_id)
    return family_id


def update_family(
    cur,
    actor,
    family_id,
    display_name,
    intake_date,
    date_of_birth=None,
    notes="",
    practice_word=None,
    today=None,
    expected_version=None,
):
    """Save a family's details (name, dates, notes, word for practice).

    expected_version: the version the form showed; another saved since raises StaleVersion."""
    family = get_family(cur, actor, family_id)
    today = today or clock.today()
    name, notes, word = _clean_family(display_name, intake_date, date_of_birth, notes, practice_word, today)
    if family.discharged_on is not None and intake_date > family.discharged_on:
        raise InvalidInput(
            f"The intake date cannot be after the discharge date ({family.discharged_on:%d %b %Y}).",
            field="intake_date",
        )
    with transaction(cur):
        first = cur.execute(
            "SELECT min(starts_at)::DATE FROM sessions WHERE family_id = ? AND status <> 'cancelled'",
            [family_id],
        ).fetchone()[0]
        if first is not None and intake_date > first:
            raise InvalidInput(
                f"The intake date cannot be after the first session ({first:%d %b %Y}).", field="intake_date"
            )
        versions.bump(cur, "families", family_id, expected=expected_version, what="This family")
        cur.execute(
            "UPDATE families SET display_name = ?, date_of_birth = ?, intake_date = ?, notes = ?,"
            " practice_word = ? WHERE id = ?",
            [name, date_of_birth, intake_date, notes, word, family_id],
        )
        new = {
            "display_name": name,
            "date_of_birth": date_of_birth,
            "intake_date": intake_date,
            "notes": notes,
            "practice_word": word,
        }
        old = {k: getattr(family, k) for k in new}
        audit.record_change(cur, actor, "family", family_id, old, new)


def set_family_status(cur, actor, family_id, status, on=None):
    """Pause, discharge (archive) or re-activate a family; return how many booked sessions were cancelled.

    Discharging records the discharge date and cancels sessions booked after it; nothing is deleted.
    """
    family = get_family(cur, actor, family_id)
    if status not in FAMILY_STATUSES:
        raise InvalidInput("Choose active, paused or discharged.", field="status")
    on = on or clock.today()
    cancelled = 0
    with transaction(cur):
        if status == "discharged":
            if on < family.intake_date:
                raise InvalidInput(
                    f"The discharge date cannot be before the intake date ({family.intake_date:%d %b %Y}).",
                    field="discharged_on",
                )
            cancelled = cur.execute(
                "UPDATE sessions SET status = 'cancelled' WHERE family_id = ? AND status = 'booked'"
                " AND starts_at::DATE > ?",
                [family_id, on],
            ).fetchone()[0]
            cur.execute(
                "UPDATE families SET status = 'discharged', discharged_on = ? WHERE id = ?", [on, family_id]
            )
        else:
            cur.execute(
                "UPDATE families SET status = ?, discharged_on = NULL WHERE id = ?", [status, family_id]
            )
        versions.bump(cur, "families", family_id)
        audit.record(
            cur, actor, "status", "family", family_id, status=status, on=on, cancelled_sessions=cancelled
        )
    return cancelled


def discharge_family(cur, actor, family_id, on=None):
    """Archive a family as discharged on a date (never deleted); return cancelled bookings."""
    return set_family_status(cur, actor, family_id, "discharged", on)


def pause_family(cur, actor, family_id):
    """Mark a family as paused (no sessions expected for a while)."""
    return set_family_status(cur, actor, family_id, "paused")


def reactivate_family(cur, actor, family_id):
    """Make a paused or discharged family active again."""
    return set_family_status(cur, actor, family_id, "active")


# --- caregivers ---------------------------------------------------------------------------


def add_caregiver(cur, actor, family_id, name, relation, runs_practice=True):
    """Add a caregiver to a family and return its id."""
    require_family(cur, actor, family_id)
    name = _clean_caregiver(name, relation)
    with transaction(cur):
        _check_unique_caregiver(cur, family_id, name)
        carer_id = cur.execute(
            "INSERT INTO caregivers (family_id, name, relation, runs_practice) VALUES (?, ?, ?, ?) RETURNING id",
            [family_id, name, relation, bool(runs_practice)],
        ).fetchone()[0]
        audit.record(cur, actor, "create", "caregiver", carer_id, family_id=family_id)
    return carer_id


def _caregiver_family(cur, actor, caregiver_id):
    row = cur.execute("SELECT family_id FROM caregivers WHERE id = ? AND active", [caregiver_id]).fetchone()
    if row is None:
        raise NotFound("No such caregiver.")
    require_family(cur, actor, row[0])
    return row[0]


def update_caregiver(cur, actor, caregiver_id, name, relation, runs_practice=True, expected_version=None):
    """Change a caregiver's name, relation or whether they run home practice."""
    family_id = _caregiver_family(cur, actor, caregiver_id)
    name = _clean_caregiver(name, relation)
    with transaction(cur):
        _check_unique_caregiver(cur, family_id, name, except_id=caregiver_id)
        old = cur.execute(
            "SELECT name, relation, runs_practice FROM caregivers WHERE id = ?", [caregiver_id]
        ).fetchone()
        versions.bump(cur, "caregivers", caregiver_id, expected=expected_version, what="This caregiver")
        cur.execute(
            "UPDATE caregivers SET name = ?, relation = ?, runs_practice = ? WHERE id = ?",
            [name, relation, bool(runs_practice), caregiver_id],
        )
        new = {"name": name, "relation": relation, "runs_practice": bool(runs_practice)}
        audit.record_change(
            cur, actor, "caregiver", caregiver_id, dict(zip(new, old, strict=True)), new, family_id=family_id
        )


def remove_caregiver(cur, actor, caregiver_id):
    """Take a caregiver off the family's list (kept for the history of who ticked)."""
    family_id = _caregiver_family(cur, actor, caregiver_id)
    with transaction(cur):
        versions.bump(cur, "caregivers", caregiver_id)
        cur.execute("UPDATE caregivers SET active = FALSE WHERE id = ?", [caregiver_id])
        audit.record(cur, actor, "remove", "caregiver", caregiver_id, family_id=family_id)


# --- therapists ---------------------------------------------------------------------------


def link_therapist(cur, actor, family_id, therapist_id, discipline):
    """Link a therapist to a family for one discipline (a family can see several at once)."""
    require_family(cur, actor, family_id)
    with transaction(cur):
        _check_therapist(cur, therapist_id, discipline)
        exists = cur.execute(
            "SELECT count(*) FROM family_therapists WHERE family_id = ? AND therapist_id = ? AND discipline = ?",
            [family_id, therapist_id, discipline],
        ).fetchone()[0]
        if exists:
            raise InvalidInput("That therapist is already linked for this discipline.", field="therapist")
        cur.execute(
            "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, ?)",
            [family_id, therapist_id, discipline],
        )
        audit.record(
            cur, actor, "link", "family", family_id, therapist_id=therapist_id, discipline=discipline
        )


def unlink_therapist(cur, actor, family_id, therapist_id, discipline):
    """Remove a therapist's link to a family; the family keeps at least one active therapist.

    The link row is deleted (access checks read these rows); the audit trail keeps the history.
    """
    require_family(cur, actor, family_id)
    with transaction(cur):
        others = cur.execute(
            "SELECT count(*) FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
            " WHERE ft.family_id = ? AND u.active AND NOT (ft.therapist_id = ? AND ft.discipline = ?)",
            [family_id, therapist_id, discipline],
        ).fetchone()[0]
        if not others:
            raise InvalidInput(
                "Link another active therapist first: every family needs one.", field="therapist"
            )
        cur.execute(
            "DELETE FROM family_therapists WHERE family_id = ? AND therapist_id = ? AND discipline = ?",
            [family_id, therapist_id, discipline],
        )
        audit.record(
            cur, actor, "unlink", "family", family_id, therapist_id=therapist_id, discipline=discipline
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
