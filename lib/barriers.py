"""The eight barriers to home practice: asked about when a task is set, and the reasons
recorded when a task was not done (DOMAIN.md, "Barriers")."""

from dataclasses import dataclass

ANSWERS = ("ok", "risk", "not_asked")
ANSWER_LABELS = {"ok": "Fine", "risk": "A risk", "not_asked": "Not asked yet"}


@dataclass(frozen=True)
class Barrier:
    """One barrier: the question asked when setting a task, example risks, and the
    plain reason a family gives when it got in the way."""

    id: str
    name: str
    question: str
    risk_examples: tuple[str, ...]
    reason: str


BARRIERS = (
    Barrier(
        "understanding",
        "Understanding",
        "Has the family tried it here today, and is it simple enough to do without you?",
        ("not tried in the session yet", "several steps to remember", "unsure when or where to do it"),
        "We weren't sure how to do it",
    ),
    Barrier(
        "remembering",
        "Remembering",
        "How will they remember it: a sheet where they look every day, a routine it goes with, an alarm?",
        ("no sheet on the fridge", "no fixed moment in the day", "busy week ahead"),
        "We forgot",
    ),
    Barrier(
        "materials",
        "Materials",
        "Do they have everything it needs at home?",
        ("needs something they don't own", "the things are at the other parent's home"),
        "We didn't have what it needs",
    ),
    Barrier(
        "time",
        "Time",
        "Does it fit the minutes you agreed and a part of the day that already happens?",
        ("busy evenings", "shift work", "several tasks already"),
        "We didn't have time",
    ),
    Barrier(
        "help",
        "Help",
        "Who will do it with the child, and does the child need a grown-up there?",
        ("only one parent knows the task", "the helper works late", "siblings need attention too"),
        "No one was free to help",
    ),
    Barrier(
        "belief",
        "Belief",
        "How much does the caregiver expect this to help?",
        ("doubts it will make a difference", "tried something like it before"),
        "We weren't sure it would help",
    ),
    Barrier(
        "accountability",
        "Follow-up",
        "Do they know you will ask about it next time, and when the next session is?",
        ("no next session booked", "next session is weeks away"),
        "No one asked how it went",
    ),
    Barrier(
        "engagement",
        "Child's interest",
        "Will the child enjoy it or refuse it? Does it touch something they avoid (worry, pain, upset)?",
        ("finds it boring", "gets upset or scared", "says no to anything new"),
        "My child refused, was upset or found it boring",
    ),
)
BARRIER_IDS = tuple(b.id for b in BARRIERS)
_BY_ID = {b.id: b for b in BARRIERS}


def get_barrier(barrier_id):
    """Return the barrier with this id, or raise KeyError."""
    return _BY_ID[barrier_id]


def not_done_reasons():
    """Return (id, plain reason) pairs for recording why a task was not done."""
    return [(b.id, b.reason) for b in BARRIERS]


def missing_answers(answers):
    """Return the barrier ids not answered ok, or answered risk without a plan.

    answers maps barrier id -> (answer, plan)."""
    missing = []
    for barrier_id in BARRIER_IDS:
        answer, plan = answers.get(barrier_id, ("not_asked", ""))
        if answer == "ok" or (answer == "risk" and (plan or "").strip()):
            continue
        missing.append(barrier_id)
    return missing


def checklist_complete(answers):
    """Return True when every barrier is answered ok, or risk with a plan."""
    return not missing_answers(answers)
