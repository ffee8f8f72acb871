"""The practice calendar: one coloured square a day, weeks across, Monday to Sunday down."""

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from lib.charts.style import OKABE_ITO, layout
from lib.words import DAY_SHORT, date_text, week_start

# Calendar day states, in colour-scale order: key, legend words, colour.
DAY_STATES = (
    ("later", "Still to come", "#FFFFFF"),
    ("not_running", "No task running", "#F3F3F3"),
    ("rest", "Rest day", "#D9D9D9"),
    ("skipped", "Skip day (ill, holiday)", OKABE_ITO["yellow"]),
    ("not_ticked", "Planned, no tick", OKABE_ITO["orange"]),
    ("some", "Some practice", OKABE_ITO["sky_blue"]),
    ("done", "Practised", OKABE_ITO["blue"]),
)
STATE_CODE = {key: i for i, (key, _, _) in enumerate(DAY_STATES)}
STATE_WORDS = {key: words for key, words, _ in DAY_STATES}


def calendar_days(grid, flexible_ids, start, end, as_of):
    """Return DataFrame[day, week_start, weekday, state] for every day of the weeks [start, end].

    `grid` is adherence.day_grid for the tasks to show. A day is "done" when every task planned
    on it was ticked, "some" when only part was, "not_ticked" when a fixed-weekday task was
    planned and nothing was ticked. For "N days a week" tasks an unticked day is a rest day:
    whether the week's target was met is for the weekly bars to say.
    """
    first, last = week_start(start), week_start(end) + timedelta(days=6)
    days = pd.DataFrame({"day": pd.date_range(first, last, freq="D").date})
    rows = grid.assign(day=pd.to_datetime(grid["day"]).dt.date)
    rows = rows.assign(
        running=~rows["paused"],
        missed=rows["planned"]
        & ~rows["ticked"]
        & ~rows["paused"]
        & ~rows["skipped"]
        & ~rows["assignment_id"].isin(list(flexible_ids)),
    )
    per_day = (
        rows.groupby("day")
        .agg(
            running=("running", "any"),
            done=("ticked", "any"),
            missed=("missed", "any"),
            skipped=("skipped", "any"),
        )
        .reset_index()
    )
    days = days.merge(per_day, on="day", how="left")
    flags = days[["running", "done", "missed", "skipped"]].astype("boolean").fillna(False).astype(bool)
    state = pd.Series("not_running", index=days.index, dtype=object)
    state[flags["running"]] = "rest"
    state[flags["running"] & flags["skipped"]] = "skipped"
    state[flags["missed"]] = "not_ticked"
    state[flags["done"] & flags["missed"]] = "some"
    state[flags["done"] & ~flags["missed"]] = "done"
    state[(days["day"] > as_of) | ((days["day"] == as_of) & (state == "not_ticked"))] = (
        "later"  # today isn't over
    )
    days["state"] = state
    days["week_start"] = [week_start(d) for d in days["day"]]
    days["weekday"] = [d.weekday() for d in days["day"]]
    return days


def calendar_heatmap(days, session_dates=(), title="Practice calendar"):
    """Return a GitHub-style calendar: weeks across, Monday to Sunday down, one coloured square a day."""
    weeks = sorted(days["week_start"].unique())
    z = [[None] * len(weeks) for _ in DAY_SHORT]
    hover = [[""] * len(weeks) for _ in DAY_SHORT]
    column = {w: i for i, w in enumerate(weeks)}
    for day, week, weekday, state in days[["day", "week_start", "weekday", "state"]].itertuples(index=False):
        z[weekday][column[week]] = STATE_CODE[state]
        hover[weekday][column[week]] = f"{date_text(day, weekday=True)}: {STATE_WORDS[state]}"
    n = len(DAY_STATES)
    scale = []
    for i, (_, _, colour) in enumerate(DAY_STATES):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    x = [date_text(w, year=False) for w in weeks]
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=list(DAY_SHORT),
            z=z,
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            showscale=False,
            xgap=4,
            ygap=4,
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    shown = set(days["state"])
    for key, words, colour in DAY_STATES:
        if key in shown and key != "later":
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=words,
                    marker={
                        "size": 16,
                        "symbol": "square",
                        "color": colour,
                        "line": {"color": "#999999", "width": 1},
                    },
                )
            )
    sessions = [d for d in session_dates if week_start(d) in column]
    if sessions:
        fig.add_trace(
            go.Scatter(
                x=[date_text(week_start(d), year=False) for d in sessions],
                y=[DAY_SHORT[d.weekday()] for d in sessions],
                mode="markers",
                name="Session",
                marker={"size": 14, "symbol": "circle-open", "color": "#000000", "line": {"width": 3}},
                customdata=[f"{date_text(d, weekday=True)}: session" for d in sessions],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    layout(fig, title, 380)
    fig.update_layout(legend={"y": -0.22}, margin={"b": 40})
    fig.update_yaxes(autorange="reversed", showgrid=False, zeroline=False, fixedrange=True)
    every = max(1, -(-len(x) // 10))  # at most ~10 week labels, so they never overlap
    fig.update_xaxes(
        showgrid=False,
        zeroline=False,
        type="category",
        tickangle=0,
        tickvals=x[::every],
        fixedrange=True,
    )
    return fig
