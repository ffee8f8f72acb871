"""`make load`: the real server (`streamlit run lib/web.py`) on a demo clinic, driven by Locust at each size.

    .venv/bin/python -m tests.load.run [--clinic M] [--users 10,25,50,100] [--profile realistic]
                                       [--time 180] [--out benchmarks/load.json]

For each number of users: start the server on its own port and a database under --dir (built once
with lib.demo), run tests/load/locustfile.py headless for --time seconds, sample the server's CPU and
RSS, stop the server, then count that every tick the load was told was saved is in the database.
Prints one line per action (p50/p95/p99, errors, per second) and writes them as a JSON list.
"""

import argparse
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
TODAY = "2026-11-25"
CLINICS = {"smoke": (40, 26, 7), "S": (60, 52, 11), "M": (2000, 156, 11)}  # families, weeks, seed


def build(path, clinic):
    """Build the demo clinic at path unless it is there already."""
    if path.exists():
        return
    families, weeks, seed = CLINICS[clinic]
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "lib.demo",
            "--db",
            str(path),
            "--families",
            str(families),
            "--weeks",
            str(weeks),
        ]
        + ["--seed", str(seed), "--today", TODAY],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def fresh_copy(template, path):
    """Copy the clinic to path, without the write-ahead log a stopped server may have left there."""
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    shutil.copy(template, path)


def plan(path):
    """Return who signs in and which families each therapist may open (read before the server starts)."""
    from lib import db

    con = db.connect(path)
    try:
        rows = con.execute(
            "SELECT u.username, list(DISTINCT ft.family_id ORDER BY ft.family_id) FROM users u"
            " JOIN family_therapists ft ON ft.therapist_id = u.id AND ft.active"
            " JOIN families f ON f.id = ft.family_id AND f.status = 'active'"
            " WHERE u.role = 'therapist' AND u.active GROUP BY u.username"
        ).fetchall()
        leads = [
            r[0] for r in con.execute("SELECT username FROM users WHERE role = 'lead' AND active").fetchall()
        ]
    finally:
        con.close()
    return {"therapists": {name: ids for name, ids in rows}, "leads": leads, "password": "demo"}


