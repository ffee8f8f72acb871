"""Caregivers, therapist links and the family's status (pause, discharge, re-activate)."""

import streamlit as st

from lib import clock, families, ui
from lib.sessions import follow_through
from lib.text import md_escape
from lib.ui import form_versions
from lib.ui.family_forms import relation_label, therapist_label
from lib.words import DISCIPLINES, date_input_format, date_text

CONTACT_FIELDS = ("phone", "email", "way", "consent")
WAYS = [None, *families.REMINDER_WAYS]
CONSENT_HELP = (
    "Tick only when they said yes. The date is recorded today; untick it if they change their mind."
)


def _way_label(way):
    return "Not chosen yet" if way is None else families.REMINDER_WAYS[way][0]


def _contact(prefix):
    """Return the families.Contact typed in the inputs named prefix_phone, prefix_email..."""
    s = st.session_state
    return families.Contact(
        s[f"{prefix}_phone"], s[f"{prefix}_email"], s[f"{prefix}_way"], s[f"{prefix}_consent"]
    )


def contact_inputs(form, prefix, carer=None):
    """Phone, email, reminder way and consent inputs, each with its own error message under it."""
    phone_col, email_col = st.columns(2)
    phone_col.text_input("Phone (optional)", value=carer.phone if carer else "", key=f"{prefix}_phone")
    email_col.text_input("Email (optional)", value=carer.email if carer else "", key=f"{prefix}_email")
    with phone_col:
        ui.field_error(form, "phone")
    with email_col:
        ui.field_error(form, "email")
    way = carer.reminder_way if carer else None
    st.selectbox(
        "How they like to be reminded",
        WAYS,
        index=WAYS.index(way) if way in WAYS else 0,
        format_func=_way_label,
        key=f"{prefix}_way",
    )
    ui.field_error(form, "reminder_way")
    st.checkbox(
        "Agreed to be contacted by the clinic",
        value=carer.contact_consent if carer else False,
        key=f"{prefix}_consent",
        help=CONSENT_HELP,
    )
    if carer and carer.contact_consent and carer.contact_consent_on:
        st.caption(f"Agreed on {date_text(carer.contact_consent_on)}.")


def caregivers_editor(actor, family_id, caregivers):
    """List caregivers with an edit form each, a remove button, and a form to add one."""
    s = st.session_state
    if not caregivers:
        st.info("No caregivers yet. Add the people who help with home practice.")
    for carer in caregivers:
        carer_id, name, relation, runs = carer.id, carer.name, carer.relation, carer.runs_practice
        form = f"carer_{carer_id}"
        with st.expander(md_escape(f"{name}, {relation}"), icon=":material/person:"):

            def save(carer_id=carer_id, form=form):
                form_versions.save(
                    form,
                    lambda cur, shown: families.update_caregiver(
                        cur,
                        actor,
                        carer_id,
                        s[f"{form}_name"],
                        s[f"{form}_rel"],
                        s[f"{form}_runs"],
                        contact=_contact(form),
                        expected_version=shown.get(carer_id),
                    ),
                    "Caregiver saved.",
                    inputs=(
                        f"{form}_name",
                        f"{form}_rel",
                        f"{form}_runs",
                        *(f"{form}_{f}" for f in CONTACT_FIELDS),
                    ),
                )

            form_versions.shown(form, "caregivers", carer_id)
            with st.form(form):
                st.text_input("Name", value=name, key=f"{form}_name")
                ui.field_error(form, "name")
                st.selectbox(
                    "Relation",
                    families.RELATIONS,
                    index=families.RELATIONS.index(relation),
                    format_func=relation_label,
                    key=f"{form}_rel",
                )
                st.checkbox("Runs home practice", value=runs, key=f"{form}_runs")
                contact_inputs(form, form, carer)
                st.form_submit_button("Save caregiver", on_click=save, key=f"{form}_save")
            st.button(
                "Remove from this family",
                key=f"{form}_remove",
                on_click=ui.run_write,
                args=(
                    form,
                    lambda cur, c=carer_id: families.remove_caregiver(cur, actor, c),
                    "Caregiver removed.",
                ),
                icon=":material/person_remove:",
            )
            ui.feedback(form)

    def add():
        ui.run_write(
            "add_carer",
            lambda cur: families.add_caregiver(
                cur, actor, family_id, s["ac_name"], s["ac_rel"], s["ac_runs"], contact=_contact("ac")
            ),
            "Caregiver added.",
        )

    with st.form("add_carer", clear_on_submit=False):
        st.markdown("**Add a caregiver**")
        name_col, rel_col, runs_col = st.columns([3, 2, 2], vertical_alignment="bottom")
        name_col.text_input("Name", key="ac_name")
        rel_col.selectbox("Relation", families.RELATIONS, format_func=relation_label, key="ac_rel")
        runs_col.checkbox("Runs home practice", value=True, key="ac_runs")
        ui.field_error("add_carer", "name", "relation")
        contact_inputs("add_carer", "ac")
        st.form_submit_button("Add caregiver", on_click=add, key="ac_submit", icon=":material/person_add:")
    ui.feedback("add_carer")


