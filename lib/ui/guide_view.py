"""The conversation guide on screen: one step at a time, actions that do things, and the timeline.

Session mode embeds `render_guide`; the family page embeds `render_guide_timeline`.
UI state lives in one plain dict per family (and task) in st.session_state, so it survives
page switches; the database stays the truth for everything the guide does.
"""

from datetime import date, datetime, time, timedelta

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib import assignments, sessions
from lib import guide as guide_lib
from lib.barriers import BARRIERS
from lib.errors import DomainError
from lib.families import get_family
from lib.text import md_escape
from lib.ui import cursor, show_error

OPEN = ("active", "paused")


def _key(family_id, assignment_id):
    return f"guide_{int(family_id)}_{int(assignment_id or 0)}"


def _fresh(guide, stage, path_id):
    start = guide.paths[path_id].start
    return {
        "stage": stage,
        "path": path_id,
        "step": start,
        "visited": [start],
        "trail": [start],
        "reasons": [],
        "actions": [],
        "messages": {},
        "outcome": None,
        "note": "",
        "saved_run": None,
        "error": None,
    }


def _state(key):
    return st.session_state[key]


# ---------------------------------------------------------------- callbacks (run before the script)


def _switch_path(key, guide):
    state = _state(key)
    path_id = st.session_state.get(f"{key}_path") or state["path"]
    start = guide.paths[path_id].start
    state.update(path=path_id, step=start, trail=[start], visited=[start], outcome=None, error=None)


def _go(key, guide, choice_id=None):
    state = _state(key)
    path = guide.paths[state["path"]]
    step = path.step(state["step"])
    if step.kind == "reasons":
        state["reasons"] = list(st.session_state.get(f"{key}_reasons") or [])
    found = guide_lib.advance(path, state["step"], choice_id)
    if found.outcome:
        state["outcome"] = found.outcome
    if found.step:
        state.update(step=found.step, error=None)
        state["trail"].append(found.step)
        state["visited"].append(found.step)


def _back(key):
    state = _state(key)
    if len(state["trail"]) > 1:
        state["trail"].pop()
        state.update(step=state["trail"][-1], error=None)


def _restart(key, guide):
    state = _state(key)
    st.session_state[key] = _fresh(guide, state["stage"], state["path"])


def _done(key, result):
    state = _state(key)
    if result.entry not in state["actions"]:
        state["actions"].append(result.entry)
    state["messages"][result.action] = result.message
    state["error"] = None


def _act(key, actor, family_id, action_id, params_from_state):
    """Run one action with parameters read from widget state; keep a message either way."""
    state = _state(key)
    try:
        params = params_from_state()
        with cursor() as cur:
            _done(key, guide_lib.perform_action(cur, actor, family_id, action_id, **params))
    except (DomainError, ValueError) as exc:
        state["error"] = (action_id, str(exc))


def _save(key, actor, family_id, session_id):
    state = _state(key)
    state["outcome"] = st.session_state.get(f"{key}_outcome") or state["outcome"]
    state["note"] = st.session_state.get(f"{key}_note", state["note"])
    try:
        with cursor() as cur:
            state["saved_run"] = guide_lib.record_guide_run(
                cur,
                actor,
                family_id,
                path=state["path"],
                stage=state["stage"],
                steps_visited=state["visited"],
                reasons=state["reasons"],
                actions=state["actions"],
                outcome=state["outcome"],
                note=state["note"],
                session_id=session_id,
            )
        state["error"] = None
    except DomainError as exc:
        state["error"] = ("save", str(exc))


# ---------------------------------------------------------------- shared pieces


def render_step_text(step, guide):
    """Show a step's title, prompt and example wordings (also used by the wording preview)."""
    st.subheader(step.title, anchor=False)
    st.markdown(md_escape(step.prompt))
    if step.examples:
        st.caption("You might say")
        for line in step.examples:
            st.markdown("> " + md_escape(line))


def _task_label(task):
    return f"{task[1]} ({task[2]}, {task[3]} min, {task[4]} days a week)"


def _pick_task(key, tasks, assignment_id, open_only=False):
    choices = [t for t in tasks if not open_only or t[7] in OPEN]
    if not choices:
        st.caption("This family has no task to use here yet.")
        return None
    ids = [t[0] for t in choices]
    index = ids.index(assignment_id) if assignment_id in ids else 0
    by_id = {t[0]: t for t in choices}
    picked = st.selectbox("Task", ids, index=index, format_func=lambda i: _task_label(by_id[i]), key=key)
    return by_id[picked]


