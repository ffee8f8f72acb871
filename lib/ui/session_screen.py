"""Session mode's reads, each on a cursor of its own: where to start, the running session, the family screen.

The parts drawn are session_view's (the therapist's window) and cue_card's (the family screen).
"""

import streamlit as st

from lib import families
from lib.sessions import follow_through, presenter, session_mode
from lib.text import md_escape
from lib.ui import session_view
from lib.ui.database import cursor


def load_start(actor, today):
    """Return (today's bookings, {family id: practice to confirm} of those that ask for it, the session left open)."""
    with cursor() as cur:
        booked = session_mode.todays_sessions(cur, actor, today)
        confirmations = {
            b.family_id: follow_through.confirmation_words(cur, actor, b.family_id)
            for b in booked
            if b.needs_practice_confirmed
        }
        return booked, confirmations, presenter.open_session(cur, actor)


def agenda(actor, family_id, session_id, step, today):
    """Show the running session: its title, the presenter bar, the agenda, then the step's section."""
    with cursor() as cur:
        family = families.get_family(cur, actor, family_id)
        done = session_mode.agenda_done(cur, actor, session_id)
        st.title("Session with " + md_escape(family.display_name), anchor=False)
        session_view.presenter_bar(cur, actor, session_id)
        session_view.agenda_bar(step, done)
        st.divider()
        [session_view.recap, session_view.review, session_view.next_tasks][step](
            cur, actor, family_id, *([session_id] if step == 1 else []), today
        )


def family_view(actor, session_id):
    """Return what the family screen shows now (lib.sessions.presenter.family_view)."""
    with cursor() as cur:
        return presenter.family_view(cur, actor, session_id)
