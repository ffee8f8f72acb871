"""The explainer's words for one family: the chosen variant, the family's word, goal and agreement filled in."""

import re
from dataclasses import dataclass

from lib.explainer.schema import load_shipped
from lib.words import AGE_BANDS

_PLACEHOLDER = re.compile(
    r"\{(word|Word|the_word|minutes|days|why|analogy|example|goal|task_minutes|extra_minutes)\}"
)
# a family word that already has its own determiner: "our practice", "Lily's task"
_DETERMINED = re.compile(r"^(?:the|a|an|our|your|my|his|her|their|this|these|that|those)\b|\w's\b", re.I)


@dataclass(frozen=True)
class Step:
    """One screen of the explainer, with the family's word and expectation filled in."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    points: tuple[str, ...] = ()
    closing: str = ""


def the_word(word):
    """Return the word as it reads after a verb or preposition: "the homework", "our practice"."""
    word = " ".join(str(word).split())
    return word if _DETERMINED.search(word) else "the " + word


def age_band(date_of_birth, today):
    """Return the age band key of a child born on date_of_birth ("unknown" without a date)."""
    if date_of_birth is None:
        return "unknown"
    years = (
        today.year
        - date_of_birth.year
        - ((today.month, today.day) < (date_of_birth.month, date_of_birth.day))
    )
    return "under_4" if years < 4 else "4_7" if years < 8 else "8_12" if years < 13 else "13_plus"


def variant_caption(variant, band):
    """Return the variant's name with the child's own age band: "Speech and language, 13 and over".

    A variant named for an age range ("..., 8 and over") says the child's band instead of the range."""
    name = variant["label"]
    if variant.get("when", {}).get("ages") and ", " in name:
        name = name.rsplit(", ", 1)[0]
    return f"{name}, {AGE_BANDS[band].lower() if band in AGE_BANDS else 'age not known'}"


def choose_variant(disciplines, band, data=None):
    """Return the one variant for a family: the first whose conditions hold (the last holds for all).

    A variant's `disciplines` must cover every discipline the family is seen by, so a family
    seen by OT and PT can share the movement variant; `several` asks for two or more.
    """
    data = data or load_shipped()
    seen = set(disciplines)
    for variant in data["variants"]:
        when = variant.get("when", {})
        if when.get("disciplines") and not (seen and seen <= set(when["disciplines"])):
            continue
        if when.get("ages") and band not in when["ages"]:
            continue
        if when.get("several") and len(seen) < 2:
            continue
        return variant
    return data["variants"][-1]


def variant_by_id(variant_id, data=None):
    """Return the variant with this id, else the catch-all last one."""
    data = data or load_shipped()
    return next((v for v in data["variants"] if v["id"] == variant_id), data["variants"][-1])


def expectation(band, difficulty="usual", data=None):
    """Return (minutes a day, days a week) to suggest for an age band and difficulty."""
    data = data or load_shipped()
    pair = data["expectations"].get(band, data["expectations"]["unknown"])
    pair = pair.get(difficulty, pair["usual"])
    return pair["minutes"], pair["days"]


def _extra_minutes(task_minutes, minutes_per_day):
    """Return how many minutes the family's tasks add up to over the agreed minutes (0 when they fit)."""
    if not task_minutes or not minutes_per_day:
        return 0
    return max(int(task_minutes) - int(minutes_per_day), 0)


def fill(text, word, minutes_per_day=None, days_per_week=None, variant=None, goal="", task_minutes=None):
    """Return text with its placeholders filled in (other braces untouched)."""
    variant = variant or {}
    values = {
        "task_minutes": str(task_minutes or ""),
        "extra_minutes": str(_extra_minutes(task_minutes, minutes_per_day) or ""),
        "word": word,
        "the_word": the_word(word),
        "Word": word[:1].upper() + word[1:],
        "minutes": str(minutes_per_day) if minutes_per_day else "a few",
        "days": str(days_per_week) if days_per_week else "most",
        "goal": " ".join(str(goal or "").split()),
    }
    for key in ("why", "analogy", "example"):
        values[key] = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), variant.get(key, ""))
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def explainer_steps(
    word, minutes_per_day=None, days_per_week=None, variant=None, goal="", data=None, task_minutes=None
):
    """Return the explainer's steps in order, filled in for one family.

    A goal line only with a goal; the family's tasks added up ({task_minutes}) only when it has some,
    so the page shows them beside what is agreed; what to do when they add up to more
    ({extra_minutes}) only when they do."""
    data = data or load_shipped()
    variant = variant or data["variants"][-1]
    goal = (goal or "").strip()

    def f(text):
        return fill(text, word, minutes_per_day, days_per_week, variant, goal, task_minutes)

    over = _extra_minutes(task_minutes, minutes_per_day)

    def shown(text):
        return (
            (goal or "{goal}" not in text)
            and (task_minutes or "{task_minutes}" not in text)
            and (over or "{extra_minutes}" not in text)
        )

    def keep(texts):
        return tuple(f(t) for t in texts if shown(t))

    return [
        Step(
            key=s["key"],
            title=f(s["title"]),
            paragraphs=keep(s["paragraphs"]),
            points=keep(s.get("points", ())),
            closing=f(s.get("closing", "")) if shown(s.get("closing", "")) else "",
        )
        for s in data["steps"]
    ]


def teach_back(word, data=None):
    """Return (title, intro, questions) of the teach-back check."""
    part = (data or load_shipped())["teach_back"]
    return fill(part["title"], word), fill(part["intro"], word), [fill(q, word) for q in part["questions"]]


def rationale_text(word, data=None):
    """Return the short why-practise rationale in the given word for homework."""
    return fill((data or load_shipped())["rationale"], word)


def _clause(text):
    return " ".join(str(text or "").split()).rstrip(".")


def agreement_line(minutes_per_day, days_per_week, who_helps="", when=""):
    """Return what the family agreed in plain sentences: minutes and days, then when and who helps, if said."""
    parts = [f"About {minutes_per_day} minutes a day, on {days_per_week} days a week."]
    if _clause(when):
        parts.append(f"When: {_clause(when)}.")
    if _clause(who_helps):
        parts.append(f"Who helps: {_clause(who_helps)}.")
    return " ".join(parts)
