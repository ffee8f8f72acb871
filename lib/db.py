"""Connect to the DuckDB file, run migrations, hand out transactions and typed rows."""

import contextvars
import functools
import os
import random
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import MISSING, fields
from pathlib import Path

import duckdb

from lib.errors import Conflict, StaleVersion, StorageFailed

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_PATH = ROOT / "data" / "home_practice.duckdb"


class DatabaseTooNew(Exception):
    """The file was written by a newer release of Home Practice than this one."""

    def __init__(self, path, versions):
        self.path = str(path)
        self.versions = sorted(versions)
        super().__init__(
            f"The database {self.path} was written by a newer release of Home Practice (schema "
            f"{', '.join(map(str, self.versions))} is unknown to this one). Nothing was changed: "
            "install the newer release, or restore a backup made by this one."
        )


class DatabaseLocked(Exception):
    """Another process holds the database file."""

    def __init__(self, path):
        super().__init__(path)
        self.path = str(path)


def db_path():
    """Return the database path from HOME_PRACTICE_DB or the default."""
    return Path(os.environ.get("HOME_PRACTICE_DB") or DEFAULT_PATH)


# DuckDB keeps table blocks in memory up to its limit (by default 80% of the machine's RAM): a
# clinic's figures read the week summary, so a small pool does, and the app stays small beside
# the other programs of the clinic's machine. Bigger work (a backfill, a restore) spills to disk.
MEMORY_LIMIT = "256MB"


