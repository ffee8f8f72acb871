"""Therapist accounts (clinic lead only): add, edit, deactivate, reset passwords; families to reassign."""

import streamlit as st

from lib import ui
from lib.accounts import users
from lib.ui import therapist_accounts
from lib.words import DISCIPLINES

actor = ui.require_actor()
st.title("Therapists")
if not actor.is_lead:
    st.error("Only the clinic lead can manage therapist accounts.")
    st.stop()
s = st.session_state

accounts, orphans = therapist_accounts.load(actor)

st.dataframe(
    accounts.drop(columns=["id"]).fillna({"discipline": ""}),
    hide_index=True,
    key="accounts",
    column_config={
        "display_name": "Name",
        "username": "Login",
        "role": "Role",
        "discipline": "Discipline",
        "active": st.column_config.CheckboxColumn("Can log in"),
        "families": st.column_config.NumberColumn("Open families"),
    },
)

st.subheader("Families needing reassignment", anchor=False)
if orphans.empty:
    st.caption("None: every open family has a therapist who can log in.")
else:
    st.caption("Their therapist's account is deactivated. Open a family and link another therapist.")
    picked = st.dataframe(
        orphans.drop(columns=["family_id"]),
        hide_index=True,
        key="orphans",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "family": "Family",
            "status": "Status",
            "therapist": "Deactivated therapist",
            "discipline": "Discipline",
            "has_active_therapist": st.column_config.CheckboxColumn("Has another therapist"),
        },
    )
    if picked and picked.selection.rows:
        ui.open_family(orphans.iloc[picked.selection.rows[0]]["family_id"])


def add():
    name = s["au_name"].strip()
    saved = ui.run_write(
        "add_user",
        lambda cur: users.add_therapist(
            cur, actor, s["au_username"], s["au_name"], s["au_password"], s["au_discipline"]
        ),
        f"Account created. Tell {name} their login and password in person.",
    )
    if saved:  # empty the form for the next one
        s["au_name"] = s["au_username"] = s["au_password"] = ""
        s["au_discipline"] = None


with st.expander("Add a therapist", icon=":material/person_add:", expanded=len(accounts) < 2):
    with st.form("add_user"):
        left, right = st.columns(2)
        left.text_input("Name", key="au_name")
        right.selectbox("Discipline", DISCIPLINES, index=None, key="au_discipline", placeholder="Choose")
        ui.field_error("add_user", "display_name", "discipline")
        left.text_input("Login (username)", key="au_username", help="Lower-case letters, digits, dots.")
        right.text_input("First password", type="password", key="au_password", help="At least 8 characters.")
        ui.field_error("add_user", "username", "password")
        st.form_submit_button("Add therapist", type="primary", on_click=add, key="au_submit")
    ui.feedback("add_user")

st.subheader("Change an account", anchor=False)
labels = accounts["display_name"] + " (" + accounts["username"] + ")"
names = dict(zip(accounts["id"].astype(int).tolist(), labels, strict=True))
chosen = st.selectbox(
    "Account", list(names), index=None, format_func=names.get, key="eu_user", placeholder="Choose"
)
if chosen is not None:
    _, username, name, role, discipline, active = therapist_accounts.load_account(actor, chosen)

    def save():
        ui.run_write(
            "edit_user",
            lambda cur: users.update_user(
                cur,
                actor,
                chosen,
                s[f"eu_username_{chosen}"],
                s[f"eu_name_{chosen}"],
                s[f"eu_discipline_{chosen}"],
            ),
            "Account saved.",
        )

    with st.form("edit_user"):
        left, mid, right = st.columns(3)
        left.text_input("Name", value=name, key=f"eu_name_{chosen}")
        mid.text_input("Login (username)", value=username, key=f"eu_username_{chosen}")
        right.selectbox(
            "Discipline",
            DISCIPLINES,
            index=DISCIPLINES.index(discipline) if discipline in DISCIPLINES else None,
            key=f"eu_discipline_{chosen}",
        )
        ui.field_error("edit_user", "display_name", "username", "discipline")
        st.form_submit_button("Save account", key="eu_submit", on_click=save)
    ui.feedback("edit_user")

    with st.form("reset_password", clear_on_submit=True):
        st.text_input("New password", type="password", key="rp_password", help="At least 8 characters.")
        ui.field_error("reset_password", "password")
        st.form_submit_button(
            "Reset password",
            key="rp_submit",
            on_click=lambda: ui.run_write(
                "reset_password",
                lambda cur: users.reset_password(cur, actor, chosen, s["rp_password"]),
                "Password changed. Tell the therapist in person.",
            ),
        )
    ui.feedback("reset_password")

    label = "Deactivate account" if active else "Re-activate account"
    st.button(
        label,
        key="eu_active",
        icon=":material/person_off:" if active else ":material/person_check:",
        on_click=ui.run_write,
        args=(
            "user_active",
            lambda cur: users.set_user_active(cur, actor, chosen, not active),
            "Account deactivated: it can no longer log in." if active else "Account re-activated.",
        ),
    )
    if active:
        st.caption("A deactivated therapist cannot log in; their families show as needing reassignment.")
    ui.feedback("user_active")
