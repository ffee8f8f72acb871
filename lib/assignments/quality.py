"""What a good assignment looks like (DOMAIN.md), as advice that never blocks saving.

The same rules run in Python on one draft (live while the therapist types) and in SQL on
many assignments at once (the weekly caseload); tests check both give the same flags.
"""

import re
from dataclasses import dataclass

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, scope
from lib.assignments.records import STATE_TODAY_SQL
from lib.settings import get_setting

LONG_MINUTES = 10  # longer than this per practice is "long"
FEW_DAYS = 3  # fewer days a week than this, at long durations, is "infrequent"
MAX_WORDS_PER_SENTENCE = 15
MAX_WORDS = 80
DEFAULT_DAILY_LIMIT = 20

READABILITY_HOW = (
    "We count the words in each sentence (aim for 15 or fewer), the words in total "
    "(aim for 80 or fewer), and look for clinic words from a short list."
)

# Words obvious to a therapist and not to a parent. Phrases are matched whole.
JARGON = (
    "adherence",
    "articulation",
    "auditory processing",
    "behavioural activation",
    "bilateral",
    "cognitive",
    "compliance",
    "contingency",
    "desensitisation",
    "desensitization",
    "dorsiflexion",
    "expressive language",
    "extinction",
    "fine motor",
    "graded exposure",
    "gross motor",
    "hierarchy",
    "in-hand manipulation",
    "midline",
    "modelling",
    "motor planning",
    "oral motor",
    "phoneme",
    "phonological",
    "pincer grasp",
    "praxis",
    "proprioceptive",
    "prone",
    "receptive language",
    "reinforcement",
    "reinforcer",
    "self-regulation",
    "sensory diet",
    "supine",
    "tripod grasp",
    "vestibular",
)
# A jargon word stands alone: no letter, digit or _ touches it (accented, Greek and Cyrillic
# letters included, so "émidline" is not "midline"). Spelled as an explicit class, not \b:
# Python's \b knows Unicode letters and DuckDB's (RE2) does not, so the two rules disagreed.
# Python checks the neighbours with lookarounds; RE2 has none, so SQL consumes them instead.
WORD_CHARS = "0-9A-Za-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_JARGON_WORDS = "(?:" + "|".join(re.escape(w) for w in JARGON) + ")"
JARGON_PATTERN = "(?<![" + WORD_CHARS + "])(" + _JARGON_WORDS + ")(?![" + WORD_CHARS + "])"
JARGON_SQL_PATTERN = "(?:^|[^" + WORD_CHARS + "])" + _JARGON_WORDS + "(?:$|[^" + WORD_CHARS + "])"
WORD_PATTERN = r"[A-Za-z0-9']+"
SENTENCE_SPLIT = r"[.!?\n]+"

WHY = {
    "long_practice": "5 to 10 minutes most days beats one long practice a week.",
    "infrequent": "Little and often: a few minutes on most days builds a habit; rare practice fades.",
    "no_anchor": "Tying it to something that already happens (teeth, snack, bath) is how it gets remembered.",
    "no_time": "A reminder needs a time: at the routine's usual time the phone rings; without one it shows a silent note.",
    "materials_unconfirmed": "Families often stop when something is missing at home.",
    "not_practised": "A parent who has tried it once in the room knows what it looks like at home.",
    "not_chosen": "Tasks the family picks fit their values and get done more often.",
    "no_instructions": "Spoken-only tasks are done much less often than written ones.",
    "instructions_long": "Parents read it at a glance on the fridge. " + READABILITY_HOW,
    "jargon": "What is obvious to a therapist is not obvious to a parent.",
    "daily_load": "The more minutes a day a family is asked for, the less gets done.",
    "over_agreed": "A task is achievable when it fits what the family said at intake it could do.",
}


@dataclass(frozen=True)
class Advice:
    """One piece of advice on a draft assignment, with a one-line why."""

    flag: str
    message: str
    why: str


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    jargon: tuple[str, ...]

    @property
    def words_per_sentence(self):
        return self.words / max(1, self.sentences)


