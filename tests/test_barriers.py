"""The barrier checklist: eight questions, answered ok or risk-with-a-plan."""

from lib.assignments import barriers


def test_there_are_the_eight_barriers_of_the_domain_in_order():
    assert barriers.BARRIER_IDS == (
        "understanding",
        "remembering",
        "materials",
        "time",
        "help",
        "belief",
        "accountability",
        "engagement",
    )


def test_every_barrier_has_a_question_risk_examples_and_a_plain_reason():
    for barrier in barriers.BARRIERS:
        assert barrier.question.endswith("?")
        assert barrier.risk_examples


def test_all_ok_makes_the_checklist_complete():
    assert barriers.checklist_complete({b: ("ok", "") for b in barriers.BARRIER_IDS})


def test_a_risk_without_a_plan_is_missing_and_a_risk_with_a_plan_is_not():
    answers = {b: ("ok", "") for b in barriers.BARRIER_IDS}
    answers["time"] = ("risk", "   ")
    answers["remembering"] = ("risk", "alarm at 7 pm")
    assert barriers.missing_answers(answers) == ["time"]


def test_unanswered_and_not_asked_barriers_are_missing():
    answers = {"understanding": ("ok", ""), "materials": ("not_asked", "")}
    assert len(barriers.missing_answers(answers)) == 7
