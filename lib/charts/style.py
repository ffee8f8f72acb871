"""The look every family chart shares: the colour-blind-safe palette, large type, one layout."""

from lib.text import html_escape
from lib.words import DISCIPLINES

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
DISCIPLINE_COLOURS = {
    "OT": OKABE_ITO["blue"],
    "PT": OKABE_ITO["bluish_green"],
    "SLP": OKABE_ITO["orange"],
    "psychology": OKABE_ITO["reddish_purple"],
    "other": OKABE_ITO["sky_blue"],
}
FONT = {"size": 18, "family": "DejaVu Sans, Arial, sans-serif", "color": "#222222"}


def discipline_order(discipline):
    """Return a discipline's place in the clinic's order (unknown ones last), for sorting traces."""
    return DISCIPLINES.index(discipline) if discipline in DISCIPLINES else len(DISCIPLINES)


def layout(fig, title, height):
    """Apply the shared title, type, margins and legend to a figure; return it."""
    fig.update_layout(
        title={"text": html_escape(title), "font": {"size": 22}},
        font=FONT,
        height=height,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 16}},
        hoverlabel={"font": {"size": 16}},
    )
    return fig
