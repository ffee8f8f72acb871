"""The explainer's variants: chosen by discipline(s) and age, checked at load, worded by the lead."""

import copy
import json
from datetime import date

import pytest

from lib import explainer
from lib.errors import InvalidInput, NotAllowed
from tests.factories import make_family, make_user

SHIPPED = explainer.read_shipped()
TODAY = date(2026, 11, 25)


def _text(variant, goal=""):
    steps = explainer.explainer_steps("home practice", 5, 5, variant, goal)
    return " ".join(t for s in steps for t in (s.title, *s.paragraphs, *s.points, s.closing))


def _family(cur, therapist, born, *disciplines):
    family_id = make_family(cur, therapist=therapist, discipline=disciplines[0])
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [born, family_id])
    for discipline in disciplines[1:]:
        other = make_user(cur, f"{discipline}{family_id}", discipline=discipline)
        cur.execute(
            "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, ?)",
            [family_id, other.id, discipline],
        )
    return family_id


def test_the_age_band_counts_whole_years():
    assert explainer.age_band(date(2023, 11, 26), TODAY) == "under_4"  # 2 until tomorrow
    assert explainer.age_band(date(2022, 11, 25), TODAY) == "4_7"
    assert explainer.age_band(date(2013, 11, 25), TODAY) == "13_plus"
    assert explainer.age_band(None, TODAY) == "unknown"


def test_a_three_year_old_in_speech_and_a_fourteen_year_old_in_anxiety_work_read_differently(cur):
    therapist = make_user(cur, discipline="SLP")
    toddler = _family(cur, therapist, date(2023, 5, 1), "SLP")
    teen = _family(cur, therapist, date(2012, 5, 1), "psychology")
    young = explainer.family_variant(cur, therapist, toddler, today=TODAY)
    older = explainer.family_variant(cur, therapist, teen, today=TODAY)
    assert (young["id"], older["id"]) == ("speech_young", "anxiety_teen")
    assert young["analogy"] != older["analogy"] and young["example"] != older["example"]
    assert "song" in _text(young) and "learning to drive" in _text(older)
    assert explainer.suggested_expectation(cur, therapist, toddler) != explainer.suggested_expectation(
        cur, therapist, teen
    )


def test_a_family_seen_by_several_disciplines_gets_one_explainer(cur):
    therapist = make_user(cur)
    mixed = _family(cur, therapist, date(2020, 1, 1), "OT", "SLP", "psychology")
    movement = _family(cur, therapist, date(2020, 1, 1), "OT", "PT")
    assert explainer.family_variant(cur, therapist, mixed)["id"] == "several"
    assert explainer.family_variant(cur, therapist, movement)["id"] == "movement_young"
    assert (
        len(explainer.explainer_steps("home practice", 5, 5, explainer.choose_variant(["OT", "SLP"], "4_7")))
        == 6
    )


def test_every_variant_has_its_own_analogy_and_routine_example():
    variants = SHIPPED["variants"]
    assert len({v["analogy"] for v in variants}) == len(variants)
    assert len({v["example"] for v in variants}) == len(variants)
    assert all("For example" in v["example"] for v in variants)


def test_the_known_overclaiming_phrases_are_absent_from_every_variant():
    phrases = [*explainer.OVERCLAIMS, "without any practice in between"]
    for variant in SHIPPED["variants"]:
        text = (_text(variant, "talk to friends") + explainer.rationale_text("home practice")).lower()
        assert not [p for p in phrases if p in text], variant["id"]
    assert "short and regular beats long and rare" in _text(SHIPPED["variants"][0]).lower()
    assert "where most of the learning happens" in _text(SHIPPED["variants"][0])


def test_the_goal_line_shows_only_when_the_family_gave_a_goal():
    general = SHIPPED["variants"][-1]
    assert "Your goal" not in _text(general)
    assert "“to ride a bike”" in _text(general, "to ride a bike")


def _broken(change):
    data = copy.deepcopy(SHIPPED)
    change(data)
    with pytest.raises(explainer.ExplainerError) as err:
        explainer.check_explainer(data)
    return err.value


