"""The guide's action panels: for each action id, the widgets that collect its parameters.

`PANELS` is keyed by the ids of lib.guide.ACTIONS (a test holds both to data/guide.json).
Every panel's button runs `guide_state.act`, which calls lib.guide.perform_action.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lib import assignments, clock, sessions
from lib import guide as guide_lib
from lib.assignments.barriers import BARRIERS
from lib.sessions import follow_through
from lib.text import md_escape
from lib.ui.guide_state import act
from lib.ui.messages import feedback, run_write
from lib.words import date_input_format, datetime_text, discipline_word

OPEN = ("active", "paused")


@dataclass(frozen=True)
class Panel:
    """What a panel draws for: the action, the family, the guide's state key, the family's tasks."""

    action_id: str
    cur: object
    actor: object
    family: object
    key: str
    guide: object
    tasks: list
    assignment_id: int | None

    @property
    def k(self):
        """The prefix of this panel's widget keys."""
        return f"{self.key}_{self.action_id}"

    def on_click(self, params_from_state=dict):
        """Return the on_click and args that run this action with the parameters read at click."""
        return {
            "on_click": act,
            "args": (self.key, self.actor, self.family.id, self.action_id, params_from_state),
        }

    def pick_task(self, open_only=False):
        """Show the task picker; return the picked task row, or None when the family has none."""
        choices = [t for t in self.tasks if not open_only or t.status in OPEN]
        if not choices:
            st.caption("This family has no task to use here yet.")
            return None
        ids = [t.id for t in choices]
        index = ids.index(self.assignment_id) if self.assignment_id in ids else 0
        by_id = {t.id: t for t in choices}
        picked = st.selectbox(
            "Task", ids, index=index, format_func=lambda i: _task_label(by_id[i]), key=f"{self.k}_task"
        )
        return by_id[picked]


def _task_label(task):
    return f"{task.title} ({discipline_word(task.discipline)}, {task.minutes} min, {task.days_per_week} days a week)"


def _reissue(p):
    if p.pick_task():
        with st.form(f"{p.k}_form", border=False):
            st.date_input(
                "Start again on",
                value=clock.today() + timedelta(days=1),
                key=f"{p.k}_start",
                format=date_input_format(),
            )
            st.form_submit_button("Give it again", **p.on_click(partial(_reissue_params, p.k)))


def _reissue_params(k):
    return {"assignment_id": st.session_state[f"{k}_task"], "start_date": st.session_state[f"{k}_start"]}


def _make_easier(p):
    task = p.pick_task(open_only=True)
    if task:
        k, n = p.k, task.id
        with st.form(f"{k}_form_{n}", border=False):
            cols = st.columns(2)
            cols[0].number_input("Minutes each time", 1, 240, value=int(task.minutes), key=f"{k}_min_{n}")
            cols[1].number_input("Days a week", 1, 7, value=int(task.days_per_week), key=f"{k}_days_{n}")
            st.text_area("Instructions, in plain words", value=task.instructions, key=f"{k}_text_{n}")
            st.form_submit_button("Save the easier version", **p.on_click(partial(_easier_params, k, task)))


def _easier_params(k, task):
    wanted = {
        "minutes": int(st.session_state[f"{k}_min_{task.id}"]),
        "days_per_week": int(st.session_state[f"{k}_days_{task.id}"]),
        "instructions": st.session_state[f"{k}_text_{task.id}"].strip(),
    }
    current = {
        "minutes": task.minutes,
        "days_per_week": task.days_per_week,
        "instructions": task.instructions,
    }
    changes = {name: value for name, value in wanted.items() if value != current[name]}
    return {
        "assignment_id": task.id,
        "changes": changes,
        "reason": "Made easier in the conversation guide",
        "expected_version": task.version,  # the version this form showed: a change since is not overwritten
    }


def _buddy_note(p):
    task = p.pick_task(open_only=True)
    if task:
        with st.form(f"{p.k}_form_{task.id}", border=False):
            st.text_input(
                "Who reminds whom",
                value=task.cross_note,
                placeholder="For example: Mia checks that Dad did his part",
                key=f"{p.k}_note_{task.id}",
            )
            st.form_submit_button("Save the buddy note", **p.on_click(partial(_buddy_params, p.k, task)))


def _buddy_params(k, task):
    return {"assignment_id": task.id, "note": st.session_state[f"{k}_note_{task.id}"]}


def _when(row):
    return f"{datetime_text(row.starts_at, weekday=True, long=True)} with {row.therapist}"


def _book_sooner(p):
    upcoming = sessions.upcoming_sessions(p.cur, p.actor, p.family.id)
    default = sessions.default_booking(p.cur, p.actor, p.family.id)
    if not upcoming and default is None:
        st.caption("No active therapist is linked to this family, so a session cannot be booked here.")
        return
    with st.form(f"{p.k}_form", border=False):
        if upcoming:
            by_id = {row.id: row for row in upcoming}
            st.selectbox(
                "Which booked session moves",
                list(by_id),
                format_func=lambda i: _when(by_id[i]),
                key=f"{p.k}_session",
            )
            first = upcoming[0]
            wanted = datetime.combine(
                min(first.starts_at.date(), clock.today() + timedelta(days=7)), first.starts_at.time()
            )
            proposed = sessions.free_start(p.cur, p.actor, p.family.id, wanted, session_id=first.id)
        else:
            st.caption("No next session is booked yet: this books one.")
            wanted = datetime.combine(clock.today() + timedelta(days=7), time(10, 0))
            proposed = sessions.free_start(
                p.cur, p.actor, p.family.id, wanted, therapist_id=default.therapist_id
            )
        day, at = proposed.date(), proposed.time()
        cols = st.columns(2)
        cols[0].date_input("New date", value=day, key=f"{p.k}_date", format=date_input_format())
        cols[1].time_input("Time", value=at, step=900, key=f"{p.k}_time")
        label = "Move this session" if upcoming else "Book this session"
        st.form_submit_button(label, **p.on_click(partial(_booking_params, p.k, default, bool(upcoming))))


