"""Who may see which family: one rule (lib.access), the same answer from every function."""

import ast
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd
import pytest

from lib import (
    access,
    assignments,
    explainer,
    families,
    goals,
    guide,
    printables,
    sessions,
    settings,
    ticks,
    versions,
)
from lib.accounts import auth, users
from lib.assignments import quality
from lib.assignments.barriers import BARRIER_IDS
from lib.db import transaction
from lib.errors import NotAllowed, NotFound, NotYourFamily
from lib.figures import adherence, caseload, scores, stages
from lib.printables import mail
from lib.sessions import clinic_week, follow_through, session_mode
from tests.conftest import TODAY, make_family, make_user
from tests.factories import MONDAY, NEW_TASK, days, pause, skip, tick

SKIPPED = date(2026, 11, 20)
ALL_OK = {b: ("ok", "") for b in BARRIER_IDS}


@dataclass(frozen=True)
class World:
    """Maya's family (asked about), another of Maya's families, and who may ask."""

    lead: object
    maya: object
    leo: object
    ann: object
    family: int
    other: int
    task: int
    session: int
    caregiver: int


@pytest.fixture
def world(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya, leo, ann = make_user(cur, "maya"), make_user(cur, "leo"), make_user(cur, "ann", discipline="PT")
    family = make_family(cur, "Sam K.", therapist=maya)
    cur.execute(
        "INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (?, ?, 'PT')",
        [family, ann.id],
    )
    other = make_family(cur, "Other", therapist=maya)
    make_family(cur, "Leo's", therapist=leo)
    task = cur.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, minutes, days_per_week,"
        " start_date, created_by) VALUES (?, ?, 'OT', 'Blow bubbles', 15, 7, ?, ?) RETURNING id",
        [family, maya.id, MONDAY, maya.id],
    ).fetchone()[0]
    cur.execute(
        "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, changed_by)"
        " VALUES (?, 1, ?, 'created', ?)",
        [task, MONDAY, maya.id],
    )
    tick(cur, task, *days(MONDAY, 5))
    skip(cur, family, SKIPPED)
    session = cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?) RETURNING id",
        [family, maya.id, datetime.combine(TODAY, time(10))],
    ).fetchone()[0]
    caregiver = cur.execute(
        "INSERT INTO caregivers (family_id, name, relation) VALUES (?, 'Jo', 'mother') RETURNING id", [family]
    ).fetchone()[0]
    return World(lead, maya, leo, ann, family, other, task, session, caregiver)


# The four askers of the issue: each asks about Maya's family `world.family`.
CASES = {
    "therapist, a family not theirs": lambda w: w.leo,
    "the lead": lambda w: w.lead,
    "the lead in session mode with another family": lambda w: replace(w.lead, session_family_id=w.other),
    "a therapist in session mode asking another family": lambda w: replace(w.maya, session_family_id=w.other),
}

