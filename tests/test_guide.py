"""The conversation guide's data: the schema check, stepping through a path, the clinic's wording."""

import pytest

from lib import guide
from lib.errors import InvalidInput, NotAllowed
from tests.conftest import make_user


def shipped():
    return guide.load_shipped_data()


# ---------------------------------------------------------------- data and schema


def test_the_shipped_guide_passes_the_schema_check():
    loaded = guide.check_guide(shipped())
    assert set(loaded.paths) == {"initial", "chronic", "reengage", "task_change"}
    assert "not_now" in loaded.outcomes
    assert len(loaded.reasons) == 11 and {"no_belief", "going_well"} <= set(loaded.reasons)


def test_every_action_in_the_guide_is_one_the_app_can_take():
    loaded = guide.load_guide()
    used = {c.action for p in loaded.paths.values() for s in p.steps for c in s.choices if c.action}
    assert used <= set(guide.ACTIONS) and {"reissue", "shorten_gap", "doctor_letter"} <= used


def test_a_step_without_a_prompt_fails_naming_the_place():
    data = shipped()
    del data["paths"]["initial"]["steps"][1]["prompt"]
    with pytest.raises(guide.GuideError, match=r"paths\.initial\.steps\[1\]\.prompt is missing") as err:
        guide.check_guide(data)
    assert err.value.field == "paths.initial.steps[1].prompt"


def test_a_branch_to_a_step_that_does_not_exist_fails():
    data = shipped()
    data["paths"]["chronic"]["steps"][0]["choices"][0]["next"] = "nowhere"
    with pytest.raises(guide.GuideError, match=r"choices\[0\]\.next points to 'nowhere'"):
        guide.check_guide(data)


def test_an_unknown_action_or_outcome_fails():
    data = shipped()
    data["paths"]["initial"]["steps"][3]["choices"][0]["action"] = "scold"
    with pytest.raises(guide.GuideError, match="must be one of the guide's actions"):
        guide.check_guide(data)
    data = shipped()
    data["outcomes"] = [o for o in data["outcomes"] if o["id"] != "not_now"]
    with pytest.raises(guide.GuideError, match="not_now"):
        guide.check_guide(data)


def test_a_broken_json_file_says_where(tmp_path):
    bad = tmp_path / "guide.json"
    bad.write_text('{"version": "1",\n "paths": }')
    with pytest.raises(guide.GuideError, match="not valid JSON.*line 2"):
        guide.load_guide(path=bad)


def test_the_letter_draft_only_takes_the_family_placeholder():
    data = shipped()
    data["letter_draft"] = "Dear {doctor}, {family} found it hard."
    with pytest.raises(guide.GuideError, match=r"not \{doctor\}"):
        guide.check_guide(data)


# ---------------------------------------------------------------- stage and stepping


@pytest.mark.parametrize(
    "stage,path",
    [
        ("none", "initial"),
        ("initial", "initial"),
        ("chronic", "chronic"),
        ("dropped", "reengage"),
        ("stalled", "reengage"),
    ],
)
def test_the_path_follows_the_familys_stage(stage, path):
    assert guide.load_guide().path_for_stage(stage) == path


def test_choosing_not_now_jumps_to_the_end_with_that_outcome():
    path = guide.load_guide().paths["chronic"]
    found = guide.advance(path, path.start, "later")
    assert found == guide.Advance("finish", "not_now")
    assert path.step(found.step).kind == "outcome"


def test_a_talk_step_goes_on_to_its_next_step_and_a_branch_needs_a_choice():
    path = guide.load_guide().paths["initial"]
    assert guide.advance(path, "ask").step == "reasons"
    assert guide.advance(path, "finish").step is None
    with pytest.raises(InvalidInput):
        guide.advance(path, "moment")


# ---------------------------------------------------------------- the clinic's wording


def test_the_leads_wording_is_used_and_reset_restores_the_shipped_text(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    field = "paths.initial.steps.ask.prompt"
    guide.save_wording(cur, lead, {field: "Listen first. Ask gently."})
    assert guide.load_guide(cur).paths["initial"].step("ask").prompt == "Listen first. Ask gently."
    assert "+clinic." in guide.guide_version(cur)
    guide.reset_wording(cur, lead)
    original = guide.load_guide().paths["initial"].step("ask").prompt
    assert guide.load_guide(cur).paths["initial"].step("ask").prompt == original
    assert guide.guide_version(cur) == shipped()["version"]


def test_example_wordings_are_edited_one_per_line(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    guide.save_wording(cur, lead, {"paths.chronic.steps.honest.examples": "One.\n\n  Two.  "})
    assert guide.load_guide(cur).paths["chronic"].step("honest").examples == ("One.", "Two.")


def test_empty_wording_is_refused_and_nothing_is_saved(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(InvalidInput, match="cannot be empty"):
        guide.save_wording(cur, lead, {"reasons.forgot.label": "Slipped", "paths.initial.title": "  "})
    assert guide.list_wording_overrides(cur) == {}


def test_a_therapist_cannot_change_the_wording(cur):
    with pytest.raises(NotAllowed):
        guide.save_wording(cur, make_user(cur), {"paths.initial.title": "Mine"})


def test_preview_shows_the_change_without_saving(cur):
    previewed = guide.preview_wording(cur, {"actions.reissue.label": "Same task, fresh start"})
    assert previewed.actions["reissue"].label == "Same task, fresh start"
    assert guide.list_wording_overrides(cur) == {}


def test_saving_the_shipped_text_again_removes_the_adaptation(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    guide.save_wording(cur, lead, {"reasons.forgot.label": "Slipped our minds"})
    guide.save_wording(cur, lead, {"reasons.forgot.label": "Forgot"})
    assert guide.list_wording_overrides(cur) == {}
