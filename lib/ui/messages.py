"""Domain and database errors as calm messages, and the one way to run a write from a callback.

A write runs in a button's or form's callback (`run_write`), as one unit of work; its error or
success message is kept under the form's name and shown by `feedback` (and `field_error`)
in the run that follows, once. No DuckDB error text ever reaches the screen.
"""

import logging
from contextlib import contextmanager

import duckdb
import streamlit as st

from lib import db
from lib.errors import DomainError, NotAllowed
from lib.ui.database import cursor
from lib.ui.signin import current_actor

log = logging.getLogger(__name__)

NOT_SAVED = (
    "The database could not finish this, so nothing was saved or changed. "
    "Please try again; if it keeps happening, tell the clinic lead."
)
# What a page may turn into a message: the domain's named errors (Conflict among them) and
# the database's own, which are never shown as they are.
CALM_ERRORS = (DomainError, duckdb.Error)
SIGNED_OUT = "You are signed out, so this was not saved. Please sign in again."


def calm_message(exc):
    """Return the words to show for an error: the domain's own, or a generic one for the database's."""
    if isinstance(exc, DomainError):
        return str(exc)
    problem = db.storage_problem(exc)
    if problem:
        log.error("the disk refused a write", exc_info=exc)
        return str(problem)
    log.error("database error shown as a calm message", exc_info=exc)
    return NOT_SAVED


def show_error(exc):
    """Show a domain or database error as a calm message."""
    st.error(calm_message(exc), icon=":material/error:")


@contextmanager
def domain_errors():
    """Turn domain and database errors raised in the block into messages instead of tracebacks."""
    try:
        yield
    except CALM_ERRORS as exc:
        show_error(exc)


def _key(form, what):
    return f"_{form}__{what}"


def done_key(form):
    """Return the session key where a success message for `form` waits for `feedback(form)`."""
    return _key(form, "done")


@db.retrying()
def _unit_of_work(cur, action):
    with db.transaction(cur):  # the domain's own transactions join this one
        return action(cur)


def run_write(form, action, done=None, then=None):
    """Run action(cur) as one unit of work from a callback; return True when it was saved.

    A domain error (a Conflict too) or a database error is kept for `form`; on success `done`
    (a message, or a function of the result) is kept, and `then(result)` runs.
    """
    st.session_state.pop(_key(form, "error"), None)
    # a callback runs before anything else in this run: the page's sign-in check comes after it
    if current_actor() is None:
        st.session_state[_key(form, "error")] = _kept_error(NotAllowed(SIGNED_OUT))
        return False
    try:
        with cursor() as cur:
            result = _unit_of_work(cur, action)
    except CALM_ERRORS as exc:
        st.session_state[_key(form, "error")] = _kept_error(exc)
        return False
    if done:
        st.session_state[_key(form, "done")] = done(result) if callable(done) else done
    if then:
        then(result)
    return True


def _kept_error(exc):
    """Return what a form keeps of an error: {"message", "problems" {field: message}, "shown" set}."""
    problems = getattr(exc, "problems", None) or {}
    return {"message": calm_message(exc), "problems": dict(problems), "shown": set()}


def take_error(form):
    """Return the words of the form's last error and forget it; None when nothing went wrong."""
    error = st.session_state.pop(_key(form, "error"), None)
    return error["message"] if error else None


def field_error(form, *fields):
    """Show here the form's last problems with these fields, each under the field it names."""
    error = st.session_state.get(_key(form, "error"))
    if not error:
        return
    for field in fields:
        message = error["problems"].get(field)
        if message and field not in error["shown"]:
            st.error(message, icon=":material/error:")
            error["shown"].add(field)


def feedback(form):
    """Show the form's problems not shown next to a field yet, or its success message, once."""
    error = st.session_state.pop(_key(form, "error"), None)
    if error:
        left = [m for f, m in error["problems"].items() if f not in error["shown"]]
        if not error["problems"]:
            st.error(error["message"], icon=":material/error:")
        elif left:
            st.error(" ".join(left), icon=":material/error:")
        elif len(error["problems"]) > 1:
            st.error(
                f"Not saved: {len(error['problems'])} things to fix, each shown by its field above.",
                icon=":material/error:",
            )
    done = st.session_state.pop(_key(form, "done"), None)
    if done:
        st.success(done, icon=":material/check_circle:")