# Functions about one family (or one of its tasks, sessions, caregivers): refused or answered.
ONE_FAMILY = {
    "families.get_family": lambda c, a, w: families.get_family(c, a, w.family),
    "families.list_family_therapists": lambda c, a, w: families.list_family_therapists(c, a, w.family),
    "families.list_caregivers": lambda c, a, w: families.list_caregivers(c, a, w.family),
    "families.needs_reassignment": lambda c, a, w: families.needs_reassignment(c, a, w.family),
    "families.update_family": lambda c, a, w: families.update_family(
        c, a, w.family, "Sam K.", date(2026, 9, 1), expected_version=versions.ANY
    ),
    "families.pause_family": lambda c, a, w: families.pause_family(c, a, w.family),
    "families.add_caregiver": lambda c, a, w: families.add_caregiver(c, a, w.family, "Ola", "father"),
    "families.update_caregiver": lambda c, a, w: families.update_caregiver(
        c, a, w.caregiver, "Jo", "mother", expected_version=versions.ANY
    ),
    "families.remove_caregiver": lambda c, a, w: families.remove_caregiver(c, a, w.caregiver),
    "families.link_therapist": lambda c, a, w: families.link_therapist(c, a, w.family, w.leo.id, "OT"),
    "families.unlink_therapist": lambda c, a, w: families.unlink_therapist(c, a, w.family, w.ann.id, "PT"),
    "assignments.get_assignment": lambda c, a, w: assignments.get_assignment(c, a, w.task),
    "assignments.list_assignments": lambda c, a, w: assignments.list_assignments(c, a, w.family),
    "assignments.list_versions": lambda c, a, w: assignments.list_versions(c, a, w.task),
    "assignments.family_daily_minutes": lambda c, a, w: assignments.family_daily_minutes(c, a, w.family),
    "assignments.family_cards": lambda c, a, w: assignments.family_cards(c, a, w.family),
    "assignments.get_barrier_answers": lambda c, a, w: assignments.get_barrier_answers(c, a, w.task),
    "assignments.family_barrier_answers": lambda c, a, w: assignments.family_barrier_answers(c, a, w.family),
    "assignments.set_barrier_answers": lambda c, a, w: assignments.set_barrier_answers(c, a, w.task, ALL_OK),
    "assignments.create_assignment": lambda c, a, w: assignments.create_assignment(c, a, w.family, NEW_TASK),
    "assignments.pause_assignment": lambda c, a, w: assignments.pause_assignment(c, a, w.task, on=TODAY),
    "assignments.set_cross_note": lambda c, a, w: assignments.set_cross_note(c, a, w.task, "Cross"),
    "assignments.moved_safety_lines": lambda c, a, w: assignments.moved_safety_lines(c, a, w.family),
    "assignments.check_moved_safety_lines": lambda c, a, w: assignments.check_moved_safety_lines(
        c, a, w.family, [_safety_move(c, w)], expected_version=versions.ANY
    ),
    "sessions.default_booking": lambda c, a, w: sessions.default_booking(c, a, w.family),
    "sessions.list_sessions": lambda c, a, w: sessions.list_sessions(c, a, w.family),
    "sessions.next_session": lambda c, a, w: sessions.next_session(c, a, w.family),
    "sessions.session_gap": lambda c, a, w: sessions.session_gap(c, a, w.family),
    "sessions.book_session": lambda c, a, w: sessions.book_session(
        c, a, w.family, w.maya.id, "OT", datetime(2026, 12, 1, 10)
    ),
    "sessions.book_sessions": lambda c, a, w: sessions.book_sessions(
        c, a, w.family, w.maya.id, "OT", datetime(2026, 12, 2, 10), 7, 2
    ),
    "sessions.record_session_outcome": lambda c, a, w: sessions.record_session_outcome(
        c, a, w.session, "cancelled", expected_version=versions.ANY
    ),
    "ticks.record_tick": lambda c, a, w: ticks.record_tick(c, a, w.task, TODAY),
    "ticks.get_tick": lambda c, a, w: ticks.get_tick(c, a, w.task, MONDAY),
    "ticks.update_tick": lambda c, a, w: ticks.update_tick(
        c, a, w.task, MONDAY, minutes=6, expected_version=versions.ANY
    ),
    "ticks.remove_tick": lambda c, a, w: ticks.remove_tick(c, a, w.task, MONDAY),
    "ticks.add_skip_days": lambda c, a, w: ticks.add_skip_days(c, a, w.family, TODAY),
    "ticks.remove_skip_day": lambda c, a, w: ticks.remove_skip_day(c, a, w.family, SKIPPED),
    "ticks.list_skip_days": lambda c, a, w: ticks.list_skip_days(c, a, w.family, MONDAY, TODAY),
    "ticks.week_grid": lambda c, a, w: ticks.week_grid(c, a, w.family, MONDAY),
    "ticks.list_session_dates": lambda c, a, w: ticks.list_session_dates(c, a, w.family, MONDAY, TODAY),
    "ticks.list_version_marks": lambda c, a, w: ticks.list_version_marks(c, a, w.family),
    "ticks.reward_progress": lambda c, a, w: ticks.reward_progress(c, a, w.family),
    "ticks.list_chart_tasks": lambda c, a, w: ticks.list_chart_tasks(c, a, w.family, MONDAY, TODAY),
    "explainer.family_practice_word": lambda c, a, w: explainer.family_practice_word(c, a, w.family),
    "explainer.suggested_expectation": lambda c, a, w: explainer.suggested_expectation(c, a, w.family),
    "explainer.last_explainer_run": lambda c, a, w: explainer.last_explainer_run(c, a, w.family),
    "explainer.record_explainer_run": lambda c, a, w: explainer.record_explainer_run(
        c, a, w.family, 10, 5, True
    ),
    "goals.list_goals": lambda c, a, w: goals.list_goals(c, a, w.family),
    "goals.list_ratings": lambda c, a, w: goals.list_ratings(c, a, w.family),
    "goals.achievements": lambda c, a, w: goals.achievements(c, a, w.family),
    "goals.celebrations": lambda c, a, w: goals.celebrations(c, a, w.family, "Sam K."),
    "goals.create_goal": lambda c, a, w: goals.create_goal(
        c, a, w.family, "OT", "Dress", ["a", "b", "c", "d", "e"]
    ),
    "caseload.family_stage": lambda c, a, w: caseload.family_stage(c, a, w.family),
    # the family page's week from the kept clinic overview (lib.ui.caseload_view.kept_week_figures)
    "caseload.family_row": lambda c, a, w: caseload.family_row(
        c, a, caseload.clinic_overview(c, TODAY), w.family
    ),
    "guide.list_family_tasks": lambda c, a, w: guide.list_family_tasks(c, a, w.family),
    "guide.latest_reasons": lambda c, a, w: guide.latest_reasons(c, a, w.family),
    "guide.list_guide_runs": lambda c, a, w: guide.list_guide_runs(c, a, w.family),
    "follow_through.hold_next_booking": lambda c, a, w: follow_through.hold_next_booking(
        c, a, w.family, TODAY
    ),
    "follow_through.pause_words": lambda c, a, w: follow_through.pause_words(c, a, w.family, TODAY),
    "printables.load_family_sheet": lambda c, a, w: printables.load_family_sheet(c, a, w.family),
    "mail.list_recipients": lambda c, a, w: mail.list_recipients(c, a, w.family),
    "session_mode.agenda_done": lambda c, a, w: session_mode.agenda_done(c, a, w.session),
    "session_mode.session_reviews": lambda c, a, w: session_mode.session_reviews(c, a, w.session),
    "session_mode.mark_step_done": lambda c, a, w: session_mode.mark_step_done(c, a, w.session, "recap"),
    "session_mode.record_review": lambda c, a, w: session_mode.record_review(c, a, w.session, w.task, "done"),
    "session_mode.end_session": lambda c, a, w: session_mode.end_session(
        c, a, w.session, require_password=False
    ),
    "session_mode.start_session": lambda c, a, w: session_mode.start_session(
        c, a, w.family, now=datetime.combine(TODAY, time(11))
    ),
}


