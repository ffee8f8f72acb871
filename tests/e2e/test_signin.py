"""Sign-in through lib.web against `streamlit run lib/web.py`: the gate, reloads, deep links,
session mode, lockout, sign-out, the first run's setup code, and what a stranger can reach."""

import asyncio
import re
import shutil
import subprocess

import pytest
import requests
import websockets
from playwright.sync_api import expect

from lib import db
from tests.e2e.conftest import fill_login, login, start_server, start_session, stop_server, wait_ready

pytestmark = pytest.mark.e2e


def one_family(path, username):
    """(id, name) of one active family linked to username."""
    con = db.connect(path)
    try:
        return con.execute(
            "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
            " JOIN users u ON u.id = ft.therapist_id WHERE u.username = ? AND f.status = 'active'"
            " ORDER BY f.id LIMIT 1",
            [username],
        ).fetchone()
    finally:
        con.close()


@pytest.fixture(scope="module")
def clinic(demo_template, tmp_path_factory):
    """(url, one of maya.ot's families, database path) of a running demo clinic of this module's own."""
    path = tmp_path_factory.mktemp("signin") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    family = one_family(path, "maya.ot")  # read before the app holds the file
    proc, url = start_server(path)
    yield url, family, path
    stop_server(proc)


def session_cookie(client):
    return {"hp_session": client.cookies.get("hp_session")}


def signed_in_client(url, username="lead", password="demo"):
    client = requests.Session()
    answer = client.post(
        url + "/login", data={"username": username, "password": password}, allow_redirects=False
    )
    assert answer.status_code == 303, answer.text[:300]
    return client, answer


def websocket_status(url, cookies=None):
    """Return 'open' when the WebSocket accepts, else the HTTP status it was refused with."""

    async def attempt():
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())} if cookies else {}
        try:
            async with websockets.connect(
                url.replace("http", "ws") + "/_stcore/stream", additional_headers=headers, open_timeout=10
            ):
                return "open"
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(attempt())


# --- what a visitor who is not signed in reaches --------------------------------------


def test_every_app_path_sends_a_stranger_to_login_with_next(clinic):
    url, _, _ = clinic
    for path, expected in (
        ("/", "/login?next=%2F"),
        ("/family?family=7", "/login?next=%2Ffamily%3Ffamily%3D7"),
    ):
        answer = requests.get(url + path, allow_redirects=False, timeout=10)
        assert (answer.status_code, answer.headers["location"]) == (303, expected)


def test_a_stranger_gets_no_websocket_no_media_no_metrics_but_health(clinic):
    url, _, _ = clinic
    assert websocket_status(url) == 403
    for path in ("/media/0123456789abcdef.pdf", "/_stcore/metrics", "/_stcore/host-config", "/static/x.js"):
        answer = requests.get(url + path, allow_redirects=False, timeout=10)
        assert answer.status_code == 403, path
        assert answer.text == "Sign in first."
    assert requests.get(url + "/_stcore/health", timeout=10).text == "ok"
    client, _ = signed_in_client(url, "priya.pt")
    assert websocket_status(url, session_cookie(client)) == "open"
    assert client.get(url + "/_stcore/metrics", timeout=10).status_code == 200


def test_the_cookie_is_httponly_and_strict_and_secure_behind_tls(clinic):
    url, _, _ = clinic
    _, answer = signed_in_client(url, "sofia.slp")
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    behind_tls = requests.post(
        url + "/login",
        data={"username": "sofia.slp", "password": "demo"},
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
        timeout=10,
    )
    assert "Secure" in behind_tls.headers["set-cookie"]


def test_sign_in_goes_only_to_a_page_of_this_site(clinic):
    url, _, _ = clinic
    client = requests.Session()
    answer = client.post(
        url + "/login",
        data={"username": "tom.slp", "password": "demo", "next": "//evil.example/x"},
        allow_redirects=False,
    )
    assert answer.headers["location"] == "/"


