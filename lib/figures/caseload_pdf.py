"""The caseload list for the weekly team meeting: short names only, no notes; long flags wrap.

A family is shown by its initials, with just enough more letters of the first name (then the
last) to tell apart families who share them: "Sam K." and "Sara K." print as "Sam.K." and "Sar.K.".
"""

from collections import defaultdict

from fpdf.fonts import FontFace

from lib.printables.canvas import PrintablePDF
from lib.words import date_text, printed_stage


def _parts(name):
    return [p for p in str(name).replace(".", " ").split() if p[:1].isalnum()] or ["?"]


def _key(name):
    return " ".join(_parts(name)).lower()


def _label(parts, first_len, last_len):
    """Return the first name cut to first_len letters, the last part to last_len, others as initials."""
    cut = [p[:1].upper() + p[1:first_len] if i == 0 else p[:1].upper() for i, p in enumerate(parts)]
    if len(parts) > 1:
        cut[-1] = parts[-1][:1].upper() + parts[-1][1:last_len]
    return "".join(c + "." for c in cut)


def short_names(names):
    """Return one short label per name, in order: initials, lengthened only where different names collide.

    The first name grows a letter at a time, then the last; the same name twice gets (2), (3)."""
    names = [str(n) for n in names]
    labels = [_label(_parts(name), 1, 1) for name in names]
    longest = max((len(p) for n in names for p in _parts(n)), default=1)
    steps = [(f, 1) for f in range(2, longest + 1)] + [(longest, n) for n in range(2, longest + 1)]
    for first_len, last_len in steps:
        groups = defaultdict(set)
        for name, label in zip(names, labels, strict=True):
            groups[label].add(_key(name))
        clashing = [i for i, label in enumerate(labels) if len(groups[label]) > 1]
        if not clashing:
            break
        for i in clashing:
            labels[i] = _label(_parts(names[i]), first_len, last_len)
    seen = defaultdict(int)
    for i, label in enumerate(labels):  # the same name twice is told apart by order
        seen[label] += 1
        if seen[label] > 1:
            labels[i] = f"{label} ({seen[label]})"
    return labels


def _number(value):
    return "-" if value != value or value is None else f"{value:.0f}"  # NaN != NaN


COLUMNS = (  # header, width (mm), how to show a row
    ("Family", 24, lambda r, short: short),
    ("Therapists", 46, lambda r, short: ", ".join(r["disciplines"])),
    ("Done %", 15, lambda r, short: _number(r["completion"])),
    ("Trend", 15, lambda r, short: r["trend"] or "-"),
    ("Stage", 34, lambda r, short: printed_stage(r["stage"]) + (f" / {r['signal']}" if r["signal"] else "")),
    ("No tick (days)", 18, lambda r, short: _number(r["days_since_tick"])),
    ("Flags", 115, lambda r, short: ", ".join(r["flags"])),
)


def caseload_pdf(table, week, clinic_name):
    """Return a landscape A4 PDF (bytes) listing the table's families by short names; flags wrap."""
    pdf = PrintablePDF(orientation="L", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(
        0,
        7,
        f"{clinic_name}: caseload review, week of {date_text(week, long=True)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        0,
        6,
        f"{len(table)} families, riskiest first. Short names only; open the app for details.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    records = table.to_dict("records")
    labels = short_names(r["family"] for r in records)
    pdf.set_font("DejaVu", "", 8.5)
    with pdf.table(
        col_widths=[w for _, w, _ in COLUMNS],
        width=sum(w for _, w, _ in COLUMNS),
        align="LEFT",
        text_align="LEFT",
        line_height=4.2,
        headings_style=FontFace(emphasis="BOLD"),
        borders_layout="HORIZONTAL_LINES",
        padding=0.8,
    ) as grid:
        grid.row([header for header, _, _ in COLUMNS])
        for record, short in zip(records, labels, strict=True):
            grid.row([str(show(record, short)) for _, _, show in COLUMNS])
    return bytes(pdf.output())
