"""The versions a form showed, so its save never overwrites what someone else saved since.

A form remembers the version of each record it shows from its first run until it saves, and
sends it with the save (lib/versions.py compares it). Whatever the outcome, the next run shows,
and expects, the current versions; after "changed by someone else" the form's inputs are reset
so they show the current values, as the message says.
"""

import streamlit as st

from lib import versions
from lib.errors import StaleVersion
from lib.ui.database import cursor
from lib.ui.messages import run_write


def _key(form):
    return f"_{form}__versions"


def shown(form, table, *rows):
    """Return {row key: version} for the rows `form` shows, as they were when it first showed each."""
    seen = st.session_state.setdefault(_key(form), {})
    missing = [r for r in rows if r not in seen]
    if missing:
        with cursor() as cur:
            for r in missing:
                seen[r] = versions.current(cur, table, *(r if isinstance(r, tuple) else (r,)))
    return seen


def save(form, action, done=None, inputs=()):
    """Run action(cur, shown versions) as `form`'s write; after a stale version reset `inputs`."""
    seen = st.session_state.pop(_key(form), {})
    stale = []

    def act(cur):
        try:
            return action(cur, seen)
        except StaleVersion:
            stale.append(True)
            raise

    saved = run_write(form, act, done)
    if stale:
        for key in inputs:
            st.session_state.pop(key, None)
    return saved


def forget(form):
    """Let `form` show, and expect, the current versions from its next run (after the user's own write)."""
    st.session_state.pop(_key(form), None)
