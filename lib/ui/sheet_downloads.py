"""The printed sheets' downloads: each registered with its reading marks as it is made.

Its own module: fpdf2 and OpenCV load with it, so only the page that prints sheets pays for
them (lib.ui.downloads, which every page auditing a download imports, stays light)."""

import logging

from lib import printables
from lib.sheet_scan import print_marked_sheet
from lib.ui.database import cursor
from lib.ui.messages import CALM_ERRORS

log = logging.getLogger(__name__)

UNMARKED = {"fridge": printables.fridge_sheet_pdf, "stars": printables.star_chart_pdf}


def marked_sheet(actor, kind, sheet, start, weeks, paper, logo):
    """Return a download's data callable: the sheet registered and printed with its reading marks."""

    def build():
        try:
            with cursor() as cur:
                return print_marked_sheet(cur, actor, kind, sheet, start, weeks, paper, logo)
        except CALM_ERRORS:  # the family still gets its sheet, only without the marks to read it back
            log.exception("a sheet could not be registered for reading")
            return UNMARKED[kind](sheet, start, weeks, paper, logo)

    return build
