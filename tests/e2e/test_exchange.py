"""Import in a real browser: upload the example files, see the preview, import, find a family."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ROOT, login, screenshot, wait_ready

pytestmark = pytest.mark.e2e
EXAMPLES = ROOT / "data" / "examples"


def go(page, name):
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=name).click()
    wait_ready(page)


def test_the_lead_previews_the_example_files_imports_them_and_sees_a_family(server, page):
    login(page, server, "lead")
    go(page, "Import and export")
    page.get_by_role("heading", name="Import from spreadsheets").wait_for()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        sorted(str(p) for p in EXAMPLES.glob("*.csv"))
    )
    page.get_by_text("Ready: 32 new records, no problems.").wait_for(timeout=30_000)
    wait_ready(page)
    screenshot(page, "exchange-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 32 new records.").wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("Everything in these files is already in the clinic")).to_be_visible()
    go(page, "Caseload")
    page.get_by_role("heading", name="Weekly caseload review").wait_for()
    # the caseload table is drawn on a canvas: find the family through the caseload's search
    box = page.locator("[data-testid=stSidebar]").get_by_label("Find a family")
    box.click()
    box.press_sequentially("Matilda")
    page.get_by_role("option", name="Matilda O.").click()
    page.get_by_role("heading", name="Matilda O.").wait_for(timeout=30_000)
    wait_ready(page)
    page.get_by_role("tab", name="Home practice").click()  # the imported task is on its tab
    wait_ready(page)
    expect(page.get_by_text("Peg the socks").filter(visible=True).first).to_be_visible()
    screenshot(page, "exchange-family")


def test_the_file_with_errors_shows_its_problems_and_the_import_stays_disabled(server, page):
    login(page, server, "lead")
    go(page, "Import and export")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        sorted(str(p) for p in (EXAMPLES / "with_errors").glob("*.csv"))
    )
    page.get_by_text(re.compile(r"\d+ problem\(s\)")).wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    screenshot(page, "exchange-errors")
