"""Signed out: the sign-in itself is the /login page served by lib.web; this links back to it."""

import streamlit as st

from lib import ui
from lib.text import md_escape

st.title("Home Practice")
st.caption(md_escape(ui.settings()["clinic_name"]))
ui.signed_out_notice()
