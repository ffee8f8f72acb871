"""One task's lifecycle in the therapist's list: its label, history, and the pause/resume/... forms."""

from functools import partial

import streamlit as st

from lib import assignments, ui, words
from lib.clock import today
from lib.text import md_escape
from lib.ui.assignment_form import start_edit  # the form owns its keys
from lib.ui.messages import done_key
from lib.ui.task_photos import render_task_photos
from lib.words import date_input_format

SAVED_KEY = done_key("assignments")  # the page shows saved messages with ui.feedback("assignments")


ACTIONS = {
    "pause": ("Pause it for a while", assignments.pause_assignment),
    "resume": ("Start it again", assignments.resume_assignment),
    "complete": ("Mark it achieved", assignments.complete_assignment),
    "retire": ("Stop it", assignments.retire_assignment),
    "reissue": ("Give the same task again", None),
}


def _saved(message):
    st.session_state[SAVED_KEY] = message


def _change_status(assignment_id):
    s, actor = st.session_state, ui.current_actor()
    action = s.get(f"life_action_{assignment_id}")
    on, reason = s.get(f"life_on_{assignment_id}"), s.get(f"life_reason_{assignment_id}", "")
    if action == "reissue":
        write = assignments.reissue_assignment
        message = "Given again from " + words.date_text(on) + ": the earlier period is kept."
    elif action == "pause" and s.get(f"life_until_{assignment_id}"):
        until = s[f"life_until_{assignment_id}"]
        write = partial(assignments.pause_assignment, until=until)
        message = "Saved: paused until " + words.date_text(until) + "."
    else:
        write, message = ACTIONS[action][1], "Saved: " + ACTIONS[action][0].lower() + "."
    ui.run_write(
        f"life_{assignment_id}",
        lambda cur: write(cur, actor, assignment_id, on, reason),
        then=lambda _: _saved(message),
    )


def _save_note(assignment_id):
    s = st.session_state
    ui.run_write(
        f"life_{assignment_id}",
        lambda cur: assignments.set_cross_note(
            cur, ui.current_actor(), assignment_id, s.get(f"life_note_{assignment_id}")
        ),
        then=lambda _: _saved("Note saved."),
    )


def task_label(task):
    """Return the one-line label of a task in the therapist's list."""
    label = f"{task.title} · {task.minutes} min, {words.schedule_text(task)}"
    if task.status == "paused":
        ahead = task.pause_ahead(today())
        label += f" · pause from {words.date_text(ahead)}" if ahead else " · paused"
        label += f" until {words.date_text(task.paused_until)}" if task.paused_until else ""
    if not task.checklist_complete:
        label += " · checklist incomplete"
    return label


def render_task_actions(actor, task):
    """Show one task's details, history and lifecycle forms (for the therapist, not the family)."""
    with ui.cursor() as cur:
        history = assignments.list_versions(cur, actor, task.id)
    st.text(
        f"{words.discipline_word(task.discipline)} with {task.therapist_name}; "
        f"from {words.date_text(task.start_date)}"
        + (f" to {words.date_text(task.end_date)}" if task.end_date else "")
        + (f"; review on {words.date_text(task.review_date)}" if task.review_date else "")
    )
    for v in history:
        st.caption(
            md_escape(
                f"v{v.version} · {words.date_text(v.changed_on)} · {v.kind.replace('_', ' ')} by {v.changed_by}"
            )
            + (": " + md_escape(v.reason) if v.reason else "")
        )
    ui.feedback(f"life_{task.id}")  # a refused change, next to the task it was for
    st.button("Change this task", key=f"life_edit_{task.id}", on_click=start_edit, args=(task.id,))
    left, right = st.columns(2)
    with left.form(f"life_{task.id}", border=True):
        allowed = [k for k in ACTIONS if k != ("resume" if task.status == "active" else "pause")]
        st.selectbox("What next", allowed, format_func=lambda k: ACTIONS[k][0], key=f"life_action_{task.id}")
        st.date_input("From", value=today(), key=f"life_on_{task.id}", format=date_input_format())
        if task.status == "active":
            st.date_input(
                "Pause until (optional)",
                value=None,
                key=f"life_until_{task.id}",
                format=date_input_format(),
                help="For a pause: the day you plan to start it again. Empty: paused until further notice.",
            )
        st.text_input("Reason (optional)", key=f"life_reason_{task.id}")
        st.form_submit_button("Save", key=f"life_save_{task.id}", on_click=_change_status, args=(task.id,))
    with right.form(f"life_note_form_{task.id}", border=True):
        st.text_input(
            "Who holds whom to it",
            value=task.cross_note,
            key=f"life_note_{task.id}",
            placeholder="e.g. Mia checks that Dad did his part",
        )
        st.form_submit_button(
            "Save note", key=f"life_note_save_{task.id}", on_click=_save_note, args=(task.id,)
        )
    render_task_photos(actor, task.id)
