"""The therapist's window in session mode: a word two minutes before an idle sign-out, and "I'm still here".

The check runs on its own every CHECK_EVERY (a fragment) and only reads the sign-in session
(lib.ui.signin.checked_sign_in): waiting, like the family screen's polling, is not use. The
button is: it starts the idle time again (lib.accounts.signin.still_here). When the sign-in has
run out, the whole window runs again and shows that it is signed out.
"""

import streamlit as st

from lib.accounts import signin
from lib.ui.messages import feedback, run_write
from lib.ui.signin import checked_sign_in

CHECK_EVERY = "15s"  # the word comes between 2:00 and 1:45 before the end
BUTTON = "idle_still_here"
# the word floats at the top of the window, wherever the cue card is scrolled to; constant CSS
IDLE_CSS = """
<style>
.st-key-idle_word { position: fixed; top: 4.5rem; right: 2rem; z-index: 999990; max-width: 30rem;
  background: #FBFAF7; border-radius: .6rem; padding: .6rem; box-shadow: 0 .3rem 1.2rem rgba(0,0,0,.18); }
</style>
"""


def _still_here():
    found = checked_sign_in()
    if found is not None:  # ended already: the check that follows shows the window signed out
        run_write(BUTTON, lambda cur: signin.still_here(cur, found))


@st.fragment(run_every=CHECK_EVERY)
def watch():
    """Warn before an idle sign-out, with "I'm still here"; show the window signed out once it ran out."""
    found = checked_sign_in()
    if found is None:
        st.rerun()  # the whole window: app.py then shows "signed out" and the way to sign in again
    ends = signin.idle_warning(found)
    if ends is None:
        return
    st.html(IDLE_CSS)
    with st.container(key="idle_word"):
        st.warning(
            f"Nothing has been done in this window for a while. To keep the session safe, it signs out "
            f"at {ends:%H:%M} unless you are still here.",
            icon=":material/timer:",
        )
        st.button("I'm still here", key=BUTTON, on_click=_still_here, type="primary")
        feedback(BUTTON)
