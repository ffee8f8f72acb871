"""Assignments: setting, validating, versions, lifecycle, re-issue and the barrier checklist."""

import json
from datetime import date, time

import pytest

from lib import assignments as a
from lib import versions as record_versions
from lib.assignments.barriers import BARRIER_IDS
from lib.errors import InvalidInput, NotAllowed, NotYourFamily
from tests.conftest import make_family, make_user

START = date(2026, 11, 2)
TASK = {
    "title": "Tongue exercises while brushing teeth",
    "instructions": "Push the tongue into each cheek five times.",
    "discipline": "SLP",
    "who": "child",
    "minutes": 5,
    "days_per_week": 7,
    "weekdays": None,
    "start_date": START,
    "routine_anchor": "while brushing teeth",
    "routine_time": time(19, 30),
    "materials": "",
    "practised_in_session": True,
    "family_chose": True,
}
ALL_OK = {b: ("ok", "") for b in BARRIER_IDS}


@pytest.fixture
def setup(cur):
    slp = make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    return cur, slp, family


def versions(cur, assignment_id):
    return cur.execute(
        "SELECT version, kind, changed_on FROM assignment_versions WHERE assignment_id = ? ORDER BY version",
        [assignment_id],
    ).fetchall()


def tick(cur, assignment_id, family, day, user):
    cur.execute(
        "INSERT INTO ticks (assignment_id, practice_date, family_id, entered_by) VALUES (?, ?, ?, ?)",
        [assignment_id, day, family, user.id],
    )


def test_setting_a_task_saves_it_with_a_created_version_and_its_checklist(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    saved = a.get_assignment(cur, slp, task_id)
    assert (saved.minutes, saved.routine_time, saved.therapist_id) == (5, time(19, 30), slp.id)
    assert saved.checklist_complete and saved.status == "active"
    assert versions(cur, task_id) == [(1, "created", START)]


def test_a_task_with_a_risk_but_no_plan_is_checklist_incomplete(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, {**ALL_OK, "time": ("risk", "")})
    assert not a.get_assignment(cur, slp, task_id).checklist_complete
    a.set_barrier_answers(cur, slp, task_id, {**ALL_OK, "time": ("risk", "Grandma runs it on Tuesdays")})
    assert a.get_assignment(cur, slp, task_id).checklist_complete
    assert a.get_barrier_answers(cur, slp, task_id)["time"] == ("risk", "Grandma runs it on Tuesdays")
    other = a.create_assignment(cur, slp, family, {**TASK, "title": "Lip rounding"})
    assert a.family_barrier_answers(cur, slp, family) == {
        task: a.get_barrier_answers(cur, slp, task) for task in (task_id, other)
    }


def test_saving_without_the_checklist_is_allowed_and_flagged_for_the_caseload(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    table = a.checklist_incomplete_families(cur, slp, [family])
    assert table.to_dict("records") == [
        {"family_id": family, "assignment_id": task_id, "title": TASK["title"], "missing": 8}
    ]


def test_the_checklist_query_shows_only_families_the_therapist_may_see(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK)
    assert len(a.checklist_incomplete_families(cur, slp)) == 1
    assert a.checklist_incomplete_families(cur, make_user(cur, "other")).empty


def test_a_task_names_only_a_therapist_linked_to_the_family(setup):
    cur, slp, family = setup
    stranger = make_user(cur, "stranger", discipline="PT")
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, "therapist_id": stranger.id})
    assert error.value.field == "therapist_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": -5}, "minutes"),
        ({"minutes": 241}, "minutes"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"end_date": date(2026, 11, 1)}, "end_date"),
        ({"weekdays": []}, "weekdays"),
        ({"title": "  "}, "title"),
        # ids no row can have reach no query (each was a raw database error: hypothesis found them)
        ({"supporter_ids": [1, 2**127]}, "supporter_ids"),
        ({"supporter_ids": [-(2**127) - 1]}, "supporter_ids"),
        ({"supporter_ids": ["1"]}, "supporter_ids"),
        ({"therapist_id": 2**63}, "therapist_id"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(setup, change, field):
    cur, slp, family = setup
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, **change}, ALL_OK)
    assert error.value.field == field
    assert cur.execute("SELECT count(*) FROM assignments").fetchone()[0] == 0


