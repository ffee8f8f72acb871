"""The session idle limit in a real browser, on a server clock the test moves on (tests.e2e.moved_clock)."""

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    fill_login,
    login,
    screenshot,
    start_server,
    start_session,
    stop_server,
    wait_ready,
)
from tests.e2e.moved_clock import SHIFT, move_on
from tests.e2e.test_signin import one_family

pytestmark = pytest.mark.e2e

STILL_HERE = "I'm still here"


@pytest.fixture(scope="module")
def clinic(demo_template, tmp_path_factory):
    """(url, {username: (family id, name)}, the clock's shift file) of a demo clinic of this module's own."""
    work = tmp_path_factory.mktemp("idle")
    path, shift = work / "clinic.duckdb", work / "clock_shift"
    shutil.copy(demo_template, path)
    families = {user: one_family(path, user) for user in ("maya.ot", "leo.ot")}
    shift.write_text("0")
    proc, url = start_server(path, launcher="tests.e2e.moved_clock", env={SHIFT: str(shift)})
    yield url, families, shift
    stop_server(proc)


def in_session(page, url, user, family):
    family_id, name = family
    login(page, url, user, path=f"/family?family={family_id}", heading=name)
    start_session(page, name)
    return re.search(
        r"session=(\d+)", page.get_by_role("link", name="Open the family screen").get_attribute("href")
    )[1]


def test_the_window_warns_before_an_idle_end_and_im_still_here_keeps_the_session(clinic, page):
    url, families, shift = clinic
    session_id = in_session(page, url, "maya.ot", families["maya.ot"])
    screen = page.context.new_page()  # the family screen, polling every 1.5 s all along
    screen.goto(f"{url}/?screen=family&session={session_id}")
    screen.get_by_text("Our session:").first.wait_for(timeout=30_000)
    expect(page.get_by_role("button", name=STILL_HERE)).to_have_count(0)
    move_on(shift, 58.5)  # 58.5 minutes without a click: the family screen's polling is not use
    button = page.get_by_role("button", name=STILL_HERE)
    button.wait_for(timeout=30_000)  # the window's own check comes every 15 s
    expect(page.get_by_text(re.compile("signs out at"))).to_be_visible()
    screenshot(page, "session_idle_warning")
    button.click()
    expect(button).to_have_count(0, timeout=20_000)
    move_on(shift, 30)  # 88.5 minutes after the last click: an hour only since "I'm still here"
    page.reload()
    page.get_by_role("heading", name=re.compile("^Session with")).wait_for(timeout=30_000)
    wait_ready(page)
    screen.close()


def test_after_an_idle_sign_out_signing_in_returns_to_the_session_and_leaving_asks_the_password(clinic, page):
    url, families, shift = clinic
    _, name = families["leo.ot"]
    in_session(page, url, "leo.ot", families["leo.ot"])
    move_on(shift, 61)
    page.get_by_text("You are signed out").wait_for(timeout=30_000)  # the window's check ends it
    with page.context.expect_page() as opened:  # Streamlit's link button opens a new tab
        page.get_by_role("link", name="Sign in").click()
    page = opened.value
    fill_login(page, "leo.ot")
    page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    page.get_by_label("Therapist's password").fill("wrong")
    page.get_by_role("button", name="End session").click()
    page.get_by_text("The session stays on screen").wait_for(timeout=20_000)
