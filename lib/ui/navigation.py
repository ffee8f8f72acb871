"""The menu of pages by section, and which family this tab is looking at (URL or last choice, one picker)."""

import streamlit as st

from lib.access import may_see_family
from lib.errors import NotYourFamily
from lib.families import list_families
from lib.ui import fresh
from lib.ui.database import cursor
from lib.ui.signin import SIGNED_IN

# section -> (file in pages/, title, icon); the lead's pages are added to Clinic (lib/ checks the role again).
# The day's pages come first without a heading ("" in st.navigation): the lead's 17 entries then fit a
# 1280 x 800 laptop screen without scrolling (tests/e2e/test_layout_1280.py).
SECTIONS = {
    "": [
        ("caseload", "Caseload", ":material/groups:"),
        ("session", "Session mode", ":material/co_present:"),
        ("clinic_week", "The week's sessions", ":material/calendar_view_week:"),
    ],
    "Families": [
        ("family", "Family", ":material/family_restroom:"),
        ("family_edit", "Add or edit a family", ":material/edit_note:"),
        ("assignments", "Home practice tasks", ":material/checklist:"),
        ("ticks", "Ticks & charts", ":material/event_available:"),
        ("guide", "Conversation guide", ":material/forum:"),
        ("explainer", "Intake explainer", ":material/school:"),
        ("printables", "Sheets & reminders", ":material/print:"),
    ],
    "Clinic": [
        ("templates", "Task templates", ":material/library_books:"),
    ],
}
LEAD = [
    ("therapists", "Therapists", ":material/badge:"),
    ("settings", "Clinic settings", ":material/settings:"),
    ("guide_editor", "Guide wording", ":material/edit_document:"),
    ("explainer_editor", "Explainer wording", ":material/menu_book:"),
    ("data_exchange", "Import and export", ":material/import_export:"),
    ("audit", "Audit log", ":material/history:"),
]
EVERY_PAGE = [p for entries in SECTIONS.values() for p in entries] + LEAD


def menu(is_lead):
    """Return {section: [(file, title, icon)]}: everyone's pages, and the lead's under Clinic."""
    shown = {name: list(entries) for name, entries in SECTIONS.items()}
    if is_lead:
        shown["Clinic"] += LEAD
    return shown


_OPEN = "_open_family"


def selected_family_id():
    """Return the family chosen by URL or earlier in this tab, or None.

    A therapist's link to a family not on their caseload opens none: they are told so once per
    family per sign-in (not again on every page or browser tab), and the tab forgets it."""
    raw = st.query_params.get("family") or st.session_state.get("family_id")
    try:
        family_id = int(raw) if raw is not None else None
    except ValueError:
        return None
    if family_id is None or _may_open(family_id):
        return family_id
    st.session_state.pop("family_id", None)
    if "family" in st.query_params:
        del st.query_params["family"]
    return None


@st.cache_resource(show_spinner=False)
def _told():
    return set()  # (sign-in session id, family id) told "not on your caseload" already


def _may_open(family_id):
    """Return False for a family this therapist may not see (saying so the first time in a sign-in)."""
    found = st.session_state.get(SIGNED_IN)
    if found is None:
        return True  # the page's own check answers (nobody signed in: it shows the sign-in)
    signin_id, actor = found
    if actor.is_lead or actor.in_session:
        return True  # the lead sees every family; a session's pages check their one family
    with cursor() as cur:
        if may_see_family(cur, actor, family_id):
            return True
    if (signin_id, family_id) not in _told():
        _told().add((signin_id, family_id))
        st.error(str(NotYourFamily(family_id)), icon=":material/error:")
    return False


def remember_family(family_id):
    """Make this family the tab's selected family (in the URL too), for every page."""
    st.session_state["family_id"] = int(family_id)
    st.query_params["family"] = str(int(family_id))


def open_family(family_id):
    """Switch to the family page for one family."""
    st.session_state["family_id"] = int(family_id)
    st.switch_page("pages/family.py", query_params={"family": str(int(family_id))})


def _picked(key, opens):
    family_id = st.session_state.get(key)
    if family_id is None:
        return
    remember_family(family_id)
    if opens:  # a search box: empty it, and open the family once the script runs (not in a callback)
        st.session_state[key] = None
        st.session_state[_OPEN] = family_id


def family_picker(
    actor, key, label="Family", statuses=("active", "paused"), opens=False, placeholder="Choose a family"
):
    """Show a family chooser of the families actor may see; return the chosen id or None.

    It shows the tab's selected family and makes a choice the selected family for every page;
    with `opens` it is an empty search box that opens the family page instead.
    """

    def names_now():
        with cursor() as cur:
            found = list_families(cur, actor, statuses=statuses)
        return {f.id: f.display_name + ("" if f.status == "active" else f" ({f.status})") for f in found}

    names = fresh.per_roster(actor, "family_names", names_now, tuple(statuses))  # a tick keeps it
    selected = None if opens else selected_family_id()
    st.session_state[key] = selected if selected in names else None  # the URL is the truth
    picked = st.selectbox(
        label,
        list(names),
        format_func=names.get,
        key=key,
        placeholder=placeholder,
        on_change=_picked,
        args=(key, opens),
    )
    target = st.session_state.pop(_OPEN, None) if opens else None
    if target is not None:
        open_family(target)
    return picked
