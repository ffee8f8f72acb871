"""Intake explainer: why and how much to practise, fitted to this child; this window is the cue card."""

import streamlit as st

from lib import explainer, ui
from lib.text import md_escape
from lib.ui import explainer_panels
from lib.ui.cue_card import render_step
from lib.words import DIFFICULTY_LABELS, date_text

actor = ui.require_actor()
family_id = ui.selected_family_id()
if family_id is None:
    st.title("Intake explainer")
    st.info("Open a family first (from the caseload or 'Find a family'), then come back to this page.")
    st.stop()

try:
    screen = explainer_panels.load(actor, family_id)
    family, word, last, data = screen.family, screen.word, screen.last, screen.data
    disciplines, band, suggested = screen.disciplines, screen.band, screen.suggested
except ui.CALM_ERRORS as exc:
    st.title("Intake explainer")
    ui.show_error(exc)
    st.stop()

variant = explainer.choose_variant(disciplines, band, data)
KEY = f"explainer_{family_id}"
said = {"goal": last.goal, "who": last.who_helps, "when": last.practice_when} if last else {}
state = st.session_state.setdefault(
    KEY,
    {
        "step": 0,
        "minutes": suggested[0],
        "days": suggested[1],
        "difficulty": "usual",
        "goal": "",
        "who": "",
        "when": "",
    }
    | said,
)
steps = explainer.explainer_steps(
    word, state["minutes"], state["days"], variant, state["goal"], data, screen.task_minutes
)
last_step = len(steps)  # the teach-back comes after the explainer's steps


def _move(by):
    state["step"] = max(0, min(last_step, state["step"] + by))
    state.pop("recorded", None)


def _copy(field, widget):
    state[field] = st.session_state[widget]


def _difficulty():
    state["difficulty"] = st.session_state["explainer_difficulty"]
    state["minutes"], state["days"] = explainer.expectation(band, state["difficulty"], data)
    for widget in ("explainer_minutes", "explainer_days"):
        st.session_state.pop(widget, None)


_, middle, _ = st.columns([1, 4, 1])
with middle:
    st.caption(
        f"{md_escape(family.display_name)} · {md_escape(word)} · explainer for: "
        + md_escape(explainer.variant_caption(variant, band))
    )
    st.progress((state["step"] + 1) / (last_step + 1), text=f"Step {state['step'] + 1} of {last_step + 1}")
    if state["step"] < last_step:
        step = steps[state["step"]]
        if step.key == "why":
            st.text_input(
                "The family's goal, in their words",
                value=state["goal"],
                key="explainer_goal",
                on_change=_copy,
                args=("goal", "explainer_goal"),
                max_chars=200,
                placeholder="e.g. to ask for a drink with words",
            )
        if step.key == "expectation":
            st.radio(
                "Start",
                list(DIFFICULTY_LABELS),
                format_func=DIFFICULTY_LABELS.get,
                index=list(DIFFICULTY_LABELS).index(state["difficulty"]),
                key="explainer_difficulty",
                on_change=_difficulty,
                horizontal=True,
            )
            left, right = st.columns(2)
            for column, label, field, top in (
                (left, "Minutes a day", "minutes", 240),
                (right, "Days a week", "days", 7),
            ):
                column.number_input(
                    label,
                    1,
                    top,
                    value=state[field],
                    key=f"explainer_{field}",
                    on_change=_copy,
                    args=(field, f"explainer_{field}"),
                )
        render_step(step)
    else:
        explainer_panels.teach_back_form(actor, family_id, state, variant["id"], word, data)
        explainer_panels.handout(family, word, state, variant, data, screen.task_minutes)
    back, _, forward = st.columns([1, 3, 1])
    back.button("Back", key="explainer_back", on_click=_move, args=(-1,), disabled=state["step"] == 0)
    if state["step"] < last_step:
        forward.button("Next", key="explainer_next", on_click=_move, args=(1,), type="primary")
    explainer_panels.screen_panel(actor, family_id, state)
    if last:
        outcome = "understood" if last.understood else "to go over again: " + md_escape(last.revisit)
        st.caption(f"Last explained on {date_text(last.run_on)} ({outcome})")
explainer_panels.publish(actor, state)  # the family screen follows what this window shows
