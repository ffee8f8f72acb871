"""python -m lib.exchange pool: two sites' hand-made exports, pooled into adherence by site, discipline, month."""

import io
import json

import duckdb

from lib.exchange.__main__ import main

# Site north: an OT task Mon/Wed/Fri over two weeks of November (6 planned days), 3 ticked, and a tick
# on a Tuesday (a day off: it counts, as in the app, up to the days planned that week): 4 of 6. Site south: an SLP "2 days a week" task for one week with
# a skip day on Monday (still 2 of 6 active days planned), both ticked; a December tick after the export.
SITES = {
    "north": {
        "assignments": "SELECT 1 AS id, 10 AS family_id, 'OT' AS discipline, [0, 2, 4] AS weekdays,"
        " 3 AS days_per_week, DATE '2026-11-02' AS start_date, DATE '2026-11-15' AS end_date",
        "ticks": "SELECT 1 AS assignment_id, d::DATE AS practice_date FROM"
        " unnest(['2026-11-02', '2026-11-04', '2026-11-09', '2026-11-10']) AS t(d)",
        "skip_days": "SELECT 10 AS family_id, NULL::INTEGER AS assignment_id, DATE '2026-01-01' AS day",
    },
    "south": {
        "assignments": "SELECT 7 AS id, 3 AS family_id, 'SLP' AS discipline, NULL::INTEGER[] AS weekdays,"
        " 2 AS days_per_week, DATE '2026-11-02' AS start_date, NULL::DATE AS end_date",
        "ticks": "SELECT 7 AS assignment_id, d::DATE AS practice_date FROM"
        " unnest(['2026-11-03', '2026-11-05', '2026-12-01']) AS t(d)",
        "skip_days": "SELECT 3 AS family_id, 7 AS assignment_id, DATE '2026-11-02' AS day",
    },
}
NO_PAUSES = "SELECT 1 AS assignment_id, 1 AS version, DATE '2026-01-01' AS changed_on, 'created' AS kind"


def make_export(folder, tables, exported_at):
    (folder / "parquet").mkdir(parents=True)
    for table, sql in {**tables, "assignment_versions": NO_PAUSES}.items():
        duckdb.sql(sql).write_parquet(str(folder / "parquet" / f"{table}.parquet"))
    (folder / "manifest.json").write_text(json.dumps({"exported_at": exported_at}))


def test_pool_gives_each_sites_adherence_by_discipline_and_month_without_names(tmp_path):
    make_export(tmp_path / "north", SITES["north"], "2026-11-30T10:00:00")
    make_export(tmp_path / "south", SITES["south"], "2026-11-08T18:00:00")
    out = tmp_path / "report.parquet"
    assert (
        main(["pool", str(tmp_path / "north"), str(tmp_path / "south"), "--out", str(out)], io.StringIO())
        == 0
    )
    rows = duckdb.execute("SELECT * FROM read_parquet(?) ORDER BY site", [str(out)]).fetchall()
    assert rows == [("north", "OT", "2026-11", 1, 6, 4, 0.667), ("south", "SLP", "2026-11", 1, 2, 2, 1.0)]
    columns = duckdb.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(out)]).fetchall()
    assert not [c for c, *_ in columns if "name" in c or c.endswith("_id")]
