"""Session mode: start a session with one family, then show only that family, step by step."""

import streamlit as st

from lib import clock, ui
from lib.sessions import session_mode
from lib.text import md_escape
from lib.ui import cue_card, session_idle, session_place, session_screen, session_view

actor = ui.require_actor()
today = clock.today()


def _start(family_id, session_id=None):
    ui.run_write(
        "start_session",
        lambda cur: session_mode.start_session(cur, actor, family_id, session_id),
        then=lambda started: _from_the_top(family_id, started),
    )


def _from_the_top(family_id, session_id):
    ui.enter_session_mode(family_id, session_id)
    st.session_state[session_place.STEP] = 0  # "Start" begins the agenda; a reload or "Go back to it" resumes


def _resume(family_id, session_id):
    ui.enter_session_mode(family_id, session_id)  # the step and the guide come back from the session


if not actor.in_session:
    st.title("Start a session")
    st.write("Session mode shows only one family, in larger type, so you can share your screen with them.")
    ui.feedback("start_session")
    booked, confirmations, left_open = session_screen.load_start(actor, today)
    if left_open:
        open_id, open_family, open_name, _ = left_open
        st.info("A session is still open: " + md_escape(open_name) + ".", icon=":material/co_present:")
        st.button("Go back to it", key="resume_session", on_click=_resume, args=(open_family, open_id))
    st.subheader("Today's sessions", anchor=False)
    if not booked:
        st.caption("Nothing booked for today.")
    for booking in booked:
        session_id, family_id, name, starts, discipline = (
            booking.id,
            booking.family_id,
            booking.family,
            booking.starts_at,
            booking.discipline,
        )
        cols = st.columns([3, 1])
        cols[0].markdown(f"**{starts:%H:%M}** {md_escape(name)} ({discipline})")
        if booking.needs_practice_confirmed:
            cols[0].caption(":material/task_alt: " + md_escape(confirmations[family_id]))
        cols[1].button(
            "Start", key=f"start_{session_id}", on_click=_start, args=(family_id, session_id), type="primary"
        )
    st.subheader("Another family", anchor=False)
    family_id = ui.family_picker(actor, "start_family", placeholder="Choose")
    if family_id is not None:
        st.button("Start session", key="start_other", on_click=_start, args=(family_id,), type="primary")
    st.stop()

st.html(session_view.SESSION_CSS)
session_idle.watch()  # a word before an idle sign-out, and "I'm still here"
family_id, session_id = actor.session_family_id, st.session_state["session_id"]
step = session_place.restore(actor, family_id, session_id)  # a reload comes back to the same step
session_screen.agenda(actor, family_id, session_id, step, today)


def _go(delta):
    ui.run_write(
        "agenda",
        lambda cur: session_mode.mark_step_done(cur, actor, session_id, session_mode.AGENDA_IDS[step]),
        then=lambda _: st.session_state.update(
            sess_step=max(0, min(len(session_mode.AGENDA) - 1, step + delta))
        ),
    )


st.divider()
back, forward = st.columns(2)
if step > 0:
    back.button("Back", key="sess_back", on_click=_go, args=(-1,), icon=":material/arrow_back:")
if step < len(session_mode.AGENDA) - 1:
    forward.button(
        f"Next: {session_mode.AGENDA[step + 1][1]}",
        key="sess_next",
        on_click=_go,
        args=(1,),
        type="primary",
        icon=":material/arrow_forward:",
    )
else:
    forward.button(
        "Mark the agenda done", key="sess_finish", on_click=_go, args=(0,), icon=":material/done_all:"
    )
ui.feedback("agenda")
session_view.end_form(actor, session_id, ui.settings()["session_exit_password"])
session_place.keep(actor, session_id)  # kept with the session: a reload comes back here
cue_card.publish(actor, session_id)  # the family screen follows what this window shows
