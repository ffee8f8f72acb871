"""Cold start and memory of the real app: `make run`'s steps to the first page and to the caseload.

    .venv/bin/python -m tests.bench_start [--sizes M,L] [--dir /tmp/home_practice_bench] [--repeat 3]

For each size's demo clinic (built by tests.bench_pages, reused when present) it does what
`make run` does on an existing database (`python -m lib.demo --if-missing`, then `streamlit
run lib/web.py`) and, in headless Chromium with a fresh profile, times from that start to the
first page (the sign-in form) and, signing the lead in at once, to the caseload table on
screen. It then opens a therapist's caseload in a second browser and reads the server's peak
RSS (VmHWM). Figures are medians of --repeat fresh servers; it prints them and adds them to
BENCH_JSON (default benchmarks/latest.json). It asserts nothing.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.bench_pages import ROOT, SIZES, build

USERS = ("lead", "maya.ot")  # the demo's lead, and a therapist


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def one_start(path, browser):
    """Return (seconds to the sign-in page, seconds to the lead's first caseload, peak RSS in MB
    after a therapist's caseload too)."""
    from tests.e2e.conftest import fill_login, login, start_server, stop_server

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lib.demo", "--if-missing", "--db", str(path)], check=True, cwd=ROOT
    )
    proc, url = start_server(path)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url + "/")
        page.get_by_role("button", name="Log in").wait_for(timeout=120_000)
        sign_in_page = time.perf_counter() - started
        fill_login(page, USERS[0])
        page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=120_000)
        first = time.perf_counter() - started
        other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        login(other, url, USERS[1])
        other.locator("[data-testid=stDataFrame]").first.wait_for(timeout=120_000)
        return sign_in_page, first, peak_rss_mb(proc.pid)
    finally:
        context.close()
        stop_server(proc)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "S,M"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/home_practice_bench"))
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM

    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for size in [s.strip().upper() for s in args.sizes.split(",") if s.strip() in SIZES]:
            path = folder / f"{size}.duckdb"
            build(path, size)
            runs = [one_start(path, browser) for _ in range(args.repeat)]
            rss = [r[2] for r in runs]
            for name, starts in (
                ("cold start to the first page, the sign-in form (make run's steps)", [r[0] for r in runs]),
                ("cold start to the lead's caseload table, signed in at once", [r[1] for r in runs]),
            ):
                figure = {
                    "name": name,
                    "size": size,
                    "median_ms": round(statistics.median(starts) * 1000, 1),
                    "ratio_to_trivial": None,
                    "peak_rss_mb": round(max(rss), 1),
                }
                results.append(figure)
                print(
                    f"{size}  {name}: {figure['median_ms'] / 1000:.1f} s (runs: "
                    + ", ".join(f"{s:.1f}" for s in starts)
                    + ")",
                    flush=True,
                )
            print(
                f"{size}  app peak RSS {max(rss):.0f} MB (runs: " + ", ".join(f"{r:.0f}" for r in rss) + ")"
            )
        browser.close()
    target = Path(os.environ.get("BENCH_JSON") or ROOT / "benchmarks" / "latest.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    earlier = json.loads(target.read_text()) if target.exists() else []
    target.write_text(json.dumps(earlier + results, indent=1))
    print(f"added to {target}")


if __name__ == "__main__":
    main()