def measure_readability(text):
    """Count words, sentences and jargon words in instructions."""
    text = text or ""
    sentences = [s for s in re.split(SENTENCE_SPLIT, text) if re.search(r"[A-Za-z0-9]", s)]
    found = tuple(dict.fromkeys(re.findall(JARGON_PATTERN, text.lower())))
    return Readability(len(re.findall(WORD_PATTERN, text)), len(sentences), found)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def days_per_week_of(values):
    """Return the days per week a draft asks for (from its weekdays when given)."""
    weekdays = values.get("weekdays")
    if weekdays:
        return len(set(weekdays))
    return _int(values.get("days_per_week"))


def check_assignment(values, other_minutes=0, daily_limit=DEFAULT_DAILY_LIMIT, agreed=None):
    """Return the advice for a draft assignment (a dict of its fields), best first.

    other_minutes: the family's minutes a day in its other active tasks.
    agreed: (minutes a day, days a week) the family agreed at intake (lib.explainer.agreed_at_intake), or None."""
    advice = []
    minutes, days = _int(values.get("minutes")), days_per_week_of(values)
    valid_minutes = minutes is not None and 1 <= minutes <= 240

    def add(flag, message):
        advice.append(Advice(flag, message, WHY[flag]))

    if valid_minutes and minutes > LONG_MINUTES:
        add("long_practice", f"{minutes} minutes is a long practice: could it be {LONG_MINUTES} or less?")
    if valid_minutes and days is not None and days < FEW_DAYS:
        if minutes >= LONG_MINUTES:
            add("infrequent", f"Only {days} day(s) a week: a shorter practice on more days works better.")
        else:
            add(
                "infrequent",
                f"{minutes} minutes on {days} day(s) a week is short but rare: little and often works better.",
            )
    agreed_minutes, agreed_days = agreed or (None, None)
    if valid_minutes and agreed_minutes and other_minutes + minutes > agreed_minutes:
        add(
            "over_agreed",
            f"This adds up to {other_minutes + minutes} minutes on a busy day; "
            f"the family agreed about {agreed_minutes} at intake.",
        )
    if days and agreed_days and days > agreed_days:
        add("over_agreed", f"{days} days a week; the family agreed {agreed_days} at intake.")
    if valid_minutes and other_minutes + minutes > daily_limit:
        add(
            "daily_load",
            f"With the family's other tasks this adds up to {other_minutes + minutes} minutes "
            f"on a busy day, over the clinic's {daily_limit}.",
        )
    if not (values.get("routine_anchor") or "").strip():
        add("no_anchor", "No daily routine yet: what already happens every day that it could go with?")
    if values.get("routine_time") is None:
        anchor = (values.get("routine_anchor") or "").strip()
        add(
            "no_time",
            f"No usual time yet. When does “{anchor}” usually happen?" if anchor else "No usual time yet.",
        )
    if (values.get("materials") or "").strip() and values.get("has_materials") is not True:
        add("materials_unconfirmed", "Check the family has the materials at home.")
    if not values.get("practised_in_session"):
        add("not_practised", "Not tried together in the session yet.")
    if not values.get("family_chose"):
        add("not_chosen", "Not chosen with the family: would they pick this one?")
    text = values.get("instructions") or ""
    if not text.strip():
        add("no_instructions", "No written instructions yet.")
    else:
        reading = measure_readability(text)
        if reading.words > MAX_WORDS or reading.words_per_sentence > MAX_WORDS_PER_SENTENCE:
            add(
                "instructions_long",
                f"Instructions are long: {reading.words} words, "
                f"about {reading.words_per_sentence:.0f} per sentence.",
            )
        if reading.jargon:
            add("jargon", "Clinic words a parent may not know: " + ", ".join(reading.jargon) + ".")
    return advice


