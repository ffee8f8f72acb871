"""Audit log (clinic lead only): who did what, when, with values before and after; read-only."""

from datetime import timedelta

import streamlit as st

from lib import audit, clock, ui
from lib.errors import NotAllowed
from lib.exchange import csv_safe
from lib.ui import audit_view
from lib.ui.downloads import audited
from lib.words import date_input_format

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

rows = audit_view.entries(actor, user_id=user_id, family_id=family_id, action=action, start=start, end=end)
st.caption(
    f"{len(rows):,} entries (at most {audit.ACTIONS_SHOWN:,} are listed; narrow the filters to see older ones)."
)
shown = rows.drop(columns=["user_id"]).rename(columns={"logged_at": "when", "username": "user"})
st.dataframe(shown, hide_index=True, key="audit_table", width="stretch")
st.download_button(
    "Download these entries (CSV)",
    csv_safe.to_csv_bytes(shown),
    f"audit-{start}-{end}.csv",
    mime="text/csv",
    key="audit_csv",
    icon=":material/download:",
    on_click=audited("audit log (CSV)", start=str(start), end=str(end)),
)
