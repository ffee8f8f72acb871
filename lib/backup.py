"""Backups: a consistent copy of the live database, verified, rotated, and put back on request.

Only one process can open the DuckDB file, so the process that holds it makes the copy
(`ATTACH` + `COPY FROM DATABASE`, in one transaction with the row counts it is verified
against). The running app backs up once a day on its own (`backup_if_due`); `make backup`
runs this module's CLI, which opens the file itself when the app is stopped and otherwise asks
the running app over the clinic machine's loopback with the token in `.backup_token`.
Rotation keeps the newest copy of each of the last 7 days and of each of the last 4 weeks.
"""

import argparse
import json
import logging
import os
import shutil
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from lib import clock, db
from lib.access import require_lead

log = logging.getLogger(__name__)

PREFIX = "home_practice-"
SUFFIX = ".duckdb"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
DUE_AFTER = 24 * 3600  # seconds between the app's own backups
CHECK_EVERY = 600  # seconds between two looks at the backup folder from page runs

_lock = threading.Lock()
_last_check = {"at": 0.0}


class BackupFailed(Exception):
    """The copy could not be made or does not match the live database; nothing was kept."""


FREE_MARGIN = 200 * 1024 * 1024  # bytes a backup must leave free on its disk, besides its own size


def default_dir():
    """Return the backups folder: HOME_PRACTICE_BACKUP_DIR, else `backups/` next to the database file.

    Another disk is better: a backup beside the live file competes with it for space, and dies with it."""
    chosen = os.environ.get("HOME_PRACTICE_BACKUP_DIR")
    return Path(chosen) if chosen else db.db_path().parent / "backups"


def private_dir(directory):
    """Create directory (and its parents) readable by this account only (0700); return it."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    return directory


def _nearest_existing(path):
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def disk_space(path):
    """Return (free, total) bytes of the disk holding path (its nearest existing folder)."""
    usage = shutil.disk_usage(_nearest_existing(path))
    return usage.free, usage.total


@dataclass(frozen=True)
class Storage:
    """Where the database and its backups live, and how much room their disks have (bytes)."""

    database: Path
    database_free: int
    database_total: int
    backups: Path
    backups_free: int
    backups_on_same_disk: bool
    newest_backup: datetime | None

    @property
    def low(self):
        """True when the database's disk has less room than a backup needs to be safe."""
        return self.database_free < FREE_MARGIN


def storage_status(actor):
    """Return the Storage of this clinic (the lead's view of the disk)."""
    require_lead(actor)
    live, folder = db.db_path(), default_dir()
    free, total = disk_space(live)
    backups_free, _ = disk_space(folder)
    newest = list_backups(folder)
    return Storage(
        database=live,
        database_free=free,
        database_total=total,
        backups=folder,
        backups_free=backups_free,
        backups_on_same_disk=os.stat(_nearest_existing(folder)).st_dev == os.stat(live.parent).st_dev,
        newest_backup=datetime.fromtimestamp(newest[0].stat().st_mtime) if newest else None,
    )


def _live_size():
    live = db.db_path()
    return sum(p.stat().st_size for p in (live, live.with_name(live.name + ".wal")) if p.exists())


def _check_room(directory):
    free, _ = disk_space(directory)
    needed = _live_size() + FREE_MARGIN
    if free < needed:
        raise BackupFailed(
            f"not started: the disk of {directory} has {free // 2**20} MB free, and a backup needs "
            f"{needed // 2**20} MB (the database's size and {FREE_MARGIN // 2**20} MB to spare). Free some "
            "space, or set HOME_PRACTICE_BACKUP_DIR to a folder on another disk."
        )


def token_path():
    """Return the file holding the token the CLI sends to a running app."""
    return db.db_path().parent / ".backup_token"


def _tables(cur, catalog):
    rows = cur.execute(
        "SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY ALL", [catalog]
    ).fetchall()
    return [f'"{schema}"."{table}"' for schema, table in rows]


def _counts(cur, catalog):
    return {
        name: cur.execute(f'SELECT count(*) FROM "{catalog}".{name}').fetchone()[0]  # noqa: S608 (catalog names)
        for name in _tables(cur, catalog)
    }


def _unique(directory):
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = directory / f"{PREFIX}{stamp}{SUFFIX}"
    n = 1
    while target.exists():
        n += 1
        target = directory / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    return target


def make_backup(con, directory=None):
    """Copy the live database into directory (default data/backups), verify it, rotate; return its path."""
    directory = private_dir(directory or default_dir())
    with _lock:
        _check_room(directory)
        target = _unique(directory)
        partial = target.with_name(target.name + ".partial")
        try:
            expected = _copy(con, partial)
            found = verify(partial)
            if found != expected:
                raise BackupFailed(
                    f"the copy's row counts differ from the live database: {found} != {expected}"
                )
        except BaseException as exc:
            for leftover in (partial, partial.with_name(partial.name + ".wal")):
                leftover.unlink(missing_ok=True)  # a failed copy never stays to fill the disk
            if isinstance(exc, (duckdb.Error, OSError)):
                raise BackupFailed(f"the copy could not be written: {exc}") from exc
            raise
        os.chmod(partial, 0o600)
        partial.rename(target)
        rotate(directory)
    log.info("backup written to %s", target)
    return target


