"""Progress over weeks: completion bars per discipline, habit strength lines, reward stars."""

import pandas as pd
import plotly.graph_objects as go

from lib.charts.style import DISCIPLINE_COLOURS, OKABE_ITO, TEXT, TEXT_PX, discipline_order, layout
from lib.text import html_escape
from lib.words import chart_date_format, date_text, discipline_word

ZERO_MARK_PX = 28  # the width of the mark of a week with no practice, about a bar's
LABELLED_BARS = 10  # up to this many bars (weeks x disciplines) say "3/5" above them

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


def completion_bars(weekly, threshold, title="Weekly practice"):
    """Return bars of completion (%) per week, one colour per discipline, with the clinic's goal line.

    `weekly` is adherence.discipline_weekly: discipline, week_start, planned_days, ticked_days,
    completion (NaN when nothing was planned). A week planned and not practised gets a mark on
    the zero line; a week with nothing planned stays empty. Few bars say "ticked/planned" above.
    """
    weeks = sorted(pd.to_datetime(weekly["week_start"]).dt.date.unique())
    labels = [date_text(w, year=False) for w in weeks]
    fig = go.Figure()
    disciplines = sorted(weekly["discipline"].unique(), key=discipline_order)
    # "3/5" above each bar, as large as the shared screen's text, while every bar has room for it
    labelled = len(labels) * max(1, len(disciplines)) <= LABELLED_BARS
    for discipline in disciplines:
        rows = weekly[(weekly["discipline"] == discipline) & (weekly["planned_days"] > 0)]
        words = discipline_word(discipline)
        colour = DISCIPLINE_COLOURS.get(discipline, OKABE_ITO["sky_blue"])
        starts = pd.to_datetime(rows["week_start"])
        none = (rows["ticked_days"] == 0).to_list()
        fig.add_trace(
            go.Bar(
                x=[date_text(w, year=False) for w in starts],
                y=(rows["completion"] * 100).round(),
                name=words,
                offsetgroup=discipline,
                marker_color=colour,
                text=[f"{t}/{p}" for t, p in zip(rows["ticked_days"], rows["planned_days"], strict=True)],
                textposition="outside" if labelled else "none",
                textangle=0,
                constraintext="none",  # never shrunk below the screen's text size
                textfont=TEXT,
                cliponaxis=False,
                customdata=[f"{words}, week of {date_text(w, year=False)}" for w in starts],
                hovertemplate="%{customdata}: %{text} planned days (%{y:.0f}%)<extra></extra>",
            )
        )
        zero_weeks = [date_text(w, year=False) for w, zero in zip(starts, none, strict=True) if zero]
        if zero_weeks:  # a week planned and not practised: a visible mark on the zero line, not a gap
            fig.add_trace(
                go.Scatter(
                    x=zero_weeks,
                    y=[0] * len(zero_weeks),
                    mode="markers",
                    name=f"{words}: no practice",
                    showlegend=False,
                    offsetgroup=discipline,
                    cliponaxis=False,
                    marker={"symbol": "line-ew", "size": ZERO_MARK_PX, "line": {"width": 6, "color": colour}},
                    hovertemplate=f"{words}, week of %{{x}}: no practice (0%)<extra></extra>",
                )
            )
    fig.add_hline(
        y=threshold,
        line_dash="dash",
        line_color="#444444",
        line_width=2,
        annotation_text=f"Goal {threshold}%",
        annotation_position="top left",
        annotation_font_size=TEXT_PX,
    )
    layout(fig, title, 400)
    fig.update_layout(barmode="group", scattermode="group", bargap=0.25, showlegend=True)
    fig.update_yaxes(range=[0, 105], ticksuffix="%", title=None, gridcolor="#EEEEEE", fixedrange=True)
    every = max(1, -(-len(labels) // 5))  # drawn half-width: at most ~5 labels
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        range=[-0.5, len(labels) - 0.5],
        tickvals=labels[::every],
        tickangle=0,
        title=None,
        fixedrange=True,
    )
    return fig


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
        name = html_escape(rows["title"].iloc[0])
        fig.add_trace(
            go.Scatter(
                x=rows["day"],
                y=(rows["score"] * 100).round(1),
                mode="lines",
                name=name,
                line={"color": colour, "width": 4},
                hovertemplate=name + ", %{x|" + chart_date_format() + "}: %{y:.0f}%<extra></extra>",
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
                    f"{VERSION_WORDS.get(k, k)} on {date_text(d, year=False)}"
                    + (f": {html_escape(r)}" if r else "")
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
    layout(fig, title, 400)
    fig.update_yaxes(range=[0, 102], ticksuffix="%", gridcolor="#EEEEEE", title=None)
    fig.update_xaxes(tickformat=chart_date_format(), title=None, gridcolor="#F3F3F3")
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
            text=f"{html_escape(label)}: {int(have)} of {int(need)} stars{so_far}",
            showarrow=False,
            xanchor="left",
            yanchor="middle",
            font=TEXT,
        )
    widest = int(progress["reward_ticks"].max()) if len(progress) else 5
    layout(fig, title, 150 + 100 * max(1, len(progress)))
    fig.update_xaxes(range=[0.4, max(widest, 7) + 0.6], visible=False, fixedrange=True)
    fig.update_yaxes(range=[-len(progress) + 0.4, 0.9], visible=False, fixedrange=True)
    return fig
