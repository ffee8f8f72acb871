"""The conversation guide in a real browser: a chronic family, re-issue and a sooner session."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, reissue_and_book_sooner, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def next_step(page, title):
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name=title).wait_for(timeout=20_000)
    wait_ready(page)


def test_a_chronic_run_reissues_books_sooner_and_shows_on_the_timeline(server, page, chronic_family):
    chronic_family, _, user = chronic_family
    login(page, server, user)
    page.get_by_role("link", name="Conversation guide").click()
    wait_ready(page)
    page.get_by_label("Choose a family").click()
    page.get_by_role("option", name=chronic_family).click()
    page.get_by_role("heading", name="Is now a good moment?").wait_for(timeout=20_000)
    wait_ready(page)
    expect(page.get_by_text("Stage: chronic")).to_be_visible()
    expect(page.get_by_text("It keeps not happening").first).to_be_visible()
    screenshot(page, "guide_chronic_start")

    page.get_by_role("button", name="Talk about it now").click()
    page.get_by_role("heading", name="What makes it hard?").wait_for(timeout=20_000)
    next_step(page, "What got in the way?")
    page.get_by_role("button", name="Forgot").click()
    wait_ready(page)
    screenshot(page, "guide_reasons")
    next_step(page, "Be open about what to expect")
    next_step(page, "Options to consider")

    reissue_and_book_sooner(page)
    wait_ready(page)
    screenshot(page, "guide_options")

    next_step(page, "Where did we land?")
    page.get_by_test_id("stRadioGroup").get_by_text("We agreed a plan together").click()
    page.get_by_label("Note (optional)").fill("Sheet on the fridge; Dad sets an alarm.")
    page.get_by_role("button", name="Save this conversation").click()
    page.get_by_text("Saved. The next conversation can start").wait_for(timeout=20_000)
    wait_ready(page)
    expect(page.get_by_text("Where the last conversation ended")).to_be_visible()
    expect(page.get_by_text("Done: Give the same task again, See each other sooner")).to_be_visible()
    expect(page.get_by_text("Got in the way: Forgot", exact=True)).to_be_visible()
    screenshot(page, "guide_saved")


def test_the_lead_previews_adapted_wording(server, page):
    login(page, server, "lead")
    page.get_by_role("link", name="Guide wording").click()
    page.get_by_role("heading", name="Conversation guide wording").wait_for(timeout=20_000)
    wait_ready(page)
    page.get_by_label("Part of the guide").click()
    page.get_by_role("option", name="Initial path, step 2: Ask and listen").click()
    wait_ready(page)
    page.get_by_label("Prompt", exact=True).fill("Listen first, then ask gently.")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for(timeout=20_000)
    wait_ready(page)
    expect(page.get_by_text("Listen first, then ask gently.").last).to_be_visible()
    screenshot(page, "guide_wording_preview")
