"""The rules a family, caregiver or therapist link must meet before anything is written."""

from datetime import date

from lib.errors import InvalidInput
from lib.inputs import Problems
from lib.words import DISCIPLINES

RELATIONS = (
    "mother",
    "father",
    "grandparent",
    "babysitter",
    "older sibling",
    "teacher",
    "other therapist",
    "other",
)
MAX_NAME = 80
MAX_NOTES = 2000
MAX_WORD = 40


def _clean_name(value, field, what="a name"):
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"Please give {what}.", field=field)
    if len(value) > MAX_NAME:
        raise InvalidInput(f"Keep {what} to {MAX_NAME} characters (this one has {len(value)}).", field=field)
    return value


def clean_family(display_name, intake_date, date_of_birth, notes, practice_word, today, problems=None):
    """Return (name, notes, word) checked; raise InvalidInput with every field's problem at once.

    Given `problems` (lib.inputs.Problems), keep them there instead of raising (None for a bad value)."""
    own = problems is None
    problems = Problems() if own else problems
    name = word = None
    with problems.check():
        name = _clean_name(display_name, "display_name", "the child's name or initials")
    with problems.check():
        if not isinstance(intake_date, date):
            raise InvalidInput("Please give the intake date.", field="intake_date")
    with problems.check():
        if date_of_birth is not None:
            if date_of_birth > today:
                raise InvalidInput("The date of birth cannot be in the future.", field="date_of_birth")
            if isinstance(intake_date, date) and date_of_birth > intake_date:
                raise InvalidInput("The date of birth must be before the intake date.", field="date_of_birth")
    notes = (notes or "").strip()
    with problems.check():
        if len(notes) > MAX_NOTES:
            raise InvalidInput(
                f"Notes can hold up to {MAX_NOTES:,} characters; these have {len(notes):,}. Please shorten them.",
                field="notes",
            )
    with problems.check():
        word = (practice_word or "").strip() or None
        if word is not None and len(word) > MAX_WORD:
            raise InvalidInput(f"Keep the word for practice to {MAX_WORD} characters.", field="practice_word")
    if own:
        problems.raise_any()
    return name, notes, word


def clean_caregiver(name, relation):
    name = _clean_name(name, "name", "the caregiver's name")
    if relation not in RELATIONS:
        raise InvalidInput("Choose a relation from the list.", field="relation")
    return name


def check_unique_caregiver(cur, family_id, name, except_id=None):
    taken = cur.execute(
        "SELECT count(*) FROM caregivers WHERE family_id = ? AND active AND lower(name) = lower(?)"
        " AND id IS DISTINCT FROM ?",
        [family_id, name, except_id],
    ).fetchone()[0]
    if taken:
        raise InvalidInput(f"This family already has a caregiver called {name}.", field="name")


def check_therapist(cur, therapist_id, discipline):
    if discipline not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")
    row = cur.execute("SELECT active FROM users WHERE id = ?", [therapist_id]).fetchone()
    if row is None:
        raise InvalidInput("Choose a therapist from the list.", field="therapist")
    if not row[0]:
        raise InvalidInput("That account is deactivated: choose an active therapist.", field="therapist")
