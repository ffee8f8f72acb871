"""The audit log screen's reads: the filter choices and the entries they pick."""

from lib import audit, families
from lib.accounts import users
from lib.ui.database import cursor


def load(actor):
    """Return (the actions logged, {user id: label}, {family id: name}) for the filters; NotAllowed if not the lead."""
    with cursor() as cur:
        actions = audit.list_actions(cur, actor)
        people = {
            int(r.id): f"{r.display_name} ({r.username})" for r in users.list_users(cur, actor).itertuples()
        }
        kids = {
            r.id: r.display_name
            for r in families.list_families(cur, actor, ("active", "paused", "discharged"))
        }
    return actions, people, kids


def entries(actor, **filters):
    """Return the audit entries that match `filters` (audit.search's user_id, family_id, action, start, end)."""
    with cursor() as cur:
        return audit.search(cur, actor, **filters)
