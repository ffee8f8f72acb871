"""The family screen's state: published by the cue card as ids, read back as family words only."""

from datetime import datetime, timedelta

import pytest

from lib.errors import InvalidInput, NotAllowed
from lib.sessions import presenter, session_mode
from tests.factories import MONDAY, make_assignment, make_family, make_user, session_actor

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def started(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    make_assignment(cur, family, maya, start=MONDAY)
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    return session_actor(maya, family), family, session_id


def test_the_family_view_follows_the_published_step(cur, started):
    actor, _, session_id = started
    presenter.publish(cur, actor, session_id, {"step": 2})
    view = presenter.family_view(cur, actor, session_id)
    assert (view.family_name, view.step_label, view.ended) == ("Sam K.", "New skills and next tasks", False)


def test_the_guide_step_shows_its_family_words_and_neutral_reasons(cur, started):
    actor, _, session_id = started
    presenter.publish(
        cur, actor, session_id, {"step": 1, "path": "chronic", "guide_step": "finish", "reasons": ["avoided"]}
    )
    view = presenter.family_view(cur, actor, session_id)
    assert view.guide_text == "Where we landed today"
    assert view.reasons == ("It felt hard to get started",)
    assert "yourself" not in repr(view) and "chronic" not in repr(view)


def test_unknown_guide_steps_are_refused(cur, started):
    actor, _, session_id = started
    with pytest.raises(InvalidInput):
        presenter.publish(cur, actor, session_id, {"step": 1, "path": "chronic", "guide_step": "nope"})


def test_publishing_the_same_state_twice_writes_once(cur, started):
    actor, _, session_id = started
    first = presenter.publish(cur, actor, session_id, {"step": 1})
    assert presenter.publish(cur, actor, session_id, {"step": 1}) == first


def test_another_therapist_cannot_read_the_family_screen(cur, started):
    _, _, session_id = started
    with pytest.raises(NotAllowed):
        presenter.family_view(cur, make_user(cur, "leo"), session_id)


def test_after_the_end_the_family_screen_is_neutral(cur, started):
    actor, _, session_id = started
    session_mode.end_session(cur, actor, session_id, require_password=False)
    assert presenter.family_view(cur, actor, session_id).ended


def test_a_session_left_open_can_be_found_to_resume(cur, started):
    actor, family, session_id = started
    presenter.publish(cur, actor, session_id, {"step": 2})
    assert presenter.open_session(cur, actor) == (session_id, family, "Sam K.", 2)


def test_the_explainer_on_the_family_screen_shows_its_step_then_the_agreement(cur, started):
    actor, _, session_id = started
    shown = {
        "step": 0,
        "minutes": 8,
        "days": 4,
        "goal": "to tie my shoes",
        "who": "Dad",
        "when": "after school",
    }
    presenter.publish(cur, actor, session_id, {"step": 0, "explainer": shown})
    first = presenter.family_view(cur, actor, session_id).explainer
    assert (first.number, first.total, first.step.title) == (1, 7, "Why practising at home matters")
    assert "Your goal, in your words: “to tie my shoes”" in first.step.paragraphs
    presenter.publish(cur, actor, session_id, {"step": 0, "explainer": {**shown, "step": 6}})
    view = presenter.family_view(cur, actor, session_id)
    assert view.explainer.step.title == "Say it back in your own words" and not view.tasks
    assert view.explainer.step.closing == (
        "We agreed: about 8 minutes a day, on 4 days a week. When: after school. Who helps: Dad."
    )


@pytest.mark.parametrize(
    "bad", [{"step": -1, "minutes": 8, "days": 4}, {"step": 1, "minutes": 8, "days": 9}, "x"]
)
def test_an_impossible_explainer_state_is_refused(cur, started, bad):
    actor, _, session_id = started
    with pytest.raises(InvalidInput):
        presenter.publish(cur, actor, session_id, {"step": 0, "explainer": bad})


def test_a_task_given_again_has_no_review_on_the_family_screen_yet(cur, started):
    from lib.assignments.lifecycle import reissue_assignment

    actor, family, session_id = started
    task = cur.execute("SELECT id FROM assignments WHERE family_id = ?", [family]).fetchone()[0]
    session_mode.record_review(cur, actor, session_id, task, "done")
    reissue_assignment(cur, actor, task, start_date=NOW.date())
    presenter.publish(cur, actor, session_id, {"step": 1})
    (line,) = presenter.family_view(cur, actor, session_id).tasks
    assert line.words.endswith("We talk about it now.")


def test_the_recap_on_the_family_screen_shows_the_week_not_a_score(cur, started):
    actor, _, session_id = started
    presenter.publish(cur, actor, session_id, {"step": 0})
    view = presenter.family_view(cur, actor, session_id)
    assert view.guide_text == presenter.RECAP_WORDS
    assert not [t for t in view.tasks if any(ch.isdigit() for ch in t.words)]


def test_the_review_on_the_family_screen_says_days_practised_and_that_it_is_no_ones_fault(cur, started):
    actor, _, session_id = started
    presenter.publish(cur, actor, session_id, {"step": 1})
    view = presenter.family_view(cur, actor, session_id, today=MONDAY + timedelta(days=7))
    assert view.tasks[0].words.startswith("Days practised last week: 0 of 7 planned.")
    assert (
        view.note == "That isn't anyone's fault. It's about finding what can work for your family right now."
    )


def test_the_child_saying_no_reads_kindly_on_the_family_screen(cur):
    assert session_mode.review_reasons(cur)["boring"] == "It wasn't fun, or it was hard to start"


def test_the_review_step_shows_each_goal_beside_its_practice_without_the_ratings_notes(cur, started):
    from lib import goals

    actor, family, session_id = started
    goal = goals.create_goal(cur, actor, family, "OT", "Blows bubbles alone", ["a", "b", "c", "d", "e"])
    goals.rate_goal(cur, actor, goal, 0, "session", "Therapist's own note", session_id)
    presenter.publish(cur, actor, session_id, {"step": 1})
    (shown,) = presenter.family_view(cur, actor, session_id).goals
    assert shown.line.endswith("skill: from -2 to 0")
    assert "Therapist's own note" not in repr(shown) and "Maya" not in repr(shown)
    presenter.publish(cur, actor, session_id, {"step": 2})
    assert presenter.family_view(cur, actor, session_id).goals == ()
