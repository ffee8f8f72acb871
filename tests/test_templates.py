"""The template library: seeded from the shipped file, edited by the lead only."""

import pytest

from lib import versions
from lib.assignments import quality, templates
from lib.assignments.validation import check_reward_text, validate_assignment
from lib.errors import InvalidInput, NotAllowed
from lib.printables.words import reward_words
from tests.factories import make_sheet_task, make_user

NEW = {
    "discipline": "OT",
    "area": "fine motor",
    "title": "Tear paper for a collage",
    "instructions": "Tear paper into strips and glue them on a drawing.",
    "who": "child",
    "minutes": 5,
    "days_per_week": 4,
    "routine_anchor": "after school",
    "materials": "old magazines, glue stick",
    "reward_plan": "4 ticks -> hang it on the wall",
}


def count(cur):
    return cur.execute("SELECT count(*) FROM templates").fetchone()[0]


def test_the_shipped_file_has_at_least_24_templates_across_the_four_disciplines():
    shipped = templates.load_shipped()
    assert len(shipped) >= 24
    assert {"OT", "PT", "SLP", "psychology"} <= {t["discipline"] for t in shipped}


def test_every_shipped_template_passes_validation():
    for values in templates.load_shipped():
        assert templates.validate_template(values)["title"] == values["title"]


# what the therapist adds with the family when a template becomes their task (the usual time is theirs)
GOOD_DRAFT = {
    "has_materials": True,
    "practised_in_session": True,
    "family_chose": True,
    "routine_time": "18:00",
}


@pytest.mark.parametrize("shipped", templates.load_shipped(), ids=lambda t: t["title"])
def test_every_shipped_template_passes_the_quality_rules(shipped):
    advice = quality.check_assignment({**shipped, **GOOD_DRAFT}, other_minutes=0)
    assert [a.flag for a in advice] == []
    assert templates.safety_problems(shipped) == []


def test_every_shipped_template_carries_its_reward_count_and_text_that_agree():
    for shipped in templates.load_shipped():
        assert 1 <= shipped["reward_ticks"] <= 20 and shipped["reward_plan"].strip()
        check_reward_text(shipped["reward_plan"], shipped["reward_ticks"])
        assert reward_words(make_sheet_task(reward_plan=shipped["reward_plan"])) == shipped["reward_plan"]


def test_the_safety_rule_catches_small_items_without_a_grown_up_and_food_rewards():
    risky = {"instructions": "Hide a few beads or coins inside.", "reward_plan": "a bag of sweets"}
    assert len(templates.safety_problems(risky)) == 2
    safe = {
        "instructions": "Hide a few beads inside. A grown-up stays the whole time.",
        "reward_plan": "a story",
    }
    assert templates.safety_problems(safe) == []


def test_seeded_templates_keep_their_reward_count_and_where_to_get_things(cur):
    templates.seed_templates(cur)
    lead = make_user(cur, "lead", role="lead", discipline=None)
    pegs = next(
        t for t in templates.list_templates(cur, lead) if t.title == "Stand on one leg while brushing teeth"
    )
    assert pegs.reward_ticks == 7 and pegs.defaults()["reward_ticks"] == 7


def test_seeding_fills_an_empty_table_once(cur):
    assert templates.seed_templates(cur) == len(templates.load_shipped())
    assert templates.seed_templates(cur) == 0
    assert count(cur) == len(templates.load_shipped())


def test_listing_seeds_on_first_use_and_filters_by_discipline(cur):
    therapist = make_user(cur)
    slp = templates.list_templates(cur, therapist, discipline="SLP")
    assert slp and {t.discipline for t in slp} == {"SLP"}
    assert count(cur) == len(templates.load_shipped())


def test_the_demo_clinic_ships_with_the_templates(demo_cur):
    assert count(demo_cur) == len(templates.load_shipped())


def test_the_lead_adds_and_edits_a_template(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    template_id = templates.create_template(cur, lead, NEW)
    templates.update_template(
        cur, lead, template_id, {**NEW, "minutes": 3}, active=False, expected_version=versions.ANY
    )
    saved = templates.get_template(cur, lead, template_id)
    assert (saved.minutes, saved.active) == (3, False)
    assert template_id not in [t.id for t in templates.list_templates(cur, lead)]


def test_a_therapist_cannot_add_a_template(cur):
    with pytest.raises(NotAllowed):
        templates.create_template(cur, make_user(cur), NEW)


@pytest.mark.parametrize(
    ("field", "value"), [("title", " "), ("minutes", 0), ("days_per_week", 8), ("discipline", "x")]
)
def test_a_bad_template_names_the_field_and_saves_nothing(cur, field, value):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput) as error:
        templates.create_template(cur, lead, {**NEW, field: value})
    assert error.value.field == field
    assert count(cur) == 0


def test_every_problem_of_a_template_is_reported_at_once(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    bad = {**NEW, "title": " ", "minutes": 0, "age_min": 9, "age_max": 4}
    with pytest.raises(InvalidInput) as error:
        templates.create_template(cur, lead, bad)
    assert set(error.value.problems) == {"title", "minutes", "age_max"}
    assert count(cur) == 0


def test_a_template_gives_defaults_for_a_new_task():
    shipped = templates.load_shipped()[0]
    template = templates.Template(1, **shipped, active=True)
    assert template.defaults()["minutes"] == shipped["minutes"]
    assert "area" not in template.defaults()


def test_editing_a_template_without_the_reward_count_keeps_its_own(cur):
    templates.seed_templates(cur)
    lead = make_user(cur, "lead", role="lead", discipline=None)
    leg = next(
        t for t in templates.list_templates(cur, lead) if t.title == "Stand on one leg while brushing teeth"
    )
    values = {f: getattr(leg, f) for f in templates.FIELDS if f not in ("reward_ticks", "materials_where")}
    templates.update_template(cur, lead, leg.id, {**values, "minutes": 4}, expected_version=versions.ANY)
    again = templates.get_template(cur, lead, leg.id)
    assert (again.minutes, again.reward_ticks) == (4, 7)


def test_a_library_seeded_before_the_ages_gets_the_shipped_ages_and_keeps_a_lead_s_own(cur):
    templates.list_templates(cur, None)
    cur.execute("UPDATE templates SET age_min = NULL, age_max = NULL, audience = 'child'")
    cur.execute("UPDATE templates SET age_min = 1, age_max = 3 WHERE title = 'Funny faces in the mirror'")
    found = {t.title: t for t in templates.list_templates(cur, None)}
    assert (found["Worry box time after school"].age_min, found["Worry box time after school"].age_max) == (
        7,
        14,
    )
    assert found["One clear instruction at tidy-up time"].audience == "caregiver"
    assert (found["Funny faces in the mirror"].age_min, found["Funny faces in the mirror"].age_max) == (1, 3)


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan"), 1e308])
def test_an_infinite_or_not_a_number_count_is_a_message_on_its_field_never_a_crash(number):
    shipped = templates.load_shipped()[0]
    with pytest.raises(InvalidInput) as task:
        validate_assignment({**shipped, "title": "", "reward_ticks": number})
    assert {"title", "reward_ticks"} <= set(task.value.problems)
    with pytest.raises(InvalidInput) as template:
        templates.validate_template({**shipped, "reward_ticks": number})
    assert "reward_ticks" in template.value.problems
