"""lib.words: one vocabulary for screens and sheets."""

import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from lib import words

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("days_per_week", "weekdays", "said"),
    [
        (2, [0, 3], "on Monday and Thursday"),
        (3, [4, 0, 2], "on Monday, Wednesday and Friday"),
        (7, list(range(7)), "every day"),
        (7, None, "every day"),
        (3, None, "on any 3 days a week"),
        (1, [], "on any 1 day a week"),
    ],
)
def test_a_schedule_reads_the_same_wherever_it_is_shown(days_per_week, weekdays, said):
    assert words.schedule_text(SimpleNamespace(days_per_week=days_per_week, weekdays=weekdays)) == said


def test_every_discipline_has_one_family_word_and_unknown_ones_read_as_therapy():
    assert words.DISCIPLINES == ("OT", "PT", "SLP", "psychology", "other")
    assert words.discipline_word("other") == words.discipline_word("dance") == "Therapy"


def test_a_week_starts_on_monday():
    assert words.week_start(date(2026, 11, 25)) == date(2026, 11, 23)
    assert words.week_start(date(2026, 11, 23)) == date(2026, 11, 23)


def test_who_does_it_reads_as_a_sentence_start():
    assert [words.who_word(w) for w in words.WHO] == [
        "Your child",
        "A grown-up",
        "Your child with a grown-up",
    ]


def test_no_other_module_keeps_its_own_day_or_discipline_words():
    pattern = re.compile(r'"(Mon|Monday)",\s*"(Tue|Tuesday)"|"Occupational therapy"|"Physiotherapy"')
    copies = [
        p.relative_to(ROOT).as_posix()
        for folder in ("lib", "pages")
        for p in (ROOT / folder).rglob("*.py")
        if p != ROOT / "lib" / "words.py" and pattern.search(p.read_text())
    ]
    assert copies == []


def test_join_words_says_and_or_or_between_the_last_two():
    assert words.join_words(["Ana"], "or") == "Ana"
    assert words.join_words(["Ana", "Ben"], "or") == "Ana or Ben"
    assert words.join_words(["Ana", "Ben", "Cy"]) == "Ana, Ben and Cy"
