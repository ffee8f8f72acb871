"""Page benchmark: whole pages of the real app (AppTest), warm and cold, at clinic sizes S, M, L.

    .venv/bin/python -m tests.bench_pages [--sizes S,M] [--repeat 11] [--dir /tmp/home_practice_bench]
                                          [--only "caseload,ticks page"]

Each size's demo clinic is built once with lib.demo (seed 11, today 2026-11-25) and reused.
Each size is timed in its own process, so its peak RSS is that of the app at that size.
Every figure is the median of `--repeat` fresh script runs after one warm-up; each run is
set against the mean of a trivial one-title page run just before and one just after it in
the same process (the floor), and the ratio is the median of those: compare ratios, not
milliseconds, on a busy machine. "cold" = right after a tick written by another user
for another family, so every cache that write invalidates is rebuilt. It asserts nothing;
it prints one line per figure and writes a JSON list to BENCH_JSON
(default benchmarks/latest.json).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)
LAST_FULL_WEEK = TODAY - timedelta(days=TODAY.weekday() + 7)
SIZES = {"S": (60, 52), "M": (2000, 156), "L": (8000, 156)}  # families, weeks
SEED = 11
TRIVIAL = "import streamlit as st\nst.title('Home Practice')\n"


def build(path, size):
    """Build the size's demo clinic at path unless it exists; return seconds taken (None if reused)."""
    if path.exists():
        return None
    families, weeks = SIZES[size]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "lib.demo", "--db", str(path), "--families", str(families)]
        + ["--weeks", str(weeks), "--seed", str(SEED), "--today", TODAY.isoformat()],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clinic:
    """The bench's view of one demo database: who signs in, which families, and the other user's writes."""

    def __init__(self, path):
        from lib import db
        from lib.models import Actor

        self.con = db.connect(path)  # the app's own connection shares this in-process instance
        cur = self.cur = self.con.cursor()

        def user(where, params=()):
            found = cur.execute("SELECT min(id) FROM users WHERE " + where, list(params)).fetchone()[0]  # noqa: S608
            return Actor(
                *cur.execute(
                    "SELECT id, username, display_name, role, discipline FROM users WHERE id = ?", [found]
                ).fetchone()
            )

        self.lead = user("role = 'lead'")
        self.therapist = user("role = 'therapist'")
        # the family with the most history: most ticks
        self.family = cur.execute(
            "SELECT family_id FROM ticks GROUP BY family_id ORDER BY count(*) DESC, family_id LIMIT 1"
        ).fetchone()[0]
        self.family_user = user(
            "id IN (SELECT therapist_id FROM family_therapists WHERE family_id = ? AND active)", [self.family]
        )
        # another family with a task running today, and a therapist of it who is not the one timed
        self.other_task, self.other_family, other_user = cur.execute(
            "SELECT a.id, a.family_id, a.therapist_id FROM assignments a JOIN families f ON f.id = a.family_id"
            " WHERE a.status = 'active' AND a.start_date < ? AND a.end_date IS NULL AND a.weekdays IS NULL"
            " AND f.status = 'active' AND a.family_id <> ? AND a.therapist_id NOT IN (?, ?)"
            " ORDER BY a.id LIMIT 1",
            [TODAY - timedelta(days=7), self.family, self.therapist.id, self.family_user.id],
        ).fetchone()
        self.other_user = user("id = ?", [other_user])
        self.session_id = None

    def other_write(self):
        """Tick (or untick) today for another family, as another user: an ordinary audited write."""
        from lib import ticks

        if ticks.get_tick(self.cur, self.other_user, self.other_task, TODAY) is None:
            ticks.record_tick(self.cur, self.other_user, self.other_task, TODAY, today=TODAY)
        else:
            ticks.remove_tick(self.cur, self.other_user, self.other_task, TODAY)

    def review_session(self):
        """Return a session with the biggest family, started once by its therapist (session mode)."""
        from lib.sessions import session_mode

        if self.session_id is None:
            self.session_id = session_mode.start_session(self.cur, self.family_user, self.family)
        return self.session_id


def app(state, page=None, query=None):
    """Return an AppTest of the real app with session state set, opened on page (not yet run)."""
    from streamlit.testing.v1 import AppTest

    from tests.pages.apptest import sign_in

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    state = dict(state)
    if "user_id" in state:
        sign_in(at, state.pop("user_id"))  # a real sign-in session, as in tests/pages
    for key, value in state.items():
        at.session_state[key] = value
    if page:
        at.switch_page(page)
    for key, value in (query or {}).items():
        at.query_params[key] = str(value)
    return at


