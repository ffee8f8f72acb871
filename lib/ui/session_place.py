"""Where the therapist is in a session, kept with the session (lib.sessions.session_mode.keep_place).

Each run of the cue card keeps its agenda step and the open guide's place; a new browser session
(a reload, a typed address, signing in again) takes them back, as it takes back session mode itself.
"""

import streamlit as st

from lib.sessions import session_mode
from lib.ui.cue_card import GUIDE_KEY
from lib.ui.database import cursor
from lib.ui.guide_state import state_key
from lib.ui.messages import feedback, run_write

STEP = "sess_step"  # the agenda step on the cue card
GUIDE_ON = "sess_guide"  # the "Talk it through with the conversation guide" toggle


def restore(actor, family_id, session_id):
    """Take back the kept agenda step and guide place, once per browser session; return the step."""
    if STEP in st.session_state:
        return st.session_state[STEP]
    with cursor() as cur:
        place = session_mode.session_place(cur, actor, session_id)
    st.session_state[STEP] = place.step
    if place.guide:
        key = state_key(family_id, place.guide["assignment_id"])
        kept = {k: place.guide[k] for k in session_mode.GUIDE_PLACE if k != "assignment_id"}
        st.session_state[key] = {**kept, "messages": {}, "note": "", "error": None}
        st.session_state[GUIDE_ON] = True
        st.session_state[GUIDE_KEY] = key
    return place.step


def _guide_place():
    key = st.session_state.get(GUIDE_KEY)
    found = st.session_state.get(key) if key and st.session_state.get(GUIDE_ON) else None
    if not found:
        return None
    kept = {k: found.get(k) for k in session_mode.GUIDE_PLACE if k != "assignment_id"}
    return {**kept, "assignment_id": int(key.rsplit("_", 1)[1])}


def keep(actor, session_id):
    """Keep where the cue card is now (written only when it changed)."""
    step, guide = st.session_state.get(STEP, 0), _guide_place()
    if not run_write("sess_place", lambda cur: session_mode.keep_place(cur, actor, session_id, step, guide)):
        feedback("sess_place")
