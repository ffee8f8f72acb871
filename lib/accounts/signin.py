"""Server-side sign-in sessions, the lockout after wrong passwords, and the first run's setup code.

A browser holds a random token (an HttpOnly cookie set by lib.web); the database keeps only
its SHA-256. A session ends when the user signs out, after the clinic's idle time, after
12 hours, or as soon as the user's password changes or the account is deactivated (the row
remembers a mark of the password hash it was opened with). Every sign-in, failed sign-in,
refusal while locked and sign-out is audited.

While session mode is on (one family on a shared screen) the idle time is the clinic's session
setting, and only what the therapist does counts: the family screen's polling reads without
touching. A sign-in that ended in session mode (run out idle, or signed out at the shared
screen) comes back in session mode at the user's next sign-in that day, while the session is
still on screen: leaving session mode always needs the password.
"""

import hashlib
import hmac
import secrets
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from lib import audit, clock
from lib.accounts import auth
from lib.db import in_transaction, row, transaction
from lib.errors import Conflict, InvalidInput, LoginFailed, NotAllowed, StorageFailed
from lib.inputs import Problems
from lib.models import Actor
from lib.settings import get_settings

COOKIE = "hp_session"
LIFETIME = timedelta(hours=12)
LOCK_AFTER = 5  # failed attempts ...
LOCK_WINDOW = timedelta(minutes=15)  # ... within this long ...
LOCK_FOR = timedelta(minutes=15)  # ... lock the account this long
TOUCH_EVERY = timedelta(minutes=1)
# the therapist's window in session mode asks "I'm still here?" this long before an idle end
WARN_BEFORE = timedelta(minutes=2)
SETUP = "(setup)"  # the name attempts at the setup code are counted under (with the computer's address)
CLIENT_LOCK_AFTER = 20  # failed attempts from one computer within LOCK_WINDOW refuse it for LOCK_FOR
MAX_TYPED = 200  # characters of a typed username looked at; a longer one is no account's
MAX_NAME = 64  # characters of a username an attempt keeps
KEEP_ATTEMPTS = timedelta(days=30)


class ClientLocked(LoginFailed):
    """Too many wrong sign-ins from this computer, whatever the names: refused until `until`."""

    def __init__(self, until):
        super().__init__(
            f"Too many wrong sign-ins from this computer: try again after {until:%H:%M}, "
            "or ask the clinic lead."
        )
        self.until = until


class AccountLocked(LoginFailed):
    """Too many wrong passwords for this account: refused, even with the right one, until `until`."""

    def __init__(self, until):
        super().__init__(
            f"Too many wrong passwords: this account is locked until {until:%H:%M}. "
            "Try again then, or ask the clinic lead."
        )
        self.until = until


@dataclass(frozen=True)
class SignedIn:
    """A valid sign-in session: who, and what session mode it carries."""

    id: int
    actor: Actor
    last_seen: datetime
    session_id: int | None = None
    idle: timedelta = timedelta(minutes=30)  # the idle time that ends it (session mode has its own)

    @property
    def idle_ends(self):
        """Return when this session ends if nothing more is done in it."""
        return self.last_seen + self.idle


def _digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def token_key(token):
    """Return what the database keeps of a token (its digest): a key that is not the token."""
    return _digest(token)


def _name(username):
    return (username or "").strip().lower()


# --- lockout ---------------------------------------------------------------------------
# Checking the lock, verifying the password and counting a failure are one step per account: a
# burst of simultaneous guesses is taken one at a time, so the sixth sees the first five. One
# process serves the clinic (DuckDB lets only one open the file), so a lock in memory holds.
_STRIPES = [threading.Lock() for _ in range(64)]


def _steps(*keys):
    """Return the locks for these keys in one order (so two callers can never wait on each other)."""
    found = sorted({hash(k) % len(_STRIPES) for k in keys if k})
    return [_STRIPES[i] for i in found]


