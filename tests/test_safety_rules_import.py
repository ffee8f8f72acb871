"""Each safety rule through the CSV import: its risk is listed as advice and saved accepted; its safe version is not.

The import's tasks.csv has no reward column, so the food-reward rule has nothing to read there
(tests/test_safety_rules.py and tests/pages/test_safety_rules_form.py check it)."""

import csv
import io
from datetime import date

import pytest

from lib import exchange
from lib.assignments.safety import safety_advice
from tests.conftest import TODAY
from tests.factories import make_family, make_user
from tests.test_safety_rules import CASES

IMPORTABLE = sorted(rule for rule in CASES if rule != "food_reward")


def _row(values):
    """Return the task's importable words: its materials join what to do (the import has no materials column)."""
    instructions = values["instructions"] + (
        f" You need {values['materials']}." if values.get("materials") else ""
    )
    return {"instructions": instructions, "safety": values.get("safety", "")}


def _files(values):
    out = io.StringIO()
    writer = csv.DictWriter(
        out,
        [
            "family",
            "title",
            "therapist_username",
            "minutes",
            "days_per_week",
            "start_date",
            "instructions",
            "safety",
        ],
    )
    writer.writeheader()
    writer.writerow(
        {
            "family": "Ava B.",
            "title": "Practice at home",
            "therapist_username": "maya.ot",
            "minutes": 5,
            "days_per_week": 5,
            "start_date": "2026-11-20",
            **_row(values),
        }
    )
    return {"tasks.csv": out.getvalue().encode()}


def _clinic(cur, age):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    family = make_family(cur, "Ava B.", make_user(cur, "maya.ot"))
    cur.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [date(TODAY.year - age, 1, 1), family])
    return lead


def _advice(rule):
    values, age = CASES[rule][0]
    (text,) = [t for found, t in safety_advice(_row(values), age) if found == rule]
    return text


@pytest.mark.parametrize("rule", IMPORTABLE)
def test_the_import_lists_a_rules_advice_and_saves_it_accepted(cur, rule):
    values, age = CASES[rule][0]
    lead = _clinic(cur, age)
    report = exchange.preview(cur, lead, _files(values))
    assert [(w.line, w.column) for w in report.warnings] == [(2, "safety")]
    assert _advice(rule) in report.warnings[0].problem
    exchange.import_files(cur, lead, _files(values))
    (saved,) = cur.execute("SELECT safety_acknowledged FROM assignments").fetchone()
    assert _advice(rule) in saved


@pytest.mark.parametrize("rule", IMPORTABLE)
def test_the_import_takes_a_rules_safe_version_without_its_advice(cur, rule):
    values, age = CASES[rule][1]
    lead = _clinic(cur, age)
    report = exchange.preview(cur, lead, _files(values))
    assert not [w for w in report.warnings if _advice(rule) in w.problem]
    exchange.import_files(cur, lead, _files(values))
    (saved,) = cur.execute("SELECT safety_acknowledged FROM assignments").fetchone()
    assert _advice(rule) not in saved
