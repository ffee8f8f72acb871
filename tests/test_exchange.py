"""Export, family record, import (preview, errors, idempotence), restore round trip, command line."""

import io
import zipfile
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from lib import db, exchange, goals
from lib.errors import NotAllowed
from lib.exchange import __main__ as cli
from lib.exchange import csv_safe
from lib.exchange.tables import DERIVED, all_tables
from lib.figures import caseload
from tests.factories import (
    ROOT,
    make_assignment,
    make_family,
    make_lead,
    make_user,
    tick,
)

EXAMPLES = ROOT / "data" / "examples"


def example_files(folder=EXAMPLES):
    return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.csv"))}


def count(cur, table):
    return cur.execute("SELECT count(*) FROM " + table).fetchone()[0]  # noqa: S608  (fixed names)


# --- export --------------------------------------------------------------------------------


def test_export_holds_every_table_as_csv_and_parquet(demo_cur, tmp_path):
    lead = make_lead(demo_cur)
    manifest = exchange.export_clinic(demo_cur, lead, tmp_path)
    tables = set(all_tables(demo_cur)) - {
        "signin_sessions",
        "signin_attempts",
        "setup_codes",
        "sheet_secret",
        "signin_secret",
    }
    tables -= set(DERIVED)
    assert set(manifest["tables"]) == tables
    assert {p.stem for p in (tmp_path / "csv").glob("*.csv")} == tables
    assert {p.stem for p in (tmp_path / "parquet").glob("*.parquet")} == tables


def test_export_leaves_out_password_hashes(demo_cur):
    data = exchange.clinic_zip(demo_cur, make_lead(demo_cur))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        users = archive.read("csv/users.csv").decode()
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert "password_hash" not in users.splitlines()[0]
    assert b"$argon2" not in everything


def test_export_leaves_out_sign_in_session_tables(cur, tmp_path):
    cur.execute("CREATE TABLE login_sessions (token VARCHAR, user_id INTEGER)")
    lead = make_user(cur, "lead", role="lead", discipline=None)
    manifest = exchange.export_clinic(cur, lead, tmp_path)
    assert "login_sessions" not in manifest["tables"]
    assert "sessions" in manifest["tables"]  # therapy sessions are data


def test_export_csv_cells_cannot_run_as_formulas(cur, tmp_path):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    make_family(cur, name='=HYPERLINK("http://x")', therapist=lead)
    exchange.export_clinic(cur, lead, tmp_path)
    text = (tmp_path / "csv" / "families.csv").read_text()
    assert "'=HYPERLINK" in text
    assert csv_safe.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe.safe_cell("Ava B.") == "Ava B."


def test_export_is_for_the_lead_only_and_audited(cur, tmp_path):
    therapist = make_user(cur)
    with pytest.raises(NotAllowed):
        exchange.export_clinic(cur, therapist, tmp_path)
    lead = make_user(cur, "lead", role="lead", discipline=None)
    exchange.export_clinic(cur, lead, tmp_path)
    assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'export'").fetchone()[0] == 1


# --- one family's record -------------------------------------------------------------------


def test_family_record_pdf_reads_back_with_its_tasks_and_week_figures(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya")
    family = make_family(cur, name="Ava B.", therapist=maya)
    task = make_assignment(cur, family, maya, "Peg the socks", weekdays=[0, 2, 4])
    tick(cur, task, pd.Timestamp("2026-11-02").date(), pd.Timestamp("2026-11-04").date())
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(exchange.family_record_pdf(cur, lead, family))).pages
    )
    assert "Record of Ava B." in text
    assert "Peg the socks" in text
    assert "2 Nov 2026" in text and "67%" in text  # 2 of 3 planned days in the week of 2 Nov


