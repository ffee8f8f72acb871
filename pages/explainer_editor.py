"""Explainer wording (clinic lead only): adapt the intake explainer's texts, preview a variant, reset."""

import streamlit as st

from lib import explainer, ui
from lib.ui import wording_editor
from lib.ui.cue_card import render_step
from lib.ui.wording_editor import Wording, render_wording_editor

actor = ui.require_actor()
st.title("Intake explainer wording")
if not actor.is_lead:
    st.error("Only the clinic lead can change the explainer's wording.")
    st.stop()


EXPLAINER = Wording(
    fields_key="xw_",
    controls_key="xw",
    feedback_key="explainer_wording",
    save=explainer.save_wording,
    reset=explainer.reset_wording,
    saved="Saved. The explainer now uses this wording.",
    part_label="Part of the explainer",
    line_help="One per line.",
    reset_all_label="Yes, reset every explainer text",
)


def _preview(changes, fields):
    data = wording_editor.preview_explainer(changes)
    head = fields[0][0].field.split(".")
    variant = explainer.variant_by_id(head[1] if head[0] == "variants" else "", data)
    st.subheader(f"Preview: {variant['label']}, 10 minutes on 5 days", anchor=False)
    steps = explainer.explainer_steps(
        "home practice", 10, 5, variant, "(the family's goal, in their words)", data
    )
    for step in steps if head[0] != "variants" else [s for s in steps if s.key in ("why", "expectation")]:
        with st.container(border=True):
            render_step(step)


sections, adapted = wording_editor.explainer_wording()
shipped = explainer.load_shipped()
st.caption(
    f"Explainer version {shipped['version']}; {len(adapted)} text(s) adapted for this clinic. Each family sees "
    "one variant, chosen by its therapists' disciplines and the child's age. Say only what is supported: "
    "families who practise on most days tend to see more change; short and regular beats long and rare."
)
render_wording_editor(EXPLAINER, actor, sections, _preview)
