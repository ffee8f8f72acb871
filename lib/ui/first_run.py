"""The first-run checklist, shown to the clinic lead on the caseload until the clinic is set up."""

import streamlit as st

from lib.accounts import first_run
from lib.ui.database import cursor


def checklist(actor):
    """Show the set-up steps with a link to each page, while any is left (lead only)."""
    if actor is None or not actor.is_lead:
        return
    with cursor() as cur:
        steps = first_run.checklist(cur, actor)
    if all(step.done for step in steps):
        return
    with st.container(border=True, key="first_run"):
        done = sum(step.done for step in steps)
        st.subheader(f"Setting up the clinic: {done} of {len(steps)} done", anchor=False)
        for number, step in enumerate(steps, start=1):
            icon = ":material/check_circle:" if step.done else ":material/radio_button_unchecked:"
            st.page_link(step.page, label=f"{number}. {step.label}", icon=icon, help=step.help)
        st.page_link(
            "pages/data_exchange.py",
            label="Coming from spreadsheets? Import families, sessions and past ticks",
            icon=":material/upload_file:",
        )
