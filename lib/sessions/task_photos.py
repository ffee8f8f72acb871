"""Photos from the session: taken or uploaded while practising a task, kept with the task.

A photo is cleaned before it is stored (`clean_photo`): turned upright, scaled down to at most
MAX_SIDE pixels a side and re-encoded as a fresh JPEG that carries no metadata (no EXIF, no
GPS position, no camera details). It stays in the clinic's database with its task; every add,
delete and change of where it is shown is audited. It is printed on the caregiver handout and
the fridge sheet, and shown on the shared family screen only when the therapist chooses to.
"""

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageOps, UnidentifiedImageError

from lib import audit, clock
from lib.access import require_family
from lib.assignments.records import STATE_TODAY_SQL
from lib.db import rows, transaction
from lib.errors import InvalidInput, NotFound

MAX_SIDE = 1280  # px: sharp on a printed A4 page, small in the database
MAX_PIXELS = 50_000_000  # a larger picture is refused before it is decoded
MAX_PHOTOS = 6  # per task: a few steps of how it is done, not an album
QUALITY = 82
FORMATS = ("JPEG", "PNG")


@dataclass(frozen=True)
class TaskPhoto:
    """One stored photo of a task (the JPEG bytes, cleaned)."""

    id: int
    assignment_id: int
    family_id: int
    image: bytes
    width: int
    height: int
    on_family_screen: bool
    taken_on: date
    added_by: str


def clean_photo(data):
    """Return (jpeg, width, height): the photo upright, scaled down, re-encoded without metadata."""
    if not data:
        raise InvalidInput("Choose or take a photo first.", field="photo")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in FORMATS:
                raise InvalidInput("Only JPEG or PNG photos can be kept.", field="photo")
            if img.width * img.height > MAX_PIXELS:
                raise InvalidInput("This picture is too large: take it again at a lower size.", field="photo")
            upright = ImageOps.exif_transpose(img)  # the camera's rotation, applied before EXIF goes
            upright.thumbnail((MAX_SIDE, MAX_SIDE))
            flat = upright.convert("RGBA")
            plain = Image.new("RGB", flat.size, "white")  # transparent parts of a PNG print white
            plain.paste(flat, mask=flat.getchannel("A"))
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise InvalidInput("This file is not a photo that can be read (JPEG or PNG).", field="photo") from exc
    out = io.BytesIO()
    plain.save(out, "JPEG", quality=QUALITY, optimize=True)  # a new image: no info, EXIF, XMP or ICC
    return out.getvalue(), plain.width, plain.height


def _task_family(cur, actor, assignment_id):
    found = cur.execute("SELECT family_id FROM assignments WHERE id = ?", [int(assignment_id)]).fetchone()
    if found is None:
        raise NotFound("No such task.")
    require_family(cur, actor, found[0])
    return found[0]


def _photo(cur, actor, photo_id):
    found = cur.execute(
        "SELECT family_id, assignment_id, on_family_screen FROM task_photos WHERE id = ?", [int(photo_id)]
    ).fetchone()
    if found is None:
        raise NotFound("This photo was deleted a moment ago.")
    require_family(cur, actor, found[0])
    return found


def add_photo(cur, actor, assignment_id, data, taken_on=None):
    """Clean a photo and keep it with the task; return the new photo's id."""
    family_id = _task_family(cur, actor, assignment_id)
    image, width, height = clean_photo(data)
    with transaction(cur):
        count = cur.execute(
            "SELECT count(*) FROM task_photos WHERE assignment_id = ?", [int(assignment_id)]
        ).fetchone()[0]
        if count >= MAX_PHOTOS:
            raise InvalidInput(f"A task keeps up to {MAX_PHOTOS} photos: delete one first.", field="photo")
        photo_id = cur.execute(
            "INSERT INTO task_photos (assignment_id, family_id, image, width, height, taken_on, added_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [int(assignment_id), family_id, image, width, height, taken_on or clock.today(), actor.id],
        ).fetchone()[0]
        audit.record(
            cur,
            actor,
            "create",
            "task_photo",
            photo_id,
            family_id=family_id,
            assignment_id=int(assignment_id),
            width=width,
            height=height,
        )
    return photo_id


def delete_photo(cur, actor, photo_id):
    """Delete a photo for good (from the task, the sheets and the family screen)."""
    family_id, assignment_id, _ = _photo(cur, actor, photo_id)
    with transaction(cur):
        cur.execute("DELETE FROM task_photos WHERE id = ?", [int(photo_id)])
        audit.record(
            cur,
            actor,
            "delete",
            "task_photo",
            int(photo_id),
            family_id=family_id,
            assignment_id=assignment_id,
        )


def show_on_family_screen(cur, actor, photo_id, shown=True):
    """Choose whether the shared family screen shows this photo (it never does until chosen)."""
    family_id, assignment_id, was = _photo(cur, actor, photo_id)
    if bool(was) == bool(shown):
        return
    with transaction(cur):
        cur.execute("UPDATE task_photos SET on_family_screen = ? WHERE id = ?", [bool(shown), int(photo_id)])
        audit.record_change(
            cur,
            actor,
            "task_photo",
            int(photo_id),
            {"on_family_screen": bool(was)},
            {"on_family_screen": bool(shown)},
            family_id=family_id,
            assignment_id=assignment_id,
        )


_PHOTOS_SQL = """
    SELECT p.id, p.assignment_id, p.family_id, p.image, p.width, p.height, p.on_family_screen,
           p.taken_on, coalesce(u.display_name, '') AS added_by
    FROM task_photos p LEFT JOIN users u ON u.id = p.added_by
"""


def list_photos(cur, actor, assignment_id):
    """Return a task's photos, oldest first (the order they are printed in)."""
    _task_family(cur, actor, assignment_id)
    return rows(
        cur, TaskPhoto, _PHOTOS_SQL + " WHERE p.assignment_id = ? ORDER BY p.id", [int(assignment_id)]
    )


def family_screen_photos(cur, actor, family_id, today=None):
    """Return {task title: (jpeg, ...)} of the running tasks' photos the therapist chose to show."""
    require_family(cur, actor, family_id)
    found = cur.execute(
        "SELECT a.title, list(p.image ORDER BY p.id) FROM task_photos p"  # noqa: S608
        " JOIN assignments a ON a.id = p.assignment_id"
        " WHERE p.family_id = $family AND p.on_family_screen AND " + STATE_TODAY_SQL + " = 'active'"
        " GROUP BY a.title",
        {"family": int(family_id), "today": today or clock.today()},
    ).fetchall()
    return {title: tuple(images) for title, images in found}
