"""Guide wording (clinic lead only): adapt the conversation guide's texts, preview, reset to shipped."""

import streamlit as st

from lib import guide, ui
from lib.errors import DomainError
from lib.ui.guide_view import render_step_text

actor = ui.require_actor()
st.title("Conversation guide wording")
if not actor.is_lead:
    st.error("Only the clinic lead can change the guide's wording.")
    st.stop()


def _forget(fields):
    for field, _ in fields:
        st.session_state.pop(f"w_{field.field}", None)


def _save(fields):
    changes = {f.field: st.session_state[f"w_{f.field}"] for f, _ in fields}
    ui.run_write(
        "wording",
        lambda cur: guide.save_wording(cur, actor, changes),
        done="Saved. The guide now uses this wording.",
        then=lambda _: _forget(fields),
    )


def _reset(fields, everything=False):
    chosen = None if everything else [f.field for f, _ in fields]
    ui.run_write(
        "wording",
        lambda cur: guide.reset_wording(cur, actor, chosen),
        done="Back to the shipped wording.",
        then=lambda _: _forget(fields),
    )


with ui.cursor() as cur:
    sections = guide.wording_sections(cur)
    adapted = guide.list_wording_overrides(cur)
    version = guide.guide_version(cur)
st.caption(
    f"Guide version {version}; {len(adapted)} text(s) adapted for this clinic. Keep the wording warm, "
    "short and free of blame. Changes apply to new conversations."
)
section = st.selectbox("Part of the guide", list(sections), key="wording_section")
fields = sections[section]
ui.feedback("wording")

with st.form(f"wording_form_{section}"):
    for field, shipped_text in fields:
        box = st.text_area if field.lines or len(shipped_text) > 70 else st.text_input
        box(
            # the section already names the path and step: show only what this text is
            field.label.rsplit(": ", 1)[-1].capitalize()
            + (" · adapted" if field.text != shipped_text else ""),
            value=field.text,
            key=f"w_{field.field}",
            help="One wording per line." if field.lines else None,
        )
    cols = st.columns(2)
    preview = cols[0].form_submit_button("Preview", icon=":material/visibility:")
    cols[1].form_submit_button("Save wording", type="primary", on_click=_save, args=(fields,))

if preview:
    changes = {f.field: st.session_state[f"w_{f.field}"] for f, _ in fields}
    try:
        with ui.cursor() as cur:
            previewed = guide.preview_wording(cur, changes)
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
    except DomainError as exc:
        ui.show_error(exc)

st.divider()
left, right = st.columns(2)
left.button(
    "Reset this part to the shipped wording", key="wording_reset_part", on_click=_reset, args=(fields,)
)
with right:
    sure = st.checkbox("Yes, reset every text", key="wording_reset_sure")
    st.button(
        "Reset everything to the shipped wording",
        key="wording_reset_all",
        disabled=not sure,
        on_click=_reset,
        args=(fields, True),
    )
