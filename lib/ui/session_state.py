"""Session mode in this browser tab: one family on a shared screen until the session ends."""

import streamlit as st


def enter_session_mode(family_id, session_id):
    """Show only this family from now on, until the session is ended."""
    for key in [k for k in st.session_state if k not in ("user_id",)]:
        del st.session_state[key]  # no other family's state survives into the session
    st.session_state["session_family_id"] = int(family_id)
    st.session_state["session_id"] = int(session_id)


def leave_session_mode():
    """Return to the therapist's full view."""
    family_id = st.session_state.pop("session_family_id", None)
    st.session_state.pop("session_id", None)
    if family_id is not None:
        st.session_state["family_id"] = family_id
        st.session_state["after_session"] = True
