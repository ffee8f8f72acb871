"""The first-run checklist: a new clinic is set up step by step from the caseload."""

import pytest

from lib.accounts import first_run
from lib.errors import NotAllowed
from lib.settings import update_settings
from tests.factories import make_assignment, make_family, make_user


def steps_done(cur, lead):
    return [step.done for step in first_run.checklist(cur, lead)]


def test_a_new_clinic_has_every_step_left(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    assert steps_done(cur, lead) == [False, False, False, False]


def test_each_step_is_done_by_what_the_lead_sets_up(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    update_settings(cur, lead, {"clinic_name": "Riverside", "practice_word": "practice time"})
    maya = make_user(cur, "maya.ot")
    family = make_family(cur, therapist=maya)
    assert steps_done(cur, lead) == [True, True, True, False]
    make_assignment(cur, family, maya)
    assert steps_done(cur, lead) == [True, True, True, True]


def test_only_the_lead_sees_the_checklist(cur):
    with pytest.raises(NotAllowed):
        first_run.checklist(cur, make_user(cur))
