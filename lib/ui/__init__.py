"""The one bridge to Streamlit: connection, current user, navigation, error messages."""

from contextlib import contextmanager

import streamlit as st

from lib import db
from lib.errors import DomainError
from lib.families import list_families
from lib.models import Actor
from lib.settings import get_settings
from lib.text import md_escape


@st.cache_resource(show_spinner=False)
def _connection(path):
    return db.connect(path)


def connection():
    """Return the process-wide DuckDB connection; stop the page with a clear message if locked."""
    path = str(db.db_path())
    try:
        return _connection(path)
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


def data_version():
    """Return a number that changes with every write (every write is audited)."""
    with cursor() as cur:
        return cur.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]


def current_actor():
    """Return the logged-in, still active user of this browser tab, or None."""
    user_id = st.session_state.get("user_id")
    if user_id is None:
        return None
    with cursor() as cur:
        row = cur.execute(
            "SELECT id, username, display_name, role, discipline FROM users WHERE id = ? AND active",
            [user_id],
        ).fetchone()
    if row is None:
        st.session_state.pop("user_id", None)
        return None
    return Actor(*row, session_family_id=st.session_state.get("session_family_id"))


def enter_session_mode(family_id, session_id):
    """Show only this family from now on, until the session is ended."""
    for key in [k for k in st.session_state if k not in ("user_id",)]:
        del st.session_state[key]  # no other family's state survives into the session
    st.session_state["session_family_id"] = int(family_id)
    st.session_state["session_id"] = int(session_id)


def leave_session_mode():
    """Return to the therapist's full view."""
    family_id = st.session_state.pop("session_family_id", None)
    st.session_state.pop("session_id", None)
    if family_id is not None:
        st.session_state["family_id"] = family_id
        st.session_state["after_session"] = True


def require_actor():
    """Return the logged-in user, or stop the page with a request to log in."""
    actor = current_actor()
    if actor is None:
        st.warning("Please log in first.", icon=":material/lock:")
        st.stop()
    return actor


def sign_in(actor):
    """Remember the logged-in user for this browser tab."""
    st.session_state.clear()
    st.session_state["user_id"] = actor.id


def sign_out():
    """Forget the user and every UI state of this tab."""
    st.session_state.clear()


def show_error(exc):
    """Show a domain error as a calm message."""
    st.error(str(exc), icon=":material/error:")


@contextmanager
def domain_errors():
    """Turn domain errors raised in the block into messages instead of tracebacks."""
    try:
        yield
    except DomainError as exc:
        show_error(exc)


def open_family(family_id):
    """Switch to the family page for one family."""
    st.session_state["family_id"] = int(family_id)
    st.switch_page("pages/family.py", query_params={"family": str(int(family_id))})


def selected_family_id():
    """Return the family chosen by URL or earlier in this tab, or None."""
    raw = st.query_params.get("family") or st.session_state.get("family_id")
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _family_picked():
    st.session_state["_open_family"] = st.session_state.get("family_search")
    st.session_state["family_search"] = None


def sidebar(actor):
    """Show the clinic's name, who is logged in, a quick family search and the log-out button."""
    with cursor() as cur:
        found = list_families(cur, actor, statuses=("active", "paused", "discharged"))
    names = {f_id: name + ("" if status == "active" else f" ({status})") for f_id, name, status in found}
    with st.sidebar:
        st.caption(settings()["clinic_name"])
        st.markdown(
            f"**{md_escape(actor.display_name)}**  \n{'Clinic lead' if actor.is_lead else actor.discipline or 'Therapist'}"
        )
        st.selectbox(
            "Find a family",
            list(names),
            index=None,
            format_func=names.get,
            key="family_search",
            placeholder="Type a name",
            on_change=_family_picked,
        )
        st.button("Log out", key="logout", on_click=sign_out, icon=":material/logout:")
    picked = st.session_state.pop("_open_family", None)
    if picked is not None:
        open_family(picked)
