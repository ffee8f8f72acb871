"""A task's safety lines: a field of their own, told apart from "what to do" by one tested rule.

A safety line is a sentence that keeps the child safe while practising ("A grown-up stays at the
table the whole time.", "Stop if their arms shake."). It lives in the task's `safety` field, one
line per point, so every paper and screen prints all of it, whatever a layout cuts.

SENTENCE and SAFETY_SENTENCE are plain regular expressions that Python and DuckDB (RE2) read the
same way: migration 018 moved the safety sentences of the tasks and templates already saved with
these very patterns (tests/test_safety_lines.py checks the migration and this module agree).
"""

import re

from lib.errors import InvalidInput

# a sentence: text up to its end mark(s) and a closing quote, or the unfinished tail
SENTENCE = r"[^.!?]+[.!?]*[\"']?"
# how a safety line starts (case-insensitive)
SAFETY_SENTENCE = (
    r"^(?:stop (?:if|as soon as|when|straight away|at once)\b"
    r"|stay (?:close|one step|next to|beside|in the room|within reach|with your child)\b"
    r"|(?:a|an|one) (?:grown-up|adult|parent) (?:stays|holds|watches|is there)\b"
    r"|hold hands\b"
    r"|keep [^.!?]{0,60}\baway from\b"
    r"|never\b"
    r"|always [^.!?]{0,40}\b(?:supervise|watch|stay|hold)"
    r"|only carry on if\b"
    r"|choose [^.!?]{0,40}\baway from the road\b)"
)
_SENTENCE = re.compile(SENTENCE)
_SAFETY = re.compile(SAFETY_SENTENCE, re.IGNORECASE)
MARK = "⚠ Safety"


def sentences(text):
    """Return the sentences of a text, trimmed, in order."""
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def is_safety_line(sentence):
    """Return True when a sentence is a safety or supervision line."""
    return bool(_SAFETY.match(sentence.strip()))


def split_safety(instructions, safety=""):
    """Return (what to do, safety lines) with the safety sentences moved out of the instructions.

    Instructions without a safety sentence come back unchanged; moved lines follow the existing ones."""
    found = sentences(instructions)
    moved = [s for s in found if is_safety_line(s)]
    if not moved:
        return (instructions or "").strip(), join_lines(safety_lines(safety))
    rest = " ".join(s for s in found if not is_safety_line(s))
    return rest, join_lines(safety_lines(safety) + moved)


def safety_lines(safety):
    """Return the safety field as a list of lines (one point each), blank lines left out."""
    return [line.strip() for line in str(safety or "").splitlines() if line.strip()]


def join_lines(lines):
    """Return safety lines as the stored text: one point per line."""
    return "\n".join(line.strip() for line in lines if line and line.strip())


# ---- the safety check: advice a therapist reads and accepts before a task is saved ---------

_WORDS_OF_THE_TASK = ("title", "instructions", "materials", "routine_anchor")


def _rx(pattern):
    return re.compile(pattern, re.IGNORECASE)


SWALLOWABLE = _rx(
    r"\b(?:beads?|coins?|marbles?|(?:dried |small )?beans|magnets?|button batter(?:y|ies)|loose buttons"
    r"|buttons? to (?:sort|thread|pick|post|count)|raisins?|peas|nuts|grapes?|popcorn|small (?:snack )?pieces"
    r"|small objects|small toys)\b"
)
BALLOONS = _rx(r"\b(?:balloons?)\b")
GROWN_UP_STAYS = _rx(r"\b(?:grown-up|adult|parent)s? stays?\b")
FOOD_REWARD = _rx(
    r"\b(?:sweets?|candy|chocolates?|treats?|snacks?|dessert|ice cream|smoothie|biscuits?|cake|cookies?"
    r"|crisps|lolly|lollies)\b"
)
THICKNESS = _rx(
    r"\b(?:thick\w*|thin\w*)\b[^.!?]{0,40}\b(?:drinks?|liquids?|milk|juice|water)\b"
    r"|\b(?:drinks?|liquids?|milk|juice)\b[^.!?]{0,40}\b(?:thick\w*|thin\w*)\b"
)
SALT_DOUGH = _rx(r"\bsalt ?dough\b|\bsalt play ?dough\b|home-?made play ?dough|\bflour,? salt\b")
# (rule, what in the task names the danger, what its safety line has to mention, advice)
HAZARDS = (
    (
        "heat",
        _rx(r"\b(?:hob|oven|kettle|stove|cooker|hot water|hot drinks?|iron)\b"),
        _rx(r"\b(?:hob|oven|kettle|stove|cooker|hot|heat|burns?)\b"),
        "It involves heat (hob, oven, kettle): add a safety line that keeps your child away from it.",
    ),
    (
        "water",
        _rx(r"\b(?:in the bath|bath ?time|bathtub|paddling|pool|pond|swim\w*)\b"),
        _rx(r"\b(?:bath|water|pool|pond|swim\w*)\b"),
        "It happens in or near water: add a safety line that a grown-up stays the whole time.",
    ),
    (
        "road",
        _rx(r"\b(?:roads?|streets?|traffic|crossings?|pavements?|(?:walk|way) to school)\b"),
        _rx(r"\b(?:roads?|streets?|traffic|hold hands)\b"),
        "It happens by a road: add a safety line about holding hands or keeping away from the road.",
    ),
    (
        "height",
        _rx(
            r"\b(?:climb\w*|(?<!steps )ladders?|trampolines?|bunk beds?|(?:on|along|across|over)\s+(?:the\s+|a\s+)?(?:low\s+)?walls?)\b"
        ),
        _rx(r"\b(?:climb\w*|falls?|falling|height|close|below|catch)\b"),
        "It involves climbing or heights: add a safety line that a grown-up stays close to catch a fall.",
    ),
    (
        "stairs",
        _rx(r"\b(?:stairs?|staircase|each step)\b"),
        _rx(r"\b(?:stairs?|steps?|rail|behind|below)\b"),
        "It happens on the stairs: add a safety line, such as a grown-up staying one step behind.",
    ),
)
RULES = ("small_items", "balloons", "food_reward", "thickness", "salt_dough") + tuple(h[0] for h in HAZARDS)


