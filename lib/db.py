"""Connect to the DuckDB file, run migrations, and hand out transactions."""

import os
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_PATH = ROOT / "data" / "home_practice.duckdb"


class DatabaseLocked(Exception):
    """Another process holds the database file."""

    def __init__(self, path):
        super().__init__(path)
        self.path = str(path)


def db_path():
    """Return the database path from HOME_PRACTICE_DB or the default."""
    return Path(os.environ.get("HOME_PRACTICE_DB") or DEFAULT_PATH)


def connect(path=None):
    """Open the database file (creating it), bring its schema up to date, return it."""
    path = Path(path or db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(path) from exc
        raise
    migrate(con)
    return con


def migrations():
    """List (version, name, sql) of the shipped migrations, oldest first."""
    found = []
    for file in sorted(MIGRATIONS.glob("[0-9][0-9][0-9]_*.sql")):
        found.append((int(file.name[:3]), file.stem, file.read_text()))
    return found


def schema_version(cur):
    """Return the newest applied migration's version, 0 for a new file."""
    exists = cur.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con):
    """Apply every migration the file has not recorded yet, in order, each in its own transaction."""
    with con.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        applied = {row[0] for row in cur.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, sql in migrations():
            if version in applied:  # by set, so a lower number added later still runs
                continue
            with transaction(cur):
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])


@contextmanager
def transaction(cur):
    """Run the block in one transaction: all of it is saved, or none."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    cur.execute("COMMIT")
