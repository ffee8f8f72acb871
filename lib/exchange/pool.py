"""A clinic group's report: pool sites' Parquet exports into adherence by site, discipline and month.

Each site keeps its own database (the privacy boundary) and sends its export (lib.exchange.export);
this reads only the exports' task, pause, skip-day and tick tables, in an in-memory DuckDB, and
writes no family, child, caregiver or therapist name or id: one row per site, discipline and month.
The planned days are the app's own rule (lib.figures.planned_days); a week belongs to the month of
its Monday; an "N days a week" task plans N of its active days per week, and ticks on active days
count (as in the app) up to the days planned that week. The same SQL runs over object storage (read_parquet('s3://...')) when sites upload.
"""

import json
from datetime import date
from pathlib import Path

import duckdb

from lib.exchange.tables import path_literal
from lib.figures.planned_days import PLANNED_DAYS_SQL

TABLES = ("assignments", "assignment_versions", "skip_days", "ticks")
COLUMNS = ["site", "discipline", "month", "tasks", "planned_days", "ticked_days", "adherence"]

SITE_SQL = (
    """
WITH days AS (
    SELECT id AS assignment_id, family_id, weekdays, days_per_week, discipline, day
    FROM (SELECT *, unnest(generate_series(start_date, least(coalesce(end_date, $until), $until),
                                           INTERVAL 1 DAY))::DATE AS day
          FROM assignments WHERE start_date <= $until)
),"""
    + PLANNED_DAYS_SQL
    + """,
weeks AS (
    SELECT p.assignment_id, any_value(p.discipline) AS discipline, date_trunc('week', p.day)::DATE AS week,
           CASE WHEN any_value(p.weekdays) IS NULL
                THEN least(any_value(p.days_per_week), count(*) FILTER (WHERE p.active))
                ELSE count(*) FILTER (WHERE p.planned) END AS planned,
           count(t.practice_date) FILTER (WHERE p.active) AS ticked
    FROM planned_days p
    LEFT JOIN ticks t ON t.assignment_id = p.assignment_id AND t.practice_date = p.day
    GROUP BY p.assignment_id, week
)
SELECT $site AS site, discipline, left(CAST(week AS VARCHAR), 7) AS month,
       count(DISTINCT assignment_id) FILTER (WHERE planned > 0) AS tasks,
       sum(planned)::BIGINT AS planned_days, sum(least(ticked, planned))::BIGINT AS ticked_days
FROM weeks GROUP BY discipline, month HAVING sum(planned) > 0
"""
)


def parquet_folder(folder):
    """Return the folder of an export's Parquet files (the export folder or its parquet/ inside)."""
    folder = Path(folder)
    return folder / "parquet" if (folder / "parquet").is_dir() else folder


def export_day(folder):
    """Return the day the export was made (its manifest), else the day of its last tick."""
    manifest = Path(folder) / "manifest.json"
    if manifest.exists():
        return date.fromisoformat(json.loads(manifest.read_text())["exported_at"][:10])
    found = duckdb.sql(
        "SELECT max(practice_date) FROM read_parquet("
        + path_literal(parquet_folder(folder) / "ticks.parquet")
        + ")"
    ).fetchone()[0]
    return found or date.today()


def pool(folders, out=None):
    """Return the group's adherence by site, discipline and month (a DataFrame); write it to out."""
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE pooled (site VARCHAR, discipline VARCHAR, month VARCHAR,"
            " tasks BIGINT, planned_days BIGINT, ticked_days BIGINT)"
        )
        for folder in folders:
            for table in TABLES:  # the names the planned-day rule reads, pointed at this site's files
                source = path_literal(parquet_folder(folder) / f"{table}.parquet")
                con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({source})")
            con.execute(
                "INSERT INTO pooled " + SITE_SQL,
                {"site": Path(folder).resolve().name, "until": export_day(folder)},
            )
        report = con.sql(
            "SELECT *, round(ticked_days / planned_days, 3) AS adherence FROM pooled"
            " ORDER BY site, discipline, month"
        )
        if out is not None:
            report.write_parquet(str(out))
        return report.df()[COLUMNS]
    finally:
        con.close()