def run_checked(at):
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception[0].message}")
    if any("signed out" in w.value for w in at.warning):  # timing the sign-in notice times nothing
        raise RuntimeError("the page showed the signed-out notice instead of the page")
    return elapsed


def scenarios(clinic):
    """Return {name: (prepare, timed)}: prepare() -> state for timed(state) -> seconds (untimed setup)."""
    from streamlit.testing.v1 import AppTest

    from lib.accounts import auth, signin
    from tests.pages.apptest import send_cookie

    def trivial():
        at = AppTest.from_string(TRIVIAL)
        return lambda: run_checked(at)

    def page(user, page=None, **state):
        return lambda: (lambda at: lambda: run_checked(at))(app({"user_id": user.id, **state}, page))

    unopened = iter(range(2, 10_000))  # weeks back from the last full one, never opened before

    def week_nobody_opened():
        """The lead's caseload for a week not asked for since the start: the whole clinic worked out."""
        week = LAST_FULL_WEEK - timedelta(weeks=next(unopened))
        return page(clinic.lead, caseload_week=week)()

    def ticks_page():
        return app({"user_id": clinic.family_user.id, "family_id": clinic.family}, "pages/ticks.py")

    def review():
        session_id = clinic.review_session()
        at = app(
            {
                "user_id": clinic.family_user.id,
                "session_family_id": clinic.family,
                "session_id": session_id,
                "sess_step": 1,
            }
        )
        return lambda: run_checked(at)

    def tick_write():
        at = ticks_page()
        run_checked(at)
        box = next(c for c in at.checkbox if c.key.startswith("tick_") and c.key.endswith(TODAY.isoformat()))
        box.set_value(not box.value)
        return lambda: run_checked(at)  # the rerun that follows the click: the write and the page

    def sign_in():
        at = app({})

        def timed():
            start = time.perf_counter()
            with clinic.con.cursor() as cur:
                token, _ = signin.sign_in(cur, "lead", "demo")  # what lib.web's /login does
            send_cookie(at, token)  # the cookie the browser then sends, and the first page
            at.run()
            return time.perf_counter() - start

        return timed

    def sign_in_request():
        """POST /login through lib.web's own route (form, password check, session, cookie, redirect)."""
        import anyio
        from starlette.applications import Starlette

        from lib import web

        login = Starlette(routes=web.ROUTES)
        body = b"username=lead&password=demo&next=%2F"

        async def post():
            sent, answer = [{"type": "http.request", "body": body, "more_body": False}], {}
            scope = {
                "type": "http",
                "asgi": {"version": "3.0"},
                "http_version": "1.1",
                "method": "POST",
                "scheme": "http",
                "path": "/login",
                "raw_path": b"/login",
                "root_path": "",
                "query_string": b"",
                "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/x-www-form-urlencoded")],
                "client": ("127.0.0.1", 50000),
                "server": ("127.0.0.1", 8501),
            }

            async def receive():
                return sent.pop() if sent else {"type": "http.disconnect"}

            async def send(message):
                if message["type"] == "http.response.start":
                    answer.update(status=message["status"], headers=dict(message["headers"]))

            await login(scope, receive, send)
            return answer

        def timed():
            start = time.perf_counter()
            answer = anyio.run(post)
            elapsed = time.perf_counter() - start
            if answer.get("status") != 303 or b"set-cookie" not in answer.get("headers", {}):
                raise RuntimeError(f"the sign-in was refused: {answer}")
            return elapsed

        return timed

    def argon2():
        stored = clinic.cur.execute("SELECT password_hash FROM users WHERE username = 'lead'").fetchone()[0]
        return lambda: _timed(lambda: auth.verify_password(stored, "demo"))

    return {
        "trivial page": trivial,
        "caseload, lead, whole clinic": page(clinic.lead),
        "caseload, one therapist": page(clinic.therapist),
        # this week so far: the other user's tick today is in it, so "cold" works that family out again
        "caseload, lead, this week so far": page(clinic.lead, caseload_week=TODAY),
        "caseload, lead, a week nobody opened yet": week_nobody_opened,
        "family page, biggest family": page(clinic.family_user, "pages/family.py", family_id=clinic.family),
        "week's sessions, lead, whole clinic": page(clinic.lead, "pages/clinic_week.py"),
        "audit log, lead, first page": page(clinic.lead, "pages/audit.py"),
        "ticks page, biggest family": lambda: (lambda at: lambda: run_checked(at))(ticks_page()),
        "session review step": review,
        "tick from the week grid": tick_write,
        "sign-in (POST /login)": sign_in_request,
        "sign-in (login + first page)": sign_in,
        "argon2 verify alone": argon2,
    }


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


