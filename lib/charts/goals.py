"""A goal beside its practice: days practised per week as bars, the goal's level over time as a line."""

import plotly.graph_objects as go

from lib.charts.style import OKABE_ITO, TEXT, layout
from lib.goals.scales import LEVELS, level_label
from lib.text import html_escape
from lib.words import date_text

LEVEL_TICKS = [level_label(v) + (" goal" if v == 0 else "") for v in LEVELS]


def goal_chart(progress, title=None, height=380):
    """Return one chart of a GoalProgress: bars of days practised (left, 0-7), the level (right, -2..+2)."""
    goal = progress.goal
    fig = go.Figure()
    weeks = [w for w, _ in progress.weeks]
    fig.add_trace(
        go.Bar(
            x=weeks,
            y=[d for _, d in progress.weeks],
            name="Days practised",
            marker_color=OKABE_ITO["sky_blue"],
            customdata=[f"week of {date_text(w, year=False)}" for w in weeks],
            hovertemplate="%{y} days practised, %{customdata}<extra></extra>",
            xperiod=7 * 24 * 3600 * 1000,
            xperiodalignment="start",
        )
    )
    rated = list(progress.ratings)
    fig.add_trace(
        go.Scatter(
            x=[r.rated_on for r in rated],
            y=[r.level for r in rated],
            yaxis="y2",
            mode="lines+markers",
            line={"shape": "hv", "width": 4, "color": OKABE_ITO["vermillion"]},
            marker={"size": 14, "color": OKABE_ITO["vermillion"]},
            name="Skill (goal level)",
            customdata=[html_escape(f"{level_label(r.level)}: {goal.words(r.level)}") for r in rated],
            hovertemplate="%{x|%d %b}: %{customdata}<extra></extra>",
        )
    )
    layout(fig, title if title is not None else goal.title, height)
    fig.update_layout(
        yaxis={
            "title": {"text": "Days practised", "font": TEXT},
            "range": [0, 7.4],
            "dtick": 1,
            "tickfont": TEXT,
        },
        yaxis2={
            "title": {"text": "Skill", "font": TEXT},
            "overlaying": "y",
            "side": "right",
            "range": [-2.4, 2.4],
            "tickvals": list(LEVELS),
            "ticktext": LEVEL_TICKS,
            "tickfont": TEXT,
            "showgrid": False,
            "zeroline": True,
            "zerolinecolor": OKABE_ITO["bluish_green"],
            "zerolinewidth": 2,
        },
        bargap=0.3,
        showlegend=True,
        margin={"l": 20, "r": 20, "t": 70 if title or title is None else 20, "b": 20},
    )
    fig.update_xaxes(tickformat="%-d %b")
    return fig
