"""The family screen: the one window shared with the family during a session (open with ?session=N).

It shows only lib.sessions.presenter.family_view, refreshed every 1.5 s from what the therapist's cue
card published; without a sign-in or a running session it shows a neutral screen.
"""

import streamlit as st

from lib import ui
from lib.ui import cue_card, session_screen

st.html(cue_card.FAMILY_CSS)
actor = ui.current_actor()
raw = st.query_params.get("session", "")
session_id = int(raw) if raw.isdigit() else None

if actor is None or session_id is None:
    cue_card.neutral_screen()
    if actor is None:
        cue_card.sign_in_folded(session_id)
    st.stop()


@st.fragment(run_every="1.5s")
def _screen():
    try:
        view = session_screen.family_view(actor, session_id)
    except ui.CALM_ERRORS:
        cue_card.neutral_screen()  # not this therapist's session, or gone: say nothing about it
        return
    cue_card.render_family_view(view)


_screen()
