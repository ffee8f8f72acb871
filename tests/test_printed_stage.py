"""Issue 25, part 2: the printed team sheet says "persistent", never "chronic"."""

import io

from pypdf import PdfReader

from lib.figures import caseload, caseload_pdf
from tests.conftest import TODAY
from tests.factories import make_lead


def test_the_printed_team_sheet_says_persistent(demo_cur):
    lead = make_lead(demo_cur)
    view = caseload.overview(demo_cur, lead, caseload.last_complete_week(TODAY))
    assert (view.table["stage"] == "chronic").any()
    pdf = caseload_pdf.caseload_pdf(view.table, view.week, "Clinic")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "persistent" in text and "chronic" not in text.lower()
