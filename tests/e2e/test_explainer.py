"""In a browser: walk a demo family through the explainer, record teach-back, download the sheets."""

import duckdb
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tests.e2e.conftest import login, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def _maya_family_with_tasks(path):
    con = duckdb.connect(str(path), read_only=True)
    name = con.execute(
        "SELECT f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN users u ON u.id = ft.therapist_id WHERE u.username = 'maya.ot' AND f.status = 'active'"
        " AND f.practice_word IS NULL AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
        " ORDER BY f.id LIMIT 1"
    ).fetchone()[0]
    con.close()
    return name


def _open_family(page, name):
    page.get_by_label("Find a family").click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=name).wait_for(timeout=30_000)
    wait_ready(page)


def _next(page, step):
    page.get_by_role("button", name="Next").click()
    page.get_by_text(f"Step {step} of 7").wait_for(timeout=30_000)
    wait_ready(page)


def _go(page, title):
    page.get_by_role("link", name=title).click()
    wait_ready(page)


def test_a_therapist_walks_a_family_through_the_explainer_and_downloads_the_sheets(
    server, page, demo_template
):
    name = _maya_family_with_tasks(demo_template)
    login(page, server, "maya.ot")
    _open_family(page, name)
    _go(page, "Intake explainer")
    page.get_by_role("heading", name="Why practising at home matters").wait_for(timeout=30_000)
    screenshot(page, "explainer_step1")
    _next(page, 2)
    _next(page, 3)
    page.get_by_role("heading", name="What we are asking of your family").wait_for()
    minutes = page.get_by_role("spinbutton", name="Minutes a day")
    minutes.fill("12")
    minutes.press("Enter")
    page.get_by_text("about 12 minutes a day").wait_for(timeout=30_000)
    wait_ready(page)
    screenshot(page, "explainer_expectation")
    for step in (4, 5, 6, 7):
        _next(page, step)
    page.get_by_role("heading", name="Say it back in your own words").wait_for()
    page.get_by_text("Understood: they said back").click()
    page.get_by_role("button", name="Record teach-back").click()
    page.get_by_text("Teach-back recorded").wait_for(timeout=30_000)
    screenshot(page, "explainer_teach_back")
    with page.expect_download() as handout:
        page.get_by_role("button", name="Download the handout (PDF)").click()
    text = PdfReader(handout.value.path()).pages[0].extract_text()
    assert "about 12 minutes a day" in " ".join(text.split())

    _go(page, "Sheets & reminders")
    page.get_by_role("heading", name="Sheets & reminders").wait_for(timeout=30_000)
    screenshot(page, "sheets")
    buttons = page.get_by_role("button", name="Download")
    with page.expect_download() as fridge:
        buttons.nth(0).click()
    reader = PdfReader(fridge.value.path())
    assert name in reader.pages[0].extract_text()
    wait_ready(page)  # the click also audits the download (a rerun): let it finish before the next
    with page.expect_download() as ics:
        buttons.nth(3).click()
    cal = Calendar.from_ical(open(ics.value.path(), "rb").read())
    events = cal.walk("VEVENT")
    assert events and all(bool(e.walk("VALARM")) == ("T" in e["DTSTART"].to_ical().decode()) for e in events)
