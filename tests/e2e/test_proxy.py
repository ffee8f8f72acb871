"""README's Caddy block in front of the app on loopback: TLS, sign-in, health and the WebSocket."""

import asyncio
import re
import shutil
import socket
import ssl
import subprocess
import time

import pytest
import requests
import websockets

from tests.e2e.conftest import ROOT, _free_port, start_server, stop_server

pytestmark = pytest.mark.e2e


def readme_caddy_block():
    """The Caddyfile the README tells a clinic to use."""
    return re.search(r"```caddy\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)


def wait_for_port(port, deadline=30):
    end = time.time() + deadline
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail("caddy did not start")


@pytest.fixture(scope="module")
def proxied(demo_template, tmp_path_factory):
    """(https URL through caddy, path of caddy's root certificate)."""
    caddy = shutil.which("caddy")
    assert caddy, "Debian's caddy package is missing: `apt-get install caddy` (make test does it as root)"
    work = tmp_path_factory.mktemp("proxy")
    shutil.copy(demo_template, work / "clinic.duckdb")
    app, app_url = start_server(work / "clinic.duckdb")
    port = _free_port()
    site = readme_caddy_block().replace("homepractice.clinic.lan", f"localhost:{port}")
    site = site.replace("127.0.0.1:8501", app_url.removeprefix("http://"))
    config = (
        "{\n\tadmin off\n\tskip_install_trust\n\tstorage file_system " + str(work / "caddy") + "\n}\n" + site
    )
    (work / "Caddyfile").write_text(config)
    proxy = subprocess.Popen(
        [caddy, "run", "--config", str(work / "Caddyfile"), "--adapter", "caddyfile"],
        env={"HOME": str(work), "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        root = work / "caddy" / "pki" / "authorities" / "local" / "root.crt"
        end = time.time() + 30
        while not root.exists() and time.time() < end:
            time.sleep(0.2)
        yield f"https://localhost:{port}", str(root)
    finally:
        proxy.terminate()
        proxy.wait(timeout=20)
        stop_server(app)


def sign_in(url, root):
    # verify= on each call: a session's own setting loses to REQUESTS_CA_BUNDLE
    return requests.post(
        url + "/login",
        data={"username": "lead", "password": "demo"},
        verify=root,
        allow_redirects=False,
        timeout=20,
    )


def test_health_and_sign_in_work_through_the_tls_proxy_with_a_secure_cookie(proxied):
    url, root = proxied
    assert requests.get(url + "/_stcore/health", verify=root, timeout=20).text == "ok"
    answer = sign_in(url, root)
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]
    cookies = {"hp_session": answer.cookies.get("hp_session")}
    shell = requests.get(url + "/", cookies=cookies, verify=root, allow_redirects=False, timeout=20)
    assert shell.status_code == 200 and "<html" in shell.text.lower()
    assert requests.get(url + "/", verify=root, allow_redirects=False, timeout=20).status_code == 303


def test_the_websocket_passes_the_proxy_only_with_a_session(proxied):
    url, root = proxied
    token = sign_in(url, root).cookies.get("hp_session")
    context = ssl.create_default_context(cafile=root)

    async def attempt(cookie):
        headers = {"Cookie": f"hp_session={cookie}"} if cookie else {}
        try:
            async with websockets.connect(
                url.replace("https", "wss") + "/_stcore/stream", ssl=context, additional_headers=headers
            ):
                return "open"
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    assert asyncio.run(attempt(token)) == "open"
    assert asyncio.run(attempt(None)) == 403


def test_the_proxy_hides_the_backup_route(proxied):
    url, root = proxied
    assert requests.post(url + "/_admin/backup", verify=root, timeout=20).status_code == 404