def test_every_problem_of_a_task_is_reported_at_once_each_under_its_field(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK)
    bad = {**TASK, "minutes": 0, "end_date": date(2026, 11, 1), "reward_ticks": 500, "materials": "m" * 301}
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, bad, {**ALL_OK, "time": ("risk", "p" * 301)})
    assert set(error.value.problems) == {
        "title",
        "minutes",
        "end_date",
        "reward_ticks",
        "materials",
        "barrier:time",
    }
    assert "already has an active task" in error.value.problems["title"]
    assert cur.execute("SELECT count(*) FROM assignments").fetchone()[0] == 1


def test_a_new_tasks_therapist_is_the_familys_therapist_of_its_discipline(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    ot, slp = make_user(cur, "nora", discipline="OT"), make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    cur.execute(
        "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, 'OT')",
        [family, ot.id],
    )
    task_id = a.create_assignment(cur, lead, family, {**TASK, "discipline": "OT"})
    assert a.get_assignment(cur, lead, task_id).therapist_id == ot.id


def test_the_task_form_starts_with_the_familys_discipline_and_its_therapist(cur):
    from lib import families

    lead = make_user(cur, "lead", role="lead", discipline=None)
    ot, slp = make_user(cur, "nora", discipline="OT"), make_user(cur, "sofia", discipline="SLP")
    family = make_family(cur, therapist=slp, discipline="SLP")
    cur.execute(
        "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, 'PT')",
        [family, ot.id],
    )
    linked = families.list_family_therapists(cur, lead, family)
    assert a.default_people(linked, lead) == (
        "PT",
        ot.id,
    )  # the family's first discipline, not "OT with the lead"
    assert a.default_people(linked, lead, "SLP") == ("SLP", slp.id)
    assert a.default_people(linked, slp) == ("SLP", slp.id)  # a linked therapist: their own link
    assert a.default_people(linked, lead, "OT") == ("OT", lead.id)  # nobody linked for OT: whoever sets it


def test_the_same_title_cannot_be_active_twice_for_a_family(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, TASK)
    with pytest.raises(InvalidInput) as error:
        a.create_assignment(cur, slp, family, {**TASK, "title": TASK["title"].upper() + " "})
    assert error.value.field == "title"


def test_a_weekday_schedule_sets_the_days_per_week(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "weekdays": [4, 0, 2]})
    saved = a.get_assignment(cur, slp, task_id)
    assert (saved.weekdays, saved.days_per_week) == ((0, 2, 4), 3)


def test_a_therapist_cannot_set_a_task_for_another_therapists_family(setup):
    cur, slp, family = setup
    with pytest.raises(NotYourFamily):
        a.create_assignment(cur, make_user(cur, "other"), family, TASK)


def test_making_it_easier_keeps_the_ticks_and_writes_a_dated_version(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "minutes": 15})
    tick(cur, task_id, family, START, slp)
    version = a.revise_assignment(
        cur,
        slp,
        task_id,
        {"minutes": 5},
        "shorter",
        kind="made_easier",
        on=date(2026, 11, 9),
        expected_version=record_versions.ANY,
    )
    assert version == 2 and a.get_assignment(cur, slp, task_id).minutes == 5
    assert versions(cur, task_id)[-1] == (2, "made_easier", date(2026, 11, 9))
    assert cur.execute("SELECT count(*) FROM ticks WHERE assignment_id = ?", [task_id]).fetchone()[0] == 1


