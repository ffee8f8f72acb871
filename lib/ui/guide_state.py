"""The guide's UI state and its callbacks (they run before the script draws the page).

UI state lives in one plain dict per family (and task) in st.session_state, so it survives
page switches; the database stays the truth for everything the guide does.
"""

import streamlit as st

from lib import guide as guide_lib
from lib.errors import DomainError
from lib.ui.messages import run_write, take_error


def state_key(family_id, assignment_id):
    """Return the session-state key of the guide for one family (and task)."""
    return f"guide_{int(family_id)}_{int(assignment_id or 0)}"


def fresh_state(guide, stage, path_id):
    """Return the state of a conversation that starts now on a path."""
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


def state(key):
    """Return the guide's state dict under key."""
    return st.session_state[key]


def switch_path(key, guide):
    """Start the path picked in the path control from its first step."""
    found = state(key)
    path_id = st.session_state.get(f"{key}_path") or found["path"]
    start = guide.paths[path_id].start
    found.update(path=path_id, step=start, trail=[start], visited=[start], outcome=None, error=None)


def go(key, guide, choice_id=None):
    """Go on to the next step (following the choice when the step branches)."""
    found = state(key)
    path = guide.paths[found["path"]]
    step = path.step(found["step"])
    if step.kind == "reasons":
        found["reasons"] = list(st.session_state.get(f"{key}_reasons") or [])
    advanced = guide_lib.advance(path, found["step"], choice_id)
    if advanced.outcome:
        found["outcome"] = advanced.outcome
    if advanced.step:
        found.update(step=advanced.step, error=None)
        found["trail"].append(advanced.step)
        found["visited"].append(advanced.step)


def back(key):
    """Go back one step along the way taken."""
    found = state(key)
    if len(found["trail"]) > 1:
        found["trail"].pop()
        found.update(step=found["trail"][-1], error=None)


def restart(key, guide):
    """Start a new conversation on the same path."""
    found = state(key)
    st.session_state[key] = fresh_state(guide, found["stage"], found["path"])


def _done(key, result):
    found = state(key)
    if result.entry not in found["actions"]:
        found["actions"].append(result.entry)
    found["messages"][result.action] = result.message
    found["error"] = None


def act(key, actor, family_id, action_id, params_from_state):
    """Run one action with parameters read from widget state; keep a message either way."""
    found = state(key)
    try:
        params = params_from_state()
    except (DomainError, ValueError) as exc:
        found["error"] = (action_id, str(exc))
        return
    form = f"{key}_act"
    if not run_write(
        form,
        lambda cur: guide_lib.perform_action(cur, actor, family_id, action_id, **params),
        then=lambda result: _done(key, result),
    ):
        found["error"] = (action_id, take_error(form))


def save_run(key, actor, family_id, session_id):
    """Store the conversation as a guide run; keep the error to show when it is refused."""
    found = state(key)
    found["outcome"] = st.session_state.get(f"{key}_outcome") or found["outcome"]
    found["note"] = st.session_state.get(f"{key}_note", found["note"])
    form = f"{key}_save"
    saved = run_write(
        form,
        lambda cur: guide_lib.record_guide_run(
            cur,
            actor,
            family_id,
            path=found["path"],
            stage=found["stage"],
            steps_visited=found["visited"],
            reasons=found["reasons"],
            actions=found["actions"],
            outcome=found["outcome"],
            note=found["note"],
            session_id=session_id,
        ),
        then=lambda run_id: found.update(saved_run=run_id),
    )
    found["error"] = None if saved else ("save", take_error(form))
