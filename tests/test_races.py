"""Two users on one task: a tick and an edit take turns, neither is refused (lib.db's one writer)."""

import threading
import time
from datetime import timedelta

from lib import db, ticks
from lib.errors import Conflict
from tests.factories import MONDAY, make_assignment, make_family, make_user


def version_of(cur, task):
    return cur.execute("SELECT version FROM assignments WHERE id = ?", [task]).fetchone()[0]


def test_a_tick_does_not_change_the_version_the_task_form_checks(cur):
    maya = make_user(cur, "maya")
    task = make_assignment(cur, make_family(cur, therapist=maya), maya)
    before = version_of(cur, task)
    ticks.record_tick(cur, maya, task, MONDAY + timedelta(days=1))
    assert version_of(cur, task) == before


def test_two_units_of_work_on_the_same_row_take_turns_instead_of_clashing(con):
    con.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
    con.execute("INSERT INTO counter VALUES (1, 0)")
    inside, refused = threading.Event(), []

    def first():
        with con.cursor() as cur, db.transaction(cur):
            cur.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
            inside.set()
            time.sleep(0.3)  # still open when the second one starts

    def second():
        inside.wait()
        try:
            with con.cursor() as cur, db.transaction(cur):
                cur.execute("UPDATE counter SET n = n + 1 WHERE id = 1")
        except Conflict as exc:  # without turns, DuckDB refuses it: "someone else saved this"
            refused.append(exc)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert refused == []
    assert con.execute("SELECT n FROM counter").fetchone()[0] == 2


def test_a_side_cursors_unit_of_work_inside_another_does_not_wait_for_itself(con):
    with con.cursor() as cur, db.transaction(cur):
        side = cur.cursor()
        with db.transaction(side):  # as a failed sign-in is counted apart
            side.execute("CREATE TABLE apart (n INTEGER)")
        side.close()
    assert con.execute("SELECT count(*) FROM apart").fetchone()[0] == 0


def test_two_people_ticking_the_same_day_at_once_are_both_told_it_is_saved_and_see_it_ticked(con):
    with con.cursor() as cur:
        maya = make_user(cur, "maya")
        family = make_family(cur, therapist=maya)
        task = make_assignment(cur, family, maya)
    day, start, refused = MONDAY + timedelta(days=2), threading.Barrier(2), []

    def tick():
        with con.cursor() as cur:
            start.wait()
            try:
                ticks.record_tick(cur, maya, task, day)
            except Conflict as exc:  # what used to say "the screen now shows the current version"
                refused.append(exc)

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert refused == []
    with con.cursor() as cur:
        grid = ticks.week_grid(cur, maya, family, MONDAY, today=MONDAY + timedelta(days=6))
        shown = grid[(grid["assignment_id"] == task) & (grid["day"] == day)]
        assert bool(shown["ticked"].iloc[0])  # what the grid draws after either save