def test_a_revision_snapshot_holds_the_new_values(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    changes = {"routine_anchor": "at bath time", "safety": "A grown-up stays by the bath the whole time."}
    a.revise_assignment(cur, slp, task_id, changes, "fits better", expected_version=record_versions.ANY)
    snapshot = cur.execute(
        "SELECT snapshot FROM assignment_versions WHERE assignment_id = ? AND version = 2", [task_id]
    ).fetchone()[0]
    assert json.loads(snapshot)["routine_anchor"] == "at bath time"


def test_a_revision_with_nothing_changed_writes_no_version(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    assert a.revise_assignment(cur, slp, task_id, {"minutes": 5}, expected_version=record_versions.ANY) == 1
    assert len(versions(cur, task_id)) == 1


def test_a_stale_revision_is_refused(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.revise_assignment(cur, slp, task_id, {"minutes": 6}, expected_version=record_versions.ANY)
    with pytest.raises(a.StaleAssignment):
        a.revise_assignment(cur, slp, task_id, {"minutes": 7}, expected_version=1)


def test_task_changes_and_checklist_are_saved_together_or_not_at_all(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    too_long = {**ALL_OK, "time": ("risk", "x" * 301)}
    with pytest.raises(InvalidInput) as error:
        a.save_task_changes(
            cur, slp, task_id, {"title": "Cheek pushes"}, too_long, expected_version=record_versions.ANY
        )
    assert error.value.field == "barrier:time"
    assert a.get_assignment(cur, slp, task_id).title == TASK["title"]
    plan = {**ALL_OK, "time": ("risk", "alarm at 7 pm")}
    assert (
        a.save_task_changes(
            cur, slp, task_id, {"title": "Cheek pushes"}, plan, expected_version=record_versions.ANY
        )
        == 2
    )
    assert a.get_barrier_answers(cur, slp, task_id)["time"] == ("risk", "alarm at 7 pm")


def test_pause_and_resume_write_dated_versions(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id, on=date(2026, 11, 10), reason="holiday")
    assert a.get_assignment(cur, slp, task_id).status == "paused"
    a.resume_assignment(cur, slp, task_id, on=date(2026, 11, 17))
    kinds = [(k, d) for _, k, d in versions(cur, task_id)[1:]]
    assert kinds == [("paused", date(2026, 11, 10)), ("resumed", date(2026, 11, 17))]


def test_a_paused_task_cannot_be_paused_again(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id)
    with pytest.raises(NotAllowed):
        a.pause_assignment(cur, slp, task_id)


def test_completing_sets_the_end_date_unless_it_ends_earlier(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "end_date": date(2026, 12, 31)})
    a.complete_assignment(cur, slp, task_id, on=date(2026, 11, 20))
    done = a.get_assignment(cur, slp, task_id)
    assert (done.status, done.end_date) == ("completed", date(2026, 11, 20))
    assert a.list_assignments(cur, slp, family) == []


def test_retiring_keeps_an_earlier_end_date(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "end_date": date(2026, 11, 5)})
    a.retire_assignment(cur, slp, task_id, on=date(2026, 11, 20))
    assert a.get_assignment(cur, slp, task_id).end_date == date(2026, 11, 5)


def test_reissuing_retires_the_old_task_the_day_before_and_copies_the_checklist(setup):
    cur, slp, family = setup
    old_id = a.create_assignment(cur, slp, family, TASK, {**ALL_OK, "time": ("risk", "alarm at 7 pm")})
    a.set_cross_note(cur, slp, old_id, "Mia checks Dad's exercise")
    new_id = a.reissue_assignment(cur, slp, old_id, date(2026, 11, 9), "show it matters")
    old, new = a.get_assignment(cur, slp, old_id), a.get_assignment(cur, slp, new_id)
    assert (old.status, old.end_date) == ("retired", date(2026, 11, 8))
    assert (new.reissued_from, new.start_date, new.title) == (old_id, date(2026, 11, 9), TASK["title"])
    assert new.checklist_complete and new.cross_note == "Mia checks Dad's exercise"
    assert versions(cur, new_id) == [(1, "reissued", date(2026, 11, 9))]
    assert versions(cur, old_id)[-1][1:] == ("retired", date(2026, 11, 8))


def test_reissuing_from_the_start_day_is_refused(setup):
    cur, slp, family = setup
    old_id = a.create_assignment(cur, slp, family, TASK)
    with pytest.raises(InvalidInput) as error:
        a.reissue_assignment(cur, slp, old_id, START)
    assert error.value.field == "start_date"


def test_a_task_with_ticks_is_never_deleted(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    tick(cur, task_id, family, START, slp)
    with pytest.raises(NotAllowed):
        a.delete_assignment(cur, slp, task_id)
    assert a.get_assignment(cur, slp, task_id)


def test_a_task_without_ticks_can_be_removed(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK, ALL_OK)
    a.delete_assignment(cur, slp, task_id)
    assert cur.execute("SELECT count(*) FROM barrier_answers").fetchone()[0] == 0
    assert a.list_assignments(cur, slp, family) == []


def test_daily_minutes_add_up_active_tasks_of_every_discipline(setup):
    cur, slp, family = setup
    first = a.create_assignment(cur, slp, family, TASK)
    second = a.create_assignment(
        cur, slp, family, {**TASK, "title": "Jumps", "discipline": "PT", "minutes": 8}
    )
    a.create_assignment(cur, slp, family, {**TASK, "title": "Paused one", "minutes": 30})
    a.pause_assignment(cur, slp, a.list_assignments(cur, slp, family)[-1].id)
    assert a.family_daily_minutes(cur, slp, family) == 13
    assert a.family_daily_minutes(cur, slp, family, excluding_id=second) == 5 != first


def test_every_write_is_audited(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, TASK)
    a.pause_assignment(cur, slp, task_id)
    actions = cur.execute(
        "SELECT action FROM audit_log WHERE entity = 'assignment' AND entity_id = ? ORDER BY id", [task_id]
    ).fetchall()
    assert actions == [("create",), ("paused",)]


def test_the_family_card_speaks_plainly(setup):
    cur, slp, family = setup
    cur.execute("INSERT INTO caregivers (family_id, name, relation) VALUES (?, 'Jo', 'mother')", [family])
    jo = cur.execute("SELECT id FROM caregivers").fetchone()[0]
    a.create_assignment(cur, slp, family, {**TASK, "supporter_ids": [jo], "weekdays": [0, 3]})
    (card,) = a.family_cards(cur, slp, family)
    assert (card.who, card.helpers, card.schedule) == ("Your child", ("Jo",), "on Monday and Thursday")
    assert card.area == "Speech and language therapy" and card.days_ticked == 0


def test_the_checklist_query_covers_the_demo_clinic_in_one_go(demo_cur):
    lead = make_user(demo_cur, "boss", role="lead", discipline=None)
    table = a.checklist_incomplete_families(demo_cur, lead)
    assert len(table) > 0 and (table.missing > 0).all()
    assert table.family_id.nunique() < 40


def test_reminder_days_are_kept_only_for_any_days_tasks():
    values = {**TASK, "weekdays": None, "days_per_week": 3, "reminder_mode": "days", "reminder_days": [4, 1]}
    assert a.validate_assignment(values)["reminder_days"] == [1, 4]
    fixed = {**values, "weekdays": [0, 2]}
    assert a.validate_assignment(fixed)["reminder_days"] is None


def test_chosen_reminder_days_need_at_least_one_day():
    values = {**TASK, "weekdays": None, "days_per_week": 3, "reminder_mode": "days", "reminder_days": []}
    with pytest.raises(InvalidInput) as err:
        a.validate_assignment(values)
    assert err.value.field == "reminder_days"


def test_a_reward_text_that_contradicts_its_tick_count_is_refused():
    with pytest.raises(InvalidInput) as err:
        a.validate_assignment({**TASK, "reward_plan": "7 stars -> a trip to the park", "reward_ticks": 5})
    assert err.value.field == "reward_plan" and "says 7" in str(err.value)
    assert a.validate_assignment({**TASK, "reward_plan": "7 stars -> park", "reward_ticks": 7})


def test_a_task_past_its_review_with_no_review_since_is_flagged_overdue(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    a.create_assignment(cur, slp, family, {**TASK, "title": "Not yet due", "review_date": date(2026, 11, 30)})
    found = a.overdue_reviews(cur, slp, [family], as_of=date(2026, 11, 25))
    assert found[["family_id", "flag"]].values.tolist() == [[family, "review overdue"]]
    assert found["why"][0] == 'Review of "Tongue exercises while brushing teeth" was due on 20 Nov 2026.'


def test_a_review_after_the_date_clears_the_overdue_flag(setup):
    cur, slp, family = setup
    task_id = a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    cur.execute(
        "INSERT INTO homework_reviews (family_id, assignment_id, reviewed_on, outcome, therapist_id)"
        " VALUES (?, ?, ?, 'done', ?)",
        [family, task_id, date(2026, 11, 21), slp.id],
    )
    assert a.overdue_reviews(cur, slp, [family], as_of=date(2026, 11, 25)).empty


def test_someone_else_s_family_never_shows_an_overdue_review(setup):
    cur, slp, family = setup
    a.create_assignment(cur, slp, family, {**TASK, "review_date": date(2026, 11, 20)})
    other = make_user(cur, "other")
    assert a.overdue_reviews(cur, other, [family], as_of=date(2026, 11, 25)).empty
