"""Issue 25, part 2: chronic only after best practice was tried, within the episode."""

from datetime import date, timedelta

import pytest

from lib import settings as clinic_settings
from lib.figures import caseload
from lib.figures.stage_rules import Gate, StageFacts, stage_of
from tests.chronic_gate import best_practice
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_lead, make_user, tick

SETTINGS = {k: v for k, (v, *_) in clinic_settings.DEFAULTS.items()}
WEEK = caseload.last_complete_week(TODAY)
START = date(2026, 9, 7)


def chronic_facts(gate):
    return StageFacts(8, 8, 5, 1, True, gate=gate)


@pytest.mark.parametrize("missing", range(4))
def test_each_gate_item_is_needed_for_chronic(missing):
    items = [True] * 4
    items[missing] = False
    judged = stage_of(chronic_facts(Gate(*items)), SETTINGS)
    assert judged.stage == "initial" and "✗" in judged.why and "not chronic until best practice" in judged.why


def test_the_gate_reads_as_a_short_checklist():
    assert Gate(True, False, True, True).text() == (
        "Explainer given ✓, checklist complete ✗, tasks within agreed minutes ✓, plan changed in this episode ✓"
    )


def family_low_since(cur, maya, low_from, action, run_on):
    """A family on track until low_from, then one tick a week; one initial-path run with `action`."""
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=START)
    day = START
    while day <= WEEK + timedelta(days=6):
        if day < low_from or day.weekday() == 0:
            tick(cur, task, day)
        day += timedelta(days=1)
    cur.execute(
        "INSERT INTO guide_runs (family_id, therapist_id, run_on, stage, path, actions)"
        " VALUES (?, ?, ?, 'initial', 'initial', [?])",
        [family, maya.id, run_on, action],
    )
    best_practice(cur, family, maya.id, task, START)
    return family


def test_a_plan_changing_action_in_the_episode_and_low_weeks_since_make_chronic(cur):
    maya = make_user(cur, "maya")
    family = family_low_since(cur, maya, WEEK - timedelta(weeks=7), "reissue", WEEK - timedelta(weeks=6))
    assert caseload.family_stage(cur, maya, family, TODAY).stage == "chronic"


def test_a_talk_only_action_does_not_count(cur):
    maya = make_user(cur, "maya")
    family = family_low_since(cur, maya, WEEK - timedelta(weeks=7), "raise_belief", WEEK - timedelta(weeks=6))
    stage = caseload.family_stage(cur, maya, family, TODAY)
    assert stage.stage == "initial" and "plan changed in this episode ✗" in stage.gate


def test_an_action_before_the_episode_started_does_not_count(cur):
    maya = make_user(cur, "maya")
    # on track until 7 weeks ago; the plan was changed in an earlier episode, 9 weeks ago
    family = family_low_since(cur, maya, WEEK - timedelta(weeks=7), "reissue", WEEK - timedelta(weeks=9))
    assert caseload.family_stage(cur, maya, family, TODAY).stage == "initial"


def test_without_the_explainer_a_family_is_not_chronic(cur):
    maya = make_user(cur, "maya")
    family = family_low_since(cur, maya, WEEK - timedelta(weeks=7), "reissue", WEEK - timedelta(weeks=6))
    cur.execute("DELETE FROM explainer_runs WHERE family_id = ?", [family])
    stage = caseload.family_stage(cur, maya, family, TODAY)
    assert stage.stage == "initial" and "Explainer given ✗" in stage.gate


def test_every_demo_chronic_family_meets_the_gate(demo_cur):
    lead = make_lead(demo_cur)
    table = caseload.overview(demo_cur, lead, WEEK).table
    chronic = table[table["stage"] == "chronic"]
    assert len(chronic)  # the demo shows the chronic path somewhere
    assert chronic["gate"].map(lambda g: "✗" not in g).all(), chronic[["family", "gate"]]
    assert (
        not chronic["flags"]
        .map(
            lambda f: bool(
                {"no intake explainer", "checklist incomplete", "more than agreed at intake"} & set(f)
            )
        )
        .any()
    )


def test_the_team_sheet_and_exports_say_persistent_not_chronic():
    from lib.words import printed_stage

    assert printed_stage("Chronic non-completion · chronic") == "Persistent non-completion · persistent"
