"""Plotly figures of a family's practice, and the plain sentence shown under each.

Builders are pure: data frames in, go.Figure (or a sentence) out. They are made to be
screen-shared with a family: large type, the colour-blind-safe Okabe-Ito palette, words
instead of codes. User-typed text (task titles, reward plans) is escaped for plotly's
HTML-like labels.
"""

import html
from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

# Okabe & Ito (2008), safe for the common kinds of colour blindness
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
DISCIPLINE_WORDS = {
    "OT": "Occupational therapy",
    "PT": "Physiotherapy",
    "SLP": "Speech and language",
    "psychology": "Psychology",
    "other": "Other",
}
DISCIPLINE_COLOURS = {
    "OT": OKABE_ITO["blue"],
    "PT": OKABE_ITO["bluish_green"],
    "SLP": OKABE_ITO["orange"],
    "psychology": OKABE_ITO["reddish_purple"],
    "other": OKABE_ITO["sky_blue"],
}
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
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FONT = {"size": 18, "family": "DejaVu Sans, Arial, sans-serif", "color": "#222222"}
VERSION_WORDS = {
    "edited": "Changed",
    "made_easier": "Made easier",
    "paused": "Paused",
    "resumed": "Started again",
    "reissued": "Given again",
}
VERSION_SYMBOLS = {
    "edited": "diamond",
    "made_easier": "triangle-down",
    "paused": "square",
    "resumed": "triangle-right",
    "reissued": "star",
}


def plain(text):
    """Return user-typed text safe for plotly labels (which read a few HTML tags)."""
    return html.escape(str(text), quote=False)


def _layout(fig, title, height):
    fig.update_layout(
        title={"text": plain(title), "font": {"size": 22}},
        font=FONT,
        height=height,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 16}},
        hoverlabel={"font": {"size": 16}},
    )
    return fig


def _monday(day):
    return day - timedelta(days=day.weekday())


def calendar_days(grid, flexible_ids, start, end, as_of):
    """Return DataFrame[day, week_start, weekday, state] for every day of the weeks [start, end].

    `grid` is adherence.day_grid for the tasks to show. A day is "done" when every task planned
    on it was ticked, "some" when only part was, "not_ticked" when a fixed-weekday task was
    planned and nothing was ticked. For "N days a week" tasks an unticked day is a rest day:
    whether the week's target was met is for the weekly bars to say.
    """
    first, last = _monday(start), _monday(end) + timedelta(days=6)
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
    days["week_start"] = [_monday(d) for d in days["day"]]
    days["weekday"] = [d.weekday() for d in days["day"]]
    return days


