"""Guide wording (clinic lead only): adapt the conversation guide's texts, preview, reset to shipped."""

import streamlit as st

from lib import guide, ui
from lib.ui import wording_editor
from lib.ui.guide_view import render_step_text
from lib.ui.wording_editor import Wording, render_wording_editor

actor = ui.require_actor()
st.title("Conversation guide wording")
if not actor.is_lead:
    st.error("Only the clinic lead can change the guide's wording.")
    st.stop()

GUIDE = Wording(
    fields_key="w_",
    controls_key="wording",
    feedback_key="wording",
    save=guide.save_wording,
    reset=guide.reset_wording,
    saved="Saved. The guide now uses this wording.",
    part_label="Part of the guide",
    line_help="One wording per line.",
    reset_all_label="Yes, reset every text",
)


def _preview(changes, fields):
    previewed = wording_editor.preview_guide(changes)
    st.subheader("Preview", anchor=False)
    with st.container(border=True):
        parts = fields[0][0].field.split(".")
        if parts[0] == "paths" and parts[2] == "steps":
            step = previewed.paths[parts[1]].step(parts[3])
            render_step_text(step, previewed)
            for choice in step.choices:
                st.text("Option: " + choice.label)
        else:
            for field, _ in fields:
                st.text(f"{field.label}:\n{changes[field.field]}")


sections, adapted, version = wording_editor.guide_wording()
st.caption(
    f"Guide version {version}; {len(adapted)} text(s) adapted for this clinic. Keep the wording warm, "
    "short and free of blame. Changes apply to new conversations."
)
render_wording_editor(GUIDE, actor, sections, _preview)
