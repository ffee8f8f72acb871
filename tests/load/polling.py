"""What one open family screen costs the server: its CPU while K windows poll every 1.5 s.

    .venv/bin/python -m tests.load.polling [--clinic M] [--windows 4] [--time 30]

Starts the server, signs K therapists in, starts a session each (as the session page does) and
opens its family screen; then measures the server's CPU seconds over --time seconds idle, and over
--time seconds while every window asks for its fragment's rerun each 1.5 s, as the browser does.
CPU seconds, not latency: the figure holds on a busy machine.
"""

import locust  # noqa: F401, I001  (first: gevent patches ssl before requests is imported)

import argparse
import json
import subprocess
import sys
import time

import psutil
import requests

from tests.load import run
from tests.load.locustfile import COOKIE, SESSION_LINK, Tab, trigger


def open_screen(url, username, family):
    """Sign in, start a session with family and open its family screen; return that window."""
    answer = requests.post(
        url + "/login",
        data={"username": username, "password": "demo", "next": "/"},
        headers={"Origin": url},
        allow_redirects=False,
        timeout=60,
    )
    token = answer.cookies[COOKIE]
    tab = Tab(url, token)
    tab.run()
    tab.run("session", f"family={family}")
    tab.click(trigger(tab.widget("start_other")), not_found_ok=True)
    screen = Tab(url, token)
    screen.run("", f"screen=family&session={SESSION_LINK.search(tab.raw).group(1).decode()}")
    return tab, screen


def cpu_seconds(proc):
    times = proc.cpu_times()
    return times.user + times.system


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clinic", default="M", choices=sorted(run.CLINICS))
    parser.add_argument("--windows", type=int, default=4)
    parser.add_argument("--time", type=int, default=30)
    parser.add_argument("--dir", default="/tmp/home_practice_load")
    parser.add_argument(
        "--py-spy", dest="spy", help="also profile the server while polling (collapsed stacks)"
    )
    args = parser.parse_args(argv)
    work = run.Path(args.dir)
    template = work / f"{args.clinic}.duckdb"
    run.build(template, args.clinic)
    path = work / f"{args.clinic}-polling.duckdb"
    run.fresh_copy(template, path)
    therapists = run.plan(path)["therapists"]
    with open(work / "server-polling.log", "w") as log:
        proc, url = run.start_server(path, log)
    try:
        server = psutil.Process(proc.pid)
        names = sorted(therapists)
        opened = [
            open_screen(url, names[i % len(names)], therapists[names[i % len(names)]][i])
            for i in range(args.windows)
        ]
        before = cpu_seconds(server)
        time.sleep(args.time)
        idle = cpu_seconds(server) - before
        spy = None
        if args.spy:
            spy = subprocess.Popen(
                [str(run.Path(sys.executable).with_name("py-spy")), "record", "-p", str(proc.pid)]
                + ["-d", str(args.time), "-r", "50", "-f", "raw", "-o", args.spy, "-s"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        polls, before, end = 0, cpu_seconds(server), time.monotonic() + args.time
        while time.monotonic() < end:
            tick = time.monotonic()
            for _, screen in opened:
                screen.poll()
                polls += 1
            time.sleep(max(0.0, 1.5 - (time.monotonic() - tick)))
        busy = cpu_seconds(server) - before
        if spy is not None:
            spy.wait(timeout=120)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    per_poll = (busy - idle) / polls
    result = {
        "windows": args.windows,
        "seconds": args.time,
        "polls": polls,
        "cpu_ms_per_poll": round(1000 * per_poll, 1),
        "core_pct_per_window": round(100 * per_poll / 1.5, 1),  # one poll each 1.5 s
        "load_avg": round(run.os.getloadavg()[0], 2),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
