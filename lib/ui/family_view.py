"""Read-only parts of the family page: its reads, the heading facts, caregivers, therapists and notes."""

import streamlit as st

from lib import clock, families, sessions
from lib.families.contact import consent_text
from lib.text import md_escape
from lib.ui import fresh
from lib.ui.database import cursor
from lib.words import date_text

STATUS_BADGES = {
    "active": ("Active", "green"),
    "paused": ("Paused", "orange"),
    "discharged": ("Discharged", "gray"),
}


def _header(actor, family_id):
    with cursor() as cur:
        return (
            families.get_family(cur, actor, family_id),
            families.list_family_therapists(cur, actor, family_id),
            families.list_caregivers(cur, actor, family_id),
            sessions.session_gap(cur, actor, family_id),
            families.needs_reassignment(cur, actor, family_id),
        )


def load(actor, family_id):
    """Return (family, therapists, caregivers, session gap, therapists to reassign) for the page's header.

    Kept until a write about this family (or the clinic), per day (lib.ui.fresh)."""
    return fresh.per_family(
        actor, family_id, "family_header", lambda: _header(actor, family_id), clock.today()
    )


def heading(family, practice_word):
    """Show the family's name, status badge and key dates."""
    st.title(md_escape(family.display_name), anchor=False)
    label, colour = STATUS_BADGES[family.status]
    ahead = family.break_ahead(clock.today())
    if ahead:  # the break is planned, not started: practice runs until then
        label, colour = f"Active · a planned break starts {date_text(ahead)}", "blue"
    bits = [f"Intake {date_text(family.intake_date)}"]
    if family.date_of_birth:
        bits.append(f"born {date_text(family.date_of_birth)}")
    if family.discharged_on:
        bits.append(f"discharged {date_text(family.discharged_on)}")
    st.badge(label, color=colour)
    st.caption(" · ".join(bits) + f" · practice is called “{md_escape(practice_word)}”")


def reassignment_warning(names):
    """Warn that a linked therapist's account was deactivated."""
    if names:
        st.warning(
            "Needs reassignment: "
            + ", ".join(md_escape(n) for n in names)
            + " can no longer log in. Link another therapist on the edit page.",
            icon=":material/person_alert:",
        )


def people(caregivers, therapists):
    """Show the caregivers and therapists side by side."""
    left, right = st.columns(2)
    with left:
        st.subheader("Caregivers", anchor=False)
        if not caregivers:
            st.text("No caregivers recorded yet.")
        for c in caregivers:
            st.text(f"{c.name}, {c.relation}" + (" · runs home practice" if c.runs_practice else ""))
            contact = [bit for bit in (c.phone, c.email) if bit]
            if c.reminder_way:
                contact.append("reminders: " + families.REMINDER_WAYS[c.reminder_way][0].lower())
            contact.append(consent_text(c.contact_consent, c.contact_consent_on, date_text))
            st.caption(md_escape(" · ".join(contact)))
    with right:
        st.subheader("Therapists", anchor=False)
        if not therapists:
            st.text("No therapist linked.")
        for t in therapists:
            st.text(f"{t.display_name} ({t.discipline})" + ("" if t.active else " - account deactivated"))


def notes(text):
    """Show the family's free-text notes exactly as typed."""
    st.subheader("Notes", anchor=False)
    st.text(text or "No notes.")
