"""Log in, or create the clinic lead's account on a new, empty clinic."""

import streamlit as st

from lib import auth, ui

with ui.cursor() as cur:
    first_start = not auth.has_users(cur)
settings = ui.settings()

st.title("Home Practice")
st.caption(settings["clinic_name"])

if first_start:
    st.subheader("Welcome: create the clinic lead's account")
    st.write("This clinic has no accounts yet. The clinic lead's account can add therapists later.")
    with st.form("first_lead"):
        name = st.text_input("Your name", key="lead_name")
        username = st.text_input("Username", key="lead_username", help="Lower-case letters, digits, dots.")
        password = st.text_input(
            "Password", type="password", key="lead_password", help="At least 8 characters."
        )
        again = st.text_input("Password again", type="password", key="lead_password_again")
        if st.form_submit_button("Create account", type="primary"):
            if password != again:
                st.error("The two passwords differ.")
            else:
                with ui.domain_errors(), ui.cursor() as cur:
                    ui.sign_in(auth.create_first_lead(cur, username, name, password))
                    st.rerun()
else:
    with st.form("login"):
        username = st.text_input("Username", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        if st.form_submit_button("Log in", type="primary"):
            with ui.domain_errors(), ui.cursor() as cur:
                ui.sign_in(auth.login(cur, username, password))
                st.rerun()
    if settings["is_demo"]:
        st.info(
            "This is the demo clinic with invented families. Log in as `lead` (clinic lead) or "
            "as a therapist (`maya.ot`, `leo.ot`, `priya.pt`, `sofia.slp`, `tom.slp`, "
            "`hana.psych`); every demo password is `demo`.",
            icon=":material/info:",
        )
