"""The web server: Streamlit's app.py wrapped in st.App, with sign-in pages and a gate in front.

`streamlit run lib/web.py` serves it (Makefile). Without a valid sign-in session every app path
redirects to /login?next=..., and the WebSocket, /media/ and /_stcore/ (health excepted)
refuse. GET /login shows a plain HTML form (the setup-code form on a clinic without
accounts); POST /login checks the password (lib.accounts.signin) and sets an HttpOnly, SameSite=Strict
cookie, Secure behind TLS; POST /logout ends the session. POST /_admin/backup makes a backup
for a local script holding the token written at start to data/.backup_token.
"""

import hmac
import logging
import os
import secrets
import sys
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run lib/web.py` puts lib/, not the project, on the path
    sys.path.insert(0, str(ROOT))

import anyio  # noqa: E402
import streamlit as st  # noqa: E402
from starlette.concurrency import run_in_threadpool  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.requests import HTTPConnection, Request  # noqa: E402
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response  # noqa: E402
from starlette.routing import Route  # noqa: E402
from streamlit.runtime import Runtime  # noqa: E402
from streamlit.runtime.media_file_manager import MediaFileManager  # noqa: E402
from streamlit.runtime.media_file_manager import _get_session_id as media_session_id  # noqa: E402
from streamlit.runtime.pages_manager import PagesManager  # noqa: E402

from lib import db  # noqa: E402
from lib.accounts import auth, signin, users  # noqa: E402
from lib.errors import DomainError  # noqa: E402
from lib.settings import get_settings  # noqa: E402
from lib.ui.database import shared_connection  # noqa: E402
from lib.words import join_words  # noqa: E402

PUBLIC = {"/login", "/logout", "/ready", "/_stcore/health", "/_admin/backup"}
MAX_FORM = 16 * 1024  # bytes of a sign-in form: a bigger body is refused before it is read
# paths the browser fetches itself (not pages): refused, never redirected
NOT_PAGES = ("/_stcore/", "/media/", "/component/", "/static/", "/_admin/")
LOOPBACK = {"127.0.0.1", "::1"}


def connection():
    """Return the app's process-wide DuckDB connection (the one the script uses)."""
    return shared_connection()


def _with_cursor(fn, *args):
    with connection().cursor() as cur:
        return fn(cur, *args)


def backup_token_path():
    """Return where the backup token is written (next to the database: data/.backup_token)."""
    return db.db_path().parent / ".backup_token"


def _write_backup_token():
    path = backup_token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(32))


def _print_setup_code():
    code = _with_cursor(signin.issue_setup_code)
    if code:
        print(
            "\n  This clinic has no accounts yet. Open the app in a browser and give this"
            f"\n  one-time setup code to create the clinic lead's account:  {code}\n",
            flush=True,
        )


def _no_folder_pages():
    """Route every run through app.py's st.navigation, the first one of the process too.

    Streamlit runs a file of pages/ directly (its older multipage mode, without app.py's
    sign-in, sidebar and session-mode routing) when the very first run of a process asks
    for /family, until some run has called st.navigation. Switch that mode off at start.
    """
    # The one use of Streamlit's internals (PagesManager, not a public API): the design keeps
    # the screens in pages/, which turns that mode on. tests/pages/test_streamlit_edge.py fails if a
    # Streamlit upgrade drops the attribute or stops reading it.
    PagesManager.uses_pages_directory = False


def _warm_up():
    """Import what the first page needs and work out the lead's caseload, while people sign in.

    The first run after a start would otherwise pay both (seconds on a big clinic); a page
    asking before this is done waits for it rather than doing the same work twice."""
    try:
        from lib.ui import caseload_view  # noqa: PLC0415  (the pages' modules, imported off the request path)

        lead = _with_cursor(auth.first_active_lead)
        if lead is not None:
            caseload_view.warm_up(lead)
    except Exception:  # noqa: BLE001  (a failed warm-up only means the first page does the work)
        logging.getLogger(__name__).exception("warming up the caseload failed")


@asynccontextmanager
async def lifespan(_app):
    """At start: write a fresh backup token, on an empty clinic print the setup code, warm up."""
    os.umask(0o077)  # every file the server makes (the database's WAL, backups) is this account's only
    _no_folder_pages()
    _bind_media_to_sessions()
    await run_in_threadpool(_write_backup_token)
    await run_in_threadpool(_print_setup_code)
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    yield


# --- the sign-in pages (constant HTML; every value escaped) ---------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Home Practice: sign in</title>
<style>
body {{ font-family: system-ui, sans-serif; background: #FBFAF7; color: #1F2A30; margin: 0; }}
main {{ max-width: 26rem; margin: 4rem auto; padding: 0 1rem; font-size: 17px; }}
h1 {{ font-size: 1.8rem; margin-bottom: .2rem; }} .clinic {{ color: #5b6770; margin-top: 0; }}
label {{ display: block; margin-top: 1rem; font-weight: 600; }}
input {{ width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem; margin-top: .3rem;
  border: 1px solid #b8c4c2; border-radius: .4rem; }}
button {{ margin-top: 1.4rem; padding: .6rem 1.4rem; font-size: 1rem; background: #2F6F73; color: #fff;
  border: 0; border-radius: .4rem; cursor: pointer; }}
.error {{ background: #fde8e8; color: #8a1c1c; padding: .7rem; border-radius: .4rem; margin-top: 1rem; }}
.field-error {{ color: #8a1c1c; margin: .3rem 0 0; }}
.forgot {{ margin-top: 1.6rem; color: #3d4a52; }}
.demo {{ background: #fff3cd; padding: .7rem; border-radius: .4rem; margin-top: 1rem; }}
.badge {{ display: inline-block; background: #f0a202; color: #1F2A30; font-weight: 700; font-size: .8rem;
  padding: .15rem .5rem; border-radius: .3rem; }}
</style></head>
<body><main>{demo_badge}<h1>Home Practice</h1><p class="clinic">{clinic}</p>{body}</main></body></html>
"""

_LOGIN = """<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" value="{username}" autofocus required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
{error}<button type="submit">Log in</button></form>
<p class="forgot"><strong>Forgot your password?</strong> {forgot}</p>{demo}"""

_SETUP = """<h2>Welcome: create the clinic lead's account</h2>
<p>This clinic has no accounts yet. The terminal that started Home Practice shows a one-time
setup code: type it here with the clinic lead's details. The lead can add therapists later.</p>
<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<label for="setup_code">Setup code</label>
<input id="setup_code" name="setup_code" value="{code}" required autofocus>{error_setup_code}
<label for="display_name">Your name</label><input id="display_name" name="display_name" value="{name}" required>
{error_display_name}<label for="username">Username</label>
<input id="username" name="username" value="{username}" autocomplete="username" required>{error_username}
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required>{error_password}
<label for="password_again">Password again</label>
<input id="password_again" name="password_again" type="password" autocomplete="new-password" required>
{error}<button type="submit">Create account</button></form>"""
SETUP_FIELDS = ("setup_code", "display_name", "username", "password")

DEMO_HINT = (
    '<p class="demo">This is the demo clinic with invented families. Log in as <code>lead</code> '
    "(clinic lead) or as a therapist (<code>maya.ot</code>, <code>leo.ot</code>, <code>priya.pt</code>, "
    "<code>sofia.slp</code>, <code>tom.slp</code>, <code>hana.psych</code>); every demo password is "
    "<code>demo</code>.</p>"
)
DEMO_BADGE = '<span class="badge">DEMO clinic: invented data</span>'


# never cached, never framed by another site; no Referer to other sites (Origin stays, for _same_origin)
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}


def safe_next(value):
    """Return a local path to go to after signing in (never another site, never /login)."""
    value = value or "/"
    parts = urlsplit(value)
    if not value.startswith("/") or value.startswith("//") or "\\" in value or parts.scheme or parts.netloc:
        return "/"
    return "/" if parts.path in ("/login", "/logout") else value


def _error_html(message, css="error"):
    return f'<p class="{css}" role="alert">{escape(message)}</p>' if message else ""


def forgot_password_words(names):
    """Return who resets a forgotten password in this clinic, from the active leads' names."""
    if not names:
        return "The clinic lead can set a new one for you."
    who = "the clinic lead" if len(names) == 1 else "a clinic lead"
    return f"Ask {join_words(names, 'or')} ({who}): they can set a new one for you."


def _sign_in_page(cur, next_path, error="", fields=None, status=200, problems=None):
    fields, problems = fields or {}, problems or {}
    settings = get_settings(cur)
    if auth.has_users(cur):
        body = _LOGIN.format(
            next=escape(next_path),
            username=escape(fields.get("username", "")),
            error=_error_html(error),
            forgot=escape(forgot_password_words(users.lead_names(cur))),
            demo=DEMO_HINT if settings["is_demo"] else "",
        )
    else:  # every field kept but the passwords; each problem under its field
        under = {f"error_{f}": _error_html(problems.get(f, ""), "field-error") for f in SETUP_FIELDS}
        left = [m for f, m in problems.items() if f not in SETUP_FIELDS]
        body = _SETUP.format(
            next=escape(next_path),
            code=escape(fields.get("setup_code", "")),
            name=escape(fields.get("display_name", "")),
            username=escape(fields.get("username", "")),
            error=_error_html(" ".join(left) if problems else error),
            **under,
        )
    html = _PAGE.format(
        demo_badge=DEMO_BADGE if settings["is_demo"] else "",
        clinic=escape(settings["clinic_name"]),
        body=body,
    )
    return HTMLResponse(html, status_code=status, headers=PAGE_HEADERS)


def _is_https(request):
    # uvicorn already takes X-Forwarded-Proto from a proxy on this machine (its default)
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or (forwarded == "https" and _client(request) in LOOPBACK)


def _client(request):
    return request.client.host if request.client else ""


def _same_origin(request):
    """Refuse a form posted from another site (the Origin header, when the browser sends one)."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host", "")


def _signed_in_session(request):
    token = request.cookies.get(signin.COOKIE)
    return _with_cursor(signin.validate, token) if token else None


def _signed_in_redirect(token, next_path, request):
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        signin.COOKIE, token, httponly=True, samesite="strict", secure=_is_https(request), path="/"
    )
    return response


async def login_page(request: Request):
    """GET /login: the sign-in form, or straight on when already signed in."""
    next_path = safe_next(request.query_params.get("next"))
    if await run_in_threadpool(_signed_in_session, request):
        return RedirectResponse(next_path, status_code=303)
    return await run_in_threadpool(_with_cursor, _sign_in_page, next_path)


def _post_login(cur, form, request):
    next_path = safe_next(form.get("next"))
    try:
        if "setup_code" in form:
            token, _ = signin.create_first_lead(
                cur,
                form.get("setup_code"),
                form.get("username"),
                form.get("display_name"),
                form.get("password"),
                client=_client(request),
                password_again=form.get("password_again", ""),
            )
        else:
            token, _ = signin.sign_in(
                cur, form.get("username"), form.get("password"), client=_client(request)
            )
    except DomainError as exc:
        problems = dict(exc.problems)
        if "setup_code" in form and not problems:  # a locked code: said under the code
            problems = {"setup_code": str(exc)}
        return _sign_in_page(cur, next_path, str(exc), form, status=401, problems=problems)
    return _signed_in_redirect(token, next_path, request)


class FormTooBig(Exception):
    """The request body is larger than a sign-in form can be."""


async def _form(request):
    """Read a small urlencoded form; raise FormTooBig past MAX_FORM without reading the rest."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM:
        raise FormTooBig
    body = bytearray()
    async for chunk in request.stream():  # a body without a length is counted as it comes
        body += chunk
        if len(body) > MAX_FORM:
            raise FormTooBig
    text = body.decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


TOO_BIG = "Refused: a sign-in form is never this large."


async def login_post(request: Request):
    """POST /login: check the password (or the setup code), open a session, go to `next`."""
    if not _same_origin(request):
        return PlainTextResponse("Refused: this form was sent from another site.", status_code=403)
    try:
        form = await _form(request)
    except FormTooBig:
        return PlainTextResponse(TOO_BIG, status_code=413, headers={"Connection": "close"})
    return await run_in_threadpool(_with_cursor, _post_login, form, request)


_LOGOUT = """<h2>Sign out</h2>
<p>{who}</p>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>
<p><a href="/">Back to Home Practice</a></p>"""


def _logout_page(cur, found):
    settings = get_settings(cur)
    who = f"Signed in as {escape(found.actor.display_name)}." if found else "You are not signed in."
    html = _PAGE.format(
        demo_badge=DEMO_BADGE if settings["is_demo"] else "",
        clinic=escape(settings["clinic_name"]),
        body=_LOGOUT.format(who=who),
    )
    return HTMLResponse(html, headers=PAGE_HEADERS)


async def logout_page(request: Request):
    """GET /logout: a page with the sign-out button (a typed or followed link never signs anyone out)."""
    found = await run_in_threadpool(_signed_in_session, request)
    return await run_in_threadpool(_with_cursor, _logout_page, found)


def _ready(cur):
    from lib import backup as backups  # noqa: PLC0415  (imported by the lifespan already)

    free, _ = backups.disk_space(db.db_path())
    if free < READY_FREE:
        return False, f"not ready: the database's disk has {free // 2**20} MB free"
    try:
        with db.transaction(cur):
            cur.execute(
                "INSERT OR REPLACE INTO readiness_probe (id, written_at) VALUES (1, current_timestamp)"
            )
    except (DomainError, OSError) as exc:
        return False, f"not ready: the database cannot write ({exc})"
    return True, "ready"


READY_FREE = 50 * 1024 * 1024  # bytes the database's disk must have free to take the clinic's writes


async def ready(request: Request):
    """GET /ready: 200 when the database can take a write, 503 otherwise (health says only: running)."""
    ok, words = await run_in_threadpool(_with_cursor, _ready)
    return PlainTextResponse(
        words + "\n", status_code=200 if ok else 503, headers={"Cache-Control": "no-store"}
    )


async def logout(request: Request):
    """POST /logout: end the session and forget the cookie."""
    if not _same_origin(request):
        return PlainTextResponse("Refused: this form was sent from another site.", status_code=403)
    token = request.cookies.get(signin.COOKIE)
    if token:
        _files_ok.pop(signin.token_key(token), None)
        await run_in_threadpool(_with_cursor, signin.sign_out, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(signin.COOKIE, path="/", httponly=True, samesite="strict")
    return response


async def backup(request: Request):
    """POST /_admin/backup: make a backup, for a script on this machine holding the token."""
    local = _client(request) in LOOPBACK and "x-forwarded-for" not in request.headers
    try:
        expected = backup_token_path().read_text().strip()
    except OSError:
        expected = ""
    given = request.headers.get("x-backup-token", "")
    if not local or not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return PlainTextResponse("Refused.", status_code=403)
    try:
        from lib import backup as backups
    except ImportError:
        return PlainTextResponse("Backups are not available in this version.", status_code=503)
    made = await run_in_threadpool(backups.make_backup, connection())
    return PlainTextResponse(f"{made}\n")


async def start_page(request: Request):
    """The caseload is the start page at /: its own name, typed or bookmarked, goes there too."""
    query = request.url.query
    return RedirectResponse("/" + ("?" + query if query else ""), status_code=307)


ROUTES = [
    Route("/caseload", start_page, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_post, methods=["POST"]),
    Route("/logout", logout_page, methods=["GET"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/ready", ready, methods=["GET"]),
    Route("/_admin/backup", backup, methods=["POST"]),
]


FILES_CHECKED_FOR = 30  # seconds a sign-in checked for the frontend's own files stays good
_files_ok = {}  # token digest -> time.monotonic() of its last check that passed


def _may_fetch_files(token):
    """Return True when this token may fetch /static/ (Streamlit's own JavaScript, no data).

    A page load fetches dozens of them: one database check per token each 30 seconds, not
    one per file. Pages, the WebSocket and /media/ are checked on every request."""
    key, now = signin.token_key(token), time.monotonic()
    if now - _files_ok.get(key, -FILES_CHECKED_FOR) < FILES_CHECKED_FOR:
        return True
    if _with_cursor(signin.validate, token) is None:
        _files_ok.pop(key, None)
        return False
    if len(_files_ok) > 1000:
        _files_ok.clear()
    _files_ok[key] = now
    return True


# --- a download belongs to the sign-in that made it ------------------------------------------
# Streamlit serves files (downloads, images) at /media/<id>.<ext> to whoever asks. Here a file is
# served only to a browser signed in with the same session as the page that made it: the lead's
# whole-clinic CSV never reaches a therapist's cookie, even with its URL. This reads Streamlit's
# own bookkeeping (not a public API); tests/test_web_limits.py fails if an upgrade changes it.
_made_for = OrderedDict()  # file id (or an on-click download's placeholder) -> the sessions that made it
MADE_FOR_KEPT = 20_000  # files remembered; the oldest are forgotten first


def _file_id(path):
    return path.rsplit("/", 1)[-1].split(".", 1)[0]


def _remember(file_id, sessions):
    _made_for.setdefault(file_id, set()).update(sessions)
    _made_for.move_to_end(file_id)
    while len(_made_for) > MADE_FOR_KEPT:
        _made_for.popitem(last=False)


def _bind_media_to_sessions():
    """Remember which Streamlit session each /media/ file was made for, when it is made.

    Streamlit's own map of a session's files is emptied at the start of each run (a download
    fetched during the rerun its click starts would find no owner), and it maps a download made
    on the click (data=callable) to no session at all: such a file is an orphan, deleted when any
    two other sessions' runs end, so under load the browser's fetch of it could find nothing (404,
    measured by tests/load). Here the session that clicked holds it, as it holds the files it drew."""
    if getattr(MediaFileManager.add, "binds_owner", False):
        return
    add, add_deferred, execute_deferred = (
        MediaFileManager.add,
        MediaFileManager.add_deferred,
        MediaFileManager.execute_deferred,
    )

    def bound_add(self, *args, **kwargs):
        url = add(self, *args, **kwargs)
        _remember(_file_id(url), {media_session_id()})
        return url

    def bound_add_deferred(self, *args, **kwargs):
        placeholder = add_deferred(self, *args, **kwargs)
        _remember(placeholder, {media_session_id()})
        return placeholder

    def bound_execute_deferred(self, file_id):
        entry = self._deferred_callables.get(file_id)
        url = execute_deferred(self, file_id)
        _remember(_file_id(url), _made_for.get(file_id, set()))
        if entry is not None:  # held by its session until that session's next run, like any file it drew
            with self._lock:
                self._files_by_session_and_coord[entry["session_id"]][entry["coordinates"] + ":made"] = (
                    _file_id(url)
                )
        return url

    bound_add.binds_owner = True
    MediaFileManager.add = bound_add
    MediaFileManager.add_deferred = bound_add_deferred
    MediaFileManager.execute_deferred = bound_execute_deferred


def _sessions_holding(file_id):
    return set(_made_for.get(file_id, set()))


def may_fetch_media(path, token):
    """Return True when the /media/ file at path was made for a page signed in with this token."""
    if not Runtime.exists():
        return False
    runtime = Runtime.instance()
    for sid in _sessions_holding(_file_id(path)):
        context = getattr(runtime.get_client(sid), "client_context", None)
        if context is not None and context.cookies.get(signin.COOKIE) == token:
            return True
    return False


def _may_pass(scope, token):
    """Check a valid sign-in (and, for /media/, that the file is this sign-in's); run off the event loop."""
    if not _with_cursor(signin.validate, token):
        return False
    return not scope["path"].startswith("/media/") or may_fetch_media(scope["path"], token)


class SignInGate:
    """ASGI middleware: only a signed-in browser reaches the app, its WebSocket and its files."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket") or scope["path"] in PUBLIC:
            return await self.app(scope, receive, send)
        token = HTTPConnection(scope).cookies.get(signin.COOKIE)
        if token and scope["path"].startswith("/static/"):
            if await anyio.to_thread.run_sync(_may_fetch_files, token):
                return await self.app(scope, receive, send)
        elif token and await anyio.to_thread.run_sync(_may_pass, scope, token):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            return await send({"type": "websocket.close", "code": 1008})
        path = scope["path"]
        if scope["method"] in ("GET", "HEAD") and not path.startswith(NOT_PAGES):
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + ("?" + query if query else "")
            response = RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
        else:
            response = Response("Sign in first.", status_code=403, media_type="text/plain")
        await response(scope, receive, send)


app = st.App(str(ROOT / "app.py"), routes=ROUTES, middleware=[Middleware(SignInGate)], lifespan=lifespan)
