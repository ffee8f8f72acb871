"""The guide's actions and runs: what each action does to the family's records, and the record kept."""

from datetime import date, datetime, timedelta

import pytest

from lib import assignments, guide
from lib.errors import InvalidInput, NotYourFamily
from lib.sessions import follow_through
from lib.ui.guide_panels import PANELS
from tests.conftest import TODAY, make_family, make_user

SOON = TODAY + timedelta(days=3)


def make_task(cur, family_id, therapist, title="Blow bubbles", minutes=10, days=5, start=date(2026, 10, 1)):
    """Insert an active task with its first version and return its id."""
    task_id = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, instructions, minutes,"
        " days_per_week, start_date, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            family_id,
            therapist.id,
            therapist.discipline,
            title,
            "Blow ten bubbles after dinner.",
            minutes,
            days,
            start,
            therapist.id,
        ],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by)"
        " VALUES (?, 1, ?, 'created', ?)",
        [task_id, start, therapist.id],
    )
    return task_id


@pytest.fixture
def setup(cur):
    therapist = make_user(cur, "maya", discipline="OT")
    family_id = make_family(cur, "Sam K.", therapist=therapist)
    return therapist, family_id


def shipped():
    return guide.load_shipped_data()


# ---------------------------------------------------------------- the registry


def test_every_action_in_the_guide_file_has_what_it_does_and_a_panel():
    in_file = set(guide.load_shipped_data()["actions"])
    assert set(guide.ACTIONS) == in_file and set(PANELS) == in_file


def test_the_actions_that_change_records_name_the_domain_function_they_call():
    calls = {
        a: guide.ACTIONS[a].calls for a in ("reissue", "make_easier", "shorten_gap", "cross_accountability")
    }
    assert [f.__name__ for f in calls.values()] == [
        "reissue_assignment",
        "revise_assignment",
        "move_session",
        "set_cross_note",
    ]


def test_an_unknown_action_is_refused(cur, setup):
    therapist, family_id = setup
    with pytest.raises(InvalidInput, match="not an action of the guide"):
        guide.perform_action(cur, therapist, family_id, "scold")


# ---------------------------------------------------------------- runs


def test_a_run_is_stored_and_shown_on_the_timeline(cur, setup):
    therapist, family_id = setup
    guide.record_guide_run(
        cur,
        therapist,
        family_id,
        "initial",
        "initial",
        ["moment", "ask", "reasons", "act", "finish"],
        reasons=["forgot", "no_time"],
        actions=["raise_belief"],
        outcome="plan_agreed",
        note="Alarm at 7.",
    )
    (run,) = guide.list_guide_runs(cur, therapist, family_id)
    assert (run.path, run.reasons, run.actions, run.outcome) == (
        "initial",
        ("forgot", "no_time"),
        ("raise_belief",),
        "plan_agreed",
    )
    assert run.therapist == "Maya" and run.guide_version == shipped()["version"]
    assert cur.execute("SELECT count(*) FROM audit_log WHERE entity = 'guide_run'").fetchone()[0] == 1


def test_choosing_not_to_address_it_now_is_a_recorded_outcome(cur, setup):
    therapist, family_id = setup
    guide.record_guide_run(
        cur, therapist, family_id, "chronic", "chronic", ["moment", "finish"], outcome="not_now"
    )
    assert guide.list_guide_runs(cur, therapist, family_id)[0].outcome == "not_now"


@pytest.mark.parametrize(
    "change,field",
    [
        ({"reasons": ["lazy"]}, "reasons"),
        ({"outcome": ""}, "outcome"),
        ({"steps_visited": ["honest"]}, "steps_visited"),
    ],
)
def test_a_bad_run_is_refused_naming_the_field(cur, setup, change, field):
    therapist, family_id = setup
    run = dict(path="initial", stage="initial", steps_visited=["moment"], outcome="not_now") | change
    with pytest.raises(InvalidInput) as err:
        guide.record_guide_run(cur, therapist, family_id, **run)
    assert err.value.field == field
    assert cur.execute("SELECT count(*) FROM guide_runs").fetchone()[0] == 0


def test_another_therapists_family_is_refused(cur, setup):
    _, family_id = setup
    other = make_user(cur, "leo")
    with pytest.raises(NotYourFamily):
        guide.list_guide_runs(cur, other, family_id)


# ---------------------------------------------------------------- actions


# ---------------------------------------------------------------- actions


