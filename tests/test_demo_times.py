"""The demo clinic's tasks have their routine's usual time, so its phone reminders ring (issue 24 part 5)."""

from datetime import time

from lib.demo.data import ROUTINE_TIMES, load_templates


def test_every_demo_task_has_a_usual_time(demo_cur):
    count, timed = demo_cur.execute("SELECT count(*), count(routine_time) FROM assignments").fetchone()
    assert count > 0 and timed == count


def test_each_demo_task_rings_at_its_routines_time(demo_cur):
    found = demo_cur.execute(
        "SELECT DISTINCT routine_anchor, routine_time FROM assignments WHERE routine_anchor <> ''"
    ).fetchall()
    assert found and all(ROUTINE_TIMES[anchor] == at for anchor, at in found)
    assert ROUTINE_TIMES["on the walk to school"] < time(9) < ROUTINE_TIMES["at bedtime"]


def test_every_shipped_templates_routine_has_a_demo_time():
    assert {t["routine_anchor"] for t in load_templates()} <= set(ROUTINE_TIMES)