def _safety_move(c, w):
    """Write the audit row migration 018 writes when it moved a task's safety lines; return its id."""
    return c.execute(
        "INSERT INTO audit_log (action, entity, entity_id, detail, family_id) VALUES"
        " ('move_safety_lines', 'assignment', ?, json_object('moved', 'Stay close.'), ?) RETURNING id",
        [w.task, w.family],
    ).fetchone()[0]


def _week():
    return caseload.last_complete_week(TODAY)


def _flags(c, a, w):
    table = pd.DataFrame({"family_id": [w.family], "status": ["active"], "active_tasks": [0]})
    gaps = pd.DataFrame({"family_id": [w.family], "gap_flag": [True], "next_session": [None], "why": ["-"]})
    return caseload.flags(c, a, table, gaps)["family_id"]


def _paused_practice(c, a, w):
    pause(c, w.task, MONDAY)  # a paused family, so the answer names it where it may be seen
    return stages.paused_practice(c, a, [w.family], TODAY, TODAY)["family_id"]


# Functions over many families: each returns the family ids it answered for.
MANY_FAMILIES = {
    "access.visible_family_ids": lambda c, a, w: access.visible_family_ids(c, a, [w.family]),
    "access.visible_family_ids, all": lambda c, a, w: access.visible_family_ids(c, a),
    "adherence.day_grid": lambda c, a, w: adherence.day_grid(c, a, [w.family], MONDAY, TODAY)["family_id"],
    "adherence.weekly_completion": lambda c, a, w: adherence.weekly_completion(
        c, a, [w.family], MONDAY, TODAY
    )["family_id"],
    "adherence.over_weekly_completion, all": lambda c, a, w: adherence.over_weekly_completion(
        c, a, None, MONDAY, TODAY, TODAY, "SELECT DISTINCT family_id FROM completion"
    )["family_id"].tolist(),
    "adherence.family_weekly, all": lambda c, a, w: adherence.family_weekly(c, a, None, MONDAY, TODAY)[
        "family_id"
    ],
    "adherence.period_adherence": lambda c, a, w: adherence.period_adherence(c, a, [w.family], MONDAY, TODAY)[
        "family_id"
    ],
    "adherence.discipline_weekly": lambda c, a, w: (
        [w.family] * len(adherence.discipline_weekly(c, a, w.family, MONDAY, TODAY))
    ),
    "scores.habit_strengths": lambda c, a, w: scores.habit_strengths(c, a, [w.family], TODAY)["family_id"],
    "scores.habit_strength_series": lambda c, a, w: (
        [w.family] * len(scores.habit_strength_series(c, a, w.task, TODAY))
    ),
    "assignments.checklist_incomplete_families": lambda c, a, w: assignments.checklist_incomplete_families(
        c, a, [w.family]
    )["family_id"],
    "assignments.checklist_incomplete_families, all": lambda c, a, w: (
        assignments.checklist_incomplete_families(c, a)["family_id"]
    ),
    "quality.quality_flags_sql": lambda c, a, w: quality.quality_flags_sql(c, a, [w.family])["family_id"],
    "quality.quality_flags_sql, all": lambda c, a, w: quality.quality_flags_sql(c, a)["family_id"],
    "explainer.families_without_explainer": lambda c, a, w: explainer.families_without_explainer(
        c, a, [w.family]
    ),
    "explainer.families_without_explainer, all": lambda c, a, w: explainer.families_without_explainer(c, a),
    "sessions.session_gaps": lambda c, a, w: sessions.session_gaps(c, a, [w.family])["family_id"],
    "sessions.session_gaps, all": lambda c, a, w: sessions.session_gaps(c, a)["family_id"],
    "caseload.stages": lambda c, a, w: caseload.stages(c, a, [w.family], _week())["family_id"],
    "caseload.flags": _flags,
    "stages.paused_practice": _paused_practice,
    "caseload.overview": lambda c, a, w: caseload.overview(c, a, TODAY).table.get("family_id", []),
    # a caseload cut from the whole clinic's, as every page shows it (lib.ui.caseload_view)
    "caseload.seen_by": lambda c, a, w: caseload.seen_by(c, a, caseload.clinic_overview(c, TODAY)).table.get(
        "family_id", []
    ),
    "adherence.task_weeks, all": lambda c, a, w: (
        adherence.task_weeks(c, a, None, MONDAY, TODAY).rows.column("family_id").to_pylist()
    ),
    "families.list_families": lambda c, a, w: [r.id for r in families.list_families(c, a)],
    "session_mode.todays_sessions": lambda c, a, w: [
        r.family_id for r in session_mode.todays_sessions(c, a, TODAY)
    ],
    "clinic_week.clinic_week": lambda c, a, w: clinic_week.clinic_week(c, a, TODAY).sessions["family_id"],
}
# Lists of the whole caseload: refused in session mode whichever family is on screen.
WHOLE_CASELOAD = {
    "caseload.overview",
    "caseload.seen_by",
    "families.list_families",
    "session_mode.todays_sessions",
    "clinic_week.clinic_week",
}

