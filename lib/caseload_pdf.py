"""The one-page caseload list for the weekly team meeting: initials only, no notes."""

from fpdf import FPDF

from lib.caseload import initials
from lib.printables.canvas import add_fonts

COLUMNS = [  # header, width (mm), how to show a row
    ("Family", 22, lambda r: initials(r["family"])),
    ("Therapists", 62, lambda r: ", ".join(r["disciplines"])),
    ("Done %", 18, lambda r: "-" if r["completion"] != r["completion"] else f"{r['completion']:.0f}"),
    ("Trend", 16, lambda r: r["trend"] or "-"),
    ("Stage", 34, lambda r: r["stage"] + (f" / {r['signal']}" if r["signal"] else "")),
    (
        "No tick (days)",
        24,
        lambda r: "-" if r["days_since_tick"] != r["days_since_tick"] else f"{r['days_since_tick']:.0f}",
    ),
    ("Flags", 101, lambda r: ", ".join(r["flags"])),
]


def caseload_pdf(table, week, clinic_name):
    """Return a landscape A4 PDF (bytes) listing the table's families by initials."""
    pdf = FPDF(orientation="L", format="A4")
    add_fonts(pdf)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 9, f"{clinic_name}: caseload review, week of {week:%d %B %Y}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        0,
        6,
        f"{len(table)} families, riskiest first. Initials only; open the app for details.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    rows = table.head(60).to_dict("records")
    height = min(6.0, (210 - 45) / max(1, len(rows) + 1))
    size = max(6, min(9, height * 1.5))
    pdf.set_font("DejaVu", "B", size)
    for header, width, _ in COLUMNS:
        pdf.cell(width, height, header, border="B")
    pdf.ln(height)
    pdf.set_font("DejaVu", "", size)
    for row in rows:
        for _, width, show in COLUMNS:
            pdf.cell(width, height, str(show(row))[:70], border="B")
        pdf.ln(height)
    if len(table) > len(rows):
        pdf.cell(
            0, height, f"... and {len(table) - len(rows)} more families (filter the table to narrow it)."
        )
    return bytes(pdf.output())
