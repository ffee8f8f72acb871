"""Caseload: the families the logged-in therapist (or the whole clinic) looks after."""

import streamlit as st

from lib import caseload, ui

actor = ui.require_actor()
st.title("Caseload")
mine = False
if actor.is_lead:
    mine = st.toggle("Only my own families", key="caseload_mine")
with ui.cursor() as cur:
    table = caseload.caseload(cur, actor, mine_only=mine)

if table.empty:
    st.info("No families yet. Families you are linked to will appear here.")
    st.stop()

st.caption(f"{len(table)} families. Select a row to open the family.")
picked = st.dataframe(
    table.drop(columns=["family_id"]),
    key="caseload_table",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    width="stretch",
    column_config={
        "family": "Family",
        "status": "Status",
        "therapists": "Therapists",
        "last_tick": st.column_config.DateColumn("Last tick", format="D MMM YYYY"),
        "last_session": st.column_config.DateColumn("Last session", format="D MMM YYYY"),
        "next_session": st.column_config.DateColumn("Next session", format="D MMM YYYY"),
    },
)
rows = picked.selection.rows if picked else []
if rows:
    ui.open_family(table.iloc[rows[0]]["family_id"])
