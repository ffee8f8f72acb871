"""Explainer wording (clinic lead only): adapt the intake explainer's texts, preview a variant, reset."""

import streamlit as st

from lib import explainer, ui
from lib.errors import DomainError
from lib.ui.cue_card import render_step

actor = ui.require_actor()
st.title("Intake explainer wording")
if not actor.is_lead:
    st.error("Only the clinic lead can change the explainer's wording.")
    st.stop()


def _forget(fields):
    for field, _ in fields:
        st.session_state.pop(f"xw_{field.field}", None)


def _save(fields):
    changes = {f.field: st.session_state[f"xw_{f.field}"] for f, _ in fields}
    ui.run_write(
        "explainer_wording",
        lambda cur: explainer.save_wording(cur, actor, changes),
        done="Saved. The explainer now uses this wording.",
        then=lambda _: _forget(fields),
    )


def _reset(fields, everything=False):
    chosen = None if everything else [f.field for f, _ in fields]
    ui.run_write(
        "explainer_wording",
        lambda cur: explainer.reset_wording(cur, actor, chosen),
        done="Back to the shipped wording.",
        then=lambda _: _forget(fields),
    )


with ui.cursor() as cur:
    sections = explainer.wording_sections(cur)
    adapted = explainer.list_wording_overrides(cur)
shipped = explainer.load_shipped()
st.caption(
    f"Explainer version {shipped['version']}; {len(adapted)} text(s) adapted for this clinic. Each family sees "
    "one variant, chosen by its therapists' disciplines and the child's age. Say only what is supported: "
    "practice between sessions is where most of the learning happens; short and regular beats long and rare."
)
section = st.selectbox("Part of the explainer", list(sections), key="xw_section")
fields = sections[section]
ui.feedback("explainer_wording")

with st.form(f"xw_form_{section}"):
    for field, shipped_text in fields:
        box = st.text_area if field.lines or len(shipped_text) > 70 else st.text_input
        box(
            field.label.rsplit(": ", 1)[-1].capitalize()
            + (" · adapted" if field.text != shipped_text else ""),
            value=field.text,
            key=f"xw_{field.field}",
            help="One per line." if field.lines else None,
        )
    cols = st.columns(2)
    preview = cols[0].form_submit_button("Preview", icon=":material/visibility:")
    cols[1].form_submit_button("Save wording", type="primary", on_click=_save, args=(fields,))

if preview:
    changes = {f.field: st.session_state[f"xw_{f.field}"] for f, _ in fields}
    try:
        with ui.cursor() as cur:
            data = explainer.preview_wording(cur, changes)
        head = fields[0][0].field.split(".")
        variant = explainer.variant_by_id(head[1] if head[0] == "variants" else "", data)
        st.subheader(f"Preview: {variant['label']}, 10 minutes on 5 days", anchor=False)
        steps = explainer.explainer_steps(
            "home practice", 10, 5, variant, "(the family's goal, in their words)", data
        )
        for step in steps if head[0] != "variants" else [s for s in steps if s.key in ("why", "expectation")]:
            with st.container(border=True):
                render_step(step)
    except DomainError as exc:
        ui.show_error(exc)

st.divider()
left, right = st.columns(2)
left.button("Reset this part to the shipped wording", key="xw_reset_part", on_click=_reset, args=(fields,))
with right:
    sure = st.checkbox("Yes, reset every explainer text", key="xw_reset_sure")
    st.button(
        "Reset everything to the shipped wording",
        key="xw_reset_all",
        disabled=not sure,
        on_click=_reset,
        args=(fields, True),
    )
