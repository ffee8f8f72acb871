"""Add a family, or edit one: details, caregivers, therapists, and pause/discharge/re-activate."""

import streamlit as st

from lib import ui
from lib.text import md_escape
from lib.ui import family_forms, family_people

actor = ui.require_actor()
# Opened from a family's "Edit family" button the URL names the family; from the menu it adds one.
raw = st.query_params.get("family")
family_id = int(raw) if raw and raw.isdigit() else None

if family_id is None:
    st.title("Add a family")
    st.caption(
        "The child's first name or initials, the intake date and the caregivers who help with "
        "home practice. You can add more caregivers and therapists afterwards."
    )
    family_forms.create_form(actor)
    st.stop()

try:
    family, caregivers, therapists = family_forms.load_family(actor, family_id)
except ui.CALM_ERRORS as exc:
    st.title("Edit family")
    ui.show_error(exc)
    st.stop()

st.title(f"Edit {md_escape(family.display_name)}", anchor=False)
if st.button("Back to the family page", key="edit_back", icon=":material/arrow_back:"):
    ui.open_family(family.id)

details, carers, links, status = st.tabs(["Details", "Caregivers", "Therapists", "Status"])
with details:
    family_forms.details_form(actor, family)
with carers:
    family_people.caregivers_editor(actor, family.id, caregivers)
with links:
    family_people.therapists_editor(actor, family.id, therapists)
with status:
    family_people.status_panel(actor, family)
