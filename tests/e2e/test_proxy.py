"""README's Caddy and nginx blocks in front of the app on loopback: TLS, sign-in, health, the WebSocket."""

import asyncio
import os
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


def readme_block(language):
    """The proxy configuration the README tells a clinic to use."""
    return re.search(rf"```{language}\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)


def wait_for_port(port, name, deadline=30):
    end = time.time() + deadline
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    pytest.fail(f"{name} did not start")


def start_caddy(work, app_url, port):
    """Run README's Caddyfile on localhost:port; return (process, its root certificate)."""
    caddy = shutil.which("caddy")
    assert caddy, "Debian's caddy package is missing: `apt-get install caddy` (make test does it as root)"
    site = readme_block("caddy").replace("homepractice.clinic.lan", f"localhost:{port}")
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
    wait_for_port(port, "caddy")
    root = work / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    end = time.time() + 30
    while not root.exists() and time.time() < end:
        time.sleep(0.2)
    return proxy, root


def start_nginx(work, app_url, port):
    """Run README's nginx block on localhost:port with a self-signed certificate; return (process, cert)."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    assert nginx, "Debian's nginx-light package is missing: `apt-get install nginx-light` (make test does it)"
    cert, key = work / "localhost.crt", work / "localhost.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    site = (
        readme_block("nginx")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
        .replace("homepractice.clinic.lan", "localhost")
        .replace("/etc/ssl/certs/homepractice.crt", str(cert))
        .replace("/etc/ssl/private/homepractice.key", str(key))
        .replace("http://127.0.0.1:8501", app_url)
    )
    temp = "".join(
        f"{kind}_temp_path {work / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = (
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {work / 'nginx.pid'};\nerror_log {work / 'error.log'};\nevents {{}}\n"
        + f"http {{\naccess_log off;\n{temp}{site}}}\n"
    )
    (work / "nginx.conf").write_text(config)
    proxy = subprocess.Popen(
        [nginx, "-c", str(work / "nginx.conf"), "-p", str(work)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, "nginx")
    return proxy, cert


@pytest.fixture(scope="module", params=["caddy", "nginx"])
def proxied(request, demo_template, tmp_path_factory):
    """(https URL through README's caddy or nginx block, the certificate to trust)."""
    work = tmp_path_factory.mktemp(request.param)
    shutil.copy(demo_template, work / "clinic.duckdb")
    app, app_url = start_server(work / "clinic.duckdb")
    port = _free_port()
    try:
        proxy, root = (start_caddy if request.param == "caddy" else start_nginx)(work, app_url, port)
        try:
            yield f"https://localhost:{port}", str(root)
        finally:
            proxy.terminate()
            proxy.wait(timeout=20)
    finally:
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


def test_a_huge_sign_in_body_is_refused_through_the_proxy(proxied):
    url, root = proxied
    body = b"username=" + b"a" * (2 * 2**20) + b"&password=x"
    answer = requests.post(
        url + "/login",
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        verify=root,
        allow_redirects=False,
        timeout=60,
    )
    assert answer.status_code == 413
