"""Scale benchmark: a big clinic (2,000 families, 3 years of daily ticks) through the hot paths.

    .venv/bin/python -m tests.bench_scale [--families 2000] [--weeks 156] [--db PATH] [--repeat 3]

Prints figures (seconds); it asserts nothing, so a noisy machine never fails a build.
The database is built once at PATH (default /tmp/home_practice_bench.duckdb) and reused.
"""

import argparse
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from lib import db, ticks
from lib.demo.clinic import build_demo
from lib.figures import adherence, caseload, scores
from lib.models import Actor

TODAY = date(2026, 11, 25)


def timed(label, repeat, fn):
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    print(f"{label:<58} median {statistics.median(runs):7.3f} s   (min {min(runs):.3f}, n={repeat})")
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=156)
    parser.add_argument("--db", default="/tmp/home_practice_bench.duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    path = Path(args.db)
    if not path.exists():
        con = db.connect(path)
        start = time.perf_counter()
        build_demo(con, args.families, args.weeks, seed=11, today=TODAY)
        con.execute("CHECKPOINT")
        print(f"{'build demo clinic (bulk insert)':<58} {time.perf_counter() - start:7.3f} s")
        con.close()
    con = db.connect(path)
    cur = con.cursor()
    tables = ("families", "assignments", "ticks")  # constant names, no input
    counts = {t: cur.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in tables}  # noqa: S608
    print("rows:", counts)
    lead = Actor(
        *cur.execute(
            "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'lead'"
        ).fetchone()
    )
    therapist = Actor(
        *cur.execute(
            "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'therapist' ORDER BY id LIMIT 1"
        ).fetchone()
    )
    family = cur.execute(
        "SELECT family_id FROM assignments GROUP BY family_id ORDER BY count(*) DESC, family_id LIMIT 1"
    ).fetchone()[0]
    task = cur.execute(
        "SELECT id FROM assignments WHERE family_id = ? ORDER BY id LIMIT 1", [family]
    ).fetchone()[0]
    week = caseload.last_complete_week(TODAY)
    r = args.repeat

    view = timed("caseload overview, lead, whole clinic", r, lambda: caseload.overview(cur, lead, week))
    print(f"{'':<4}-> {len(view.table)} families in the table")
    timed("caseload overview, one therapist", r, lambda: caseload.overview(cur, therapist, week))
    timed(
        "family weekly completion, whole clinic, 12 weeks",
        r,
        lambda: adherence.family_weekly(cur, lead, None, week - timedelta(weeks=11), week, TODAY),
    )
    timed(
        "habit strength, whole clinic (SQL, 365-day horizon)",
        r,
        lambda: scores.habit_strengths(cur, lead, None, TODAY),
    )
    timed(
        "period adherence, whole clinic, 3 years",
        r,
        lambda: adherence.period_adherence(cur, lead, None, TODAY - timedelta(weeks=156), TODAY, TODAY),
    )
    timed(
        "one family: weekly completion per discipline, 26 weeks",
        r,
        lambda: adherence.discipline_weekly(cur, lead, family, TODAY - timedelta(weeks=26), TODAY, TODAY),
    )
    timed(
        "one family: day grid, 26 weeks",
        r,
        lambda: adherence.day_grid(cur, lead, [family], TODAY - timedelta(weeks=26), TODAY, TODAY),
    )
    timed(
        "one task: habit strength series (whole history)",
        r,
        lambda: scores.habit_strength_series(cur, lead, task, TODAY),
    )
    timed("one family: tick week grid", r, lambda: ticks.week_grid(cur, lead, family, week, today=TODAY))
    con.close()


if __name__ == "__main__":
    main()