def _action_panel(cur, actor, family, key, guide, action_id, tasks, assignment_id):
    fid, k = family.id, f"{key}_{action_id}"
    if action_id == "reissue":
        task = _pick_task(f"{k}_task", tasks, assignment_id)
        if task:
            with st.form(f"{k}_form", border=False):
                st.date_input("Start again on", value=date.today() + timedelta(days=1), key=f"{k}_start")
                st.form_submit_button(
                    "Give it again",
                    on_click=_act,
                    args=(key, actor, fid, action_id, lambda: _reissue_params(k)),
                )
    elif action_id == "make_easier":
        task = _pick_task(f"{k}_task", tasks, assignment_id, open_only=True)
        if task:
            with st.form(f"{k}_form_{task[0]}", border=False):
                cols = st.columns(2)
                cols[0].number_input(
                    "Minutes each time", 1, 240, value=int(task[3]), key=f"{k}_min_{task[0]}"
                )
                cols[1].number_input("Days a week", 1, 7, value=int(task[4]), key=f"{k}_days_{task[0]}")
                st.text_area("Instructions, in plain words", value=task[5], key=f"{k}_text_{task[0]}")
                st.form_submit_button(
                    "Save the easier version",
                    on_click=_act,
                    args=(key, actor, fid, action_id, lambda: _easier_params(k, task)),
                )
    elif action_id == "cross_accountability":
        task = _pick_task(f"{k}_task", tasks, assignment_id, open_only=True)
        if task:
            with st.form(f"{k}_form_{task[0]}", border=False):
                st.text_input(
                    "Who reminds whom",
                    value=task[6],
                    placeholder="For example: Mia checks that Dad did his part",
                    key=f"{k}_note_{task[0]}",
                )
                st.form_submit_button(
                    "Save the buddy note",
                    on_click=_act,
                    args=(key, actor, fid, action_id, lambda: _buddy_params(k, task)),
                )
    elif action_id == "shorten_gap":
        _booking_panel(cur, actor, family, key, k)
    elif action_id == "confirm_before_booking":
        upcoming = sessions.next_session(cur, actor, fid)
        if upcoming is None:
            st.caption("No session is booked yet: book one first, then mark it.")
        else:
            st.caption(f"Next session: {upcoming[1]:%A %d %B at %H:%M} with {upcoming[2]}.")
        st.button(
            "Mark the next session", key=f"{k}_do", on_click=_act, args=(key, actor, fid, action_id, dict)
        )
    elif action_id == "raise_belief":
        for point in guide_lib.belief_rationale(cur, actor, fid, guide):
            st.markdown("- " + md_escape(point))
        st.button("We talked about it", key=f"{k}_do", on_click=_act, args=(key, actor, fid, action_id, dict))
    elif action_id == "barrier_checklist":
        task = _pick_task(f"{k}_task", tasks, assignment_id, open_only=True)
        if task:
            _checklist(cur, actor, task[0])
            st.button(
                "We went through it", key=f"{k}_do", on_click=_act, args=(key, actor, fid, action_id, dict)
            )
            # in session mode the screen stays on this family: no jumping to other pages
            if actor.session_family_id is None and st.button(
                "Change the checklist on the task", key=f"{k}_open"
            ):
                _act(key, actor, fid, action_id, dict)
                try:
                    st.switch_page(
                        "pages/assignments.py", query_params={"family": str(fid), "assignment": str(task[0])}
                    )
                except StreamlitAPIException:
                    st.info("The task pages are not available here. Change the checklist on the task itself.")
    elif action_id == "doctor_letter":
        draft = guide_lib.draft_doctor_letter(guide, family.display_name)
        text = st.text_area("Draft sentence (change it as you wish)", value=draft, key=f"{k}_text")
        st.code(text, language=None, wrap_lines=True)
        st.caption("Use the copy button on the box above, then paste it into your letter.")
        st.button(
            "Note it in this conversation",
            key=f"{k}_do",
            on_click=_act,
            args=(key, actor, fid, action_id, dict),
        )
    else:
        st.button(
            "We talked about this", key=f"{k}_do", on_click=_act, args=(key, actor, fid, action_id, dict)
        )


def _checklist(cur, actor, assignment_id):
    answers = assignments.get_barrier_answers(cur, actor, assignment_id)
    words = {"ok": "fine", "risk": "a risk", "not_asked": "not asked yet"}
    for barrier in BARRIERS:
        answer, plan = answers.get(barrier.id, ("not_asked", ""))
        line = f"{barrier.name}: {words.get(answer, answer)}" + (f". Plan: {plan}" if plan else "")
        st.text(line)
        st.caption(barrier.question)


def _reissue_params(k):
    return {"assignment_id": st.session_state[f"{k}_task"], "start_date": st.session_state[f"{k}_start"]}


def _easier_params(k, task):
    wanted = {
        "minutes": int(st.session_state[f"{k}_min_{task[0]}"]),
        "days_per_week": int(st.session_state[f"{k}_days_{task[0]}"]),
        "instructions": st.session_state[f"{k}_text_{task[0]}"].strip(),
    }
    current = {"minutes": task[3], "days_per_week": task[4], "instructions": task[5]}
    changes = {name: value for name, value in wanted.items() if value != current[name]}
    return {"assignment_id": task[0], "changes": changes, "reason": "Made easier in the conversation guide"}


def _buddy_params(k, task):
    return {"assignment_id": task[0], "note": st.session_state[f"{k}_note_{task[0]}"]}


