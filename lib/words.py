"""The app's vocabulary in one place: disciplines, days, who does a task, schedules, stages.

Every screen and every printed sheet takes its words from here, so a family reads the same
"Speech and language therapy" and "Monday and Thursday" in the room and on the fridge.
The clinic-wide defaults that other modules share (week start, time zone, minutes a day)
live here too.
"""

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


def join_words(items):
    """Return "a", "a and b" or "a, b and c"."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


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
