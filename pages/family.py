"""One family at a glance: details, caregivers and therapists."""

import streamlit as st

from lib import families, ui
from lib.errors import DomainError

actor = ui.require_actor()
family_id = ui.selected_family_id()
if family_id is None:
    st.title("Family")
    st.info("Choose a family from the caseload.")
    st.stop()

try:
    with ui.cursor() as cur:
        family = families.get_family(cur, actor, family_id)
        therapists = families.list_family_therapists(cur, actor, family_id)
        caregivers = families.list_caregivers(cur, actor, family_id)
except DomainError as exc:
    st.title("Family")
    ui.show_error(exc)
    st.stop()

st.title(family.display_name, anchor=False)
cols = st.columns(4)
cols[0].metric("Status", family.status.capitalize())
cols[1].metric("Intake", family.intake_date.strftime("%d %b %Y"))
cols[2].metric(
    "Date of birth", family.date_of_birth.strftime("%d %b %Y") if family.date_of_birth else "not given"
)
cols[3].metric("Word for practice", family.practice_word or ui.settings()["practice_word"])

left, right = st.columns(2)
with left:
    st.subheader("Therapists")
    for _, name, discipline, active in therapists:
        st.text(f"{name} ({discipline})" + ("" if active else " - account deactivated"))
with right:
    st.subheader("Caregivers")
    if not caregivers:
        st.text("No caregivers recorded yet.")
    for _, name, relation, runs in caregivers:
        st.text(f"{name}, {relation}" + (", runs home practice" if runs else ""))
if family.notes:
    st.subheader("Notes")
    st.text(family.notes)