def test_a_login_form_posted_from_another_site_is_refused(clinic):
    url, _, _ = clinic
    answer = requests.post(
        url + "/login",
        data={"username": "tom.slp", "password": "demo"},
        headers={"Origin": "http://evil.example"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 403 and "set-cookie" not in answer.headers


def test_signing_out_ends_the_session_on_the_server(clinic):
    url, _, _ = clinic
    client, _ = signed_in_client(url, "hana.psych")
    old = session_cookie(client)
    assert client.post(url + "/logout", allow_redirects=False).headers["location"] == "/login"
    again = requests.get(url + "/", cookies=old, allow_redirects=False, timeout=10)
    assert again.status_code == 303 and websocket_status(url, old) == 403


def test_the_backup_route_needs_the_token_the_app_wrote_for_this_machine(clinic):
    url, _, path = clinic
    token_file = path.parent / ".backup_token"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert requests.post(url + "/_admin/backup", timeout=10).status_code == 403
    wrong = requests.post(url + "/_admin/backup", headers={"X-Backup-Token": "guess"}, timeout=10)
    assert wrong.status_code == 403
    proxied = {"X-Backup-Token": token_file.read_text(), "X-Forwarded-For": "10.0.0.9"}
    assert requests.post(url + "/_admin/backup", headers=proxied, timeout=10).status_code == 403
    right = requests.post(
        url + "/_admin/backup", headers={"X-Backup-Token": token_file.read_text()}, timeout=60
    )
    # 503 until lib/backup.py (data safety) is merged, then the backup's own answer
    assert right.status_code in (200, 503), right.text


# --- in a browser ---------------------------------------------------------------------


def assert_full_app(page, therapist):
    """app.py ran: its sidebar names who is signed in, and the DEMO badge shows."""
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar.get_by_text(therapist)).to_be_visible()
    expect(sidebar.get_by_role("link", name="Session mode")).to_be_visible()
    expect(page.get_by_text("DEMO clinic: invented data")).to_be_visible()


def test_a_deep_link_as_a_new_servers_first_visit_opens_after_sign_in_and_survives_a_reload(
    demo_template, tmp_path, page
):
    path = tmp_path / "clinic.duckdb"
    shutil.copy(demo_template, path)
    family_id, name = one_family(path, "maya.ot")
    proc, url = start_server(path)
    try:
        login(page, url, "maya.ot", path=f"/family?family={family_id}", heading=name)
        assert page.url.endswith(f"/family?family={family_id}")
        assert_full_app(page, "Maya Okafor")
        page.reload()
        page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
        wait_ready(page)
        assert page.url.endswith(f"/family?family={family_id}")
        assert_full_app(page, "Maya Okafor")
    finally:
        stop_server(proc)


def test_the_start_pages_own_name_opens_it_without_page_not_found(clinic, page):
    url, _, _ = clinic
    login(page, url, "leo.ot", path="/caseload", heading="Caseload")
    assert page.url.rstrip("/") == url.rstrip("/")
    expect(page.get_by_text("Page not found")).to_have_count(0)


def test_log_out_in_the_sidebar_ends_the_sign_in(clinic, page):
    url, _, _ = clinic
    login(page, url, "leo.ot")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto(url + "/")
    page.wait_for_url("**/login?next=*")
    expect(page.get_by_label("Username")).to_be_visible()


def test_session_mode_survives_a_reload_and_still_needs_the_password(clinic, page):
    url, (family_id, name), _ = clinic
    login(page, url, "maya.ot", path=f"/family?family={family_id}", heading=name)
    start_session(page, name)
    for address in (None, url + "/caseload"):  # a reload, then a typed address
        page.reload() if address is None else page.goto(address)
        page.get_by_role("heading", name=f"Session with {name}").wait_for(timeout=30_000)
        wait_ready(page)
        expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    page.get_by_label("Therapist's password").fill("wrong")
    page.get_by_role("button", name="End session").click()
    page.get_by_text("The session stays on screen").wait_for(timeout=20_000)
    page.get_by_label("Therapist's password").fill("demo")
    page.get_by_role("button", name="End session").click()
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
    wait_ready(page)
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(clinic, page):
    url, _, _ = clinic
    page.goto(url + "/")
    for _ in range(4):
        fill_login(page, "priya.pt", "wrong")
        page.get_by_text("do not match").wait_for(timeout=15_000)
    fill_login(page, "priya.pt", "wrong")
    page.get_by_text("this account is locked until").wait_for(timeout=15_000)
    fill_login(page, "priya.pt", "demo")
    page.get_by_text("this account is locked until").wait_for(timeout=15_000)
    assert "/login" in page.url


# --- a real clinic's first run ----------------------------------------------------------


def test_a_new_clinic_asks_for_the_setup_code_printed_in_the_terminal(tmp_path, page):
    proc, url = start_server(tmp_path / "new.duckdb", stdout=subprocess.PIPE)
    try:
        code = None
        while code is None:
            line = proc.stdout.readline().decode()
            assert line, "the app printed no setup code"
            found = re.search(r"setup code .*:\s+([0-9A-F-]{20})", line)
            code = found and found.group(1)
        page.goto(url + "/")
        page.wait_for_url("**/login?next=*")
        expect(page.get_by_text("DEMO")).to_have_count(0)
        page.get_by_label("Setup code").fill("000000-000000-000000")
        page.get_by_label("Your name").fill("Ruth Alvarez")
        page.get_by_label("Username").fill("ruth")
        page.get_by_label("Password", exact=True).fill("a long password")
        page.get_by_label("Password again").fill("a long password")
        page.get_by_role("button", name="Create account").click()
        page.get_by_text("setup code is not right").wait_for(timeout=15_000)
        page.get_by_label("Setup code").fill(code)
        page.get_by_label("Password", exact=True).fill("a long password")
        page.get_by_label("Password again").fill("a long password")
        page.get_by_role("button", name="Create account").click()
        page.get_by_role("heading", name="Weekly caseload review").wait_for(timeout=30_000)
        wait_ready(page)
        expect(page.locator("[data-testid=stSidebar]").get_by_text("Ruth Alvarez")).to_be_visible()
    finally:
        stop_server(proc)
