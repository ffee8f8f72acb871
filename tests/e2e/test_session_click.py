"""A click made while the session's first run is still drawing is not lost (the run used to be "not found")."""

import shutil

import pytest

from lib import db
from tests.e2e.conftest import choose_family, login, open_page, start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def clinic(demo_template, tmp_path_factory):
    """(url, one of maya.ot's families with a running task) of a running demo clinic of its own."""
    path = tmp_path_factory.mktemp("click") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    con = db.connect(path)
    name = con.execute(
        "SELECT f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN users u ON u.id = ft.therapist_id JOIN assignments a ON a.family_id = f.id"
        " WHERE u.username = 'maya.ot' AND f.status = 'active' AND a.status = 'active'"
        " ORDER BY f.id LIMIT 1"
    ).fetchone()[0]
    con.close()
    proc, url = start_server(path)
    yield url, name
    stop_server(proc)


def test_next_clicked_as_soon_as_the_session_shows_moves_to_the_review(page, clinic):
    url, name = clinic
    login(page, url, "maya.ot")
    open_page(page, "Session mode", "Start a session")
    choose_family(page, name)
    page.get_by_role("button", name="Start session").click()
    page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
    page.get_by_role("button", name="Next: Review of home practice").click()  # no wait for the run to end
    page.locator("[data-testid=stForm]").first.wait_for(timeout=30_000)  # the review step's form
    assert page.get_by_text("Page not found").count() == 0
