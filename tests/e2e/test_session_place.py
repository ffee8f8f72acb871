"""The session screen stays where the therapist is: the guide's step after an action, and a reload."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, reissue_and_book_sooner, start_session, wait_ready

pytestmark = pytest.mark.e2e


def open_the_guide(page):
    """On the review step: say the first task was not done, then open the guide (its notes stay folded)."""
    page.get_by_role("button", name="Next: Review of home practice").click()
    form = page.locator("[data-testid=stForm]").first
    form.wait_for(timeout=30_000)
    form.get_by_text("Not done", exact=True).click()
    form.get_by_label("What got in the way?").click()
    page.get_by_role("option", name="It slipped our minds").click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Save this review").click()
    toggle = page.get_by_text("Talk it through with the conversation guide").first
    toggle.wait_for(timeout=30_000)
    toggle.click()
    wait_ready(page)


def test_the_guides_current_step_stays_in_sight_after_actions_and_a_reload(server, page, chronic_family):
    name, _, user = chronic_family
    login(page, server, user)
    start_session(page, name)
    open_the_guide(page)
    page.get_by_role("button", name="Talk about it now").click()  # no unfolding: the step is open
    page.get_by_role("heading", name="What makes it hard?").wait_for(timeout=20_000)
    for title in ("What got in the way?", "Be open about what to expect", "Options to consider"):
        page.get_by_role("button", name="Next", exact=True).first.click()
        page.get_by_role("heading", name=title).wait_for(timeout=20_000)
        wait_ready(page)
    reissue_and_book_sooner(page)  # each action shows a banner
    expect(page.get_by_role("heading", name="Options to consider")).to_be_visible()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_visible()

    page.reload()
    wait_ready(page)
    page.get_by_role("heading", name="Options to consider").wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_visible()


def test_a_reload_at_step_3_stays_at_step_3(server, page, chronic_family):
    name, _, user = chronic_family
    login(page, server, user)
    start_session(page, name)
    page.get_by_role("button", name="Next: Review of home practice").click()
    page.get_by_role("button", name="Next: New skills and next tasks").click()
    page.get_by_role("button", name="Fridge sheet for the week (PDF)").wait_for(timeout=30_000)
    wait_ready(page)
    page.reload()
    wait_ready(page)
    page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
    expect(page.get_by_role("button", name="Fridge sheet for the week (PDF)")).to_be_visible()
    expect(page.get_by_role("button", name="Mark the agenda done")).to_be_visible()
