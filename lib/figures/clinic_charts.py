"""Plotly figures for the clinic summary above the caseload table: data in, figure out."""

import plotly.graph_objects as go

from lib.words import chart_date_format

# Okabe-Ito: safe for the common colour-vision differences
ON_TRACK, PARTIAL, LOW, NO_DATA = "#009E73", "#E69F00", "#D55E00", "#999999"
STATUS_ORDER = [("on track", ON_TRACK), ("partial", PARTIAL), ("low", LOW), ("no data", NO_DATA)]


def _layout(title, **more):
    """Return the shared layout of both charts (a dict: one constructor call builds a figure,
    where a chain of update_* calls took 10x as long)."""
    return {
        "title": {"text": title, "font": {"size": 18}},
        "font": {"size": 15},
        "height": 300,
        "margin": {"l": 40, "r": 20, "t": 50, "b": 40},
        "plot_bgcolor": "white",
        "showlegend": False,
        **more,
    }


def completion_distribution(status_counts):
    """Bar chart of how many families are on track, partial, low or without data."""
    labels = [name for name, _ in STATUS_ORDER]
    counts = [int(status_counts.get(name, 0)) for name in labels]
    bars = {
        "type": "bar",
        "x": [name.capitalize() for name in labels],
        "y": counts,
        "text": counts,
        "textposition": "outside",
        "marker": {"color": [color for _, color in STATUS_ORDER]},
        "hovertemplate": "%{x}: %{y} families<extra></extra>",
    }
    axis = {"title": {"text": "Families"}, "rangemode": "tozero", "gridcolor": "#eee"}
    return go.Figure(data=[bars], layout=_layout("Families by completion this week", yaxis=axis))


def completion_trend(trend, threshold):
    """Line chart of the median completion and the share of families on track per week."""
    dates = chart_date_format()

    def line(column, name, colour, dash, says):
        return {
            "type": "scatter",
            "x": trend["week_start"],
            "y": trend[column],
            "name": name,
            "mode": "lines+markers",
            "line": {"color": colour, "width": 3, **({"dash": dash} if dash else {})},
            "hovertemplate": "Week of %{x|" + dates + "}: " + says + "<extra></extra>",
        }

    layout = _layout(
        "Last 12 weeks",
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
        yaxis={"range": [0, 105], "title": {"text": "%"}, "gridcolor": "#eee"},
        xaxis={"tickformat": dates},
        # the clinic's threshold: a dashed line across with its label on the left
        shapes=[
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": threshold,
                "y1": threshold,
                "line": {"color": "#555", "dash": "dash"},
            }
        ],
        annotations=[
            {
                "text": f"{threshold}% threshold",
                "showarrow": False,
                "xref": "x domain",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": threshold,
                "yanchor": "bottom",
            }
        ],
    )
    return go.Figure(
        data=[
            line("median", "Median completion", "#0072B2", None, "median %{y:.0f}%"),
            line("on_track", "Families on track", ON_TRACK, "dot", "%{y:.0f}% on track"),
        ],
        layout=layout,
    )
