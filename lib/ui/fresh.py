"""What this process has worked out already, kept until a write changes it (lib.changes).

Every helper here first reads the writes committed since the last look (`sync`: one small
query when there are none), so what it hands out was worked out after them. `per_family`
keeps a value per user, family and arguments until a write about that family (or the whole
clinic): another family's tick leaves it alone.

The store is process-wide like st.cache_data, and like it keyed by the whole actor, so no
user is handed what another may see. It holds Python objects as built (plotly figures,
frames), never pickled: copying them back is what made caching them cost as much as
building them. Callers treat what they get as read-only.
"""

import threading

import streamlit as st

from lib import changes, db
from lib.ui.database import cursor

KEPT = 96  # values kept per database: a few pages' charts for the families opened recently


@st.cache_resource(show_spinner=False)
def _tracker(path):
    return changes.Tracker()


@st.cache_resource(show_spinner=False)
def _kept(path):
    return changes.Recent(KEPT)


@st.cache_resource(show_spinner=False)
def _locks(path):
    return changes.Recent(KEPT)  # bounded like the values: a lock forgotten only costs a repeat


_LOCKS_GUARD = threading.Lock()


def one_at_a_time(key):
    """Return the lock of one kept value: a second run asking for it waits for the first."""
    locks = _locks(str(db.db_path()))
    with _LOCKS_GUARD:
        lock = locks.get(key)
        if lock is None:
            lock = threading.Lock()
            locks.put(key, lock)
        return lock


def tracker():
    """Return this process's lib.changes.Tracker of the app's database."""
    return _tracker(str(db.db_path()))


def kept():
    """Return this process's store of values worked out (a lib.changes.Recent)."""
    return _kept(str(db.db_path()))


def sync():
    """Read the writes committed since the last look; return the tracker's version."""
    with cursor() as cur:
        return tracker().sync(cur)


def per_clinic(actor, what, build, *args):
    """Return build(), worked out once per (actor, what, args) until any write that shows anywhere."""
    return _kept_until(sync(), (what, actor, *args), build)


def per_view(view, what, build):
    """Return build(), worked out once per object `view` (e.g. one caseload Overview) and `what`.

    The kept entry holds the view itself, so its id is not reused while the entry lasts."""
    return _kept_until(view, (what, id(view)), build)


def _kept_until(version, key, build):
    found = kept().get(key)
    # `is` first: a version may be an object (a view) that `==` should not compare
    if found is not None and (found[0] is version or found[0] == version):
        return found[1]
    value = build()
    kept().put(key, (version, value))
    return value


def per_family(actor, family_id, what, build, *args):
    """Return build(), worked out once per (actor, family, what, args) until that family changes."""
    sync()
    return _kept_until(tracker().version(family_id), (what, actor, family_id, *args), build)
