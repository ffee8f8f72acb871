"""The shipped content's JSON schemas (data/*.schema.json): valid, in step with the app, and clear."""

import json

import pytest
from jsonschema import Draft202012Validator

from lib import guide
from lib.wording import schema
from tests.factories import ROOT


@pytest.mark.parametrize("name", ["guide", "explainer", "goal_scales"])
def test_each_content_file_has_a_valid_schema_that_it_passes(name):
    found = json.loads((ROOT / "data" / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(found)
    assert schema.schema_problem(name, json.loads((ROOT / "data" / f"{name}.json").read_text())) is None


def test_the_guide_schema_names_the_paths_the_app_knows():
    found = json.loads((ROOT / "data" / "guide.schema.json").read_text())
    assert tuple(found["properties"]["paths"]["required"]) == guide.PATH_IDS
    assert tuple(found["$defs"]["path_id"]["enum"]) == guide.PATH_IDS


def test_a_text_too_long_is_refused_with_its_length_and_place():
    data = guide.load_shipped_data()
    data["outcomes"][1]["label"] = "x" * 601
    with pytest.raises(
        guide.GuideError, match=r"outcomes\[1\]\.label is 601 characters; keep it to 600"
    ) as err:
        guide.check_guide(data)
    assert err.value.field == "outcomes[1].label"


def test_a_wrong_kind_of_value_is_refused_in_plain_words():
    data = guide.load_shipped_data()
    data["rationale"] = "one line"
    with pytest.raises(guide.GuideError, match="rationale must be a list"):
        guide.check_guide(data)
