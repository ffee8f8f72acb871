"""Download buttons leave a trace: who took which file out of the app, and about which family."""

import logging
from functools import partial

from lib import audit, db
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
