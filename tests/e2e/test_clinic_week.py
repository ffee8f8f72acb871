"""The week's sessions in the browser: a therapist opens the week and clicks through to a family."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, open_page, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def test_a_therapist_opens_the_week_and_a_session_row_opens_its_family(server, page):
    login(page, server, "maya.ot")
    open_page(page, "The week's sessions", "The week's sessions")
    expect(page.get_by_text("Week of Monday 23 November 2026")).to_be_visible()
    grid = page.locator("[data-testid=stDataFrame]").first  # the sessions (one therapist: figures above)
    grid.wait_for()
    screenshot(page, "clinic-week")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the first data row's selection checkbox sits at the grid's left edge, below the header
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 18)
    page.get_by_role("heading", name="Therapists").wait_for(timeout=30_000)
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"/family\?family=\d+"))
    expect(page.get_by_role("heading", name="Rosa P.").first).to_be_visible()  # the week's first session
