import os
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

import duckdb
import pytest

from lib import backup, db, ticks
from tests.factories import make_assignment, make_family, make_user


def _count(path, table):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    finally:
        con.close()


def test_a_backup_of_the_open_database_holds_every_committed_row_and_lands_in_backups(con, cur, tmp_path):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    path = backup.make_backup(con)
    assert path.parent == tmp_path / "backups" and path.name.startswith("home_practice-")
    assert _count(path, "families") == 1 and _count(path, "users") == 1
    assert backup.verify(path)['"main"."families"'] == 1
    assert family_id == 1


def test_a_backup_taken_while_others_write_matches_its_own_counts(con, cur, tmp_path):
    therapist = make_user(cur)
    task = make_assignment(cur, make_family(cur, therapist=therapist), therapist, start=date(2026, 6, 1))
    stop = threading.Event()

    def write():
        with con.cursor() as c:
            day = date(2026, 6, 1)
            while not stop.is_set() and day < date(2026, 11, 25):
                ticks.record_tick(c, therapist, task, day)
                day += timedelta(days=1)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        paths = [backup.make_backup(con, tmp_path / f"run{n}") for n in range(3)]
    finally:
        stop.set()
        writer.join()
    for path in paths:  # one snapshot: every tick in the copy has its audit row, and no more
        assert _count(path, "ticks") == _count(path, "audit_log WHERE action = 'tick'")


def test_backup_and_restore_round_trip_keeps_the_current_file_aside(con, cur, isolated_database, tmp_path):
    therapist = make_user(cur)
    make_family(cur, "Before", therapist=therapist)
    saved = backup.make_backup(con)
    make_family(cur, "After", therapist=therapist)
    con.close()
    aside = backup.restore(saved)
    assert _count(aside, "families") == 2
    reopened = db.connect(isolated_database)
    names = [r[0] for r in reopened.execute("SELECT display_name FROM families").fetchall()]
    new_id = reopened.execute(
        "INSERT INTO families (display_name, intake_date) VALUES ('Next', DATE '2026-11-01') RETURNING id"
    ).fetchone()[0]
    reopened.close()
    assert names == ["Before"] and new_id == 2  # the sequence came back too: id 1 is not reused


def test_restore_refuses_a_file_that_is_not_a_backup_and_leaves_the_database_alone(
    con, isolated_database, tmp_path
):
    con.close()
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"not a database at all")
    with pytest.raises(backup.BackupFailed):
        backup.restore(junk)
    assert _count(isolated_database, "schema_migrations") == len(db.migrations())


def test_restore_refuses_while_the_app_holds_the_file(con, tmp_path):
    saved = backup.make_backup(con)
    con.close()
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c = duckdb.connect({str(db.db_path())!r}); print('x', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "x"
        with pytest.raises(db.DatabaseLocked):
            backup.restore(saved)
    finally:
        child.kill()
        child.wait()


def test_rotation_keeps_seven_daily_and_four_weekly_backups(tmp_path):
    now = time.time()
    for age in range(60):  # one backup a day for 60 days, two on the newest day
        for extra in (0, 1) if age == 0 else (0,):
            path = tmp_path / f"home_practice-{age:03d}-{extra}.duckdb"
            path.write_bytes(b"x")
            stamp = now - age * 86400 - extra * 60
            os.utime(path, (stamp, stamp))
    today = datetime.fromtimestamp(now).date()
    backup.rotate(tmp_path, today=today)
    assert tmp_path / "home_practice-000-1.duckdb" in backup.list_backups(tmp_path)  # today's all stay
    backup.rotate(tmp_path, today=today + timedelta(days=1))  # the next day thins them
    kept = backup.list_backups(tmp_path)
    days = {time.strftime("%Y-%m-%d", time.localtime(p.stat().st_mtime)) for p in kept}
    assert len(kept) == len(days) and 7 <= len(kept) <= 10
    assert tmp_path / "home_practice-000-0.duckdb" in kept
    assert tmp_path / "home_practice-000-1.duckdb" not in kept
    oldest = min(p.stat().st_mtime for p in kept)
    assert now - oldest >= 14 * 86400  # the newest of each of four weeks reaches back past two weeks


def test_the_daily_backup_runs_when_due_and_never_raises(con, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "_last_check", {"at": 0.0})
    first = backup.backup_if_due(con, tmp_path / "daily")
    assert first is not None and first.exists()
    monkeypatch.setattr(backup, "_last_check", {"at": 0.0})
    assert backup.backup_if_due(con, tmp_path / "daily") is None  # newest is under a day old
    monkeypatch.setattr(backup, "_last_check", {"at": 0.0})
    con.close()
    assert backup.backup_if_due(con, tmp_path / "elsewhere") is None  # a closed connection: logged only


def test_the_cli_backs_up_a_free_file_and_lists_it(con, capsys):
    con.close()
    assert backup.main(["create"]) == 0
    assert backup.main(["list"]) == 0
    assert "home_practice-" in capsys.readouterr().out


def test_the_cli_asks_the_running_app_when_the_file_is_locked(monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(db, "connect", lambda *a, **k: (_ for _ in ()).throw(db.DatabaseLocked("x")))
    monkeypatch.setattr(backup, "_ask_running_app", lambda port: asked.append(port) or "/b/file.duckdb")
    assert backup.create_now(port="8600") == "/b/file.duckdb" and asked == ["8600"]
