"""Log in, or create the clinic lead's account on a new, empty clinic."""

import streamlit as st

from lib import auth, ui
from lib.errors import InvalidInput

with ui.cursor() as cur:
    first_start = not auth.has_users(cur)
settings = ui.settings()


def _create_first_lead():
    s = st.session_state

    def action(cur):
        if s["lead_password"] != s["lead_password_again"]:
            raise InvalidInput("The two passwords differ.", field="password")
        return auth.create_first_lead(cur, s["lead_username"], s["lead_name"], s["lead_password"])

    ui.run_write("first_lead", action, then=ui.sign_in)


def _log_in():
    s = st.session_state
    ui.run_write(
        "login", lambda cur: auth.login(cur, s["login_username"], s["login_password"]), then=ui.sign_in
    )


st.title("Home Practice")
st.caption(settings["clinic_name"])

if first_start:
    st.subheader("Welcome: create the clinic lead's account")
    st.write("This clinic has no accounts yet. The clinic lead's account can add therapists later.")
    with st.form("first_lead"):
        st.text_input("Your name", key="lead_name")
        st.text_input("Username", key="lead_username", help="Lower-case letters, digits, dots.")
        st.text_input("Password", type="password", key="lead_password", help="At least 8 characters.")
        st.text_input("Password again", type="password", key="lead_password_again")
        st.form_submit_button("Create account", type="primary", on_click=_create_first_lead)
    ui.feedback("first_lead")
else:
    with st.form("login"):
        st.text_input("Username", key="login_username")
        st.text_input("Password", type="password", key="login_password")
        st.form_submit_button("Log in", type="primary", on_click=_log_in)
    ui.feedback("login")
    if settings["is_demo"]:
        st.info(
            "This is the demo clinic with invented families. Log in as `lead` (clinic lead) or "
            "as a therapist (`maya.ot`, `leo.ot`, `priya.pt`, `sofia.slp`, `tom.slp`, "
            "`hana.psych`); every demo password is `demo`.",
            icon=":material/info:",
        )
