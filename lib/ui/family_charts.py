"""A family's practice as charts, each with a plain sentence and how its figure is computed.

`render_family_charts(cur, actor, family_id, as_of)` is shared by the ticks page, the family
page and session mode. Nothing about any other family is read or shown.
"""

from datetime import timedelta

import pandas as pd
import streamlit as st

from lib import charts, families, ticks, words
from lib.access import require_family
from lib.figures import adherence, scores, week_figures
from lib.settings import get_settings
from lib.text import md_escape
from lib.ui import fresh

PERIODS = {4: "4 weeks", 8: "8 weeks", 12: "12 weeks", 26: "6 months"}
PLOT_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"], "responsive": True}


def _caption(sentence, explain=None):
    st.markdown(md_escape(sentence))
    if explain:
        st.caption("How this is computed: " + md_escape(explain))


def _habit_series(cur, actor, tasks, start, as_of):
    frames = []
    every = scores.habit_strength_series_many(cur, actor, [t.assignment_id for t in tasks], as_of=as_of)
    for task in tasks:
        assignment_id, title = task.assignment_id, task.title
        series = every.get(assignment_id)
        if series is None:
            continue
        series = series[pd.to_datetime(series["day"]).dt.date >= start]
        if len(series):
            frames.append(series.assign(assignment_id=assignment_id, title=title))
    if not frames:
        return pd.DataFrame(columns=["assignment_id", "title", "day", "score"])
    return pd.concat(frames, ignore_index=True)


def _calendar(cur, actor, family_id, tasks, start, as_of, shown):
    """Return (figure, sentence) of the practice calendar, of one task or all."""
    titles = _titles(tasks)
    grid = adherence.day_grid(cur, actor, [family_id], start, as_of, as_of=as_of)
    if shown is not None:
        grid = grid[grid["assignment_id"] == shown]
    flexible = {t.assignment_id for t in tasks if t.flexible}
    days = charts.calendar_days(grid, flexible, start, as_of, as_of)
    sessions = ticks.list_session_dates(cur, actor, family_id, start, as_of)
    title = "Practice calendar" + (f": {titles[shown]}" if shown is not None else ", all tasks")
    return (
        charts.calendar_heatmap(days, sessions, title),
        charts.calendar_sentence(days, any_day_tasks=bool(flexible & set(grid["assignment_id"]))),
    )


def _titles(tasks):
    return {t.assignment_id: f"{t.title} ({words.discipline_word(t.discipline)})" for t in tasks}


def _weekly(cur, actor, family_id, threshold, start, as_of):
    weekly = adherence.discipline_weekly(cur, actor, family_id, start, as_of, as_of=as_of)
    return (
        charts.completion_bars(weekly, threshold, "Planned days practised each week"),
        charts.completion_sentence(weekly, threshold, as_of),
    )


def _habit(cur, actor, family_id, tasks, start, as_of):
    series = _habit_series(cur, actor, tasks, start, as_of)
    marks = ticks.list_version_marks(cur, actor, family_id)
    marks = marks[
        marks["assignment_id"].isin(list(series["assignment_id"].unique())) & (marks["day"] >= start)
    ]
    return charts.habit_chart(series, marks, "Habit strength"), charts.habit_sentence(series, as_of)


def _rewards(cur, actor, family_id, as_of):
    progress = ticks.reward_progress(cur, actor, family_id, as_of=as_of)
    if progress.empty:
        return None
    return charts.reward_stars(progress), charts.reward_sentence(progress)


def _charts(cur, actor, family_id, start, as_of):
    """Return everything the charts show but the calendar: worked out once per family change."""
    family = families.get_family(cur, actor, family_id)
    family_weeks = adherence.family_weekly(cur, actor, [family_id], start, as_of, as_of=as_of)
    tasks = ticks.list_chart_tasks(cur, actor, family_id, start, as_of)
    found = {"sentence": charts.week_sentence(family.display_name, family_weeks, as_of), "tasks": tasks}
    if tasks:
        threshold = get_settings(cur)["adherence_threshold"]
        found["weekly"] = _weekly(cur, actor, family_id, threshold, start, as_of)
        found["habit"] = _habit(cur, actor, family_id, tasks, start, as_of)
        found["rewards"] = _rewards(cur, actor, family_id, as_of)
    return found


def _chart(figure, key):
    st.plotly_chart(figure, key=key, config=PLOT_CONFIG)


