"""The eight barriers to home practice, asked about when a task is set (DOMAIN.md, "Barriers").

Why a task was not done is recorded with the guide's own reasons (data/guide.json)."""

from dataclasses import dataclass

ANSWERS = ("ok", "risk", "not_asked")
ANSWER_LABELS = {"ok": "Fine", "risk": "A risk", "not_asked": "Not asked yet"}


@dataclass(frozen=True)
class Barrier:
    """One barrier: the question asked when setting a task, and example risks."""

    id: str
    name: str
    question: str
    risk_examples: tuple[str, ...]


BARRIERS = (
    Barrier(
        "understanding",
        "Understanding",
        "Has the family tried it here today, and is it simple enough to do without you?",
        ("not tried in the session yet", "several steps to remember", "unsure when or where to do it"),
    ),
    Barrier(
        "remembering",
        "Remembering",
        "How will they remember it: a sheet where they look every day, a routine it goes with, an alarm?",
        ("no sheet on the fridge", "no fixed moment in the day", "busy week ahead"),
    ),
    Barrier(
        "materials",
        "Materials and kit",
        "Do they have everything it needs at home, kept together in the kit box or bag? "
        "What does the clinic lend, and where can they get the rest?",
        (
            "needs something they don't own",
            "the things are at the other parent's home",
            "no box or bag to keep it all in",
        ),
    ),
    Barrier(
        "time",
        "Time",
        "Does it fit the minutes you agreed and a part of the day that already happens?",
        ("busy evenings", "shift work", "several tasks already"),
    ),
    Barrier(
        "help",
        "Help",
        "Who will do it with the child, and does the child need a grown-up there?",
        ("only one parent knows the task", "the helper works late", "siblings need attention too"),
    ),
    Barrier(
        "belief",
        "Belief",
        "How much does the caregiver expect this to help?",
        ("doubts it will make a difference", "tried something like it before"),
    ),
    Barrier(
        "accountability",
        "Follow-up",
        "Do they know you will ask about it next time, and when the next session is?",
        ("no next session booked", "next session is weeks away"),
    ),
    Barrier(
        "engagement",
        "Child's interest",
        "Will the child enjoy it or refuse it? Does it touch something they avoid (worry, pain, upset)?",
        ("finds it boring", "gets upset or scared", "says no to anything new"),
    ),
)
BARRIER_IDS = tuple(b.id for b in BARRIERS)


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
