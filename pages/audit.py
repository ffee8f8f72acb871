"""Audit log (clinic lead only): who did what, when, to which family, in words; the raw record a click away."""

from datetime import timedelta

import streamlit as st

from lib import audit, clock, ui
from lib.errors import NotAllowed
from lib.ui import audit_view
from lib.ui.downloads import audited
from lib.words import date_input_format, table_date_format

actor = ui.require_actor()
st.title("Audit log")
st.caption("Every change, export and download, newest first. Nobody can edit or delete these rows.")

try:
    actions, people, kids = audit_view.load(actor)
except NotAllowed as exc:
    st.error(str(exc))
    st.stop()

cols = st.columns(5)
user_id = cols[0].selectbox(
    "User", list(people), None, format_func=people.get, key="audit_user", placeholder="Anyone"
)
family_id = cols[1].selectbox(
    "Family", list(kids), None, format_func=kids.get, key="audit_family", placeholder="Any"
)
action = cols[2].selectbox("Action", actions, None, key="audit_action", placeholder="Any")
start = cols[3].date_input(
    "From", clock.today() - timedelta(days=30), key="audit_from", format=date_input_format()
)
end = cols[4].date_input("To", clock.today(), key="audit_to", format=date_input_format())
filters = {"user_id": user_id, "family_id": family_id, "action": action, "start": start, "end": end}

total = audit_view.count(actor, **filters)
page_no, pages = audit_view.page_number(total)
rows = audit_view.entries(actor, page_no, **filters)
first = (page_no - 1) * audit.PAGE_ROWS
st.caption(
    f"{total:,} entries; {first + 1 if total else 0:,} to {first + len(rows):,} shown (page {page_no} of {pages}). "
    "Select a row to see its raw record."
)
picked = st.dataframe(
    audit_view.shown(rows),
    hide_index=True,
    key="audit_table",
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "when": st.column_config.DatetimeColumn("When", format=table_date_format(time=True), width="small"),
        "who": st.column_config.TextColumn("Who", width="small"),
        "family": st.column_config.TextColumn("Family", width="small"),
        "what": st.column_config.TextColumn("What happened", width="large"),
    },
)
if picked and picked.selection.rows and picked.selection.rows[0] < len(rows):
    with st.expander("Raw record of the selected row", expanded=True):
        audit_view.raw_record(rows.iloc[picked.selection.rows[0]])
st.download_button(
    f"Download these entries (CSV, at most {audit.ACTIONS_SHOWN:,})",
    lambda: audit_view.csv_bytes(actor, **filters),
    f"audit-{start}-{end}.csv",
    mime="text/csv",
    key="audit_csv",
    icon=":material/download:",
    on_click=audited("audit log (CSV)", start=str(start), end=str(end)),
)
