"""Session mode screens: one family on a shared screen, stepped through the agenda.

Nothing here reads a list of families; the actor it is given is restricted to the one family
(the sign-in session carries it: lib.ui.signin.current_actor), so lib/ refuses any other family anyway.
"""

from datetime import timedelta
from functools import partial

import streamlit as st

from lib import assignments, printables, ui, words
from lib.assignments.barriers import ANSWER_LABELS, BARRIERS
from lib.charts.style import SHARED_SCREEN_SCALE
from lib.figures import adherence, stages, week_figures
from lib.figures.stage_rules import UPSET_TICKS
from lib.printables import reminders
from lib.sessions import follow_through, session_mode
from lib.text import md_escape
from lib.ui import caseload_view, cue_card, fresh, goals_view
from lib.ui.assignment_form import render_assignment_form
from lib.ui.downloads import audited
from lib.ui.family_charts import render_family_charts, render_week_figures
from lib.ui.guide_state import state_key
from lib.ui.guide_view import render_guide
from lib.ui.sheet_reader import sheet_reader
from lib.ui.task_card import render_task_card
from lib.ui.task_photos import render_task_photos
from lib.words import date_text

# Larger, calmer type for a screen shared with a family; constant CSS, no user text. Its scale
# is the charts' too (lib.charts.style): no chart text is smaller than this body text.
SESSION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { font-size: SCALErem; max-width: 1200px; }
[data-testid="stMainBlockContainer"] p, [data-testid="stMainBlockContainer"] li { font-size: SCALErem; }
</style>
""".replace("SCALE", str(SHARED_SCREEN_SCALE))


def _attended(actor, session_id):
    ui.run_write("sess_attended", lambda cur: session_mode.mark_attended(cur, actor, session_id))


def presenter_bar(cur, actor, session_id):
    """Show the link to the family screen (a second window) and whether the family came."""
    cols = st.columns([2, 2, 3])
    cols[0].link_button(
        "Open the family screen", cue_card.family_screen_link(session_id), icon=":material/open_in_new:"
    )
    if session_mode.session_status(cur, actor, session_id) == "attended":
        cols[1].markdown(":material/check_circle: Attended")
    else:
        cols[1].button("Mark as attended", key="sess_attended", on_click=_attended, args=(actor, session_id))
    cols[2].caption("Share only the family screen; this window is your cue card.")
    confirmation = follow_through.confirmation_words(cur, actor, actor.session_family_id or 0)
    if confirmation:
        st.info(md_escape(confirmation), icon=":material/task_alt:")
    ui.feedback("sess_attended")


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
    week = words.week_start(today) - timedelta(days=7)
    # the same figures as the caseload and the family page for the last full week
    figures = caseload_view.kept_week_figures(actor, family_id, week) or week_figures.family_week(
        cur, actor, family_id, week, today
    )
    if figures.completion is not None and figures.completion >= settings["adherence_threshold"]:
        st.success("What a week of practice! Every tick counts, and it shows.", icon=":material/celebration:")
    st.subheader(f"Week of {date_text(week, year=False, long=True)}", anchor=False)
    render_week_figures(figures, settings)
    render_family_charts(cur, actor, family_id, today, key="session_charts")


def review(cur, actor, family_id, session_id, today):
    """Step 2: each task's week, the review recorded with the family, the guide when it was hard."""
    # the family's tasks, their checklist answers and their two weeks: kept until a write about it
    tasks, answers, by_task = fresh.per_family(
        actor,
        family_id,
        "session_review",
        lambda: (
            assignments.list_assignments(cur, actor, family_id),
            assignments.family_barrier_answers(cur, actor, family_id),
            _task_weeks(cur, actor, family_id, today),
        ),
        today,
    )
    if not tasks:
        _no_tasks(cur, actor, family_id, today, "No home-practice tasks are running yet. Set one in step 3.")
        goals_view.session_goals(cur, actor, family_id, session_id)
        return
    sheet_reader(actor, family_id, "sess_sheet")  # the family's own sheet: fine on the shared screen
    upset = stages.upset_ticks(cur, actor, family_id, today)
    if upset >= UPSET_TICKS:
        st.warning(
            f"The child was marked upset on {upset} ticks in the last 2 weeks: ask how practice feels for them.",
            icon=":material/sentiment_dissatisfied:",
        )
    reviews = session_mode.session_reviews(cur, actor, session_id)
    reasons = session_mode.review_reasons(cur)
    for task in tasks:
        sentence, ticked = by_task.get(task.id, (NO_PLANNED_DAYS, NO_TICKS))
        with st.container(border=True):
            st.subheader(md_escape(task.title), anchor=False)
            st.markdown(sentence)
            st.caption(ticked)
            _checklist_given(answers.get(task.id, {}))
            _review_form(actor, session_id, task, reviews.get(task.id), reasons)
            if reviews.get(task.id, ("",))[0] == "done":
                st.success("Done fully: well done!", icon=":material/star:")
    # each goal beside its practice, rated now with the family; a goal stalled under steady practice
    # opens the guide on the task (lib.guide.paths), even when every review says done
    stalled = goals_view.session_goals(cur, actor, family_id, session_id)
    hard = [task_id for task_id, saved in reviews.items() if saved[0] != "done"]
    hard += [task_id for task_id in stalled if task_id in {t.id for t in tasks} and task_id not in hard]
    if hard:
        # one guide for the family, outside the task loop: its actions may retire and re-issue tasks
        st.divider()
        if st.toggle("Talk it through with the conversation guide", key="sess_guide"):
            shared = st.container()  # the family's words, drawn after the guide has set its step
            # the current step and its buttons stay open (a banner after an action never hides them);
            # only the therapist's private notes fold
            render_guide(
                cur,
                actor,
                family_id,
                session_id=session_id,
                assignment_id=hard[0],
                notes_label=cue_card.NOTES_LABEL,
            )
            key = state_key(family_id, hard[0])
            st.session_state[cue_card.GUIDE_KEY] = key
            with shared:
                cue_card.family_words(st.session_state.get(key), cue_card.guide_for_session(cur))
            return
    st.session_state.pop(cue_card.GUIDE_KEY, None)


