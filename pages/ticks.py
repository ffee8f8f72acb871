"""Ticks & charts: enter a family's week of ticks (or back-fill it from the paper sheet), skip days, charts."""

import streamlit as st

from lib import clock, ui
from lib.ui import tick_grid
from lib.ui.sheet_reader import sheet_reader

actor = ui.require_actor()
st.title("Ticks & charts")
skip = st.empty()  # the keyboard's way past the controls to the tick boxes, once there are boxes
family_id = ui.family_picker(actor, "ticks_family")
if family_id is None:
    st.info("Choose a family to enter its ticks and see its charts.")
    st.stop()

today = clock.today()
try:
    caregivers = tick_grid.caregivers_of(actor, family_id)
except ui.CALM_ERRORS as exc:
    ui.show_error(exc)
    st.stop()

# The charts have their own tab, built when it is opened: a tick's rerun redraws the grid (whose
# week totals follow at once), not every chart of the family.
grid_tab, charts_tab = st.tabs(["Week of ticks", "Charts"], key="ticks_tab", on_change="rerun")
with grid_tab:
    st.header("Week of ticks", anchor=False)
    st.caption(
        "One click per day the task was done. Copy the family's sheet straight across: each box "
        "saves at once, the week totals follow, and the Charts tab shows the family's practice."
    )
    sheet_reader(actor, family_id, "ticks_sheet")
    monday = tick_grid.week_chooser(today)
    tick_grid.entry_defaults(caregivers)
    grid = tick_grid.week_part(family_id, monday, today, caregivers)  # a tick reruns only this part
    if not grid.empty:
        if grid_tab.open is not False:  # not from the Charts tab to a hidden grid
            tick_grid.skip_link(skip)
        skips = st.expander(
            "Skip days: illness, holiday, hospital", key=tick_grid.SKIPS_OPEN, on_change="rerun"
        )
        if skips.open is not False:  # built when opened, like the details above
            with skips:
                tasks = grid[["assignment_id", "title"]].drop_duplicates().itertuples(index=False)
                tick_grid.skip_days_panel(actor, family_id, monday, today, list(tasks))
with charts_tab:
    if charts_tab.open is not False:
        tick_grid.charts(actor, family_id, today)
