"""Reading a photo of a returned sheet against the clinic's records, before anything is saved.

read_sheet finds the sheet, checks its code, reads every box and compares it with the ticks
already saved, so the therapist sees, box by box, what would change and why.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

import cv2

from lib import clock
from lib.access import require_family
from lib.errors import DomainError
from lib.sheet_scan.boxes import EMPTY, GLARE, SOFT, TICKED, UNCLEAR, read_boxes
from lib.sheet_scan.codes import NotOurSheet, parse_code, sheet_code
from lib.sheet_scan.images import decode_image
from lib.sheet_scan.locate import (
    PX_PER_MM,
    SheetNotFound,
    find_markers,
    match_code,
    page_homography,
    read_code,
    straighten,
)
from lib.sheet_scan.registry import KIND_WORDS, load_printed_sheet
from lib.ticks.rules import EVIDENCE, day_words

SEEN_MM = 4.0  # an asked box is shown with this much of the paper around it (a neighbour's ink)
SEEN_ZOOM = 2  # ... at twice the straightened page's size (10 px a millimetre)


class WrongFamily(DomainError):
    """The sheet belongs to another family than the one on screen."""

    def __init__(self):
        super().__init__(
            "This sheet belongs to another family, so nothing was read. Open that family's page "
            "to read it there."
        )


@dataclass(frozen=True)
class BoxResult:
    """One box as read, beside what the clinic's records already say about its day."""

    index: int
    assignment_id: int
    title: str
    practice_date: date | None
    shape: str
    state: str  # ticked, empty or unclear
    confidence: float
    ink: float
    saved_evidence: str | None  # the evidence of a tick already saved for this day, else None
    note: str  # why this box needs a look, in a few words ("" when nothing to say)
    open_day: bool  # a dated day of the task that has come: a tick could be saved for it
    place: tuple[float, float, float, float]  # x, y, w, h on the page (mm)
    seen: bytes | None = None  # an asked box as the photo shows it, with the paper around (JPEG)
    cause: str = ""  # an asked box: GLARE or SOFT when the photo is why it was asked (boxes.BoxReading)

    @property
    def new_tick(self):
        """Return True when reading this box as ticked would add a tick."""
        return self.open_day and self.saved_evidence is None


@dataclass(frozen=True)
class Reading:
    """A whole sheet as read: which sheet and page, its boxes, and messages for the therapist."""

    sheet_id: int
    page: int
    family_id: int
    kind: str
    page_w: float
    page_h: float
    boxes: tuple[BoxResult, ...]
    messages: tuple[str, ...]
    digest: str

    @property
    def asked(self):
        """Return the boxes read as unclear: the therapist decides each."""
        return tuple(b for b in self.boxes if b.state == UNCLEAR)


_COMPARE_SQL = """
    SELECT b.box, b.assignment_id, a.title, a.version, b.task_version, a.status, a.start_date,
           a.end_date, t.evidence,
           (SELECT min(s.reason) FROM skip_days s WHERE s.family_id = a.family_id AND s.day = b.practice_date
              AND (s.assignment_id IS NULL OR s.assignment_id = b.assignment_id)) AS skipped
    FROM printed_sheet_boxes b
    JOIN assignments a ON a.id = b.assignment_id
    LEFT JOIN ticks t ON t.assignment_id = b.assignment_id AND t.practice_date = b.practice_date
    WHERE b.sheet_id = ? AND b.page = ?
    ORDER BY b.box
"""


CAUSE_WORDS = {GLARE: "the paper shines here", SOFT: "the photo is blurred here"}


def _note(state, day, evidence, skipped, today, start, end, cause=""):
    if day is None:
        return "no date on the paper: ask which day" if state != EMPTY else ""
    if state == UNCLEAR:
        return f"unclear, {CAUSE_WORDS[cause]}: is it ticked?" if cause else "unclear: is it ticked?"
    if day > today and state == TICKED:
        return "a day still to come: not saved"
    if (day < start or (end is not None and day > end)) and state == TICKED:
        return "outside the task's dates: not saved"
    if evidence is not None and state == TICKED:
        return "already saved"
    if evidence is not None and state == EMPTY:
        return f"empty on paper, ticked in the app ({EVIDENCE.get(evidence, evidence).lower()}): kept"
    if skipped and state == TICKED:
        return f"a skip day ({skipped}) in the app: the tick will count"
    return ""


