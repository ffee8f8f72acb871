"""The week summary (migration 011) equals the figures computed from the raw ticks, after any writes.

The reference is the live day grid (adherence._DAY_GRID, the computation the summary replaced)
and the day-by-day Python habit strength; the summary is read through the figures' own functions.
"""

import re
import threading
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import assignments, db, ticks, versions
from lib.errors import DomainError
from lib.figures import adherence, scores, week_figures, week_summary
from tests.conftest import TODAY
from tests.factories import make_family, make_user

ROOT = Path(__file__).resolve().parent.parent
START = TODAY - timedelta(days=70)
WRITES = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


class _Undo(Exception):
    pass


@contextmanager
def rolled_back(cur):
    """Run the block in a transaction that is always undone (hypothesis examples share a database)."""
    try:
        with db.transaction(cur):
            yield cur
            raise _Undo
    except _Undo:
        pass


@pytest.fixture(scope="module")
def shared_cur(tmp_path_factory):
    connection = db.connect(tmp_path_factory.mktemp("summary") / "summary.duckdb")
    with connection.cursor() as cursor:
        yield cursor
    connection.close()


def live_weeks(cur, actor, family, first, last, as_of):
    """Per task per week from every day of the grid: what the summary must give."""
    params = adherence._params(actor, [family], first, last + timedelta(days=6), as_of)
    return cur.execute(
        adherence._DAY_GRID  # noqa: S608  (constants)
        + "SELECT assignment_id, week_start, planned_days, ticked_days, minutes_done"
        " FROM completion ORDER BY assignment_id, week_start",
        params,
    ).df()


def assert_summary_matches_live(cur, actor, family, as_of):
    first = adherence.week_start(START) - timedelta(weeks=1)
    last = adherence.week_start(as_of)
    summed = adherence.weekly_completion(cur, actor, [family], first, last, as_of)
    live = live_weeks(cur, actor, family, first, last, as_of)
    columns = ["assignment_id", "week_start", "planned_days", "ticked_days", "minutes_done"]
    pd.testing.assert_frame_equal(
        summed[columns].reset_index(drop=True), live[columns].reset_index(drop=True), check_dtype=False
    )
    bulk = scores.habit_strengths(cur, actor, [family], as_of)
    for task, score in zip(bulk["assignment_id"], bulk["habit_strength"], strict=True):
        series = scores.habit_strength_series(cur, actor, int(task), as_of)
        expected = series["score"].iloc[-1] if len(series) else 0.0
        assert score == pytest.approx(expected, abs=1e-9)


DAY = st.integers(0, 75)  # days before today
OPERATION = st.one_of(
    st.tuples(st.just("tick"), st.integers(0, 1), DAY, st.integers(1, 30)),
    st.tuples(st.just("untick"), st.integers(0, 1), DAY),
    st.tuples(st.just("skip"), st.sampled_from([None, 0, 1]), DAY, st.integers(1, 10)),
    st.tuples(st.just("unskip"), st.sampled_from([None, 0, 1]), DAY),
    st.tuples(st.just("pause"), st.integers(0, 1), DAY),
    st.tuples(st.just("resume"), st.integers(0, 1), DAY),
    st.tuples(st.just("schedule"), st.integers(0, 1), st.sampled_from([None, [0, 2, 4], [1, 5]])),
    st.tuples(st.just("retire"), st.integers(0, 1), DAY),
    st.tuples(st.just("read"), DAY),  # a reader brings the summary up to that day between writes
)


def _apply(cur, ot, family, tasks, op):
    kind, *args = op
    task = tasks[args[0]] if isinstance(args[0], int) and kind != "read" else None
    if kind == "tick":
        ticks.record_tick(cur, ot, task, TODAY - timedelta(days=args[1]), minutes=args[2])
    elif kind == "untick":
        ticks.remove_tick(cur, ot, task, TODAY - timedelta(days=args[1]))
    elif kind == "skip":
        first = TODAY - timedelta(days=args[1])
        ticks.add_skip_days(cur, ot, family, first, first + timedelta(days=args[2] - 1), assignment_id=task)
    elif kind == "unskip":
        ticks.remove_skip_day(cur, ot, family, TODAY - timedelta(days=args[1]), assignment_id=task)
    elif kind == "pause":
        assignments.pause_assignment(cur, ot, task, on=TODAY - timedelta(days=args[1]))
    elif kind == "resume":
        assignments.resume_assignment(cur, ot, task, on=TODAY - timedelta(days=args[1]))
    elif kind == "schedule":
        weekdays = args[1]
        changes = {"weekdays": weekdays, "days_per_week": len(weekdays) if weekdays else 4}
        assignments.revise_assignment(cur, ot, task, changes, expected_version=versions.ANY)
    elif kind == "retire":
        assignments.retire_assignment(cur, ot, task, on=TODAY - timedelta(days=args[1]))
    elif kind == "read":
        adherence.family_weekly(cur, ot, [family], START, TODAY, TODAY - timedelta(days=args[0]))


def _clinic(cur):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot, intake=START)
    values = {
        "discipline": "OT",
        "who": "child",
        "minutes": 5,
        "start_date": START,
        "routine_anchor": "at tea",
    }
    tasks = [
        assignments.create_assignment(
            cur, ot, family, {**values, "title": "Blow bubbles", "days_per_week": 7}
        ),
        assignments.create_assignment(
            cur, ot, family, {**values, "title": "Peg socks", "days_per_week": 3, "weekdays": [0, 2, 4]}
        ),
    ]
    return ot, family, tasks


