"""The stage rule as the guidance means it: pure rules over one family's facts, and the settings check."""

import pytest

from lib import settings as clinic_settings
from lib.errors import InvalidInput
from lib.figures.stage_rules import Gate, StageFacts, TaskFacts, check_thresholds, stage_label, stage_of
from tests.factories import make_lead

SETTINGS = {k: v for k, (v, *_) in clinic_settings.DEFAULTS.items()}


def facts(**changes):
    base = dict(
        weeks_below=0,
        weeks_below_partial=0,
        weeks_since_tried=None,
        days_since_tick=1,
        has_tasks=True,
        gate=Gate(True, True, True, True),
    )
    return StageFacts(**{**base, **changes})


def test_many_low_weeks_without_the_guide_are_initial_not_yet_addressed():
    judged = stage_of(facts(weeks_below=12, weeks_below_partial=12), SETTINGS)
    assert judged.stage == "initial" and stage_label(judged.stage, judged.why) == "initial, not yet addressed"


def test_chronic_needs_the_initial_path_tried_and_low_weeks_since():
    assert (
        stage_of(facts(weeks_below=8, weeks_below_partial=8, weeks_since_tried=5), SETTINGS).stage
        == "chronic"
    )
    assert (
        stage_of(facts(weeks_below=8, weeks_below_partial=8, weeks_since_tried=2), SETTINGS).stage
        == "initial"
    )


def test_weeks_between_partial_and_on_track_do_not_count_towards_chronic():
    assert (
        stage_of(facts(weeks_below=8, weeks_below_partial=1, weeks_since_tried=6), SETTINGS).stage
        == "initial"
    )


def test_a_review_marked_done_lifts_the_stage_when_the_ticks_agree_at_least_partly():
    tasks = (TaskFacts("Blow bubbles", 60.0, "done"),)
    judged = stage_of(facts(weeks_below=1, tasks=tasks), SETTINGS)
    assert judged.stage == "none" and "each task under it was reviewed done" in judged.why


def test_dropped_is_a_signal_to_get_in_touch_not_chronic():
    judged = stage_of(facts(days_since_tick=30), SETTINGS)
    assert (judged.stage, judged.signal) == ("none", "dropped")
    assert "contact the family" in judged.why


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"adherence_threshold": 120}, "adherence_threshold"),
        ({"partial_threshold": 90}, "partial_threshold"),
        ({"stalled_days": 30}, "stalled_days"),
        ({"chronic_weeks": 0}, "chronic_weeks"),
    ],
)
def test_thresholds_are_checked_together(changes, field):
    with pytest.raises(InvalidInput) as caught:
        check_thresholds({**SETTINGS, **changes})
    assert caught.value.field == field


def test_a_refused_settings_change_saves_nothing(demo_cur):
    lead = make_lead(demo_cur)
    with pytest.raises(InvalidInput):
        clinic_settings.update_settings(demo_cur, lead, {"clinic_name": "New name", "partial_threshold": 95})
    assert clinic_settings.get_settings(demo_cur)["clinic_name"] != "New name"


def test_a_family_whose_tasks_are_all_paused_reads_as_paused_not_as_just_starting():
    low = dict(weeks_below=2, weeks_below_partial=2, days_since_tick=30)
    assert stage_of(facts(**low), SETTINGS).stage == "initial"  # the same weeks, practice running
    judged = stage_of(facts(**low, paused=True), SETTINGS)
    assert (judged.stage, judged.signal) == ("none", "")  # no episode, and not "dropped" either
    assert stage_label(judged.stage, judged.why) == "paused"
