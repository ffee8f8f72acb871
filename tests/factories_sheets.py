"""Factories for the explainer, printables and reminders tests: assignments by SQL, sheets as data."""

from dataclasses import replace
from datetime import date, datetime, time

from lib.printables import FamilySheet, SheetTask


def make_assignment(cur, family_id, therapist, **values):
    """Insert an active assignment row with SQL (no dependency on lib.assignments); return its id."""
    row = {
        "discipline": therapist.discipline or "OT",
        "title": "Pick up snack pieces",
        "instructions": "Pick up small pieces one at a time.",
        "minutes": 5,
        "days_per_week": 7,
        "weekdays": None,
        "start_date": date(2026, 11, 2),
        "routine_anchor": "at snack time",
        "materials": "cereal rings and a cup",
        "reward_plan": "5 ticks -> a trip to the park",
        **values,
    }
    columns = ["family_id", "therapist_id", "created_by", *row]
    params = [family_id, therapist.id, therapist.id, *row.values()]
    # column names come from this helper's own keys, never from input
    return cur.execute(
        "INSERT INTO assignments (" + ", ".join(columns) + ") VALUES (" + ", ".join("?" * len(columns)) + ")"  # noqa: S608
        " RETURNING id",
        params,
    ).fetchone()[0]


def make_caregiver(cur, family_id, name="Gran", relation="grandparent"):
    return cur.execute(
        "INSERT INTO caregivers (family_id, name, relation) VALUES (?, ?, ?) RETURNING id",
        [family_id, name, relation],
    ).fetchone()[0]


TASK = SheetTask(
    id=1,
    discipline="OT",
    therapist="Maya Okafor",
    title="Peg the socks",
    instructions="Squeeze the pegs open and clip the socks on the basket.",
    who="child",
    minutes=5,
    days_per_week=3,
    weekdays=(0, 2, 4),
    start_date=date(2026, 11, 2),
    end_date=None,
    review_date=date(2026, 12, 18),
    routine_anchor="on laundry day",
    routine_time=time(17, 30),
    materials="clothes pegs and socks",
    supporters=("Gran",),
    reward_plan="5 ticks -> an extra story",
    reward_ticks=5,
    cross_note="Your child checks that Mum did her breathing task",
)


def make_task(**changes):
    return replace(TASK, **changes)


def make_sheet(*tasks, **changes):
    sheet = FamilySheet(
        family_id=7,
        family_name="Ava B.",
        word="home practice",
        clinic_name="Riverside Children's Therapy",
        timezone="Europe/London",
        tasks=tasks or (TASK,),
        caregivers=(("Gran", "grandparent"),),
        therapists=(("Maya Okafor", "OT"),),
        next_session=datetime(2026, 12, 1, 16, 0),
        next_session_with="Maya Okafor (OT)",
    )
    return replace(sheet, **changes)
