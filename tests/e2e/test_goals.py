"""A goal rated during a session: the family screen's line and chart change with it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lib import db
from lib.goals import level_label
from tests.conftest import TODAY
from tests.e2e.conftest import ARTIFACTS, fill_login, login, screenshot, start_session, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def goal_family(demo_template):
    """Maya's active family with a goal below +2 that practised most lately: (name, goal id, next level, its words)."""
    con = db.connect(demo_template)
    try:
        return con.execute(
            # DuckDB lists count from 1: the level after -2 (level_m1) is the first
            "WITH g AS (SELECT g.*, (SELECT arg_max(r.level, (r.rated_on, r.id)) FROM goal_ratings r"
            "   WHERE r.goal_id = g.id) AS level FROM goals g WHERE g.status = 'active')"
            " SELECT f.display_name, g.id, g.level + 1,"
            " [g.level_m1, g.level_0, g.level_p1, g.level_p2][g.level + 3] FROM families f"
            " JOIN family_therapists ft ON ft.family_id = f.id AND ft.active"
            " JOIN users u ON u.id = ft.therapist_id AND u.username = 'maya.ot'"
            " JOIN g ON g.family_id = f.id AND g.level < 2"
            " WHERE f.status = 'active'"
            " AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
            " ORDER BY (SELECT count(*) FROM ticks t WHERE t.family_id = f.id AND t.practice_date > ?) DESC, f.id"
            " LIMIT 1",
            [TODAY - timedelta(weeks=8)],
        ).fetchone()
    finally:
        con.close()


def test_rating_a_goal_in_the_session_changes_the_family_screens_line(server, browser, page, goal_family):
    name, goal_id, level, words = goal_family
    now = re.escape(level_label(level))
    login(page, server, "maya.ot")
    start_session(page, name)
    href = page.get_by_role("link", name="Open the family screen").get_attribute("href")
    session_id = re.search(r"session=(\d+)", href).group(1)
    screen = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    screen.goto(f"{server}/?screen=family&session={session_id}")
    screen.wait_for_url("**/login?next=*")
    fill_login(screen, "maya.ot")
    wait_ready(screen)

    page.get_by_role("button", name="Next: Review of home practice").click()
    goal = page.locator(f".st-key-sess_goal_{goal_id}")
    goal.wait_for(timeout=30_000)
    wait_ready(page)
    on_screen = screen.locator(f".st-key-family_goal_{goal_id}")
    expect(on_screen.get_by_text(re.compile(r"Weeks with 4\+ days of practice: \d+ of \d+"))).to_be_visible(
        timeout=20_000
    )
    expect(on_screen.get_by_text(re.compile(rf"(to|skill:) {now}(, where we started)?$"))).to_have_count(0)
    expect(on_screen.locator("[data-testid=stPlotlyChart]")).to_be_visible(timeout=30_000)

    goal.locator("label").filter(has_text=words).click()
    goal.get_by_role("button", name="Save rating").click()
    expect(goal.get_by_text(re.compile(rf"skill: from -2 to {now}$"))).to_be_visible(timeout=30_000)
    expect(on_screen.get_by_text(re.compile(rf"skill: from -2 to {now}$"))).to_be_visible(timeout=20_000)
    screen.wait_for_timeout(1000)  # the chart redrawn with the new rating
    wait_ready(screen)
    screenshot(screen, "family_screen_goal")  # docs/screenshots/goal_progress_*.png were taken from these two
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    on_screen.screenshot(path=str(ARTIFACTS / "goal_progress_family_screen.png"))
    goal.screenshot(path=str(ARTIFACTS / "goal_progress_chart.png"))
