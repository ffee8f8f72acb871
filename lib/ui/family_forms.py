"""Forms for families: add one, edit its details; errors show next to the field they name."""

from datetime import date

import streamlit as st

from lib import clock, families, ui
from lib.ui import form_versions
from lib.words import DISCIPLINES, date_input_format

NEW_CAREGIVER_ROWS = 3


def load_family(actor, family_id):
    """Return (family, caregivers, therapists) for the edit screen."""
    with ui.cursor() as cur:
        return (
            families.get_family(cur, actor, family_id),
            families.list_caregivers(cur, actor, family_id),
            families.list_family_therapists(cur, actor, family_id),
        )


def relation_label(relation):
    return relation.capitalize()


def therapist_label(choices):
    names = {c.id: f"{c.display_name} ({c.discipline or 'lead'})" for c in choices}
    return lambda t_id: names.get(t_id, "?")


# --- create ------------------------------------------------------------------------------


def _sent_rows():
    """Return the caregiver rows sent with the form (those with a name), in order: row i is caregiver_{n}."""
    return [i for i in range(NEW_CAREGIVER_ROWS) if (st.session_state.get(f"nf_c{i}_name") or "").strip()]


def _create(actor, disciplines):
    s = st.session_state
    carers = [(s[f"nf_c{i}_name"], s[f"nf_c{i}_rel"], s[f"nf_c{i}_runs"]) for i in _sent_rows()]
    links = []
    if actor.is_lead:
        choice = s.get("nf_therapist")
        if choice is not None:
            links.append((choice, s.get("nf_discipline") or disciplines.get(choice) or "other"))
    elif s.get("nf_discipline"):
        links.append((actor.id, s["nf_discipline"]))

    def action(cur):
        return families.create_family(
            cur,
            actor,
            s["nf_name"],
            s["nf_intake"],
            date_of_birth=s["nf_dob"],
            notes=s["nf_notes"],
            practice_word=s["nf_word"],
            caregivers=carers,
            therapists=links,
        )

    ui.run_write("new_family", action, then=lambda new_id: s.update(_new_family=new_id))


def create_form(actor):
    """The form that adds a family with up to three caregivers; opens the family once saved."""
    with ui.cursor() as cur:
        choices = families.list_therapist_choices(cur, actor)
    with st.form("new_family"):
        st.text_input(
            "Child's name or initials",
            key="nf_name",
            help="First name or initials, as the clinic prefers.",
        )
        ui.field_error("new_family", "display_name")
        left, right = st.columns(2)
        left.date_input("Intake date", value=clock.today(), key="nf_intake", format=date_input_format())
        right.date_input(
            "Date of birth (optional)",
            value=None,
            key="nf_dob",
            format=date_input_format(),
            min_value=date(2000, 1, 1),
        )
        ui.field_error("new_family", "intake_date", "date_of_birth")
        who, which = st.columns(2)
        if actor.is_lead:
            who.selectbox(
                "Therapist",
                [c.id for c in choices if c.discipline or c.id == actor.id],  # the lead may link themself
                index=None,
                format_func=therapist_label(choices),
                key="nf_therapist",
                placeholder="Choose a therapist",
            )
        (which if actor.is_lead else who).selectbox(
            "Discipline",
            DISCIPLINES,
            index=None if actor.is_lead else _index(actor.discipline),
            key="nf_discipline",
            placeholder="The therapist's own",
        )
        ui.field_error("new_family", "therapists", "therapist", "discipline")
        st.markdown("**Caregivers** (add more later)")
        sent = _sent_rows()
        for i in range(NEW_CAREGIVER_ROWS):
            name_col, rel_col, runs_col = st.columns([3, 2, 2], vertical_alignment="bottom")
            name_col.text_input(f"Caregiver {i + 1} name", key=f"nf_c{i}_name")
            rel_col.selectbox(
                "Relation", families.RELATIONS, key=f"nf_c{i}_rel", format_func=relation_label, index=i
            )
            runs_col.checkbox("Runs home practice", value=True, key=f"nf_c{i}_runs")
            if i in sent:  # this row's problem, under it
                ui.field_error("new_family", f"caregiver_{sent.index(i)}")
        st.text_input(
            "Word for home practice (optional)",
            key="nf_word",
            help="If the family dislikes the clinic's word, the one they prefer.",
        )
        ui.field_error("new_family", "practice_word")
        st.text_area("Notes (optional)", key="nf_notes", help="Up to 2,000 characters.")
        ui.field_error("new_family", "notes")
        st.form_submit_button(
            "Add family",
            type="primary",
            on_click=_create,
            args=(actor, {c.id: c.discipline for c in choices}),
            key="nf_submit",
        )
    ui.feedback("new_family")
    new_id = st.session_state.pop("_new_family", None)
    if new_id is not None:
        ui.open_family(new_id)


def _index(discipline):
    return DISCIPLINES.index(discipline) if discipline in DISCIPLINES else len(DISCIPLINES) - 1


# --- edit --------------------------------------------------------------------------------


def details_form(actor, family):
    """Edit the family's name, dates, word for practice and notes."""
    s = st.session_state
    inputs = [f"fd_{field}_{family.id}" for field in ("name", "intake", "dob", "notes", "word")]
    form_versions.shown("family_details", "families", family.id)

    def save():
        form_versions.save(
            "family_details",
            lambda cur, shown: families.update_family(
                cur, actor, family.id, *(s[k] for k in inputs), expected_version=shown.get(family.id)
            ),
            "Details saved.",
            inputs=inputs,
        )

    with st.form("family_details"):
        st.text_input("Child's name or initials", value=family.display_name, key=f"fd_name_{family.id}")
        ui.field_error("family_details", "display_name")
        left, right = st.columns(2)
        left.date_input(
            "Intake date", value=family.intake_date, key=f"fd_intake_{family.id}", format=date_input_format()
        )
        right.date_input(
            "Date of birth (optional)",
            value=family.date_of_birth,
            key=f"fd_dob_{family.id}",
            format=date_input_format(),
            min_value=date(2000, 1, 1),
        )
        ui.field_error("family_details", "intake_date", "date_of_birth")
        st.text_input(
            "Word for home practice (optional)", value=family.practice_word or "", key=f"fd_word_{family.id}"
        )
        ui.field_error("family_details", "practice_word")
        st.text_area("Notes", value=family.notes, key=f"fd_notes_{family.id}", help="Up to 2,000 characters.")
        ui.field_error("family_details", "notes")
        st.form_submit_button("Save details", type="primary", on_click=save, key="fd_submit")
    ui.feedback("family_details")
