"""Clinic settings (clinic lead only): the clinic's word for homework, thresholds and limits."""

import streamlit as st

from lib import settings as clinic_settings
from lib import ui
from lib.ui import storage_panel
from lib.ui.database import setting_versions

actor = ui.require_actor()
st.title("Clinic settings")
if not actor.is_lead:
    st.error("Only the clinic lead can change clinic settings.")
    st.stop()

current = ui.settings()
shown = st.session_state.setdefault("settings_versions", setting_versions())
editable = {k: v for k, v in clinic_settings.DEFAULTS.items() if k != "is_demo"}


def _save():
    values = {name: st.session_state[f"set_{name}"] for name in editable}
    changed = {k: v for k, v in values.items() if v != current[k]}
    ui.run_write(
        "clinic_settings",
        lambda cur: clinic_settings.update_settings(cur, actor, changed, shown),
        f"Saved {len(changed)} change(s).",
    )
    st.session_state.pop("settings_versions", None)  # next run shows (and expects) the current versions


with st.form("clinic_settings"):
    for name, (_, kind, label, help_text) in editable.items():
        if name in clinic_settings.SECTIONS:
            heading, line = clinic_settings.SECTIONS[name]
            st.subheader(heading, anchor=False)
            st.caption(line)
        if kind is bool:
            st.checkbox(label, value=current[name], help=help_text, key=f"set_{name}")
        elif name in clinic_settings.CHOICES:
            choices = clinic_settings.CHOICES[name]
            st.selectbox(
                label,
                list(choices),
                index=list(choices).index(current[name]),
                format_func=choices.get,
                help=help_text,
                key=f"set_{name}",
            )
        elif kind is int:
            st.number_input(label, value=current[name], step=1, help=help_text, key=f"set_{name}")
        else:
            st.text_input(label, value=current[name], help=help_text, key=f"set_{name}")
        ui.field_error("clinic_settings", name)
    st.form_submit_button("Save settings", type="primary", on_click=_save)
ui.feedback("clinic_settings")

storage_panel.show(actor)