def connect(path=None, memory_limit=None):
    """Open the database file (creating it), bring its schema up to date, return it.

    memory_limit: DuckDB's cap (default HOME_PRACTICE_DB_MEMORY or MEMORY_LIMIT); a bulk build
    that commits a whole clinic in one transaction needs more."""
    path = Path(path or db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"memory_limit": memory_limit or os.environ.get("HOME_PRACTICE_DB_MEMORY") or MEMORY_LIMIT}
    try:
        con = duckdb.connect(str(path), config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseLocked(path) from exc
        raise
    _private(path)
    migrate(con)
    return con


def _private(path):
    """Make the database file readable by this account only: it holds children's health data."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
    except OSError:
        pass  # not ours to change (a read-only copy, another owner): the file works as it is


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
        unknown = applied - {version for version, _, _ in migrations()}
        if unknown:
            raise DatabaseTooNew(_path_of(con), unknown)
        for version, name, sql in migrations():
            if version in applied:  # by set, so a lower number added later still runs
                continue
            with transaction(cur):
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])


def _path_of(con):
    try:
        return con.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()[0]
    except duckdb.Error:
        return "in use"


# Open transactions per cursor: only the outermost `transaction` block begins and commits,
# so a domain write called inside another joins its unit of work.
_depth = threading.local()


def _open(cur):
    return getattr(_depth, "levels", {}).get(id(cur), 0)


def _set_open(cur, level):
    levels = _depth.__dict__.setdefault("levels", {})
    if level:
        levels[id(cur)] = level
    else:
        levels.pop(id(cur), None)


# What DuckDB raises when another writer changed the same rows first.
CONFLICTS = (duckdb.TransactionException, duckdb.ConstraintException)
# What the operating system says when the disk refuses a write: DuckDB raises these as a failed
# COMMIT (a TransactionException, like a clash) or an IOException, with the OS's words inside.
_DISK_FULL = ("no space left on device", "disk quota exceeded", "file too large")
_DISK_ERROR = ("could not write", "input/output error", "read-only file system", "could not fsync")


def storage_problem(exc):
    """Return a StorageFailed when exc is the disk refusing a write, else None."""
    text = str(exc).lower()
    if any(words in text for words in _DISK_FULL):
        return StorageFailed(full=True)
    if isinstance(exc, duckdb.IOException) or any(words in text for words in _DISK_ERROR):
        return StorageFailed(full=False)
    return None


# One unit of work at a time in this process. DuckDB refuses the second of two transactions that
# touch the same rows (a tick and an edit of one task both rewrite the task's week summary), which
# a user would read as "someone else saved this"; taking turns, neither is refused. Units of work
# are short (milliseconds), and only one process opens the file. Reentrant: a side cursor's unit
# inside another on the same thread (a failed sign-in counted apart) does not wait for itself.
_WRITER = threading.RLock()
WRITER_WAIT = 60  # seconds a unit of work waits for its turn before it is refused
BUSY = (
    "The clinic computer is very busy, so this change was not saved. Please try again in a minute; "
    "if it keeps happening, tell the clinic lead."
)


def in_transaction(cur):
    """Return True inside a `transaction` block on this cursor."""
    return _open(cur) > 0


@contextmanager
def transaction(cur):
    """Run the block in one unit of work: all of it is saved, or none.

    Nested blocks join the outermost one, which alone commits. A clash with another writer
    is raised as errors.Conflict (a clear message, never DuckDB's own), a disk that refused the
    write as errors.StorageFailed: a full disk is not someone else's save.
    """
    level = _open(cur)
    if level:
        _set_open(cur, level + 1)
        try:
            yield cur
        finally:
            _set_open(cur, level)
        return
    if not _WRITER.acquire(timeout=WRITER_WAIT):
        raise Conflict(BUSY)
    try:
        cur.execute("BEGIN TRANSACTION")
        _set_open(cur, 1)
        try:
            yield cur
            cur.execute("COMMIT")
        except (*CONFLICTS, duckdb.IOException) as exc:
            _rollback(cur)
            raise (storage_problem(exc) or Conflict()) from exc
        except BaseException:
            _rollback(cur)
            raise
        finally:
            _set_open(cur, 0)
    finally:
        _WRITER.release()


def _rollback(cur):
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass  # a failed COMMIT has already ended the transaction


def retrying(attempts=6):
    """Decorate a write that is safe to repeat: on a Conflict, run it again (outermost only).

    A StaleVersion is not repeated: the record changed since the form showed it, so only the
    user can decide. Attempts are spaced by a short random pause so clashing writers part.
    """

    def wrap(fn):
        @functools.wraps(fn)
        def run(cur, *args, **kwargs):
            if in_transaction(cur):
                return fn(cur, *args, **kwargs)  # the outer unit of work decides
            for attempt in range(attempts):
                try:
                    return fn(cur, *args, **kwargs)
                except StaleVersion:
                    raise
                except Conflict:
                    if attempt == attempts - 1:
                        raise
                    time.sleep(random.uniform(0, 0.005 * (attempt + 1)))

        return run

    return wrap


def aside(cur, fn, *args, **kwargs):
    """Start fn(a new cursor, *args, **kwargs) on another thread; return its Future.

    For reads that need nothing from each other: both cores work at once, as DuckDB lets go
    of Python while a query runs. Inside a transaction it runs at once on cur itself: another
    cursor would not see the transaction's own writes. fn runs in a copy of the caller's context,
    so what the run set in ContextVars (the clinic's date format, lib.words) holds there too."""
    if in_transaction(cur):
        done = Future()
        done.set_result(fn(cur, *args, **kwargs))
        return done
    side = cur.cursor()

    def run():
        try:
            return fn(side, *args, **kwargs)
        finally:
            side.close()

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(contextvars.copy_context().run, run)
    finally:
        pool.shutdown(wait=False)


def rows(cur, cls, sql, params=None):
    """Run a query and build one `cls` per row: a dataclass (columns matched to fields by name) or a dict.

    A dataclass field with a default may be left out of the query; any other must be there."""
    result = cur.execute(sql, params or [])
    names = [d[0] for d in result.description]
    if cls is dict:
        return [dict(zip(names, found, strict=True)) for found in result.fetchall()]
    wanted = {f.name for f in fields(cls)}
    needed = {f.name for f in fields(cls) if f.default is MISSING and f.default_factory is MISSING}
    missing = needed - set(names)
    if missing:
        raise ValueError(f"query lacks columns for {cls.__name__}: {sorted(missing)}")
    keep = [(i, n) for i, n in enumerate(names) if n in wanted]
    return [cls(**{n: row[i] for i, n in keep}) for row in result.fetchall()]


def row(cur, cls, sql, params=None):
    """Return the first row of a query as a `cls` (a dataclass or dict), or None."""
    found = rows(cur, cls, sql, params)
    return found[0] if found else None