class _Held:
    def __init__(self, *keys):
        self.locks = _steps(*keys)

    def __enter__(self):
        for lock in self.locks:
            lock.acquire()

    def __exit__(self, *exc):
        for lock in reversed(self.locks):
            lock.release()


def lock_end(failures, now, after=LOCK_AFTER):
    """Return when a lock from these failure times ends, or None when not locked now."""
    failures = sorted(failures)
    ends = [
        failures[i + after - 1] + LOCK_FOR
        for i in range(len(failures) - after + 1)
        if failures[i + after - 1] - failures[i] <= LOCK_WINDOW
    ]
    return max(ends) if ends and max(ends) > now else None


def _name_key(cur):
    found = cur.execute("SELECT value FROM signin_secret WHERE id = 1").fetchone()
    if found:
        return bytes(found[0])
    with transaction(cur):
        cur.execute(
            "INSERT OR IGNORE INTO signin_secret (id, value) VALUES (1, ?)", [secrets.token_bytes(32)]
        )
    return bytes(cur.execute("SELECT value FROM signin_secret WHERE id = 1").fetchone()[0])


def _kept_name(cur, username, user_id):
    """Return what an attempt keeps of the name: a known username, else only a keyed hash of it."""
    if user_id is not None or username.startswith(SETUP):
        return username[:MAX_NAME]
    return "?" + hmac.new(_name_key(cur), username.encode(), hashlib.sha256).hexdigest()[:32]


def locked_until(cur, username, now=None, since=None):
    """Return the end of the current lock on this username (as an attempt keeps it), or None."""
    now = now or clock.now()
    start = max(now - LOCK_WINDOW - LOCK_FOR, since or datetime.min)
    # failures since the last good sign-in (by order of writing: two can share a timestamp)
    rows = cur.execute(
        "SELECT tried_at FROM signin_attempts WHERE username = $name AND outcome = 'failed'"
        " AND tried_at >= $since AND id > coalesce((SELECT max(id) FROM signin_attempts"
        "   WHERE username = $name AND outcome = 'ok'), 0)",
        {"name": username, "since": start},
    ).fetchall()
    return lock_end([r[0] for r in rows], now)


def client_locked_until(cur, client, now=None):
    """Return the end of the current refusal of this computer (too many failures from it), or None."""
    if not client:
        return None
    now = now or clock.now()
    rows = cur.execute(
        "SELECT tried_at FROM signin_attempts WHERE client = ? AND outcome = 'failed' AND tried_at > ?",
        [client, now - LOCK_WINDOW - LOCK_FOR],
    ).fetchall()
    return lock_end([r[0] for r in rows], now, after=CLIENT_LOCK_AFTER)


def _attempt(cur, username, user_id, outcome, now, client=None, **detail):
    cur.execute(
        "INSERT INTO signin_attempts (username, user_id, tried_at, outcome, client) VALUES (?, ?, ?, ?, ?)",
        [username, user_id, now, outcome, client],
    )
    action = {"ok": "login", "failed": "login_failed", "locked": "login_locked"}[outcome]
    if outcome != "ok":  # a good one is audited by auth.login, in the same transaction
        audit.record(cur, None, action, "user", user_id, at=now, client=client, **detail)


def _user_id(cur, username):
    found = cur.execute("SELECT id FROM users WHERE username = ?", [username]).fetchone()
    return found[0] if found else None


@contextmanager
def _kept_apart(cur):
    """Yield a cursor whose writes stay even when cur's unit of work is rolled back.

    A wrong password raises, and the caller's transaction (a page's run_write) then undoes
    everything in it: the count of failures must not be undone with it."""
    if not in_transaction(cur):
        yield cur
        return
    side = cur.cursor()
    try:
        yield side
    finally:
        side.close()