def _copy(con, partial):
    """Copy the live database into the file partial; return the row counts it was copied with."""
    alias = "home_practice_backup"
    with con.cursor() as cur:
        live = cur.execute("SELECT current_database()").fetchone()[0]
        cur.execute("ATTACH ? AS home_practice_backup", [str(partial)])
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                expected = _counts(cur, live)  # the same snapshot the copy is taken from
                cur.execute(f'COPY FROM DATABASE "{live}" TO {alias}')
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        finally:
            cur.execute(f"DETACH {alias}")
    return expected


def verify(path):
    """Open a backup on its own and return its row count per table; raise BackupFailed if it cannot."""
    try:
        check = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise BackupFailed(f"{path} cannot be opened as a database: {exc}") from exc
    try:
        catalog = check.execute("SELECT current_database()").fetchone()[0]
        counts = _counts(check, catalog)
        if '"main"."schema_migrations"' not in counts:
            raise BackupFailed(f"{path} is not a Home Practice database.")
        shipped = {v for v, _, _ in db.migrations()}
        newer = {v for (v,) in check.execute("SELECT version FROM schema_migrations").fetchall()} - shipped
        if newer:
            raise BackupFailed(f"{path} was made by a newer release (schema {sorted(newer)}).")
        return counts
    finally:
        check.close()


def list_backups(directory=None):
    """Return the backups in directory, newest first."""
    directory = Path(directory or default_dir())
    if not directory.exists():
        return []
    found = [p for p in directory.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def _kept(backups, today=None):
    """Return the backups to keep: all of today's, the newest of each of the last 7 days and of 4 ISO weeks.

    Today's all stay: a backup made by hand before a risky change is not replaced by the daily one
    seconds later; the next day's rotation keeps the newest of them."""
    today = today or datetime.now().date()
    days, weeks, keep = [], [], set()
    for path in backups:  # newest first
        when = datetime.fromtimestamp(path.stat().st_mtime)
        day, week = when.date(), when.isocalendar()[:2]
        if day >= today:
            keep.add(path)
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(path)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)
            keep.add(path)
    return keep


def rotate(directory=None, today=None):
    """Delete backups beyond today's, 7 daily and 4 weekly ones; return the deleted paths."""
    backups = list_backups(directory)
    keep = _kept(backups, today)
    gone = [p for p in backups if p not in keep]
    for path in gone:
        path.unlink(missing_ok=True)
    return gone


def backup_if_due(con, directory=None):
    """Back up when the newest backup is over a day old (checked at most every 10 minutes); never raise."""
    try:
        if time.monotonic() - _last_check["at"] < CHECK_EVERY and _last_check["at"]:
            return None
        _last_check["at"] = time.monotonic()
        newest = list_backups(directory)
        if newest and time.time() - newest[0].stat().st_mtime < DUE_AFTER:
            return None
        return make_backup(con, directory)
    except Exception:  # a backup must never take a page down
        log.exception("the daily backup failed")
        return None


def restore(path, target=None):
    """Verify a backup, keep the current database file aside, and put the backup in its place.

    The app must be stopped (the file is locked while it runs). Return the path of the file kept aside.
    """
    path, target = Path(path), Path(target or db.db_path())
    verify(path)
    if target.exists():
        try:
            duckdb.connect(str(target)).close()  # checkpoints its WAL, and proves no app holds it
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise db.DatabaseLocked(target) from exc
            raise
    aside = target.with_name(f"{target.stem}.before-restore-{clock.now():%Y%m%d-%H%M%S}{target.suffix}")
    staged = target.with_name(target.name + ".restoring")
    shutil.copy2(path, staged)
    verify(staged)
    if target.exists():
        target.rename(aside)
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        wal.rename(aside.with_name(aside.name + ".wal"))
    staged.rename(target)
    return aside


# --- the command line (make backup / make restore) ----------------------------------------------


def _ask_running_app(port):
    token = token_path().read_text().strip() if token_path().exists() else ""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_admin/backup", method="POST", headers={"X-Backup-Token": token}
    )
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310 (fixed loopback URL)
        body = answer.read().decode()
    try:
        return json.loads(body).get("path", body)
    except ValueError:
        return body


def create_now(port=None):
    """Back up the database file: directly when it is free, else by asking the running app."""
    try:
        con = db.connect()
    except db.DatabaseLocked:
        return _ask_running_app(port or os.environ.get("PORT", "8501"))
    try:
        return make_backup(con)
    finally:
        con.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lib.backup", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("create", help="write a verified backup into data/backups/ and rotate")
    put_back = sub.add_parser("restore", help="verify a backup, keep the current file aside, swap")
    put_back.add_argument("path")
    sub.add_parser("list", help="list the backups, newest first")
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            print(f"Backup written and verified: {create_now()}")
        elif args.command == "restore":
            aside = restore(args.path)
            print(f"Restored {args.path}. The previous database file is kept as {aside}.")
        else:
            for path in list_backups():
                print(f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M}  {path}")
    except (BackupFailed, db.DatabaseLocked, db.DatabaseTooNew, OSError) as exc:
        message = str(exc)
        if isinstance(exc, db.DatabaseLocked):
            message = f"{exc.path} is open in the running app: stop it (Ctrl+C) before restoring."
        print(f"Backup {args.command} failed: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
