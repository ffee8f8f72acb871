"""In a real browser: a therapist uploads a photo of a ticked fridge sheet, confirms it, and the week grid shows the ticks."""

import re
import shutil

import cv2
import numpy as np
import pytest
from playwright.sync_api import expect

from tests.conftest import TODAY
from tests.e2e.conftest import (
    choose_family,
    login,
    open_page,
    screenshot,
    start_server,
    stop_server,
    unfold,
    wait_ready,
)
from tests.e2e.test_accessibility import serious_issues
from tests.sheet_photos import defocused, ticked_sheet_photo

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def ticked_sheet(demo_template, tmp_path_factory):
    """A running app whose demo clinic printed this week's fridge sheet for a family of maya.ot; its photo."""
    folder = tmp_path_factory.mktemp("scan")
    path = folder / "clinic.duckdb"
    shutil.copy(demo_template, path)
    name, photo, new = ticked_sheet_photo(path, "maya.ot", TODAY, level="moderate")
    assert new, "the demo family should have days this week not ticked yet"  # a fixture gap fails
    (folder / "fridge-sheet-photo.jpg").write_bytes(photo)
    _, scribbled, _ = ticked_sheet_photo(path, "maya.ot", TODAY, level="moderate", scribbled=True)
    (folder / "scribbled-sheet-photo.jpg").write_bytes(scribbled)  # the same printed sheet
    _, glare, _ = ticked_sheet_photo(path, "maya.ot", TODAY, level="moderate", seed=6, conditions=("glare",))
    (folder / "glare-sheet-photo.jpg").write_bytes(glare)  # a sleeve's glare over its weekend boxes
    proc, url = start_server(path)
    yield url, name, folder / "fridge-sheet-photo.jpg", new
    stop_server(proc)


def _open_reader(page, url, name, height):
    """Sign in as maya.ot and open 'Read a sheet' on the ticks page of the family called name."""
    page.set_viewport_size({"width": 1400, "height": height})
    login(page, url, "maya.ot")
    open_page(page, "Ticks & charts", "Ticks & charts")
    choose_family(page, name)
    unfold(page, "Read a sheet")
    wait_ready(page)


def test_a_therapist_reads_a_photographed_sheet_and_the_week_grid_shows_the_ticks(ticked_sheet, page):
    url, name, photo, new = ticked_sheet
    page.set_viewport_size({"width": 1400, "height": 2400})
    login(page, url, "maya.ot")
    open_page(page, "Ticks & charts", "Ticks & charts")
    choose_family(page, name)
    page.get_by_role("heading", name="Week of ticks").wait_for()
    for task, day in new:
        expect(page.locator(f".st-key-tick_{task}_{day.isoformat()} input")).not_to_be_checked()
    unfold(page, "Read a sheet")
    wait_ready(page)
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_text("boxes read").wait_for(timeout=60_000)
    wait_ready(page)
    screenshot(page, "sheet-scan-read")
    page.get_by_role("button", name="Save the ticks").click()
    page.get_by_text(f"Saved {len(new)} tick").wait_for(timeout=30_000)
    wait_ready(page)
    for task, day in new:
        expect(page.locator(f".st-key-tick_{task}_{day.isoformat()} input")).to_be_checked()
    screenshot(page, "sheet-scan-saved")


def test_a_photo_too_blurred_to_read_is_refused_with_what_to_change(ticked_sheet, page):
    url, name, photo, _ = ticked_sheet
    image = cv2.imdecode(np.frombuffer(photo.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    blurred = photo.with_name("blurred-sheet-photo.jpg")
    blurred.write_bytes(cv2.imencode(".jpg", defocused(image, 6))[1].tobytes())
    _open_reader(page, url, name, height=1600)
    page.locator("input[type=file]").set_input_files(str(blurred))
    page.get_by_text("too blurred to read its boxes safely").wait_for(timeout=60_000)
    wait_ready(page)
    expect(page.get_by_text("let the camera focus first")).to_be_visible()
    expect(page.get_by_role("button", name="Save the ticks")).to_have_count(0)  # nothing read, nothing saved
    screenshot(page, "sheet-scan-too-blurred")


def _read_asked(page, ticked_sheet, file_name):
    """Open 'Read a sheet' and read the fixture's photo file_name, which has boxes the reader asks."""
    url, name, photo, _ = ticked_sheet
    _open_reader(page, url, name, height=2400)
    page.locator("input[type=file]").set_input_files(str(photo.with_name(file_name)))
    page.get_by_text("could not be read for sure").wait_for(timeout=60_000)
    wait_ready(page)


def test_a_box_the_reader_asks_is_shown_as_the_photo_shows_it(ticked_sheet, page):
    _read_asked(page, ticked_sheet, "scribbled-sheet-photo.jpg")
    picture = page.get_by_role("img", name=re.compile("^The photo around the box for "))
    expect(picture).to_have_count(1)
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.complete && img.naturalWidth") >= 150  # drawn, not a broken link
    expect(page.get_by_text("The boxes to decide, as the photo shows them")).to_be_visible()
    assert serious_issues(page) == []
    screenshot(page, "sheet-scan-asked")


def test_boxes_asked_under_glare_are_named_so_with_what_to_change(ticked_sheet, page):
    _read_asked(page, ticked_sheet, "glare-sheet-photo.jpg")
    expect(page.get_by_text("They lie where the paper shines in the photo (glare)")).to_be_visible()
    expect(page.get_by_text("tilt the sheet away from the light")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^The photo around the box for "))).to_have_count(2)
    expect(page.get_by_text(re.compile("The paper shines here"))).to_have_count(2)  # under each picture
    assert serious_issues(page) == []
    screenshot(page, "sheet-scan-glare")
