"""Conversation guide: for the selected family, when home practice was not done."""

import streamlit as st

from lib import ui
from lib.errors import DomainError
from lib.text import md_escape
from lib.ui import guide_view


def _int_param(name):
    try:
        return int(st.query_params[name]) if name in st.query_params else None
    except ValueError:
        return None


actor = ui.require_actor()
st.title("Conversation guide")


family_id = ui.selected_family_id()
if family_id is None:
    ui.family_picker(actor, "guide_family_pick", label="Choose a family")
    st.caption("Or open a family from the caseload.")
    st.stop()

try:
    family = guide_view.load(actor, family_id)
except DomainError as exc:
    ui.show_error(exc)
    st.stop()
st.caption(f"{md_escape(family.display_name)} · The guide suggests; you and the family decide.")
guide_view.guide_page(actor, family_id, assignment_id=_int_param("assignment"))
