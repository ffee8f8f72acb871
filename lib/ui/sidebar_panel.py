"""The sidebar of every page outside session mode: the clinic, who is logged in, find a family, log out."""

import streamlit as st

from lib.text import md_escape
from lib.ui.database import settings
from lib.ui.navigation import family_picker
from lib.ui.signin import logout_button


def sidebar(actor):
    """Show the clinic's name, who is logged in, a quick family search and the log-out button."""
    with st.sidebar:
        st.caption(md_escape(settings()["clinic_name"]))
        st.markdown(
            f"**{md_escape(actor.display_name)}**  \n{'Clinic lead' if actor.is_lead else actor.discipline or 'Therapist'}"
        )
        family_picker(
            actor,
            "family_search",
            "Find a family",
            statuses=("active", "paused", "discharged"),
            opens=True,
            placeholder="Choose, or type to search",
        )
        logout_button()
