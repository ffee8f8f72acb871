"""The clinic computer's disk, as the lead sees it on the settings page."""

import streamlit as st

from lib import backup, words


def _size(n):
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n // 2**20} MB"


def show(actor):
    """Show the free space of the database's disk and of the backups' folder, with advice when low."""
    status = backup.storage_status(actor)
    st.subheader("The clinic computer's disk")
    when = status.newest_backup
    newest = f"{words.date_text(when.date())} at {when:%H:%M}" if when else "none yet"
    st.markdown(
        f"Database: **{_size(status.database_free)} free** of {_size(status.database_total)}.  \n"
        f"Backups: {_size(status.backups_free)} free; the newest backup: {newest}."
    )
    st.text(f"Database file: {status.database}\nBackup folder: {status.backups}")  # paths, never Markdown
    if status.low:
        st.error(
            "The database's disk is nearly full: new records will soon be refused. Free some space "
            "on the clinic computer, or move the backups to another disk.",
            icon=":material/warning:",
        )
    if status.backups_on_same_disk:
        st.info(
            "The backups are on the same disk as the database: a failing disk would take both. Set "
            "HOME_PRACTICE_BACKUP_DIR to a folder on another disk (README, Backups).",
            icon=":material/info:",
        )
