"""A family with tasks in three disciplines, as a parent gets it: the fridge sheet, the star chart,
the kit list and the phone reminders, downloaded in a real browser and read back."""

import shutil
from datetime import date, time

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from pypdf import PdfReader

from lib import assignments, db
from lib.models import Actor
from tests.e2e.conftest import login, screenshot, wait_ready

pytestmark = pytest.mark.e2e
# discipline, title, weekdays, days a week, reminder time, ticks to a reward, reward, materials
TASKS = (
    ("OT", "Peg the socks", [0, 2, 4], 3, time(17, 30), 4, "an extra bedtime story", "clothes pegs"),
    ("PT", "Stand on one leg", None, 7, time(7, 30), 7, "a new toothbrush", ""),
    ("SLP", "Sound hunt", None, 3, None, 5, "your child picks the game", "the word cards"),
)


@pytest.fixture(scope="module")
def demo_template(demo_template, tmp_path_factory):
    """The demo clinic, with its first active family given one task in each of three disciplines."""
    path = tmp_path_factory.mktemp("sheets") / "demo.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    with con.cursor() as cur:
        lead = Actor(
            *cur.execute(
                "SELECT id, username, display_name, role, discipline FROM users WHERE role = 'lead' ORDER BY id"
            ).fetchone()
        )
        (family_id,) = cur.execute(
            "SELECT id FROM families WHERE status = 'active' ORDER BY id LIMIT 1"
        ).fetchone()
        cur.execute("UPDATE assignments SET status = 'retired' WHERE family_id = ?", [family_id])
        for discipline, title, weekdays, days, at, ticks, reward, materials in TASKS:
            values = {
                "title": title,
                "instructions": "Do it together. Then tick the box.",
                "discipline": discipline,
                "who": "both",
                "minutes": 5,
                "days_per_week": days,
                "weekdays": weekdays,
                "start_date": date(2026, 11, 2),
                "routine_anchor": "after school",
                "routine_time": at,
                "materials": materials,
                "reward_plan": reward,
                "reward_ticks": ticks,
                "materials_where": "the clinic gives them" if materials else "",
            }
            assignments.create_assignment(cur, lead, family_id, values)
    con.execute("CHECKPOINT")
    con.close()
    return path


@pytest.fixture(scope="module")
def family_name(demo_template):
    con = db.connect(demo_template)
    (name,) = con.execute(
        "SELECT display_name FROM families WHERE status = 'active' ORDER BY id LIMIT 1"
    ).fetchone()
    con.close()
    return name


def download(page, index):
    with page.expect_download() as got:
        page.get_by_role("button", name="Download").nth(index).click()
    path = got.value.path()
    wait_ready(page)  # the click also audits the download (a rerun): let it finish before the next
    return path


def text_of(path):
    reader = PdfReader(path)
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_a_three_discipline_family_gets_sheets_and_reminders_that_match_the_tasks(server, page, family_name):
    login(page, server, "lead")
    page.get_by_label("Find a family").click()
    page.keyboard.type(family_name)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=family_name).wait_for(timeout=30_000)
    wait_ready(page)
    page.get_by_role("link", name="Sheets & reminders").click()
    wait_ready(page)
    expect(page.get_by_text("Sound hunt (SLP)")).to_be_visible()
    expect(page.get_by_text("no reminder time yet")).to_have_count(1)
    screenshot(page, "sheets_three_disciplines")

    pages, fridge = text_of(download(page, 0))
    assert pages == 1
    for words in (
        "Peg the socks (OT)",
        "Stand on one leg (PT)",
        "Sound hunt (SLP)",
        "Do it together.",
        "clothes pegs",
        "4 ticks → an extra bedtime story",
    ):
        assert words in fridge

    pages, stars = text_of(download(page, 1))
    assert pages == 1
    assert "4 stars → an extra bedtime story" in stars and "7 stars → a new toothbrush" in stars
    assert stars.count("date: ____") == 5  # "any 3 days": the family writes the dates

    cal = Calendar.from_ical(open(download(page, 3), "rb").read())
    events = {str(e["SUMMARY"]).rsplit(": ", 1)[1]: e for e in cal.walk("VEVENT")}
    assert set(events) == {"Peg the socks", "Stand on one leg", "Sound hunt"}
    assert events["Peg the socks"]["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
    assert events["Sound hunt"].walk("VALARM") == [] and str(events["Sound hunt"]["SUMMARY"]).startswith(
        "Nudge"
    )

    pages, kit = text_of(download(page, 4))
    assert pages == 1
    assert (
        "clothes pegs" in kit and "the word cards" in kit and "Nothing needed for: Stand on one leg." in kit
    )
