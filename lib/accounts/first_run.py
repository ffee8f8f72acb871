"""The first-run checklist of a new clinic: what the lead still has to set up, in order."""

from dataclasses import dataclass

from lib.access import require_lead


@dataclass(frozen=True)
class Step:
    """One thing to set up: what to do, whether it is done, and the page that does it."""

    label: str
    help: str
    page: str
    done: bool


# (label, help, page, SQL counting what makes the step done); the SQL is fixed text
_STEPS = (
    (
        "Name the clinic and choose its word for practice",
        'Shown on every screen and printed sheet ("home practice", "activity of the week", ...).',
        "pages/settings.py",
        "SELECT count(*) FROM clinic_settings WHERE key IN ('clinic_name', 'practice_word')",
    ),
    (
        "Add your therapists",
        "Each therapist logs in with their own account and sees only their families.",
        "pages/therapists.py",
        "SELECT count(*) FROM users WHERE role = 'therapist' AND active",
    ),
    (
        "Add the first family",
        "Link a therapist (or yourself) to it; or import families from spreadsheets.",
        "pages/family_edit.py",
        "SELECT count(*) FROM families",
    ),
    (
        "Set the first home practice task",
        "With its barrier checklist, so the family can start ticking.",
        "pages/assignments.py",
        "SELECT count(*) FROM assignments",
    ),
)


def checklist(cur, actor):
    """Return the clinic's set-up steps with whether each is done (lead only)."""
    require_lead(actor)
    return [
        Step(label, help_text, page, cur.execute(sql).fetchone()[0] > 0)
        for label, help_text, page, sql in _STEPS
    ]