# The lead's own work (accounts, settings): refused to therapists and to the lead in session mode.
LEAD_ONLY = {
    "users.list_users": lambda c, a, w: users.list_users(c, a),
    "users.reset_password": lambda c, a, w: users.reset_password(c, a, w.maya.id, "a new secret"),
    "auth.create_user": lambda c, a, w: auth.create_user(c, a, "new.one", "New One", "long-enough"),
    "families.families_needing_reassignment": lambda c, a, w: families.families_needing_reassignment(c, a),
    "settings.update_settings": lambda c, a, w: settings.update_settings(c, a, {"clinic_name": "Elm"}),
    "goals.goal_outcomes": lambda c, a, w: goals.goal_outcomes(c, a),
}


class _Undo(Exception):
    """Roll back what one asker did, so the next one finds the same world."""


def _answer(cur, actor, world, call, kind):
    """Return "shown" or "refused" (one family, lead only), "shown" or "not shown" (many)."""
    try:
        with transaction(cur):
            try:
                result = call(cur, actor, world)
            except NotAllowed:
                raise _Undo("refused" if kind != "many" else "not shown") from None
            if kind != "many":
                raise _Undo("shown")
            raise _Undo("shown" if world.family in {int(i) for i in result} else "not shown")
    except _Undo as undo:
        return undo.args[0]