@pytest.mark.parametrize(
    "change,field,words",
    [
        (lambda d: d["variants"][0].pop("analogy"), "variants[0].analogy", "missing"),
        (lambda d: d["variants"][0]["when"].update(ages=["teen"]), "variants[0].when", "teen"),
        (lambda d: d["variants"][1].update(id="speech_young"), "variants[1].id", "used twice"),
        (lambda d: d["variants"].append(copy.deepcopy(d["variants"][0])), "variants[8].id", "twice"),
        (lambda d: d["variants"][-1]["when"].update(several=True), "variants[7].when", "last variant"),
        (lambda d: d["steps"][0].update(title="Hello {name}"), "steps[0].title", "{name}"),
        (lambda d: d["steps"][2]["paragraphs"].pop(1), "steps", "{example}"),
        (lambda d: d["expectations"]["4_7"]["usual"].update(days=9), "expectations.4_7.usual.days", "1 to 7"),
        (
            lambda d: d["steps"][5]["paragraphs"].append("Sessions without practice rarely help a child."),
            "steps[5].paragraphs[2]",
            "supported",
        ),
        (
            lambda d: d["variants"][2].update(why="It never helps to skip it."),
            "variants[2].why",
            "never help",
        ),
    ],
)
def test_a_bad_explainer_file_is_refused_with_a_message_naming_the_place(change, field, words):
    err = _broken(change)
    assert err.field == field and words in str(err)


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path):
    bad = tmp_path / "explainer.json"
    bad.write_text('{"version": "2",\n "variants": [}')
    with pytest.raises(explainer.ExplainerError, match="not valid JSON.*line 2"):
        explainer.read_shipped(bad)


def test_the_shipped_file_passes_its_own_check():
    assert explainer.check_explainer(json.loads(json.dumps(SHIPPED)))["version"] == "2"


# ---- the lead's wording --------------------------------------------------------------


def test_the_lead_adapts_a_variant_and_the_family_reads_it(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    field = "variants.anxiety_teen.analogy"
    preview = explainer.preview_wording(cur, {field: "Like learning a new game."})
    assert explainer.variant_by_id("anxiety_teen", preview)["analogy"] == "Like learning a new game."
    assert explainer.list_wording_overrides(cur) == {}  # a preview saves nothing
    explainer.save_wording(cur, lead, {field: "Like learning a new game."})
    data = explainer.explainer_data(cur)
    assert "new game" in _text(explainer.variant_by_id("anxiety_teen", data))
    assert explainer.list_wording_overrides(cur) == {field: "Like learning a new game."}


def test_the_explainer_wording_leaves_the_guide_wording_alone(cur):
    from lib import guide

    lead = make_user(cur, "lead", role="lead", discipline=None)
    explainer.save_wording(cur, lead, {"steps.why.title": "Why we practise"})
    assert guide.list_wording_overrides(cur) == {}
    assert guide.guide_version(cur) == guide.load_shipped_data()["version"]
    guide.reset_wording(cur, lead)
    assert explainer.list_wording_overrides(cur) == {"steps.why.title": "Why we practise"}
    explainer.reset_wording(cur, lead)
    assert explainer.list_wording_overrides(cur) == {}


def test_wording_that_overclaims_or_is_empty_is_refused_and_nothing_is_saved(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(explainer.ExplainerError, match="supported"):
        explainer.save_wording(cur, lead, {"rationale": "Without it therapy rarely helps."})
    with pytest.raises(InvalidInput, match="cannot be empty"):
        explainer.save_wording(cur, lead, {"steps.why.title": "  "})
    assert explainer.list_wording_overrides(cur) == {}


def test_only_the_lead_changes_the_explainer_wording(cur):
    with pytest.raises(NotAllowed):
        explainer.save_wording(cur, make_user(cur), {"steps.why.title": "Why"})


def test_a_variant_named_for_an_age_range_is_captioned_with_the_childs_band():
    older = explainer.variant_by_id("speech_older")
    assert explainer.variant_caption(older, "13_plus") == "Speech and language, 13 and over"
    assert explainer.variant_caption(older, "unknown") == "Speech and language, age not known"
    several = explainer.variant_by_id("several")
    assert explainer.variant_caption(several, "4_7") == several["label"] + ", 4 to 7"
