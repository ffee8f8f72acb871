"""The import and export page's panels: prepare a download, read uploads, show an import preview."""

import pandas as pd
import streamlit as st

from lib import clock, exchange
from lib.exchange.reading import MAX_UNZIPPED, FilesTooBig, unzip
from lib.ui.database import cursor
from lib.ui.messages import feedback, run_write


def prepared_download(form, label, build, file_name, mime, key):
    """A button that builds a file in one audited unit of work, then its download button."""
    s = st.session_state
    st.button(
        label,
        key=f"{key}_prepare",
        on_click=lambda: run_write(form, build, then=lambda data: s.update({f"_{key}": data})),
        icon=":material/inventory_2:",
    )
    feedback(form)
    data = s.get(f"_{key}")
    if data:
        st.download_button(
            "Download " + file_name, data, file_name, mime=mime, key=key, icon=":material/download:"
        )


def uploaded(files):
    """Return {file name: bytes} of uploaded CSV files, zips unpacked; say why a zip is refused."""
    found = {}
    for upload in files or ():
        data = upload.getvalue()
        if upload.name.lower().endswith(".zip"):
            try:  # the limit holds for all the zips together
                found.update(unzip(data, limit=MAX_UNZIPPED - sum(map(len, found.values()))))
            except FilesTooBig as exc:
                st.error(f"{upload.name}: {exc}")
        else:
            found[upload.name] = data
    return found


def preview(actor, files):
    """Show what importing files would create and every problem; return the Report."""
    with cursor() as cur:
        report = exchange.preview(cur, actor, files)
    rows = report.rows()
    if rows:
        st.dataframe(
            pd.DataFrame(rows),
            hide_index=True,
            key="dx_preview",
            column_config={"what": "Records", "new": "New", "already there": "Already there"},
        )
    if report.errors:
        st.error(
            f"{len(report.errors)} problem(s): fix them in the files and upload again. Nothing was imported."
        )
        st.dataframe(
            pd.DataFrame([e.__dict__ for e in report.errors])[["file", "line", "column", "problem"]],
            hide_index=True,
            key="dx_errors",
            width="stretch",
            column_config={"file": "File", "line": "Line", "column": "Column", "problem": "Problem"},
        )
    elif report.warnings:
        st.warning(
            f"Ready: {sum(report.created.values())} new records. Read the safety advice on "
            f"{len({w.line for w in report.warnings})} task(s) below: pressing Import accepts it, and it "
            "is saved with each task.",
            icon=":material/health_and_safety:",
        )
        st.dataframe(
            pd.DataFrame([w.__dict__ for w in report.warnings])[["file", "line", "problem"]],
            hide_index=True,
            key="dx_safety",
            width="stretch",
            column_config={"file": "File", "line": "Line", "problem": "Safety advice"},
        )
    elif not sum(report.created.values()):
        st.info("Everything in these files is already in the clinic: nothing new to import.")
    else:
        st.success(f"Ready: {sum(report.created.values())} new records, no problems.")
    return report


def stamp():
    """Return today's date for file names."""
    return clock.today().isoformat()
