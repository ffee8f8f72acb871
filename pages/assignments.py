"""Home practice tasks for the selected family: set and change them, and the family's view."""

import streamlit as st

from lib import ui
from lib.errors import DomainError
from lib.text import md_escape
from lib.ui import assignments_view as view

actor = ui.require_actor()
st.title("Home practice tasks")
family_id = ui.selected_family_id()
if family_id is None:
    ui.family_picker(actor, "as_family_pick", label="Which family?")
    st.caption("Or open a family from the caseload.")
    st.stop()

try:
    family, tasks, cards = view.load(actor, family_id)
except DomainError as exc:
    ui.show_error(exc)
    st.stop()

st.subheader(md_escape(family.display_name), anchor=False)
st.session_state.setdefault(view.SECTION, "Tasks")
section = st.segmented_control("Show", ["Tasks", "Set a task", "Family view"], key=view.SECTION)
ui.feedback(view.SAVED)

if section == "Family view":
    st.caption("What the family sees: only this family's tasks, in plain words.")
    if not cards:
        st.info("No active tasks right now.")
    for card in cards:
        view.render_task_card(card)
elif section == "Set a task":
    view.render_assignment_form(actor, family_id)
else:
    if not tasks:
        st.info("No active tasks yet. Choose 'Set a task' to add one, perhaps from a template.")
    for task in tasks:
        with st.expander(md_escape(view.task_label(task))):
            view.render_task_actions(actor, task)
