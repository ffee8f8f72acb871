"""The code printed on a sheet: its id, its page and a check only this clinic can make.

A code reads "HP:<sheet id>:<page>:<check>", where the check is the start of an HMAC-SHA256
over the id and page with the clinic's own key. The key is made on first print and kept in the
database (table sheet_secret, never exported), so a sheet from another clinic's Home Practice,
or a code typed by hand, is refused.
"""

import base64
import hashlib
import hmac
import re
import secrets

from lib.db import transaction
from lib.errors import DomainError

PREFIX = "HP"
CHECK_CHARS = 7  # 35 bits: the code stays a small QR code (version 1)
_CODE = re.compile(r"^HP:(\d{1,9}):(\d{1,3}):([A-Z2-7]+)$")


class NotOurSheet(DomainError):
    """The code is not one this clinic printed (or not a sheet code at all)."""

    def __init__(self):
        super().__init__(
            "This sheet was not printed by this clinic's Home Practice, or its code is damaged. "
            "Enter these ticks on the week grid instead."
        )


def clinic_key(cur):
    """Return the clinic's key for sheet codes, making it on first use."""
    found = cur.execute("SELECT value FROM sheet_secret WHERE id = 1").fetchone()
    if found:
        return bytes(found[0])
    with transaction(cur):
        cur.execute("INSERT OR IGNORE INTO sheet_secret (id, value) VALUES (1, ?)", [secrets.token_bytes(32)])
    return bytes(cur.execute("SELECT value FROM sheet_secret WHERE id = 1").fetchone()[0])


def _check(key, sheet_id, page):
    digest = hmac.new(key, f"{PREFIX}:{sheet_id}:{page}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:CHECK_CHARS]


def sheet_code(key, sheet_id, page):
    """Return the code text printed on one page of a sheet."""
    return f"{PREFIX}:{int(sheet_id)}:{int(page)}:{_check(key, sheet_id, page)}"


def parse_code(key, text):
    """Return (sheet id, page) from a code text, or raise NotOurSheet."""
    found = _CODE.match((text or "").strip())
    if not found:
        raise NotOurSheet()
    sheet_id, page, check = int(found[1]), int(found[2]), found[3]
    if not hmac.compare_digest(check, _check(key, sheet_id, page)):
        raise NotOurSheet()
    return sheet_id, page
