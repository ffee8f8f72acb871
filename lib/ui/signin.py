"""Who is logged in to this browser tab: sign in, sign out, and the current user."""

from dataclasses import replace

import streamlit as st

from lib import auth
from lib.ui.database import cursor


def current_actor():
    """Return the logged-in, still active user of this browser tab, or None."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return None
    with cursor() as cur:
        actor = auth.active_user(cur, user_id)
    if actor is None:
        st.session_state.pop("user_id", None)
        return None
    return replace(actor, session_family_id=st.session_state.get("session_family_id"))


def require_actor():
    """Return the logged-in user, or stop the page with a request to log in."""
    actor = current_actor()
    if actor is None:
        st.warning("Please log in first.", icon=":material/lock:")
        st.stop()
    return actor


def sign_in(actor):
    """Remember the logged-in user for this browser tab."""
    st.session_state.clear()
    st.session_state["user_id"] = actor.id


def sign_out():
    """Forget the user and every UI state of this tab."""
    st.session_state.clear()