def _answers(cur, world, call, kind):
    return {case: _answer(cur, asker(world), world, call, kind) for case, asker in CASES.items()}


def _expected(kind):
    hidden = "not shown" if kind == "many" else "refused"
    return {case: "shown" if case == "the lead" else hidden for case in CASES}


@pytest.mark.parametrize("name", ONE_FAMILY)
def test_every_one_family_function_refuses_all_but_the_lead(cur, world, name):
    assert _answers(cur, world, ONE_FAMILY[name], "one") == _expected("one")


@pytest.mark.parametrize("name", MANY_FAMILIES)
def test_every_many_family_query_leaves_the_family_out_for_all_but_the_lead(cur, world, name):
    assert _answers(cur, world, MANY_FAMILIES[name], "many") == _expected("many")


@pytest.mark.parametrize("name", LEAD_ONLY)
def test_every_lead_only_function_refuses_therapists_and_the_lead_in_session(cur, world, name):
    assert _answers(cur, world, LEAD_ONLY[name], "lead") == _expected("lead")


@pytest.mark.parametrize(
    "name,kind",
    [(n, "one") for n in ONE_FAMILY if n != "session_mode.start_session"]
    + [(n, "many") for n in MANY_FAMILIES if n not in WHOLE_CASELOAD],
)
def test_in_session_mode_the_family_on_screen_is_seen_by_the_lead_and_its_therapist(cur, world, name, kind):
    call = {**ONE_FAMILY, **MANY_FAMILIES}[name]
    answers = {
        who: _answer(cur, replace(getattr(world, who), session_family_id=world.family), world, call, kind)
        for who in ("lead", "maya")
    }
    assert answers == {"lead": "shown", "maya": "shown"}