def _refuse_if_locked(cur, kept, user_id, now, client, since=None):
    until = locked_until(cur, kept, now, since)
    refusal = AccountLocked(until) if until else None
    if refusal is None:
        until = client_locked_until(cur, client, now)
        refusal = ClientLocked(until) if until else None
    if refusal is None:
        return
    # a refusal is written down once a minute at most: a client hammering a locked door cannot fill the disk
    recent = cur.execute(
        "SELECT count(*) FROM signin_attempts WHERE outcome = 'locked' AND tried_at > ?"
        " AND (username = ? OR client = ?)",
        [now - timedelta(minutes=1), kept, client or ""],
    ).fetchone()[0]
    if not recent:
        with _kept_apart(cur) as apart, transaction(apart):
            _attempt(apart, kept, user_id, "locked", now, client=client)
    raise refusal


def _failed(cur, kept, user_id, now, client, since=None):
    with _kept_apart(cur) as apart:
        with transaction(apart):
            _attempt(apart, kept, user_id, "failed", now, client=client, known=user_id is not None)
        until = locked_until(apart, kept, now, since)
    if until:
        raise AccountLocked(until)


def _prune(cur, now):
    """Forget attempts older than KEEP_ATTEMPTS (at most once an hour)."""
    if now - _pruned["at"] < timedelta(hours=1):
        return
    _pruned["at"] = now
    with transaction(cur):
        cur.execute("DELETE FROM signin_attempts WHERE tried_at < ?", [now - KEEP_ATTEMPTS])


_pruned = {"at": datetime.min}


def check_password(cur, actor, password, now=None, client=None):
    """Check the signed-in user's own password (to leave session mode), counted like a sign-in.

    Wrong tries count towards the same lockout as the sign-in page, and are audited."""
    now = now or clock.now()
    user = row(cur, dict, "SELECT username, password_hash FROM users WHERE id = ? AND active", [actor.id])
    if user is None:
        raise LoginFailed("This account is no longer active.")
    kept = user["username"][:MAX_NAME]
    with _Held(kept, client):
        _refuse_if_locked(cur, kept, actor.id, now, client)
        if not auth.verify_password(user["password_hash"], password or ""):
            _failed(cur, kept, actor.id, now, client)
            raise LoginFailed("That password is not right. The session stays on screen.")
        with transaction(cur):
            _attempt(cur, kept, actor.id, "ok", now, client=client)


# --- sessions --------------------------------------------------------------------------


def _password_mark(cur, user_id):
    found = cur.execute("SELECT password_hash FROM users WHERE id = ?", [user_id]).fetchone()
    return _digest(found[0])


def _open_session(cur, actor, now):
    token = secrets.token_urlsafe(32)
    cur.execute(
        "INSERT INTO signin_sessions (token_hash, user_id, password_mark, created_at, last_seen,"
        " session_family_id, session_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            _digest(token),
            actor.id,
            _password_mark(cur, actor.id),
            now,
            now,
            *_run_out_session(cur, actor, now),
        ],
    )
    return token


def _run_out_session(cur, actor, now):
    """Return (family id, session id) of a session mode the user's sign-in ended in today, else (None, None).

    Only a session still on screen counts (lib.sessions.presenter: ending it with the password
    closes its screen); the newest wins. Running out idle, or a sign-out typed at the shared
    screen, is no way out of session mode: the family may still be looking."""
    found = cur.execute(
        "SELECT s.session_family_id, s.session_id FROM signin_sessions s"
        " JOIN presenter_state p ON p.session_id = s.session_id AND p.ended_at IS NULL"
        " WHERE s.user_id = ? AND s.ended_at::DATE = ? AND s.session_family_id IS NOT NULL"
        " ORDER BY s.ended_at DESC, s.id DESC LIMIT 1",
        [actor.id, now.date()],
    ).fetchone()
    if found is None:
        return None, None
    audit.record(cur, actor, "screen_open", "session", found[1], family_id=found[0], after_sign_in=True)
    return found[0], found[1]


