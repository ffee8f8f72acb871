"""A task with safety advice is saved only once the therapist accepted the advice; saved and audited."""

import json
from datetime import date

import pytest

from lib import assignments as a
from lib.assignments.safety import SafetyNotAcknowledged, acknowledged_text, age_in_years, safety_advice
from tests.conftest import make_family, make_user

BEADS = {
    "title": "Thread beads",
    "instructions": "Thread small beads on a lace.",
    "discipline": "OT",
    "who": "child",
    "minutes": 5,
    "days_per_week": 5,
    "start_date": date(2026, 11, 25),
}


@pytest.fixture
def setup(cur):
    ot = make_user(cur, "olive", discipline="OT")
    return cur, ot, make_family(cur, therapist=ot)


def test_a_task_with_advice_not_accepted_is_refused_and_nothing_saved(setup):
    cur, ot, family = setup
    with pytest.raises(SafetyNotAcknowledged, match="small enough to swallow"):
        a.create_assignment(cur, ot, family, BEADS)
    assert a.list_assignments(cur, ot, family) == []


def test_accepted_advice_is_saved_with_the_task_and_in_the_audit(setup):
    cur, ot, family = setup
    advice = acknowledged_text(safety_advice(BEADS))
    task_id = a.create_assignment(cur, ot, family, {**BEADS, "safety_acknowledged": advice})
    assert a.get_assignment(cur, ot, task_id).safety_acknowledged == advice
    detail = cur.execute(
        "SELECT detail FROM audit_log WHERE action = 'create' AND entity = 'assignment' AND entity_id = ?",
        [task_id],
    ).fetchone()[0]
    assert json.loads(detail)["safety_acknowledged"] == advice


def test_a_task_without_advice_saves_with_nothing_acknowledged(setup):
    cur, ot, family = setup
    safe = {**BEADS, "safety": "A grown-up stays at the table the whole time."}
    task_id = a.create_assignment(cur, ot, family, {**safe, "safety_acknowledged": "old advice"})
    assert a.get_assignment(cur, ot, task_id).safety_acknowledged == ""


def test_an_edit_that_brings_new_advice_asks_for_it_to_be_accepted(setup):
    cur, ot, family = setup
    safe = {**BEADS, "safety": "A grown-up stays at the table the whole time."}
    task_id = a.create_assignment(cur, ot, family, safe)
    with pytest.raises(SafetyNotAcknowledged, match="food or sweets"):
        a.revise_assignment(cur, ot, task_id, {"reward_plan": "chocolate on Friday"}, expected_version=1)


def test_the_child_s_age_is_its_date_of_birth_on_the_day(setup):
    cur, ot, family = setup
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(2018, 11, 26), family])
    assert age_in_years(date(2018, 11, 26), date(2026, 11, 25)) == 7
    balloon = {
        **BEADS,
        "title": "Balloon keepy-up",
        "instructions": "Keep a balloon in the air.",
        "materials": "a balloon",
    }
    with pytest.raises(SafetyNotAcknowledged, match="under 8"):
        a.create_assignment(cur, ot, family, balloon)
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(2018, 11, 25), family])
    assert a.create_assignment(cur, ot, family, balloon)  # 8 today: no balloon advice
