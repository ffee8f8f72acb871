"""The tests' one set of factories: users, families, tasks, ticks, skip days, pauses and sheets.

Rows are written with plain SQL (no lib.assignments), so a bug in a domain writer cannot hide
behind the factory that sets up its test.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from lib import db
from lib.accounts.auth import hash_password
from lib.figures import week_summary
from lib.models import Actor
from lib.printables import FamilySheet, SheetTask

ROOT = Path(__file__).resolve().parent.parent
FAST_HASH = hash_password("password1")  # one real hash, reused by every user
MONDAY = date(2026, 11, 2)  # a Monday; the week of 2-8 Nov 2026

# what a therapist writes on a finished task, for tests that print or explain it
DETAILS = {
    "instructions": "Pick up small pieces one at a time.",
    "routine_anchor": "at snack time",
    "materials": "cereal rings and a cup",
    "reward_plan": "5 ticks -> a trip to the park",
}


# a whole task as the task form sends it (lib.assignments.create_assignment), set on `MONDAY`
NEW_TASK = {
    "title": "Stack five blocks",
    "instructions": "Stack five blocks, then knock them down.",
    "discipline": "OT",
    "who": "child",
    "minutes": 5,
    "days_per_week": 7,
    "weekdays": None,
    "start_date": MONDAY,
    "routine_anchor": "after breakfast",
    "routine_time": time(8, 0),
    "materials": "",
    "practised_in_session": True,
    "family_chose": True,
}


def schema_before(version):
    """Return an in-memory database with the migrations before `version` applied (an old clinic)."""
    import duckdb

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    for found, name, sql in db.migrations():
        if found < version:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [found, name])
    return con


def make_user(cur, username="therapist", role="therapist", discipline="OT", active=True):
    """Insert a user with password 'password1' and return its Actor."""
    user_id = cur.execute(
        "INSERT INTO users (username, display_name, role, discipline, password_hash, active)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [username, username.title(), role, discipline, FAST_HASH, active],
    ).fetchone()[0]
    return Actor(user_id, username, username.title(), role, discipline)


def make_lead(cur):
    """Return the Actor of the clinic's first lead (the demo has one)."""
    row = cur.execute(
        "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'lead' ORDER BY id"
    ).fetchone()
    return Actor(*row)


def make_family(cur, name="Sam K.", therapist=None, discipline="OT", intake=date(2026, 9, 1)):
    """Insert a family, linked to a therapist when given, and return its id."""
    family_id = cur.execute(
        "INSERT INTO families (display_name, intake_date) VALUES (?, ?) RETURNING id", [name, intake]
    ).fetchone()[0]
    if therapist is not None:
        cur.execute(
            "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, ?)",
            [family_id, therapist.id, discipline],
        )
    return family_id


def session_actor(actor, family_id):
    """Return the actor restricted to one family, as the app's sign-in gives it while a session is on screen."""
    return replace(actor, session_family_id=int(family_id))


def make_caregiver(cur, family_id, name="Alex", relation="mother"):
    return cur.execute(
        "INSERT INTO caregivers (family_id, name, relation) VALUES (?, ?, ?) RETURNING id",
        [family_id, name, relation],
    ).fetchone()[0]


def make_assignment(
    cur,
    family_id,
    therapist,
    title="Blow bubbles",
    *,
    start=MONDAY,
    end=None,
    days_per_week=None,
    weekdays=None,
    minutes=5,
    discipline=None,
    reissued_from=None,
    **columns,
):
    """Insert a task and its first version ('created', or 'reissued'); return its id.

    days_per_week defaults to the number of weekdays given, else 7 (daily). Other columns
    (status, reward_plan, instructions, ...) pass through as keywords.
    """
    row = {
        "family_id": family_id,
        "therapist_id": therapist.id,
        "created_by": therapist.id,
        "discipline": discipline or therapist.discipline or "OT",
        "title": title,
        "minutes": minutes,
        "days_per_week": days_per_week or (len(weekdays) if weekdays else 7),
        "weekdays": weekdays,
        "start_date": start,
        "end_date": end,
        "reissued_from": reissued_from,
        **columns,
    }
    # column names come from this helper's own keys and its callers' keywords, never from input
    task_id = cur.execute(
        "INSERT INTO assignments (" + ", ".join(row) + ") VALUES (" + ", ".join("?" * len(row)) + ")"  # noqa: S608
        " RETURNING id",
        list(row.values()),
    ).fetchone()[0]
    add_version(cur, task_id, start, "reissued" if reissued_from else "created", therapist)
    return task_id


