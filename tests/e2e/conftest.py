"""Start `streamlit run` on a free port against a private demo database, and a headless Chromium."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.factories import tried_initial_path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(path, stdout=subprocess.DEVNULL, launcher="streamlit", env=None):
    """Start `streamlit run lib/web.py` (as `make run` does) on the database at path; return (proc, url).

    launcher: the module run with `python -m` (tests.e2e.moved_clock: the same, on a clock a test moves)."""
    port = _free_port()
    # the demo clinic was built for TODAY: the app runs on the same pinned clock
    env = {
        **os.environ,
        "HOME_PRACTICE_DB": str(path),
        "HOME_PRACTICE_TODAY": TODAY.isoformat(),
        **(env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            launcher,
            "run",
            "lib/web.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("streamlit did not start: " + proc.stderr.read().decode()[-2000:])
    return proc, url


def stop_server(proc):
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server(demo_template, tmp_path_factory):
    """A running app on a copy of the demo clinic (long-low families had the initial path tried)."""
    path = tmp_path_factory.mktemp("e2e") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    tried_initial_path(path)
    proc, url = start_server(path)
    yield url
    stop_server(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    yield opened
    failed = request.node.stash.get(REPORTS, {}).get("call")
    if failed is not None and failed.failed:  # keep what the browser showed, for the CI log reader
        screenshot(opened, f"FAILED-{request.node.name}")
    context.close()


def wait_ready(page):
    """Wait until Streamlit is connected and has finished running the script.

    A click's rerun may not have started yet when this is called: give it a moment to
    start (the app marks itself `running`), then wait for it to end.
    """
    page.wait_for_selector("[data-testid=stApp][data-test-connection-state=CONNECTED]", timeout=30_000)
    try:
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=running]", timeout=400)
    except PlaywrightTimeout:
        pass  # no rerun was triggered, or it already finished
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') !== 'running'"
        " && app.getAttribute('data-test-script-state') !== 'rerunRequested'"
        " && !document.querySelector('[data-testid=stSkeleton]'); }",
        timeout=30_000,
    )


def fill_login(page, username, password="demo"):
    """On lib.web's /login page: type the username and password and send the form."""
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def login(page, url, username, password="demo", path="/", heading="Caseload"):
    """Sign in through /login (every app path sends a stranger there), then wait for `path`'s page."""
    page.goto(url + path)
    page.wait_for_url("**/login?next=*")
    fill_login(page, username, password)
    # a full page load now (the app's JavaScript, its WebSocket, the first run): give it time
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    wait_ready(page)


def choose_family(page, name):
    """Pick a family in the page's "Family" chooser and wait for the run that follows."""
    page.get_by_label("Family", exact=True).click()
    page.get_by_role("option", name=name, exact=True).click()
    wait_ready(page)


def open_page(page, entry, heading):
    """Open a page from the menu and wait until it has been drawn."""
    page.get_by_role("link", name=entry).click()
    page.get_by_role("heading", name=heading).wait_for()
    wait_ready(page)


def start_session(page, name):
    """Start session mode with a family from its menu entry; return once its first run has ended.

    The heading shows while that run is still drawing, and a click made then can be lost: of 16
    clicks on "Next" right after the heading, 8 were lost, each made while the run was still
    running (an open app bug, see issue 31); every click made after it had ended took."""
    open_page(page, "Session mode", "Start a session")
    choose_family(page, name)
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
    wait_ready(page)


def unfold(page, label):
    """Open the folded expander titled `label` once the run that drew it has ended.

    Clicking it while a rerun is still drawing the page can be undone by that rerun, so
    wait first, and check the expander is open afterwards rather than trusting the click.
    """
    wait_ready(page)
    details = (
        page.locator("[data-testid=stExpander] details").filter(has=page.get_by_text(label, exact=True)).first
    )
    details.wait_for(timeout=30_000)
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", re.compile(".*"), timeout=10_000)


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def chronic_family(demo_template, tmp_path_factory):
    """(name of a chronic family with an active task, names of every other family, its therapist's username).

    Chronic needs the initial path tried (tried_initial_path); maya.ot's families are preferred.
    """
    from lib import db
    from lib.figures.caseload import family_stage
    from lib.models import Actor

    path = tmp_path_factory.mktemp("look") / "look.duckdb"
    shutil.copy(demo_template, path)
    tried_initial_path(path)
    con = db.connect(path)
    with con.cursor() as cur:
        found = []
        users = cur.execute(
            "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'therapist'"
            " ORDER BY username <> 'maya.ot', username"
        ).fetchall()
        for user in users:
            therapist = Actor(*user)
            rows = cur.execute(
                "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
                " WHERE ft.therapist_id = ? AND f.status = 'active' AND EXISTS (SELECT 1 FROM assignments a"
                " WHERE a.family_id = f.id AND a.status = 'active') ORDER BY f.id",
                [therapist.id],
            ).fetchall()
            found += [
                (fid, name, therapist.username)
                for fid, name in rows
                if family_stage(cur, therapist, fid).name == "chronic"
            ]
        assert found, "the demo clinic should have a chronic family (after the initial path was tried)"
        others = [
            r[0]
            for r in cur.execute("SELECT display_name FROM families WHERE id <> ?", [found[0][0]]).fetchall()
        ]
    con.close()
    return found[0][1], others, found[0][2]


def reissue_and_book_sooner(page):
    """On the guide's options step: give the task again, then book the next session sooner."""
    for option, button, done in (
        ("Give the same task again", "Give it again", "is given again as a fresh task"),
        (
            "See each other sooner",
            re.compile("(Book|Move) this session"),
            re.compile("Next session booked for|moved to"),
        ),
    ):
        page.get_by_text(option).first.click()
        page.get_by_role("button", name=button).wait_for()
        wait_ready(page)
        page.get_by_role("button", name=button).click()
        page.get_by_text(done).wait_for(timeout=40_000)
        wait_ready(page)
