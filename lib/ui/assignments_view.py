"""The tasks screen (pages/assignments.py): its reads, and the forms it shows.

The new-task form is lib/ui/assignment_form.py and one task's lifecycle forms are
lib/ui/task_actions.py; the page reaches both through here.
"""

from lib import assignments, families
from lib.ui.assignment_form import SAVED, SECTION, render_assignment_form
from lib.ui.database import cursor
from lib.ui.task_actions import render_task_actions, task_label
from lib.ui.task_card import render_task_card


def load(actor, family_id):
    """Return (family, its tasks, the family's task cards) for the screen."""
    with cursor() as cur:
        return (
            families.get_family(cur, actor, family_id),
            assignments.list_assignments(cur, actor, family_id),
            assignments.family_cards(cur, actor, family_id),
        )


__all__ = [
    "SAVED",
    "SECTION",
    "load",
    "render_assignment_form",
    "render_task_actions",
    "render_task_card",
    "task_label",
]
