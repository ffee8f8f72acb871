"""The therapist sees which tasks' safety lines migration 018 moved, until they say they checked them."""

import pytest

from lib import audit_words, db, versions
from lib.assignments import check_moved_safety_lines, moved_safety_lines
from lib.errors import NotFound, NotYourFamily, StaleVersion
from lib.models import Actor
from tests.factories import make_assignment, make_family, make_user, schema_before

SNACK = "Put six snack pieces in a bowl. Pick them up one at a time. A grown-up stays at the table the whole time."


def _moved(cur, task_id, family_id, moved):
    """Write the audit row migration 018 writes for a task whose safety lines it moved."""
    return cur.execute(
        "INSERT INTO audit_log (user_id, action, entity, entity_id, detail, family_id)"
        " VALUES (NULL, 'move_safety_lines', 'assignment', ?, json_object('moved', ?), ?) RETURNING id",
        [task_id, moved, family_id],
    ).fetchone()[0]


@pytest.fixture
def moved(cur):
    """Maya's family with one task whose safety line moved, and a task that had none to move."""
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    task = make_assignment(
        cur,
        family,
        maya,
        "Snack pieces",
        instructions="Put six snack pieces in a bowl. Pick them up one at a time.",
        safety="A grown-up stays at the table the whole time.",
    )
    make_assignment(cur, family, maya, "Blow bubbles")
    move = _moved(cur, task, family, "A grown-up stays at the table the whole time.")
    return maya, family, task, move


def test_migration_018_moves_show_to_the_therapist_with_before_and_after():
    con = schema_before(18)
    con.execute(
        "INSERT INTO users (username, display_name, role, discipline, password_hash)"
        " VALUES ('maya', 'Maya', 'therapist', 'OT', 'x')"
    )
    con.execute("INSERT INTO families (display_name, intake_date) VALUES ('Sam K.', DATE '2026-09-01')")
    con.execute("INSERT INTO family_therapists (family_id, therapist_id, discipline) VALUES (1, 1, 'OT')")
    con.execute(
        "INSERT INTO assignments (family_id, therapist_id, discipline, title, instructions, minutes,"
        " days_per_week, start_date, created_by) VALUES (1, 1, 'OT', 'Snack pieces', ?, 5, 7, DATE '2026-11-02', 1)",
        [SNACK],
    )
    db.migrate(con)
    maya = users_actor(con)
    with con.cursor() as cur:
        [move] = moved_safety_lines(cur, maya, 1)
    assert move.title == "Snack pieces"
    assert move.moved_lines == ["A grown-up stays at the table the whole time."]
    assert move.safety_now == ["A grown-up stays at the table the whole time."]
    assert move.instructions == "Put six snack pieces in a bowl. Pick them up one at a time."


def users_actor(con):
    return Actor(*con.execute("SELECT id, username, display_name, role, discipline FROM users").fetchone())


def test_the_therapist_sees_the_moved_lines_of_their_familys_task(cur, moved):
    maya, family, task, move = moved
    [found] = moved_safety_lines(cur, maya, family)
    assert (found.move_id, found.assignment_id, found.title) == (move, task, "Snack pieces")
    assert found.moved_lines == ["A grown-up stays at the table the whole time."]


def test_another_familys_moves_are_not_listed(cur, moved):
    maya, family, _, _ = moved
    other = make_family(cur, "Other", therapist=maya)
    _moved(cur, make_assignment(cur, other, maya, "Stairs"), other, "Stay one step behind them.")
    assert [m.title for m in moved_safety_lines(cur, maya, family)] == ["Snack pieces"]
    assert [m.title for m in moved_safety_lines(cur, maya, other)] == ["Stairs"]


def test_a_therapist_not_linked_to_the_family_is_refused(cur, moved):
    _, family, _, _ = moved
    with pytest.raises(NotYourFamily):
        moved_safety_lines(cur, make_user(cur, "leo"), family)


def test_checking_them_clears_the_notice_audited_and_versioned(cur, moved):
    maya, family, task, move = moved
    shown = versions.current(cur, "families", family)
    assert check_moved_safety_lines(cur, maya, family, [move], expected_version=shown) == 1
    assert moved_safety_lines(cur, maya, family) == []
    assert versions.current(cur, "families", family) == shown + 1
    user, detail = cur.execute(
        "SELECT user_id, detail FROM audit_log WHERE action = 'check_safety_lines' AND family_id = ?",
        [family],
    ).fetchone()
    assert user == maya.id and f'"tasks": [{task}]' in detail


def test_a_check_covers_only_the_moves_it_names(cur, moved):
    maya, family, _, move = moved
    later = _moved(cur, make_assignment(cur, family, maya, "Stairs"), family, "Stay one step behind them.")
    check_moved_safety_lines(cur, maya, family, [move], expected_version=versions.ANY)
    assert [m.move_id for m in moved_safety_lines(cur, maya, family)] == [later]


def test_a_check_from_a_notice_shown_before_the_family_changed_is_refused(cur, moved):
    maya, family, _, move = moved
    shown = versions.current(cur, "families", family)
    versions.bump(cur, "families", family, expected=versions.ANY)  # someone saved the family meanwhile
    with pytest.raises(StaleVersion):
        check_moved_safety_lines(cur, maya, family, [move], expected_version=shown)
    assert len(moved_safety_lines(cur, maya, family)) == 1


def test_checking_twice_says_they_were_already_checked(cur, moved):
    maya, family, _, move = moved
    check_moved_safety_lines(cur, maya, family, [move], expected_version=versions.ANY)
    with pytest.raises(NotFound, match="already checked"):
        check_moved_safety_lines(cur, maya, family, [move], expected_version=versions.ANY)


def test_the_lead_reads_the_check_in_plain_words():
    text = audit_words.sentence("check_safety_lines", "family", {"tasks": [4]}, "Maya", "Sam K.")
    assert text == "Maya checked the tasks of Sam K. whose safety lines moved to their own field."


def test_a_closed_task_is_not_listed_a_paused_one_is(cur, moved):
    maya, family, task, _ = moved
    cur.execute("UPDATE assignments SET status = 'retired' WHERE id = ?", [task])
    assert moved_safety_lines(cur, maya, family) == []
    cur.execute("UPDATE assignments SET status = 'paused' WHERE id = ?", [task])
    assert [m.status for m in moved_safety_lines(cur, maya, family)] == ["paused"]
