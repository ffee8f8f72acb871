"""The app's vocabulary in one place: disciplines, days, dates, who does a task, schedules, stages.

Every screen and every printed sheet takes its words from here, so a family reads the same
"Speech and language therapy" and "Monday and Thursday" in the room and on the fridge.
The clinic-wide defaults that other modules share (week start, time zone, minutes a day)
live here too.

Dates shown to people go through `date_text` (and `datetime_text`), in the clinic's date format:
lib.ui sets it for each run from the 'date_format' setting (`use_date_format`); a script
outside the app gets the default. Files for machines (CSV, JSON) keep ISO dates.
"""

from contextvars import ContextVar
from datetime import timedelta

# stored code -> the one family-facing word, in the order screens list them
DISCIPLINE_WORDS = {
    "OT": "Occupational therapy",
    "PT": "Physiotherapy",
    "SLP": "Speech and language therapy",
    "psychology": "Psychology",
    "other": "Therapy",
}
DISCIPLINES = tuple(DISCIPLINE_WORDS)

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_SHORT = tuple(name[:3] for name in DAY_NAMES)
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_SHORT = tuple(name[:3] for name in MONTH_NAMES)

# the clinic's date format (a setting): value -> (example, st.date_input format, table format)
DATE_FORMATS = {
    "d mon yyyy": ("25 Nov 2026", "DD/MM/YYYY", "D MMM YYYY"),
    "dd/mm/yyyy": ("25/11/2026", "DD/MM/YYYY", "DD/MM/YYYY"),
    "mm/dd/yyyy": ("11/25/2026", "MM/DD/YYYY", "MM/DD/YYYY"),
    "yyyy-mm-dd": ("2026-11-25", "YYYY-MM-DD", "YYYY-MM-DD"),
}
DATE_FORMAT = "d mon yyyy"  # the default: day, month, year
_NO_YEAR = {"d mon yyyy": "D MMM", "dd/mm/yyyy": "DD/MM", "mm/dd/yyyy": "MM/DD"}
_date_format = ContextVar("date_format", default=DATE_FORMAT)

# who does a task: the therapist's form words, and the words a family reads on screen and paper
WHO_LABELS = {"child": "The child", "parent": "The parent", "both": "Child and parent together"}
WHO = tuple(WHO_LABELS)
WHO_FAMILY = {"child": "your child", "parent": "a grown-up", "both": "your child with a grown-up"}

# the non-completion stages of a family, in order of concern, and their words on screen
STAGE_LABELS = {
    "none": "No concern",
    "initial": "Initial non-completion",
    "chronic": "Chronic non-completion",
    "stalled": "Stalled (no ticks for a while)",
    "dropped": "Dropped (no ticks for weeks)",
}
STAGES = tuple(STAGE_LABELS)


def printed_stage(text):
    """Say "persistent" for "chronic" in text that leaves the screen (team sheet, exports)."""
    return str(text).replace("Chronic", "Persistent").replace("chronic", "persistent")


# the intake explainer's age bands (by the child's age in whole years) and how hard a start to plan
AGE_BANDS = {"under_4": "Under 4", "4_7": "4 to 7", "8_12": "8 to 12", "13_plus": "13 and over"}
DIFFICULTY_LABELS = {
    "usual": "The usual start",
    "gentle": "A gentler start (the skill is hard for the child, or the family has a lot on)",
}

WEEK_START = 0  # weeks run Monday (0) to Sunday, on screen, on paper and in every figure
CLINIC_TIME_ZONE = "Europe/London"  # the default of the clinic's 'timezone' setting
DAILY_MINUTES_LIMIT = 20  # the default of the 'daily_minutes_limit' setting


def discipline_word(code):
    """Return the family-facing word for a discipline code ("Therapy" for an unknown one)."""
    return DISCIPLINE_WORDS.get(code, DISCIPLINE_WORDS["other"])


def who_word(who):
    """Return who does a task in a family's words, capitalised for the start of a line."""
    word = WHO_FAMILY.get(who, WHO_FAMILY["child"])
    return word[0].upper() + word[1:]


def join_words(items, last="and"):
    """Return "a", "a and b" or "a, b and c" (last="or": "a, b or c")."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def days_text(weekdays):
    """Return weekdays (0 = Monday) in words: "Monday and Thursday", or "every day" for all seven."""
    days = sorted(set(weekdays))
    return "every day" if len(days) == 7 else join_words(DAY_NAMES[d] for d in days)


def schedule_words(days_per_week, weekdays=None):
    """Return how often a task is asked for: "every day", "on Monday and Thursday", "on any 3 days a week"."""
    if weekdays is not None and len(weekdays) > 0:
        text = days_text(weekdays)
        return text if text == "every day" else "on " + text
    if days_per_week == 7:
        return "every day"
    return f"on any {days_per_week} day{'s' if days_per_week != 1 else ''} a week"


def schedule_text(task):
    """Return how often a task (anything with days_per_week and weekdays) is asked for, in plain words."""
    return schedule_words(task.days_per_week, task.weekdays)


def week_start(day):
    """Return the first day (Monday) of the week holding day."""
    return day - timedelta(days=(day.weekday() - WEEK_START) % 7)


def use_date_format(name):
    """Show dates in this format (a key of DATE_FORMATS) for the rest of this run; unknown: the default."""
    _date_format.set(name if name in DATE_FORMATS else DATE_FORMAT)


def date_text(day, weekday=False, year=True, long=False):
    """Return a date as people read it, in the clinic's format: "25 Nov 2026", "Wed 25/11/2026".

    weekday adds the day's name; year=False leaves the year out (not in the ISO format);
    long spells out the names ("Wednesday 25 November 2026"), for families' sheets."""
    style = _date_format.get()
    if style == "d mon yyyy":
        text = f"{day.day} {(MONTH_NAMES if long else MONTH_SHORT)[day.month - 1]}"
        text += f" {day.year}" if year else ""
    elif style == "yyyy-mm-dd":
        text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    else:
        first, second = (day.day, day.month) if style == "dd/mm/yyyy" else (day.month, day.day)
        text = f"{first:02d}/{second:02d}" + (f"/{day.year:04d}" if year else "")
    if weekday:
        text = f"{(DAY_NAMES if long else DAY_SHORT)[day.weekday()]} {text}"
    return text


def datetime_text(moment, weekday=False, year=True, long=False):
    """Return a date and time as people read it: "Wed 25 Nov 2026 at 14:30"."""
    return f"{date_text(moment, weekday, year, long)} at {moment:%H:%M}"


def date_input_format():
    """Return the clinic's date format for st.date_input."""
    return DATE_FORMATS[_date_format.get()][1]


def chart_date_format(year=False):
    """Return the clinic's date format for a plotly axis or hover label (d3's strftime-like codes)."""
    style = _date_format.get()
    if style == "yyyy-mm-dd":
        return "%Y-%m-%d"
    text = {"d mon yyyy": "%-d %b", "dd/mm/yyyy": "%d/%m", "mm/dd/yyyy": "%m/%d"}[style]
    return text + ((" %Y" if style == "d mon yyyy" else "/%Y") if year else "")


def table_date_format(weekday=False, year=True, time=False):
    """Return the clinic's date format for a table's date column (st.column_config)."""
    style = _date_format.get()
    text = DATE_FORMATS[style][2] if year or style == "yyyy-mm-dd" else _NO_YEAR[style]
    return ("ddd " if weekday else "") + text + (", HH:mm" if time else "")