def test_a_chronic_run_with_reissue_and_a_shorter_gap_makes_the_task_the_booking_and_the_run(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    again = guide.perform_action(cur, therapist, family_id, "reissue", assignment_id=task_id, start_date=SOON)
    soon = datetime.combine(SOON, datetime.min.time()).replace(hour=9)
    booked = guide.perform_action(
        cur, therapist, family_id, "shorten_gap", therapist_id=therapist.id, discipline="OT", starts_at=soon
    )
    guide.record_guide_run(
        cur,
        therapist,
        family_id,
        "chronic",
        "chronic",
        ["moment", "feelings", "reasons", "honest", "options", "finish"],
        reasons=["forgot"],
        actions=[again.entry, booked.entry],
        outcome="plan_agreed",
    )
    assert cur.execute(
        "SELECT reissued_from, start_date FROM assignments WHERE id = ?", [again.ref]
    ).fetchone() == (task_id, SOON)
    assert cur.execute("SELECT family_id, starts_at FROM sessions WHERE id = ?", [booked.ref]).fetchone() == (
        family_id,
        soon,
    )
    (run,) = guide.list_guide_runs(cur, therapist, family_id)
    assert run.actions == (f"reissue:{again.ref}", f"shorten_gap:{booked.ref}") and run.reasons == ("forgot",)


def test_making_it_easier_keeps_a_made_easier_version(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist, minutes=20)
    guide.perform_action(
        cur,
        therapist,
        family_id,
        "make_easier",
        assignment_id=task_id,
        changes={"minutes": 5},
        expected_version=1,  # the version the guide's form showed
    )
    assert cur.execute("SELECT minutes FROM assignments WHERE id = ?", [task_id]).fetchone()[0] == 5
    assert (
        cur.execute(
            "SELECT kind FROM assignment_versions WHERE assignment_id = ? ORDER BY version DESC LIMIT 1",
            [task_id],
        ).fetchone()[0]
        == "made_easier"
    )


def test_making_it_easier_without_a_change_is_refused(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    with pytest.raises(InvalidInput, match="Change at least one thing"):
        guide.perform_action(cur, therapist, family_id, "make_easier", assignment_id=task_id, changes={})


def test_the_buddy_note_is_written_on_the_task(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    guide.perform_action(
        cur, therapist, family_id, "cross_accountability", assignment_id=task_id, note="Mia checks Dad"
    )
    assert (
        cur.execute("SELECT cross_note FROM assignments WHERE id = ?", [task_id]).fetchone()[0]
        == "Mia checks Dad"
    )


def test_an_action_cannot_touch_another_familys_task(cur, setup):
    therapist, family_id = setup
    other_family = make_family(cur, "Ava B.", therapist=therapist)
    task_id = make_task(cur, other_family, therapist)
    with pytest.raises(InvalidInput, match="this family's tasks"):
        guide.perform_action(
            cur, therapist, family_id, "cross_accountability", assignment_id=task_id, note="x"
        )


def test_confirm_before_booking_marks_the_next_booked_session(cur, setup):
    therapist, family_id = setup
    for days in (9, 4):
        cur.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?)",
            [
                family_id,
                therapist.id,
                datetime.combine(TODAY + timedelta(days=days), datetime.min.time()),
            ],
        )
    result = guide.perform_action(cur, therapist, family_id, "confirm_before_booking")
    flagged = cur.execute("SELECT starts_at::DATE FROM sessions WHERE needs_practice_confirmed").fetchall()
    assert flagged == [(TODAY + timedelta(days=4),)] and result.ref is not None
    assert (
        cur.execute(
            "SELECT count(*) FROM audit_log WHERE entity = 'family' AND action = 'request_confirmation'"
        ).fetchone()[0]
        == 1
    )


def test_confirm_before_booking_works_without_a_booking_and_shows_on_the_caseload(cur, setup):
    therapist, family_id = setup
    guide.perform_action(cur, therapist, family_id, "confirm_before_booking")
    found = follow_through.caseload_flags(cur, therapist, [family_id])
    assert found["flag"].tolist() == ["practice to confirm"]


def test_the_familys_confirmation_is_recorded_with_the_day_and_who(cur, setup):
    therapist, family_id = setup
    guide.perform_action(cur, therapist, family_id, "confirm_before_booking")
    follow_through.record_confirmation(cur, therapist, family_id, TODAY, "Mum, by phone")
    assert (
        follow_through.confirmation_words(cur, therapist, family_id)
        == "Practice confirmed on 25 Nov by Mum, by phone."
    )
    assert follow_through.caseload_flags(cur, therapist, [family_id]).empty


def test_a_planned_break_pauses_the_family_and_its_tasks_with_a_check_in(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    result = guide.perform_action(
        cur, therapist, family_id, "planned_break", from_date=TODAY, check_in_on=TODAY + timedelta(weeks=6)
    )
    assert result.ref == family_id
    assert cur.execute("SELECT status, check_in_on FROM families WHERE id = ?", [family_id]).fetchone() == (
        "paused",
        TODAY + timedelta(weeks=6),
    )
    assert cur.execute("SELECT status FROM assignments WHERE id = ?", [task_id]).fetchone()[0] == "paused"
    later = TODAY + timedelta(weeks=7)
    assert follow_through.caseload_flags(cur, therapist, [family_id], later)["flag"].tolist() == [
        "check-in due"
    ]


def test_sooner_moves_the_next_booking_instead_of_double_booking(cur, setup):
    therapist, family_id = setup
    later = datetime.combine(TODAY + timedelta(days=20), datetime.min.time()).replace(hour=10)
    booked = cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?) RETURNING id",
        [family_id, therapist.id, later],
    ).fetchone()[0]
    soon = later - timedelta(days=13)
    guide.perform_action(cur, therapist, family_id, "shorten_gap", session_id=booked, starts_at=soon)
    assert cur.execute("SELECT id, starts_at FROM sessions WHERE status = 'booked'").fetchall() == [
        (booked, soon)
    ]


