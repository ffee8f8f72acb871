"""The conversation guide on screen: one step at a time, actions that do things, and the timeline.

The guide page reads through `load` and `guide_page`; session mode embeds `render_guide`; the
family page embeds `render_guide_timeline`. The state and its callbacks are in guide_state.py,
the action panels in guide_panels.py.
"""

import streamlit as st

from lib import guide as guide_lib
from lib.errors import DomainError
from lib.families import get_family
from lib.figures import caseload
from lib.text import md_escape
from lib.ui import show_error
from lib.ui.database import cursor
from lib.ui.guide_panels import render_action_panel
from lib.ui.guide_state import back, fresh_state, go, restart, save_run, state_key, switch_path
from lib.words import date_text

# ---------------------------------------------------------------- shared pieces


def render_step_text(step, guide):
    """Show a step's title, prompt and example wordings (also used by the wording preview)."""
    st.subheader(step.title, anchor=False)
    render_prompt(step)


def render_prompt(step):
    """Show a step's prompt and example wordings (the therapist's own, never the family's)."""
    st.markdown(md_escape(step.prompt))
    if step.examples:
        st.caption("You might say")
        for line in step.examples:
            st.markdown("> " + md_escape(line))


# ---------------------------------------------------------------- the guide page


def load(actor, family_id):
    """Return the family the guide page is about."""
    with cursor() as cur:
        return get_family(cur, actor, family_id)


def guide_page(actor, family_id, assignment_id=None):
    """Show the guide beside the family's earlier conversations, both read on one cursor."""
    main, side = st.columns([3, 2], gap="large")
    with cursor() as cur:
        with main:
            render_guide(cur, actor, family_id, assignment_id=assignment_id)
        with side:
            st.subheader("Earlier conversations", anchor=False)
            render_guide_timeline(cur, actor, family_id)


# ---------------------------------------------------------------- the guide


def render_guide(cur, actor, family_id, session_id=None, assignment_id=None, notes_label=None):
    """Show the conversation guide for one family, one step at a time; every option is a suggestion.

    notes_label: fold the therapist's private notes (stage, gate, the step's prompt and example
    wordings) under this label, keeping the step's title and buttons open (the session's cue card)."""
    try:
        guide = guide_lib.load_guide(cur)
        family = get_family(cur, actor, family_id)
        stage = caseload.family_stage(cur, actor, family_id)
    except DomainError as exc:
        show_error(exc)
        return
    key = state_key(family_id, assignment_id)
    if key not in st.session_state:
        path = guide_lib.path_for_family(cur, actor, family_id, guide, stage.name)  # the figures choose
        st.session_state[key] = fresh_state(guide, stage.name, path)
        if assignment_id:
            st.session_state[key]["reasons"] = guide_lib.latest_reasons(cur, actor, family_id, assignment_id)
    state = st.session_state[key]
    path_ids = list(guide.paths)
    notes = st.expander(notes_label, icon=":material/visibility_off:") if notes_label else st.container()
    with notes:
        st.caption(f"Stage: {stage.name}. {md_escape(stage.why)}")
        if stage.stage != "none":
            st.caption("Chronic only after best practice: " + md_escape(stage.gate))
    st.segmented_control(
        "Path",
        path_ids,
        default=state["path"],
        format_func=lambda p: guide.paths[p].title,
        key=f"{key}_path",
        on_change=switch_path,
        args=(key, guide),
        required=True,
        help="Chosen from the family's stage. You can switch at any time.",
    )
    path = guide.paths[state["path"]]
    if state["saved_run"]:
        _render_saved(key, guide, state)
        return
    step = path.step(state["step"])
    st.caption(f"Step {guide_lib.step_number(path, step.id)} of {len(path.steps)} · {path.summary}")
    # a container per step, so nothing of the previous step lingers while the new one draws
    with st.container(border=True, key=f"{key}_step_{state['path']}_{step.id}"):
        if notes_label:
            st.subheader(step.title, anchor=False)
            with notes:
                render_prompt(step)
        else:
            render_step_text(step, guide)
        if step.kind == "talk":
            _render_talk(key, guide, step)
        elif step.kind == "reasons":
            st.pills(
                "What got in the way",
                list(guide.reasons),
                selection_mode="multi",
                default=[r for r in state["reasons"] if r in guide.reasons],
                format_func=guide.reasons.get,
                key=f"{key}_reasons",
            )
            st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=go, args=(key, guide))
        elif step.kind == "actions":
            _render_actions(cur, actor, family, key, guide, step, state, assignment_id)
        else:
            _render_outcome(key, actor, family_id, session_id, guide, step, state)
    if len(state["trail"]) > 1:
        st.button("Back", key=f"{key}_back", icon=":material/arrow_back:", on_click=back, args=(key,))


