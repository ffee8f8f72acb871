"""Plotly figures for the clinic summary above the caseload table: data in, figure out."""

import plotly.graph_objects as go

from lib.words import chart_date_format

# Okabe-Ito: safe for the common colour-vision differences
ON_TRACK, PARTIAL, LOW, NO_DATA = "#009E73", "#E69F00", "#D55E00", "#999999"
STATUS_ORDER = [("on track", ON_TRACK), ("partial", PARTIAL), ("low", LOW), ("no data", NO_DATA)]


def _layout(fig, title):
    fig.update_layout(
        title={"text": title, "font": {"size": 18}},
        font={"size": 15},
        height=300,
        margin={"l": 40, "r": 20, "t": 50, "b": 40},
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def completion_distribution(status_counts):
    """Bar chart of how many families are on track, partial, low or without data."""
    labels = [name for name, _ in STATUS_ORDER]
    counts = [int(status_counts.get(name, 0)) for name in labels]
    fig = go.Figure(
        go.Bar(
            x=[name.capitalize() for name in labels],
            y=counts,
            text=counts,
            textposition="outside",
            marker_color=[color for _, color in STATUS_ORDER],
            hovertemplate="%{x}: %{y} families<extra></extra>",
        )
    )
    fig.update_yaxes(title="Families", rangemode="tozero", gridcolor="#eee")
    return _layout(fig, "Families by completion this week")


def completion_trend(trend, threshold):
    """Line chart of the median completion and the share of families on track per week."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=trend["week_start"],
            y=trend["median"],
            name="Median completion",
            mode="lines+markers",
            line={"color": "#0072B2", "width": 3},
            hovertemplate="Week of %{x|" + chart_date_format() + "}: median %{y:.0f}%<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=trend["week_start"],
            y=trend["on_track"],
            name="Families on track",
            mode="lines+markers",
            line={"color": ON_TRACK, "width": 3, "dash": "dot"},
            hovertemplate="Week of %{x|" + chart_date_format() + "}: %{y:.0f}% on track<extra></extra>",
        )
    )
    fig.add_hline(
        y=threshold,
        line_dash="dash",
        line_color="#555",
        annotation_text=f"{threshold}% threshold",
        annotation_position="top left",
    )
    fig.update_yaxes(range=[0, 105], title="%", gridcolor="#eee")
    fig.update_xaxes(tickformat=chart_date_format())
    _layout(fig, "Last 12 weeks")
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.2})
    return fig
