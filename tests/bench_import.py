"""Import benchmark: big spreadsheet files previewed (or imported) in a child process.

    .venv/bin/python -m tests.bench_import [--families 20000] [--ticks 0] [--runs 3] [--write]

Writes families.csv (with caregivers.csv, links.csv and tasks.csv: 2 caregivers, 1 link and
2 tasks per family) and ticks.csv (spread over those tasks) into a temporary folder, then runs
`preview` (or `import_files` with --write) in a fresh child process per run against a new
clinic with five therapists. Prints each run's time of the import call and the child's peak
RSS (the whole process: Python, DuckDB, the files; and its peak before the call), then the best
and the median. Asserts nothing.
"""

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2026, 11, 25)
THERAPISTS = (
    ("maya.ot", "OT"),
    ("sofia.slp", "SLP"),
    ("priya.pt", "PT"),
    ("tom.slp", "SLP"),
    ("leo.ot", "OT"),
)
RELATIONS = ("mother", "father", "grandparent", "babysitter")
TASK_START = date(2026, 6, 1)


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


def generate(folder, families, ticks):
    """Write the import files for `families` families and `ticks` ticks into folder."""
    folder = Path(folder)
    names = [f"Child {i:06d}" for i in range(families)]
    _write(
        folder / "families.csv",
        ("family", "date_of_birth", "intake_date", "practice_word", "notes"),
        (
            (n, (date(2019, 1, 1) + timedelta(days=i % 1500)).isoformat(), "2026-05-04", "", f"Note {i}")
            for i, n in enumerate(names)
        ),
    )
    _write(
        folder / "caregivers.csv",
        ("family", "name", "relation", "runs_practice"),
        (
            (n, who, RELATIONS[(i + k) % 4], "yes")
            for i, n in enumerate(names)
            for k, who in enumerate(("Ann", "Bo"))
        ),
    )
    _write(
        folder / "links.csv",
        ("family", "therapist_username", "discipline"),
        ((n, *THERAPISTS[i % len(THERAPISTS)]) for i, n in enumerate(names)),
    )
    _write(
        folder / "tasks.csv",
        (
            "family",
            "title",
            "therapist_username",
            "discipline",
            "minutes",
            "days_per_week",
            "start_date",
            "who",
        ),
        (
            (
                n,
                title,
                THERAPISTS[i % len(THERAPISTS)][0],
                THERAPISTS[i % len(THERAPISTS)][1],
                5,
                5,
                TASK_START,
                "child",
            )
            for i, n in enumerate(names)
            for title in ("Peg the socks", "Blow bubbles")
        ),
    )
    days = (TODAY - TASK_START).days
    per_task = -(-ticks // max(1, 2 * families))  # ceiling
    rows = (
        (n, title, (TASK_START + timedelta(days=d)).isoformat(), 5, "sheet")
        for n in names
        for title in ("Peg the socks", "Blow bubbles")
        for d in range(min(per_task, days))
    )
    _write(folder / "ticks.csv", ("family", "task", "date", "minutes", "evidence"), _take(rows, ticks))


def _take(rows, n):
    for i, row in enumerate(rows):
        if i >= n:
            return
        yield row


def child(folder, write):
    """Run in the child: a new clinic, then one preview or import of the folder; print JSON."""
    os.environ["HOME_PRACTICE_TODAY"] = TODAY.isoformat()
    from lib import db, exchange
    from lib.models import Actor

    con = db.connect(Path(folder) / "clinic.duckdb")
    with con.cursor() as cur:
        for username, discipline in (("lead", None), *THERAPISTS):
            cur.execute(
                "INSERT INTO users (username, display_name, role, discipline, password_hash, active)"
                " VALUES (?, ?, ?, ?, 'x', TRUE)",
                [username, username.title(), "lead" if discipline is None else "therapist", discipline],
            )
        lead = Actor(
            *cur.execute("SELECT id, username, display_name, role, discipline FROM users").fetchone()
        )
        files = {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.csv"))}
        before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        run = exchange.import_files if write else exchange.preview
        report = run(cur, lead, files)
        seconds = time.perf_counter() - started
    con.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_mb": peak_mb,
                "before_mb": before_mb,
                "created": dict(report.created),
                "errors": len(report.errors),
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--families", type=int, default=20000)
    parser.add_argument("--ticks", type=int, default=0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="import instead of preview")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.write)
        return
    with tempfile.TemporaryDirectory(prefix="hp-bench-import-") as tmp:
        files = Path(tmp) / "files"
        files.mkdir()
        generate(files, args.families, args.ticks)
        size = sum(p.stat().st_size for p in files.glob("*.csv")) / 1e6
        print(f"{args.families} families, {args.ticks} ticks, {size:.1f} MB of CSV", flush=True)
        results = []
        for i in range(args.runs):
            run_dir = Path(tmp) / f"run{i}"
            run_dir.mkdir()
            for p in files.glob("*.csv"):
                (run_dir / p.name).symlink_to(p)
            cmd = [sys.executable, "-m", "tests.bench_import", "--child", str(run_dir)]
            out = subprocess.run(cmd + (["--write"] if args.write else []), capture_output=True, text=True)
            if out.returncode:
                print(out.stderr[-3000:])
                sys.exit(1)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            print(
                f"run {i + 1}: {result['seconds']:.2f} s, peak RSS {result['peak_mb']:.0f} MB"
                f" ({result['before_mb']:.0f} MB before the call),"
                f" created {result['created']}, {result['errors']} problems",
                flush=True,
            )
        times = [r["seconds"] for r in results]
        peaks = [r["peak_mb"] for r in results]
        print(
            f"time best {min(times):.2f} s, median {statistics.median(times):.2f} s;"
            f" peak RSS best {min(peaks):.0f} MB, median {statistics.median(peaks):.0f} MB"
        )


if __name__ == "__main__":
    main()