def therapists_editor(actor, family_id, therapists):
    """List the family's therapists with a remove button each, and a form to link another."""
    s = st.session_state
    for linked in therapists:
        therapist_id, name, discipline, active = (
            linked.id,
            linked.display_name,
            linked.discipline,
            linked.active,
        )
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.text(f"{name} ({discipline})" + ("" if active else " - account deactivated, needs reassignment"))
        right.button(
            "Remove",
            key=f"unlink_{therapist_id}_{discipline}",
            on_click=ui.run_write,
            args=(
                "links",
                lambda cur, t=therapist_id, d=discipline: families.unlink_therapist(
                    cur, actor, family_id, t, d
                ),
                "Therapist removed from this family.",
            ),
        )
    ui.feedback("links")
    with ui.cursor() as cur:
        choices = families.list_therapist_choices(cur, actor)
    disciplines = {c.id: c.discipline for c in choices}

    def link():
        therapist = s.get("lt_therapist")
        discipline = s.get("lt_discipline") or disciplines.get(therapist) or "other"
        ui.run_write(
            "link_therapist",
            lambda cur: families.link_therapist(cur, actor, family_id, therapist, discipline),
            "Therapist linked.",
        )

    with st.form("link_therapist"):
        st.markdown("**Link a therapist**")
        left, right = st.columns(2)
        left.selectbox(
            "Therapist",
            [c.id for c in choices],
            index=None,
            format_func=therapist_label(choices),
            key="lt_therapist",
            placeholder="Choose a therapist",
        )
        right.selectbox("Discipline", DISCIPLINES, index=None, key="lt_discipline", placeholder="Their own")
        ui.field_error("link_therapist", "therapist", "discipline")
        st.form_submit_button("Link therapist", on_click=link, key="lt_submit", icon=":material/link:")
    ui.feedback("link_therapist")


def status_panel(actor, family):
    """Pause, discharge (archive, with a date) or re-activate the family."""
    if family.status == "discharged":
        st.info(
            f"Discharged on {date_text(family.discharged_on)}. The records are kept.",
            icon=":material/archive:",
        )
    elif ahead := family.break_ahead(clock.today()):
        st.info(
            f"A planned break starts on {date_text(ahead)}, with a check-in on {date_text(family.check_in_on)}."
            " Until then, sessions and home practice run as usual.",
            icon=":material/event_upcoming:",
        )
    elif family.status == "paused":
        st.info("Paused: no sessions are expected for now.", icon=":material/pause_circle:")
    else:
        st.text("Active: sessions and home practice are running.")

    def change(status):
        labels = {"active": "Family re-activated.", "paused": "Family paused."}
        ui.run_write(
            "status", lambda cur: families.set_family_status(cur, actor, family.id, status), labels[status]
        )

    def call_off():
        ui.run_write(
            "status",
            lambda cur: follow_through.cancel_break(cur, actor, family.id),
            "Planned break called off: the tasks go on as before.",
        )

    if family.break_ahead(clock.today()):
        st.button("Call off the planned break", key="st_cancel_break", on_click=call_off, type="primary")
    elif family.status != "active":
        st.button(
            "Re-activate family", key="st_reactivate", on_click=change, args=("active",), type="primary"
        )
    if family.status == "active":
        st.button("Pause family", key="st_pause", on_click=change, args=("paused",))
    ui.feedback("status")
    if family.status == "discharged":
        ui.feedback("discharge")
        return

    def discharge():
        ui.run_write(
            "discharge",
            lambda cur: families.discharge_family(cur, actor, family.id, st.session_state["st_discharge_on"]),
            lambda cancelled: (
                "Family discharged."
                + (f" {cancelled} booked session(s) after that date were cancelled." if cancelled else "")
            ),
        )

    with st.form("discharge"):
        st.markdown("**Discharge** (archives the family; nothing is deleted and it can be re-activated)")
        st.date_input(
            "Discharge date", value=clock.today(), key="st_discharge_on", format=date_input_format()
        )
        ui.field_error("discharge", "discharged_on")
        st.form_submit_button("Discharge family", on_click=discharge, key="st_discharge")
    ui.feedback("discharge")
