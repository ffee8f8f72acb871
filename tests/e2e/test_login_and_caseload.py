import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import fill_login, login, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def test_the_lead_logs_in_sees_the_caseload_and_opens_a_family(server, page):
    page.goto(server)
    expect(page.get_by_text("every demo password is")).to_be_visible()
    login(page, server, "lead")
    expect(page.get_by_text("Dr. Ruth Alvarez")).to_be_visible()
    grid = page.locator(
        ".st-key-caseload_table [data-testid=stDataFrame]"
    )  # the lead also has the goals view
    grid.wait_for()
    screenshot(page, "caseload")
    grid.scroll_into_view_if_needed()  # the DEMO badge moves it towards the fold
    box = grid.bounding_box()
    # the first data row's selection checkbox sits at the grid's left edge, below the header
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 18)
    page.get_by_role("heading", name="Therapists").wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("Caregivers")).to_be_visible()
    screenshot(page, "family")


def test_a_wrong_password_keeps_the_login_form(server, page):
    page.goto(server)
    fill_login(page, "tom.slp", "wrong")
    page.get_by_text("do not match").wait_for(timeout=15_000)
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
