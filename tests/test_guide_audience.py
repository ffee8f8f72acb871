"""Each guide step says which words are the family's and which the therapist's; checked at load."""

import copy

import pytest

from lib import guide
from lib.assignments.barriers import BARRIER_IDS

FAMILY_WORDS_NEVER = ("stage", "chronic", "look after yourself", "doctor", "letter", "underneath", "avoided")


def shipped():
    return guide.load_shipped_data()


def test_every_step_has_family_words_and_they_carry_no_coaching():
    loaded = guide.check_guide(shipped())
    for path in loaded.paths.values():
        for step in path.steps:
            assert step.family_text
            assert not any(word in step.family_text.lower() for word in FAMILY_WORDS_NEVER), step.family_text


def test_a_step_without_family_words_is_refused_naming_the_place():
    data = copy.deepcopy(shipped())
    del data["paths"]["chronic"]["steps"][1]["family_text"]
    with pytest.raises(guide.GuideError) as caught:
        guide.check_guide(data)
    assert caught.value.field == "paths.chronic.steps[1].family_text"


def test_reason_labels_for_the_family_are_neutral():
    loaded = guide.check_guide(shipped())
    assert loaded.family_reasons["avoided"] == "It felt hard to get started"
    assert loaded.family_reasons["forgot"] == "It slipped our minds"
    assert not any("avoid" in label.lower() for label in loaded.family_reasons.values())


def test_reasons_use_the_checklist_barriers():
    loaded = guide.check_guide(shipped())
    assert {b for b in loaded.reason_barriers.values() if b} == set(BARRIER_IDS)


def test_a_reason_naming_an_unknown_barrier_is_refused():
    data = copy.deepcopy(shipped())
    data["reasons"][0]["barrier"] = "astrology"
    with pytest.raises(guide.GuideError) as caught:
        guide.check_guide(data)
    assert caught.value.field == "reasons[0].barrier"


def test_the_initial_path_opens_with_warmth():
    loaded = guide.check_guide(shipped())
    first = loaded.paths["initial"].step(loaded.paths["initial"].start)
    assert "warmth" in first.prompt.lower() and "thank" in first.family_text.lower()


def test_stalled_and_dropped_open_re_engagement_not_the_chronic_path():
    loaded = guide.check_guide(shipped())
    assert loaded.path_for_stage("dropped") == loaded.path_for_stage("stalled") == "reengage"
    assert loaded.paths["reengage"].start == "contact"
