"""The main flow in a real browser: set a task from a template, watch the advice, give it again,
and show the family its card."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from lib import db
from tests.conftest import TODAY
from tests.e2e.conftest import login, screenshot, wait_ready

pytestmark = pytest.mark.e2e
TEMPLATE = "Funny faces in the mirror"


@pytest.fixture(scope="module")
def family_name(demo_template):
    """A family of sofia.slp without this task yet."""
    con = db.connect(demo_template)
    name = con.execute(
        "SELECT f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN users u ON u.id = ft.therapist_id WHERE u.username = 'sofia.slp' AND f.status = 'active'"
        " AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.title = ?)"
        " ORDER BY f.id LIMIT 1",
        [TEMPLATE],
    ).fetchone()[0]
    con.close()
    return name


def choose(page, label, option, within=None):
    (within or page).get_by_label(label).click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    wait_ready(page)


def test_a_therapist_sets_a_task_gives_it_again_and_shows_the_family(server, page, family_name):
    login(page, server, "sofia.slp")
    page.get_by_role("link", name="Home practice tasks").click()
    wait_ready(page)
    choose(page, "Which family?", family_name)
    page.get_by_text("Set a task", exact=True).click()
    wait_ready(page)
    choose(page, "Start from a template (optional)", f"SLP · oral motor · {TEMPLATE}")
    expect(page.get_by_label("Daily routine it goes with")).to_have_value("while brushing teeth")

    minutes = page.get_by_label("Minutes per practice")
    minutes.fill("15")
    minutes.press("Tab")
    wait_ready(page)
    expect(page.get_by_text("15 minutes is a long practice")).to_be_visible()
    screenshot(page, "assignment_form_long")
    minutes.fill("5")
    minutes.press("Tab")
    wait_ready(page)
    expect(page.get_by_text("is a long practice")).to_have_count(0)

    page.get_by_text("We tried it together in the session").click()
    wait_ready(page)
    page.get_by_text("The family chose this task").click()
    wait_ready(page)
    radios = page.locator("[data-testid=stRadio]").filter(has_text="Not asked yet")
    expect(radios).to_have_count(8)
    for i in range(8):
        radios.nth(i).get_by_text("A risk" if i == 3 else "Fine", exact=True).click()
        wait_ready(page)
    page.get_by_label("The plan").fill("Grandma runs it on Tuesdays")
    page.get_by_label("The plan").press("Enter")
    wait_ready(page)
    expect(page.get_by_text("Checklist not finished")).to_have_count(0)
    page.get_by_role("button", name="Save task").scroll_into_view_if_needed()
    screenshot(page, "assignment_form")
    page.get_by_role("button", name="Save task").click()
    wait_ready(page)
    expect(page.get_by_text("Task saved.")).to_be_visible()

    page.get_by_text(f"{TEMPLATE} · 5 min, every day").click()
    wait_ready(page)
    task = page.locator("[data-testid=stExpander]").filter(has_text=f"{TEMPLATE} · 5 min")
    choose(page, "What next", "Give the same task again", within=task)
    week_later = TODAY + timedelta(days=7)
    task.get_by_role("spinbutton", name="day, From").click()
    page.keyboard.type(week_later.strftime("%d%m%Y"))
    page.keyboard.press("Tab")
    task.get_by_role("button", name="Save", exact=True).click()
    wait_ready(page)
    expect(page.get_by_text(f"Given again from {week_later.day} {week_later:%b %Y}")).to_be_visible()
    screenshot(page, "assignment_tasks")

    page.get_by_text("Family view", exact=True).click()
    wait_ready(page)
    expect(page.get_by_role("heading", name=TEMPLATE)).to_be_visible()
    expect(page.get_by_text("5 minutes, every day").first).to_be_visible()
    expect(page.get_by_text("checklist incomplete")).to_have_count(0)
    page.get_by_role("heading", name=TEMPLATE).scroll_into_view_if_needed()
    screenshot(page, "assignment_family_view")


def test_the_lead_browses_the_template_library(server, page):
    login(page, server, "lead")
    page.get_by_role("link", name="Task templates").click()
    wait_ready(page)
    expect(page.get_by_role("heading", name="Task templates")).to_be_visible()
    page.get_by_text("SLP", exact=True).click()
    wait_ready(page)
    page.get_by_text("SLP · oral motor · Funny faces in the mirror").first.click()
    expect(page.get_by_text("puffed-up cheeks").first).to_be_visible()
    expect(page.get_by_role("heading", name="Add or change a template")).to_be_visible()
    screenshot(page, "templates")
