"""The register of marked sheets: printing one records what each of its boxes stands for.

A printed sheet's code holds only its id; the rows here resolve it to the family, the task and
version behind every box, the box's day and its place on the page. Printing the same sheet
again (same boxes, same task versions) reuses the id, so reprints do not fill the table.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from lib import audit
from lib.access import require_family
from lib.db import rows, transaction
from lib.errors import InvalidInput, NotFound
from lib.printables.fridge import fridge_sheet
from lib.printables.marks import Box
from lib.printables.stars import star_chart
from lib.sheet_scan.codes import clinic_key, sheet_code

LAYOUTS = {"fridge": fridge_sheet, "stars": star_chart}
KIND_WORDS = {"fridge": "fridge sheet", "stars": "star chart"}


@dataclass(frozen=True)
class PrintedSheet:
    """A registered sheet: whose it is, what kind, its first day, page size and boxes."""

    id: int
    family_id: int
    kind: str
    first_day: date
    page_w: float
    page_h: float
    boxes: tuple[Box, ...] = ()

    def page_boxes(self, page):
        """Return the boxes printed on one page."""
        return tuple(b for b in self.boxes if b.page == page)


def _fingerprint(kind, first_day, pdf):
    boxes = [
        [b.page, b.assignment_id, b.task_version, str(b.practice_date), b.shape]
        + [round(v, 1) for v in (b.x, b.y, b.w, b.h)]
        for b in pdf.boxes
    ]
    text = json.dumps([kind, str(first_day), round(pdf.w, 1), round(pdf.h, 1), boxes])
    return hashlib.sha256(text.encode()).hexdigest()


def print_marked_sheet(cur, actor, kind, sheet, start, weeks=1, paper="A4", logo=None):
    """Register a fridge sheet or star chart and return its PDF with corner markers and code."""
    if kind not in LAYOUTS:
        raise InvalidInput("Choose the fridge sheet or the star chart.", field="kind")
    require_family(cur, actor, sheet.family_id)
    layout = LAYOUTS[kind]
    key = clinic_key(cur)
    # the marks sit in the margin: a draft with any code has the same boxes as the final sheet. Laid
    # out before the unit of work: nobody's save waits for the layout (measured under load)
    draft = layout(sheet, start, weeks, paper, logo, marked=lambda page: sheet_code(key, 0, page))
    first_day = min((b.practice_date for b in draft.boxes if b.practice_date), default=start)
    fingerprint = _fingerprint(kind, first_day, draft)
    with transaction(cur):
        found = cur.execute(
            "SELECT id FROM printed_sheets WHERE family_id = ? AND fingerprint = ? ORDER BY id LIMIT 1",
            [sheet.family_id, fingerprint],
        ).fetchone()
        sheet_id = (
            found[0] if found else _register(cur, actor, kind, sheet.family_id, first_day, draft, fingerprint)
        )
        audit.record(
            cur,
            actor,
            "print_sheet",
            "family",
            sheet.family_id,
            sheet_id=sheet_id,
            kind=kind,
            reprint=bool(found),
        )
    final = layout(
        sheet,
        start,
        weeks,
        paper,
        logo,
        marked=lambda page: sheet_code(key, sheet_id, page),
        fit=getattr(draft, "fit", None),
    )
    return bytes(final.output())


def _register(cur, actor, kind, family_id, first_day, pdf, fingerprint):
    sheet_id = cur.execute(
        "INSERT INTO printed_sheets (family_id, kind, first_day, page_w, page_h, fingerprint, printed_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [family_id, kind, first_day, pdf.w, pdf.h, fingerprint, actor.id],
    ).fetchone()[0]
    if pdf.boxes:
        cur.executemany(
            "INSERT INTO printed_sheet_boxes (sheet_id, box, page, assignment_id, task_version,"
            " practice_date, shape, x, y, w, h) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    sheet_id,
                    i,
                    b.page,
                    b.assignment_id,
                    b.task_version,
                    b.practice_date,
                    b.shape,
                    b.x,
                    b.y,
                    b.w,
                    b.h,
                ]
                for i, b in enumerate(pdf.boxes)
            ],
        )
    return sheet_id


@dataclass(frozen=True)
class _SheetRow:
    id: int
    family_id: int
    kind: str
    first_day: date
    page_w: float
    page_h: float


def load_printed_sheet(cur, sheet_id):
    """Return the PrintedSheet with its boxes in order (no family check: the caller compares)."""
    found = rows(
        cur,
        _SheetRow,
        "SELECT id, family_id, kind, first_day, page_w, page_h FROM printed_sheets WHERE id = ?",
        [sheet_id],
    )
    if not found:
        raise NotFound(
            "This sheet is not in this clinic's records (was the database restored from an older copy?)."
        )
    boxes = rows(
        cur,
        Box,
        "SELECT page, assignment_id, task_version, practice_date, shape, x, y, w, h"
        " FROM printed_sheet_boxes WHERE sheet_id = ? ORDER BY box",
        [sheet_id],
    )
    head = found[0]
    return PrintedSheet(
        head.id, head.family_id, head.kind, head.first_day, head.page_w, head.page_h, tuple(boxes)
    )
