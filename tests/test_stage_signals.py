"""Issue 25, part 3: the conversation starts where the family is (stalled or dropped first, an upset
child named, "going well" ending an episode)."""

from datetime import date, timedelta

from lib import guide
from lib import settings as clinic_settings
from lib.figures import caseload
from lib.figures.stage_rules import GOING_WELL, StageFacts, TaskFacts, stage_of
from tests.chronic_gate import best_practice
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user, tick

SETTINGS = {k: v for k, (v, *_) in clinic_settings.DEFAULTS.items()}
WEEK = caseload.last_complete_week(TODAY)  # judged by family_stage on TODAY
START = date(2026, 9, 7)


def low_family(cur, maya, last_tick):
    """A family ticking one day a week from START to last_tick, the initial path tried on 1 October."""
    family = make_family(cur, therapist=maya)
    task = make_assignment(cur, family, maya, start=START)
    tick(cur, task, *[d for d in (START + timedelta(weeks=w) for w in range(12)) if d <= last_tick])
    cur.execute(
        "INSERT INTO guide_runs (family_id, therapist_id, run_on, stage, path, actions)"
        " VALUES (?, ?, ?, 'initial', 'initial', ['reissue'])",
        [family, maya.id, date(2026, 10, 1)],
    )
    best_practice(cur, family, maya.id, task, START)
    return family, task


def test_a_stalled_chronic_family_opens_the_reengagement_path_first(cur):
    maya = make_user(cur, "maya")
    family, _ = low_family(cur, maya, last_tick=WEEK - timedelta(days=9))  # 15 days before its Sunday
    stage = caseload.family_stage(cur, maya, family, TODAY)
    assert (stage.name, stage.stage) == ("stalled", "chronic")
    assert guide.load_guide().path_for_stage(stage.name) == "reengage"


def test_a_ticking_chronic_family_opens_the_chronic_path(cur):
    maya = make_user(cur, "maya")
    family, _ = low_family(cur, maya, last_tick=WEEK)
    stage = caseload.family_stage(cur, maya, family, TODAY)
    assert (stage.name, stage.stage) == ("chronic", "chronic")


def upset(cur, task, *days):
    tick(cur, task, *days)
    cur.execute(
        "UPDATE ticks SET distress = TRUE WHERE assignment_id = ? AND list_contains(?, practice_date)",
        [task, list(days)],
    )


def test_a_child_upset_on_three_ticks_in_two_weeks_is_flagged_on_the_caseload(cur):
    maya = make_user(cur, "maya")
    calm, upset_child = make_family(cur, "Al B.", therapist=maya), make_family(cur, "Cy D.", therapist=maya)
    upset(cur, make_assignment(cur, calm, maya, start=START), WEEK, WEEK + timedelta(days=1))
    upset(
        cur,
        make_assignment(cur, upset_child, maya, start=START),
        WEEK - timedelta(days=3),
        WEEK,
        WEEK + timedelta(days=2),
    )
    table = caseload.overview(cur, make_user(cur, "lee", role="lead"), WEEK).table.set_index("family")
    assert (
        "child upset" in table.loc["Cy D.", "flags"] and "upset on 3 ticks" in table.loc["Cy D.", "flag_why"]
    )
    assert "child upset" not in table.loc["Al B.", "flags"]
    assert "upset on 3 ticks" in table.loc["Cy D.", "why"]


def test_upset_ticks_count_the_two_weeks_up_to_the_day(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    upset(
        cur,
        make_assignment(cur, family, maya, start=START),
        TODAY - timedelta(days=14),
        TODAY - timedelta(days=13),
        TODAY,
    )
    assert caseload.stage_rules.upset_ticks(cur, maya, family, TODAY) == 2


def test_going_well_is_a_reason_the_guide_offers():
    assert GOING_WELL in guide.load_guide().reasons


def test_doing_less_because_it_is_going_well_ends_the_episode():
    facts = StageFacts(3, 3, None, 1, True, (TaskFacts("Blow bubbles", 30.0, "partly", going_well=True),))
    judged = stage_of(facts, SETTINGS)
    assert judged.stage == "none" and "going well" in judged.why


def test_going_well_on_one_task_does_not_excuse_another():
    tasks = (
        TaskFacts("Blow bubbles", 30.0, "partly", going_well=True),
        TaskFacts("Stack blocks", 10.0, None),
    )
    assert stage_of(StageFacts(3, 3, None, 1, True, tasks), SETTINGS).stage == "initial"


def test_a_going_well_review_keeps_a_low_family_out_of_chronic(cur):
    maya = make_user(cur, "maya")
    family, task = low_family(cur, maya, last_tick=WEEK)
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, reasons, therapist_id)"
        " VALUES (?, ?, ?, 'partly', [?], ?)",
        [family, task, WEEK + timedelta(days=2), GOING_WELL, maya.id],
    )
    stage = caseload.family_stage(cur, maya, family, TODAY)
    assert stage.stage == "none" and "because it is going well" in stage.why
