"""Home Practice: route to the pages this user's role may see."""

import streamlit as st

from lib import ui


def sections(is_lead):
    """Return {section: [st.Page]} of the pages this user may open."""
    return {
        name: [
            st.Page(f"pages/{file}.py", title=title, icon=icon, default=file == "caseload")
            for file, title, icon in entries
        ]
        for name, entries in ui.menu(is_lead).items()
    }


def only(name, title):
    """Run one page whatever the address: a reload or a typed address never shows 'Page not found'."""
    aliases = [st.Page(f"pages/{name}.py", title=title, url_path=p) for p, _, _ in ui.EVERY_PAGE if p != name]
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
page = st.navigation(sections(actor.is_lead), expanded=True)  # every entry shown, none behind "View more"
if st.session_state.pop("after_session", False):
    st.switch_page("pages/family.py")  # back to the family the session was with
page.run()