def _render_talk(key, guide, step):
    if not step.choices:
        st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=go, args=(key, guide))
        return
    cols = st.columns(len(step.choices))
    for col, choice in zip(cols, step.choices, strict=True):
        col.button(
            choice.label,
            key=f"{key}_choice_{step.id}_{choice.id}",
            type="primary" if choice is step.choices[0] else "secondary",
            on_click=go,
            args=(key, guide, choice.id),
            width="stretch",
        )


def _render_actions(cur, actor, family, key, guide, step, state, assignment_id):
    st.caption("Every option is a suggestion: choose none, one or several.")
    for message in state["messages"].values():
        st.success(message, icon=":material/check_circle:")
    tasks = guide_lib.list_family_tasks(cur, actor, family.id)
    for choice in step.choices:
        info = guide.actions[choice.action]
        done = choice.action in state["messages"]
        failed = bool(state["error"]) and state["error"][0] == choice.action
        with st.expander(("✓ " if done else "") + choice.label, expanded=failed):
            st.caption(info.help)
            render_action_panel(cur, actor, family, key, guide, choice.action, tasks, assignment_id)
            _error_for(state, choice.action)
    st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=go, args=(key, guide))


def _render_outcome(key, actor, family_id, session_id, guide, step, state):
    _summary(guide, state)
    options = [c.outcome for c in step.choices]
    index = options.index(state["outcome"]) if state["outcome"] in options else None
    st.radio(
        "Where did the conversation end?",
        options,
        index=index,
        format_func=guide.outcomes.get,
        key=f"{key}_outcome",
    )
    st.text_area("Note (optional)", value=state["note"], max_chars=guide_lib.MAX_NOTE, key=f"{key}_note")
    st.button(
        "Save this conversation",
        key=f"{key}_save",
        type="primary",
        on_click=save_run,
        args=(key, actor, family_id, session_id),
    )
    _error_for(state, "save")


def _error_for(state, action_id):
    if state["error"] and state["error"][0] == action_id:
        st.error(state["error"][1], icon=":material/error:")


def _labels(guide, entries, lookup):
    return ", ".join(lookup(entry) for entry in entries) or "none"


def _action_label(guide, entry):
    action = entry.split(":", 1)[0]
    return guide.actions[action].label if action in guide.actions else action


def _summary(guide, state):
    st.markdown("**What got in the way:** " + md_escape(_labels(guide, state["reasons"], guide.reasons.get)))
    st.markdown(
        "**What we did:** " + md_escape(_labels(guide, state["actions"], lambda a: _action_label(guide, a)))
    )


def _render_saved(key, guide, state):
    st.success("Saved. The next conversation can start from here.", icon=":material/check_circle:")
    _summary(guide, state)
    st.markdown("**Where it ended:** " + md_escape(guide.outcomes.get(state["outcome"], "")))
    st.button("Start a new conversation", key=f"{key}_restart", on_click=restart, args=(key, guide))


# ---------------------------------------------------------------- the timeline


def render_guide_timeline(cur, actor, family_id):
    """Show the family's guide conversations, newest first, so the next one starts where the last ended."""
    try:
        runs = guide_lib.list_guide_runs(cur, actor, family_id)
        guide = guide_lib.load_guide(cur)
    except DomainError as exc:
        show_error(exc)
        return
    if not runs:
        st.caption("No conversations with the guide yet.")
        return
    last = runs[0]
    st.markdown(
        f"**Where the last conversation ended** ({date_text(last.run_on)}): "
        + md_escape(guide.outcomes.get(last.outcome, last.outcome))
    )
    for run in runs[:10]:
        path = guide.paths.get(run.path)
        with st.container(border=True):
            st.markdown(
                f"**{date_text(run.run_on)}** · {md_escape(path.title if path else run.path)}"
                f" · {md_escape(run.therapist)}"
            )
            st.text(f"Ended: {guide.outcomes.get(run.outcome, run.outcome)}")
            st.text("Got in the way: " + _labels(guide, run.reasons, lambda r: guide.reasons.get(r, r)))
            st.text("Done: " + _labels(guide, run.actions, lambda a: _action_label(guide, a)))
            if run.note:
                st.text(run.note)
