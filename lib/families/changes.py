"""The family write side: create, edit, pause, discharge; caregivers; therapist links. Each is audited."""

from lib import audit, clock, versions
from lib.access import require_family, require_whole_caseload
from lib.db import transaction
from lib.errors import InvalidInput, NotFound
from lib.families.checks import (
    check_therapist,
    check_unique_caregiver,
    clean_caregiver,
    clean_family,
)
from lib.families.contact import Contact, changed_fields, clean_contact, consent_day
from lib.families.records import get_family
from lib.inputs import Problems
from lib.models import FAMILY_STATUSES
from lib.words import date_text

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
    problems = Problems()  # every problem of the form at once, each under its field
    name, notes, word = clean_family(
        display_name, intake_date, date_of_birth, notes, practice_word, today, problems
    )
    links = list(dict.fromkeys((int(t), d) for t, d in therapists))
    if not actor.is_lead and actor.id not in [t for t, _ in links]:
        links.insert(0, (actor.id, actor.discipline or "other"))
    with problems.check():
        if not links:
            raise InvalidInput("Link at least one therapist to the family.", field="therapists")
        for therapist_id, discipline in links:
            check_therapist(cur, therapist_id, discipline)
    seen = set()
    clean_carers = []
    for row, (carer_name, relation, runs) in enumerate(caregivers):
        with problems.check():
            try:
                carer_name = clean_caregiver(carer_name, relation)
            except InvalidInput as exc:  # named by its row: each row shows its own
                raise InvalidInput(str(exc), field=f"caregiver_{row}") from None
            if carer_name.lower() in seen:
                raise InvalidInput(
                    f"Two caregivers are called {carer_name}: use distinct names.", field=f"caregiver_{row}"
                )
            seen.add(carer_name.lower())
            clean_carers.append((carer_name, relation, bool(runs)))
    problems.raise_any()
    with transaction(cur):
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
    *,
    expected_version,
):
    """Save a family's details (name, dates, notes, word for practice).

    expected_version: the version the form showed; another saved since raises StaleVersion."""
    family = get_family(cur, actor, family_id)
    today = today or clock.today()
    problems = Problems()  # every problem of the form at once, each under its field
    name, notes, word = clean_family(
        display_name, intake_date, date_of_birth, notes, practice_word, today, problems
    )
    first = cur.execute(
        "SELECT min(starts_at)::DATE FROM sessions WHERE family_id = ? AND status <> 'cancelled'",
        [family_id],
    ).fetchone()[0]
    with problems.check():
        if not problems.has("intake_date"):
            if family.discharged_on is not None and intake_date > family.discharged_on:
                raise InvalidInput(
                    f"The intake date cannot be after the discharge date ({date_text(family.discharged_on)}).",
                    field="intake_date",
                )
            if first is not None and intake_date > first:
                raise InvalidInput(
                    f"The intake date cannot be after the first session ({date_text(first)}).",
                    field="intake_date",
                )
    problems.raise_any()
    with transaction(cur):
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
                    f"The discharge date cannot be before the intake date ({date_text(family.intake_date)}).",
                    field="discharged_on",
                )
            cancelled = cur.execute(
                "UPDATE sessions SET status = 'cancelled' WHERE family_id = ? AND status = 'booked'"
                " AND starts_at::DATE > ?",
                [family_id, on],
            ).fetchone()[0]
            cur.execute(
                "UPDATE families SET status = 'discharged', discharged_on = ?, paused_from = NULL,"
                " check_in_on = NULL WHERE id = ?",
                [on, family_id],
            )
        else:
            # a planned break's dates belong to that break: a status set by hand ends or replaces it
            cur.execute(
                "UPDATE families SET status = ?, discharged_on = NULL, paused_from = NULL, check_in_on = NULL"
                " WHERE id = ?",
                [status, family_id],
            )
        versions.bump(cur, "families", family_id, expected=versions.ANY)
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


