"""A family's goals: the five-level scale, the tasks that serve a goal, and dated, audited, versioned ratings."""

import json
from dataclasses import replace
from datetime import date

import pytest

from lib import goals, versions
from lib.assignments import delete_assignment, reissue_assignment
from lib.errors import InvalidInput, NotYourFamily, StaleVersion
from lib.goals import scales
from tests.conftest import TODAY
from tests.factories import ROOT, make_assignment, make_family, make_user

LEVELS = [
    "Needs help with all of it",
    "Does one part",
    "Does most of it",
    "Does it all",
    "Does it all, calmly",
]


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, therapist=maya)


@pytest.fixture
def goal(cur, maya, family):
    return goals.create_goal(cur, maya, family, "OT", "Gets dressed in the morning", LEVELS, date(2027, 2, 1))


def _audit(cur, entity):
    return cur.execute(
        "SELECT action, family_id, detail FROM audit_log WHERE entity = ? ORDER BY id", [entity]
    ).fetchall()


def test_a_scale_has_five_levels_each_in_words():
    assert scales.check_scale(" Gets  dressed ", LEVELS) == ("Gets dressed", tuple(LEVELS))
    with pytest.raises(InvalidInput, match="five levels"):
        scales.check_scale("Gets dressed", LEVELS[:4])
    with pytest.raises(InvalidInput, match=r"what \+1 looks like") as err:
        scales.check_scale("Gets dressed", [*LEVELS[:3], "  ", LEVELS[4]])
    assert err.value.field == "level_+1"
    with pytest.raises(InvalidInput, match="family's words"):
        scales.check_scale("", LEVELS)


def test_the_shipped_suggestions_cover_four_disciplines_with_five_levels_each():
    found = scales.suggestions()
    assert {"OT", "PT", "SLP", "psychology"} <= set(found)
    assert all(len(s.levels) == 5 and s.goal for items in found.values() for s in items)


def test_suggestions_with_four_levels_or_an_unknown_discipline_are_refused():
    data = json.loads((ROOT / "data" / "goal_scales.json").read_text())
    data["disciplines"]["OT"][0]["levels"].pop()
    with pytest.raises(scales.ScaleError) as err:
        scales.check_scales(data)
    assert err.value.field == "disciplines.OT[0].levels"
    data = json.loads((ROOT / "data" / "goal_scales.json").read_text())
    data["disciplines"]["dance"] = data["disciplines"].pop("PT")
    with pytest.raises(scales.ScaleError, match="dance is not one of"):
        scales.check_scales(data)


def test_a_new_goal_starts_at_minus_two_on_the_day_it_was_written(cur, maya, family, goal):
    (written,) = goals.list_goals(cur, maya, family)
    assert (written.title, written.levels, written.started_on) == (
        "Gets dressed in the morning",
        tuple(LEVELS),
        TODAY,
    )
    (start,) = goals.list_ratings(cur, maya, family)[goal]
    assert (start.level, start.rated_on, start.evidence) == (-2, TODAY, "session")
    assert [a for a, _, _ in _audit(cur, "goal")] == ["create"]


def test_a_rating_is_dated_by_the_clock_audited_with_its_family_and_evidence(cur, maya, family, goal):
    rating = goals.rate_goal(cur, maya, goal, 0, "family", "Dressed alone on Sunday")
    (_, latest) = goals.list_ratings(cur, maya, family)[goal]
    assert (latest.id, latest.level, latest.rated_on, latest.note, latest.rated_by) == (
        rating,
        0,
        TODAY,
        "Dressed alone on Sunday",
        "Maya",
    )
    action, family_id, detail = _audit(cur, "goal_rating")[-1]
    assert (action, family_id, json.loads(detail)["level"], json.loads(detail)["evidence"]) == (
        "rate",
        family,
        "0",
        "family",
    )


@pytest.mark.parametrize(
    "level,evidence,field", [(3, "session", "level"), (None, "session", "level"), (1, "gossip", "evidence")]
)
def test_a_rating_off_the_scale_or_without_evidence_is_refused(cur, maya, goal, level, evidence, field):
    with pytest.raises(InvalidInput) as err:
        goals.rate_goal(cur, maya, goal, level, evidence)
    assert err.value.field == field
    assert cur.execute("SELECT count(*) FROM goal_ratings").fetchone()[0] == 1


def test_only_a_therapist_of_the_family_may_rate_or_read_its_goals(cur, family, goal):
    leo = make_user(cur, "leo")
    with pytest.raises(NotYourFamily):
        goals.rate_goal(cur, leo, goal, 1, "session")
    with pytest.raises(NotYourFamily):
        goals.list_goals(cur, leo, family)
    other = make_family(cur, "Other", therapist=leo)
    with pytest.raises(NotYourFamily):  # in session mode with another family, not this one
        goals.rate_goal(cur, replace(leo, session_family_id=other), goal, 1, "session")


def test_a_rating_corrected_from_an_old_form_is_refused(cur, maya, family, goal):
    rating = goals.rate_goal(cur, maya, goal, -1, "session")
    assert goals.correct_rating(cur, maya, rating, 0, "session", "Better look", expected_version=1) == 2
    with pytest.raises(StaleVersion):
        goals.correct_rating(cur, maya, rating, 1, "session", "", expected_version=1)
    assert goals.list_ratings(cur, maya, family)[goal][-1].level == 0
    before, after = (json.loads(_audit(cur, "goal_rating")[-1][2])[k] for k in ("before", "after"))
    assert (before, after) == ({"level": -1, "note": ""}, {"level": 0, "note": "Better look"})


def test_a_goal_edit_names_its_version_and_keeps_what_changed(cur, maya, family, goal):
    words = [*LEVELS[:2], "Does most of it, with one reminder", *LEVELS[3:]]
    goals.update_goal(cur, maya, goal, "Gets dressed", words, None, "active", expected_version=1)
    with pytest.raises(StaleVersion):
        goals.update_goal(cur, maya, goal, "Dressed", LEVELS, None, "achieved", expected_version=1)
    assert goals.get_goal(cur, maya, goal).words(0) == "Does most of it, with one reminder"
    assert versions.current(cur, "goals", goal) == 2


def test_a_task_serves_one_goal_and_keeps_it_when_given_again(cur, maya, family, goal):
    task = make_assignment(cur, family, maya)
    second = goals.create_goal(cur, maya, family, "OT", "Writes their name", LEVELS)
    goals.set_task_goal(cur, maya, task, goal)
    goals.set_task_goal(cur, maya, task, second)
    assert goals.get_goal(cur, maya, goal).task_ids == () and goals.get_goal(cur, maya, second).task_ids == (
        task,
    )
    again = reissue_assignment(cur, maya, task, date(2026, 11, 23))
    assert goals.get_goal(cur, maya, second).task_ids == (task, again)


def test_a_goal_of_another_family_cannot_be_served(cur, maya, family, goal):
    other = make_family(cur, "Other", therapist=maya)
    task = make_assignment(cur, other, maya)
    with pytest.raises(InvalidInput, match="this family's goals"):
        goals.set_task_goal(cur, maya, task, goal)


def test_a_task_deleted_leaves_no_link_behind(cur, maya, family, goal):
    task = make_assignment(cur, family, maya)
    goals.set_task_goal(cur, maya, task, goal)
    delete_assignment(cur, maya, task)
    assert cur.execute("SELECT count(*) FROM goal_tasks").fetchone()[0] == 0
