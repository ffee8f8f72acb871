from datetime import date, datetime, timedelta

import pytest

from lib import access, families
from lib.errors import InvalidInput, LoginFailed, NotAllowed, NotFound
from lib.figures import adherence, caseload
from lib.sessions import session_mode
from tests.factories import MONDAY, make_assignment, make_family, make_user, session_actor

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def maya(cur):
    return make_user(cur, "maya")


@pytest.fixture
def family(cur, maya):
    return make_family(cur, therapist=maya)


def test_starting_uses_todays_booking_and_leaves_it_booked(cur, maya, family):
    booked = cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?) RETURNING id",
        [family, maya.id, NOW.replace(hour=9)],
    ).fetchone()[0]
    assert session_mode.start_session(cur, maya, family, now=NOW) == booked
    assert cur.execute("SELECT status FROM sessions WHERE id = ?", [booked]).fetchone()[0] == "booked"


def test_starting_without_a_booking_books_one_for_now_not_attended(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    assert cur.execute(
        "SELECT family_id, status, discipline FROM sessions WHERE id = ?", [session_id]
    ).fetchone() == (family, "booked", "OT")


def test_starting_records_session_mode_started_and_not_ended(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    assert cur.execute(
        "SELECT started_at, ended_at FROM presenter_state WHERE session_id = ?", [session_id]
    ).fetchone() == (NOW, None)


def test_the_therapist_marks_the_session_attended(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.mark_attended(cur, session_actor(maya, family), session_id)
    assert session_mode.session_status(cur, maya, session_id) == "attended"


def test_ending_records_session_mode_ended(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.end_session(cur, maya, session_id, require_password=False)
    assert cur.execute("SELECT ended_at FROM presenter_state WHERE session_id = ?", [session_id]).fetchone()[
        0
    ]


def test_starting_with_another_therapists_family_is_refused(cur, family):
    with pytest.raises(NotAllowed):
        session_mode.start_session(cur, make_user(cur, "leo"), family, now=NOW)


def test_in_session_only_the_family_on_screen_can_be_read(cur, maya, family):
    other = make_family(cur, "Other", therapist=maya)
    actor = session_actor(maya, family)
    assert access.may_see_family(cur, actor, family)
    assert not access.may_see_family(cur, actor, other)
    with pytest.raises(NotAllowed):
        families.get_family(cur, actor, other)
    with pytest.raises(NotAllowed):
        caseload.overview(cur, actor)


def test_in_session_measures_leave_other_families_out(cur, maya, family):
    other = make_family(cur, "Other", therapist=maya)
    make_assignment(cur, family, maya, start=MONDAY)
    make_assignment(cur, other, maya, start=MONDAY)
    actor = session_actor(maya, family)
    frame = adherence.family_weekly(cur, actor, None, MONDAY, MONDAY, MONDAY + timedelta(days=6))
    assert set(frame["family_id"]) == {family}


def test_a_lead_in_session_loses_the_whole_clinic_view(cur, family):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    actor = session_actor(lead, family)
    assert not actor.is_lead
    assert access.may_see_family(cur, actor, family)
    with pytest.raises(NotAllowed):
        session_mode.todays_sessions(cur, actor, date(2026, 11, 25))


def test_agenda_steps_are_recorded_once(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.mark_step_done(cur, maya, session_id, "recap")
    session_mode.mark_step_done(cur, maya, session_id, "recap")
    assert session_mode.mark_step_done(cur, maya, session_id, "review") == ["recap", "review"]
    with pytest.raises(InvalidInput):
        session_mode.mark_step_done(cur, maya, session_id, "gossip")


def test_a_review_is_saved_with_its_reasons_and_a_second_one_replaces_it(cur, maya, family):
    task = make_assignment(cur, family, maya, start=MONDAY)
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.record_review(cur, maya, session_id, task, "not_done", "evenings", ["forgot"], "cross")
    session_mode.record_review(cur, maya, session_id, task, "partly", "", ["no_time"])
    assert session_mode.session_reviews(cur, maya, session_id) == {task: ("partly", "", ["no_time"], "")}
    assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'review'").fetchone()[0] == 2


@pytest.mark.parametrize(
    "outcome,reasons,field",
    [("meh", [], "outcome"), ("not_done", [], "reasons"), ("partly", ["lazy"], "reasons")],
)
def test_a_bad_review_names_the_field_and_saves_nothing(cur, maya, family, outcome, reasons, field):
    task = make_assignment(cur, family, maya, start=MONDAY)
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    with pytest.raises(InvalidInput) as raised:
        session_mode.record_review(cur, maya, session_id, task, outcome, reasons=reasons)
    assert raised.value.field == field
    assert cur.execute("SELECT count(*) FROM homework_reviews").fetchone()[0] == 0


def test_a_review_of_another_familys_session_is_refused(cur, maya, family):
    other = make_family(cur, "Other", therapist=maya)
    task = make_assignment(cur, other, maya, start=MONDAY)
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    with pytest.raises(NotFound):
        session_mode.record_review(cur, maya, session_id, task, "done")


def test_ending_needs_the_therapists_own_password(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    with pytest.raises(LoginFailed):
        session_mode.end_session(cur, maya, session_id, "wrong")
    session_mode.end_session(cur, maya, session_id, "password1")
    assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'end'").fetchone()[0] == 1


def test_ending_a_session_of_a_family_not_on_screen_is_refused(cur, maya, family):
    leo = make_user(cur, "leo")
    theirs = session_mode.start_session(cur, leo, make_family(cur, "Leo's", therapist=leo), now=NOW)
    actor = session_actor(maya, family)
    with pytest.raises(NotAllowed):
        session_mode.end_session(cur, actor, theirs, None, require_password=False)
    with pytest.raises(NotFound):
        session_mode.end_session(cur, actor, 999, None, require_password=False)
    assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'end'").fetchone()[0] == 0


def test_todays_sessions_leave_out_a_family_the_therapist_is_no_longer_linked_to(cur, maya, family):
    session_mode.start_session(cur, maya, family, now=NOW)
    assert [r.family_id for r in session_mode.todays_sessions(cur, maya, NOW.date())] == [family]
    cur.execute("UPDATE family_therapists SET active = FALSE WHERE family_id = ?", [family])
    assert session_mode.todays_sessions(cur, maya, NOW.date()) == []


def test_ending_without_a_password_when_the_clinic_allows_it(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.end_session(cur, maya, session_id, None, require_password=False)
    assert cur.execute("SELECT entity_id FROM audit_log WHERE action = 'end'").fetchall() == [(session_id,)]
    with pytest.raises(LoginFailed):  # the control: the same call with the password rule on
        session_mode.end_session(cur, maya, session_id, None)


def test_in_session_every_many_family_query_keeps_to_the_one_family(cur, maya, family):
    from lib import assignments, explainer, sessions
    from lib.assignments import quality

    other = make_family(cur, "Other", therapist=maya)
    for fid in (family, other):
        make_assignment(cur, fid, maya, start=MONDAY, minutes=30)
    actor = session_actor(maya, family)
    assert set(assignments.checklist_incomplete_families(cur, actor)["family_id"]) == {family}
    assert set(quality.quality_flags_sql(cur, actor)["family_id"]) == {family}
    assert explainer.families_without_explainer(cur, actor) == {family}
    assert set(sessions.session_gaps(cur, actor, [family, other])["family_id"]) == {family}
    with pytest.raises(NotAllowed):
        families.list_families(cur, actor)


def test_the_agenda_step_and_the_guides_place_are_kept_with_the_session(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    guide = {
        "assignment_id": 7,
        "path": "initial",
        "step": "ask",
        "trail": ["moment", "ask"],
        "reasons": ["forgot"],
    }
    session_mode.keep_place(cur, maya, session_id, 1, guide)
    place = session_mode.session_place(cur, maya, session_id)
    assert (place.step, place.guide["path"], place.guide["step"]) == (1, "initial", "ask")
    assert (place.guide["trail"], place.guide["reasons"], place.guide["assignment_id"]) == (
        ["moment", "ask"],
        ["forgot"],
        7,
    )


def test_a_session_with_nothing_kept_starts_at_the_first_step_without_the_guide(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    assert session_mode.session_place(cur, maya, session_id) == session_mode.Place(0, None)


def test_keeping_the_place_again_replaces_it(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    session_mode.keep_place(cur, maya, session_id, 1, {"path": "initial", "step": "ask"})
    session_mode.keep_place(cur, maya, session_id, 2)
    assert session_mode.session_place(cur, maya, session_id) == session_mode.Place(2, None)


def test_an_unknown_agenda_or_guide_step_is_not_kept(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    with pytest.raises(InvalidInput):
        session_mode.keep_place(cur, maya, session_id, 3)
    with pytest.raises(InvalidInput):
        session_mode.keep_place(cur, maya, session_id, 1, {"path": "initial", "step": "nowhere"})


def test_another_therapist_cannot_read_a_sessions_place(cur, maya, family):
    session_id = session_mode.start_session(cur, maya, family, now=NOW)
    with pytest.raises(NotAllowed):
        session_mode.session_place(cur, make_user(cur, "ola"), session_id)
