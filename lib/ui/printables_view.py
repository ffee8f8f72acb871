"""The sheets & reminders screen's reads: one family's tasks as printed on its sheets."""

from lib import printables
from lib.ui.database import cursor


def load(actor, family_id, today):
    """Return the family's printables.FamilySheet as of `today`."""
    with cursor() as cur:
        return printables.load_family_sheet(cur, actor, family_id, today)