def sign_in(cur, username, password, now=None, client=None):
    """Check the password (unless the account or the computer is locked), open a session; return (token, actor)."""
    now = now or clock.now()
    username = _name(username)[:MAX_TYPED]
    user_id = _user_id(cur, username)
    kept = _kept_name(cur, username, user_id)
    _prune(cur, now)
    with _Held(kept, client):
        _refuse_if_locked(cur, kept, user_id, now, client)
        try:
            with transaction(cur):
                actor = auth.login(cur, username, password)  # audits the sign-in
                _attempt(cur, kept, actor.id, "ok", now, client=client)
                token = _open_session(cur, actor, now)
        except LoginFailed:
            _failed(cur, kept, user_id, now, client)
            raise
    return token, actor


def _end(cur, session_id, user_id, why, now):
    cur.execute(
        "UPDATE signin_sessions SET ended_at = ?, ended_why = ? WHERE id = ? AND ended_at IS NULL",
        [now, why, session_id],
    )
    # signing out is the user's own act; a timeout or a password change is the system's
    who = Actor(user_id, "", "", "") if why == "signed_out" else None
    audit.record(cur, who, "logout", "user", user_id, why=why, at=now)


def idle_limit(cur, in_session, settings=None):
    """Return how long a sign-in may go unused: the clinic's session setting while session mode is on.

    settings: the clinic's settings when the caller has read them already (get_settings)."""
    name = "session_idle_minutes" if in_session else "signin_idle_minutes"
    return timedelta(minutes=(settings or get_settings(cur))[name])


def _why_invalid(found, now, idle):
    if not found["active"]:
        return "deactivated"
    if found["password_mark"] != found["current_mark"]:
        return "password_changed"
    if now - found["created_at"] > LIFETIME:
        return "lifetime"
    if now > found["last_seen"] + idle:
        return "idle"
    return None


def validate(cur, token, now=None, settings=None):
    """Return the SignedIn of a valid token, or None (ending a session that has just run out).

    settings: the clinic's settings when the caller has read them already (get_settings)."""
    if not token:
        return None
    now = now or clock.now()
    found = row(
        cur,
        dict,
        "SELECT s.id, s.user_id, s.password_mark, s.created_at, s.last_seen, u.active,"
        "  sha256(u.password_hash) AS current_mark, s.session_family_id, s.session_id,"
        "  u.username, u.display_name, u.role, u.discipline"
        " FROM signin_sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ? AND s.ended_at IS NULL",
        [_digest(token)],
    )
    if found is None:
        return None
    idle = idle_limit(cur, found["session_family_id"] is not None, settings)
    why = _why_invalid(found, now, idle)
    if why:
        try:
            with transaction(cur):
                _end(cur, found["id"], found["user_id"], why, now)
        except (Conflict, StorageFailed):
            pass  # another request ended it at the same moment, or the disk is full: it ends next time
        return None
    actor = Actor(
        found["user_id"],
        found["username"],
        found["display_name"],
        found["role"],
        found["discipline"],
        session_family_id=found["session_family_id"],
    )
    return SignedIn(found["id"], actor, found["last_seen"], found["session_id"], idle)


def touch(cur, signed_in, now=None):
    """Note that the session is in use (at most once a minute), so the idle time starts again."""
    now = now or clock.now()
    if now - signed_in.last_seen < TOUCH_EVERY:
        return signed_in
    try:
        with transaction(cur):
            cur.execute("UPDATE signin_sessions SET last_seen = ? WHERE id = ?", [now, signed_in.id])
    except (Conflict, StorageFailed):
        return signed_in  # another tab touched it just now, or the disk is full (reading still works)
    return replace(signed_in, last_seen=now)


def still_here(cur, signed_in, now=None):
    """Start the idle time again now: the therapist answered "I'm still here" (a real action)."""
    now = now or clock.now()
    with transaction(cur):
        cur.execute("UPDATE signin_sessions SET last_seen = ? WHERE id = ?", [now, signed_in.id])
    return replace(signed_in, last_seen=now)


