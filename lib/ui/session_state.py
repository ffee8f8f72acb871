"""Session mode in this browser: one family on a shared screen until the session is ended.

The sign-in session row carries it (lib.accounts.signin), so a reload or a typed address keeps the one
family on screen; only the end-of-session form (the therapist's password) clears it.
"""

import streamlit as st

from lib.accounts import signin
from lib.ui.messages import run_write
from lib.ui.signin import signed_in

# a refused write is shown by the form that started or ended the session (ui.feedback)
START_FORM, END_FORM = "start_session", "sess_end"


def enter_session_mode(family_id, session_id):
    """Show only this family from now on, until the session is ended."""
    for key in list(st.session_state):
        del st.session_state[key]  # no other family's state survives into the session
    st.session_state["session_family_id"] = int(family_id)
    st.session_state["session_id"] = int(session_id)
    found = signed_in()
    if found is not None:
        run_write(
            START_FORM, lambda cur: signin.set_session_mode(cur, found, int(family_id), int(session_id))
        )


def leave_session_mode():
    """Return to the therapist's full view (after the password was checked)."""
    found = signed_in()
    if found is not None:
        run_write(END_FORM, lambda cur: signin.clear_session_mode(cur, found))
    family_id = st.session_state.pop("session_family_id", None)
    st.session_state.pop("session_id", None)
    if family_id is not None:
        st.session_state["family_id"] = family_id
        st.session_state["after_session"] = True