def test_a_therapist_sees_only_linked_families_and_the_lead_sees_all(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya, leo = make_user(cur, "maya"), make_user(cur, "leo")
    family = make_family(cur, therapist=maya)
    assert access.may_see_family(cur, maya, family)
    assert access.may_see_family(cur, lead, family)
    assert not access.may_see_family(cur, leo, family)
    with pytest.raises(NotYourFamily):
        access.require_family(cur, leo, family)


def test_an_inactive_link_no_longer_shows_the_family(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, therapist=maya)
    cur.execute("UPDATE family_therapists SET active = FALSE WHERE family_id = ?", [family])
    assert not access.may_see_family(cur, maya, family)
    assert access.visible_family_ids(cur, maya) == []


# Writes that take a family id: the lead may not write to a family that does not exist.
ORPHAN_WRITES = {
    "caregivers": lambda c, a, w: families.add_caregiver(c, a, 999, "Ola", "father"),
    "family_therapists": lambda c, a, w: families.link_therapist(c, a, 999, w.maya.id, "OT"),
    "skip_days": lambda c, a, w: ticks.add_skip_days(c, a, 999, TODAY),
    "explainer_runs": lambda c, a, w: explainer.record_explainer_run(c, a, 999, 10, 5, True),
    "guide_runs": lambda c, a, w: guide.record_guide_run(c, a, 999, "initial", "initial", ["start"]),
    "assignments": lambda c, a, w: assignments.create_assignment(c, a, 999, NEW_TASK),
    "sessions": lambda c, a, w: sessions.book_session(c, a, 999, w.maya.id, "OT", datetime(2026, 12, 1, 10)),
}


@pytest.mark.parametrize("table", ORPHAN_WRITES)
def test_the_lead_cannot_write_to_a_family_that_does_not_exist(cur, world, table):
    before = cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (a fixed table name)
    with pytest.raises(NotFound):
        ORPHAN_WRITES[table](cur, world.lead, world)
    assert cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before  # noqa: S608


def test_seen_as_is_shared_by_every_lead_and_no_one_else():
    from lib.access import seen_as
    from lib.models import Actor

    boss, deputy = Actor(1, "boss", "Boss", "lead"), Actor(2, "deputy", "Deputy", "lead")
    maya, leo = Actor(3, "maya", "Maya", "therapist", "OT"), Actor(4, "leo", "Leo", "therapist", "PT")
    assert seen_as(boss) == seen_as(deputy)
    assert len({seen_as(boss), seen_as(maya), seen_as(leo)}) == 3
    assert seen_as(Actor(1, "boss", "Boss", "lead", session_family_id=7)) != seen_as(boss)


# --- every public function that takes an actor is in a list ----------------------------
# The matrix above runs ONE_FAMILY, MANY_FAMILIES and LEAD_ONLY for each asker. The lists below
# name the rest, by what guards them; a new public function taking an actor must join one
# (the check below fails until it does), so a forgotten permission check is a decision in review.

# Checks the family's access itself, through lib.access.require_family or a checked read of its
# task, session or photo (get_assignment, get_family, agenda_done, last_explainer_run, ...).
CHECKS_FAMILY_ACCESS = {
    "lib.sessions.bookings.free_start",
    "lib.sessions.session_mode.keep_place",
    "lib.sessions.session_mode.session_place",
    "lib.figures.stages.upset_ticks",
    "lib.assignments.lifecycle.complete_assignment",
    "lib.assignments.lifecycle.delete_assignment",
    "lib.assignments.lifecycle.reissue_assignment",
    "lib.assignments.lifecycle.resume_assignment",
    "lib.assignments.lifecycle.retire_assignment",
    "lib.assignments.lifecycle.revise_assignment",
    "lib.assignments.lifecycle.save_task_changes",
    "lib.explainer.runs.agreed_at_intake",
    "lib.audit.record_download",
    "lib.explainer.runs.agreed",
    "lib.explainer.runs.family_profile",
    "lib.explainer.runs.family_variant",
    "lib.explainer.runs.task_defaults",
    "lib.explainer.screen.screen_step",
    "lib.families.changes.discharge_family",
    "lib.families.changes.reactivate_family",
    "lib.families.changes.set_family_status",
    "lib.figures.week_figures.family_week",
    "lib.goals.progress.family_progress",
    "lib.goals.progress.stalled_goals",
    "lib.goals.records.set_goal_tasks",
    "lib.guide.paths.path_for_family",
    "lib.goals.records.correct_rating",
    "lib.goals.records.get_goal",
    "lib.goals.records.rate_goal",
    "lib.goals.records.set_task_goal",
    "lib.goals.records.update_goal",
    "lib.figures.week_figures.tick_summary",
    "lib.guide.actions.belief_rationale",
    "lib.guide.actions.draft_doctor_letter",
    "lib.guide.actions.perform_action",
    "lib.guide.actions.tried_from_records",
    "lib.guide.runs.record_guide_run",
    "lib.sessions.bookings.move_session",
    "lib.sessions.bookings.upcoming_sessions",
    "lib.sessions.follow_through.cancel_break",
    "lib.sessions.follow_through.confirmation_words",
    "lib.sessions.follow_through.open_request",
    "lib.sessions.follow_through.plan_break",
    "lib.sessions.follow_through.record_confirmation",
    "lib.sessions.follow_through.request_confirmation",
    "lib.sessions.presenter.close_screen",
    "lib.sessions.presenter.family_view",
    "lib.sessions.presenter.publish",
    "lib.sessions.session_mode.mark_attended",
    "lib.sessions.session_mode.session_status",
    "lib.sessions.task_photos.add_photo",
    "lib.sessions.task_photos.delete_photo",
    "lib.sessions.task_photos.family_screen_photos",
    "lib.sessions.task_photos.list_photos",
    "lib.sessions.task_photos.show_on_family_screen",
    "lib.printables.mail.send_reminders",
    "lib.sheet_scan.reading.read_sheet",
    "lib.sheet_scan.registry.print_marked_sheet",
    "lib.sheet_scan.save.delete_sheet_photo",
    "lib.sheet_scan.save.list_sheet_photos",
    "lib.sheet_scan.save.save_reading",
    "lib.sheet_scan.save.sheet_photo_bytes",
    "lib.ticks.rules.task_dates",
    "lib.ticks.writes.record_ticks",
    "lib.ticks.writes.save_tick_details",
}
# Over many families: answers only for the visible ones (lib.access.scope or a checked query).
ANSWERS_FOR_VISIBLE_FAMILIES = {
    "lib.assignments.reviews_due.overdue_reviews",
    "lib.figures.caseload.opening_week",  # a week: whether any visible family had a task then
    "lib.figures.week_figures.week_figures",
    "lib.goals.progress.goal_figures",
    "lib.goals.progress.goal_weeks",
}
# Lead only (lib.access.require_lead, directly or through a lead-only read), not run above.
LEAD_ONLY_ALSO = {
    "lib.backup.storage_status",
    "lib.accounts.first_run.checklist",
    "lib.accounts.users.add_therapist",
    "lib.accounts.users.get_user",
    "lib.accounts.users.set_user_active",
    "lib.accounts.users.update_user",
    "lib.assignments.templates.create_template",
    "lib.assignments.templates.update_template",
    "lib.audit.count_matching",
    "lib.audit.list_actions",
    "lib.audit.search",
    "lib.exchange.export.clinic_zip",
    "lib.exchange.export.export_clinic",
    "lib.exchange.family_record.family_record_pdf",
    "lib.exchange.family_record.family_record_zip",
    "lib.exchange.importer.import_files",
    "lib.exchange.importer.preview",
    "lib.explainer.wording.reset_wording",
    "lib.explainer.wording.save_wording",
    "lib.guide.wording.reset_wording",
    "lib.guide.wording.save_wording",
}
# Any signed-in user: the clinic's shared content and names, no family's data.
# (create_family: any therapist or lead, refused in session mode by require_whole_caseload.)
ANY_SIGNED_IN_USER = {
    "lib.assignments.templates.get_template",
    "lib.assignments.templates.list_templates",
    "lib.families.changes.create_family",
    "lib.families.records.list_therapist_choices",
}
# Reads only the actor's own rows.
READS_ONLY_ITS_OWN = {
    "lib.accounts.signin.check_password",
    "lib.sessions.presenter.open_session",
}
# No check of their own: steps of a checked write or read, given ids its caller has checked
# (the actor is only written down or passed on). Only lib code may call them that way.
CALLER_CHECKS = {
    "lib.assignments.checklist.save_answers",
    "lib.assignments.validation.check_people",
    "lib.assignments.validation.default_people",  # reads nothing: picks from the rows it is given
    "lib.audit.record",
    "lib.audit.record_change",
    "lib.figures.scores.habit_strength_series_many",
    "lib.sessions.follow_through.caseload_flags",
    "lib.sessions.presenter.open_screen",
}
# The rule itself, and building an actor: they answer about the actor, about no family's data.
THE_RULE = {
    "lib.access.is_lead",
    "lib.access.may_see_family",
    "lib.access.require_family",
    "lib.access.require_lead",
    "lib.access.require_whole_caseload",
    "lib.access.scope",
    "lib.access.seen_as",
}
CLASSIFIED = (
    CHECKS_FAMILY_ACCESS
    | ANSWERS_FOR_VISIBLE_FAMILIES
    | LEAD_ONLY_ALSO
    | ANY_SIGNED_IN_USER
    | READS_ONLY_ITS_OWN
    | CALLER_CHECKS
    | THE_RULE
)
LIB = Path(__file__).resolve().parent.parent / "lib"


def _public_functions_taking_an_actor():
    """Name every public module-level function of lib/ (lib.ui aside: it hands the actor on) with an `actor`."""
    found = set()
    for path in LIB.rglob("*.py"):
        parts = path.relative_to(LIB.parent).with_suffix("").parts
        if parts[1] == "ui" or parts[-1] == "__main__":
            continue
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and "actor" in [a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs]
            ):
                found.add(f"{module}.{node.name}")
    return found


def _run_by_the_matrix():
    named = set()
    for key in [*ONE_FAMILY, *MANY_FAMILIES, *LEAD_ONLY]:
        module, name = key.split(",")[0].split(".")
        function = getattr(globals()[module], name)
        named.add(f"{function.__module__}.{function.__qualname__}")
    return named


def test_every_public_function_taking_an_actor_is_in_the_access_matrix_or_a_list():
    missing = _public_functions_taking_an_actor() - _run_by_the_matrix() - CLASSIFIED
    assert sorted(missing) == [], "add each to the matrix above, or to the list that says what guards it"


def test_the_lists_name_only_functions_that_exist_and_each_once():
    lists = [
        CHECKS_FAMILY_ACCESS,
        ANSWERS_FOR_VISIBLE_FAMILIES,
        LEAD_ONLY_ALSO,
        ANY_SIGNED_IN_USER,
        READS_ONLY_ITS_OWN,
        CALLER_CHECKS,
        THE_RULE,
    ]
    assert sum(map(len, lists)) == len(CLASSIFIED)  # no function in two lists
    assert CLASSIFIED - _public_functions_taking_an_actor() == set()
    assert CLASSIFIED & _run_by_the_matrix() == set()
