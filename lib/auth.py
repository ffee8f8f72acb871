"""Passwords, logins and the rules of who may see or change what."""

import re
from dataclasses import replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from lib import audit
from lib.db import transaction
from lib.errors import InvalidInput, LoginFailed, NotAllowed, NotYourFamily
from lib.models import DISCIPLINES, Actor

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


def _actor(row):
    return Actor(id=row[0], username=row[1], display_name=row[2], role=row[3], discipline=row[4])


def has_users(cur):
    """Return True once any account exists (a new clinic has none)."""
    return cur.execute("SELECT count(*) FROM users").fetchone()[0] > 0


def login(cur, username, password):
    """Return the Actor for valid credentials of an active account, else raise LoginFailed."""
    row = cur.execute(
        "SELECT id, username, display_name, role, discipline, password_hash, active"
        " FROM users WHERE username = ?",
        [(username or "").strip().lower()],
    ).fetchone()
    ok = verify_password(row[5] if row else _DUMMY_HASH, password or "")
    if not row or not ok or not row[6]:
        raise LoginFailed("That username and password do not match an active account.")
    if _hasher.check_needs_rehash(row[5]):
        with transaction(cur):
            cur.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(password), row[0]])
    actor = _actor(row)
    with transaction(cur):
        audit.record(cur, actor, "login", "user", actor.id)
    return actor


def _check_new_account(username, display_name, password, discipline):
    if not USERNAME.match(username):
        raise InvalidInput(
            "Use 2-32 lower-case letters, digits, dots, dashes or underscores.", field="username"
        )
    if not display_name.strip() or len(display_name) > 80:
        raise InvalidInput("Give a name of 1 to 80 characters.", field="display_name")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Use a password of at least {MIN_PASSWORD} characters.", field="password")
    if discipline is not None and discipline not in DISCIPLINES:
        raise InvalidInput("Choose a discipline from the list.", field="discipline")


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
    _check_new_account(username, display_name or "", password or "", None)
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
    _check_new_account(username, display_name or "", password or "", discipline)
    with transaction(cur):
        user_id = _insert_user(cur, username, display_name, role, discipline, hash_password(password))
        audit.record(cur, actor, "create", "user", user_id, role=role, discipline=discipline)
    return user_id


def require_lead(actor):
    """Raise NotAllowed unless actor is the clinic lead."""
    if actor is None or not actor.is_lead:
        raise NotAllowed("Only the clinic lead can do this.")


def may_see_family(cur, actor, family_id):
    """Return True when actor may read and change this family's records."""
    if actor is None:
        return False
    if actor.in_session:
        # session mode: the family on screen, and only if the therapist may see it at all
        if family_id != actor.session_family_id:
            return False
        return may_see_family(cur, replace(actor, session_family_id=None), family_id)
    if actor.is_lead:
        return True
    return bool(
        cur.execute(
            "SELECT count(*) FROM family_therapists WHERE family_id = ? AND therapist_id = ?",
            [family_id, actor.id],
        ).fetchone()[0]
    )


def require_whole_caseload(actor):
    """Raise NotAllowed while a session with one family is on screen (lists show others)."""
    if actor is not None and actor.in_session:
        raise NotAllowed("Session mode shows only the family in the session. End the session first.")


def session_clamp(actor, family_ids):
    """Return the family ids a many-family query may use: only the session's family in session mode.

    None means "every family the actor may see" outside a session.
    """
    if actor is None or not actor.in_session:
        return family_ids
    return [f for f in (family_ids or [actor.session_family_id]) if int(f) == actor.session_family_id]


def require_family(cur, actor, family_id):
    """Raise NotYourFamily unless actor may see this family."""
    if not may_see_family(cur, actor, family_id):
        raise NotYourFamily(family_id)


def active_user(cur, user_id):
    """Return the Actor of an active account, or None when it is gone or deactivated."""
    row = cur.execute(
        "SELECT id, username, display_name, role, discipline FROM users WHERE id = ? AND active", [user_id]
    ).fetchone()
    return None if row is None else _actor(row)