def render_family_charts(cur, actor, family_id, as_of, key="charts"):
    """Show the week's sentence, the practice calendar, weekly bars, habit strength and reward stars.

    What they show is kept until a write about this family (lib.ui.fresh), so a rerun for
    another reason, or another family's tick, redraws them without reading the days again.
    """
    require_family(cur, actor, family_id)  # every run: a cached chart never skips the check
    weeks = st.segmented_control(
        "Show the last", list(PERIODS), format_func=PERIODS.get, default=8, key=f"{key}_weeks"
    )
    start = words.week_start(as_of) - timedelta(days=7 * ((weeks or 8) - 1))
    found = fresh.per_family(
        actor, family_id, "charts", lambda: _charts(cur, actor, family_id, start, as_of), start, as_of
    )
    st.subheader(md_escape(found["sentence"]), anchor=False)
    tasks = found["tasks"]
    if not tasks:
        st.info("No tasks were running in these weeks, so there is nothing to chart yet.")
        return
    titles = _titles(tasks)
    shown = st.selectbox(
        "Calendar of",
        list(titles),
        index=None,
        format_func=titles.get,
        placeholder="All tasks together",
        key=f"{key}_task",
    )
    figure, sentence = fresh.per_family(
        actor,
        family_id,
        "calendar",
        lambda: _calendar(cur, actor, family_id, tasks, start, as_of, shown),
        start,
        as_of,
        shown,
    )
    _chart(figure, f"{key}_calendar")
    _caption(sentence)
    left, right = st.columns(2, gap="large")
    with left:
        _chart(found["weekly"][0], f"{key}_weekly")
        _caption(found["weekly"][1], adherence.EXPLAIN["weekly_completion"])
    with right:
        _chart(found["habit"][0], f"{key}_habit")
        _caption(found["habit"][1], adherence.EXPLAIN["habit_strength"])
    if found["rewards"] is None:
        st.info("No running tasks have a reward yet.")
        return
    _chart(found["rewards"][0], f"{key}_rewards")
    _caption(found["rewards"][1], "Every tick earns a star; a full row earns the reward.")


def _percent(value):
    return "-" if value is None else f"{value:.0f}%"


def _day(value):
    return "none" if value is None else words.date_text(value, year=False)


def render_week_figures(figures, settings):
    """Show one family's WeekFigures with the caseload's labels and how each is computed."""
    how = week_figures.explain(settings)
    name = {key: label for key, (label, _) in week_figures.FIGURES.items()}
    stage = (
        figures.stage
        if not figures.signal
        else (figures.signal if figures.stage == "none" else f"{figures.stage} · {figures.signal}")
    )
    cells = [
        ("completion", _percent(figures.completion), f"{figures.ticked_days} of {figures.planned_days} days"),
        ("habit_strength", _percent(figures.habit_strength), None),
        ("trend", figures.trend or "-", None),
        ("active_tasks", figures.active_tasks, None),
        ("days_since_tick", "-" if figures.days_since_tick is None else figures.days_since_tick, None),
        ("last_session", _day(figures.last_session), None),
        ("next_session", _day(figures.next_session), "gap too long" if figures.gap_flag else None),
        ("stage", stage, None),
    ]
    cols = st.columns(4)
    for i, (key, value, note) in enumerate(cells):
        cols[i % 4].metric(name[key], value, delta=note, delta_color="off", help=how[name[key]], border=True)
    st.caption(
        md_escape(figures.why) + f" · judged on {words.date_text(figures.as_of, weekday=True, long=True)}."
    )
    if figures.stage != "none":
        st.caption("Chronic only after best practice: " + md_escape(figures.gate), help=GATE_HELP)


GATE_HELP = (
    "From the records: the intake explainer given; the barrier checklist complete for the running tasks; "
    "the tasks within the minutes agreed at intake; and in this episode (since practice fell below on "
    "track) a first-line action that changed the plan: given again, made easier, seen sooner, practice "
    "buddies or confirm before booking. Talking alone is recorded but does not count."
)


def week_picker(key, default=None):
    """Show a choice of this week so far and the last 8 full weeks; return the chosen Monday."""
    weeks = week_figures.weeks_to_pick()
    index = weeks.index(default) if default in weeks else 0
    return st.selectbox("Week", weeks, index=index, format_func=week_figures.week_label, key=key)


def render_tick_summary(summary, empty="No ticks recorded in these weeks."):
    """Show the ticks' evidence, how it went and distress per task and week."""
    if summary.empty:
        st.caption(empty)
        return
    st.dataframe(
        summary.drop(columns=["assignment_id"]),
        hide_index=True,
        width="stretch",
        column_config={
            "week_start": st.column_config.DateColumn("Week of", format=words.table_date_format(year=False)),
            "title": "Task",
            "ticks": st.column_config.NumberColumn("Ticks"),
            "evidence": "Evidence",
            "how_it_went": "How it went",
            "distress": st.column_config.NumberColumn(
                "Distress", help="Ticks where the child was distressed"
            ),
        },
    )
