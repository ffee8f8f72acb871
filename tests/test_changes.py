"""lib.changes: which families a write touched, and a caseload brought up to date from it."""

from datetime import date, timedelta

import pytest

from lib import audit, changes, db, families, settings, ticks, versions
from lib.accounts import auth
from lib.assignments import create_assignment, delete_assignment
from lib.figures import caseload
from lib.sessions import session_mode
from lib.ui import caseload_view, fresh
from tests.conftest import TODAY
from tests.factories import NEW_TASK, make_assignment, make_family, make_lead, make_user

TASK = {**NEW_TASK, "start_date": TODAY - timedelta(days=3)}
RUNNING_WEEK = caseload.adherence.week_start(TODAY)
LAST_WEEK = caseload.last_complete_week(TODAY)


@pytest.fixture
def clinic(cur):
    maya = make_user(cur, "maya")
    sam = make_family(cur, "Sam K.", therapist=maya)
    ava = make_family(cur, "Ava B.", therapist=maya)
    return maya, sam, ava, make_assignment(cur, sam, maya, start=date(2026, 11, 2))


def test_a_tick_changes_its_family_only_and_a_sign_in_nothing(cur, clinic):
    maya, sam, ava, task = clinic
    tracker = changes.Tracker()
    start = tracker.sync(cur)
    auth.login(cur, "maya", "password1")
    assert tracker.sync(cur) == start  # a sign-in changes no figure
    assert tracker.changed_since(start) == set()
    ticks.record_tick(cur, maya, task, date(2026, 11, 18))
    tracker.sync(cur)
    assert tracker.changed_since(start) == {sam}
    assert tracker.version(sam) > start and tracker.version(ava) == start


def test_ticks_and_skip_days_keep_the_roster_and_a_family_s_edit_changes_it(cur, clinic):
    maya, sam, ava, task = clinic
    tracker = changes.Tracker()
    start = tracker.sync(cur)
    ticks.record_tick(cur, maya, task, date(2026, 11, 18))
    ticks.add_skip_days(cur, maya, ava, date(2026, 11, 19))
    assert tracker.sync(cur) > start and tracker.roster_version() == start  # the choosers keep their lists
    audit.record(cur, maya, "print_sheet", "family", sam, family_id=sam)  # as lib.sheet_scan.registry does
    session_mode.start_session(cur, maya, ava)
    assert tracker.sync(cur) > start and tracker.roster_version() == start
    families.update_family(cur, maya, ava, "Ava Brown", date(2026, 9, 1), expected_version=versions.ANY)
    assert tracker.roster_version() < tracker.sync(cur) == tracker.roster_version()


def test_ticks_and_skip_days_after_the_judged_day_change_nothing_judged_before_it(cur, clinic):
    maya, sam, ava, task = clinic
    tracker = changes.Tracker()
    start = tracker.sync(cur)
    last_sunday = LAST_WEEK + timedelta(days=6)
    ticks.record_tick(cur, maya, task, TODAY)
    ticks.add_skip_days(cur, maya, ava, TODAY + timedelta(days=1))
    tracker.sync(cur)
    assert tracker.changed_since(start, last_sunday) == set()  # last week's caseload stays as it is
    assert tracker.changed_since(start, TODAY) == {sam}  # this week's has Sam's tick
    assert tracker.changed_since(start) == {sam, ava}  # and what is kept per family changes
    ticks.record_tick(cur, maya, task, last_sunday)  # a back-filled day of last week
    tracker.sync(cur)
    assert tracker.changed_since(start, last_sunday) == {sam}