def test_sooner_asks_which_booking_when_one_exists(cur, setup):
    therapist, family_id = setup
    later = datetime.combine(TODAY + timedelta(days=20), datetime.min.time())
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?)",
        [family_id, therapist.id, later],
    )
    with pytest.raises(InvalidInput, match="Choose which booked session"):
        guide.perform_action(
            cur,
            therapist,
            family_id,
            "shorten_gap",
            therapist_id=therapist.id,
            discipline="OT",
            starts_at=later,
        )


def test_the_doctor_letter_says_only_what_the_records_show_was_tried(cur, setup):
    therapist, family_id = setup
    loaded = guide.load_guide()
    text = guide.draft_doctor_letter(cur, therapist, family_id, loaded, "Sam K.")
    assert text.startswith("Sam K.") and "no changes to the practice yet" in text and "despite" not in text
    cur.execute(
        "INSERT INTO guide_runs (family_id, therapist_id, run_on, stage, path, actions)"
        " VALUES (?, ?, ?, 'initial', 'initial', ['make_easier:3'])",
        [family_id, therapist.id, TODAY],
    )
    text = guide.draft_doctor_letter(cur, therapist, family_id, loaded, "Sam K.")
    assert "from our records: make it easier or clearer." in text


def test_the_belief_rationale_includes_the_guides_points(cur, setup):
    therapist, family_id = setup
    points = guide.belief_rationale(cur, therapist, family_id, guide.load_guide())
    assert set(guide.load_guide().rationale) <= set(points)


def test_reasons_are_prefilled_from_the_latest_review(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, reasons, therapist_id)"
        " VALUES (?, ?, ?, 'not_done', ['forgot'], ?)",
        [family_id, task_id, TODAY, therapist.id],
    )
    assert guide.latest_reasons(cur, therapist, family_id, task_id) == ["forgot"]


def test_the_guides_task_list_reads_each_task_by_name_newest_first(cur, setup):
    therapist, family_id = setup
    older = make_task(cur, family_id, therapist, "Stack blocks", start=date(2026, 9, 1))
    newer = make_task(cur, family_id, therapist, "Blow bubbles", minutes=7, days=3)
    tasks = guide.list_family_tasks(cur, therapist, family_id)
    assert [t.id for t in tasks] == [newer, older]
    assert (tasks[0].title, tasks[0].minutes, tasks[0].days_per_week, tasks[0].status) == (
        "Blow bubbles",
        7,
        3,
        "active",
    )


def test_a_break_planned_ahead_says_the_tasks_pause_on_that_day_and_run_until_then(cur, setup):
    therapist, family_id = setup
    task_id = make_task(cur, family_id, therapist)
    starts = TODAY + timedelta(days=12)
    result = guide.perform_action(
        cur, therapist, family_id, "planned_break", from_date=starts, check_in_on=starts + timedelta(weeks=5)
    )
    assert "1 task(s) pause on that day, and practice goes on until then;" in result.message
    (card,) = assignments.family_cards(cur, therapist, family_id, today=TODAY)
    assert (
        card.break_from == starts
        and assignments.get_assignment(cur, therapist, task_id).paused_from == starts
    )