def add_caregiver(cur, actor, family_id, name, relation, runs_practice=True, contact=None):
    """Add a caregiver to a family and return its id.

    contact: a families.Contact (phone, email, reminder way, consent); consent is dated today."""
    require_family(cur, actor, family_id)
    name = clean_caregiver(name, relation)
    contact = clean_contact(contact or Contact())
    consent_on = consent_day(False, None, contact.consent, clock.today())
    with transaction(cur):
        check_unique_caregiver(cur, family_id, name)
        carer_id = cur.execute(
            "INSERT INTO caregivers (family_id, name, relation, runs_practice, phone, email, reminder_way,"
            " contact_consent, contact_consent_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                family_id,
                name,
                relation,
                bool(runs_practice),
                contact.phone or None,
                contact.email or None,
                contact.reminder_way,
                contact.consent,
                consent_on,
            ],
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "create",
            "caregiver",
            carer_id,
            family_id=family_id,
            # which contact details were given, never the details themselves
            contact_given=changed_fields({}, {"phone": contact.phone, "email": contact.email}),
            reminder_way=contact.reminder_way,
            contact_consent=contact.consent,
            contact_consent_on=consent_on,
        )
    return carer_id


def _caregiver_family(cur, actor, caregiver_id):
    row = cur.execute("SELECT family_id FROM caregivers WHERE id = ? AND active", [caregiver_id]).fetchone()
    if row is None:
        raise NotFound("No such caregiver.")
    require_family(cur, actor, row[0])
    return row[0]


def update_caregiver(
    cur, actor, caregiver_id, name, relation, runs_practice=True, contact=None, *, expected_version
):
    """Change a caregiver's name, relation, whether they run home practice and (given) their contact.

    contact: a families.Contact, or None to keep the stored one. Consent newly ticked is dated
    today (lib.clock); withdrawn, its date is cleared. The audit says which of phone and email
    changed, never their values."""
    family_id = _caregiver_family(cur, actor, caregiver_id)
    name = clean_caregiver(name, relation)
    contact = clean_contact(contact) if contact is not None else None
    with transaction(cur):
        check_unique_caregiver(cur, family_id, name, except_id=caregiver_id)
        found = cur.execute(
            "SELECT name, relation, runs_practice, coalesce(phone, ''), coalesce(email, ''), reminder_way,"
            " coalesce(contact_consent, FALSE), contact_consent_on FROM caregivers WHERE id = ?",
            [caregiver_id],
        ).fetchone()
        old = dict(
            zip(
                (
                    "name",
                    "relation",
                    "runs_practice",
                    "phone",
                    "email",
                    "reminder_way",
                    "contact_consent",
                    "contact_consent_on",
                ),
                found,
                strict=True,
            )
        )
        if contact is None:  # the stored contact stays as it is
            contact = Contact(old["phone"], old["email"], old["reminder_way"], old["contact_consent"])
        consent_on = consent_day(
            old["contact_consent"], old["contact_consent_on"], contact.consent, clock.today()
        )
        versions.bump(cur, "caregivers", caregiver_id, expected=expected_version, what="This caregiver")
        cur.execute(
            "UPDATE caregivers SET name = ?, relation = ?, runs_practice = ?, phone = ?, email = ?,"
            " reminder_way = ?, contact_consent = ?, contact_consent_on = ? WHERE id = ?",
            [
                name,
                relation,
                bool(runs_practice),
                contact.phone or None,
                contact.email or None,
                contact.reminder_way,
                contact.consent,
                consent_on,
                caregiver_id,
            ],
        )
        new = {
            "name": name,
            "relation": relation,
            "runs_practice": bool(runs_practice),
            "reminder_way": contact.reminder_way,
            "contact_consent": contact.consent,
            "contact_consent_on": consent_on,
        }
        contact_changed = changed_fields(old, {"phone": contact.phone, "email": contact.email})
        audit.record_change(
            cur,
            actor,
            "caregiver",
            caregiver_id,
            {k: old[k] for k in new},
            new,
            family_id=family_id,
            **({"contact_changed": contact_changed} if contact_changed else {}),
        )


def remove_caregiver(cur, actor, caregiver_id):
    """Take a caregiver off the family's list (kept for the history of who ticked)."""
    family_id = _caregiver_family(cur, actor, caregiver_id)
    with transaction(cur):
        versions.bump(cur, "caregivers", caregiver_id, expected=versions.ANY)
        cur.execute("UPDATE caregivers SET active = FALSE WHERE id = ?", [caregiver_id])
        audit.record(cur, actor, "remove", "caregiver", caregiver_id, family_id=family_id)


# --- therapists ---------------------------------------------------------------------------


def link_therapist(cur, actor, family_id, therapist_id, discipline):
    """Link a therapist to a family for one discipline (a family can see several at once)."""
    require_family(cur, actor, family_id)
    with transaction(cur):
        check_therapist(cur, therapist_id, discipline)
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
