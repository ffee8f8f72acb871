"""One date format for the clinic: every screen and PDF shows it, files for machines stay ISO."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from lib import exchange, settings, words
from lib.figures import caseload
from lib.sessions import follow_through
from tests.conftest import TODAY
from tests.factories import ROOT, make_assignment, make_family, make_user

DAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("style", "plain", "short_with_weekday"),
    [
        ("d mon yyyy", "1 Sep 2026", "Tue 1 Sep"),
        ("dd/mm/yyyy", "01/09/2026", "Tue 01/09"),
        ("mm/dd/yyyy", "09/01/2026", "Tue 09/01"),
        ("yyyy-mm-dd", "2026-09-01", "Tue 2026-09-01"),
    ],
)
def test_each_date_format_reads_as_its_example(style, plain, short_with_weekday):
    words.use_date_format(style)
    assert words.date_text(DAY) == plain
    assert words.date_text(DAY, weekday=True, year=False) == short_with_weekday
    assert words.datetime_text(datetime(2026, 9, 1, 16, 5)) == plain + " at 16:05"


def test_the_default_is_day_month_year_and_spelt_out_on_family_sheets():
    assert words.date_text(DAY) == "1 Sep 2026"
    assert words.date_text(DAY, weekday=True, long=True) == "Tuesday 1 September 2026"


def test_an_unknown_format_is_refused_when_saved(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with pytest.raises(settings.InvalidInput, match="Date format: choose one of 25 Nov 2026"):
        settings.update_settings(cur, lead, {"date_format": "%d.%m"})


def test_the_family_record_pdf_uses_the_setting_and_its_csv_files_stay_iso(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    family = make_family(cur, "Ava B.", make_user(cur, "maya"), intake=DAY)
    settings.update_settings(cur, lead, {"date_format": "dd/mm/yyyy"})
    with zipfile.ZipFile(io.BytesIO(exchange.family_record_zip(cur, lead, family))) as archive:
        pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("record.pdf"))).pages)
        csv = archive.read("csv/families.csv").decode()
    assert "intake 01/09/2026" in pdf and "1 Sep 2026" not in pdf
    assert "2026-09-01" in csv and "01/09/2026" not in csv


def test_no_screen_or_sheet_formats_a_date_itself():
    # an f-string date spec ({day:%d %b}) or a strftime of a day, month or year, in Python or SQL
    own_format = re.compile(r":%-?[dbBaAYm][^\"'}]*\}|strftime\([^)]*%-?[dbBaAYm]")
    copies = [
        p.relative_to(ROOT).as_posix()
        for folder in ("lib", "pages")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "words.py" and "backup" not in p.name and own_format.search(p.read_text())
    ]
    assert copies == []


def test_every_dated_caseload_flag_follows_the_clinics_date_format(cur):
    maya, lead = make_user(cur, "maya"), make_user(cur, "lead", role="lead", discipline=None)
    settings.update_settings(cur, lead, {"date_format": "yyyy-mm-dd"})
    words.use_date_format("yyyy-mm-dd")  # as lib.ui does at the start of each run
    overdue, asked, paused = (make_family(cur, name, maya) for name in ("Ava B.", "Sam K.", "Lia M."))
    make_assignment(cur, overdue, maya, start=date(2026, 10, 5), review_date=date(2026, 11, 2))
    follow_through.request_confirmation(cur, maya, asked, today=date(2026, 11, 20))
    follow_through.plan_break(
        cur, maya, paused, date(2026, 11, 9), date(2026, 11, 23), today=date(2026, 11, 9)
    )
    why = caseload.overview(cur, lead, today=TODAY).table.set_index("family")["flag_why"]
    assert "was due on 2026-11-02." in why["Ava B."]  # the flags read on a second thread (db.aside)
    assert "(asked 2026-11-20)" in why["Sam K."] and "check in was due 2026-11-23." in why["Lia M."]
    assert not re.search(r"\b(Oct|Nov)\b", " ".join(why))