def quality_flags_sql(cur, actor, family_ids=None, daily_limit=None):
    """Return a DataFrame (family_id, assignment_id, flag, why) for the active assignments
    of the given (or all visible) families; daily_load rows have assignment_id NULL."""
    if daily_limit is None:
        daily_limit = get_setting(cur, "daily_minutes_limit")
    return cur.execute(
        """
        WITH a AS (
            SELECT a.*, coalesce(len(a.weekdays), a.days_per_week) AS days,
                   len(regexp_extract_all(a.instructions, $word)) AS words,
                   greatest(1, len(list_filter(regexp_split_to_array(a.instructions, $split),
                            lambda s: regexp_matches(s, '[A-Za-z0-9]')))) AS sentences,
                   regexp_matches(lower(a.instructions), $jargon) AS has_jargon
            FROM assignments a
            WHERE """
        + STATE_TODAY_SQL  # running today: a pause planned ahead still runs
        + """ = 'active' AND a.family_id IN ("""
        + VISIBLE_FAMILIES_SQL
        + """)
        ),
        agreed AS (
            SELECT family_id, arg_max(minutes_per_day, (run_on, id)) AS agreed_minutes,
                   arg_max(days_per_week, (run_on, id)) AS agreed_days
            FROM explainer_runs GROUP BY family_id
        ),
        flags AS (
            SELECT family_id, id AS assignment_id, 'long_practice' AS flag FROM a WHERE minutes > $long
            UNION ALL SELECT family_id, id, 'infrequent' FROM a WHERE days < $few
            UNION ALL SELECT a.family_id, a.id, 'over_agreed' FROM a JOIN agreed g USING (family_id)
                WHERE a.days > g.agreed_days
            UNION ALL SELECT a.family_id, NULL, 'over_agreed' FROM a JOIN agreed g USING (family_id)
                GROUP BY a.family_id HAVING sum(a.minutes) > any_value(g.agreed_minutes)
            UNION ALL SELECT family_id, id, 'no_anchor' FROM a WHERE trim(routine_anchor) = ''
            UNION ALL SELECT family_id, id, 'no_time' FROM a WHERE routine_time IS NULL
            UNION ALL SELECT family_id, id, 'materials_unconfirmed' FROM a
                WHERE trim(materials) <> '' AND has_materials IS NOT TRUE
            UNION ALL SELECT family_id, id, 'not_practised' FROM a WHERE NOT practised_in_session
            UNION ALL SELECT family_id, id, 'not_chosen' FROM a WHERE NOT family_chose
            UNION ALL SELECT family_id, id, 'no_instructions' FROM a WHERE trim(instructions) = ''
            UNION ALL SELECT family_id, id, 'instructions_long' FROM a
                WHERE trim(instructions) <> '' AND (words > $max_words OR words / sentences > $max_wps)
            UNION ALL SELECT family_id, id, 'jargon' FROM a WHERE trim(instructions) <> '' AND has_jargon
            UNION ALL SELECT family_id, NULL, 'daily_load' FROM a
                GROUP BY family_id HAVING sum(minutes) > $limit
        )
        SELECT f.family_id, f.assignment_id, f.flag, w.why
        FROM flags f JOIN (SELECT unnest($flag_names) AS flag, unnest($whys) AS why) w USING (flag)
        ORDER BY f.family_id, f.assignment_id NULLS FIRST, f.flag
        """,
        {
            "word": WORD_PATTERN,
            "split": SENTENCE_SPLIT,
            "jargon": JARGON_SQL_PATTERN,
            **scope(actor, family_ids),
            "long": LONG_MINUTES,
            "few": FEW_DAYS,
            "max_words": MAX_WORDS,
            "max_wps": MAX_WORDS_PER_SENTENCE,
            "limit": int(daily_limit),
            "flag_names": list(WHY),
            "whys": list(WHY.values()),
            "today": clock.today(),
        },
    ).df()
