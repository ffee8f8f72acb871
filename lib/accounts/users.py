"""Therapist accounts, run by the clinic lead: add, edit, deactivate, re-activate, reset password."""

from lib import audit
from lib.access import require_lead
from lib.accounts.auth import MIN_PASSWORD, USERNAME, check_new_account, create_user, hash_password
from lib.db import transaction
from lib.errors import InvalidInput, NotAllowed, NotFound
from lib.inputs import Problems
from lib.words import DISCIPLINES


def list_users(cur, actor):
    """Return every account with how many open families it is linked to (lead only), as a DataFrame."""
    require_lead(actor)
    return cur.execute(
        "SELECT u.id, u.display_name, u.username, u.role, u.discipline, u.active,"
        "  (SELECT count(DISTINCT ft.family_id) FROM family_therapists ft JOIN families f ON f.id = ft.family_id"
        "    WHERE ft.therapist_id = u.id AND f.status <> 'discharged') AS families"
        " FROM users u ORDER BY NOT u.active, lower(u.display_name), u.id"
    ).df()


def get_user(cur, actor, user_id):
    """Return (id, username, display_name, role, discipline, active) of one account (lead only)."""
    require_lead(actor)
    row = cur.execute(
        "SELECT id, username, display_name, role, discipline, active FROM users WHERE id = ?", [user_id]
    ).fetchone()
    if row is None:
        raise NotFound("No such account.")
    return row


def add_therapist(cur, actor, username, display_name, password, discipline, role="therapist"):
    """Create a therapist (or lead) account and return its id (lead only)."""
    require_lead(actor)
    problems = Problems()  # every field's problem at once
    with problems.check():
        if role == "therapist" and discipline is None:
            raise InvalidInput("Choose the therapist's discipline.", field="discipline")
    check_new_account(
        (username or "").strip().lower(), display_name or "", password or "", discipline, problems
    )
    problems.raise_any()
    return create_user(cur, actor, username, display_name, password, role=role, discipline=discipline)


def update_user(cur, actor, user_id, username, display_name, discipline):
    """Change an account's login name, display name and discipline (lead only)."""
    _, old_username, _, role, _, _ = get_user(cur, actor, user_id)
    username = (username or "").strip().lower()
    display_name = (display_name or "").strip()
    problems = Problems()  # every field's problem at once
    with problems.check():
        if not USERNAME.match(username):
            raise InvalidInput(
                "Use 2-32 lower-case letters, digits, dots, dashes or underscores.", field="username"
            )
    with problems.check():
        if not display_name or len(display_name) > 80:
            raise InvalidInput("Give a name of 1 to 80 characters.", field="display_name")
    with problems.check():
        if discipline is not None and discipline not in DISCIPLINES:
            raise InvalidInput("Choose a discipline from the list.", field="discipline")
        if role == "therapist" and discipline is None:
            raise InvalidInput("Choose the therapist's discipline.", field="discipline")
    problems.raise_any()
    with transaction(cur):
        taken = cur.execute(
            "SELECT count(*) FROM users WHERE username = ? AND id <> ?", [username, user_id]
        ).fetchone()[0]
        if taken:
            raise InvalidInput("That username is taken.", field="username")
        if username != old_username:
            cur.execute("UPDATE users SET username = ? WHERE id = ?", [username, user_id])
        cur.execute(
            "UPDATE users SET display_name = ?, discipline = ? WHERE id = ?",
            [display_name, discipline, user_id],
        )
        audit.record(cur, actor, "update", "user", user_id, username=username, discipline=discipline)


def set_user_active(cur, actor, user_id, active):
    """Deactivate (cannot log in; families need reassignment) or re-activate an account (lead only)."""
    get_user(cur, actor, user_id)
    if user_id == actor.id and not active:
        raise NotAllowed("You cannot deactivate your own account.")
    with transaction(cur):
        cur.execute("UPDATE users SET active = ? WHERE id = ?", [bool(active), user_id])
        audit.record(cur, actor, "activate" if active else "deactivate", "user", user_id)


def reset_password(cur, actor, user_id, new_password):
    """Set a new password for an account (lead only); tell the person by word of mouth."""
    get_user(cur, actor, user_id)
    if len(new_password or "") < MIN_PASSWORD:
        raise InvalidInput(f"Use a password of at least {MIN_PASSWORD} characters.", field="password")
    with transaction(cur):
        cur.execute("UPDATE users SET password_hash = ? WHERE id = ?", [hash_password(new_password), user_id])
        audit.record(cur, actor, "reset_password", "user", user_id)


def therapist_names(cur):
    """Return {id: display_name} of every therapist account, by name (for filters)."""
    return dict(
        cur.execute("SELECT id, display_name FROM users WHERE role = 'therapist' ORDER BY 2").fetchall()
    )


def lead_names(cur):
    """Return the display names of the clinic's active leads, by name (who resets a forgotten password)."""
    return [
        r[0]
        for r in cur.execute(
            "SELECT display_name FROM users WHERE role = 'lead' AND active ORDER BY lower(display_name)"
        ).fetchall()
    ]
