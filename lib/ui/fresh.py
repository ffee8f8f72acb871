"""What this process has worked out already, kept until a write changes it (lib.changes).

Streamlit keeps the values (`st.cache_resource`): shared by every session, at most a few
dozen per kind with the least recently used forgotten, and while one run works a value out
the others asking for the same key wait for it. The key says what a value depends on: the
database, the user it was worked out for (the whole actor, so no user is handed what another
may see), what it is and its arguments, today, and the version of the family it is about
(or of the clinic): `sync` reads the writes committed since the last look first (one small
query when there are none), so a write about that family makes a new key, and another
family's tick leaves it alone.

Values are Python objects as built (plotly figures, frames), never pickled: copying them
back is what made caching them cost as much as building them. Callers treat what they get
as read-only.
"""

import streamlit as st

from lib import changes, clock, db
from lib.ui.database import cursor

KEPT = 96  # values kept per kind: a few pages' charts for the families opened recently
VIEWS_KEPT = 32  # values worked out from a caseload Overview (each holds its Overview)


@st.cache_resource(show_spinner=False)
def _tracker(path):
    return changes.Tracker()


def tracker():
    """Return this process's lib.changes.Tracker of the app's database."""
    return _tracker(str(db.db_path()))


def sync():
    """Read the writes committed since the last look; return the tracker's version."""
    with cursor() as cur:
        return tracker().sync(cur)


@st.cache_resource(max_entries=KEPT, show_spinner=False)
def _per_clinic(_build, path, what, actor, version, today, args):
    return _build()


@st.cache_resource(max_entries=KEPT, show_spinner=False)
def _per_family(_build, path, what, actor, family_id, version, today, args):
    return _build()


@st.cache_resource(max_entries=VIEWS_KEPT, show_spinner=False)
def _per_view(_view, _build, view_id, what):
    # the entry holds the view itself, so its id is not reused while the entry lasts
    return _view, _build()


def per_clinic(actor, what, build, *args):
    """Return build(), worked out once per (actor, what, args) and day until any write that shows anywhere."""
    return _per_clinic(build, str(db.db_path()), what, actor, sync(), clock.today(), args)


def per_roster(actor, what, build, *args):
    """Return build(), worked out once per (actor, what, args) and day until a write other than
    ticks, skip days and the like (lib.changes.ROSTER_KEPT): the families' names, status and links."""
    sync()
    return _per_clinic(build, str(db.db_path()), what, actor, tracker().roster_version(), clock.today(), args)


def per_family(actor, family_id, what, build, *args):
    """Return build(), worked out once per (actor, family, what, args) and day until that family changes."""
    sync()
    version = tracker().version(family_id)
    return _per_family(build, str(db.db_path()), what, actor, family_id, version, clock.today(), args)


def per_view(view, what, build):
    """Return build(), worked out once per object `view` (e.g. one caseload Overview) and `what`."""
    return _per_view(view, build, id(view), what)[1]