WARM_ONLY = {"trivial page", "argon2 verify alone", "caseload, lead, a week nobody opened yet"}


def measure(size, path, repeat, only=()):
    """Time every scenario in this process; return the figure dicts.

    Each timed run is set against the mean of a trivial page run just before and one just
    after it, and the ratio is the median of those ratios: on a loaded machine the floor moves
    within minutes.
    """
    from streamlit import logger

    logger.set_log_level("error")  # bare-mode warnings from the bench's own writes
    os.environ["HOME_PRACTICE_DB"] = str(path)
    os.environ["HOME_PRACTICE_TODAY"] = TODAY.isoformat()
    # AppTest sends no cookie: the page tests' seam hands each run its sign-in token
    from lib.ui import signin as ui_signin
    from tests.pages.apptest import cookie_token

    ui_signin._token = cookie_token
    clinic = Clinic(path)
    found = scenarios(clinic)
    floor = found["trivial page"]
    results = []
    for name, prepare in found.items():
        if only and name != "trivial page" and not any(part in name for part in only):
            continue
        for mode in ("warm", "cold"):
            if mode == "cold" and name in WARM_ONLY:
                continue
            prepare()()  # warm-up: the server-side script run, caches filled
            runs, ratios = [], []
            for _ in range(repeat):
                timed, before, after = prepare(), floor(), floor()
                if mode == "cold":
                    clinic.other_write()
                base = before()
                runs.append(timed())
                ratios.append(runs[-1] / ((base + after()) / 2))
            figure = {
                "name": name if name in WARM_ONLY else f"{name} ({mode})",
                "size": size,
                "median_ms": round(statistics.median(runs) * 1000, 1),
                "ratio_to_trivial": round(statistics.median(ratios), 2),
                "peak_rss_mb": round(peak_rss_mb(), 1),
            }
            results.append(figure)
            print(_line(figure), flush=True)
    return results


def _line(f):
    return f"{f['size']}  {f['name']:<44} {f['median_ms']:9.1f} ms {f['ratio_to_trivial']:7.2f}x  rss {f['peak_rss_mb']:6.0f} MB"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "S,M"))
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--dir", default=os.environ.get("BENCH_DIR", "/tmp/home_practice_bench"))
    parser.add_argument("--only", default="", help="comma-separated parts of the page names to time")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one size, in its own process
    args = parser.parse_args(argv)
    folder = Path(args.dir)
    if args.child:
        only = [part.strip() for part in args.only.split(",") if part.strip()]
        out = measure(args.child, folder / f"{args.child}.duckdb", args.repeat, only)
        print("JSON " + json.dumps(out))
        return
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for size in [s.strip().upper() for s in args.sizes.split(",") if s.strip()]:
        path = folder / f"{size}.duckdb"
        seconds = build(path, size)
        if seconds is not None:
            figure = {"name": "build demo", "size": size, "median_ms": round(seconds * 1000, 1)}
            results.append({**figure, "ratio_to_trivial": None, "peak_rss_mb": None})
            print(f"{size}  build demo ({SIZES[size][0]} families, {SIZES[size][1]} weeks): {seconds:.1f} s")
        log = folder / f"{size}.log"  # Streamlit's bare-mode warnings, and any traceback
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.bench_pages", "--child", size, "--dir", str(folder)]
            + ["--repeat", str(args.repeat), "--only", args.only],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log.open("w"),
            text=True,
        )
        for line in child.stdout:
            if line.startswith("JSON "):
                results += json.loads(line[5:])
            else:
                print(line, end="", flush=True)
        if child.wait():
            raise SystemExit(f"the {size} run failed (exit {child.returncode}): see {log}")
    target = Path(os.environ.get("BENCH_JSON") or ROOT / "benchmarks" / "latest.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=1))
    print(f"written to {target}")


if __name__ == "__main__":
    main()
