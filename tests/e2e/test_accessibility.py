"""WCAG 2.2 AA in the browser: axe-core finds no critical or serious issue on any page, the tick boxes'
names are read as typed, the keyboard reaches the first tick box at once, and the family screen and
the cue card work on a phone (390 px) and at 200% zoom.

axe-core is the npm package pinned in tests/e2e/axe/package.json, installed by `make test`; it is
put into each page from that folder (nothing is fetched while a test runs).
"""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.e2e.conftest import (
    login,
    screenshot,
    start_server,
    start_session,
    stop_server,
    wait_ready,
)
from tests.factories import tried_initial_path

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WORD_JOINER = "\u2060"
# A task title with Markdown and a link: its tick boxes must still be named exactly as it was typed.
TITLE = "Hop *fast* & [jump](http://127.0.0.2:9) - 2 mins"

# Streamlit's own markup, not ours, each left out by rule and exact element, with why:
#  list, listitem on [data-testid=stSidebarNavItems]: st.navigation's sections put a <div> between
#  its <ul> and the <li> links (Streamlit's sidebar component, drawn the same on every page).
STREAMLIT_OWN = {"list": "[data-testid=stSidebarNavItems]", "listitem": "[data-testid=stSidebarNavItems]"}

RUN_AXE = """async (left) => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes
      .filter(n => !(left[v.id] && n.target.every(t => {
        const e = document.querySelector(t); return e && e.closest(left[v.id]); })))
      .map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n').slice(0, 2).join(' '))}))
    .filter(v => v.nodes.length);
}"""
# every element whose accessible name carries a Markdown escape (a backslash a screen reader reads)
ESCAPED_NAMES = """() => [...document.querySelectorAll('[aria-label]')]
  .map(e => e.getAttribute('aria-label')).filter(n => n.includes('\\\\'))"""


def serious_issues(page):
    """axe-core's critical and serious findings on the page as it is now, Streamlit's own markup aside."""
    assert AXE.exists(), "axe-core is missing: `make test` installs it (npm ci in tests/e2e/axe)"
    if not page.evaluate("() => typeof axe !== 'undefined'"):  # once per page load
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, STREAMLIT_OWN)


@pytest.fixture(scope="module")
def clinic(demo_template, tmp_path_factory):
    """(server URL, ticks family id, its therapist, (session family's name, its therapist)).

    One running task of the ticks family has a Markdown title; the session family is another, as typed."""
    from lib import db

    path = tmp_path_factory.mktemp("a11y") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    tried_initial_path(path)
    con = db.connect(path)
    (family_id, therapist, _), (_, session_therapist, session_name) = con.execute(
        "SELECT f.id, u.username, f.display_name FROM families f"
        " JOIN family_therapists ft ON ft.family_id = f.id JOIN users u ON u.id = ft.therapist_id"
        " WHERE f.status = 'active' AND u.role = 'therapist' AND EXISTS (SELECT 1 FROM assignments a"
        " WHERE a.family_id = f.id AND a.status = 'active' AND a.start_date <= ?)"
        " QUALIFY row_number() OVER (PARTITION BY f.id ORDER BY u.username) = 1 ORDER BY f.id LIMIT 2",
        [TODAY],
    ).fetchall()
    con.execute(
        "UPDATE assignments SET title = ? WHERE id = (SELECT min(id) FROM assignments"
        " WHERE family_id = ? AND status = 'active' AND start_date <= ?)",
        [TITLE, family_id, TODAY],
    )
    con.execute("CHECKPOINT")
    con.close()
    proc, url = start_server(path)
    yield url, family_id, therapist, (session_name, session_therapist)
    stop_server(proc)


