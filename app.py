"""Home Practice: route to the pages this user's role may see."""

import streamlit as st

from lib import ui

# (file in pages/, title, icon): every user's pages, then the lead's (lib/ checks the role again)
EVERYONE = [
    ("caseload", "Caseload", ":material/groups:"),
    ("family", "Family", ":material/family_restroom:"),
    ("session", "Session mode", ":material/co_present:"),
    ("assignments", "Home practice tasks", ":material/checklist:"),
    ("ticks", "Ticks & charts", ":material/event_available:"),
    ("templates", "Task templates", ":material/library_books:"),
    ("guide", "Conversation guide", ":material/forum:"),
    ("family_edit", "Add or edit a family", ":material/edit_note:"),
    ("explainer", "Intake explainer", ":material/school:"),
    ("printables", "Sheets & reminders", ":material/print:"),
]
LEAD = [
    ("settings", "Clinic settings", ":material/settings:"),
    ("guide_editor", "Guide wording", ":material/edit_document:"),
    ("explainer_editor", "Explainer wording", ":material/edit_note:"),
    ("therapists", "Therapists", ":material/badge:"),
    ("data_exchange", "Import and export", ":material/import_export:"),
    ("audit", "Audit log", ":material/history:"),
]


def only(name, title):
    """Run one page whatever the address: a reload or a typed address never shows 'Page not found'."""
    aliases = [
        st.Page(f"pages/{name}.py", title=title, url_path=p) for p, _, _ in EVERYONE + LEAD if p != name
    ]
    st.navigation([st.Page(f"pages/{name}.py", title=title, default=True), *aliases], position="hidden").run()
    st.stop()


st.set_page_config(page_title="Home Practice", page_icon=":material/home_health:", layout="wide")

actor = ui.current_actor()
if st.query_params.get("screen") == "family":
    # the family screen of a session: its own window, no sidebar, nothing but the session
    st.navigation(
        [st.Page("pages/family_screen.py", title="Family screen", default=True)], position="hidden"
    ).run()
    st.stop()
if ui.settings()["is_demo"]:
    st.badge("DEMO clinic: invented data", icon=":material/science:", color="orange")
if actor is None:
    only("login", "Signed out")  # a sign-in ended while the page was open (lib.web lets no one in without)
if actor.in_session:
    only("session", "Session")  # the one family's session and nothing else, no sidebar
ui.sidebar(actor)
pages = [
    st.Page(f"pages/{name}.py", title=title, icon=icon, default=name == "caseload")
    for name, title, icon in EVERYONE + (LEAD if actor.is_lead else [])
]
page = st.navigation(pages)
if st.session_state.pop("after_session", False):
    st.switch_page("pages/family.py")  # back to the family the session was with
page.run()
