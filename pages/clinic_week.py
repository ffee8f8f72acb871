"""The clinic's week: each therapist's sessions, long gaps and families with nothing booked."""

import streamlit as st

from lib import ui
from lib.ui import week_view

actor = ui.require_actor()
st.title("The week's sessions")
st.caption(
    "Every session of the chosen week, by therapist, and the families whose next session is "
    "not booked or too far away. Select a row to open the family."
    if actor.is_lead
    else "Your sessions of the chosen week, and your families whose next session is not booked "
    "or too far away. Select a row to open the family."
)
day, therapist_id = week_view.choose_week(actor)
week = week_view.load(actor, day, therapist_id)
week_view.heading(week)
week_view.counts(week)

st.subheader("Sessions")
week_view.sessions(week)
st.subheader("Families to book")
week_view.to_act(week)
