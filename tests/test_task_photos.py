"""Photos from the session: cleaned, kept with the task, deletable, audited, only for the family's people."""

import base64
import io
import json
import zipfile
from datetime import date, datetime

import pytest
from PIL import Image
from pypdf import PdfReader

from lib import assignments, backup, db, exchange, printables
from lib.errors import InvalidInput, NotFound, NotYourFamily
from lib.sessions import presenter, session_mode, task_photos
from tests.factories import (
    MONDAY,
    make_assignment,
    make_family,
    make_sheet,
    make_sheet_task,
    make_user,
    session_actor,
)
from tests.photo_files import GPS_IFD, gif, jpeg_with_gps, png


@pytest.fixture
def maya_task(cur):
    maya = make_user(cur, "maya")
    family = make_family(cur, "Sam K.", therapist=maya)
    return maya, family, make_assignment(cur, family, maya, "Blow bubbles", start=MONDAY)


def audit_rows(cur, entity="task_photo"):
    return cur.execute(
        "SELECT action, entity_id, detail FROM audit_log WHERE entity = ? ORDER BY id", [entity]
    ).fetchall()


def test_a_cleaned_photo_keeps_no_exif_and_no_gps():
    image, _, _ = task_photos.clean_photo(jpeg_with_gps())
    stored = Image.open(io.BytesIO(image))
    assert stored.format == "JPEG"
    assert not stored.getexif() and GPS_IFD not in stored.getexif()
    assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
    assert b"Exif" not in image and b"PhoneMaker" not in image


def test_a_cleaned_photo_is_upright_and_at_most_1280_pixels_a_side():
    image, width, height = task_photos.clean_photo(jpeg_with_gps(2400, 1600, orientation=6))
    assert (width, height) == (853, 1280)  # turned as the phone said, then scaled down
    assert Image.open(io.BytesIO(image)).size == (853, 1280)


def test_a_png_is_kept_as_a_jpeg_without_its_text_and_with_white_for_transparency():
    image, width, height = task_photos.clean_photo(png())
    stored = Image.open(io.BytesIO(image))
    assert (stored.format, width, height) == ("JPEG", 300, 200)
    assert b"Somebody" not in image
    assert min(stored.getpixel((250, 100))) > 240


@pytest.mark.parametrize("data", [b"", b"not a picture at all", gif()])
def test_anything_but_a_jpeg_or_png_photo_is_refused(data):
    with pytest.raises(InvalidInput):
        task_photos.clean_photo(data)


def test_a_photo_is_kept_with_its_task_and_audited_without_the_image(cur, maya_task):
    maya, family, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, jpeg_with_gps())
    (photo,) = task_photos.list_photos(cur, maya, task)
    assert (photo.id, photo.family_id, photo.on_family_screen, photo.added_by) == (
        photo_id,
        family,
        False,
        "Maya",
    )
    ((action, entity_id, detail),) = audit_rows(cur)
    assert (action, entity_id, json.loads(detail)["family_id"]) == ("create", photo_id, family)
    assert len(detail) < 200


def test_a_deleted_photo_is_gone_and_its_deletion_audited(cur, maya_task):
    maya, _, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, png())
    task_photos.delete_photo(cur, maya, photo_id)
    assert task_photos.list_photos(cur, maya, task) == []
    assert [(a, e) for a, e, _ in audit_rows(cur)] == [("create", photo_id), ("delete", photo_id)]
    with pytest.raises(NotFound):
        task_photos.delete_photo(cur, maya, photo_id)


def test_another_therapist_can_neither_add_see_nor_delete_a_familys_photos(cur, maya_task):
    maya, _, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, png())
    other = make_user(cur, "omar")
    with pytest.raises(NotYourFamily):
        task_photos.add_photo(cur, other, task, png())
    with pytest.raises(NotYourFamily):
        task_photos.list_photos(cur, other, task)
    with pytest.raises(NotYourFamily):
        task_photos.delete_photo(cur, other, photo_id)
    with pytest.raises(NotYourFamily):
        task_photos.show_on_family_screen(cur, other, photo_id)
    assert len(task_photos.list_photos(cur, maya, task)) == 1


def test_in_a_session_with_another_family_the_photos_of_this_one_are_refused(cur, maya_task):
    maya, family, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, png())
    elsewhere = session_actor(maya, make_family(cur, "Ada L.", therapist=maya))
    with pytest.raises(NotYourFamily):
        task_photos.delete_photo(cur, elsewhere, photo_id)


def test_a_task_keeps_at_most_six_photos(cur, maya_task):
    maya, _, task = maya_task
    for _ in range(task_photos.MAX_PHOTOS):
        task_photos.add_photo(cur, maya, task, png())
    with pytest.raises(InvalidInput, match="up to 6"):
        task_photos.add_photo(cur, maya, task, png())


def test_showing_a_photo_on_the_family_screen_is_a_choice_and_audited(cur, maya_task):
    maya, family, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, png())
    assert task_photos.family_screen_photos(cur, maya, family) == {}
    task_photos.show_on_family_screen(cur, maya, photo_id)
    assert list(task_photos.family_screen_photos(cur, maya, family)) == ["Blow bubbles"]
    task_photos.show_on_family_screen(cur, maya, photo_id, shown=False)
    assert task_photos.family_screen_photos(cur, maya, family) == {}
    changes = [json.loads(d)["after"] for a, _, d in audit_rows(cur) if a == "update"]
    assert changes == [{"on_family_screen": True}, {"on_family_screen": False}]


