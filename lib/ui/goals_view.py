"""The family's goals on screen: each goal beside its practice, rated in one row, written from a suggestion.

The family page's Goals tab (`goals_tab`) and the session's review step (`session_goals`) show, per
goal, its line ("Weeks with 4+ days of practice: 6 of 8 · skill: from -2 to 0"), the combined chart
and one row to rate where the child is now: the scale's five levels in words, how we know, a note.
User text (goal words, notes) is escaped; the chart escapes its own.
"""

import streamlit as st

from lib import assignments, clock, explainer, goals
from lib.charts.goals import goal_chart
from lib.goals.progress import EXPLAIN
from lib.text import md_escape
from lib.ui import fresh
from lib.ui.database import cursor
from lib.ui.family_charts import PLOT_CONFIG
from lib.ui.form_versions import forget, save, shown
from lib.ui.messages import feedback, field_error, run_write
from lib.words import DISCIPLINE_WORDS, date_text

OWN = "own"  # the suggestion picker's "write our own"


def load_progress(cur, actor, family_id):
    """Return the family's GoalProgress list, kept until a write about this family."""
    return fresh.per_family(
        actor, family_id, "goal_progress", lambda: goals.family_progress(cur, actor, family_id), clock.today()
    )


# ---------------------------------------------------------------- rating in one row


def _rate(actor, goal_id, key, session_id):
    s = st.session_state
    run_write(
        key,
        lambda cur: goals.rate_goal(
            cur,
            actor,
            goal_id,
            s.get(f"{key}_level"),
            s.get(f"{key}_evidence"),
            s.get(f"{key}_note"),
            session_id,
        ),
        done="Rating saved.",
    )


def rating_form(actor, goal, key, session_id=None):
    """Show one row to rate where the child is now: the five levels in words, how we know, a note, save."""
    with st.form(key, border=False, clear_on_submit=True):
        st.radio(
            "Where is the child now?",
            list(goals.LEVELS),
            index=None,
            format_func=lambda v: f"**{goals.level_label(v)}** {md_escape(goal.words(v))}",
            horizontal=True,
            key=f"{key}_level",
        )
        field_error(key, "level")
        left, right = st.columns([3, 2])
        left.radio(
            "How we know",
            list(goals.EVIDENCE),
            index=0 if session_id else 1,
            format_func=goals.EVIDENCE.get,
            horizontal=True,
            key=f"{key}_evidence",
        )
        right.text_input("Note (optional)", key=f"{key}_note", max_chars=300)
        st.form_submit_button(
            "Save rating", type="primary", on_click=_rate, args=(actor, goal.id, key, session_id)
        )
    feedback(key)


# ---------------------------------------------------------------- one goal


def goal_heading(progress, large=False):
    """Show a goal's title, its line in words and the combined chart."""
    goal = progress.goal
    st.subheader(md_escape(goal.title), anchor=False)
    line = progress.line  # the app's own words and numbers, no user text
    st.markdown(f"### {line}" if large else f"**{line}**")
    if progress.stalled:
        st.info(STALLED, icon=":material/swap_horiz:")


STALLED = (
    "Practice has been steady, but this goal has not moved for 8 weeks. That is a sign to change the task "
    "(easier, different, or another goal), not the effort."
)


def goal_chart_here(progress, key):
    """Draw the goal's combined chart with its one-line explanation."""
    st.plotly_chart(goal_chart(progress, title=""), key=key, config=PLOT_CONFIG)
    st.caption(EXPLAIN)


