import shutil
import subprocess
import sys

import duckdb
import pytest

from lib import db
from lib.errors import Conflict

DOMAIN_TABLES = {
    "clinic_settings",
    "users",
    "families",
    "caregivers",
    "family_therapists",
    "sessions",
    "assignments",
    "assignment_versions",
    "barrier_answers",
    "templates",
    "ticks",
    "skip_days",
    "homework_reviews",
    "guide_runs",
    "explainer_runs",
    "audit_log",
}


def test_a_new_file_gets_every_domain_table(cur):
    names = {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert DOMAIN_TABLES <= names


def test_the_schema_version_is_recorded(cur):
    assert db.schema_version(cur) == max(v for v, _, _ in db.migrations())
    assert cur.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migrations())


def test_connecting_twice_applies_nothing_again(isolated_database):
    db.connect(isolated_database).close()
    con = db.connect(isolated_database)
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migrations())
    con.close()


def test_an_older_file_is_upgraded_in_place_and_keeps_its_rows(tmp_path, monkeypatch):
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    for file in db.MIGRATIONS.glob("*.sql"):
        shutil.copy(file, old_dir)
    monkeypatch.setattr(db, "MIGRATIONS", old_dir)
    path = tmp_path / "old.duckdb"
    con = db.connect(path)
    con.execute("INSERT INTO clinic_settings (key, value) VALUES ('clinic_name', 'Kept')")
    con.close()
    (old_dir / "999_add_column.sql").write_text("ALTER TABLE families ADD COLUMN school VARCHAR;")
    con = db.connect(path)
    assert db.schema_version(con.cursor()) == 999
    assert con.execute("SELECT value FROM clinic_settings").fetchone()[0] == "Kept"
    assert "school" in [r[0] for r in con.execute("DESCRIBE families").fetchall()]
    con.close()


def test_a_failed_transaction_saves_nothing_and_says_conflict_not_duckdb(cur):
    with pytest.raises(Conflict), db.transaction(cur):
        cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('a', '1')")
        cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('a', '2')")
    assert cur.execute("SELECT count(*) FROM clinic_settings").fetchone()[0] == 0


def test_a_file_held_by_another_process_raises_database_locked(tmp_path):
    path = tmp_path / "held.duckdb"
    db.connect(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(db.DatabaseLocked) as raised:
            db.connect(path)
        assert raised.value.path == str(path)
    finally:
        holder.kill()
        holder.wait()


def test_the_path_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME_PRACTICE_DB", str(tmp_path / "x.duckdb"))
    assert db.db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("HOME_PRACTICE_DB")
    assert db.db_path() == db.DEFAULT_PATH


def test_a_lower_numbered_migration_added_later_still_runs(tmp_path, monkeypatch):
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "001_a.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "005_b.sql").write_text("CREATE TABLE b (x INTEGER);")
    monkeypatch.setattr(db, "MIGRATIONS", folder)
    db.connect(tmp_path / "x.duckdb").close()
    (folder / "003_c.sql").write_text("CREATE TABLE c (x INTEGER);")
    con = db.connect(tmp_path / "x.duckdb")
    applied = con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()
    assert [r[0] for r in applied] == [1, 3, 5]
    con.close()


def test_a_nested_transaction_joins_the_outer_one(cur):
    with pytest.raises(KeyError), db.transaction(cur):
        cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('a', '1')")
        with db.transaction(cur):
            cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('b', '2')")
        assert db.in_transaction(cur)
        raise KeyError("the outer unit fails after the inner one finished")
    assert cur.execute("SELECT count(*) FROM clinic_settings").fetchone()[0] == 0
    assert not db.in_transaction(cur)


def test_a_retrying_write_runs_again_after_a_conflict(cur):
    calls = []

    @db.retrying(attempts=3)
    def write(cur):
        calls.append(1)
        if len(calls) < 3:
            raise Conflict()
        return "saved"

    assert write(cur) == "saved" and len(calls) == 3


def test_rows_build_dataclasses_by_column_name(cur):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Pair:
        value: str
        key: str

    cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('k', 'v')")
    assert db.rows(cur, Pair, "SELECT key, value, 1 AS extra FROM clinic_settings") == [Pair("v", "k")]


def test_rows_leave_a_defaulted_field_out_but_refuse_a_query_without_a_required_one(cur):
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Setting:
        key: str
        value: str = "unset"

    cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('k', 'v')")
    assert db.rows(cur, Setting, "SELECT key FROM clinic_settings") == [Setting("k")]
    with pytest.raises(ValueError, match=r"lacks columns for Setting: \['key'\]"):
        db.rows(cur, Setting, "SELECT value FROM clinic_settings")


def test_rows_and_row_give_dicts_by_column_name(cur):
    cur.execute("INSERT INTO clinic_settings (key, value) VALUES ('k', 'v')")
    assert db.rows(cur, dict, "SELECT key, value FROM clinic_settings") == [{"key": "k", "value": "v"}]
    assert db.row(cur, dict, "SELECT value FROM clinic_settings WHERE key = ?", ["gone"]) is None


def test_a_file_from_a_newer_release_is_refused_with_a_clear_message_and_left_alone(isolated_database):
    con = db.connect(isolated_database)
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (998, '998_from_the_future')")
    con.close()
    with pytest.raises(db.DatabaseTooNew, match="newer release of Home Practice"):
        db.connect(isolated_database)
    con = duckdb.connect(str(isolated_database))
    assert con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] == 998
    con.close()


def test_every_editable_table_carries_a_version(cur):
    for table in (
        "families",
        "caregivers",
        "sessions",
        "ticks",
        "templates",
        "clinic_settings",
        "guide_wording",
    ):
        assert "version" in [r[0] for r in cur.execute(f"DESCRIBE {table}").fetchall()], table


def test_aside_reads_on_another_thread_and_inside_a_transaction_on_the_same_cursor(cur):
    import threading

    def read(side, name):
        found = side.execute("SELECT count(*) FROM families WHERE display_name = ?", [name]).fetchone()[0]
        return found, threading.get_ident(), side is cur

    cur.execute("INSERT INTO families (display_name, intake_date) VALUES ('Sam K.', DATE '2026-09-01')")
    found, thread, same = db.aside(cur, read, "Sam K.").result()
    assert (found, same) == (1, False) and thread != threading.get_ident()
    with db.transaction(cur):
        cur.execute("INSERT INTO families (display_name, intake_date) VALUES ('Ava B.', DATE '2026-09-01')")
        found, thread, same = db.aside(cur, read, "Ava B.").result()  # its own uncommitted row
        assert (found, same, thread) == (1, True, threading.get_ident())
