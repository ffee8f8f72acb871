"""Import and export (clinic lead only): the whole clinic, one family's record, spreadsheets in."""

import streamlit as st

from lib import exchange, ui
from lib.ui import exchange_panels as panels

actor = ui.require_actor()
st.title("Import and export")
if not actor.is_lead:
    st.error("Only the clinic lead can import or export the clinic's data.")
    st.stop()

st.subheader("The whole clinic", anchor=False)
st.caption(
    "One zip with a CSV file per table (for spreadsheets) and the same as Parquet. "
    "Passwords are never exported. Columns are described in docs/export.md."
)
panels.prepared_download(
    "dx_export",
    "Prepare the clinic export",
    lambda cur: exchange.clinic_zip(cur, actor),
    f"home-practice-export-{panels.stamp()}.zip",
    "application/zip",
    key="dx_clinic_zip",
)

st.subheader("One family's record", anchor=False)
st.caption("For a transfer or a records request: a PDF summary and the family's CSV files.")
family_id = ui.family_picker(actor, "dx_family", statuses=("active", "paused", "discharged"))
if family_id is not None:
    panels.prepared_download(
        "dx_record",
        "Prepare this family's record",
        lambda cur: exchange.family_record_zip(cur, actor, family_id),
        f"family-record-{family_id}-{panels.stamp()}.zip",
        "application/zip",
        key=f"dx_record_zip_{family_id}",
    )

st.subheader("Import from spreadsheets", anchor=False)
st.caption(
    "families.csv, caregivers.csv, links.csv, tasks.csv, sessions.csv and ticks.csv (any of them), "
    "or one zip of them. Nothing is written until you press Import, and only when there is no "
    "problem; rows already in the clinic are left as they are. Columns: docs/import.md; "
    "examples: data/examples/."
)
files = panels.uploaded(
    st.file_uploader("CSV files or a zip", type=["csv", "zip"], accept_multiple_files=True, key="dx_files")
)
if files:
    report = panels.preview(actor, files)
    st.button(
        "Import",
        type="primary",
        key="dx_import",
        disabled=not report.ok or not sum(report.created.values()),
        on_click=lambda: ui.run_write(
            "dx_import",
            lambda cur: exchange.import_files(cur, actor, files),
            done=lambda r: f"Imported {sum(r.created.values())} new records.",
        ),
    )
ui.feedback("dx_import")
