"""The whole clinic as files: one CSV and one Parquet file per table, written by DuckDB, zipped.

The CSV files are for people (spreadsheets): text cells that a spreadsheet would run as a
formula get a leading single quote. The Parquet files keep every value and type exactly and
are what a restore reads. Columns are documented in docs/export.md.
"""

import io
import json
import tempfile
import zipfile
from pathlib import Path

from lib import audit, clock, db
from lib.access import require_lead
from lib.exchange.tables import exported_tables, path_literal, select_sql

MANIFEST = "manifest.json"


def export_clinic(cur, actor, folder):
    """Write csv/<table>.csv, parquet/<table>.parquet and manifest.json into folder (lead only).

    Return the manifest: schema version, time of export and row count per table.
    """
    require_lead(actor)
    folder = Path(folder)
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    (folder / "parquet").mkdir(parents=True, exist_ok=True)
    tables = exported_tables(cur)
    counts = {}
    with db.transaction(cur):  # one consistent snapshot of every table
        for table in tables:
            cur.execute(
                "COPY ("
                + select_sql(cur, table, safe_text=True)
                + ") TO "
                + path_literal(folder / "csv" / f"{table}.csv")
                + " (HEADER)"
            )
            cur.execute(
                "COPY ("
                + select_sql(cur, table)
                + ") TO "
                + path_literal(folder / "parquet" / f"{table}.parquet")
                + " (FORMAT parquet)"
            )
            counts[table] = cur.execute("SELECT count(*) FROM (" + select_sql(cur, table) + ")").fetchone()[0]  # noqa: S608  (identifiers from the schema catalogue)
        audit.record(cur, actor, "export", "clinic", None, tables=len(tables), rows=sum(counts.values()))
    manifest = {
        "format": "home-practice-export",
        "schema_version": db.schema_version(cur),
        "exported_at": clock.now().isoformat(),
        "tables": counts,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def zip_folder(folder):
    """Return the bytes of a zip of every file under folder (paths relative to it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix != ".zip":
                archive.write(path, path.relative_to(folder).as_posix())
    return buffer.getvalue()


def clinic_zip(cur, actor):
    """Return the whole-clinic export as the bytes of one zip (lead only, audited)."""
    with tempfile.TemporaryDirectory(prefix="hp-export-") as tmp:
        export_clinic(cur, actor, tmp)
        return zip_folder(tmp)