def test_every_page_has_no_serious_accessibility_issue(clinic, page):
    from lib.ui.navigation import menu

    url, family_id, _, _ = clinic
    page.goto(url + "/login")
    page.get_by_label("Username").wait_for()
    found = {"sign-in": serious_issues(page)}
    login(page, url, "lead")
    # the app's own menu, as drawn: a page added to it is checked too
    paths = page.locator("[data-testid=stSidebarNav] a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    assert len(paths) == sum(len(entries) for entries in menu(is_lead=True).values())
    names = {}
    for path in paths:
        page.goto(f"{url}{path}?family={family_id}")  # by address: a page switch would drop the family
        page.locator("[data-testid=stSidebarNav] a[aria-current=page]").wait_for(timeout=30_000)
        wait_ready(page)
        found[path] = serious_issues(page)
        names[path] = page.evaluate(ESCAPED_NAMES)
    assert {where: issues for where, issues in found.items() if issues} == {}
    assert {where: escaped for where, escaped in names.items() if escaped} == {}


def test_the_cue_card_and_the_family_screen_have_no_serious_accessibility_issue(clinic, browser):
    url, _, _, (name, therapist) = clinic
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        login(page, url, therapist)
        start_session(page, name)
        screen = context.new_page()
        screen.goto(url + "/" + page_address(page))
        screen.get_by_text(f"Our session: {name}").wait_for(timeout=30_000)
        found = {"cue card": serious_issues(page), "family screen": serious_issues(screen)}
        page.get_by_role("button", name="Next: Review of home practice").click()
        page.locator("[data-testid=stForm]").first.wait_for(timeout=30_000)
        wait_ready(page)
        screen.get_by_text("We talk about it now.").first.wait_for(timeout=15_000)
        found |= {"cue card, review": serious_issues(page), "family screen, review": serious_issues(screen)}
        assert {where: issues for where, issues in found.items() if issues} == {}
        assert page.evaluate(ESCAPED_NAMES) == [] and screen.evaluate(ESCAPED_NAMES) == []
    finally:
        context.close()


def page_address(page):
    """The family screen's address (without the host) from the cue card's link."""
    href = page.get_by_role("link", name="Open the family screen").get_attribute("href")
    return "?screen=family&session=" + re.search(r"session=(\d+)", href).group(1)


def heard(label):
    """A label as a screen reader reads it: word joiners are silent, look-alikes sound like the character."""
    alike = {"\u29f5": "\\", "\u2217": "*", "\uff3f": "_", "\u223c": "~", "\u02cb": "`", "\uff04": "$"}
    return "".join(alike.get(c, c) for c in label.replace(WORD_JOINER, ""))


def test_a_tick_box_is_named_as_the_task_was_typed_and_its_title_stays_text(clinic, page):
    url, family_id, therapist, _ = clinic
    login(page, url, therapist, path=f"/ticks?family={family_id}", heading="Ticks & charts")
    boxes = page.locator("[data-testid=stCheckbox] input[aria-label^='Hop']")
    expect(boxes.first).to_be_attached(timeout=30_000)
    labels = boxes.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert labels and all("\\" not in label for label in labels)
    assert all(re.fullmatch(re.escape(TITLE) + r", \w+day \d+ \w+", heard(label)) for label in labels), labels
    # the name is the box's accessible name, and the (hidden) label drew no link, bold or italic
    expect(page.get_by_role("checkbox", name=labels[0], exact=True)).to_have_count(1)
    hidden = page.locator("[data-testid=stCheckbox]").filter(has=boxes.first)
    expect(hidden.locator("a, strong, em, img")).to_have_count(0)


def test_the_keyboard_reaches_the_first_tick_box_in_a_few_presses(clinic, page):
    url, family_id, therapist, _ = clinic
    login(page, url, therapist, path=f"/ticks?family={family_id}", heading="Ticks & charts")
    first_box = page.locator("[data-testid=stCheckbox] input[aria-label*=', ']").first
    expect(first_box).to_be_attached(timeout=30_000)
    presses = 0
    while presses < 12 and not first_box.evaluate("b => b === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
        focused = page.evaluate("() => document.activeElement.textContent.trim()")
        if focused in ("Skip to main content", "Skip to the tick boxes"):  # a keyboard user takes them
            page.keyboard.press("Enter")
            presses += 1
    assert first_box.evaluate("b => b === document.activeElement"), f"not reached in {presses} key presses"
    assert presses <= 8
    page.keyboard.press("Space")  # and it ticks from the keyboard
    wait_ready(page)
    expect(first_box).to_be_checked()


# JavaScript: the document and the main pane scroll no wider than the window
SIDEWAYS = """() => [document.scrollingElement, document.querySelector('[data-testid=stMain]')]
  .filter(e => e).map(e => e.scrollWidth - e.clientWidth)"""
# every visible button or link of the main pane that lies (partly) outside the window's width
OFF_SCREEN = """() => [...document.querySelectorAll('[data-testid=stMain] button, [data-testid=stMain] a')]
  .filter(b => b.offsetParent !== null)
  .filter(b => { const r = b.getBoundingClientRect(); return r.left < 0 || r.right > window.innerWidth + 1; })
  .map(b => b.innerText.trim() || b.getAttribute('aria-label'))"""


def fits(page, where):
    """No sideways scrolling and no button or link past the window's edge."""
    assert [w for w in page.evaluate(SIDEWAYS) if w > 0] == [], f"{where} scrolls sideways"
    assert page.evaluate(OFF_SCREEN) == [], f"{where} has buttons off the screen"


def in_view(page, locator):
    """Scroll the locator's element into view: it is on the screen, wholly within the window's width."""
    locator.scroll_into_view_if_needed()
    expect(locator).to_be_in_viewport()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"] + 1


@pytest.mark.parametrize(
    "size",
    [
        pytest.param({"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2}, id="phone-390px"),
        # 200% zoom of a 1280 x 800 laptop: the page is laid out in 640 x 400 CSS pixels
        pytest.param({"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}, id="zoom-200"),
    ],
)
def test_the_family_screen_and_the_cue_card_work_on_a_phone_and_at_200_percent(
    clinic, browser, size, request
):
    url, _, _, (name, therapist) = clinic
    context = browser.new_context(**size)
    try:
        page = context.new_page()
        login(page, url, therapist, path="/session", heading="Start a session")  # the menu is folded away
        # typed, as on a phone: in a short window the list's first click can be undone by its scroll
        chooser = page.get_by_label("Family", exact=True)
        chooser.click()
        chooser.press_sequentially(name)
        page.get_by_role("option", name=name, exact=True).click()
        wait_ready(page)
        page.get_by_role("button", name="Start session").click()
        page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
        wait_ready(page)
        in_view(page, page.get_by_role("heading", name=f"Session with {name}"))
        fits(page, "the cue card")
        screen = context.new_page()
        screen.goto(url + "/" + page_address(page))
        heading = screen.get_by_text(f"Our session: {name}")
        heading.wait_for(timeout=30_000)
        in_view(screen, heading)
        in_view(screen, screen.get_by_text("Recap of the week").first)
        fits(screen, "the family screen")
        label = request.node.callspec.id
        if label == "phone-390px":
            for shot, where in (("cue_card", page), ("family_screen", screen)):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                where.screenshot(path=str(SCREENSHOTS / f"{shot}_390px.png"), full_page=True)
        # the cue card's buttons are reachable: the next step is a click away, and the screen follows
        step = page.get_by_role("button", name="Next: Review of home practice")
        in_view(page, step)
        step.click()
        page.locator("[data-testid=stForm]").first.wait_for(timeout=30_000)
        wait_ready(page)
        save = page.get_by_role("button", name="Save this review").first
        in_view(page, save)
        fits(page, "the cue card's review")
        screen.get_by_text("We talk about it now.").first.wait_for(timeout=15_000)
        fits(screen, "the family screen's review")
        screenshot(screen, f"family_screen_review_{label}")
    finally:
        context.close()
