"""Every sentence that uses the practice word reads right with any word (checked by hand-written strings)."""

from datetime import date
from io import BytesIO

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from lib import explainer, printables
from lib.printables import reminders
from tests.factories import make_sheet

WORDS = ("homework", "home practice", "activity of the week")
MONDAY = date(2026, 11, 23)


def pdf_text(data):
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(data)).pages)


def sentences(word):
    """Every explainer sentence that holds the word, filled in."""
    data = explainer.load_shipped()
    texts = [data["rationale"], data["teach_back"]["title"], data["teach_back"]["intro"]]
    texts += data["teach_back"]["questions"]
    for step in data["steps"]:
        texts += [step["title"], *step["paragraphs"], *step.get("points", []), step.get("closing", "")]
    found = [s for t in texts if "word}" in t for s in t.split(". ") if "word}" in s]
    return [explainer.fill(s, word) for s in found]


EXPECTED = {
    "homework": [
        "That is why we ask for the homework.",
        "Many families find the homework hard to fit in",
        "Then we look at the homework together: what went well and what was hard.",
        "We will always ask about the homework",
        "Please tell us when there is no room for the homework for a while.",
    ],
    "home practice": [
        "That is why we ask for the home practice.",
        "Many families find the home practice hard to fit in",
        "Then we look at the home practice together: what went well and what was hard.",
        "We will always ask about the home practice",
        "Please tell us when there is no room for the home practice for a while.",
    ],
    "activity of the week": [
        "That is why we ask for the activity of the week.",
        "Many families find the activity of the week hard to fit in",
        "Then we look at the activity of the week together: what went well and what was hard.",
        "We will always ask about the activity of the week",
        "Please tell us when there is no room for the activity of the week for a while.",
    ],
}


@pytest.mark.parametrize("word", WORDS)
def test_every_explainer_sentence_with_the_word_reads_right(word):
    filled = sentences(word)
    for expected in EXPECTED[word]:
        assert any(expected in s for s in filled), expected
    assert len(filled) == len(EXPECTED[word])  # a new sentence with the word needs its expected strings


def test_the_word_never_sits_bare_in_a_sentence():
    data = explainer.load_shipped()
    text = data["rationale"] + str(data["steps"]) + str(data["teach_back"])
    assert "{word}" not in text and "{Word}" not in text


def test_a_word_with_its_own_determiner_keeps_it():
    assert explainer.the_word("our practice") == "our practice"
    assert explainer.the_word("Lily's task") == "Lily's task"
    assert explainer.the_word("therapy tasks") == "the therapy tasks"


@pytest.mark.parametrize(
    ("word", "helping", "fridge", "handout"),
    [
        ("homework", "Helping Ava B. with the homework", "Ava B.: Homework", "Homework: why and how"),
        (
            "home practice",
            "Helping Ava B. with the home practice",
            "Ava B.: Home practice",
            "Home practice: why and how",
        ),
        (
            "activity of the week",
            "Helping Ava B. with the activity of the week",
            "Ava B.: Activity of the week",
            "Activity of the week: why and how",
        ),
    ],
)
def test_the_sheets_use_the_word_as_a_label_or_after_with(word, helping, fridge, handout):
    sheet = make_sheet(word=word)
    assert helping in pdf_text(printables.caregiver_handout_pdf(sheet))
    assert fridge in pdf_text(printables.fridge_sheet_pdf(sheet, MONDAY))
    assert handout in pdf_text(printables.explainer_handout_pdf(word, "Ava B.", "Riverside", 10, 5))


@pytest.mark.parametrize(
    ("word", "summary"),
    [
        ("homework", "Homework: Peg the socks"),
        ("home practice", "Home practice: Peg the socks"),
        ("activity of the week", "Activity of the week: Peg the socks"),
    ],
)
def test_the_reminder_uses_the_word_as_a_label(word, summary):
    cal = Calendar.from_ical(reminders.family_calendar(make_sheet(word=word), MONDAY))
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == summary
    assert str(event.walk("VALARM")[0]["DESCRIPTION"]) == "Time to practise: Peg the socks"
