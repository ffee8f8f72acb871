"""Every save a form makes names the version it showed: no update function can be called without one."""

import inspect
from pathlib import Path

import pytest

from lib import families, goals, sessions, ticks, versions
from lib.assignments import lifecycle, templates

ROOT = Path(__file__).resolve().parent.parent
FORM_SAVES = [
    families.update_family,
    families.update_caregiver,
    sessions.record_session_outcome,
    templates.update_template,
    ticks.update_tick,
    lifecycle.revise_assignment,
    lifecycle.save_task_changes,
    goals.update_goal,
    goals.correct_rating,
]


@pytest.mark.parametrize("save", FORM_SAVES, ids=lambda f: f.__name__)
def test_the_version_is_a_required_keyword(save):
    parameter = inspect.signature(save).parameters["expected_version"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


def test_a_version_of_none_is_refused_not_taken_as_any():
    with pytest.raises(TypeError, match="expected_version is required"):
        versions.required(None)
    assert versions.required(3) == 3 and versions.required(versions.ANY) is versions.ANY


def test_no_screen_saves_without_the_version_it_showed():
    screens = [*ROOT.glob("lib/ui/*.py"), *ROOT.glob("pages/*.py")]
    assert [p.name for p in screens if "versions.ANY" in p.read_text()] == []
