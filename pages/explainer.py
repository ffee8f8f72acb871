"""Intake explainer: a calm, screen-shareable walk-through of why and how much to practise."""

import streamlit as st

from lib import clock, explainer, families, printables, ui
from lib.text import md_escape
from lib.ui.downloads import audited
from lib.words import date_text

actor = ui.require_actor()
family_id = ui.selected_family_id()
if family_id is None:
    st.title("Intake explainer")
    st.info("Open a family first (from the caseload or 'Find a family'), then come back to this page.")
    st.stop()

try:
    with ui.cursor() as cur:
        family = families.get_family(cur, actor, family_id)
        word = explainer.family_practice_word(cur, actor, family_id)
        last = explainer.last_explainer_run(cur, actor, family_id)
        suggested = explainer.suggested_expectation(cur, actor, family_id)
except ui.CALM_ERRORS as exc:
    st.title("Intake explainer")
    ui.show_error(exc)
    st.stop()

KEY = f"explainer_{family_id}"
state = st.session_state.setdefault(KEY, {"step": 0, "minutes": suggested[0], "days": suggested[1]})
steps = explainer.explainer_steps(word, state["minutes"], state["days"])
last_step = len(steps)  # the teach-back comes after the explainer's steps


def _move(by):
    state["step"] = max(0, min(last_step, state["step"] + by))
    state.pop("recorded", None)


def _copy(field, widget):
    state[field] = st.session_state[widget]


def _record_teach_back():
    s = st.session_state
    ui.run_write(
        "teach_back",
        lambda cur: explainer.record_explainer_run(
            cur, actor, family_id, state["minutes"], state["days"], s["teach_understood"], s["teach_revisit"]
        ),
        then=lambda _: state.update(recorded=clock.today()),
    )


_, middle, _ = st.columns([1, 4, 1])
with middle:
    st.caption(f"{family.display_name} · {word}")
    st.progress((state["step"] + 1) / (last_step + 1), text=f"Step {state['step'] + 1} of {last_step + 1}")
    if state["step"] < last_step:
        step = steps[state["step"]]
        st.header(step.title, anchor=False)
        if step.key == "expectation":
            left, right = st.columns(2)
            left.number_input(
                "Minutes a day",
                1,
                240,
                value=state["minutes"],
                key="explainer_minutes",
                on_change=_copy,
                args=("minutes", "explainer_minutes"),
            )
            right.number_input(
                "Days a week",
                1,
                7,
                value=state["days"],
                key="explainer_days",
                on_change=_copy,
                args=("days", "explainer_days"),
            )
        for paragraph in step.paragraphs:
            st.markdown("##### " + md_escape(paragraph))
        if step.points:
            st.markdown("\n".join("- " + md_escape(point) for point in step.points))
        if step.closing:
            st.markdown("##### " + md_escape(step.closing))
    else:
        title, intro, questions = explainer.teach_back(word)
        st.header(title, anchor=False)
        st.markdown("##### " + md_escape(intro))
        st.markdown("\n".join(f"{n}. " + md_escape(q) for n, q in enumerate(questions, 1)))
        st.markdown(f"**Agreed:** about {state['minutes']} minutes a day, on {state['days']} days a week.")
        with st.form("teach_back"):
            st.checkbox("Understood: they said back why it matters and how much", key="teach_understood")
            st.text_area(
                "What to go over again (needed when not understood)", key="teach_revisit", max_chars=500
            )
            st.form_submit_button("Record teach-back", type="primary", on_click=_record_teach_back)
        ui.feedback("teach_back")
        if state.get("recorded"):
            st.success(f"Teach-back recorded on {date_text(state['recorded'], long=True)}.")
        paper = st.radio("Paper", list(printables.PAPERS), horizontal=True, key="explainer_paper")
        st.download_button(
            "Download the handout (PDF)",
            data=printables.explainer_handout_pdf(
                word,
                family.display_name,
                ui.settings()["clinic_name"],
                state["minutes"],
                state["days"],
                paper,
                printables.clinic_logo(),
            ),
            file_name="why-we-practise.pdf",
            mime="application/pdf",
            key="explainer_handout",
            icon=":material/download:",
            on_click=audited("intake explainer handout (PDF)", family_id),
        )
    back, _, forward = st.columns([1, 3, 1])
    back.button("Back", key="explainer_back", on_click=_move, args=(-1,), disabled=state["step"] == 0)
    if state["step"] < last_step:
        forward.button("Next", key="explainer_next", on_click=_move, args=(1,), type="primary")
    if last:
        outcome = "understood" if last.understood else "to go over again: " + md_escape(last.revisit)
        st.caption(f"Last explained on {date_text(last.run_on)} ({outcome})")