def add_version(cur, assignment_id, day, kind, therapist=None, reason=""):
    """Append an assignment_versions row (paused, resumed, made_easier, ...)."""
    version = cur.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM assignment_versions WHERE assignment_id = ?",
        [assignment_id],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, reason, changed_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [assignment_id, version, day, kind, reason, therapist.id if therapist else 1],
    )
    week_summary.refresh(cur, [assignment_id])  # what every writer of a version does


def pause(cur, task_id, paused_on, resumed_on=None):
    """Record a pause (and optionally its resumption) as assignment versions."""
    add_version(cur, task_id, paused_on, "paused")
    if resumed_on:
        add_version(cur, task_id, resumed_on, "resumed")


def tick(cur, task_id, *days, minutes=5):
    """Record ticks for a task on the given days."""
    family_id = cur.execute("SELECT family_id FROM assignments WHERE id = ?", [task_id]).fetchone()[0]
    for day in days:
        cur.execute(
            "INSERT INTO ticks (assignment_id, practice_date, family_id, minutes, entered_by) VALUES (?, ?, ?, ?, 1)",
            [task_id, day, family_id, minutes],
        )
    if days:
        week_summary.refresh(cur, [task_id], min(days), max(days))  # what every writer of ticks does


def skip(cur, family_id, *days, task_id=None, reason="illness"):
    """Record skip days for the family (or for one of its tasks)."""
    for day in days:
        cur.execute(
            "INSERT INTO skip_days (family_id, assignment_id, day, reason, entered_by) VALUES (?, ?, ?, ?, 1)",
            [family_id, task_id, day, reason],
        )
    if days and task_id is None:
        week_summary.refresh_family(cur, family_id, min(days), max(days))
    elif days:
        week_summary.refresh(cur, [task_id], min(days), max(days))


def days(first, count):
    """Return `count` consecutive dates from first."""
    return [first + timedelta(days=k) for k in range(count)]


# --- printed sheets and calendars, as data ---------------------------------------------

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


def make_sheet_task(**changes):
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
        next_sessions=((datetime(2026, 12, 1, 16, 0), "Maya Okafor", "OT"),),
    )
    return replace(sheet, **changes)


# --- the app as one user, through AppTest ----------------------------------------------


def query(path, sql, params=()):
    """Run one query on the database file at path (the app holds no connection between runs)."""
    con = db.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def user_id(path, username):
    return query(path, "SELECT id FROM users WHERE username = ?", [username])[0][0]


def tried_initial_path(path):
    """Give long-low families the best practice chronic needs, in their episode (so chronic can follow).

    For each family initial for 6 weeks or more: an initial-path run that changed the plan (re-issue)
    in the episode's first low week, the intake explainer with minutes and days that fit its tasks,
    and a complete barrier checklist for its open tasks (tests/chronic_gate.py's best practice)."""
    from lib import db
    from lib.assignments.barriers import BARRIER_IDS
    from lib.figures.caseload import last_complete_week, stages
    from tests.conftest import TODAY

    week = last_complete_week(TODAY)
    con = db.connect(path)
    with con.cursor() as cur:
        lead = make_lead(cur)
        table = stages(cur, lead, None, week)
        long_low = table[(table["stage"] == "initial") & (table["weeks_below"] >= 6)]
        for family_id, weeks_below in zip(long_low["family_id"], long_low["weeks_below"], strict=True):
            family_id = int(family_id)
            therapist = cur.execute(
                "SELECT therapist_id FROM family_therapists WHERE family_id = ? ORDER BY therapist_id LIMIT 1",
                [family_id],
            ).fetchone()[0]
            episode_start = week - timedelta(weeks=int(weeks_below) - 1)
            cur.execute(
                "INSERT INTO guide_runs (family_id, therapist_id, run_on, stage, path, actions)"
                " VALUES (?, ?, ?, 'initial', 'initial', ['reissue'])",
                [family_id, therapist, episode_start],
            )
            cur.execute(
                "INSERT INTO explainer_runs (family_id, therapist_id, run_on, minutes_per_day, days_per_week,"
                " understood) SELECT ?, ?, ?, coalesce(sum(minutes), 0), 7, TRUE FROM assignments"
                " WHERE family_id = ? AND status = 'active'",
                [family_id, therapist, episode_start - timedelta(weeks=2), family_id],
            )
            for (task_id,) in cur.execute(
                "SELECT id FROM assignments WHERE family_id = ? AND status = 'active'", [family_id]
            ).fetchall():
                for barrier in BARRIER_IDS:
                    cur.execute(
                        "INSERT OR REPLACE INTO barrier_answers (assignment_id, barrier, answer, plan)"
                        " VALUES (?, ?, 'ok', '')",
                        [task_id, barrier],
                    )
    con.execute("CHECKPOINT")
    con.close()
