"""The planned-day rule (lib.figures.planned_days) is written once, and every reader agrees on it.

The agreement of the week summary with the live day grid after any writes is the hypothesis test
in tests/test_week_summary.py; here, the week grid and the tick check read the same days.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from lib import ticks
from lib.figures import adherence
from tests.conftest import TODAY
from tests.factories import MONDAY, add_version, make_assignment, make_family, make_user, skip

ROOT = Path(__file__).resolve().parent.parent
HOME = ROOT / "lib" / "figures" / "planned_days.py"

# The distinctive pieces of the rule: a day on one of the task's weekdays, a pause's span over
# the paused/resumed versions, and a skip day of the family or of the task covering a day.
PIECES = {
    "weekday": re.compile(r"list_contains\(\s*[\w.]*weekdays", re.I),
    "pause": re.compile(
        r"kind\s*=\s*'(paused|resumed)'|kind\s+IN\s*\(\s*'paused'\s*,\s*'resumed'\s*\)", re.I
    ),
    "skip day": re.compile(
        r"EXISTS\s*\(\s*SELECT\s+1\s+FROM\s+skip_days[^)]*assignment_id\s+IS\s+NULL\s+OR", re.I
    ),
}


def test_each_piece_of_the_planned_day_rule_is_found_in_its_one_home():
    text = HOME.read_text()
    assert [name for name, piece in PIECES.items() if not piece.search(text)] == []


def test_no_module_besides_its_home_writes_the_planned_day_rule_again():
    copies = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "lib").rglob("*.py")
        if path != HOME
        for name, piece in PIECES.items()
        if piece.search(path.read_text())
    ]
    assert copies == []


@pytest.fixture
def paused_twice(cur):
    """A daily task paused on Thu 5 Nov and resumed on Thu 12 Nov, then paused on Mon 16 Nov and
    resumed with a back-dated Tue 10 Nov: the second pause covers no day."""
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    task = make_assignment(cur, family, ot, start=MONDAY)
    for days, kind in ((3, "paused"), (10, "resumed"), (14, "paused"), (8, "resumed")):
        add_version(cur, task, MONDAY + timedelta(days=days), kind, ot)
    skip(cur, family, MONDAY + timedelta(days=1))
    return ot, family, task


def test_a_pause_lasts_until_the_resume_that_ended_it_in_the_day_grid_the_week_grid_and_the_tick_check(
    cur, paused_twice
):
    ot, family, task = paused_twice
    grid = adherence.day_grid(cur, ot, [family], MONDAY, TODAY, TODAY)
    paused = {d.date() for d in grid.loc[grid["paused"], "day"]}
    assert paused == {MONDAY + timedelta(days=k) for k in range(3, 10)}
    shown = set()
    for week in (MONDAY, MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=2)):
        week_grid = ticks.week_grid(cur, ot, family, week, today=TODAY)
        shown |= set(week_grid.loc[week_grid["state"] == "paused", "day"])
    assert shown == paused
    refused = set()
    for day in (MONDAY + timedelta(days=k) for k in range(21)):
        try:
            ticks.record_tick(cur, ot, task, day, today=TODAY)
        except ticks.TickOutsideSchedule:
            refused.add(day)
    assert refused == paused


def test_a_skip_day_is_neither_planned_nor_ticked_in_the_grid_and_shown_as_skipped_in_the_week(
    cur, paused_twice
):
    ot, family, task = paused_twice
    tuesday = MONDAY + timedelta(days=1)
    ticks.record_tick(cur, ot, task, tuesday, today=TODAY)
    grid = adherence.day_grid(cur, ot, [family], MONDAY, MONDAY + timedelta(days=6), TODAY)
    day = grid[grid["day"].dt.date == tuesday].iloc[0]
    assert (day.skipped, day.planned, day.ticked) == (True, False, False)
    week_grid = ticks.week_grid(cur, ot, family, MONDAY, today=TODAY)
    assert week_grid.loc[week_grid["day"] == tuesday, "state"].tolist() == ["skipped"]
