"""server.allowedHosts (.streamlit/config.toml): the WebSocket answers loopback names only.

A page served under another name (DNS rebinding: a hostile site whose name now points at the
clinic machine) cannot open the app's WebSocket, even with a signed-in cookie.
"""

import asyncio
import shutil
import tomllib

import pytest
import requests
import websockets

from tests.e2e.conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def app(demo_template, tmp_path_factory):
    work = tmp_path_factory.mktemp("hosts")
    shutil.copy(demo_template, work / "clinic.duckdb")
    proc, url = start_server(work / "clinic.duckdb")
    yield url
    stop_server(proc)


def _stream(url, host, cookie):
    """Open the WebSocket at url's address, naming `host` in the Host header; 'open' or the refusal."""
    port = int(url.rsplit(":", 1)[1])

    async def attempt():
        try:
            async with websockets.connect(
                f"ws://{host}:{port}/_stcore/stream",
                host="127.0.0.1",
                port=port,
                additional_headers={"Cookie": f"hp_session={cookie}"},
            ):
                return "open"
        except websockets.InvalidStatus as refused:
            return refused.response.status_code

    return asyncio.run(attempt())


def test_the_config_names_only_loopback_hosts():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["allowedHosts"] == ["localhost", "127.0.0.1"]


def test_the_websocket_opens_for_loopback_names_and_refuses_another(app):
    answer = requests.post(
        app + "/login", data={"username": "lead", "password": "demo"}, allow_redirects=False, timeout=20
    )
    cookie = answer.cookies.get("hp_session")
    assert cookie
    assert _stream(app, "localhost", cookie) == "open"
    assert _stream(app, "127.0.0.1", cookie) == "open"
    assert _stream(app, "rebound.example", cookie) != "open"