def test_the_family_screen_shows_only_the_photos_chosen_for_it(cur, maya_task):
    maya, family, task = maya_task
    task_photos.add_photo(cur, maya, task, png())
    chosen = task_photos.add_photo(cur, maya, task, jpeg_with_gps())
    actor = session_actor(maya, family)
    session_id = session_mode.start_session(cur, maya, family, now=datetime(2026, 11, 25, 10))
    presenter.publish(cur, actor, session_id, {"step": 2})
    (line,) = presenter.family_view(cur, actor, session_id).tasks
    assert line.photos == ()
    task_photos.show_on_family_screen(cur, maya, chosen)
    (line,) = presenter.family_view(cur, actor, session_id).tasks
    assert line.photos == (task_photos.list_photos(cur, maya, task)[1].image,)


def test_deleting_a_task_set_by_mistake_deletes_its_photos(cur, maya_task):
    maya, _, task = maya_task
    task_photos.add_photo(cur, maya, task, png())
    assignments.delete_assignment(cur, maya, task)
    assert cur.execute("SELECT count(*) FROM task_photos").fetchone()[0] == 0


def test_a_task_given_again_keeps_its_photos(cur, maya_task):
    maya, _, task = maya_task
    task_photos.add_photo(cur, maya, task, png())
    again = assignments.reissue_assignment(cur, maya, task, MONDAY.replace(day=20))
    assert len(task_photos.list_photos(cur, maya, again)) == 1


# --- the photos leave the clinic only with its exports and backups ---------------------------


def test_the_clinic_export_and_restore_keep_a_photo_byte_for_byte(cur, maya_task, tmp_path):
    maya, _, task = maya_task
    task_photos.add_photo(cur, maya, task, jpeg_with_gps())
    (kept,) = task_photos.list_photos(cur, maya, task)
    lead = make_user(cur, "lead", role="lead", discipline=None)
    exchange.export_clinic(cur, lead, tmp_path / "export")
    csv = (tmp_path / "export" / "csv" / "task_photos.csv").read_text()
    assert base64.b64encode(kept.image).decode() in csv
    fresh = db.connect(tmp_path / "fresh.duckdb")
    try:
        exchange.restore_clinic(fresh.cursor(), tmp_path / "export")
        assert fresh.execute("SELECT image FROM task_photos").fetchone()[0] == kept.image
    finally:
        fresh.close()


def test_the_family_record_holds_its_photos_as_picture_files(cur, maya_task):
    maya, family, task = maya_task
    photo_id = task_photos.add_photo(cur, maya, task, png())
    lead = make_user(cur, "lead", role="lead", discipline=None)
    with zipfile.ZipFile(io.BytesIO(exchange.family_record_zip(cur, lead, family))) as archive:
        assert Image.open(io.BytesIO(archive.read(f"photos/{photo_id}.jpg"))).format == "JPEG"
        assert "csv/task_photos.csv" in archive.namelist()


def test_a_backup_holds_the_photos(con, cur, maya_task):
    maya, _, task = maya_task
    task_photos.add_photo(cur, maya, task, png())
    assert backup.verify(backup.make_backup(con))['"main"."task_photos"'] == 1


# --- on paper: the caregiver handout and, small, the fridge sheet ----------------------------

SHEET_MONDAY = date(2026, 11, 23)


def images_per_page(data):
    return [len(page.images) for page in PdfReader(io.BytesIO(data)).pages]


def photo():
    return task_photos.clean_photo(jpeg_with_gps())[0]


def test_the_read_side_gives_each_task_its_photos_oldest_first(cur, maya_task):
    maya, family, task = maya_task
    task_photos.add_photo(cur, maya, task, png())
    task_photos.add_photo(cur, maya, task, jpeg_with_gps())
    (sheet_task,) = printables.load_family_sheet(cur, maya, family, SHEET_MONDAY).tasks
    assert sheet_task.photos == tuple(p.image for p in task_photos.list_photos(cur, maya, task))


def test_the_caregiver_handout_prints_the_photo_from_the_session():
    with_photo = printables.caregiver_handout_pdf(make_sheet(make_sheet_task(photos=(photo(),))))
    assert images_per_page(with_photo)[0] == 1
    assert sum(images_per_page(printables.caregiver_handout_pdf(make_sheet()))) == 0


def test_the_fridge_sheet_prints_the_photo_small_and_stays_one_page():
    data = printables.fridge_sheet_pdf(make_sheet(make_sheet_task(photos=(photo(),))), SHEET_MONDAY)
    assert images_per_page(data) == [1]


@pytest.mark.parametrize("paper", ["A4", "US Letter"])
def test_six_tasks_with_photos_still_fit_one_fridge_sheet(paper):
    tasks = [make_sheet_task(id=i, title=f"Task {i}", photos=(photo(),)) for i in range(6)]
    assert len(images_per_page(printables.fridge_sheet_pdf(make_sheet(*tasks), SHEET_MONDAY, 2, paper))) == 1
