"""A clean drawing of a read sheet: every box where it is printed, showing how it was read."""

import plotly.graph_objects as go

from lib.charts.style import FONT, OKABE_ITO
from lib.text import html_escape
from lib.words import DAY_SHORT, date_text

FILL = {
    "new": OKABE_ITO["bluish_green"],  # ticked on paper, a new tick
    "saved": OKABE_ITO["sky_blue"],  # ticked on paper and already in the app
    "unclear": OKABE_ITO["yellow"],
    "empty": "#FFFFFF",
    "not saved": "#DDDDDD",  # ticked, but on a day that cannot take a tick (to come, no date)
}
SYMBOL = {"new": "✓", "saved": "✓", "unclear": "?", "empty": "", "not saved": "✓"}
WIDTH_PX = 860
LEGEND = (
    "Green: a new tick · blue: already in the app · yellow: asked · grey: ticked but not saved (see note)."
)


def box_day(box):
    """Return the day a box stands for, in words ("Mon 23 Nov"), or "no date"."""
    return date_text(box.practice_date, weekday=True, year=False) if box.practice_date else "no date"


def box_look(box, state):
    """Return how a box is drawn: new, saved, unclear, empty or not saved."""
    if state == "unclear":
        return "unclear"
    if state == "empty":
        return "empty"
    if box.saved_evidence is not None:
        return "saved"
    return "new" if box.open_day else "not saved"


def reading_figure(reading, decisions=None):
    """Return the sheet's boxes as a plotly figure, each drawn by its (decided) state, tasks and days labelled."""
    decisions = decisions or {}
    fig = go.Figure()
    xs, ys, texts, hovers = [], [], [], []
    rows, columns = {}, {}
    printed = {b.index: b for b in reading.boxes}
    for box in reading.boxes:
        state = decisions.get(box.index, box.state)
        look = box_look(box, state)
        x, y, w, h = box.place
        shape = "rect" if box.shape == "box" else "circle"
        changed = state != printed[box.index].state
        fig.add_shape(
            type=shape,
            x0=x,
            x1=x + w,
            y0=y,
            y1=y + h,
            fillcolor=FILL[look],
            layer="below",
            line={"color": OKABE_ITO["vermillion"] if changed else "#333333", "width": 4 if changed else 2},
        )
        xs.append(x + w / 2)
        ys.append(y + h / 2)
        texts.append(SYMBOL[look])
        hovers.append(
            f"{html_escape(box.title)}<br>{box_day(box)}: read as {box.state} ({box.confidence:.0%})"
            + (f"<br>{html_escape(box.note)}" if box.note else "")
        )
        rows.setdefault(box.assignment_id, (box.title, y + h / 2, x))
        if box.practice_date and box.shape == "box":
            columns.setdefault(round(x + w / 2), box.practice_date)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="text",
            text=texts,
            textfont={"size": 22, "color": "#222222"},
            hovertext=hovers,
            hoverinfo="text",
            showlegend=False,
        )
    )
    left = min((x for _, _, x in rows.values()), default=0) - 95  # room for the task names
    right = max((b.place[0] + b.place[2] for b in reading.boxes), default=100) + 5
    top = min((b.place[1] for b in reading.boxes), default=0) - 9  # room for the days
    bottom = max((b.place[1] + b.place[3] for b in reading.boxes), default=50) + 4
    for title, y, _ in rows.values():
        short = title if len(title) <= 34 else title[:33] + "…"
        fig.add_annotation(
            x=left + 92, y=y, text=html_escape(short), xanchor="right", showarrow=False, font={"size": 14}
        )
    for x, day in columns.items():
        fig.add_annotation(
            x=x, y=top + 4, text=f"{DAY_SHORT[day.weekday()]} {day.day}", showarrow=False, font={"size": 14}
        )
    fig.update_xaxes(visible=False, range=[left, right], fixedrange=True)
    fig.update_yaxes(visible=False, range=[bottom, top], fixedrange=True)
    fig.update_layout(
        font=FONT,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        # the sheet's proportions in a panel about WIDTH_PX wide
        height=int(max(120, (bottom - top) * WIDTH_PX / max(right - left, 1))),
        plot_bgcolor="#FFFFFF",
        dragmode=False,
    )
    return fig