def safety_advice(values, age=None):
    """Return [(rule, advice)] for what a task's words risk for a child of this age (None: not known).

    The advice is for the therapist, who decides: each piece is read and accepted before saving."""
    said = " ".join(str(values.get(f) or "") for f in _WORDS_OF_THE_TASK)
    safety = str(values.get("safety") or "")
    stays = GROWN_UP_STAYS.search(safety + " " + str(values.get("instructions") or ""))
    found = []
    if SWALLOWABLE.search(said) and not stays:
        found.append(
            (
                "small_items",
                "It names something small enough to swallow: add a safety line that a "
                "grown-up stays the whole time.",
            )
        )
    used = " ".join(str(values.get(f) or "") for f in ("instructions", "materials"))  # not a title's image
    if BALLOONS.search(used) and (age is None or age < 8) and not stays:
        found.append(
            (
                "balloons",
                "Balloon pieces can choke children under 8: add a safety line that a "
                "grown-up stays, and that burst pieces are put away at once.",
            )
        )
    if FOOD_REWARD.search(str(values.get("reward_plan") or "")):
        found.append(
            (
                "food_reward",
                "The reward is food or sweets: choose a time together, a choice or an activity instead.",
            )
        )
    if THICKNESS.search(said):
        found.append(
            (
                "thickness",
                "It changes how thick a drink is. That is a swallowing decision for the "
                "child's speech therapist: leave it out, or check it with them first.",
            )
        )
    if SALT_DOUGH.search(said) and (age is None or age < 4):
        found.append(
            (
                "salt_dough",
                "Home-made salt dough can poison a toddler who eats it: suggest "
                "shop-bought playdough for children under 4.",
            )
        )
    for rule, danger, line, advice in HAZARDS:
        if danger.search(said) and not line.search(safety):
            found.append((rule, advice))
    return found


def acknowledged_text(advice):
    """Return the advice a therapist accepted, as stored with the task: one line each."""
    return join_lines(text for _, text in advice)


UNKNOWN_AGE = "The child's date of birth is not recorded, so this advice assumes a young child."


def age_in_years(born, on):
    """Return a child's age in whole years on a day (None when the date of birth is not known)."""
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def family_age(cur, family_id, on):
    """Return the family's child's age in whole years on a day (None when not recorded)."""
    found = cur.execute("SELECT date_of_birth FROM families WHERE id = ?", [family_id]).fetchone()
    return age_in_years(found[0] if found else None, on)


class SafetyNotAcknowledged(InvalidInput):
    """A task with safety advice was saved before the therapist accepted the advice."""

    def __init__(self, missing):
        super().__init__(
            "Read the safety advice and tick that you have (or change the task) before saving: "
            + " ".join(missing),
            field="safety_acknowledged",
        )
        self.missing = missing


def check_acknowledged(clean, age):
    """Return the advice for these task values, or raise SafetyNotAcknowledged when some was not accepted.

    `clean["safety_acknowledged"]` holds the advice accepted (one line each); what is stored is the
    advice that applies now, all of it accepted."""
    advice = safety_advice(clean, age)
    accepted = set(safety_lines(clean.get("safety_acknowledged")))
    missing = [text for _, text in advice if text not in accepted]
    if missing:
        raise SafetyNotAcknowledged(missing)
    return advice
