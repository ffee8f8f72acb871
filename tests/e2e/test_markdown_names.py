"""User text is text: a family named in Markdown and HTML shows literally on every page and session step.

The family's name, notes, a caregiver and a task carry Markdown and HTML with an image and links to
127.0.0.2 (nothing listens there). The browser must never ask that host for anything, no page may
turn the text into bold, a link or an image, and the pages that name the family show it as typed.
"""

import re
import shutil

import pytest

from tests.e2e.conftest import choose_family, login, screenshot, start_server, stop_server, wait_ready
from tests.factories import tried_initial_path

pytestmark = pytest.mark.e2e

HOST = "127.0.0.2"
NAME = f"![x](http://{HOST}:9/img.png) **Bold** <b>b</b> [link](http://{HOST}:9)"
WORD = f"**hw** ![w](http://{HOST}:9/w.png)"
SHOWN = "**Bold** <b>b</b>"  # the part of the name every page that names the family must show as typed
NAMED_ON = {"family", "family_edit", "ticks", "assignments", "guide", "explainer", "printables"}
WORD_JOINER = "\u2060"  # lib.text breaks bare links with it; invisible on screen


def app_pages():
    """(file in pages/, title) of every page the menu routes to: everyone's and the lead's."""
    from lib.ui.navigation import EVERY_PAGE

    return [(name, title) for name, title, _ in EVERY_PAGE]


@pytest.fixture(scope="module")
def markdown_family(demo_template, tmp_path_factory):
    """(server URL, family id): an active family with tasks and caregivers, renamed into Markdown."""
    from lib import db

    path = tmp_path_factory.mktemp("markdown") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    tried_initial_path(path)
    con = db.connect(path)
    family_id = con.execute(
        "SELECT f.id FROM families f WHERE f.status = 'active'"
        " AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
        " AND EXISTS (SELECT 1 FROM caregivers c WHERE c.family_id = f.id AND c.active) ORDER BY f.id LIMIT 1"
    ).fetchone()[0]
    con.execute(
        "UPDATE families SET display_name = ?, notes = ?, practice_word = ? WHERE id = ?",
        [NAME, NAME, WORD, family_id],
    )
    con.execute("UPDATE caregivers SET name = ? WHERE family_id = ?", [f"Gran {NAME}"[:80], family_id])
    con.execute(
        "UPDATE assignments SET title = ? WHERE family_id = ? AND status = 'active'",
        [f"Task {NAME}"[:120], family_id],
    )
    con.execute("CHECKPOINT")
    con.close()
    proc, url = start_server(path)
    yield url, family_id
    stop_server(proc)


def shown_text(page):
    return page.locator("body").inner_text().replace(WORD_JOINER, "")


def assert_no_markup_from_user_text(page, where):
    """Nothing typed became an image, a link, bold or an HTML element."""
    found = {
        "image": page.locator(f"img[src*='{HOST}']").count(),
        "link": page.locator(f"a[href*='{HOST}']").count(),
        "bold": page.locator("strong, b").filter(has_text=re.compile(r"^(Bold|b|hw)$")).count(),
    }
    assert found == {"image": 0, "link": 0, "bold": 0}, where


def visit(page, url, where):
    page.goto(url)
    wait_ready(page)
    page.wait_for_timeout(500)  # images and fragments that load after the run
    assert_no_markup_from_user_text(page, where)
    return shown_text(page)


def test_a_markdown_family_shows_literally_everywhere_and_nothing_is_fetched(markdown_family, browser):
    url, family_id = markdown_family
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fetched = []
    context.on("request", lambda request: fetched.append(request.url) if HOST in request.url else None)
    page = context.new_page()
    try:
        login(page, url, "lead")
        pages = app_pages()
        assert len(pages) == 17 and {"caseload", "audit", "family", "explainer_editor"} <= {
            name for name, _ in pages
        }
        for name, title in pages:
            path = "" if name == "caseload" else name  # the start page lives at /
            text = visit(page, f"{url}/{path}?family={family_id}", name)
            assert "Page not found" not in text, name
            if name in NAMED_ON:
                assert SHOWN in text, f"{title} does not show the name as typed"

        page.goto(f"{url}/session")
        wait_ready(page)
        choose_family(page, NAME)
        page.get_by_role("button", name="Start session").click()
        try:
            page.get_by_role("heading", name=re.compile("^Session with")).wait_for(timeout=30_000)
        except Exception:
            screenshot(page, "FAILED-markdown-session-start")
            raise
        wait_ready(page)
        heading = page.get_by_role("heading", name=re.compile("^Session with")).inner_text()
        assert heading.replace(WORD_JOINER, "") == f"Session with {NAME}"
        href = page.get_by_role("link", name="Open the family screen").get_attribute("href")
        session_id = re.search(r"session=(\d+)", href).group(1)
        screen = context.new_page()
        screen.goto(f"{url}/?screen=family&session={session_id}")
        wait_ready(screen)
        for step in ("Review of home practice", "New skills and next tasks", None):
            assert_no_markup_from_user_text(page, f"session before {step}")
            assert SHOWN in shown_text(page)
            screen.get_by_text(SHOWN).first.wait_for(timeout=15_000)  # the family screen follows
            assert_no_markup_from_user_text(screen, f"family screen before {step}")
            if step:
                page.get_by_role("button", name=f"Next: {step}").click()
                page.wait_for_timeout(300)
                wait_ready(page)
                screen.wait_for_timeout(2_000)  # it redraws every 1.5 s
        screenshot(screen, "markdown_family_screen")
    finally:
        context.close()
    assert fetched == []
