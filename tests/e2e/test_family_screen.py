"""The presenter view in two windows: the cue card drives, the family screen follows and shows only family words."""

import html
import re

import pytest

from tests.e2e.conftest import fill_login, login, screenshot, start_session, unfold, wait_ready

pytestmark = pytest.mark.e2e

NEVER_ON_THE_FAMILY_SCREEN = (
    "Stage",
    "chronic",
    "Look after yourself",
    "doctor",
    "Therapist notes",
    "underneath",
)


def family_screen_shows(screen, name, others, *expected):
    """Wait for the family screen to show the expected words; check it never shows what is not the family's."""
    for words in expected:
        screen.get_by_text(words).first.wait_for(timeout=15_000)
    shown = screen.locator("body").inner_text() + html.unescape(screen.content())
    assert [w for w in NEVER_ON_THE_FAMILY_SCREEN if w in shown] == []
    assert [other for other in others if other in shown.replace(name, "")] == []


def sign_in_on_screen(screen, user):
    """A window with no sign-in gets the sign-in form (nothing of the session), then the screen."""
    screen.wait_for_url("**/login?next=*")
    fill_login(screen, user)
    wait_ready(screen)


def test_the_family_screen_follows_the_cue_card_and_shows_only_family_words(
    server, browser, page, chronic_family
):
    name, others, user = chronic_family
    login(page, server, user)
    start_session(page, name)
    href = page.get_by_role("link", name="Open the family screen").get_attribute("href")
    session_id = re.search(r"session=(\d+)", href).group(1)

    screen = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    screen.goto(f"{server}/?screen=family&session={session_id}")
    sign_in_on_screen(screen, user)
    family_screen_shows(screen, name, others, f"Our session: {name}", "Recap of the week")
    screenshot(screen, "family_screen_recap")

    page.get_by_role("button", name="Next: Review of home practice").click()
    form = page.locator("[data-testid=stForm]").first
    form.wait_for(timeout=30_000)
    family_screen_shows(screen, name, others, "We talk about it now.")
    form.get_by_text("Not done", exact=True).click()
    form.get_by_label("What got in the way?").click()
    page.get_by_role("option", name="It slipped our minds").click()
    page.keyboard.press("Escape")
    form.get_by_role("button", name="Save this review").click()
    toggle = page.get_by_text("Talk it through with the conversation guide").first
    toggle.wait_for(timeout=30_000)
    toggle.click()
    unfold(page, "Therapist notes — not for sharing")
    page.get_by_text("Stage: chronic").wait_for(timeout=30_000)
    screenshot(page, "cue_card_guide")
    family_screen_shows(screen, name, others, "Let's talk about practice at home")
    page.get_by_role("button", name="Talk about it now").click()
    page.get_by_role("heading", name="What makes it hard?").wait_for(timeout=20_000)
    family_screen_shows(screen, name, others, "Every feeling is welcome here")
    for title, family_words in (
        ("What got in the way?", "What gets in the way"),
        ("Be open about what to expect", "Practice between sessions is what helps skills grow"),
        ("Options to consider", "Ideas we can look at together"),
        ("Where did we land?", "Where we landed today"),
    ):
        page.get_by_role("button", name="Next", exact=True).first.click()
        page.get_by_role("heading", name=title).wait_for(timeout=20_000)
        wait_ready(page)
        family_screen_shows(screen, name, others, family_words)
    screenshot(screen, "family_screen_guide")

    screen.reload()  # the sign-in survives a reload: the family screen keeps its place
    wait_ready(screen)
    family_screen_shows(screen, name, others, "Where we landed today")

    page.get_by_label("Therapist's password").fill("demo")
    page.get_by_role("button", name="End session").click()
    screen.get_by_text("Thank you for today").wait_for(timeout=15_000)
    screenshot(screen, "family_screen_ended")
