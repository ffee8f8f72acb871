"""At 1280 x 800, a common clinic laptop: the whole menu shows, no page scrolls sideways, no button is cut."""

import re

import pytest
from playwright.sync_api import expect

from lib.ui.navigation import menu
from tests.e2e.conftest import login, screenshot, wait_ready
from tests.factories import query

pytestmark = pytest.mark.e2e
WIDTH, HEIGHT = 1280, 800

# JavaScript: how wide the page is against the window, for the document and Streamlit's main pane
# (which scrolls itself); a table's own sideways scroll is inside its grid, not counted here
SIDEWAYS = """() => [document.scrollingElement, document.querySelector('[data-testid=stMain]')]
  .map(e => [e.scrollWidth, e.clientWidth])"""
CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid=stMain] button')]
  .filter(b => b.offsetParent !== null)
  .filter(b => b.getBoundingClientRect().right > window.innerWidth
    || [...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
        && getComputedStyle(e).textOverflow === 'ellipsis'))
  .map(b => b.innerText.trim() || b.getAttribute('aria-label'))"""


@pytest.fixture
def small(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="module")
def family(demo_template):
    return query(demo_template, "SELECT id FROM families WHERE status = 'active' ORDER BY id LIMIT 1")[0][0]


def test_every_menu_entry_shows_without_view_more(server, small):
    login(small, server, "lead")
    nav = small.locator("[data-testid=stSidebarNav]")
    for section, entries in menu(is_lead=True).items():
        if section:  # the day's pages come first, under no heading
            expect(nav.get_by_text(section, exact=True)).to_be_visible()
        for _, title, _ in entries:
            link = nav.get_by_role("link", name=title, exact=True)
            expect(link).to_be_visible()
            box = link.bounding_box()
            assert box["y"] + box["height"] <= HEIGHT, f"{title} is below the fold"
    expect(
        small.locator("[data-testid=stSidebar]").get_by_text(re.compile(r"^View (\d+ more|less)$"))
    ).to_have_count(0)
    screenshot(small, "layout-1280-menu")


def test_no_page_scrolls_sideways_or_cuts_a_button(server, small, family):
    login(small, server, "lead")
    problems = {}
    for entries in menu(is_lead=True).values():
        for file, title, _ in entries:
            if file == "session":
                continue  # session mode has its own browser tests: it starts a session
            path = "/" if file == "caseload" else f"/{file}?family={family}"
            small.goto(server + path)
            current = small.locator("[data-testid=stSidebarNav] a[aria-current=page]")
            expect(current).to_contain_text(title, timeout=30_000)
            wait_ready(small)
            widths = small.evaluate(SIDEWAYS)
            cut = small.evaluate(CUT_BUTTONS)
            if any(width > client for width, client in widths) or cut:
                problems[title] = (widths, cut)
                screenshot(small, f"layout-1280-{file}")
    assert problems == {}


def test_the_task_form_shows_all_seven_days_and_its_save_button(server, small, family):
    login(small, server, "lead", path=f"/assignments?family={family}", heading="Home practice tasks")
    small.get_by_text("Set a task", exact=True).click()
    wait_ready(small)
    small.get_by_text("On set weekdays").click()
    wait_ready(small)
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        pill = small.get_by_role("button", name=day, exact=True).first
        expect(pill).to_be_visible()
        box = pill.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, day
    save = small.get_by_role("button", name="Save task")
    save.scroll_into_view_if_needed()
    expect(save).to_be_in_viewport()
    assert small.evaluate(CUT_BUTTONS) == []
    screenshot(small, "layout-1280-task-form")
