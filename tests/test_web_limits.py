"""The web edge (lib.web) refuses what a sign-in never needs, and tells the truth about the disk."""

import anyio
import pytest
from starlette.applications import Starlette
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from lib import backup, db, web
from lib.accounts import signin
from tests.factories import make_user

APP = Starlette(routes=web.ROUTES)


def call(method, path, chunks=(b"",), headers=()):
    """Send one request to lib.web's routes as ASGI; return (status, headers, body, chunks read)."""
    pending = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)
    ]
    read, answer = [0], {"body": b""}

    async def receive():
        if pending:
            read[0] += 1
            return pending.pop(0)
        return {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            answer["status"], answer["headers"] = message["status"], dict(message["headers"])
        elif message["type"] == "http.response.body":
            answer["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8501),
    }
    anyio.run(APP, scope, receive, send)
    return answer["status"], answer["headers"], answer["body"], read[0]


@pytest.fixture
def clinic(con, monkeypatch):
    monkeypatch.setattr(web, "connection", lambda: con)
    with con.cursor() as cur:
        make_user(cur, "maya")
    return con


FORM = (b"content-type", b"application/x-www-form-urlencoded")


def test_a_sign_in_body_over_the_limit_is_refused_before_it_is_read(clinic):
    declared = (b"content-length", str(150 * 2**20).encode())
    status, _, body, read = call("POST", "/login", [b"x" * 1024] * 100, [FORM, declared])
    assert status == 413 and b"never this large" in body
    assert read == 0


def test_a_body_without_a_length_is_cut_off_as_it_comes(clinic):
    status, _, _, read = call("POST", "/login", [b"x" * 4096] * 1000, [FORM])
    assert status == 413
    assert read <= web.MAX_FORM // 4096 + 1


def test_a_normal_sign_in_form_still_signs_in(clinic):
    status, headers, _, _ = call("POST", "/login", [b"username=maya&password=password1&next=%2F"], [FORM])
    assert status == 303 and signin.COOKIE.encode() in headers[b"set-cookie"]


def test_typing_logout_shows_a_sign_out_button_and_keeps_the_session(clinic):
    with clinic.cursor() as cur:
        token, _ = signin.sign_in(cur, "maya", "password1")
    cookie = (b"cookie", f"{signin.COOKIE}={token}".encode())
    status, _, body, _ = call("GET", "/logout", headers=[cookie])
    assert status == 200
    assert b'<form method="post" action="/logout">' in body and b"Sign out</button>" in body
    with clinic.cursor() as cur:
        assert signin.validate(cur, token) is not None


def test_ready_says_ready_when_the_database_can_write(clinic):
    status, _, body, _ = call("GET", "/ready")
    assert (status, body) == (200, b"ready\n")


def test_ready_fails_when_the_disk_is_nearly_full(clinic, monkeypatch):
    monkeypatch.setattr(backup, "disk_space", lambda path: (10 * 2**20, 2**30))
    status, _, body, _ = call("GET", "/ready")
    assert status == 503 and b"10 MB free" in body


def test_ready_fails_when_the_database_refuses_a_write(clinic, monkeypatch):
    monkeypatch.setattr(db, "transaction", lambda cur: _Refusing())
    status, _, body, _ = call("GET", "/ready")
    assert status == 503 and b"disk is full" in body


class _Refusing:
    def __enter__(self):
        raise db.StorageFailed()

    def __exit__(self, *exc):
        return False


def test_every_media_file_is_bound_to_the_session_it_was_made_for_when_it_is_made():
    """Streamlit's media manager is wrapped as lib.web expects (guards an upgrade that changes it)."""
    web._bind_media_to_sessions()
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    placeholder = manager.add_deferred(lambda: b"the whole clinic", "text/csv", "1.2", file_name="c.csv")
    url = manager.execute_deferred(placeholder)
    assert web._sessions_holding(web._file_id(url)) == {"dontcare"}  # the session outside a run
    photo = manager.add(b"a photo", "image/png", "1.3")
    manager.clear_session_refs("dontcare")  # what a new run does first: the file still has its owner
    assert web._sessions_holding(web._file_id(photo)) == {"dontcare"}
    assert web._sessions_holding("no-such-file") == set()


def test_a_download_made_on_the_click_outlives_other_sessions_runs():
    """Streamlit deletes an unreferenced download when two runs end anywhere; the clicking session holds it."""
    web._bind_media_to_sessions()
    storage = MemoryMediaFileStorage("/media")
    manager = MediaFileManager(storage)
    placeholder = manager.add_deferred(
        lambda: b"the fridge sheet", "application/pdf", "1.4", file_name="s.pdf"
    )
    url = manager.execute_deferred(placeholder)
    for _ in range(3):  # other users' runs end, each tidying orphaned files
        manager.remove_orphaned_files()
    assert storage.get_file(web._file_id(url)).content == b"the fridge sheet"
    manager.clear_session_refs("dontcare")  # the clicking session's next run lets it go
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert web._file_id(url) not in manager._file_metadata
