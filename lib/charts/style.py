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
# The type of the screen shared with a family (session mode): Streamlit's base size
# (.streamlit/config.toml, theme.baseFontSize) times the session screen's scale (its CSS).
# No text of a family chart is smaller than that body text: ticks, legends, annotations, bar
# labels. Each is set explicitly, because Streamlit's chart theme sets ticks to 0.75 of the base.
BASE_FONT_PX = 17
SHARED_SCREEN_SCALE = 1.2
TEXT_PX = round(BASE_FONT_PX * SHARED_SCREEN_SCALE, 2)  # 20.4
TITLE_PX = round(TEXT_PX * 1.25, 1)
FONT = {"size": TEXT_PX, "family": "DejaVu Sans, Arial, sans-serif", "color": "#222222"}
TEXT = {"size": TEXT_PX}


def discipline_order(discipline):
    """Return a discipline's place in the clinic's order (unknown ones last), for sorting traces."""
    return DISCIPLINES.index(discipline) if discipline in DISCIPLINES else len(DISCIPLINES)


def layout(fig, title, height):
    """Apply the shared title, type, margins and legend to a figure; return it."""
    fig.update_layout(
        title={"text": html_escape(title), "font": {"size": TITLE_PX}},
        font=FONT,
        height=height,
        margin={"l": 20, "r": 20, "t": 70, "b": 20},
        plot_bgcolor="#FFFFFF",
        paper_bgcolor="#FFFFFF",
        legend={"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": TEXT},
        hoverlabel={"font": TEXT},
    )
    fig.update_xaxes(tickfont=TEXT, title_font=TEXT)
    fig.update_yaxes(tickfont=TEXT, title_font=TEXT)
    fig.update_annotations(font_size=TEXT_PX)
    return fig
