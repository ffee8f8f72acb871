"""The safety check on a task's words: one rule each, a case it catches and a case it lets pass."""

import pytest

from lib.assignments import templates
from lib.assignments.safety import RULES, safety_advice

STAYS = "A grown-up stays the whole time."
# rule: (values and age it must catch, values and age it must let pass)
CASES = {
    "small_items": (
        ({"instructions": "Thread small beads on a lace."}, 3),
        ({"instructions": "Thread big wooden shapes on a lace."}, 3),
    ),
    "balloons": (
        ({"instructions": "Keep a balloon in the air.", "materials": "a balloon"}, 6),
        ({"instructions": "Keep a balloon in the air.", "materials": "a balloon"}, 9),
    ),
    "food_reward": (
        ({"instructions": "Kick the ball.", "reward_plan": "chocolate on Friday"}, 6),
        ({"instructions": "Kick the ball.", "reward_plan": "your child picks Friday's game"}, 6),
    ),
    "thickness": (
        ({"instructions": "Make the milk thicker so sipping is harder."}, 6),
        ({"instructions": "Sip their usual milk through a straw."}, 6),
    ),
    "salt_dough": (
        ({"instructions": "Squeeze it.", "materials": "home-made salt dough"}, 3),
        ({"instructions": "Squeeze it.", "materials": "home-made salt dough"}, 6),
    ),
    "heat": (
        ({"instructions": "Stir the sauce on the hob."}, 8),
        ({"instructions": "Stir the sauce on the hob.", "safety": "Keep little hands off the hob."}, 8),
    ),
    "water": (
        ({"instructions": "Blow bubbles in the bath."}, 5),
        ({"instructions": "Blow bubbles in the bath.", "safety": "A grown-up stays by the bath."}, 5),
    ),
    "road": (
        ({"instructions": "Count red cars on the walk to school."}, 6),
        ({"instructions": "Count red cars on the walk to school.", "safety": "Hold hands near the road."}, 6),
    ),
    "height": (
        ({"instructions": "Climb to the top of the frame."}, 6),
        ({"instructions": "Climb to the top of the frame.", "safety": "Stay close when they climb."}, 6),
    ),
    "stairs": (
        ({"instructions": "Walk up the stairs one foot per step."}, 4),
        ({"instructions": "Walk up the stairs one foot per step.", "safety": "Stay one step behind."}, 4),
    ),
}


def rules(values, age):
    return [rule for rule, _ in safety_advice(values, age)]


def test_every_rule_has_its_cases():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_rule_catches_its_risk(rule):
    values, age = CASES[rule][0]
    assert rules(values, age) == [rule]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_a_rule_lets_the_safe_version_pass(rule):
    values, age = CASES[rule][1]
    assert rule not in rules(values, age)


def test_small_items_pass_when_a_grown_up_stays():
    assert rules({"instructions": "Thread small beads.", "safety": STAYS}, 3) == []


def test_an_unknown_age_gets_the_age_advice():
    assert rules({"materials": "home-made salt dough, a balloon"}, None) == ["balloons", "salt_dough"]


def test_the_thickness_advice_names_the_speech_therapist():
    (advice,) = safety_advice({"instructions": "A thicker drink makes it harder."})
    assert "speech therapist" in advice[1]


@pytest.mark.parametrize("age", [2, 5, 9, 14])
def test_no_shipped_template_gets_safety_advice(age):
    for shipped in templates.load_shipped():
        assert safety_advice(shipped, age) == [], shipped["title"]


def test_pushing_against_a_wall_is_not_a_height_but_walking_along_one_is():
    assert rules({"instructions": "Ten slow push-ups against the kitchen wall."}, 6) == []
    assert rules({"instructions": "Walk along the low wall in the park."}, 6) == ["height"]
