"""Family page sections from the other modules: actions, home practice, charts, conversations."""

from datetime import timedelta

import streamlit as st

from lib import assignments, clock, explainer, ui
from lib.figures import week_figures
from lib.sessions import session_mode
from lib.text import md_escape
from lib.ui import caseload_view, fresh
from lib.ui.family_charts import render_family_charts, render_tick_summary, render_week_figures, week_picker
from lib.ui.guide_view import render_guide_timeline
from lib.ui.safety_notice import safety_moves_notice
from lib.ui.sheet_reader import sheet_photos, sheet_reader
from lib.ui.task_card import render_task_card
from lib.words import date_text


def _start_session(actor, family_id):
    ui.run_write(
        "start_session",
        lambda cur: session_mode.start_session(cur, actor, family_id),
        then=lambda session_id: ui.enter_session_mode(family_id, session_id),
    )


def actions(actor, family_id):
    """Show the buttons that open this family's other screens (and start session mode)."""
    row = st.container(horizontal=True, wrap=True)  # whole labels; a narrow screen wraps the row
    row.button(
        "Start session",
        key="family_start_session",
        type="primary",
        icon=":material/co_present:",
        on_click=_start_session,
        args=(actor, family_id),
        help="Share your screen: only this family is shown until you end the session.",
    )
    links = [
        ("Tick sheet", "pages/ticks.py", ":material/event_available:"),
        ("Set tasks", "pages/assignments.py", ":material/checklist:"),
        ("Conversation guide", "pages/guide.py", ":material/forum:"),
        ("Intake explainer", "pages/explainer.py", ":material/school:"),
        ("Edit family", "pages/family_edit.py", ":material/edit:"),
    ]
    for label, page, icon in links:
        if row.button(label, key=f"family_open_{page}", icon=icon):
            st.switch_page(page, query_params={"family": str(family_id)})
    ui.feedback("start_session")


def week_review(cur, actor, family_id):
    """Show a chosen week's figures (the caseload's, for this family) and how the ticks went."""
    st.subheader("Practice in the week", anchor=False)
    # the caseload hands over the week it was showing (a plain key: widget keys die on page switch)
    week = week_picker("family_week", st.session_state.get("figures_week"))
    today = clock.today()
    figures, summary = fresh.per_family(
        actor,
        family_id,
        "week_review",
        lambda: (
            # the caseload's own row when the server keeps that week's: nothing worked out twice
            caseload_view.kept_week_figures(actor, family_id, week)
            or week_figures.family_week(cur, actor, family_id, week, today=today),
            week_figures.tick_summary(cur, actor, family_id, week - timedelta(weeks=3), week),
        ),
        week,
        today,
    )
    render_week_figures(figures, ui.settings())
    st.markdown("**How the ticks went**")
    render_tick_summary(summary, "No ticks recorded in the 4 weeks up to this one.")


def home_practice(cur, actor, family_id):
    """Show the chosen week's figures, reading a returned sheet, then the running tasks as the family sees them."""
    week_review(cur, actor, family_id)
    sheet_reader(actor, family_id, "family_sheet")
    sheet_photos(actor, family_id, "family_sheet")
    st.subheader("Running tasks", anchor=False)
    safety_moves_notice(cur, actor, family_id)
    cards = fresh.per_family(
        actor,
        family_id,
        "family_cards",
        lambda: assignments.family_cards(cur, actor, family_id, ("active", "paused")),
    )
    if not cards:
        st.info("No home-practice task is running. Use “Set tasks” to add one.")
    for card in cards:
        render_task_card(card)


def charts(cur, actor, family_id, opened=True):
    """Show the practice charts (the same ones as on the tick sheet and in sessions) once the tab is open."""
    if opened is False:  # built when the tab is opened: nobody waits for charts they do not see
        return
    render_family_charts(cur, actor, family_id, clock.today(), key="family_charts")


def practice_tabs(actor, family_id, practice, charts_tab, talks):
    """Fill the home practice, charts and conversations tabs (the last two once opened) on one cursor."""
    with ui.cursor() as cur:
        with practice:
            home_practice(cur, actor, family_id)
        with charts_tab:
            charts(cur, actor, family_id, charts_tab.open)
        with talks:
            if talks.open is not False:
                conversations(cur, actor, family_id)


def conversations(cur, actor, family_id):
    """Show the intake explainer record and the timeline of guide conversations."""
    run = explainer.last_explainer_run(cur, actor, family_id)
    st.subheader("Intake explainer", anchor=False)
    if run is None:
        st.warning("No intake explainer is recorded yet.", icon=":material/school:")
    else:
        agreed = explainer.agreement_line(
            run.minutes_per_day, run.days_per_week, run.who_helps, run.practice_when
        )
        st.markdown(
            f"Shown on **{date_text(run.run_on)}** by {md_escape(run.therapist_name)}; "
            + ("teach-back: understood." if run.understood else "teach-back: to revisit.")
            + f" Agreed: {md_escape(agreed)}"
            + (f" Their goal: “{md_escape(run.goal)}”." if run.goal else "")
        )
        if run.revisit:
            st.text("To revisit: " + run.revisit)
    st.subheader("Conversations about home practice", anchor=False)
    render_guide_timeline(cur, actor, family_id)
