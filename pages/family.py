"""One family at a glance: details, caregivers, therapists and sessions."""

import streamlit as st

from lib import ui
from lib.ui import family_sections, family_sessions, family_view, goals_view

actor = ui.require_actor()
family_id = ui.selected_family_id()
if family_id is None:
    st.title("Family")
    st.info("Choose a family from the caseload, or find one by name in the sidebar.")
    st.stop()


try:
    family, therapists, caregivers, gap, inactive = family_view.load(actor, family_id)
except ui.CALM_ERRORS as exc:
    st.title("Family")
    ui.show_error(exc)
    st.stop()
st.session_state["family_id"] = family.id

family_view.heading(family, family.practice_word or ui.settings()["practice_word"])
family_view.reassignment_warning(inactive)
family_sessions.gap_summary(gap)
family_sections.actions(actor, family.id)

# One tab per area; a rerun on switching tabs lets the charts be built only when opened
overview, practice, charts, sessions_tab, talks, goals_tab = st.tabs(
    ["Overview", "Home practice", "Practice charts", "Sessions", "Conversations", "Goals"],
    key="family_tab",
    on_change="rerun",
)
with overview:
    family_view.people(caregivers, therapists)
    family_view.notes(family.notes)
# Charts, sessions and conversations are built when their tab is opened: nobody waits for
# what they do not see (the first two tabs are what a therapist opens a family for).
family_sections.practice_tabs(actor, family.id, practice, charts, talks)
with sessions_tab:
    if sessions_tab.open is not False:
        links = [(t.id, t.discipline, f"{t.display_name} ({t.discipline})") for t in therapists if t.active]
        family_sessions.sessions_tab(actor, family, links)
with goals_tab:
    if goals_tab.open is not False:
        goals_view.goals_tab(
            actor, family.id, sorted({t.discipline for t in therapists if t.active}) or ["other"]
        )