@WRITES
@given(
    operations=st.lists(OPERATION, max_size=14),
    as_of_ago=st.sampled_from([0, 3, 10, 24]),
    summarised_first=st.booleans(),
)
def test_the_summary_equals_the_figures_from_raw_ticks_after_any_writes(
    shared_cur, operations, as_of_ago, summarised_first
):
    with rolled_back(shared_cur) as cur:
        ot, family, tasks = _clinic(cur)
        if summarised_first:  # every week summarised already: each write below must refresh its rows
            week_summary.ensure(cur, TODAY)
        for op in operations:
            try:
                _apply(cur, ot, family, tasks, op)
            except DomainError:
                pass  # refused (a day not tickable, a task already paused): nothing was written
        assert_summary_matches_live(cur, ot, family, TODAY - timedelta(days=as_of_ago))


def test_a_clinic_without_a_summary_is_summarised_on_first_read_as_if_kept_all_along(cur):
    ot, family, tasks = _clinic(cur)
    ticks.record_tick(cur, ot, tasks[0], TODAY - timedelta(days=20))
    week_summary.ensure(cur, TODAY)
    kept = adherence.family_weekly(cur, ot, [family], START, TODAY, TODAY)
    cur.execute("DELETE FROM week_summary")
    cur.execute("DELETE FROM week_summary_through")  # a clinic that predates migration 011
    assert cur.execute("SELECT count(*) FROM week_summary").fetchone()[0] == 0
    pd.testing.assert_frame_equal(adherence.family_weekly(cur, ot, [family], START, TODAY, TODAY), kept)
    assert cur.execute("SELECT count(*) FROM week_summary").fetchone()[0] > 0


def test_a_week_that_ends_while_nobody_writes_is_summarised_by_the_next_read(cur):
    ot, family, tasks = _clinic(cur)
    ticks.record_tick(cur, ot, tasks[0], TODAY - timedelta(days=1))
    week_summary.ensure(cur, TODAY)
    later = TODAY + timedelta(days=16)
    assert_summary_matches_live(cur, ot, family, later)
    sunday = later - timedelta(days=later.weekday() + 1)
    assert cur.execute("SELECT max(through) FROM week_summary_through").fetchone()[0] == sunday


def test_a_read_with_nothing_to_summarise_does_not_wait_for_the_writers_turn(cur):
    """Readers do not queue behind a save (tests/load measured that queue): the check needs no turn."""
    _clinic(cur)
    week_summary.ensure(cur, TODAY)
    held, release = threading.Event(), threading.Event()

    def save_elsewhere():
        with db._WRITER:
            held.set()
            release.wait(30)

    holder = threading.Thread(target=save_elsewhere)
    holder.start()
    try:
        assert held.wait(5)
        reader = threading.Thread(target=week_summary.ensure, args=(cur.cursor(), TODAY))
        reader.start()
        reader.join(timeout=5)
        assert not reader.is_alive()
    finally:
        release.set()
        holder.join()


def test_a_past_week_reads_the_same_whatever_happened_after_it(cur):
    ot, family, tasks = _clinic(cur)
    week = adherence.week_start(TODAY) - timedelta(weeks=3)
    ticks.record_tick(cur, ot, tasks[0], week + timedelta(days=2), today=TODAY)
    before = week_figures.week_figures(cur, ot, [family], week, today=TODAY)[0]
    for k in range(14, 21):  # ticks from the Monday two weeks after it on
        ticks.record_tick(cur, ot, tasks[0], week + timedelta(days=k), today=TODAY)
    ticks.add_skip_days(cur, ot, family, TODAY - timedelta(days=2), TODAY)
    after = week_figures.week_figures(cur, ot, [family], week, today=TODAY + timedelta(days=30))[0]
    columns = ["completion", "planned_days", "ticked_days", "habit_strength", "stage", "weeks_below"]
    pd.testing.assert_frame_equal(before[columns], after[columns])


def test_a_deleted_task_leaves_no_summary(cur):
    ot, family, tasks = _clinic(cur)
    week_summary.ensure(cur, TODAY)
    assignments.delete_assignment(cur, ot, tasks[1])
    left = cur.execute(
        "SELECT count(*) FROM week_summary WHERE assignment_id = ?"
        " UNION ALL SELECT count(*) FROM week_summary_through WHERE assignment_id = ?",
        [tasks[1], tasks[1]],
    ).fetchall()
    assert left == [(0,), (0,)]


# A module that writes ticks, skip days or task versions must refresh the summary in the same
# transaction: the summary would silently go stale otherwise.
WRITES_RECORDS = re.compile(
    r"(INSERT\s+(OR\s+\w+\s+)?INTO|DELETE\s+FROM|UPDATE)\s+(ticks|skip_days|assignment_versions)\b", re.I
)


def test_every_module_that_writes_ticks_skip_days_or_versions_refreshes_the_summary():
    writers = [p for p in (ROOT / "lib").rglob("*.py") if WRITES_RECORDS.search(p.read_text())]
    assert writers, "the pattern found no writer at all"
    forgetful = [
        str(p.relative_to(ROOT))
        for p in writers
        if not re.search(r"week_summary\.(refresh|refresh_family|forget|ensure)\(", p.read_text())
    ]
    assert forgetful == []
