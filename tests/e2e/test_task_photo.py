"""A photo from the session, in a real browser: uploaded on a task in session mode, printed on the handout."""

import shutil

import pytest
from pypdf import PdfReader

from lib import db
from tests.e2e.conftest import login, screenshot, start_session, unfold, wait_ready
from tests.photo_files import jpeg_with_gps

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def maya_family(demo_template, tmp_path_factory):
    """The name of maya.ot's first active family with an active task."""
    path = tmp_path_factory.mktemp("photo") / "look.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    try:
        return con.execute(
            "SELECT f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
            " JOIN users u ON u.id = ft.therapist_id WHERE u.username = 'maya.ot' AND f.status = 'active'"
            " AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
            " ORDER BY f.id LIMIT 1"
        ).fetchone()[0]
    finally:
        con.close()


def download(page, label):
    with page.expect_download() as got:
        page.get_by_role("button", name=label).click()
    path = got.value.path()
    wait_ready(page)  # the click also audits the download (a rerun)
    return PdfReader(path)


def test_a_photo_uploaded_in_the_session_is_printed_on_the_handout_and_fridge_sheet(
    server, page, maya_family, tmp_path
):
    login(page, server, "maya.ot")
    start_session(page, maya_family)
    for step in ("Next: Review of home practice", "Next: New skills and next tasks"):
        page.get_by_role("button", name=step).click()
        wait_ready(page)
    assert sum(len(p.images) for p in download(page, "Handout for helpers at home (PDF)").pages) == 0

    unfold(page, "Photos from the session")
    photo = tmp_path / "from-the-session.jpg"
    photo.write_bytes(jpeg_with_gps(1600, 1200, orientation=1))
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(photo))
    page.get_by_text("Photo kept").wait_for(timeout=30_000)
    wait_ready(page)
    page.get_by_role("button", name="Show on the family screen").wait_for()
    screenshot(page, "task_photo_session")

    handout = download(page, "Handout for helpers at home (PDF)")
    assert sum(len(p.images) for p in handout.pages) == 1
    fridge = download(page, "Fridge sheet for the week (PDF)")
    assert len(fridge.pages) == 1 and len(fridge.pages[0].images) == 1
