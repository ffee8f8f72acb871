"""Saving a confirmed reading: the ticks and the photo in one transaction; the photos kept.

The therapist decides every box (the reading's states, corrected where needed); only boxes
decided "ticked" that are not ticked yet become ticks, with evidence "sheet". The photo is
kept in the family's record (a smaller JPEG, in the clinic's database) and can be deleted;
the record that a sheet was read stays, as does the audit trail.
"""

from dataclasses import dataclass
from datetime import datetime

from lib import audit, clock
from lib.access import require_family
from lib.db import rows, transaction
from lib.errors import DomainError, InvalidInput, NotFound
from lib.sheet_scan.boxes import STATES, TICKED, UNCLEAR
from lib.sheet_scan.images import decode_image, keepable_jpeg
from lib.ticks.writes import record_ticks


class AlreadySaved(DomainError):
    """This very photo of this sheet was saved before."""

    def __init__(self):
        super().__init__(
            "This photo of the sheet was saved already: its ticks are in. Nothing was saved twice."
        )


@dataclass(frozen=True)
class SavedSheet:
    """What one save did: the photo's id, the ticks added, and the boxes already ticked."""

    photo_id: int
    added: int
    already: int


@dataclass(frozen=True)
class SheetPhoto:
    """A photo of a returned sheet in the family's record."""

    id: int
    sheet_id: int
    kind: str
    first_day: object
    ticks_saved: int
    saved_at: datetime
    saved_by: str
    kept: bool


def ticks_to_save(reading, decisions):
    """Return the (task id, day) pairs to save: boxes decided ticked that are dated and not yet ticked.

    decisions: {box index: "ticked" | "empty"} for every box the therapist changed or decided;
    other boxes keep the state read. An unclear box left undecided raises InvalidInput."""
    days, undecided = [], 0
    for box in reading.boxes:
        state = decisions.get(box.index, box.state)
        if state not in STATES:
            raise InvalidInput("Decide each box: ticked or empty.", field="boxes")
        if state == UNCLEAR:
            undecided += 1
        elif state == TICKED and box.new_tick:
            days.append((box.assignment_id, box.practice_date))
    if undecided:
        raise InvalidInput(
            f"Decide the {undecided} unclear box{'es' if undecided != 1 else ''} (ticked or empty) before saving.",
            field="boxes",
        )
    return days


def save_reading(cur, actor, reading, decisions, photo, today=None):
    """Save the confirmed ticks of a reading with evidence "sheet" and keep the photo; return SavedSheet."""
    require_family(cur, actor, reading.family_id)
    today = today or clock.today()
    days = ticks_to_save(reading, decisions)
    wanted = sum(1 for b in reading.boxes if decisions.get(b.index, b.state) == TICKED and b.open_day)
    kept = keepable_jpeg(decode_image(photo))
    with transaction(cur):
        seen = cur.execute(
            "SELECT count(*) FROM sheet_photos WHERE sheet_id = ? AND digest = ?",
            [reading.sheet_id, reading.digest],
        ).fetchone()[0]
        if seen:
            raise AlreadySaved()
        photo_id = cur.execute(
            "INSERT INTO sheet_photos (sheet_id, family_id, photo, digest, saved_by) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id",
            [reading.sheet_id, reading.family_id, kept, reading.digest, actor.id],
        ).fetchone()[0]
        added = record_ticks(
            cur, actor, reading.family_id, days, evidence="sheet", today=today, photo_id=photo_id
        )
        if added:
            cur.executemany(
                "INSERT INTO sheet_photo_ticks (photo_id, assignment_id, practice_date) VALUES (?, ?, ?)",
                [[photo_id, a, d] for a, d in added],
            )
        cur.execute("UPDATE sheet_photos SET ticks_saved = ? WHERE id = ?", [len(added), photo_id])
        audit.record(
            cur,
            actor,
            "read_sheet",
            "family",
            reading.family_id,
            sheet_id=reading.sheet_id,
            photo_id=photo_id,
            added=len(added),
            corrected=sorted(b.index for b in reading.boxes if decisions.get(b.index, b.state) != b.state),
        )
    return SavedSheet(photo_id, len(added), wanted - len(added))


_PHOTOS_SQL = """
    SELECT p.id, p.sheet_id, s.kind, s.first_day, p.ticks_saved, p.saved_at,
           coalesce(u.display_name, '') AS saved_by, p.photo IS NOT NULL AS kept
    FROM sheet_photos p JOIN printed_sheets s ON s.id = p.sheet_id LEFT JOIN users u ON u.id = p.saved_by
    WHERE p.family_id = ? ORDER BY p.saved_at DESC, p.id DESC
"""


def list_sheet_photos(cur, actor, family_id):
    """Return the family's read sheets, newest first (a deleted photo shows kept=False)."""
    require_family(cur, actor, family_id)
    return rows(cur, SheetPhoto, _PHOTOS_SQL, [family_id])


def _photo_family(cur, photo_id):
    found = cur.execute("SELECT family_id FROM sheet_photos WHERE id = ?", [photo_id]).fetchone()
    if found is None:
        raise NotFound("No such sheet photo.")
    return found[0]


def sheet_photo_bytes(cur, actor, photo_id):
    """Return the kept JPEG of a read sheet, or None once deleted."""
    require_family(cur, actor, _photo_family(cur, photo_id))
    found = cur.execute("SELECT photo FROM sheet_photos WHERE id = ?", [photo_id]).fetchone()
    return None if found[0] is None else bytes(found[0])


def delete_sheet_photo(cur, actor, photo_id):
    """Delete the kept photo of a read sheet (its ticks stay); return True when a photo went."""
    family_id = _photo_family(cur, photo_id)
    require_family(cur, actor, family_id)
    with transaction(cur):
        gone = cur.execute(
            "UPDATE sheet_photos SET photo = NULL WHERE id = ? AND photo IS NOT NULL RETURNING id", [photo_id]
        ).fetchall()
        if gone:
            audit.record(cur, actor, "delete_sheet_photo", "family", family_id, photo_id=photo_id)
    return bool(gone)
