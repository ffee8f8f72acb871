"""Restore an export into an EMPTY clinic: every table loaded from its Parquet file, ids kept.

This is for moving a clinic to a new machine or checking an export, not for merging: it
refuses a database that already holds any record. Accounts come back without passwords
(exports never hold them): each must be given one (`python -m lib.exchange password`).
"""

import json
from pathlib import Path

from lib import audit, db
from lib.errors import DomainError
from lib.exchange.tables import ORDER, all_tables, quote

# Filled in for columns an export leaves out; "!" is no argon2 hash, so nobody logs in with it.
LOCKED_PASSWORD = "!"
_FILL = {"password_hash": LOCKED_PASSWORD}


class RestoreRefused(DomainError):
    """The export cannot be restored here (not empty, other schema version, missing files)."""


def _nonempty(cur):
    found = []
    for table in all_tables(cur):
        if table == "schema_migrations":
            continue
        if cur.execute("SELECT count(*) FROM " + quote(table)).fetchone()[0]:  # noqa: S608  (identifiers from the schema catalogue)
            found.append(table)
    return found


def _sequences(cur):
    """Return (sequence, table, column) for every id column filled from a sequence."""
    rows = cur.execute(
        "SELECT table_name, column_name, column_default FROM duckdb_columns()"
        " WHERE schema_name = 'main' AND column_default LIKE 'nextval(%'"
    ).fetchall()
    found = []
    for table, column, default in rows:
        name = default.split("'")[1]
        found.append((name, table, column))
    return found


def _advance(cur, sequence, table, column):
    """Move a sequence past the largest id restored into its table."""
    top = cur.execute("SELECT max(" + quote(column) + ") FROM " + quote(table)).fetchone()[0]  # noqa: S608  (identifiers from the schema catalogue)
    if top is None:
        return
    value = cur.execute("SELECT nextval(?)", [sequence]).fetchone()[0]
    if value < top:
        cur.execute("SELECT max(nextval(?)) FROM range(?)", [sequence, int(top - value)])


def restore_clinic(cur, folder):
    """Load an export folder (manifest.json and parquet/) into this empty database; return row counts."""
    folder = Path(folder)
    manifest_file = folder / "manifest.json"
    if not manifest_file.exists():
        raise RestoreRefused("This folder is not a Home Practice export (it has no manifest.json).")
    manifest = json.loads(manifest_file.read_text())
    here = db.schema_version(cur)
    if manifest.get("schema_version") != here:
        raise RestoreRefused(
            f"The export was made with schema version {manifest.get('schema_version')}; this database has "
            f"version {here}. Restore with the same version of Home Practice."
        )
    filled = _nonempty(cur)
    if filled:
        raise RestoreRefused(
            "A restore goes only into an EMPTY clinic; this one already holds " + ", ".join(filled) + "."
        )
    tables = set(all_tables(cur))
    wanted = [t for t in manifest["tables"] if t != "schema_migrations"]
    unknown = [t for t in wanted if t not in tables]
    missing = [t for t in wanted if not (folder / "parquet" / f"{t}.parquet").exists()]
    if unknown or missing:
        raise RestoreRefused("The export does not fit this database: " + ", ".join(unknown + missing) + ".")
    rank = {t: i for i, t in enumerate(ORDER)}
    counts = {}
    with db.transaction(cur):
        for table in sorted(wanted, key=lambda t: (rank.get(t, len(ORDER)), t)):
            path = str(folder / "parquet" / f"{table}.parquet")
            present = {r[0] for r in cur.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()}
            fills = {c: v for c, v in _FILL.items() if c not in present and _has_column(cur, table, c)}
            extra = "".join(f", ? AS {quote(c)}" for c in fills)
            cur.execute(
                "INSERT INTO " + quote(table) + " BY NAME SELECT *" + extra + " FROM read_parquet(?)",  # noqa: S608  (identifiers from the schema catalogue)
                [*fills.values(), path],
            )
            counts[table] = cur.execute("SELECT count(*) FROM " + quote(table)).fetchone()[0]  # noqa: S608  (identifiers from the schema catalogue)
        for sequence, table, column in _sequences(cur):
            _advance(cur, sequence, table, column)
        audit.record(
            cur, None, "restore", "clinic", None, exported_at=manifest.get("exported_at"), rows=counts
        )
    return counts


def _has_column(cur, table, column):
    return bool(
        cur.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
            [table, column],
        ).fetchone()[0]
    )