def _checklist_given(answers):
    """Show the barrier checklist answers and plans made when the task was set, to ask again now."""
    with st.expander("What we planned when we set it", icon=":material/fact_check:"):
        if not answers:
            st.text("The checklist was not filled in for this task.")
        for barrier in BARRIERS:
            answer, plan = answers.get(barrier.id, ("not_asked", ""))
            line = f"{barrier.name}: {ANSWER_LABELS.get(answer, answer)}" + (
                f". Plan: {plan}" if plan else ""
            )
            st.text(line)


NO_PLANNED_DAYS = "No planned days in the last two weeks."
NO_TICKS = "No ticks in these two weeks."


def _tick_words(row):
    """Say one task's ticks of one week: how many, the evidence, how it went, any distress."""
    ticks = f"{row.ticks} tick" + ("" if row.ticks == 1 else "s")
    distress = (
        "no distress noted"
        if not row.distress
        else f"the child was distressed at {row.distress} tick" + ("" if row.distress == 1 else "s")
    )
    how = f"how it went: {row.how_it_went}; " if row.how_it_went else ""
    evidence = f" ({row.evidence})" if row.evidence else ""
    return f"Week of {date_text(row.week_start, year=False)}: {ticks}{evidence}; {how}{distress}."


def _task_weeks(cur, actor, family_id, today):
    """Return {task id: (its last two weeks in a sentence, its ticks in words)}, worked out once."""
    this_week = words.week_start(today)
    weeks = adherence.weekly_completion(cur, actor, [family_id], this_week - timedelta(days=7), today, today)
    ticked = week_figures.tick_summary(cur, actor, family_id, today - timedelta(days=7), today, today)
    labels = {this_week - timedelta(days=7): "Last week", this_week: "This week so far"}
    parts, lines = {}, {}
    for row in weeks.sort_values("week_start").itertuples():  # a handful of rows: tasks x two weeks
        label = labels.get(row.week_start.date())
        if label and row.planned_days > 0:
            done, planned = min(int(row.ticked_days), int(row.planned_days)), int(row.planned_days)
            parts.setdefault(row.assignment_id, []).append(
                f"{label}: **{done} of {planned}** planned days ticked."
            )
    for row in ticked.itertuples():  # newest week first
        lines.setdefault(row.assignment_id, []).append(md_escape(_tick_words(row)))
    return {
        task_id: (
            " ".join(parts.get(task_id, [])) or NO_PLANNED_DAYS,
            "  \n".join(lines.get(task_id, [NO_TICKS])),
        )
        for task_id in set(parts) | set(lines)
    }


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
    # nothing is preset: a task not reviewed yet (a task given again this week too) has no answer
    outcome, hardest, chosen, child = saved or (None, "", [], "")
    with st.form(f"sess_review_{task.id}"):
        st.radio(
            "How did it go?",
            list(session_mode.OUTCOMES),
            format_func=session_mode.OUTCOMES.get,
            index=list(session_mode.OUTCOMES).index(outcome) if outcome else None,
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


def _no_tasks(cur, actor, family_id, today, otherwise):
    """Say why no task runs: paused until when and what then (as the family screen says), else `otherwise`."""
    paused = follow_through.pause_words(cur, actor, family_id, today)
    st.info(md_escape(paused or otherwise), icon=":material/pause_circle:" if paused else None)


def next_tasks(cur, actor, family_id, today):
    """Step 3: the family's task cards, setting or changing a task, and this week's sheet."""
    cards = assignments.family_cards(cur, actor, family_id)
    for card in cards:
        render_task_card(card)
    if cards:  # a planned break ahead is said beside the tasks that run until it starts
        paused = follow_through.pause_words(cur, actor, family_id, today)
        if paused:
            st.info(md_escape(paused), icon=":material/pause_circle:")
    else:
        _no_tasks(cur, actor, family_id, today, "No task is set yet.")
    with st.expander("Set a new task or change one", icon=":material/edit:"):
        render_assignment_form(actor, family_id)
    tasks = assignments.list_assignments(cur, actor, family_id, statuses=("active",))
    if tasks:
        with st.expander("Photos from the session", icon=":material/photo_camera:"):
            titles = {t.id: t.title for t in tasks}
            chosen = st.selectbox("Task", list(titles), format_func=titles.get, key="sess_photo_task")
            render_task_photos(actor, chosen, heading=False)
    sheet = printables.load_family_sheet(cur, actor, family_id, today)
    first = printables.first_day_ahead(today)  # as the sheets page: never a box dated in the past
    cols = st.columns(3)
    cols[0].download_button(
        "Fridge sheet for the week (PDF)",
        partial(printables.fridge_sheet_pdf, sheet, first),  # made when asked for, not on every run
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
    cols[2].download_button(
        "Handout for helpers at home (PDF)",
        partial(printables.caregiver_handout_pdf, sheet),  # made when asked for: it holds the photos
        "home-practice-for-helpers.pdf",
        mime="application/pdf",
        key="sess_handout",
        on_click=audited("Caregiver handout", family_id),
        icon=":material/family_restroom:",
    )


def _client_address():
    """Return the browser's address (for counting wrong passwords per computer), or None."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest answers with a stand-in


def _end(actor, session_id, needs_password):
    ui.run_write(
        "sess_end",
        lambda cur: session_mode.end_session(
            cur,
            actor,
            session_id,
            st.session_state.get("sess_password"),
            needs_password,
            client=_client_address(),
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
