"""The main flow in a real browser: a new therapist, a new family, a fortnightly block, the gap flag, discharge."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.e2e.conftest import login, screenshot, unfold, wait_ready

pytestmark = pytest.mark.e2e


def go(page, name):
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=name).click()
    wait_ready(page)


def field(scope, label):
    return scope.locator(f'input[aria-label="{label}"], textarea[aria-label="{label}"]').first


def choose(scope, label, option):
    page = getattr(scope, "page", scope)  # a locator or the page itself
    box = field(scope, label)
    box.click()
    wait_ready(page)  # clicking commits the field typed before it: let that rerun finish
    box.click()
    box.press_sequentially(option)
    box.press("Enter")
    wait_ready(page)


def test_a_new_therapist_adds_a_family_books_a_block_sees_the_gap_and_discharges(server, page):
    login(page, server, "lead")
    go(page, "Therapists")
    unfold(page, "Add a therapist")
    form = page.locator("[data-testid=stExpander]").filter(has_text="Add a therapist")
    field(form, "Name").fill("Nora Quinn")
    choose(form, "Discipline", "SLP")
    field(form, "Login (username)").fill("nora.slp")
    field(form, "First password").fill("calm harbour")
    page.get_by_role("button", name="Add therapist").click()
    expect(page.get_by_text("Tell Nora Quinn their login")).to_be_visible(timeout=15_000)
    screenshot(page, "therapists")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")

    login(page, server, "nora.slp", "calm harbour")
    go(page, "Add or edit a family")
    field(page, "Child's name or initials").fill("Theo <R>")
    field(page, "Caregiver 1 name").fill("Grace")
    field(page, "Caregiver 2 name").fill("Sam")
    screenshot(page, "family_new")
    page.get_by_role("button", name="Add family").click()
    page.get_by_role("heading", name="Theo <R>").wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("No session booked yet.")).to_be_visible()

    page.get_by_role("tab", name="Sessions").click()
    first = TODAY + timedelta(days=21)
    when = page.locator("[data-testid=stDateInput]").filter(has_text="First session").locator("input")
    when.first.fill(first.isoformat())
    when.first.press("Tab")
    choose(page, "Repeat", "Fortnightly")
    field(page, "Sessions per block").fill("4")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Booked 4 session(s).")).to_be_visible(timeout=15_000)
    expect(
        page.get_by_text("The first session is 21 days away, more than the advised 14 days.")
    ).to_be_visible()
    expect(page.get_by_text("Grace, mother · runs home practice")).to_be_attached()
    wait_ready(page)
    screenshot(page, "family_sessions")

    page.get_by_role("button", name="Edit family").click()
    wait_ready(page)
    page.get_by_role("tab", name="Status").click()
    page.get_by_role("button", name="Discharge family").click()
    expect(
        page.get_by_text("Family discharged. 4 booked session(s) after that date were cancelled.")
    ).to_be_visible(timeout=15_000)
    wait_ready(page)
    screenshot(page, "family_discharged")


def test_the_sidebar_search_opens_a_family(server, page):
    login(page, server, "lead")
    box = page.locator("[data-testid=stSidebar]").get_by_label("Find a family")
    # the lead's long menu puts the box at the screen's foot: scroll to it first, as a person does (a
    # click that scrolls the sidebar closes the list it opens)
    box.scroll_into_view_if_needed()
    expect(box).to_be_in_viewport(ratio=1)
    box.click()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = page.get_by_role("option").first
    name = option.inner_text().split(" (")[0]
    option.click()
    page.get_by_role("heading", name=name).wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("Last session").first).to_be_visible()  # the practice tab names it too
    screenshot(page, "family_from_search")
