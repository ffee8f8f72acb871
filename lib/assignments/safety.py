"""A task's safety lines: a field of their own, told apart from "what to do" by one tested rule.

A safety line is a sentence that keeps the child safe while practising ("A grown-up stays at the
table the whole time.", "Stop if their arms shake."). It lives in the task's `safety` field, one
line per point, so every paper and screen prints all of it, whatever a layout cuts.

SENTENCE and SAFETY_SENTENCE are plain regular expressions that Python and DuckDB (RE2) read the
same way: migration 018 moved the safety sentences of the tasks and templates already saved with
these very patterns (tests/test_safety_lines.py checks the migration and this module agree).
"""

import re

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
