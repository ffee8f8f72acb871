"""Old names for tests/test_printables.py (another branch's file): remove once it imports tests.factories."""

from tests.factories import DETAILS, make_sheet
from tests.factories import make_assignment as _make_assignment
from tests.factories import make_caregiver as _make_caregiver
from tests.factories import make_sheet_task as make_task

__all__ = ["make_assignment", "make_caregiver", "make_sheet", "make_task"]


def make_assignment(cur, family_id, therapist, **values):
    return _make_assignment(
        cur, family_id, therapist, **{"title": "Pick up snack pieces", **DETAILS, **values}
    )


def make_caregiver(cur, family_id, name="Gran", relation="grandparent"):
    return _make_caregiver(cur, family_id, name, relation)
