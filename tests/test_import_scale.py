"""Imports that scale and cannot exhaust memory: zip and cell limits, big files, all-or-nothing."""

import io
import struct
import zipfile
from datetime import date, timedelta

import pytest

from lib import exchange
from lib.exchange.reading import MAX_CELL, FilesTooBig, unzip
from tests.factories import make_assignment, make_family, make_user


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name.replace("_csv", ".csv"), data)
    return buffer.getvalue()


def lying(data, size):
    """Return the zip with every declared uncompressed size of its one member set to size."""
    data = bytearray(data)
    local = data.index(b"PK\x03\x04")
    data[local + 22 : local + 26] = struct.pack("<I", size)
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = struct.pack("<I", size)
    return bytes(data)


def ticks_file(rows):
    return ("family,task,date,minutes,evidence\n" + "".join(rows)).encode()


def test_a_zip_bomb_is_refused_with_a_message_naming_its_file():
    bomb = zipped(ticks_csv=b"0" * (3 * 1024 * 1024))  # a few KB that unpack to 3 MB
    with pytest.raises(FilesTooBig, match=r"ticks\.csv") as refused:
        unzip(bomb, limit=1024 * 1024)
    assert "more than 1 MB" in str(refused.value)


def test_a_zip_that_declares_less_than_it_holds_is_refused_not_unpacked():
    honest = zipped(families_csv=b"family,intake_date\n" + b"A,2026-11-02\n" * 200_000)
    with pytest.raises(FilesTooBig, match=r"families\.csv"):
        unzip(lying(honest, 100), limit=1024 * 1024)


def test_a_zip_within_the_limit_unpacks_its_csv_files():
    assert unzip(zipped(links_csv=b"family,therapist_username,discipline\n")) == {
        "links.csv": b"family,therapist_username,discipline\n"
    }


def test_a_cell_over_the_limit_is_refused_with_its_file_line_and_column(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    long_note = "x" * (MAX_CELL + 1)
    files = {
        "families.csv": f"family,intake_date,notes\nA.,2026-10-01,\nB.,2026-10-01,{long_note}\n".encode()
    }
    (error,) = exchange.preview(cur, lead, files).errors
    assert (error.file, error.line, error.column) == ("families.csv", 3, "notes")
    assert "longer than 64 KB" in error.problem


def test_a_cell_over_the_csv_readers_own_limit_is_a_row_problem_not_a_raw_error(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    huge = "y" * (200 * 1024)
    files = {"families.csv": f'family,intake_date,notes\nA.,2026-10-01,\nB.,2026-10-01,"{huge}"\n'.encode()}
    (error,) = exchange.preview(cur, lead, files).errors
    assert (error.file, error.line) == ("families.csv", 3)
    assert "longer than 64 KB" in error.problem


def test_one_bad_row_deep_in_a_big_ticks_file_is_reported_with_its_line_and_column(cur):
    lead, maya = make_user(cur, "lead", role="lead", discipline=None), make_user(cur, "maya.ot")
    family = make_family(cur, "Ava B.", maya)
    for title in ("Peg the socks", "Blow bubbles"):
        make_assignment(cur, family, maya, title, start=date(2020, 1, 1))
    days = [date(2020, 1, 1) + timedelta(days=d) for d in range(2_400)]
    rows = [f"Ava B.,{title},{day},5,sheet\n" for title in ("Peg the socks", "Blow bubbles") for day in days]
    rows[4_000] = "Ava B.,Blow bubbles,31/02/2026,5,sheet\n"
    report = exchange.preview(cur, lead, {"ticks.csv": ticks_file(rows)})
    assert [(e.file, e.line, e.column) for e in report.errors] == [("ticks.csv", 4_002, "date")]
    assert "'31/02/2026' is not a date" in report.errors[0].problem


def test_a_file_with_one_bad_row_imports_nothing_at_all(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    make_user(cur, "maya.ot")
    names = [f"Child {i:04d}" for i in range(2_000)]
    families = [f"{n},2026-10-01\n" for n in names]
    families[1_500] = f"{names[1_500]},2026-13-45\n"
    files = {
        "families.csv": ("family,intake_date\n" + "".join(families)).encode(),
        "links.csv": (
            "family,therapist_username,discipline\n" + "".join(f"{n},maya.ot,OT\n" for n in names)
        ).encode(),
    }
    audit_before = cur.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(exchange.ImportRefused) as refused:
        exchange.import_files(cur, lead, files)
    assert [(e.file, e.line, e.column) for e in refused.value.report.errors] == [
        ("families.csv", 1_502, "intake_date"),
        ("links.csv", 1_502, "family"),
    ]
    assert cur.execute("SELECT count(*) FROM families").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM family_therapists").fetchone()[0] == 0
    assert cur.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


def test_a_big_import_writes_every_row_with_its_audit_rows(cur):
    lead, maya = make_user(cur, "lead", role="lead", discipline=None), make_user(cur, "maya.ot")
    make_assignment(cur, make_family(cur, "Ava B.", maya), maya, "Peg the socks")
    rows = [f"Ava B.,Peg the socks,2026-11-{2 + i:02d},5,sheet\n" for i in range(20)]
    with pytest.raises(exchange.ImportRefused) as refused:
        exchange.import_files(cur, lead, {"ticks.csv": ticks_file(rows + rows[:5])})
    assert len(refused.value.report.errors) == 5  # the repeated rows...
    assert cur.execute("SELECT count(*) FROM ticks").fetchone()[0] == 0  # ... so nothing was written
    report = exchange.import_files(cur, lead, {"ticks.csv": ticks_file(rows)})
    assert report.created["ticks"] == 20
    assert cur.execute("SELECT count(*) FROM ticks").fetchone()[0] == 20
    assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'tick'").fetchone()[0] == 20
