"""A download belongs to the sign-in that made it: the lead's caseload CSV never reaches another cookie."""

import shutil

import pytest
import requests

from tests.e2e.conftest import login, start_server, stop_server, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def clinic(demo_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("media") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    proc, url = start_server(path)
    yield url
    stop_server(proc)


def cookie_of(username, url):
    answer = requests.post(
        url + "/login", data={"username": username, "password": "demo"}, allow_redirects=False
    )
    assert answer.status_code == 303
    return {"hp_session": answer.cookies["hp_session"]}


def test_the_leads_caseload_csv_is_served_to_the_lead_only(page, clinic):
    login(page, clinic, "lead")
    wait_ready(page)
    with page.expect_download() as csv:
        page.get_by_role("button", name="Download table (CSV)").click()
    media = csv.value.url
    assert "/media/" in media
    lead_cookie = {c["name"]: c["value"] for c in page.context.cookies() if c["name"] == "hp_session"}
    assert requests.get(media, cookies=lead_cookie, timeout=30).status_code == 200
    other = requests.get(media, cookies=cookie_of("maya.ot", clinic), timeout=30)
    assert other.status_code == 403 and "family_id" not in other.text
    again = requests.get(media, cookies=cookie_of("lead", clinic), timeout=30)  # the lead's other sign-in
    assert again.status_code == 403
    assert requests.get(media, timeout=30).status_code == 403