def test_family_record_zip_holds_the_pdf_and_only_this_familys_rows(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya")
    mine, other = make_family(cur, "Ava B.", maya), make_family(cur, "Ben C.", maya)
    make_assignment(cur, mine, maya, "Peg the socks")
    make_assignment(cur, other, maya, "Blow bubbles")
    with zipfile.ZipFile(io.BytesIO(exchange.family_record_zip(cur, lead, mine))) as archive:
        names = archive.namelist()
        tasks = archive.read("csv/assignments.csv").decode()
    assert "record.pdf" in names and "csv/ticks.csv" in names
    assert "Peg the socks" in tasks and "Blow bubbles" not in tasks


def test_the_export_and_the_family_record_hold_the_goals_and_their_ratings(cur, tmp_path):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya")
    family = make_family(cur, "Ava B.", maya)
    levels = ["Needs help", "One sock", "Both socks", "Socks and shoes", "Socks, shoes, laces"]
    goal = goals.create_goal(cur, maya, family, "OT", "Puts on socks", levels)
    goals.rate_goal(cur, maya, goal, 1, "media", "Video from home")
    exchange.export_clinic(cur, lead, tmp_path)
    assert "Puts on socks" in (tmp_path / "csv" / "goals.csv").read_text()
    assert "Video from home" in (tmp_path / "csv" / "goal_ratings.csv").read_text()
    with zipfile.ZipFile(io.BytesIO(exchange.family_record_zip(cur, lead, family))) as archive:
        rated = pd.read_csv(archive.open("csv/goal_ratings.csv"))
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("record.pdf"))).pages)
    assert rated["level"].tolist() == [-2, 1]
    assert "Puts on socks" in text and "Video from home" in text and "A video or photo" in text


# --- import --------------------------------------------------------------------------------


def test_preview_of_the_examples_counts_what_would_be_created_and_writes_nothing(demo_cur):
    before = count(demo_cur, "families")
    report = exchange.preview(demo_cur, make_lead(demo_cur), example_files())
    assert report.ok, report.errors
    assert (report.created["families"], report.created["caregivers"], report.created["ticks"]) == (3, 5, 9)
    assert report.created["therapist links"] == 5 and report.created["sessions"] == 7
    assert count(demo_cur, "families") == before


def test_the_file_with_errors_shows_line_column_and_problem_and_writes_nothing(demo_cur):
    lead = make_lead(demo_cur)
    families_before, audit_before = count(demo_cur, "families"), count(demo_cur, "audit_log")
    report = exchange.preview(demo_cur, lead, example_files(EXAMPLES / "with_errors"))
    found = {(e.file, e.line, e.column) for e in report.errors}
    assert ("families.csv", 2, "intake_date") in found  # 31/02/2026
    assert ("families.csv", 3, "") in found  # repeats line 2
    assert ("families.csv", 4, "family") in found  # too long a name
    assert ("links.csv", 4, "therapist_username") in found  # nobody.ot
    assert ("caregivers.csv", 3, "family") in found  # no such family
    with pytest.raises(exchange.ImportRefused):
        exchange.import_files(demo_cur, lead, example_files(EXAMPLES / "with_errors"))
    assert (count(demo_cur, "families"), count(demo_cur, "audit_log")) == (families_before, audit_before)


def test_importing_the_same_files_twice_creates_nothing_new(demo_cur):
    lead = make_lead(demo_cur)
    first = exchange.import_files(demo_cur, lead, example_files())
    rows = {t: count(demo_cur, t) for t in ("families", "caregivers", "sessions", "assignments", "ticks")}
    second = exchange.import_files(demo_cur, lead, example_files())
    assert sum(first.created.values()) == 32
    assert sum(second.created.values()) == 0 and sum(second.existing.values()) == 32
    assert rows == {t: count(demo_cur, t) for t in rows}


