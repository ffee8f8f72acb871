"""Session mode screens: one family on a shared screen, stepped through the agenda.

Nothing here reads a list of families; the actor it is given is restricted to the one family
(lib.session_mode.session_actor), so lib/ refuses any other family anyway.
"""

from datetime import timedelta

import streamlit as st

from lib import adherence, assignments, printables, reminders, session_mode, ui
from lib.text import md_escape
from lib.ui.assignment_form import render_assignment_form
from lib.ui.downloads import audited
from lib.ui.family_charts import render_family_charts
from lib.ui.guide_view import render_guide
from lib.ui.task_card import render_task_card

# Larger, calmer type for a screen shared with a family; constant CSS, no user text.
SESSION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { font-size: 1.2rem; max-width: 1200px; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: 1.2rem; }
</style>
"""


def agenda_bar(step_index, done):
    """Show the three agenda steps with the current one marked."""
    cols = st.columns(len(session_mode.AGENDA))
    for i, (step, label) in enumerate(session_mode.AGENDA):
        mark = ":material/check_circle:" if step in done else ":material/radio_button_unchecked:"
        text = f"**{i + 1}. {label}**" if i == step_index else f"{i + 1}. {label}"
        cols[i].markdown(f"{mark} {text}")


def recap(cur, actor, family_id, today):
    """Step 1: the family's week, in words and charts, with a cheer when it went well."""
    settings = ui.settings()
    week = adherence.week_start(today) - timedelta(days=7)
    weekly = adherence.family_weekly(cur, actor, [family_id], week, today, today)
    last = weekly[weekly["week_start"].dt.date == week]
    if len(last) and last["completion"].iloc[0] * 100 >= settings["adherence_threshold"]:
        st.success("What a week of practice! Every tick counts, and it shows.", icon=":material/celebration:")
    render_family_charts(cur, actor, family_id, today, key="session_charts")


def review(cur, actor, family_id, session_id, today):
    """Step 2: each task's week, the review recorded with the family, the guide when it was hard."""
    tasks = assignments.list_assignments(cur, actor, family_id)
    if not tasks:
        st.info("No home-practice tasks are running yet. Set one in step 3.")
        return
    reviews = session_mode.session_reviews(cur, actor, session_id)
    reasons = session_mode.review_reasons(cur)
    weeks = adherence.weekly_completion(cur, actor, [family_id], today - timedelta(days=7), today, today)
    for task in tasks:
        with st.container(border=True):
            st.subheader(md_escape(task.title), anchor=False)
            st.markdown(_week_words(weeks[weeks["assignment_id"] == task.id], today))
            _review_form(actor, session_id, task, reviews.get(task.id), reasons)
            if reviews.get(task.id, ("",))[0] == "done":
                st.success("Done fully: well done!", icon=":material/star:")
    hard = [task_id for task_id, saved in reviews.items() if saved[0] != "done"]
    if hard:
        # one guide for the family, outside the task loop: its actions may retire and re-issue tasks
        st.divider()
        if st.toggle("Talk it through with the conversation guide", key="sess_guide"):
            render_guide(cur, actor, family_id, session_id=session_id, assignment_id=hard[0])


def _week_words(weeks, today):
    """Say last week's and this week's ticks of one task in a sentence."""
    parts = []
    for label, monday in (
        ("Last week", adherence.week_start(today) - timedelta(days=7)),
        ("This week so far", adherence.week_start(today)),
    ):
        row = weeks[weeks["week_start"].dt.date == monday]
        if len(row) and row["planned_days"].iloc[0] > 0:
            ticked = min(int(row["ticked_days"].iloc[0]), int(row["planned_days"].iloc[0]))
            parts.append(f"{label}: **{ticked} of {int(row['planned_days'].iloc[0])}** planned days ticked.")
    return " ".join(parts) or "No planned days in the last two weeks."


def _save_review(actor, session_id, task_id):
    s = st.session_state
    ui.run_write(
        f"sess_review_{task_id}",
        lambda cur: session_mode.record_review(
            cur,
            actor,
            session_id,
            task_id,
            s[f"sess_outcome_{task_id}"],
            s[f"sess_hardest_{task_id}"],
            s[f"sess_reasons_{task_id}"],
            s[f"sess_child_{task_id}"],
        ),
    )


def _review_form(actor, session_id, task, saved, reasons):
    outcome, hardest, chosen, child = saved or ("done", "", [], "")
    with st.form(f"sess_review_{task.id}"):
        st.radio(
            "How did it go?",
            list(session_mode.OUTCOMES),
            format_func=session_mode.OUTCOMES.get,
            index=list(session_mode.OUTCOMES).index(outcome),
            horizontal=True,
            key=f"sess_outcome_{task.id}",
        )
        st.multiselect(
            "What got in the way?",
            list(reasons),
            default=chosen,
            format_func=reasons.get,
            key=f"sess_reasons_{task.id}",
        )
        st.text_input("What was hardest?", value=hardest, key=f"sess_hardest_{task.id}")
        st.text_input("How was it for the child?", value=child, key=f"sess_child_{task.id}")
        st.form_submit_button(
            "Save this review", type="primary", on_click=_save_review, args=(actor, session_id, task.id)
        )
    ui.feedback(f"sess_review_{task.id}")


def next_tasks(cur, actor, family_id, today):
    """Step 3: the family's task cards, setting or changing a task, and this week's sheet."""
    cards = assignments.family_cards(cur, actor, family_id)
    for card in cards:
        render_task_card(card)
    if not cards:
        st.info("No task is set yet.")
    with st.expander("Set a new task or change one", icon=":material/edit:"):
        render_assignment_form(actor, family_id)
    sheet = printables.load_family_sheet(cur, actor, family_id, today)
    monday = adherence.week_start(today) + timedelta(days=7 if today.weekday() >= 4 else 0)
    cols = st.columns(2)
    cols[0].download_button(
        "Fridge sheet for the week (PDF)",
        printables.fridge_sheet_pdf(sheet, monday),
        "home-practice-sheet.pdf",
        mime="application/pdf",
        key="sess_sheet",
        on_click=audited("fridge sheet (PDF)", family_id),
        icon=":material/print:",
    )
    cols[1].download_button(
        "Reminders for your phone (.ics)",
        reminders.family_calendar(sheet, today),
        reminders.calendar_file_name(sheet),
        mime="text/calendar",
        key="sess_ics",
        on_click=audited("phone reminders (.ics)", family_id),
        icon=":material/alarm:",
    )


def _end(actor, session_id, needs_password):
    ui.run_write(
        "sess_end",
        lambda cur: session_mode.end_session(
            cur, actor, session_id, st.session_state.get("sess_password"), needs_password
        ),
        then=lambda _: ui.leave_session_mode(),
    )


def end_form(actor, session_id, needs_password):
    """Ask for the therapist's password (when the clinic says so) before leaving session mode."""
    with st.form("sess_end"):
        st.markdown("**End the session**")
        if needs_password:
            st.text_input("Therapist's password", type="password", key="sess_password")
        st.form_submit_button("End session", on_click=_end, args=(actor, session_id, needs_password))
    ui.feedback("sess_end")
