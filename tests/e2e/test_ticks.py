"""In a real browser: a therapist back-fills last week from the sheet, marks an illness day, and the charts follow."""

import time
from datetime import timedelta

import duckdb
import pytest
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from lib import ticks, words
from lib.figures import adherence
from lib.models import Actor
from tests.conftest import TODAY
from tests.e2e.conftest import choose_family, login, open_page, screenshot, unfold, wait_ready

pytestmark = pytest.mark.e2e


def _open_cell(demo_template):
    """Find a family of maya.ot, a task that fell short last week, its planned unticked days, a day to skip."""
    con = duckdb.connect(str(demo_template), read_only=True)
    with con.cursor() as cur:
        row = cur.execute(
            "SELECT id, username, display_name, role, discipline FROM users WHERE username = 'maya.ot'"
        ).fetchone()
        maya = Actor(*row)
        today = TODAY
        last_monday = words.week_start(today) - timedelta(days=7)
        families = cur.execute(
            "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
            " WHERE ft.therapist_id = ? AND f.status = 'active' ORDER BY f.id",
            [maya.id],
        ).fetchall()
        for family_id, name in families:
            weekly = adherence.weekly_completion(
                cur, maya, [family_id], last_monday, last_monday, as_of=today
            )
            short = weekly[weekly["ticked_days"] < weekly["planned_days"]]
            grid = ticks.week_grid(cur, maya, family_id, last_monday, today=today)
            cells = grid[
                grid["assignment_id"].isin(short["assignment_id"])
                & grid["state"].isin(["planned", "any_day"])
                & ~grid["ticked"]
            ]
            # a day of a fixed-weekday task: skipping it takes it out of the plan (an "any N days" task
            # keeps its N while enough days stay open, so its sentence need not change)
            free = grid[(grid["state"] == "planned") & (grid["day"] != cells["day"].min())]
            if len(cells) and len(free):
                task = int(cells["assignment_id"].iloc[0])
                days = list(cells[cells["assignment_id"] == task]["day"])
                return name, task, days, free["day"].iloc[-1]
    con.close()
    pytest.fail("the demo has no family with an open day last week")  # a fixture gap fails, never skips


def _sentence(page):
    return page.get_by_role("heading", level=3).filter(has_text="practised on").first.inner_text()


def _wait_changed(page, before):
    page.wait_for_function(
        "(before) => [...document.querySelectorAll('h3')].some("
        " h => h.innerText.includes('practised on') && h.innerText !== before)",
        arg=before,
        timeout=20_000,
    )
    wait_ready(page)


def test_a_therapist_ticks_last_week_from_the_sheet_and_marks_an_illness_day(server, page, demo_template):
    name, task, days, ill_day = _open_cell(demo_template)
    sent = []  # what the browser sends the server: a tick's rerun is of the grid's part of the page only
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    page.set_viewport_size({"width": 1400, "height": 2700})
    login(page, server, "maya.ot")
    started = time.monotonic()
    open_page(page, "Ticks & charts", "Ticks & charts")
    choose_family(page, name)
    page.get_by_role("heading", name="Week of ticks").wait_for()
    page.get_by_role("tab", name="Charts").click()  # built when opened
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    wait_ready(page)
    before = _sentence(page)
    calendar_before = page.get_by_text("Dark blue squares").inner_text()
    page.get_by_role("tab", name="Week of ticks").click()
    page.get_by_role("button", name="Previous week").click()
    cell = page.locator(f".st-key-tick_{task}_{days[0].isoformat()}")
    cell.wait_for()
    wait_ready(page)
    total = cell.locator("xpath=ancestor::*[@data-testid='stHorizontalBlock'][1]")
    total_before = total.inner_text()

    clicked = len(sent)
    cell.locator("label").click()
    expect(cell.locator("input")).to_be_checked()
    wait_ready(page)
    expect(total).not_to_have_text(total_before)  # the row's week total follows at once
    reruns = [BackMsg.FromString(p).rerun_script for p in sent[clicked:] if isinstance(p, bytes)]
    assert [r.fragment_id != "" for r in reruns if r.widget_states.widgets] == [
        True
    ]  # the grid, not the page
    for day in days[1:6]:  # the rest of the sheet, one click each
        other = page.locator(f".st-key-tick_{task}_{day.isoformat()}")
        other.locator("label").click()
        expect(other.locator("input")).to_be_checked()
        wait_ready(page)
    screenshot(page, "ticks")
    page.get_by_role("tab", name="Charts").click()
    _wait_changed(page, before)
    assert page.get_by_text("Dark blue squares").inner_text() != calendar_before
    screenshot(page, "ticks_charts")
    after_ticks = _sentence(page)
    page.get_by_role("tab", name="Week of ticks").click()
    wait_ready(page)

    expect(cell).to_be_visible()
    unfold(page, "Skip days: illness, holiday, hospital")
    # the date field moves on by itself after each part: one click, then type the whole date
    page.get_by_role("spinbutton", name="day, First day").click()
    page.keyboard.type(f"{ill_day.day:02d}{ill_day.month:02d}{ill_day.year}")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Mark as skip days").click()
    page.get_by_text("Marked 1 day as illness").wait_for(timeout=20_000)
    wait_ready(page)
    expect(page.locator(f".st-key-cell_{task}_{ill_day.isoformat()}")).to_contain_text("illness")
    assert time.monotonic() - started < 60
    screenshot(page, "ticks_skip")
    page.get_by_role("tab", name="Charts").click()
    _wait_changed(page, after_ticks)  # a skip day leaves the plan: the week's sentence follows