def test_a_family_with_more_dated_writes_than_are_kept_counts_as_changed_on_any_day(cur, clinic):
    maya, sam, _, task = clinic
    tracker = changes.Tracker()
    start = tracker.sync(cur)
    for _ in range(changes.DATED_KEPT // 2 + 1):  # each pair: a tick and an untick, today
        ticks.record_tick(cur, maya, task, TODAY)
        tracker.sync(cur)
        ticks.remove_tick(cur, maya, task, TODAY)
        tracker.sync(cur)
    assert tracker.changed_since(start, LAST_WEEK) == {sam}  # the oldest now count as undated: never missed


def test_a_setting_or_a_deleted_task_changes_every_family(cur, clinic):
    maya, sam, ava, _ = clinic
    lead = make_user(cur, "boss", role="lead", discipline=None)
    tracker = changes.Tracker()
    start = tracker.sync(cur)
    settings.update_settings(cur, lead, {"adherence_threshold": 70})
    tracker.sync(cur)
    assert tracker.changed_since(start) is None
    assert tracker.version(ava) > start
    after_setting = tracker.sync(cur)
    spare = create_assignment(cur, maya, ava, {**TASK, "start_date": date(2026, 11, 30)})
    tracker.sync(cur)
    assert tracker.changed_since(after_setting) == {ava}
    after_create = tracker.sync(cur)
    delete_assignment(cur, maya, spare)  # the task is gone: the row no longer says whose it was
    tracker.sync(cur)
    assert tracker.changed_since(after_create) is None


def test_a_write_committed_after_a_newer_one_changes_every_family(cur, clinic):
    _, sam, _, _ = clinic
    tracker = changes.Tracker()
    newest = cur.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    # a row with a high id commits first; the sequence's next (lower) id commits after the sync
    cur.execute(
        "INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail) VALUES (?, NULL, 'note', 'family', ?, '{}')",
        [newest + 50, sam],
    )
    seen = tracker.sync(cur)
    cur.execute(
        "INSERT INTO audit_log (user_id, action, entity, entity_id, detail) VALUES (NULL, 'note', 'family', ?, '{}')",
        [sam],
    )
    tracker.sync(cur)
    assert tracker.changed_since(seen) is None


def _same(left, right):
    """Both Overviews show the same rows, in the same order, with the same figures."""
    assert left.week == right.week
    as_text = lambda frame: frame.to_json(orient="records", date_format="iso", default_handler=str)  # noqa: E731
    assert as_text(left.table) == as_text(right.table)
    key = ["family_id", "week_start"]
    assert as_text(left.weekly.sort_values(key).reset_index(drop=True)) == as_text(
        right.weekly.sort_values(key).reset_index(drop=True)
    )


@pytest.mark.parametrize("week", [RUNNING_WEEK, LAST_WEEK])
def test_a_caseload_kept_and_brought_up_to_date_after_writes_equals_one_worked_out_afresh(demo_cur, week):
    lead = make_lead(demo_cur)
    caseload_view.load_overview(lead, week, False)  # kept, as the page keeps it
    # four families, each with a task running for three weeks and more
    (task, _), (_, family2), (_, family3), (_, family4) = demo_cur.execute(
        "SELECT min(a.id), a.family_id FROM assignments a JOIN families f ON f.id = a.family_id"
        " WHERE a.status = 'active' AND f.status = 'active' AND a.start_date < ?"
        " GROUP BY a.family_id ORDER BY a.family_id LIMIT 4",
        [TODAY - timedelta(days=21)],
    ).fetchall()

    writes = [
        lambda: ticks.record_tick(demo_cur, lead, task, TODAY),
        lambda: (
            ticks.record_tick(demo_cur, lead, task, week + timedelta(days=1), today=TODAY)
            if ticks.get_tick(demo_cur, lead, task, week + timedelta(days=1)) is None
            else ticks.remove_tick(demo_cur, lead, task, week + timedelta(days=1))
        ),
        lambda: ticks.add_skip_days(demo_cur, lead, family2, week + timedelta(days=2)),
        lambda: families.discharge_family(demo_cur, lead, family3, on=TODAY),
        lambda: create_assignment(demo_cur, lead, family4, {**TASK, "discipline": "OT"}),
    ]
    for write in writes:
        write()
        _same(
            caseload_view.load_overview(lead, week, False),
            caseload.overview(demo_cur, lead, week, today=TODAY),
        )
    assert fresh.tracker().changed_since(0) is not None  # every write above named its family: rows spliced


def test_rows_written_before_the_audit_kept_family_and_day_get_them_from_its_migration(con, cur, clinic):
    maya, sam, ava, task = clinic
    ticks.record_tick(cur, maya, task, date(2026, 11, 18))
    ticks.add_skip_days(cur, maya, ava, TODAY)
    written = cur.execute("SELECT id, family_id, first_day FROM audit_log ORDER BY id").fetchall()
    assert (sam, date(2026, 11, 18)) in [r[1:] for r in written] and (ava, TODAY) in [r[1:] for r in written]
    # back to schema 14, where rows had neither column, then up again
    cur.execute("ALTER TABLE audit_log DROP COLUMN family_id")
    cur.execute("ALTER TABLE audit_log DROP COLUMN first_day")
    cur.execute("DELETE FROM schema_migrations WHERE version = 15")
    db.migrate(con)
    assert cur.execute("SELECT id, family_id, first_day FROM audit_log ORDER BY id").fetchall() == written


def test_a_sign_in_keeps_the_caseload_cache_and_a_tick_resets_its_family(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    task = make_assignment(cur, family, maya, start=date(2026, 11, 2))
    tracker = changes.Tracker()
    before = tracker.sync(cur)
    auth.login(cur, "maya", "password1")
    tracker.sync(cur)
    assert tracker.changed_since(before) == set()
    ticks.record_tick(cur, maya, task, date(2026, 11, 18))
    tracker.sync(cur)
    assert tracker.changed_since(before) == {family}
