"""Forms in the browser: the caseload's week box applies a typed week on Enter."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, wait_ready

pytestmark = pytest.mark.e2e


def test_a_week_typed_in_the_caseload_box_applies_on_enter(server, page):
    login(page, server, "maya.ot", heading="Weekly caseload review")
    expect(page.get_by_text("Week of Monday 16 November 2026")).to_be_visible()
    page.get_by_role("spinbutton", name="day, Week").click()
    page.keyboard.type("09")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Week of Monday 9 November 2026")).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_role("spinbutton", name="day, Week")).to_have_text("09")
