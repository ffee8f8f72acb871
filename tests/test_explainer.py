"""The intake explainer: its steps, the teach-back record, the caseload flag and the page."""

import json
from datetime import date

import pytest

from lib import explainer
from lib.errors import InvalidInput, NotYourFamily
from tests.factories import make_family, make_user


def test_every_step_has_a_title_and_words_and_the_expectation_is_filled_in():
    steps = explainer.explainer_steps("activity of the week", 10, 5)
    assert [s.key for s in steps] == ["why", "normal", "expectation", "sessions", "barriers", "pause"]
    expectation = next(s for s in steps if s.key == "expectation")
    assert "about 10 minutes a day, on 5 days a week" in expectation.paragraphs[0]
    assert steps[0].title == "Why practising at home matters"


def test_no_placeholder_is_left_in_any_filled_step():
    steps = explainer.explainer_steps("practice time", 8, 4)
    text = json.dumps([[s.title, *s.paragraphs, *s.points, s.closing] for s in steps])
    assert "{" not in text and "}" not in text


def test_the_general_steps_use_the_music_and_physio_analogies_and_the_pause_agreement():
    text = " ".join(p for s in explainer.explainer_steps("home practice") for p in (*s.paragraphs, *s.points))
    assert "music lessons" in text and "physio" in text and "pause sessions" in text


def test_the_rationale_uses_the_given_word_and_is_short():
    text = explainer.rationale_text("therapy task")
    assert "therapy task" in text and "music lesson" in text
    assert len(text) < 400


def test_the_family_word_overrides_the_clinic_word(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    assert explainer.family_practice_word(cur, therapist, family_id) == "home practice"
    cur.execute("UPDATE families SET practice_word = 'practice time' WHERE id = ?", [family_id])
    assert explainer.family_practice_word(cur, therapist, family_id) == "practice time"


def test_recording_teach_back_saves_the_run_and_an_audit_row(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    explainer.record_explainer_run(cur, therapist, family_id, 10, 5, True, run_on=date(2026, 11, 2))
    last = explainer.last_explainer_run(cur, therapist, family_id)
    assert (last.run_on, last.minutes_per_day, last.days_per_week, last.understood) == (
        date(2026, 11, 2),
        10,
        5,
        True,
    )
    assert cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'explainer_run'").fetchone()[0] == 1


def test_not_understood_needs_a_note_of_what_to_revisit_and_saves_nothing(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    with pytest.raises(InvalidInput) as err:
        explainer.record_explainer_run(cur, therapist, family_id, 10, 5, False, "  ")
    assert err.value.field == "revisit"
    assert cur.execute("SELECT count(*) FROM explainer_runs").fetchone()[0] == 0


@pytest.mark.parametrize(
    "minutes,days,field", [(0, 5, "minutes_per_day"), (10, 8, "days_per_week"), ("x", 5, "minutes_per_day")]
)
def test_impossible_expectations_name_the_field(cur, minutes, days, field):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    with pytest.raises(InvalidInput) as err:
        explainer.record_explainer_run(cur, therapist, family_id, minutes, days, True)
    assert err.value.field == field


def test_a_therapist_cannot_record_for_another_therapists_family(cur):
    family_id = make_family(cur, therapist=make_user(cur, "other"))
    with pytest.raises(NotYourFamily):
        explainer.record_explainer_run(cur, make_user(cur), family_id, 10, 5, True)


def test_the_last_run_is_the_newest_one(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    explainer.record_explainer_run(cur, therapist, family_id, 10, 5, False, "why", run_on=date(2026, 11, 2))
    explainer.record_explainer_run(cur, therapist, family_id, 8, 4, True, run_on=date(2026, 11, 9))
    assert explainer.last_explainer_run(cur, therapist, family_id).minutes_per_day == 8


def test_families_without_an_explainer_are_flagged_for_many_families_at_once(cur):
    therapist = make_user(cur)
    done, missing = make_family(cur, "A", therapist), make_family(cur, "B", therapist)
    make_family(cur, "Not mine", make_user(cur, "other"))
    explainer.record_explainer_run(cur, therapist, done, 10, 5, True)
    assert explainer.families_without_explainer(cur, therapist) == {missing}
    assert explainer.families_without_explainer(cur, therapist, [done]) == set()


def test_the_lead_sees_every_family_without_an_explainer(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    ids = {make_family(cur, "A", make_user(cur, "a")), make_family(cur, "B")}
    cur.execute("UPDATE families SET status = 'discharged' WHERE display_name = 'B'")
    assert explainer.families_without_explainer(cur, lead) == ids - {max(ids)}


def test_the_suggested_expectation_follows_the_age_and_the_difficulty(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    assert explainer.suggested_expectation(cur, therapist, family_id) == (10, 5)  # no birth date
    cur.execute("UPDATE families SET date_of_birth = DATE '2023-06-01' WHERE id = ?", [family_id])
    assert explainer.suggested_expectation(cur, therapist, family_id) == (5, 5)
    assert explainer.suggested_expectation(cur, therapist, family_id, "gentle") == (3, 5)
    cur.execute("UPDATE families SET date_of_birth = DATE '2012-01-01' WHERE id = ?", [family_id])
    assert explainer.suggested_expectation(cur, therapist, family_id) == (15, 5)


def test_the_suggested_expectation_is_the_last_agreement_once_there_is_one(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    explainer.record_explainer_run(cur, therapist, family_id, 7, 4, True)
    assert explainer.suggested_expectation(cur, therapist, family_id, "gentle") == (7, 4)


def test_teach_back_records_the_goal_and_who_helps_when(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    explainer.record_explainer_run(
        cur,
        therapist,
        family_id,
        8,
        5,
        True,
        goal="  ask  for a drink ",
        who_helps="Gran",
        practice_when="at bath time",
    )
    agreed = explainer.agreed(cur, therapist, family_id)
    assert agreed == explainer.Agreement("ask for a drink", 8, 5, "Gran", "at bath time")
    row = cur.execute("SELECT detail FROM audit_log WHERE entity = 'explainer_run'").fetchone()[0]
    assert "ask for a drink" in row and "Gran" in row


def test_a_goal_longer_than_a_sentence_is_refused_by_name(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    with pytest.raises(InvalidInput) as err:
        explainer.record_explainer_run(cur, therapist, family_id, 8, 5, True, goal="x" * 201)
    assert err.value.field == "goal"


def test_a_new_task_starts_from_what_is_left_of_the_agreed_minutes(cur):
    from tests.factories import make_assignment

    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    assert explainer.task_defaults(cur, therapist, family_id) == {}
    explainer.record_explainer_run(cur, therapist, family_id, 12, 4, True, practice_when="after school")
    make_assignment(cur, family_id, therapist, minutes=5, days_per_week=7)
    defaults = explainer.task_defaults(cur, therapist, family_id)
    assert (defaults["minutes"], defaults["days_per_week"], defaults["routine_anchor"]) == (
        7,
        4,
        "after school",
    )
    make_assignment(cur, family_id, therapist, minutes=10, days_per_week=7)
    assert "minutes" not in explainer.task_defaults(cur, therapist, family_id)  # nothing left: the form's own
    explainer.record_explainer_run(cur, therapist, family_id, 60, 4, True)
    assert explainer.task_defaults(cur, therapist, family_id)["minutes"] == 10  # one task stays short