def calendar_heatmap(days, session_dates=(), title="Practice calendar"):
    """Return a GitHub-style calendar: weeks across, Monday to Sunday down, one coloured square a day."""
    weeks = sorted(days["week_start"].unique())
    z = [[None] * len(weeks) for _ in WEEKDAYS]
    hover = [[""] * len(weeks) for _ in WEEKDAYS]
    column = {w: i for i, w in enumerate(weeks)}
    for day, week, weekday, state in days[["day", "week_start", "weekday", "state"]].itertuples(index=False):
        z[weekday][column[week]] = STATE_CODE[state]
        hover[weekday][column[week]] = f"{day:%a %d %b %Y}: {STATE_WORDS[state]}"
    n = len(DAY_STATES)
    scale = []
    for i, (_, _, colour) in enumerate(DAY_STATES):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    x = [f"{w:%d %b}" for w in weeks]
    fig = go.Figure(
        go.Heatmap(
            x=x,
            y=list(WEEKDAYS),
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
    sessions = [d for d in session_dates if _monday(d) in column]
    if sessions:
        fig.add_trace(
            go.Scatter(
                x=[f"{_monday(d):%d %b}" for d in sessions],
                y=[WEEKDAYS[d.weekday()] for d in sessions],
                mode="markers",
                name="Session",
                marker={"size": 14, "symbol": "circle-open", "color": "#000000", "line": {"width": 3}},
                customdata=[f"{d:%a %d %b %Y}: session" for d in sessions],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    _layout(fig, title, 380)
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


def completion_bars(weekly, threshold, title="Weekly practice"):
    """Return bars of completion (%) per week, one colour per discipline, with the clinic's goal line.

    `weekly` is adherence.discipline_weekly: discipline, week_start, planned_days, ticked_days,
    completion (NaN when nothing was planned).
    """
    weeks = sorted(pd.to_datetime(weekly["week_start"]).dt.date.unique())
    labels = [f"{w:%d %b}" for w in weeks]
    fig = go.Figure()
    for discipline in sorted(weekly["discipline"].unique(), key=_discipline_order):
        rows = weekly[(weekly["discipline"] == discipline) & (weekly["planned_days"] > 0)]
        words = DISCIPLINE_WORDS.get(discipline, discipline)
        starts = pd.to_datetime(rows["week_start"])
        fig.add_trace(
            go.Bar(
                x=[f"{w:%d %b}" for w in starts],
                y=(rows["completion"] * 100).round(),
                name=words,
                marker_color=DISCIPLINE_COLOURS.get(discipline, OKABE_ITO["sky_blue"]),
                text=[f"{t}/{p}" for t, p in zip(rows["ticked_days"], rows["planned_days"], strict=True)],
                textposition="inside",
                insidetextanchor="end",
                textfont={"size": 15},
                customdata=[f"{words}, week of {w:%d %b}" for w in starts],
                hovertemplate="%{customdata}: %{text} planned days (%{y:.0f}%)<extra></extra>",
            )
        )
    fig.add_hline(
        y=threshold,
        line_dash="dash",
        line_color="#444444",
        line_width=2,
        annotation_text=f"Goal {threshold}%",
        annotation_position="top left",
        annotation_font_size=16,
    )
    _layout(fig, title, 400)
    fig.update_layout(barmode="group", bargap=0.25, showlegend=True)
    fig.update_yaxes(range=[0, 105], ticksuffix="%", title=None, gridcolor="#EEEEEE", fixedrange=True)
    every = max(1, -(-len(labels) // 5))  # drawn half-width: at most ~5 labels
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        range=[-0.5, len(labels) - 0.5],
        tickvals=labels[::every],
        tickangle=0,
        tickfont={"size": 15},
        title=None,
        fixedrange=True,
    )
    return fig


def _discipline_order(discipline):
    order = list(DISCIPLINE_WORDS)
    return order.index(discipline) if discipline in order else len(order)


def habit_chart(series, marks, title="Habit strength"):
    """Return one line per task of habit strength (%) over time, with markers where a task changed.

    `series`: DataFrame[assignment_id, title, day, score (0..1)];
    `marks`: DataFrame[assignment_id, day, kind, reason] (ticks.list_version_marks).
    """
    fig = go.Figure()
    palette = [OKABE_ITO[k] for k in ("blue", "orange", "bluish_green", "reddish_purple", "vermillion")]
    series = series.assign(day=pd.to_datetime(series["day"]))
    for i, (assignment_id, rows) in enumerate(series.groupby("assignment_id", sort=False)):
        colour = palette[i % len(palette)]
        name = plain(rows["title"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=rows["day"],
                y=(rows["score"] * 100).round(1),
                mode="lines",
                name=name,
                line={"color": colour, "width": 4},
                hovertemplate=name + ", %{x|%d %b}: %{y:.0f}%<extra></extra>",
            )
        )
        task_marks = marks[marks["assignment_id"] == assignment_id]
        if task_marks.empty:
            continue
        at = pd.to_datetime(task_marks["day"])
        scores = rows.set_index("day")["score"].reindex(at, method="nearest") * 100
        fig.add_trace(
            go.Scatter(
                x=at,
                y=scores.round(1).to_list(),
                mode="markers",
                showlegend=False,
                marker={
                    "size": 16,
                    "color": colour,
                    "symbol": [VERSION_SYMBOLS.get(k, "circle") for k in task_marks["kind"]],
                    "line": {"color": "#000000", "width": 1.5},
                },
                customdata=[
                    f"{VERSION_WORDS.get(k, k)} on {d:%d %b}" + (f": {plain(r)}" if r else "")
                    for k, d, r in zip(task_marks["kind"], at, task_marks["reason"].fillna(""), strict=True)
                ],
                hovertemplate=name + ": %{customdata}<extra></extra>",
            )
        )
    for kind in sorted(set(marks["kind"]) & set(VERSION_WORDS)):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=VERSION_WORDS[kind],
                marker={
                    "size": 14,
                    "symbol": VERSION_SYMBOLS[kind],
                    "color": "#FFFFFF",
                    "line": {"width": 2},
                },
            )
        )
    _layout(fig, title, 400)
    fig.update_yaxes(range=[0, 102], ticksuffix="%", gridcolor="#EEEEEE", title=None)
    fig.update_xaxes(tickformat="%d %b", title=None, gridcolor="#F3F3F3")
    return fig


def reward_stars(progress, title="Stars toward the next reward"):
    """Return one row of big stars per task: filled for ticks since the last reward, open for the rest.

    `progress`: ticks.reward_progress (title, reward_ticks, stars). The task's name sits above its row.
    """
    fig = go.Figure()
    filled_x, filled_y, open_x, open_y = [], [], [], []
    for row, (need, have) in enumerate(zip(progress["reward_ticks"], progress["stars"], strict=True)):
        for k in range(1, int(need) + 1):
            (filled_x if k <= have else open_x).append(k)
            (filled_y if k <= have else open_y).append(-row)
    star = {"size": 44, "line": {"width": 2}}
    fig.add_trace(
        go.Scatter(
            x=filled_x,
            y=filled_y,
            mode="markers",
            name="Earned",
            marker={
                **star,
                "symbol": "star",
                "color": OKABE_ITO["orange"],
                "line": {"color": "#8A5A00", "width": 2},
            },
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=open_x,
            y=open_y,
            mode="markers",
            name="Still to earn",
            marker={**star, "symbol": "star-open", "color": "#8C8C8C"},
            hoverinfo="skip",
        )
    )
    earned = progress["rewards_earned"] if "rewards_earned" in progress else [0] * len(progress)
    for row, (label, need, have, done) in enumerate(
        zip(progress["title"], progress["reward_ticks"], progress["stars"], earned, strict=True)
    ):
        so_far = f" ({int(done)} reward{'s' if int(done) != 1 else ''} earned so far)" if int(done) else ""
        fig.add_annotation(
            x=0.5,
            y=-row + 0.5,
            text=f"{plain(label)}: {int(have)} of {int(need)} stars{so_far}",
            showarrow=False,
            xanchor="left",
            yanchor="middle",
            font={"size": 18},
        )
    widest = int(progress["reward_ticks"].max()) if len(progress) else 5
    _layout(fig, title, 150 + 100 * max(1, len(progress)))
    fig.update_xaxes(range=[0.4, max(widest, 7) + 0.6], visible=False, fixedrange=True)
    fig.update_yaxes(range=[-len(progress) + 0.4, 0.9], visible=False, fixedrange=True)
    return fig


# ---- the plain sentence under each chart ----


def _days(n):
    return f"{n} day" if n == 1 else f"{n} days"


def week_sentence(name, family_weekly, as_of):
    """Say how many planned days were practised this week and last week ("Sam practised on 5 of 6 ...")."""
    this_week, last_week = _monday(as_of), _monday(as_of) - timedelta(days=7)
    weeks = family_weekly.assign(week_start=pd.to_datetime(family_weekly["week_start"]).dt.date)
    parts = []
    for week, words in ((this_week, "this week so far"), (last_week, "last week")):
        row = weeks[weeks["week_start"] == week]
        planned = int(row["planned_days"].sum())
        ticked = int(row["ticked_days"].sum())
        if planned:
            parts.append(f"{ticked} of {planned} planned days {words}")
    if not parts:
        return f"No practice days were planned for {name} this week or last week."
    return f"{name} practised on " + " and ".join(parts) + "."


def calendar_sentence(days, any_day_tasks=False):
    """Count the calendar's practised, partly practised, unticked and skip days in words."""
    counts = days["state"].value_counts()
    done, some = int(counts.get("done", 0)), int(counts.get("some", 0))
    missed, skipped = int(counts.get("not_ticked", 0)), int(counts.get("skipped", 0))
    if done + some + missed + skipped + int(counts.get("rest", 0)) == 0:
        return "Nothing was planned in these weeks yet."
    text = f"Dark blue squares are days with practice: {_days(done)}"
    text += f" fully and {_days(some)} partly." if some else "."
    if missed:
        text += f" Orange squares are planned days without a tick: {_days(missed)}."
    if skipped:
        text += f" Yellow squares are skip days ({_days(skipped)}): they count neither for nor against."
    if any_day_tasks:
        text += " For tasks done on any days of the week, a day without a tick is a rest day."
    return text + " Circles mark sessions."


def completion_sentence(weekly, threshold, as_of):
    """Describe last full week's completion per discipline against the clinic's goal."""
    last_week = _monday(as_of) - timedelta(days=7)
    rows = weekly[(pd.to_datetime(weekly["week_start"]).dt.date == last_week) & (weekly["planned_days"] > 0)]
    if rows.empty:
        return f"Nothing was planned last week. The dashed line is the clinic's goal of {threshold}% of planned days."
    parts = [
        f"{DISCIPLINE_WORDS.get(d, d)} {t} of {p} planned days"
        for d, t, p in zip(rows["discipline"], rows["ticked_days"], rows["planned_days"], strict=True)
    ]
    return f"Last week: {'; '.join(parts)}. The dashed line is the clinic's goal of {threshold}% of planned days."


def habit_sentence(series, as_of, lookback_days=14):
    """Say where each task's habit strength stands and whether it rose or fell over two weeks."""
    if series.empty:
        return "No task has been running long enough to show a trend yet."
    series = series.assign(day=pd.to_datetime(series["day"]).dt.date)
    parts = []
    for _, rows in series.groupby("assignment_id", sort=False):
        now = rows["score"].iloc[-1]
        before = rows.loc[rows["day"] <= as_of - timedelta(days=lookback_days), "score"]
        trend = ""
        if len(before):
            change = now - before.iloc[-1]
            trend = " and rising" if change > 0.03 else " and falling" if change < -0.03 else " and steady"
        parts.append(f"{rows['title'].iloc[0]} is at {now * 100:.0f}%{trend}")
    return "; ".join(parts) + ". Markers show when a task was changed, made easier or given again."


def reward_sentence(progress):
    """Say how many more ticks each task needs for its next reward."""
    if progress.empty:
        return "No rewards are set up yet."
    parts = []
    for title, plan, need, have in progress[["title", "reward_plan", "reward_ticks", "stars"]].itertuples(
        index=False
    ):
        more = int(need) - int(have)
        parts.append(
            f"{title}: {more} more {'tick' if more == 1 else 'ticks'} to the next reward"
            + (f" ({plan})" if plan else "")
        )
    return "; ".join(parts) + "."
