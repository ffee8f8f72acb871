"""Plotly figures of a family's practice, and the plain sentence shown under each.

Builders are pure: data frames in, go.Figure (or a sentence) out. They are made to be
screen-shared with a family: large type, the colour-blind-safe Okabe-Ito palette, words
instead of codes. User-typed text (task titles, reward plans) goes through
lib.text.html_escape, because plotly's labels read a few HTML tags.

style      palette, type and the shared layout
calendar   the practice calendar (a coloured square per day)
progress   weekly completion bars, habit strength lines, reward stars
sentences  the one-paragraph reading of each chart
"""

from lib.charts.calendar import DAY_STATES, STATE_CODE, STATE_WORDS, calendar_days, calendar_heatmap
from lib.charts.progress import VERSION_SYMBOLS, VERSION_WORDS, completion_bars, habit_chart, reward_stars
from lib.charts.sentences import (
    calendar_sentence,
    completion_sentence,
    habit_sentence,
    reward_sentence,
    week_sentence,
)
from lib.charts.style import DISCIPLINE_COLOURS, FONT, OKABE_ITO

__all__ = [
    "DAY_STATES",
    "DISCIPLINE_COLOURS",
    "FONT",
    "OKABE_ITO",
    "STATE_CODE",
    "STATE_WORDS",
    "VERSION_SYMBOLS",
    "VERSION_WORDS",
    "calendar_days",
    "calendar_heatmap",
    "calendar_sentence",
    "completion_bars",
    "completion_sentence",
    "habit_chart",
    "habit_sentence",
    "reward_sentence",
    "reward_stars",
    "week_sentence",
]