def read_sheet(cur, actor, data, family_id=None, today=None):
    """Read a photo or scan of a marked sheet; return a Reading (nothing is saved)."""
    today = today or clock.today()
    image = decode_image(data)
    markers = find_markers(image)
    key = cur.execute("SELECT value FROM sheet_secret WHERE id = 1").fetchone()
    blurred = False
    try:
        text = read_code(image, markers)
    except SheetNotFound:
        blurred = True
        # too blurred to decode: on a family's page, tell which of its own sheets it is by
        # laying each one's code, drawn afresh, over the photo's
        text = _matched_code(cur, actor, image, markers, key, family_id)
        if text is None:
            raise
    if key is None:
        raise NotOurSheet()
    sheet_id, page = parse_code(bytes(key[0]), text)
    printed = load_printed_sheet(cur, sheet_id)
    if family_id is not None and printed.family_id != int(family_id):
        raise WrongFamily()
    require_family(cur, actor, printed.family_id)
    homography = page_homography(markers, printed.page_w, printed.page_h)
    flat = straighten(image, homography, 0, 0, printed.page_w, printed.page_h, PX_PER_MM, gray=False)
    boxes = printed.page_boxes(page)
    states = read_boxes(flat, boxes, PX_PER_MM, blurred=blurred)
    records = cur.execute(_COMPARE_SQL, [sheet_id, page]).fetchall()
    results, changed = [], {}
    for box, reading, record in zip(boxes, states, records, strict=True):
        index, _, title, version, printed_version, status, start, end, evidence, skipped = record
        if printed_version < version:
            changed[title] = (printed_version, version)
        results.append(
            BoxResult(
                index,
                box.assignment_id,
                title,
                box.practice_date,
                box.shape,
                reading.state,
                reading.confidence,
                reading.ink,
                evidence,
                _note(reading.state, box.practice_date, evidence, skipped, today, start, end, reading.cause),
                box.practice_date is not None and start <= box.practice_date <= min(today, end or today),
                (box.x, box.y, box.w, box.h),
                _seen(flat, box) if reading.state == UNCLEAR else None,
                reading.cause,
            )
        )
    digest = hashlib.sha256(bytes(data)).hexdigest()
    return Reading(
        sheet_id,
        page,
        printed.family_id,
        printed.kind,
        printed.page_w,
        printed.page_h,
        tuple(results),
        tuple(_messages(cur, printed, results, changed, digest, blurred)),
        digest,
    )


def _seen(flat, box):
    """Return a JPEG of the straightened photo around a box: what the therapist looks at to decide it."""
    x0, y0 = (max(0, int((v - SEEN_MM) * PX_PER_MM)) for v in (box.x, box.y))
    x1 = min(flat.shape[1], int((box.x + box.w + SEEN_MM) * PX_PER_MM))
    y1 = min(flat.shape[0], int((box.y + box.h + SEEN_MM) * PX_PER_MM))
    part = cv2.resize(flat[y0:y1, x0:x1], None, fx=SEEN_ZOOM, fy=SEEN_ZOOM, interpolation=cv2.INTER_CUBIC)
    return cv2.imencode(".jpg", part, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()


_CANDIDATES_SQL = """
    SELECT s.id, b.page, s.page_w, s.page_h
    FROM printed_sheets s
    JOIN (SELECT DISTINCT sheet_id, page FROM printed_sheet_boxes) b ON b.sheet_id = s.id
    WHERE s.family_id = ?
    ORDER BY s.printed_at DESC, s.id DESC, b.page
    LIMIT 60
"""


def _matched_code(cur, actor, image, markers, key, family_id):
    """Return the code text of the family's own sheet whose code matches the blurred photo's, or None."""
    if family_id is None or key is None:
        return None
    require_family(cur, actor, int(family_id))
    rows = cur.execute(_CANDIDATES_SQL, [int(family_id)]).fetchall()
    candidates = [(sheet_code(bytes(key[0]), sheet_id, page), w, h) for sheet_id, page, w, h in rows]
    return match_code(image, markers, candidates)


def _messages(cur, printed, results, changed, digest, blurred=False):
    messages = (
        [
            "This photo is blurred: the sheet was recognised, but every box not read for sure is asked. "
            "Next time, hold the phone still and let it focus."
        ]
        if blurred
        else []
    )
    messages += [
        f"'{title}' was changed after this {KIND_WORDS[printed.kind]} was printed (version {old}, now "
        f"{new}): check that its boxes still mean what they did."
        for title, (old, new) in changed.items()
    ]
    asked = sum(1 for b in results if b.state == UNCLEAR)
    if asked:
        messages.append(f"{asked} box{'es' if asked != 1 else ''} could not be read for sure: decide each.")
    shine = sum(1 for b in results if b.state == UNCLEAR and b.cause == GLARE)
    if shine:
        where = ("It lies" if asked == 1 else "They lie") if shine == asked else f"{shine} of them lie"
        messages.append(
            f"{where} where the paper shines in the photo (glare). Next time, tilt the sheet away from the "
            "light, or take it out of its plastic sleeve."
        )
    differ = sum(1 for b in results if b.state == EMPTY and b.saved_evidence is not None)
    if differ:
        messages.append(
            f"{differ} day{'s' if differ != 1 else ''} ticked in the app {'are' if differ != 1 else 'is'} empty "
            "on the paper: the app's ticks are kept (untick on the week grid if they were wrong)."
        )
    undated = sum(1 for b in results if b.practice_date is None and b.state != EMPTY)
    if undated:
        messages.append(
            f"{undated} coloured star{'s' if undated != 1 else ''} without a printed date: ask which days, "
            "and tick them on the week grid."
        )
    seen = cur.execute(
        "SELECT min(saved_at) FROM sheet_photos WHERE sheet_id = ? AND digest = ?",
        [printed.id, digest],
    ).fetchone()[0]
    if seen is not None:
        messages.append(f"This photo was saved already ({day_words(seen.date())}).")
    return messages
