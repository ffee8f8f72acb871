"""What the child learned: celebrated on the family screen, listed on the skills page, kept in the binder and kit."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from lib import goals, printables
from lib.assignments import complete_assignment, reissue_assignment, retire_assignment
from lib.errors import NotYourFamily
from lib.sessions import presenter, session_mode, task_photos
from tests.conftest import TODAY
from tests.factories import (
    MONDAY,
    make_assignment,
    make_family,
    make_sheet,
    make_sheet_task,
    make_user,
    session_actor,
)

LEVELS = [
    "Needs help with all of it",
    "Does one part",
    "Does most of it",
    "Does it all",
    "Does it all, calmly",
]
SAFETY = "Stay beside her on the stairs.\nNo small beads under 3 years."


def pdf_text(data):
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages), reader


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, "Isla M.", therapist=maya)


def _on(monkeypatch, day):
    monkeypatch.setenv("HOME_PRACTICE_TODAY", day.isoformat())


def _goal_reached(cur, maya, family, monkeypatch, reached=date(2026, 11, 10)):
    _on(monkeypatch, date(2026, 10, 1))
    goal = goals.create_goal(cur, maya, family, "OT", "Blows bubbles alone", LEVELS)
    _on(monkeypatch, reached)
    goals.rate_goal(cur, maya, goal, 0, "session")
    _on(monkeypatch, reached + timedelta(days=7))
    goals.rate_goal(cur, maya, goal, 1, "session")
    _on(monkeypatch, TODAY)
    return goal


def test_a_goal_is_reached_on_its_first_rating_at_0_and_a_task_on_its_end_date(
    cur, maya, family, monkeypatch
):
    _goal_reached(cur, maya, family, monkeypatch)
    stopped = goals.create_goal(cur, maya, family, "OT", "Climbs the frame", LEVELS)
    goals.rate_goal(cur, maya, stopped, 0, "session")
    stopped_goal = goals.get_goal(cur, maya, stopped)
    goals.update_goal(
        cur,
        maya,
        stopped,
        stopped_goal.title,
        stopped_goal.levels,
        None,
        "stopped",
        expected_version=stopped_goal.version,
    )
    below = goals.create_goal(cur, maya, family, "OT", "Zips the coat", LEVELS)
    goals.rate_goal(cur, maya, below, -1, "session")
    learned = make_assignment(cur, family, maya, "Peg the socks", start=MONDAY)
    complete_assignment(cur, maya, learned, on=date(2026, 11, 20))
    make_assignment(cur, family, maya, "Still going", start=MONDAY)
    found = goals.achievements(cur, maya, family)
    assert [(a.kind, a.title, a.reached_on) for a in found] == [
        ("goal", "Blows bubbles alone", date(2026, 11, 10)),
        ("task", "Peg the socks", date(2026, 11, 20)),
    ]


def test_the_family_screen_celebrates_what_was_reached_lately_in_family_words(cur, maya, family, monkeypatch):
    _goal_reached(cur, maya, family, monkeypatch, reached=TODAY - timedelta(days=goals.CELEBRATE_DAYS + 5))
    learned = make_assignment(cur, family, maya, "Peg the socks", start=MONDAY)
    complete_assignment(cur, maya, learned, on=TODAY - timedelta(days=3))
    late = goals.create_goal(cur, maya, family, "OT", "Puts on socks", LEVELS)
    goals.rate_goal(cur, maya, late, 0, "session", "Therapist's own note")
    session_id = session_mode.start_session(cur, maya, family)
    actor = session_actor(maya, family)
    presenter.publish(cur, actor, session_id, {"step": 1})
    view = presenter.family_view(cur, actor, session_id)
    assert view.celebrations == ("Isla M. learned: Peg the socks", "Isla M. reached the goal: Puts on socks")
    assert "note" not in " ".join(view.celebrations)
    presenter.publish(cur, actor, session_id, {"step": 2})  # only at the review step
    assert presenter.family_view(cur, actor, session_id).celebrations == ()


def test_the_skills_page_lists_goals_reached_and_tasks_learned_with_their_days(
    cur, maya, family, monkeypatch
):
    _goal_reached(cur, maya, family, monkeypatch)
    learned = make_assignment(cur, family, maya, "Peg the socks", start=MONDAY)
    complete_assignment(cur, maya, learned, on=date(2026, 11, 20))
    sheet = printables.load_family_sheet(cur, maya, family, TODAY)
    pages, text, _ = pdf_text(printables.skills_page_pdf(sheet, goals.achievements(cur, maya, family)))
    assert pages == 1
    for words in (
        "Isla M.: skills we learned",
        "Goals reached",
        "Blows bubbles alone (OT)",
        "Reached on 10 November 2026",
        "Tasks learned",
        "Peg the socks (OT)",
        "Learned by 20 November 2026",
    ):
        assert words in text
    _, empty, _ = pdf_text(printables.skills_page_pdf(sheet, []))
    assert "Nothing is marked as reached yet" in empty


def _photo():
    out = BytesIO()
    Image.new("RGB", (400, 300), "steelblue").save(out, "JPEG")
    return out.getvalue()


def test_ended_tasks_are_the_binder_s_cards_with_safety_materials_and_a_photo(cur, maya, family):
    learned = make_assignment(
        cur,
        family,
        maya,
        "Stair walk",
        start=MONDAY,
        instructions="Walk up holding the rail.",
        safety=SAFETY,
        materials="a step stool",
        materials_lent="a balance cushion",
    )
    task_photos.add_photo(cur, maya, learned, _photo())
    complete_assignment(cur, maya, learned, on=date(2026, 11, 20))
    stopped = make_assignment(cur, family, maya, "Bead threading", start=MONDAY, materials="big beads")
    retire_assignment(cur, maya, stopped, on=date(2026, 11, 18))
    again = make_assignment(cur, family, maya, "Straw sips", start=MONDAY, materials="a straw")
    reissue_assignment(cur, maya, again, start_date=TODAY - timedelta(days=2))  # runs again: not a card
    sheet = printables.load_family_sheet(cur, maya, family, TODAY)
    assert [(t.title, t.status) for t in sheet.past_tasks] == [
        ("Bead threading", "retired"),
        ("Stair walk", "completed"),
    ]
    pages, text, reader = pdf_text(printables.binder_pdf(sheet))
    for words in (
        "Isla M.: our activity binder",
        "Stair walk (OT)",
        "Learned by 20 November 2026",
        "Walk up holding the rail.",
        "Stay beside her on the stairs.",
        "No small beads under 3 years.",
        "a step stool",
        "a balance cushion",
        "Bead threading (OT)",
        "Practised until 18 November 2026",
        "big beads",
    ):
        assert words in text
    assert "Straw sips" not in text
    assert sum(len(page.images) for page in reader.pages) == 1  # the session photo


def test_a_long_binder_never_splits_a_card_and_prints_every_safety_line():
    past = tuple(
        make_sheet_task(
            id=i, title=f"Activity {i}", status="completed", end_date=date(2026, 11, i), safety=SAFETY
        )
        for i in range(1, 9)
    )
    pages, text, _ = pdf_text(printables.binder_pdf(make_sheet(past_tasks=past)))
    assert pages > 1
    assert (
        text.count("Stay beside her on the stairs.") == 8 and text.count("No small beads under 3 years.") == 8
    )


def test_the_kit_keeps_the_things_of_tasks_that_ended():
    sheet = make_sheet(
        make_sheet_task(),
        past_tasks=(
            make_sheet_task(id=2, title="Stair walk", status="completed", materials="a step stool"),
            make_sheet_task(id=3, title="Hop", status="retired", materials=""),
        ),
    )
    items, nothing = printables.kit_items(sheet)
    assert [(i.title, i.materials, i.ended) for i in items] == [
        ("Peg the socks", "clothes pegs and socks", False),
        ("Stair walk", "a step stool", True),
    ]
    assert nothing == []
    _, text, _ = pdf_text(printables.kit_list_pdf(sheet))
    assert "a step stool" in text and "Stair walk (OT), kept for the activity binder" in text


def test_a_completed_task_in_the_database_stays_on_the_kit_list(cur, maya, family):
    learned = make_assignment(cur, family, maya, "Stair walk", start=MONDAY, materials="a step stool")
    complete_assignment(cur, maya, learned, on=date(2026, 11, 20))
    items, _ = printables.kit_items(printables.load_family_sheet(cur, maya, family, TODAY))
    assert [(i.title, i.materials, i.ended) for i in items] == [("Stair walk", "a step stool", True)]


def test_another_therapist_cannot_read_what_a_family_learned(cur, family):
    with pytest.raises(NotYourFamily):
        goals.achievements(cur, make_user(cur, "other"), family)
