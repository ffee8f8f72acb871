"""The explainer's variants: chosen by discipline(s) and age, checked at load, worded by the lead."""

import copy
import json
import re
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from lib import explainer
from lib.errors import InvalidInput, NotAllowed
from lib.explainer.screen import screen_step
from lib.printables import handouts
from tests.factories import make_assignment, make_family, make_user

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
    assert "Families who practise on most days tend to see more change." in _text(SHIPPED["variants"][0])


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
        (lambda d: d["variants"].append(copy.deepcopy(d["variants"][0])), "variants[9].id", "twice"),
        (lambda d: d["variants"][-1]["when"].update(several=True), "variants[8].when", "last variant"),
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
        (
            lambda d: d["variants"][3].update(example="For example: the exercises. About 10 minutes."),
            "variants[3].example",
            "{minutes}",
        ),
        (
            lambda d: d["steps"][0]["points"].append("Home is where most of the learning happens."),
            "steps[0].points[3]",
            "supported",
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


# ---- issue 24 part 6: each variant fits the family it is for -----------------------------


def _page(variant, minutes=5, task_minutes=None):
    steps = explainer.explainer_steps("home practice", minutes, 5, variant, "", task_minutes=task_minutes)
    return " ".join(t for s in steps for t in (s.title, *s.paragraphs, *s.points, s.closing))


def _variant_text(variant):
    return " ".join(variant[k] for k in ("why", "analogy", "example"))


def test_under_four_psychology_is_the_parents_practice_not_a_breathing_exercise(cur):
    therapist = make_user(cur, discipline="psychology")
    toddler = _family(cur, therapist, date(2024, 1, 10), "psychology")
    variant = explainer.family_variant(cur, therapist, toddler, today=TODAY)
    assert variant["id"] == "parent_led_young"
    text = _variant_text(variant).lower()
    assert "the practice is yours" in text and "special time" in text and "you follow their lead" in text
    assert "breath" not in text and "sticker" not in text
    school_age = _family(cur, therapist, date(2020, 1, 10), "psychology")
    assert explainer.family_variant(cur, therapist, school_age, today=TODAY)["id"] == "feelings_child"


ANXIETY_WORDS = ("anxi", "worr", "fear", "avoid", "scared", "panic", "nervous")
PARENT_WORDS = ("your child", "parent", "grandparent")


def test_the_teen_psychology_variant_assumes_no_anxiety_and_speaks_to_the_young_person_alone(cur):
    therapist = make_user(cur, discipline="psychology")
    teen = explainer.family_variant(
        cur, therapist, _family(cur, therapist, date(2012, 5, 1), "psychology"), today=TODAY
    )
    page = _page(teen).lower()
    assert not [w for w in ANXIETY_WORDS if w in page]
    assert not [w for w in PARENT_WORDS if w in page]  # the page's "you" is one reader: the teen
    assert "you keep track of it yourself" in page


def test_the_evidence_line_appears_once_per_page_and_no_stronger_than_the_evidence():
    strong = (
        "most of the learning",
        "most of the change",
        "where the change happens",
        "change happens at home",
    )
    for variant in SHIPPED["variants"]:
        page = _page(variant, task_minutes=30).lower()
        assert page.count("tend to see more change") == 1, variant["id"]
        assert not [p for p in strong if p in page], variant["id"]
    assert "tend to see more change" in explainer.rationale_text("home practice")


@pytest.mark.parametrize("minutes", [3, 5, 12])
def test_every_variants_example_says_the_minutes_on_its_own_page(minutes):
    for variant in SHIPPED["variants"]:
        steps = explainer.explainer_steps("home practice", minutes, 5, variant)
        (expectation,) = [s for s in steps if s.key == "expectation"]
        agreed, example = expectation.paragraphs[:2]
        assert f"about {minutes} minutes a day" in agreed
        assert re.findall(r"(\d+) minutes", example) == [str(minutes)], variant["id"]


def test_the_several_therapists_page_shows_the_tasks_sum_beside_the_agreement_and_promises_no_short_list(cur):
    therapist = make_user(cur)
    mixed = _family(cur, therapist, date(2019, 1, 1), "OT", "SLP")
    variant = explainer.family_variant(cur, therapist, mixed, today=TODAY)
    assert variant["id"] == "several"
    page = _page(variant, minutes=10, task_minutes=25)
    assert "one short list" not in page.lower()
    assert "about 25 minutes on a day when every one is due. What we agree: 10 minutes a day." in page
    assert "25 minutes" not in _page(variant, minutes=10)  # no tasks yet: no sum to show


def test_the_family_screens_explainer_adds_up_the_familys_running_tasks(cur):
    therapist = make_user(cur)
    mixed = _family(cur, therapist, date(2019, 1, 1), "OT", "SLP")
    for title, minutes in (("Peg the socks", 10), ("Sound hunt", 15)):
        make_assignment(cur, mixed, therapist, title=title, minutes=minutes)
    expectation_step = 2
    state = {"step": expectation_step, "minutes": 10, "days": 5, "goal": "", "who": "", "when": ""}
    shown = screen_step(cur, therapist, mixed, state)
    assert shown.step.key == "expectation"
    assert "about 25 minutes on a day when every one is due" in " ".join(shown.step.paragraphs)


def test_wording_saved_under_older_rules_still_loads_and_the_editor_applies_todays(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    old_points = "Practice between sessions is where most of the learning happens.\nShort and regular beats long and rare."
    cur.execute(  # as a clinic saved it before today's rules
        "INSERT INTO guide_wording (field, text, shipped_version, changed_by) VALUES (?, ?, '2', ?)",
        ["explainer.steps.why.points", old_points, lead.id],
    )
    assert "most of the learning" in " ".join(explainer.explainer_data(cur)["steps"][0]["points"])
    with pytest.raises(explainer.ExplainerError, match="supported"):
        explainer.save_wording(cur, lead, {"steps.why.points": old_points})


def test_a_variant_named_for_an_age_range_is_captioned_with_the_childs_band():
    older = explainer.variant_by_id("speech_older")
    assert explainer.variant_caption(older, "13_plus") == "Speech and language, 13 and over"
    assert explainer.variant_caption(older, "unknown") == "Speech and language, age not known"
    several = explainer.variant_by_id("several")
    assert explainer.variant_caption(several, "4_7") == several["label"] + ", 4 to 7"


# ---- "if the tasks add up to more" only when they do -----------------------------------------

OVER = "more than we agreed: we make the tasks smaller or fewer together"


def test_the_page_says_the_tasks_go_over_only_when_they_add_up_to_more_than_agreed():
    for variant in SHIPPED["variants"]:
        assert "about 15 minutes more than we agreed" in _page(variant, minutes=10, task_minutes=25), variant[
            "id"
        ]
        assert OVER not in _page(variant, minutes=10, task_minutes=10), variant["id"]
        assert OVER not in _page(variant, minutes=10, task_minutes=6), variant["id"]
        assert "about 6 minutes on a day when every one is due" in _page(variant, minutes=10, task_minutes=6)


def test_the_handout_says_the_tasks_go_over_only_when_they_do():
    def handout(task_minutes):
        data = handouts.explainer_handout_pdf(
            "home practice", "Ava B.", "Elm Clinic", 10, 5, task_minutes=task_minutes
        )
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)

    assert "about 8 minutes more than we agreed" in handout(18)
    fits = handout(9)
    assert "about 9 minutes on a day when every one is due" in fits and "more than we agreed" not in fits


def test_the_docs_show_the_teen_explainer_in_its_own_words_not_as_an_anxiety_program():
    root = Path(__file__).resolve().parent.parent
    assert "anxiety program" not in root.joinpath("README.md").read_text()
    assert not list(root.joinpath("docs", "screenshots").glob("*anxiety*"))
    assert root.joinpath("docs", "screenshots", "explainer-psychology-14-years.png").stat().st_size > 10_000
