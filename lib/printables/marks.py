"""Machine-readable marks on a printed sheet: four corner markers and a small code.

The corner markers (ArUco, 4x4) let a photo be straightened; the code (a QR code) holds only
the sheet's id and the clinic's check, never a name. Both sit in the page margins, so the
sheet reads the same for the family. The reader (lib/sheet_scan) uses the same geometry.
"""

from dataclasses import dataclass
from functools import cache

import numpy as np
import segno

MARKER_MM = 10.0  # side of a corner marker
INSET_MM = 6.0  # from the paper's edge: inside what home printers print
MODULE_MM = 1.0  # one square of the code
QR_QUIET = 2  # white modules around the code (the page is white around it anyway)
BOTTOM_MARGIN = 32.0  # the marked band at the foot of the page
ARUCO_DICT = "DICT_4X4_50"
CORNER_IDS = (0, 1, 2, 3)  # top left, top right, bottom right, bottom left
PHOTO_TIP = "Bring this sheet, or a photo with all four corner squares in it."


@dataclass(frozen=True)
class Box:
    """One readable box (or star) on a sheet: which task, at which version, which day, where (mm)."""

    page: int
    assignment_id: int
    task_version: int
    practice_date: object  # date, or None for a star the family dates by hand
    shape: str  # "box" or "star"
    x: float
    y: float
    w: float
    h: float


@cache
def marker_cells(marker_id):
    """Return the 6x6 cells of a corner marker, True where black."""
    import cv2  # only the reader and the printed sheet need OpenCV

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICT))
    return cv2.aruco.generateImageMarker(dictionary, marker_id, 6) == 0


def marker_origins(page_w, page_h):
    """Return the top-left corner (mm) of each corner marker, by marker id."""
    far_x, far_y = page_w - INSET_MM - MARKER_MM, page_h - INSET_MM - MARKER_MM
    return {0: (INSET_MM, INSET_MM), 1: (far_x, INSET_MM), 2: (far_x, far_y), 3: (INSET_MM, far_y)}


def marker_corners(page_w, page_h):
    """Return each marker's four corners (mm) in OpenCV's order (clockwise from top left), by id."""
    out = {}
    for marker_id, (x, y) in marker_origins(page_w, page_h).items():
        s = MARKER_MM
        out[marker_id] = np.array([(x, y), (x + s, y), (x + s, y + s), (x, y + s)], dtype=np.float32)
    return out


def qr_matrix(code):
    """Return the QR code's modules (True where black) for a code text."""
    return np.array(segno.make(code, error="m", micro=False).matrix, dtype=bool)


def qr_box(page_w, page_h, modules=21):
    """Return (x, y, side) in mm of the code, just left of the bottom-right marker."""
    side = (modules + 2 * QR_QUIET) * MODULE_MM
    x = page_w - INSET_MM - MARKER_MM - 3 - side
    return x, page_h - INSET_MM - side, side


def draw_marks(pdf, code, footer_text=""):
    """Draw the corner markers, the code (for this page) and the photo tip on the current page."""
    pdf.set_fill_color(0)
    cell = MARKER_MM / 6
    for marker_id, (x, y) in marker_origins(pdf.w, pdf.h).items():
        for r, line in enumerate(marker_cells(marker_id)):
            for c, black in enumerate(line):
                if black:
                    pdf.rect(x + c * cell, y + r * cell, cell, cell, style="F")
    matrix = qr_matrix(code)
    x, y, side = qr_box(pdf.w, pdf.h, len(matrix))
    left = x + QR_QUIET * MODULE_MM
    top = y + QR_QUIET * MODULE_MM
    for r, line in enumerate(matrix):
        for c, black in enumerate(line):
            if black:
                pdf.rect(left + c * MODULE_MM, top + r * MODULE_MM, MODULE_MM, MODULE_MM, style="F")
    text_x = INSET_MM + MARKER_MM + 4
    width = x - text_x - 2
    pdf.set_text_color(90)
    pdf.font(9)
    pdf.set_xy(text_x, pdf.h - INSET_MM - 11)
    pdf.cell(width, 5, footer_text, align="L")
    pdf.set_xy(text_x, pdf.h - INSET_MM - 6)
    pdf.cell(width, 5, PHOTO_TIP, align="L")
    pdf.set_text_color(0)
