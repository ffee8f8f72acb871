"""What a family sees of its tasks: plain-words cards, never clinical notes."""

from dataclasses import dataclass
from datetime import date, time

from lib import clock
from lib.access import require_family
from lib.assignments.records import STATE_TODAY_SQL
from lib.db import rows
from lib.words import discipline_word, schedule_words, who_word


@dataclass(frozen=True)
class TaskCard:
    """What a family sees of one task: plain words, no clinical notes."""

    title: str
    instructions: str
    who: str
    helpers: tuple[str, ...]
    minutes: int
    schedule: str
    routine: str
    routine_time: time | None
    materials: str
    reward: str
    reward_ticks: int
    days_ticked: int
    cross_note: str
    media_ref: str
    area: str
    paused: bool = False
    start_date: date | None = None
    safety: str = ""
    break_from: date | None = None  # a pause planned ahead: the task runs until this day


@dataclass(frozen=True)
class _CardRow:
    title: str
    instructions: str
    who: str
    minutes: int
    days_per_week: int
    weekdays: list[int] | None
    routine_anchor: str
    routine_time: time | None
    materials: str
    reward_plan: str
    reward_ticks: int
    cross_note: str
    media_ref: str
    discipline: str
    state: str
    paused_from: date | None
    start_date: date
    helpers: list[str] | None
    days_ticked: int
    safety: str


def family_cards(cur, actor, family_id, statuses=("active",), today=None):
    """Return a TaskCard per task of one family in one query: those whose state today is one of statuses.

    A task paused from a day still ahead is running today (lib.assignments.records.STATE_TODAY_SQL)."""
    require_family(cur, actor, family_id)
    found = rows(
        cur,
        _CardRow,
        "SELECT a.title, a.instructions, a.who, a.minutes, a.days_per_week, a.weekdays,"  # noqa: S608
        " a.routine_anchor, a.routine_time, a.materials, a.reward_plan, a.reward_ticks, a.cross_note,"
        " a.media_ref, a.discipline, " + STATE_TODAY_SQL + " AS state, a.paused_from, a.start_date,"
        " (SELECT list(c.name ORDER BY c.id) FROM caregivers c"
        "   WHERE list_contains(a.supporter_ids, c.id)) AS helpers,"
        " (SELECT count(*) FROM ticks t WHERE t.assignment_id = a.id) AS days_ticked, a.safety"
        " FROM assignments a WHERE a.family_id = $family AND list_contains($statuses, "
        + STATE_TODAY_SQL
        + ")"
        " ORDER BY a.discipline, a.start_date, a.id",
        {"family": family_id, "statuses": list(statuses), "today": today or clock.today()},
    )
    return [
        TaskCard(
            title=r.title,
            instructions=r.instructions,
            who=who_word(r.who),
            helpers=tuple(r.helpers or ()),
            minutes=r.minutes,
            schedule=schedule_words(r.days_per_week, r.weekdays),
            routine=r.routine_anchor,
            routine_time=r.routine_time,
            materials=r.materials,
            reward=r.reward_plan,
            reward_ticks=r.reward_ticks,
            days_ticked=r.days_ticked,
            cross_note=r.cross_note,
            media_ref=r.media_ref,
            area=discipline_word(r.discipline),
            paused=r.state == "paused",
            start_date=r.start_date,
            safety=r.safety,
            break_from=r.paused_from if r.state == "active" else None,
        )
        for r in found
    ]
