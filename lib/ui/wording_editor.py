"""The lead's wording editor, one for the guide and the explainer: a part's texts, save, preview, reset."""

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from lib import explainer, guide
from lib.errors import DomainError
from lib.ui.database import cursor
from lib.ui.messages import feedback, run_write, show_error


@dataclass(frozen=True)
class Wording:
    """What differs between the guide's and the explainer's editor."""

    fields_key: str  # widget key prefix of each text ("w_", "xw_")
    controls_key: str  # key prefix of the part picker, form and reset buttons
    feedback_key: str
    save: Callable  # (cur, actor, {field: text})
    reset: Callable  # (cur, actor, [field] or None for every text)
    saved: str  # the message after a save
    part_label: str
    line_help: str
    reset_all_label: str


def guide_wording():
    """Return (sections, adapted texts, version label) of the guide's wording, for the guide editor."""
    with cursor() as cur:
        return guide.wording_sections(cur), guide.list_wording_overrides(cur), guide.guide_version(cur)


def preview_guide(changes):
    """Return the guide as it would read with these changes; raise if they break it."""
    with cursor() as cur:
        return guide.preview_wording(cur, changes)


def explainer_wording():
    """Return (sections, adapted texts) of the explainer's wording, for the explainer editor."""
    with cursor() as cur:
        return explainer.wording_sections(cur), explainer.list_wording_overrides(cur)


def preview_explainer(changes):
    """Return the explainer data as it would read with these changes; raise if they break it."""
    with cursor() as cur:
        return explainer.preview_wording(cur, changes)


def _forget(w, fields):
    for field, _ in fields:
        st.session_state.pop(f"{w.fields_key}{field.field}", None)


def _changes(w, fields):
    return {f.field: st.session_state[f"{w.fields_key}{f.field}"] for f, _ in fields}


def _save(w, actor, fields):
    changes = _changes(w, fields)
    run_write(
        w.feedback_key,
        lambda cur: w.save(cur, actor, changes),
        done=w.saved,
        then=lambda _: _forget(w, fields),
    )


def _reset(w, actor, fields, everything=False):
    chosen = None if everything else [f.field for f, _ in fields]
    run_write(
        w.feedback_key,
        lambda cur: w.reset(cur, actor, chosen),
        done="Back to the shipped wording.",
        then=lambda _: _forget(w, fields),
    )


def render_wording_editor(w, actor, sections, preview):
    """Show a part's texts in a form (Preview, Save) and the reset buttons; preview(changes, fields) draws it."""
    c = w.controls_key
    section = st.selectbox(w.part_label, list(sections), key=f"{c}_section")
    fields = sections[section]
    feedback(w.feedback_key)

    with st.form(f"{c}_form_{section}"):
        for field, shipped_text in fields:
            box = st.text_area if field.lines or len(shipped_text) > 70 else st.text_input
            box(
                # the part already names the path and step: show only what this text is
                field.label.rsplit(": ", 1)[-1].capitalize()
                + (" · adapted" if field.text != shipped_text else ""),
                value=field.text,
                key=f"{w.fields_key}{field.field}",
                help=w.line_help if field.lines else None,
            )
        cols = st.columns(2)
        shown = cols[0].form_submit_button("Preview", icon=":material/visibility:")
        cols[1].form_submit_button("Save wording", type="primary", on_click=_save, args=(w, actor, fields))

    if shown:
        try:
            preview(_changes(w, fields), fields)
        except DomainError as exc:
            show_error(exc)

    st.divider()
    left, right = st.columns(2)
    left.button(
        "Reset this part to the shipped wording",
        key=f"{c}_reset_part",
        on_click=_reset,
        args=(w, actor, fields),
    )
    with right:
        sure = st.checkbox(w.reset_all_label, key=f"{c}_reset_sure")
        st.button(
            "Reset everything to the shipped wording",
            key=f"{c}_reset_all",
            disabled=not sure,
            on_click=_reset,
            args=(w, actor, fields, True),
        )
