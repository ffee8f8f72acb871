"""Passwords, logins and accounts. Who may see which family lives in lib.access."""

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lib import audit
from lib.access import require_lead
from lib.db import row, transaction
from lib.errors import InvalidInput, LoginFailed, NotAllowed
from lib.inputs import Problems
from lib.models import Actor
from lib.words import DISCIPLINES

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")
MIN_PASSWORD = 8
# A real hash of a random string: verifying against it costs the same time as a real
# account, so a wrong username cannot be told from a wrong password by timing.
_DUMMY_HASH = _hasher.hash("no such user, no such password")


def hash_password(password):
    """Return an argon2 hash of the password."""
    return _hasher.hash(password)


def verify_password(stored_hash, password):
    """Return True when the password matches the stored hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_ACTOR = "SELECT id, username, display_name, role, discipline FROM users"


def has_users(cur):
    """Return True once any account exists (a new clinic has none)."""
    return cur.execute("SELECT count(*) FROM users").fetchone()[0] > 0


def login(cur, username, password):
    """Return the Actor for valid credentials of an active account, else raise LoginFailed."""
    account = row(
        cur,
        dict,
        "SELECT id, username, display_name, role, discipline, password_hash, active"
        " FROM users WHERE username = ?",
        [(username or "").strip().lower()],
    )
    ok = verify_password(account["password_hash"] if account else _DUMMY_HASH, password or "")
    if not account or not ok or not account["active"]:
        raise LoginFailed("That username and password do not match an active account.")
    if _hasher.check_needs_rehash(account["password_hash"]):
        with transaction(cur):
            cur.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(password), account["id"]]
            )
    actor = Actor(
        **{name: account[name] for name in ("id", "username", "display_name", "role", "discipline")}
    )
    with transaction(cur):
        audit.record(cur, actor, "login", "user", actor.id)
    return actor


def check_new_account(username, display_name, password, discipline, problems=None):
    """Raise InvalidInput with every problem of a new account's fields at once (or keep them in `problems`)."""
    own = problems is None
    problems = Problems() if own else problems
    with problems.check():
        if not USERNAME.match(username):
            raise InvalidInput(
                "Use 2-32 lower-case letters, digits, dots, dashes or underscores.", field="username"
            )
    with problems.check():
        if not display_name.strip() or len(display_name) > 80:
            raise InvalidInput("Give a name of 1 to 80 characters.", field="display_name")
    with problems.check():
        if len(password) < MIN_PASSWORD:
            raise InvalidInput(f"Use a password of at least {MIN_PASSWORD} characters.", field="password")
    with problems.check():
        if discipline is not None and discipline not in DISCIPLINES:
            raise InvalidInput("Choose a discipline from the list.", field="discipline")
    if own:
        problems.raise_any()


def _insert_user(cur, username, display_name, role, discipline, password_hash):
    if cur.execute("SELECT count(*) FROM users WHERE username = ?", [username]).fetchone()[0]:
        raise InvalidInput("That username is taken.", field="username")
    return cur.execute(
        "INSERT INTO users (username, display_name, role, discipline, password_hash)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [username, display_name.strip(), role, discipline, password_hash],
    ).fetchone()[0]


def create_first_lead(cur, username, display_name, password):
    """Create the clinic lead account on an empty database; refuse once any account exists."""
    username = (username or "").strip().lower()
    check_new_account(username, display_name or "", password or "", None)
    with transaction(cur):
        if has_users(cur):
            raise NotAllowed("This clinic already has accounts: log in instead.")
        user_id = _insert_user(cur, username, display_name, "lead", None, hash_password(password))
        audit.record(cur, None, "create", "user", user_id, role="lead", first_lead=True)
    return Actor(user_id, username, display_name.strip(), "lead")


def create_user(cur, actor, username, display_name, password, role="therapist", discipline=None):
    """Create an account (lead only) and return its id."""
    require_lead(actor)
    username = (username or "").strip().lower()
    if role not in ("lead", "therapist"):
        raise InvalidInput("Choose lead or therapist.", field="role")
    check_new_account(username, display_name or "", password or "", discipline)
    with transaction(cur):
        user_id = _insert_user(cur, username, display_name, role, discipline, hash_password(password))
        audit.record(cur, actor, "create", "user", user_id, role=role, discipline=discipline)
    return user_id


def first_active_lead(cur):
    """Return the Actor of the clinic's first active lead, or None (a clinic not set up yet)."""
    return row(cur, Actor, _ACTOR + " WHERE role = 'lead' AND active ORDER BY id")


def active_user(cur, user_id):
    """Return the Actor of an active account, or None when it is gone or deactivated."""
    return row(cur, Actor, _ACTOR + " WHERE id = ? AND active", [user_id])