def _booking_params(k, default, moving):
    starts = datetime.combine(st.session_state[f"{k}_date"], st.session_state[f"{k}_time"])
    if moving:
        return {"session_id": st.session_state[f"{k}_session"], "starts_at": starts}
    return {"therapist_id": default.therapist_id, "discipline": default.discipline, "starts_at": starts}


def _confirm_first(p):
    upcoming = sessions.next_session(p.cur, p.actor, p.family.id)
    if upcoming is None:
        st.caption("No session is booked yet: the next one booked will wait for the family's confirmation.")
    else:
        st.caption(
            f"Next session: {datetime_text(upcoming.starts_at, weekday=True, long=True)} with {md_escape(upcoming.therapist)}."
        )
    words = follow_through.confirmation_words(p.cur, p.actor, p.family.id)
    if words:
        st.text(words)
    st.button("Ask for the family's confirmation", key=f"{p.k}_do", **p.on_click())
    if follow_through.open_request(p.cur, p.actor, p.family.id):
        with st.form(f"{p.k}_confirm", border=False):
            cols = st.columns(2)
            cols[0].date_input(
                "Confirmed on", value=clock.today(), key=f"{p.k}_on", format=date_input_format()
            )
            cols[1].text_input("Who confirmed it", key=f"{p.k}_who", max_chars=follow_through.MAX_WHO)
            st.form_submit_button("Record the family's confirmation", on_click=_confirm, args=(p,))
        feedback(f"{p.k}_confirm")


def _confirm(p):
    s = st.session_state
    run_write(
        f"{p.k}_confirm",
        lambda cur: follow_through.record_confirmation(
            cur, p.actor, p.family.id, s[f"{p.k}_on"], s[f"{p.k}_who"]
        ),
        done="The family's confirmation is recorded.",
    )


def _planned_break(p):
    with st.form(f"{p.k}_form", border=False):
        cols = st.columns(2)
        cols[0].date_input(
            "Break from",
            value=clock.today() + timedelta(days=1),
            key=f"{p.k}_from",
            format=date_input_format(),
        )
        cols[1].date_input(
            "Check in on",
            value=clock.today() + timedelta(weeks=6),
            key=f"{p.k}_check",
            format=date_input_format(),
        )
        st.form_submit_button("Start the planned break", **p.on_click(partial(_break_params, p.k)))


def _break_params(k):
    return {"from_date": st.session_state[f"{k}_from"], "check_in_on": st.session_state[f"{k}_check"]}


def _raise_belief(p):
    for point in guide_lib.belief_rationale(p.cur, p.actor, p.family.id, p.guide):
        st.markdown("- " + md_escape(point))
    st.button("We talked about it", key=f"{p.k}_do", **p.on_click())


def _barrier_checklist(p):
    task = p.pick_task(open_only=True)
    if not task:
        return
    answers = assignments.get_barrier_answers(p.cur, p.actor, task.id)
    words = {"ok": "fine", "risk": "a risk", "not_asked": "not asked yet"}
    for barrier in BARRIERS:
        answer, plan = answers.get(barrier.id, ("not_asked", ""))
        st.text(f"{barrier.name}: {words.get(answer, answer)}" + (f". Plan: {plan}" if plan else ""))
        st.caption(barrier.question)
    st.button("We went through it", key=f"{p.k}_do", **p.on_click())
    # in session mode the screen stays on this family: no jumping to other pages
    if p.actor.session_family_id is None and st.button("Change the checklist on the task", key=f"{p.k}_open"):
        act(p.key, p.actor, p.family.id, p.action_id, dict)
        try:
            st.switch_page(
                "pages/assignments.py", query_params={"family": str(p.family.id), "assignment": str(task.id)}
            )
        except StreamlitAPIException:
            st.info("The task pages are not available here. Change the checklist on the task itself.")


def _doctor_letter(p):
    draft = guide_lib.draft_doctor_letter(p.cur, p.actor, p.family.id, p.guide, p.family.display_name)
    text = st.text_area("Draft sentence (change it as you wish)", value=draft, key=f"{p.k}_text")
    st.code(text, language=None, wrap_lines=True)
    st.caption("Use the copy button on the box above, then paste it into your letter.")
    st.button("Note it in this conversation", key=f"{p.k}_do", **p.on_click())


def _talked(p):
    st.button("We talked about this", key=f"{p.k}_do", **p.on_click())


PANELS = {
    "reissue": _reissue,
    "make_easier": _make_easier,
    "shorten_gap": _book_sooner,
    "cross_accountability": _buddy_note,
    "confirm_before_booking": _confirm_first,
    "raise_belief": _raise_belief,
    "barrier_checklist": _barrier_checklist,
    "readiness": _talked,
    "planned_break": _planned_break,
    "other_service": _talked,
    "doctor_letter": _doctor_letter,
    "different_task": _talked,
    "different_goal": _talked,
}


def render_action_panel(cur, actor, family, key, guide, action_id, tasks, assignment_id):
    """Show the panel of one action: what it needs from the therapist, and its button."""
    PANELS[action_id](Panel(action_id, cur, actor, family, key, guide, tasks, assignment_id))
