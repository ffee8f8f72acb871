"""One date format for the clinic: every screen and PDF shows it, files for machines stay ISO."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from lib import exchange, settings, words
from tests.factories import ROOT, make_family, make_user

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
