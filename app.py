"""Home Practice: route to the pages this user's role may see."""

import streamlit as st

from lib import ui

st.set_page_config(page_title="Home Practice", page_icon=":material/home_health:", layout="wide")

actor = ui.current_actor()
if actor is None:
    pages = [st.Page("pages/login.py", title="Log in", icon=":material/login:", default=True)]
elif actor.in_session:
    # session mode: the one family's session and nothing else, no sidebar
    st.navigation([st.Page("pages/session.py", title="Session", default=True)], position="hidden").run()
    st.stop()
else:
    ui.sidebar(actor)
    # one line per page; lead-only pages check the role again inside lib/
    pages = [
        st.Page("pages/caseload.py", title="Caseload", icon=":material/groups:", default=True),
        st.Page("pages/family.py", title="Family", icon=":material/family_restroom:"),
        st.Page("pages/session.py", title="Session mode", icon=":material/co_present:"),
        st.Page("pages/assignments.py", title="Home practice tasks", icon=":material/checklist:"),
        st.Page("pages/ticks.py", title="Ticks & charts", icon=":material/event_available:"),
        st.Page("pages/templates.py", title="Task templates", icon=":material/library_books:"),
        st.Page("pages/guide.py", title="Conversation guide", icon=":material/forum:"),
        st.Page("pages/family_edit.py", title="Add or edit a family", icon=":material/edit_note:"),
        st.Page("pages/explainer.py", title="Intake explainer", icon=":material/school:"),
        st.Page("pages/printables.py", title="Sheets & reminders", icon=":material/print:"),
    ]
    if actor.is_lead:
        pages += [
            st.Page("pages/settings.py", title="Clinic settings", icon=":material/settings:"),
            st.Page("pages/guide_editor.py", title="Guide wording", icon=":material/edit_document:"),
            st.Page("pages/therapists.py", title="Therapists", icon=":material/badge:"),
            st.Page("pages/audit.py", title="Audit log", icon=":material/history:"),
        ]
page = st.navigation(pages)
if actor is not None and st.session_state.pop("after_session", False):
    st.switch_page("pages/family.py")  # back to the family the session was with
page.run()
