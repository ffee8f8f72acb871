"""A full or failing disk: its own calm message (never "someone else saved"), no backup left half-written."""

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from lib import backup, db
from lib.accounts import signin
from lib.errors import Conflict, StorageFailed
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent


def run_with_file_limit(script, env_db, limit):
    """Run script in a child whose files cannot grow past `limit` bytes (the OS says "File too large")."""
    code = textwrap.dedent(f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
    """) + textwrap.dedent(script)
    env = {**os.environ, "HOME_PRACTICE_DB": str(env_db), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_a_commit_the_disk_refuses_is_a_storage_failure_not_a_conflict(cur, monkeypatch):
    refused = duckdb.TransactionException(
        'TransactionContext Error: Failed to commit: Could not write file "x.wal": No space left on device'
    )
    with pytest.raises(StorageFailed) as failed, db.transaction(cur):
        raise refused
    assert not isinstance(failed.value, Conflict)
    assert "disk is full" in str(failed.value)


def test_a_clash_with_another_writer_is_still_a_conflict(cur):
    with pytest.raises(Conflict) as clash, db.transaction(cur):
        raise duckdb.TransactionException("Conflict on update")
    assert not isinstance(clash.value, StorageFailed)


def test_signing_in_on_a_really_full_disk_says_the_disk_is_full(isolated_database):
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        make_user(cur, "maya")
    con.execute("CHECKPOINT")
    con.close()
    done = run_with_file_limit(
        """
        from lib import db
        from lib.accounts import signin
        from lib.errors import DomainError
        con = db.connect()
        try:
            with con.cursor() as cur:
                signin.sign_in(cur, "maya", "wrong")
        except DomainError as exc:
            print("MESSAGE:", exc)
        """,
        isolated_database,
        256,  # the database file is not grown by a sign-in; its WAL cannot take one
    )
    assert "MESSAGE: The clinic computer's disk is full" in done.stdout, done.stdout + done.stderr
    assert "Someone else saved" not in done.stdout


def test_a_backup_that_runs_out_of_disk_leaves_no_partial_file(isolated_database, tmp_path):
    con = db.connect(isolated_database)
    con.execute("CREATE TABLE bulk AS SELECT range AS n, repeat('y', 200) || range AS s FROM range(200000)")
    con.execute("CHECKPOINT")
    con.close()
    folder = tmp_path / "backups"
    done = run_with_file_limit(
        f"""
        from lib import backup, db
        con = db.connect()
        try:
            backup.make_backup(con, {str(folder)!r})
        except backup.BackupFailed as exc:
            print("FAILED:", exc)
        """,
        isolated_database,
        isolated_database.stat().st_size // 4,  # the copy cannot reach a quarter of the live file
    )
    assert "FAILED: the copy could not be written" in done.stdout, done.stdout + done.stderr
    assert list(folder.iterdir()) == []


def test_a_backup_that_would_leave_too_little_free_space_is_not_started(con, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "disk_space", lambda path: (50 * 2**20, 10 * 2**30))
    with pytest.raises(backup.BackupFailed, match="not started.*HOME_PRACTICE_BACKUP_DIR"):
        backup.make_backup(con, tmp_path / "backups")
    assert list((tmp_path / "backups").iterdir()) == []


def test_backups_go_to_the_folder_the_clinic_chose(con, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME_PRACTICE_BACKUP_DIR", str(tmp_path / "other-disk"))
    made = backup.make_backup(con)
    assert made.parent == tmp_path / "other-disk"


def test_backups_and_the_database_are_readable_by_this_account_only(con, isolated_database, tmp_path):
    made = backup.make_backup(con, tmp_path / "backups")
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    assert stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    os.chmod(isolated_database, 0o644)
    db._private(isolated_database)
    assert stat.S_IMODE(isolated_database.stat().st_mode) == 0o600


def test_reading_still_works_when_the_disk_refuses_to_note_a_session_in_use(cur, monkeypatch):
    make_user(cur, "maya")
    from datetime import datetime, timedelta

    t0 = datetime(2026, 11, 25, 9, 0)
    token, _ = signin.sign_in(cur, "maya", "password1", now=t0)
    found = signin.validate(cur, token, now=t0 + timedelta(minutes=5))

    def full(*args, **kwargs):
        raise StorageFailed()

    monkeypatch.setattr(signin, "transaction", full)
    assert signin.touch(cur, found, now=t0 + timedelta(minutes=5)) == found
