"""Download buttons leave a trace: who took which file out of the app, and about which family."""

import logging
from functools import partial

from lib import audit, db, printables
from lib.sheet_scan import print_marked_sheet
from lib.ui.database import cursor
from lib.ui.messages import CALM_ERRORS
from lib.ui.signin import current_actor

log = logging.getLogger(__name__)


def _record(what, family_id, detail):
    try:
        with cursor() as cur, db.transaction(cur):
            audit.record_download(cur, current_actor(), what, family_id, **detail)
    except CALM_ERRORS:  # the file is already on its way: never fail the click, but say so in the log
        log.exception("a download could not be audited")


def audited(what, family_id=None, **detail):
    """Return an on_click callback that audits this download (what: the file's kind)."""
    return partial(_record, what, None if family_id is None else int(family_id), detail)


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
