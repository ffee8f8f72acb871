"""Many sessions writing at once through the app's write path: nothing lost, nothing doubled, no raw error.

Ten threads share one DuckDB connection with a cursor each (as the app's sessions do), and each
runs its writes exactly as `ui.run_write` does (`lib.ui.messages._unit_of_work`: one transaction,
retried on a Conflict). Pairs of workers tick the same days and edit the same tasks, so every
clash the issue reported is exercised.
"""

import threading
from collections import Counter
from datetime import timedelta

from lib import assignments, ticks
from lib.errors import Conflict, DomainError
from lib.ui.messages import _unit_of_work
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user

WORKERS = 10
TICKS_EACH = 100  # per worker; a pair clashes on each of these days, and on every edit below
EDITS_EACH = 20
FIRST_DAY = TODAY - timedelta(days=TICKS_EACH - 1)


def _setup(cur):
    therapist = make_user(cur, "busy.ot")
    tasks = []
    for pair in range(WORKERS // 2):  # two workers per task: the same ticks, the same edits
        family_id = make_family(cur, f"Family {pair}", therapist, intake=FIRST_DAY)
        tasks.append(make_assignment(cur, family_id, therapist, f"Task {pair}", start=FIRST_DAY))
    return therapist, tasks


def _worker(con, actor, task_id, results, errors):
    with con.cursor() as cur:
        for n in range(TICKS_EACH):
            day = FIRST_DAY + timedelta(days=n)
            try:
                saved = _unit_of_work(
                    cur, lambda c, d=day: ticks.record_tick(c, actor, task_id, d, minutes=5)
                )
                results.append(("tick", task_id, day, saved))
            except DomainError as exc:
                results.append(("tick-refused", task_id, day, str(exc)))
            except Exception as exc:  # a raw database error: the failure this test is about
                errors.append(repr(exc))
            if n % (TICKS_EACH // EDITS_EACH) == 0:
                _edit(cur, actor, task_id, n, results, errors)
                _edit_tick(cur, actor, task_id, day, results, errors)


def _edit_tick(cur, actor, task_id, day, results, errors):
    shown = ticks.get_tick(cur, actor, task_id, day)  # what the details form showed
    minutes = shown.minutes % 200 + 1  # always a real change
    try:
        _unit_of_work(
            cur,
            lambda c: ticks.update_tick(
                c, actor, task_id, day, minutes=minutes, expected_version=shown.version
            ),
        )
        results.append(("tick-edit", task_id, day, minutes))
    except Conflict as exc:
        results.append(("conflict", task_id, day, str(exc)))
    except DomainError as exc:
        results.append(("edit-refused", task_id, day, str(exc)))
    except Exception as exc:
        errors.append(repr(exc))


def _edit(cur, actor, task_id, n, results, errors):
    shown = assignments.get_assignment(cur, actor, task_id)  # what the form showed
    version = shown.version
    changes = {"minutes": shown.minutes % 30 + 1}  # always a real change
    try:
        new = _unit_of_work(
            cur,
            lambda c: assignments.save_task_changes(c, actor, task_id, changes, {}, expected_version=version),
        )
        results.append(("edit", task_id, version, new, changes["minutes"]))
    except Conflict as exc:
        results.append(("conflict", task_id, version, str(exc)))
    except DomainError as exc:
        results.append(("edit-refused", task_id, version, str(exc)))
    except Exception as exc:
        errors.append(repr(exc))


def test_ten_sessions_writing_at_once_lose_nothing_and_see_no_raw_error(con, cur):
    actor, tasks = _setup(cur)
    results, errors = [], []
    threads = [
        threading.Thread(target=_worker, args=(con, actor, tasks[i // 2], results, errors))
        for i in range(WORKERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert not [r for r in results if r[0] in ("tick-refused", "edit-refused")]
    # every tick acknowledged once as new, once as already there; present exactly once
    saved = Counter((r[1], r[2]) for r in results if r[0] == "tick" and r[3])
    seen = Counter((r[1], r[2]) for r in results if r[0] == "tick")
    assert len(seen) == len(tasks) * TICKS_EACH and set(seen.values()) == {2}
    assert set(saved.values()) == {1} and len(saved) == len(tasks) * TICKS_EACH
    stored = cur.execute("SELECT assignment_id, practice_date, count(*) FROM ticks GROUP BY ALL").fetchall()
    assert {(a, d) for a, d, _ in stored} == set(saved) and {n for *_, n in stored} == {1}
    audited = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'tick'").fetchone()[0]
    assert audited == len(saved)
    # every acknowledged edit holds exactly one version row; every clash was told as a Conflict
    edits = [r for r in results if r[0] == "edit"]
    tick_edits = [r for r in results if r[0] == "tick-edit"]
    conflicts = [r for r in results if r[0] == "conflict"]
    assert len(edits) + len(tick_edits) + len(conflicts) == 2 * WORKERS * EDITS_EACH
    for _, task_id, day, _minutes in tick_edits:  # the last acknowledged edit of a tick is what it holds
        last = [r[3] for r in tick_edits if r[1] == task_id and r[2] == day][-1]
        stored = cur.execute(
            "SELECT minutes, version FROM ticks WHERE assignment_id = ? AND practice_date = ?", [task_id, day]
        ).fetchone()
        assert stored[0] == last
        assert stored[1] == 1 + len([r for r in tick_edits if r[1] == task_id and r[2] == day])
    for task_id in tasks:
        snapshots = dict(
            cur.execute(
                "SELECT version, json_extract(snapshot, '$.minutes')::INTEGER FROM assignment_versions"
                " WHERE assignment_id = ? ORDER BY version",
                [task_id],
            ).fetchall()
        )
        assert sorted(snapshots) == list(range(1, len(snapshots) + 1))  # no version written twice or lost
        mine = [r for r in edits if r[1] == task_id]
        # each acknowledged edit is a version holding what was asked (an edit that found its value
        # already saved by the other session is acknowledged without a new version)
        assert all(snapshots[r[3]] == r[4] for r in mine)
        assert {r[3] for r in mine} == set(snapshots) - {1}
    assert all("moment ago" in r[3] for r in conflicts)
    print(
        f"\n{WORKERS} sessions x ({TICKS_EACH} ticks + {EDITS_EACH} task edits + {EDITS_EACH} tick edits):"
        f" {len(seen) * 2} tick writes -> {len(saved)} ticks held once each, {len(edits)} task edits and"
        f" {len(tick_edits)} tick edits held, {len(conflicts)} conflicts reported, 0 lost"
    )


WRITER = """
import sys
from datetime import date, timedelta
from lib import db, ticks
from lib.models import Actor
from lib.ui.messages import _unit_of_work

con = db.connect()
cur = con.cursor()
actor = Actor(*cur.execute("SELECT id, username, display_name, role, discipline FROM users").fetchone())
task, first = int(sys.argv[1]), date.fromisoformat(sys.argv[2])
for n in range(int(sys.argv[3])):
    day = first + timedelta(days=n)
    if _unit_of_work(cur, lambda c: ticks.record_tick(c, actor, task, day, minutes=5)):
        print(day.isoformat(), flush=True)  # acknowledged: the transaction has committed
"""


def test_a_writer_killed_mid_burst_keeps_every_acknowledged_tick(con, cur, isolated_database):
    import os
    import signal
    import subprocess
    import sys

    from tests.factories import ROOT

    therapist = make_user(cur, "killed.ot")
    first = TODAY - timedelta(days=299)
    task = make_assignment(
        cur, make_family(cur, "Kill", therapist, intake=first), therapist, "Burst", start=first
    )
    con.close()
    acked, kills = [], 0
    for burst in range(3):  # three bursts of 100 days, each killed part-way
        start = first + timedelta(days=100 * burst)
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(task), start.isoformat(), "100"],
            cwd=ROOT,
            env={**os.environ, "HOME_PRACTICE_DB": str(isolated_database)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(20 + 20 * burst):
            acked.append(writer.stdout.readline().strip())
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        kills += writer.returncode == -signal.SIGKILL
        acked.extend(line.strip() for line in writer.stdout.read().splitlines())  # printed before the kill
    from lib import db

    reopened = db.connect(isolated_database)
    stored = {d.isoformat() for (d,) in reopened.execute("SELECT practice_date FROM ticks").fetchall()}
    audited = reopened.execute("SELECT count(*) FROM audit_log WHERE action = 'tick'").fetchone()[0]
    reopened.close()
    assert kills == 3 and len(acked) >= 120
    assert set(acked) <= stored  # every acknowledged write survived
    assert audited == len(stored)  # and nothing was half-written
    print(f"\n{kills} kills survived, {len(acked)} acknowledged ticks checked, 0 lost")


# --- optimistic versions: a form that shows an old version cannot overwrite a newer save ---------------


def _stale(call):
    import pytest

    from lib.errors import StaleVersion

    with pytest.raises(StaleVersion, match="changed a moment ago"):
        call()


def test_every_editable_record_refuses_an_update_from_an_old_version(cur):
    from datetime import date, datetime

    from lib import families, sessions, versions
    from lib.assignments import templates
    from lib.guide import perform_action

    lead = make_user(cur, "lead.ot", role="lead")
    family_id = make_family(cur, "Old", lead)
    families.update_family(cur, lead, family_id, "First", date(2026, 9, 1), expected_version=1)
    _stale(
        lambda: families.update_family(cur, lead, family_id, "Second", date(2026, 9, 1), expected_version=1)
    )
    assert families.get_family(cur, lead, family_id).display_name == "First"

    carer = families.add_caregiver(cur, lead, family_id, "Alex", "mother")
    families.update_caregiver(cur, lead, carer, "Alexa", "mother", expected_version=1)
    _stale(lambda: families.update_caregiver(cur, lead, carer, "Al", "mother", expected_version=1))

    session_id = sessions.book_session(cur, lead, family_id, lead.id, "OT", datetime(2026, 11, 20, 10))
    sessions.record_session_outcome(cur, lead, session_id, "attended", expected_version=1)
    _stale(lambda: sessions.record_session_outcome(cur, lead, session_id, "no_show", expected_version=1))

    task = make_assignment(cur, family_id, lead, start=date(2026, 11, 2))
    ticks.record_tick(cur, lead, task, date(2026, 11, 3))
    ticks.update_tick(cur, lead, task, date(2026, 11, 3), minutes=5, expected_version=1)
    _stale(lambda: ticks.update_tick(cur, lead, task, date(2026, 11, 3), minutes=9, expected_version=1))
    assert ticks.get_tick(cur, lead, task, date(2026, 11, 3)).minutes == 5

    values = {
        "discipline": "OT",
        "title": "Pegs",
        "instructions": "Pegs in.",
        "who": "child",
        "minutes": 5,
        "days_per_week": 5,
    }
    template_id = templates.create_template(cur, lead, values)
    templates.update_template(cur, lead, template_id, {**values, "minutes": 6}, expected_version=1)
    _stale(
        lambda: templates.update_template(
            cur, lead, template_id, {**values, "minutes": 7}, expected_version=1
        )
    )

    shown = assignments.get_assignment(cur, lead, task).version
    perform_action(
        cur,
        lead,
        family_id,
        "make_easier",
        assignment_id=task,
        changes={"minutes": 3},
        expected_version=shown,
    )
    _stale(
        lambda: perform_action(
            cur,
            lead,
            family_id,
            "make_easier",
            assignment_id=task,
            changes={"minutes": 2},
            expected_version=shown,
        )
    )  # the guide's second "make it easier" from the same screen is no longer lost
    assert assignments.get_assignment(cur, lead, task).minutes == 3
    assert versions.current(cur, "families", family_id) == 2


def test_a_stale_version_is_not_retried_but_a_clash_is(cur):
    from lib import db
    from lib.errors import Conflict, StaleVersion

    runs = []

    @db.retrying()
    def stale(c):
        runs.append("stale")
        raise StaleVersion("This family")

    @db.retrying()
    def clash(c):
        runs.append("clash")
        if runs.count("clash") < 3:
            raise Conflict()
        return "saved"

    _stale(lambda: stale(cur))
    assert clash(cur) == "saved" and runs == ["stale", "clash", "clash", "clash"]