def _history(progress):
    rows = [
        {
            "Date": date_text(r.rated_on),
            "Level": goals.level_label(r.level),
            "How we know": goals.EVIDENCE.get(r.evidence, r.evidence),
            "Note": r.note,
            "By": r.rated_by,
        }
        for r in reversed(progress.ratings)
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


# ---------------------------------------------------------------- writing and changing a goal


def _suggest(key):
    s = st.session_state
    found = {x.id: x for x in goals.suggestions_for(s.get(f"{key}_discipline"))}
    chosen = found.get(s.get(f"{key}_suggestion"))
    if chosen is None:
        return
    if not s.get(f"{key}_title"):
        s[f"{key}_title"] = chosen.goal
    for i, words in enumerate(chosen.levels):
        s[f"{key}_level_{i}"] = words


def _create(actor, family_id, key, session_id):
    s = st.session_state
    ok = run_write(
        key,
        lambda cur: goals.create_goal(
            cur,
            actor,
            family_id,
            s.get(f"{key}_discipline"),
            s.get(f"{key}_title"),
            [s.get(f"{key}_level_{i}") for i in range(5)],
            s.get(f"{key}_review"),
            session_id,
        ),
        done="Goal saved. Its starting point (-2) is rated today.",
    )
    if ok:
        for name in ["title", "review", "suggestion", *(f"level_{i}" for i in range(5))]:
            s.pop(f"{key}_{name}", None)


def new_goal_form(actor, family_id, disciplines, family_goal="", key="goal_new", session_id=None):
    """Write a new goal with the family: its discipline, a suggested scale to start from, every word editable."""
    s = st.session_state
    s.setdefault(f"{key}_title", family_goal)
    left, right = st.columns(2)
    discipline = left.selectbox(
        "Discipline", disciplines, format_func=DISCIPLINE_WORDS.get, key=f"{key}_discipline"
    )
    offered = {x.id: x.goal for x in goals.suggestions_for(discipline)}
    right.selectbox(
        "Start from a suggested scale",
        [OWN, *offered],
        format_func=lambda i: "Write our own" if i == OWN else offered[i],
        key=f"{key}_suggestion",
        on_change=_suggest,
        args=(key,),
        help="The app's wording, in plain words: change every word with the family.",
    )
    with st.form(key, border=False):
        st.text_input("The goal, in the family's words", key=f"{key}_title", max_chars=200)
        field_error(key, "title")
        for i, level in enumerate(goals.LEVELS):
            st.text_input(
                f"{goals.level_label(level)}: {goals.LEVEL_NAMES[level]}",
                key=f"{key}_level_{i}",
                max_chars=200,
            )
        field_error(key, "levels", *(f"level_{goals.level_label(v)}" for v in goals.LEVELS))
        st.date_input("Review date (when we expect to reach 0)", value=None, key=f"{key}_review")
        st.form_submit_button(
            "Save the goal", type="primary", on_click=_create, args=(actor, family_id, key, session_id)
        )
    feedback(key)


def _change(actor, goal, key):
    s = st.session_state
    save(
        key,
        lambda cur, seen: goals.update_goal(
            cur,
            actor,
            goal.id,
            s.get(f"{key}_title"),
            [s.get(f"{key}_level_{i}") for i in range(5)],
            s.get(f"{key}_review"),
            s.get(f"{key}_status"),
            expected_version=seen[goal.id],
        ),
        done="Goal changed.",
        inputs=[f"{key}_{n}" for n in ["title", "review", "status", *(f"level_{i}" for i in range(5))]],
    )


def edit_goal_form(actor, goal, key):
    """Change a goal's words, review date or status (a change by someone else since is not overwritten)."""
    shown(key, "goals", goal.id)
    with st.form(key, border=False):
        st.text_input("The goal, in the family's words", value=goal.title, key=f"{key}_title", max_chars=200)
        for i, level in enumerate(goals.LEVELS):
            st.text_input(
                f"{goals.level_label(level)}: {goals.LEVEL_NAMES[level]}",
                value=goal.levels[i],
                key=f"{key}_level_{i}",
                max_chars=200,
            )
        left, right = st.columns(2)
        left.date_input("Review date", value=goal.review_date, key=f"{key}_review")
        right.selectbox(
            "Where it stands",
            list(goals.STATUSES),
            index=list(goals.STATUSES).index(goal.status),
            format_func=goals.STATUSES.get,
            key=f"{key}_status",
        )
        st.form_submit_button("Save changes", on_click=_change, args=(actor, goal, key))
    feedback(key)


def _link(actor, goal_id, key):
    run_write(
        key,
        lambda cur: goals.set_goal_tasks(cur, actor, goal_id, st.session_state.get(f"{key}_tasks") or []),
        done="Tasks linked.",
        then=lambda _: forget(key),
    )


def tasks_form(actor, goal, tasks, key):
    """Choose the family's tasks that serve this goal (a task serves one goal)."""
    titles = {t.id: t.title for t in tasks}
    with st.form(key, border=False):
        st.multiselect(
            "Tasks that serve this goal",
            list(titles),
            default=[t for t in goal.task_ids if t in titles],
            format_func=lambda t: titles[t],
            key=f"{key}_tasks",
            help="A task serves one goal: choosing it here moves it from another goal.",
        )
        st.form_submit_button("Save tasks", on_click=_link, args=(actor, goal.id, key))
    feedback(key)


# ---------------------------------------------------------------- the two places


def goals_tab(actor, family_id, disciplines):
    """The family page's Goals tab: each goal beside its practice, rated in one row; write a new goal."""
    with cursor() as cur:
        found = load_progress(cur, actor, family_id)
        tasks = assignments.list_assignments(cur, actor, family_id)
        agreed = explainer.agreed(cur, actor, family_id)
    if not found:
        st.info("No goal is written yet. Write the family's goal and its five levels with them below.")
    for progress in found:
        goal = progress.goal
        with st.container(border=True, key=f"goal_card_{goal.id}"):
            goal_heading(progress)
            goal_chart_here(progress, f"goal_chart_{goal.id}")
            rating_form(actor, goal, f"goal_rate_{goal.id}")
            with st.expander("Ratings so far", icon=":material/history:"):
                _history(progress)
            with st.expander("Tasks that serve this goal", icon=":material/checklist:"):
                tasks_form(actor, goal, tasks, f"goal_tasks_{goal.id}")
            with st.expander("Change the goal or its scale", icon=":material/edit:"):
                edit_goal_form(actor, goal, f"goal_edit_{goal.id}")
    with st.expander("Write a new goal with the family", icon=":material/flag:", expanded=not found):
        new_goal_form(actor, family_id, disciplines, agreed.goal if agreed else "")


def session_goals(cur, actor, family_id, session_id):
    """The session review's goals: each one's line and chart, and one row to rate it with the family now.

    Return the ids of the tasks serving a goal whose practice is steady and progress stalled."""
    found = load_progress(cur, actor, family_id)
    if not found:
        return []
    st.subheader("Our goals", anchor=False)
    for progress in found:
        with st.container(border=True, key=f"sess_goal_{progress.goal.id}"):
            goal_heading(progress)
            goal_chart_here(progress, f"sess_goal_chart_{progress.goal.id}")
            rating_form(actor, progress.goal, f"sess_rate_{progress.goal.id}", session_id)
    return [task_id for p in found if p.stalled for task_id in p.goal.task_ids]
