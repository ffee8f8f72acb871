"""The therapist accounts screen's reads: the accounts, the families to reassign, one account."""

from lib import families
from lib.accounts import users
from lib.ui.database import cursor


def load(actor):
    """Return (the accounts, the open families whose therapist can no longer log in) (lead only)."""
    with cursor() as cur:
        return users.list_users(cur, actor), families.families_needing_reassignment(cur, actor)


def load_account(actor, user_id):
    """Return (id, username, display_name, role, discipline, active) of one account (lead only)."""
    with cursor() as cur:
        return users.get_user(cur, actor, user_id)
