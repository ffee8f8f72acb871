"""The process-wide DuckDB connection, a cursor per operation, and what every page reads first."""

from contextlib import contextmanager

import streamlit as st

from lib import backup, db, words
from lib import settings as clinic_settings
from lib.settings import get_settings


@st.cache_resource(show_spinner=False)
def _connection(path):
    return db.connect(path)


def _daily_backup(con):
    backup.backup_if_due(con)  # never raises: a failed backup is logged, the page goes on


def shared_connection():
    """Return the process-wide DuckDB connection, also outside a script run (lib/web.py); db errors raise."""
    return _connection(str(db.db_path()))


def connection():
    """Return the process-wide DuckDB connection; stop the page with a clear message if locked."""
    try:
        con = shared_connection()
        _daily_backup(con)
        return con
    except db.DatabaseTooNew as exc:
        st.error(str(exc))
        st.stop()
    except db.DatabaseLocked as exc:
        st.error(
            f"The database file {exc.path} is in use by another program (perhaps a second copy "
            "of Home Practice, or a backup tool). Close that program, then reload this page."
        )
        st.stop()


@contextmanager
def cursor():
    """Yield a fresh cursor for one operation (cursors are per thread in DuckDB)."""
    with connection().cursor() as cur:
        yield cur


def settings():
    """Return the clinic settings."""
    with cursor() as cur:
        return get_settings(cur)


def setting_versions():
    """Return the version of each clinic setting (the settings form saves against them)."""
    with cursor() as cur:
        return clinic_settings.setting_versions(cur)


def use_clinic_formats():
    """Show dates in the clinic's date format for the rest of this run (lib.words.date_text reads it);
    return the settings read for it."""
    found = settings()
    words.use_date_format(found["date_format"])
    return found
