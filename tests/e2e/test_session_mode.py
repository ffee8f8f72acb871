"""Session mode in a real browser: a chronic family's whole session, with no other family in sight."""

import html

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login, reissue_and_book_sooner, screenshot, start_session, unfold, wait_ready

pytestmark = pytest.mark.e2e


def assert_only(page, name, others):
    """Neither the visible text nor the page's HTML names another family."""
    wait_ready(page)
    shown = page.locator("body").inner_text() + html.unescape(page.content())
    shown = shown.replace(name, "")
    assert [other for other in others if other in shown] == []


def test_a_chronic_session_steps_the_agenda_reviews_and_runs_the_guide(server, page, chronic_family):
    name, others, user = chronic_family
    login(page, server, user)
    start_session(page, name)
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    assert_only(page, name, others)
    screenshot(page, "session_recap")

    page.get_by_role("button", name="Next: Review of home practice").click()
    form = page.locator("[data-testid=stForm]").first
    form.wait_for(timeout=30_000)
    assert_only(page, name, others)
    form.get_by_text("Not done", exact=True).click()
    form.get_by_label("What got in the way?").click()
    page.get_by_role("option", name="It slipped our minds").click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Save this review").click()
    toggle = page.get_by_text("Talk it through with the conversation guide").first
    toggle.wait_for(timeout=30_000)
    toggle.click()
    unfold(page, "Therapist notes — not for sharing")  # the cue card is folded by default
    page.get_by_text("Stage: chronic").wait_for(timeout=30_000)
    assert_only(page, name, others)
    screenshot(page, "session_review_guide")

    page.get_by_role("button", name="Talk about it now").click()
    page.get_by_role("heading", name="What makes it hard?").wait_for(timeout=20_000)
    for title in ("What got in the way?", "Be open about what to expect", "Options to consider"):
        page.get_by_role("button", name="Next", exact=True).first.click()
        page.get_by_role("heading", name=title).wait_for(timeout=20_000)
        wait_ready(page)
    reissue_and_book_sooner(page)
    assert_only(page, name, others)
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("heading", name="Where did we land?").wait_for(timeout=20_000)
    page.get_by_text("We agreed a plan together").click()
    page.get_by_role("button", name="Save this conversation").click()
    page.get_by_text("Saved. The next conversation can start").wait_for(timeout=20_000)
    assert_only(page, name, others)

    page.get_by_role("button", name="Next: New skills and next tasks").click()
    page.get_by_role("button", name="Fridge sheet for the week (PDF)").wait_for(timeout=30_000)
    assert_only(page, name, others)
    screenshot(page, "session_next_tasks")

    page.get_by_label("Therapist's password").fill("demo")
    page.get_by_role("button", name="End session").click()
    page.get_by_role("heading", name=name).wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()
    screenshot(page, "session_back_on_family_page")

    # the family page now shows the re-issued task, the sooner booking and the conversation
    page.get_by_role("tab", name="Conversations").click()
    expect(page.get_by_text("Where the last conversation ended")).to_be_visible()
    expect(page.get_by_text("Done: Give the same task again, See each other sooner")).to_be_visible()
    page.get_by_role("tab", name="Sessions").click()
    expect(page.get_by_text("Upcoming", exact=True)).to_be_visible()
    expect(page.locator("[data-testid=stDataFrame]").filter(visible=True).first).to_be_visible()
    page.get_by_role("tab", name="Home practice").click()
    expect(
        page.get_by_text("Starts on").filter(visible=True).first
    ).to_be_visible()  # the re-issued copy starts tomorrow
    screenshot(page, "session_family_home_practice")
