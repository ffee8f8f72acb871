"""Families: the records every screen hangs on, with their caregivers and therapists.

records  the read side: one family, the caseload list, caregivers, linked therapists (dataclasses)
checks   the rules names, dates, notes, caregivers and therapist links must meet
contact  how to reach a caregiver: phone, email, reminder way, consent (never audited as values)
changes  the write side: create, edit, pause, discharge; caregivers; therapist links (audited)
"""

from lib.families.changes import (
    add_caregiver,
    create_family,
    discharge_family,
    link_therapist,
    pause_family,
    reactivate_family,
    remove_caregiver,
    set_family_status,
    unlink_therapist,
    update_caregiver,
    update_family,
)
from lib.families.checks import MAX_NAME, MAX_NOTES, MAX_WORD, RELATIONS
from lib.families.contact import REMINDER_WAYS, Contact
from lib.families.records import (
    Caregiver,
    FamilyListing,
    LinkedTherapist,
    TherapistChoice,
    families_needing_reassignment,
    get_family,
    list_caregivers,
    list_families,
    list_family_therapists,
    list_therapist_choices,
    needs_reassignment,
)

__all__ = [
    "MAX_NAME",
    "MAX_NOTES",
    "MAX_WORD",
    "RELATIONS",
    "REMINDER_WAYS",
    "Caregiver",
    "Contact",
    "FamilyListing",
    "LinkedTherapist",
    "TherapistChoice",
    "add_caregiver",
    "create_family",
    "discharge_family",
    "families_needing_reassignment",
    "get_family",
    "link_therapist",
    "list_caregivers",
    "list_families",
    "list_family_therapists",
    "list_therapist_choices",
    "needs_reassignment",
    "pause_family",
    "reactivate_family",
    "remove_caregiver",
    "set_family_status",
    "unlink_therapist",
    "update_caregiver",
    "update_family",
]
