"""The intake explainer: its steps (data/explainer.json), the teach-back record and who lacks one."""

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from lib import audit, clock
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.db import transaction
from lib.errors import InvalidInput, NotFound
from lib.settings import get_setting

EXPLAINER_FILE = Path(__file__).resolve().parent.parent / "data" / "explainer.json"
_PLACEHOLDER = re.compile(r"\{(word|Word|the_word|minutes|days)\}")
# a family word that already has its own determiner: "our practice", "Lily's task"
_DETERMINED = re.compile(r"^(?:the|a|an|our|your|my|his|her|their|this|these|that|those)\b|\w's\b", re.I)
MAX_REVISIT = 500


@dataclass(frozen=True)
class Step:
    """One screen of the explainer, with the family's word and expectation filled in."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    points: tuple[str, ...] = ()
    closing: str = ""


@dataclass(frozen=True)
class ExplainerRun:
    """A recorded walk-through with its teach-back result."""

    id: int
    family_id: int
    therapist_id: int
    therapist_name: str
    run_on: date
    minutes_per_day: int | None
    days_per_week: int | None
    understood: bool
    revisit: str


@lru_cache(maxsize=4)
def load_explainer(path=EXPLAINER_FILE):
    """Return the explainer data, checking every step has a key, a title and paragraphs."""
    data = json.loads(Path(path).read_text())
    keys = [step.get("key") for step in data["steps"]]
    if len(set(keys)) != len(keys) or not all(keys):
        raise ValueError("Every explainer step needs a unique key.")
    for step in data["steps"]:
        if not step.get("title") or not step.get("paragraphs"):
            raise ValueError(f"Explainer step {step['key']} needs a title and paragraphs.")
    return data


def the_word(word):
    """Return the word as it reads after a verb or preposition: "the homework", "our practice"."""
    word = " ".join(str(word).split())
    return word if _DETERMINED.search(word) else "the " + word


def fill(text, word, minutes_per_day=None, days_per_week=None):
    """Return text with {word}, {Word}, {the_word}, {minutes} and {days} filled in (other braces untouched)."""
    values = {
        "word": word,
        "the_word": the_word(word),
        "Word": word[:1].upper() + word[1:],
        "minutes": str(minutes_per_day) if minutes_per_day else "a few",
        "days": str(days_per_week) if days_per_week else "most",
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def explainer_steps(word, minutes_per_day=None, days_per_week=None):
    """Return the explainer's steps in order, filled in for one family."""

    def f(text):
        return fill(text, word, minutes_per_day, days_per_week)

    return [
        Step(
            key=s["key"],
            title=f(s["title"]),
            paragraphs=tuple(f(p) for p in s["paragraphs"]),
            points=tuple(f(p) for p in s.get("points", ())),
            closing=f(s.get("closing", "")),
        )
        for s in load_explainer()["steps"]
    ]


def teach_back(word):
    """Return (title, intro, questions) of the teach-back check."""
    data = load_explainer()["teach_back"]
    return fill(data["title"], word), fill(data["intro"], word), [fill(q, word) for q in data["questions"]]


def rationale_text(word):
    """Return the short why-practise rationale in the given word for homework."""
    return fill(load_explainer()["rationale"], word)


def family_practice_word(cur, actor, family_id):
    """Return the family's own word for homework, else the clinic's."""
    require_family(cur, actor, family_id)
    row = cur.execute("SELECT practice_word FROM families WHERE id = ?", [family_id]).fetchone()
    if row is None:
        raise NotFound("No such family.")
    return (row[0] or "").strip() or get_setting(cur, "practice_word")


def suggested_expectation(cur, actor, family_id):
    """Return (minutes_per_day, days_per_week) to start from: the last agreement, else the active tasks."""
    last = last_explainer_run(cur, actor, family_id)
    if last and last.minutes_per_day and last.days_per_week:
        return last.minutes_per_day, last.days_per_week
    minutes, days = cur.execute(
        "SELECT sum(minutes), max(days_per_week) FROM assignments WHERE family_id = ? AND status = 'active'",
        [family_id],
    ).fetchone()
    return (min(int(minutes), 240) if minutes else 10), (int(days) if days else 5)


def _check_run(minutes_per_day, days_per_week, understood, revisit):
    try:
        minutes_per_day, days_per_week = int(minutes_per_day), int(days_per_week)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(
            "Give the minutes a day and days a week as whole numbers.", field="minutes_per_day"
        ) from None
    if not 1 <= minutes_per_day <= 240:
        raise InvalidInput("Give between 1 and 240 minutes a day.", field="minutes_per_day")
    if not 1 <= days_per_week <= 7:
        raise InvalidInput("Give between 1 and 7 days a week.", field="days_per_week")
    revisit = (revisit or "").strip()
    if len(revisit) > MAX_REVISIT:
        raise InvalidInput(f"Keep the note to {MAX_REVISIT} characters.", field="revisit")
    if not understood and not revisit:
        raise InvalidInput("Tick 'understood', or note what to go over again next time.", field="revisit")
    return minutes_per_day, days_per_week, revisit


def record_explainer_run(
    cur, actor, family_id, minutes_per_day, days_per_week, understood, revisit="", run_on=None
):
    """Record that the explainer was run with this family, with its teach-back; return the id."""
    require_family(cur, actor, family_id)
    minutes_per_day, days_per_week, revisit = _check_run(minutes_per_day, days_per_week, understood, revisit)
    run_on = run_on or clock.today()
    with transaction(cur):
        run_id = cur.execute(
            "INSERT INTO explainer_runs (family_id, therapist_id, run_on, minutes_per_day, days_per_week,"
            " understood, revisit) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [family_id, actor.id, run_on, minutes_per_day, days_per_week, bool(understood), revisit],
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "create",
            "explainer_run",
            run_id,
            family_id=family_id,
            minutes_per_day=minutes_per_day,
            days_per_week=days_per_week,
            understood=bool(understood),
        )
    return run_id


def last_explainer_run(cur, actor, family_id):
    """Return the family's most recent explainer run, or None."""
    require_family(cur, actor, family_id)
    row = cur.execute(
        "SELECT r.id, r.family_id, r.therapist_id, coalesce(u.display_name, ''), r.run_on,"
        " r.minutes_per_day, r.days_per_week, r.understood, r.revisit"
        " FROM explainer_runs r LEFT JOIN users u ON u.id = r.therapist_id"
        " WHERE r.family_id = ? ORDER BY r.run_on DESC, r.id DESC LIMIT 1",
        [family_id],
    ).fetchone()
    return ExplainerRun(*row) if row else None


def families_without_explainer(cur, actor, family_ids=None):
    """Return the set of visible active or paused families with no recorded explainer run.

    family_ids narrows the answer to those families (e.g. one caseload page); one query for all.
    """
    rows = cur.execute(
        "SELECT f.id FROM families f"
        " WHERE f.status IN ('active', 'paused')"
        "   AND f.id IN (" + VISIBLE_FAMILIES_SQL + ")"
        "   AND NOT EXISTS (SELECT 1 FROM explainer_runs r WHERE r.family_id = f.id)",
        scope(actor, family_ids),
    ).fetchall()
    return {row[0] for row in rows}