def idle_warning(signed_in, now=None):
    """Return when this sign-in ends idle if that is at most WARN_BEFORE away, else None."""
    now = now or clock.now()
    return signed_in.idle_ends if signed_in.idle_ends - now <= WARN_BEFORE else None


def sign_out(cur, token, now=None):
    """End the session of this token (a no-op when it has already ended)."""
    found = row(
        cur,
        dict,
        "SELECT id, user_id FROM signin_sessions WHERE token_hash = ? AND ended_at IS NULL",
        [_digest(token or "")],
    )
    if found is not None:
        with transaction(cur):
            _end(cur, found["id"], found["user_id"], "signed_out", now or clock.now())


def set_session_mode(cur, signed_in, family_id, session_id):
    """Carry session mode (one family on screen) in the sign-in session, so a reload keeps it."""
    with transaction(cur):
        cur.execute(
            "UPDATE signin_sessions SET session_family_id = ?, session_id = ? WHERE id = ?",
            [family_id, session_id, signed_in.id],
        )


def clear_session_mode(cur, signed_in):
    """Leave session mode in the sign-in session (after the therapist's password was checked)."""
    set_session_mode(cur, signed_in, None, None)


# --- first run -------------------------------------------------------------------------


def issue_setup_code(cur, now=None):
    """On a clinic without accounts, replace the setup code and return it; else return None."""
    if auth.has_users(cur):
        return None
    code = "-".join(secrets.token_hex(3).upper() for _ in range(3))
    with transaction(cur):
        cur.execute("DELETE FROM setup_codes")
        cur.execute(
            "INSERT INTO setup_codes (code_hash, created_at) VALUES (?, ?)",
            [auth.hash_password(code), now or clock.now()],
        )
        audit.record(cur, None, "setup_code", "clinic", None)
    return code


def create_first_lead(
    cur, code, username, display_name, password, now=None, client=None, password_again=None
):
    """With the terminal's setup code, create the clinic lead and sign them in; return (token, actor).

    A wrong code and every problem of the lead's details are reported together (InvalidInput's
    `problems`, the code's under "setup_code"); password_again, when given, must match."""
    now = now or clock.now()
    problems = Problems()
    # counted per computer, and only against the code printed last: a stranger's wrong guesses
    # cannot lock the clinic's own setup out, and a restart's new code works at once
    kept = f"{SETUP} {client or ''}".strip()
    stored = cur.execute("SELECT code_hash, created_at FROM setup_codes").fetchall()
    since = max((r[1] for r in stored), default=None)
    with _Held(kept):
        _refuse_if_locked(cur, kept, None, now, None, since)
        if not any(auth.verify_password(h, (code or "").strip().upper()) for h, _ in stored):
            if not stored and auth.has_users(cur):
                raise NotAllowed("This clinic already has accounts: sign in instead.")
            _failed(cur, kept, None, now, client, since)
            problems.add(
                LoginFailed(
                    "That setup code is not right. It is printed in the terminal that started the app.",
                    field="setup_code",
                )
            )
    with problems.check():
        if password_again is not None and password != password_again:
            raise InvalidInput("The two passwords differ.", field="password")
    with problems.check():
        if len(password or "") < auth.MIN_PASSWORD:
            raise InvalidInput(
                f"Use a password of at least {auth.MIN_PASSWORD} characters.", field="password"
            )
    with problems.check():
        auth.check_new_account((username or "").strip().lower(), display_name or "", password or "", None)
    problems.raise_any()
    with transaction(cur):
        actor = auth.create_first_lead(cur, username, display_name, password)
        cur.execute("DELETE FROM setup_codes")
        _attempt(cur, kept, actor.id, "ok", now, client=client)
        audit.record(cur, actor, "login", "user", actor.id, first_lead=True)
        token = _open_session(cur, actor, now)
    return token, actor