def test_import_accepts_any_text_a_form_accepts(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    make_user(cur, "maya.ot")
    files = {}
    files["links.csv"] = 'family,therapist_username,discipline\n"=Zoë ""Ł"" 👍",maya.ot,OT\n'.encode()
    files["families.csv"] = 'family,intake_date,notes\n"=Zoë ""Ł"" 👍",2026-10-01,"two\nlines"\n'.encode()
    report = exchange.import_files(cur, lead, files)
    assert report.ok, report.errors
    assert cur.execute("SELECT display_name, notes FROM families").fetchone() == ('=Zoë "Ł" 👍', "two\nlines")


def test_ticks_for_a_task_the_family_does_not_have_say_so(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya.ot")
    make_family(cur, "Ava B.", maya)
    report = exchange.preview(cur, lead, {"ticks.csv": b"family,task,date\nAva B.,Jump,2026-11-02\n"})
    (error,) = report.errors
    assert (error.line, error.column) == (2, "task") and "set it first" in error.problem


def test_the_preview_lists_each_task_s_safety_advice_and_the_import_saves_it_accepted(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    maya = make_user(cur, "maya.ot")
    make_family(cur, "Ava B.", maya)
    head = "family,title,therapist_username,minutes,days_per_week,start_date,instructions,safety\n"
    rows = (
        "Ava B.,Thread beads,maya.ot,5,5,2026-11-20,Thread small beads on a lace.,\n"
        "Ava B.,Pick up beads,maya.ot,5,5,2026-11-20,Pick up beads.,A grown-up stays the whole time.\n"
    )
    files = {"tasks.csv": (head + rows).encode()}
    report = exchange.preview(cur, lead, files)
    (warning,) = report.warnings
    assert (warning.line, warning.column) == (2, "safety") and "small enough to swallow" in warning.problem
    exchange.import_files(cur, lead, files)
    saved = dict(cur.execute("SELECT title, safety_acknowledged FROM assignments").fetchall())
    assert "small enough to swallow" in saved["Thread beads"] and saved["Pick up beads"] == ""
    audited = cur.execute("SELECT detail FROM audit_log WHERE action = 'create' AND entity = 'assignment'")
    assert sum("small enough to swallow" in d for (d,) in audited.fetchall()) == 1


def test_import_is_for_the_lead_only(cur):
    with pytest.raises(NotAllowed):
        exchange.preview(cur, make_user(cur), example_files())


# --- restore round trip ------------------------------------------------------------------


def test_demo_exported_and_restored_into_an_empty_clinic_shows_identical_caseload_figures(demo_cur, tmp_path):
    lead = make_lead(demo_cur)
    exchange.export_clinic(demo_cur, lead, tmp_path / "export")
    fresh = db.connect(tmp_path / "fresh.duckdb")
    try:
        with fresh.cursor() as cur:
            exchange.restore_clinic(cur, tmp_path / "export")
            last = caseload.last_complete_week()
            for back in range(8):
                week = last - timedelta(weeks=back)
                before = caseload.overview(demo_cur, lead, week).table
                after = caseload.overview(cur, lead, week).table
                assert len(before) > 0
                pd.testing.assert_frame_equal(before, after)
    finally:
        fresh.close()


def test_restore_refuses_a_clinic_that_is_not_empty(demo_cur, tmp_path):
    exchange.export_clinic(demo_cur, make_lead(demo_cur), tmp_path)
    with pytest.raises(exchange.RestoreRefused, match="EMPTY"):
        exchange.restore_clinic(demo_cur, tmp_path)


def test_restored_ids_continue_after_the_largest_one(demo_cur, tmp_path):
    exchange.export_clinic(demo_cur, make_lead(demo_cur), tmp_path / "export")
    fresh = db.connect(tmp_path / "fresh.duckdb")
    try:
        with fresh.cursor() as cur:
            exchange.restore_clinic(cur, tmp_path / "export")
            top = count(cur, "families")
            new_id = cur.execute(
                "INSERT INTO families (display_name, intake_date) VALUES ('New', DATE '2026-11-01') RETURNING id"
            ).fetchone()[0]
            assert new_id > top
    finally:
        fresh.close()


# --- command line --------------------------------------------------------------------------


def test_command_line_exports_and_dry_runs_an_import(demo_db, tmp_path):
    out = io.StringIO()
    assert cli.main(["export", "--db", str(demo_db), "--out", str(tmp_path / "out")], out=out) == 0
    assert (tmp_path / "out" / "home-practice-export.zip").exists()
    assert (tmp_path / "out" / "csv" / "families.csv").exists()
    assert cli.main(["import", "--db", str(demo_db), str(EXAMPLES), "--dry-run"], out=out) == 0
    assert "families: 3 new" in out.getvalue() and "Dry run" in out.getvalue()
    assert db_families(demo_db, "Matilda O.") == 0


def test_command_line_import_of_the_errors_file_prints_them_and_fails(demo_db):
    out = io.StringIO()
    assert cli.main(["import", "--db", str(demo_db), str(EXAMPLES / "with_errors")], out=out) == 1
    assert "families.csv line 2, column intake_date" in out.getvalue()


def db_families(path, name):
    con = db.connect(path)
    try:
        return con.execute("SELECT count(*) FROM families WHERE display_name = ?", [name]).fetchone()[0]
    finally:
        con.close()


def test_every_import_column_is_documented():
    docs = (ROOT / "docs" / "import.md").read_text()
    for name, (required, optional) in exchange.IMPORT_FILES.items():
        assert f"`{name}`" in docs
        for column in (*required, *optional):
            assert f"`{column}`" in docs, (name, column)


def test_every_exported_table_is_documented(cur):
    docs = (ROOT / "docs" / "export.md").read_text()
    for table in exchange.exported_tables(cur):
        assert f"`{table}`" in docs, table


def test_sign_in_sessions_attempts_and_setup_codes_are_never_exported(cur):
    tables = set(exchange.exported_tables(cur))
    assert {"families", "ticks", "practice_flags"} <= tables
    assert not tables & {"signin_sessions", "signin_attempts", "setup_codes"}
