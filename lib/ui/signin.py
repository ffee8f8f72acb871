"""Who is signed in to this browser: the session cookie set by lib.web, checked on every run.

A real browser always brings the `hp_session` cookie (lib.web refuses the WebSocket without a
valid one); the session row carries session mode, so a reload keeps it.
"""

import streamlit as st

from lib.accounts import signin
from lib.ui.database import cursor, use_clinic_formats

SIGNED_IN = "_signed_in"  # (sign-in session id, actor) of this run


def _token():
    value = st.context.cookies.get(signin.COOKIE)
    return value if isinstance(value, str) else None  # AppTest answers with a stand-in object


def signed_in(settings=None):
    """Return this browser's valid sign-in session (lib.accounts.signin.SignedIn), or None.

    settings: the clinic's, when the run has read them already."""
    token = _token()
    if not token:
        return None
    with cursor() as cur:
        found = signin.validate(cur, token, settings=settings)
        return signin.touch(cur, found) if found else None


def checked_sign_in():
    """Return this browser's valid sign-in session, or None, without counting the check as use.

    For a timed check (a fragment's run_every): waiting is not use. An ended one is ended."""
    token = _token()
    if not token:
        return None
    with cursor() as cur:
        return signin.validate(cur, token)


def current_actor():
    """Return the signed-in, still active user of this browser, or None.

    Every run asks this first (app.py, each page, the family screen): it also sets the run's
    date format."""
    found = signed_in(use_clinic_formats())  # the settings read once for both
    if found is None:
        st.session_state.pop(SIGNED_IN, None)
        return None
    st.session_state[SIGNED_IN] = (found.id, found.actor)  # for the family chooser (lib.ui.navigation)
    # mirrored for the pages that read the session on screen
    if found.actor.in_session:
        st.session_state["session_family_id"] = found.actor.session_family_id
        st.session_state["session_id"] = found.session_id
    else:
        st.session_state.pop("session_family_id", None)
        st.session_state.pop("session_id", None)
    return found.actor


def signed_out_notice():
    """Say the sign-in has ended and link to the sign-in page."""
    st.warning("You are signed out: please sign in again.", icon=":material/lock:")
    st.link_button("Sign in", "/login", type="primary", icon=":material/login:")


def require_actor():
    """Return the signed-in user, or stop the page with a link to sign in."""
    actor = current_actor()
    if actor is None:
        signed_out_notice()
        st.stop()
    return actor


LOGOUT_FORM = (
    '<form method="post" action="/logout" style="margin:0">'
    '<button type="submit" style="background:none;border:1px solid #b8c4c2;border-radius:.5rem;'
    'padding:.35rem .9rem;font:inherit;cursor:pointer">Log out</button></form>'
)


def logout_button():
    """Show the log-out button: a plain form posting to /logout (constant HTML, no user text)."""
    st.html(LOGOUT_FORM)