def _booking_panel(cur, actor, family, key, k):
    upcoming = sessions.next_session(cur, actor, family.id)
    if upcoming:
        st.caption(f"Next session now: {upcoming[1]:%A %d %B at %H:%M} with {upcoming[2]}.")
    else:
        st.caption("No next session is booked yet.")
    default = sessions.default_booking(cur, actor, family.id)
    if default is None:
        st.caption("No active therapist is linked to this family, so a session cannot be booked here.")
        return
    with st.form(f"{k}_form", border=False):
        cols = st.columns(2)
        cols[0].date_input("Date", value=date.today() + timedelta(days=7), key=f"{k}_date")
        cols[1].time_input("Time", value=time(10, 0), step=900, key=f"{k}_time")
        st.form_submit_button(
            "Book this session",
            on_click=_act,
            args=(key, actor, family.id, "shorten_gap", lambda: _booking_params(k, default)),
        )


def _booking_params(k, default):
    starts = datetime.combine(st.session_state[f"{k}_date"], st.session_state[f"{k}_time"])
    return {"therapist_id": default[0], "discipline": default[1], "starts_at": starts}


def _error_for(state, action_id):
    if state["error"] and state["error"][0] == action_id:
        st.error(state["error"][1], icon=":material/error:")


# ---------------------------------------------------------------- the guide


def _stage_of(cur, actor, family_id):
    found = guide_lib.family_stage(cur, actor, family_id)
    return (found.name, found.why) if found is not None else (None, "")


def render_guide(cur, actor, family_id, session_id=None, assignment_id=None):
    """Show the conversation guide for one family, one step at a time; every option is a suggestion."""
    try:
        guide = guide_lib.load_guide(cur)
        family = get_family(cur, actor, family_id)
        stage, why = _stage_of(cur, actor, family_id)
    except DomainError as exc:
        show_error(exc)
        return
    key = _key(family_id, assignment_id)
    if key not in st.session_state:
        st.session_state[key] = _fresh(guide, stage or "initial", guide.path_for_stage(stage or "initial"))
        if assignment_id:
            st.session_state[key]["reasons"] = guide_lib.latest_reasons(cur, actor, family_id, assignment_id)
    state = _state(key)
    path_ids = list(guide.paths)
    if stage:
        st.caption(f"Stage: {stage}. {why}")
    st.segmented_control(
        "Path",
        path_ids,
        default=state["path"],
        format_func=lambda p: guide.paths[p].title,
        key=f"{key}_path",
        on_change=_switch_path,
        args=(key, guide),
        required=True,
        help="Chosen from the family's stage. You can switch at any time.",
    )
    if not stage:
        state["stage"] = state["path"]
    path = guide.paths[state["path"]]
    if state["saved_run"]:
        _render_saved(key, guide, state)
        return
    step = path.step(state["step"])
    st.caption(f"Step {guide_lib.step_number(path, step.id)} of {len(path.steps)} · {path.summary}")
    # a container per step, so nothing of the previous step lingers while the new one draws
    with st.container(border=True, key=f"{key}_step_{state['path']}_{step.id}"):
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
            st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=_go, args=(key, guide))
        elif step.kind == "actions":
            _render_actions(cur, actor, family, key, guide, step, state, assignment_id)
        else:
            _render_outcome(key, actor, family_id, session_id, guide, step, state)
    if len(state["trail"]) > 1:
        st.button("Back", key=f"{key}_back", icon=":material/arrow_back:", on_click=_back, args=(key,))


def _render_talk(key, guide, step):
    if not step.choices:
        st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=_go, args=(key, guide))
        return
    cols = st.columns(len(step.choices))
    for col, choice in zip(cols, step.choices, strict=True):
        col.button(
            choice.label,
            key=f"{key}_choice_{step.id}_{choice.id}",
            type="primary" if choice is step.choices[0] else "secondary",
            on_click=_go,
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
            if not guide_lib.action_available(choice.action):
                st.info("This option is not available in this installation yet.")
                continue
            _action_panel(cur, actor, family, key, guide, choice.action, tasks, assignment_id)
            _error_for(state, choice.action)
    st.button("Next", key=f"{key}_next_{step.id}", type="primary", on_click=_go, args=(key, guide))


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
        on_click=_save,
        args=(key, actor, family_id, session_id),
    )
    _error_for(state, "save")


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
    st.button("Start a new conversation", key=f"{key}_restart", on_click=_restart, args=(key, guide))


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
        f"**Where the last conversation ended** ({last.run_on:%d %b %Y}): "
        + md_escape(guide.outcomes.get(last.outcome, last.outcome))
    )
    for run in runs[:10]:
        path = guide.paths.get(run.path)
        with st.container(border=True):
            st.markdown(
                f"**{run.run_on:%d %b %Y}** · {md_escape(path.title if path else run.path)}"
                f" · {md_escape(run.therapist)}"
            )
            st.text(f"Ended: {guide.outcomes.get(run.outcome, run.outcome)}")
            st.text("Got in the way: " + _labels(guide, run.reasons, lambda r: guide.reasons.get(r, r)))
            st.text("Done: " + _labels(guide, run.actions, lambda a: _action_label(guide, a)))
            if run.note:
                st.text(run.note)