def count_found(path, ticks):
    """Return how many of the (assignment_id, day) ticks are in the database at path."""
    from lib import db

    con = db.connect(path)
    try:
        found = con.execute(
            "SELECT count(*) FROM ticks t JOIN (SELECT unnest(?) AS a, unnest(?)::DATE AS d) k"
            " ON t.assignment_id = k.a AND t.practice_date = k.d",
            [[a for a, _ in ticks], [d for _, d in ticks]],
        ).fetchone()[0]
    finally:
        con.close()
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path, log):
    """Start `streamlit run lib/web.py` as `make run` does, on path; return (process, url)."""
    port = free_port()
    env = {**os.environ, "HOME_PRACTICE_DB": str(path), "HOME_PRACTICE_TODAY": TODAY}
    env.pop("HOME_PRACTICE_TESTING", None)  # a real server: only the cookie signs anyone in
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "lib/web.py", "--server.headless", "true"]
        + ["--server.port", str(port), "--server.address", "127.0.0.1"]
        + ["--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit(f"the server did not start; see {log.name}")


class Sampler(threading.Thread):
    """Samples a process's RSS every half second; cpu() gives its CPU share since start."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.proc = psutil.Process(pid)
        self.peak_mb = 0.0
        self.stop = threading.Event()
        times = self.proc.cpu_times()
        self.cpu0, self.wall0 = times.user + times.system, time.monotonic()

    def run(self):
        while not self.stop.wait(0.5):
            try:
                self.peak_mb = max(self.peak_mb, self.proc.memory_info().rss / 2**20)
            except psutil.Error:
                return

    def cpu(self):
        """Return the server's CPU seconds since start and their share of one core, in %."""
        times = self.proc.cpu_times()
        seconds = times.user + times.system - self.cpu0
        return seconds, 100 * seconds / (time.monotonic() - self.wall0)


def run_locust(url, users, seconds, profile, plan_file, ticks_file, prefix, log, classes=()):
    env = {**os.environ, "LOAD_PROFILE": profile, "LOAD_PLAN": str(plan_file), "LOAD_TICKS": str(ticks_file)}
    env["HOME_PRACTICE_TODAY"] = TODAY  # the server's day: the users' weeks are counted from it
    rate = max(1, users // 25)  # people arriving: one a second up to 25 users, four a second at 100
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
        + ["-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--stop-timeout", "20"]
        + ["--host", url, "--csv", str(prefix), "--loglevel", "WARNING", *classes],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        timeout=seconds + 300,
    )


def read_stats(prefix):
    """Return the Locust CSV's rows per action (the Aggregated row left out) and its failure messages."""
    with open(f"{prefix}_stats.csv") as f:
        rows = [r for r in csv.DictReader(f) if r["Name"] != "Aggregated"]
    failures = []
    if Path(f"{prefix}_failures.csv").exists():
        with open(f"{prefix}_failures.csv") as f:
            failures = [f"{r['Name']}: {r['Error']} (x{r['Occurrences']})" for r in csv.DictReader(f)]
    return rows, failures


def one_size(path, users, args, work):
    """Run one size; return (JSON rows, ticks acknowledged, ticks found, failure messages)."""
    plan_file, ticks_file, prefix = (
        work / "plan.json",
        work / f"ticks-{users}.jsonl",
        work / f"locust-{users}",
    )
    plan_file.write_text(json.dumps(plan(path)))
    with open(work / f"server-{users}.log", "w") as log:
        proc, url = start_server(path, log)
        sampler = Sampler(proc.pid)
        sampler.start()
        spy = None
        if args.py_spy:  # the server's stacks over the whole size, as collapsed stacks (flame graph input)
            spy = subprocess.Popen(
                [str(Path(sys.executable).with_name("py-spy")), "record", "-p", str(proc.pid), "-r", "50"]
                + ["-d", str(args.time), "-f", "raw", "-o", f"{args.py_spy}-{users}.txt"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        try:
            with open(work / f"locust-{users}.log", "w") as locust_log:
                run_locust(
                    url,
                    users,
                    args.time,
                    args.profile,
                    plan_file,
                    ticks_file,
                    prefix,
                    locust_log,
                    args.classes,
                )
            cpu_s, cpu = sampler.cpu()
            if spy is not None:
                spy.wait(timeout=120)
        finally:
            sampler.stop.set()
            proc.terminate()
            proc.wait(timeout=60)
    ticks = (
        [tuple(json.loads(line)) for line in ticks_file.read_text().splitlines()]
        if ticks_file.exists()
        else []
    )
    found = count_found(path, ticks) if ticks else 0
    stats, failures = read_stats(prefix)
    runs = sum(int(r["Request Count"]) for r in stats) or 1
    rows = [
        {
            "profile": args.profile,
            "users": users,
            "action": r["Name"],
            "runs": int(r["Request Count"]),
            "p50_ms": float(r["50%"] or 0),
            "p95_ms": float(r["95%"] or 0),
            "p99_ms": float(r["99%"] or 0),
            "errors": int(r["Failure Count"]),
            "per_s": round(float(r["Requests/s"]), 2),
            "rss_mb": round(sampler.peak_mb),
            "cpu_pct": round(cpu),
            "cpu_ms_per_action": round(1000 * cpu_s / runs),  # the server's CPU: robust on a busy machine
            "load_avg": round(os.getloadavg()[0], 2),
        }
        for r in stats
    ]
    return rows, len(ticks), found, failures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinic", default="M", choices=sorted(CLINICS))
    parser.add_argument("--users", default="10,25,50,100")
    parser.add_argument("--profile", default="realistic", choices=["realistic", "stress"])
    parser.add_argument("--time", type=int, default=180, help="seconds per size")
    parser.add_argument("--dir", default="/tmp/home_practice_load")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "load.json"))
    parser.add_argument("--py-spy", help="profile the server with py-spy into PREFIX-<users>.txt")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any failed action too")
    parser.add_argument("classes", nargs="*", help="only these users (Therapist, Lead, InSession)")
    args = parser.parse_args(argv)
    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    template = work / f"{args.clinic}.duckdb"
    build(template, args.clinic)
    path = work / f"{args.clinic}-run.duckdb"  # the load writes ticks: a copy, so every run starts alike
    fresh_copy(template, path)
    print(
        f"clinic {args.clinic} ({CLINICS[args.clinic][0]} families), profile {args.profile}, {args.time} s per size"
    )
    print(f"{'users':>5} {'action':34} {'runs':>5} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4} {'/s':>6}")
    results, failed = [], False
    for users in [int(u) for u in args.users.split(",")]:
        before = os.getloadavg()[0]
        rows, acknowledged, found, failures = one_size(path, users, args, work)
        for r in rows:
            print(
                f"{users:>5} {r['action']:34} {r['runs']:>5} {r['p50_ms']:>7.0f} {r['p95_ms']:>7.0f}"
                f" {r['p99_ms']:>7.0f} {r['errors']:>4} {r['per_s']:>6.2f}"
            )
        total = sum(r["per_s"] for r in rows)
        peak = rows[0]["rss_mb"] if rows else 0
        cpu = rows[0]["cpu_pct"] if rows else 0
        per_action = rows[0]["cpu_ms_per_action"] if rows else 0
        print(
            f"{users:>5} users: {total:.2f} actions/s, server CPU {cpu}% of a core ({per_action} ms per action),"
            f" peak RSS {peak} MB,"
            f" load average {before:.2f} before / {os.getloadavg()[0]:.2f} after"
        )
        lost = acknowledged - found
        failed |= lost > 0 or (args.strict and any(r["errors"] for r in rows)) or not rows
        print(
            f"{users:>5} users: {acknowledged} ticks acknowledged, {found} in the database: "
            + ("none lost" if not lost else f"{lost} LOST")
        )
        for line in failures[:10]:
            print(f"      failure: {line}")
        results += rows
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
