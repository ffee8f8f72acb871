"""The 'Read a sheet' panel on the family page, the session review and the ticks page (AppTest)."""

from datetime import date

import cv2
import numpy as np
import pytest

from lib import db, printables
from lib.sheet_scan import load_printed_sheet, print_marked_sheet
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user
from tests.pages.apptest import open_app
from tests.sheet_photos import defocused, pin_clinic_key, sheet_photo

MONDAY = date(2026, 11, 23)  # this week: Mon 23 and Tue 24 have come (TODAY is Wed 25)


@pytest.fixture
def ticked(isolated_database):
    """(therapist id, family id, task id, a photo of this week's sheet ticked on Mon and Tue)."""
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        pin_clinic_key(cur)
        therapist = make_user(cur)
        family = make_family(cur, "Ava B.", therapist=therapist)
        task = make_assignment(cur, family, therapist, "Blow bubbles", start=date(2026, 11, 2))
        sheet = printables.load_family_sheet(cur, therapist, family, TODAY)
        pdf = print_marked_sheet(cur, therapist, "fridge", sheet, MONDAY)
        printed = load_printed_sheet(cur, cur.execute("SELECT max(id) FROM printed_sheets").fetchone()[0])
    con.close()
    return therapist.id, family, task, sheet_photo(pdf, printed.boxes, {0: "tick", 1: "cross"}, "mild", 1)


def _ticks(path):
    con = db.connect(path)
    try:
        return con.execute("SELECT practice_date, evidence FROM ticks ORDER BY 1").fetchall()
    finally:
        con.close()


def _read(at, key, photo):
    at.file_uploader(key=f"{key}_file0").set_value(("sheet.jpg", photo, "image/jpeg")).run()
    assert not at.exception
    assert any("Fridge sheet" in m.value and "7 boxes read" in m.value for m in at.markdown)
    return at


def _save(at):
    (button,) = [b for b in at.button if b.label == "Save the ticks"]
    return button.click().run()


def test_the_ticks_page_reads_a_sheet_and_saves_the_confirmed_ticks(ticked, isolated_database):
    user, family, _, photo = ticked
    at = _read(open_app(user, "pages/ticks.py", family=family), "ticks_sheet", photo)
    assert not at.image  # no box was asked: no picture to decide by
    _save(at)
    assert [s.value for s in at.success] == ["Saved 2 ticks from the sheet; the photo is kept."]
    assert _ticks(isolated_database) == [(date(2026, 11, 23), "sheet"), (date(2026, 11, 24), "sheet")]
    assert at.checkbox(key=f"tick_{ticked[2]}_2026-11-23").value  # the week grid shows them at once


def test_the_family_page_reads_a_sheet_and_lists_the_kept_photo(ticked, isolated_database):
    user, family, _, photo = ticked
    at = open_app(user, "pages/family.py", family=family)
    _save(_read(at, "family_sheet", photo))
    assert len(_ticks(isolated_database)) == 2
    assert any("Fridge sheet from 23 Nov" in t.value and "2 ticks" in t.value for t in at.text)
    at.button(
        key=next(b.key for b in at.button if (b.key or "").startswith("family_sheet_delete_"))
    ).click().run()
    assert "Photo deleted; its ticks stay." in [s.value for s in at.success]
    assert len(_ticks(isolated_database)) == 2


def test_the_session_review_reads_the_familys_sheet(ticked, isolated_database):
    user, family, _, photo = ticked
    at = open_app(user, "pages/session.py")
    at.selectbox(key="start_family").select(family).run()
    at.button(key="start_other").click().run()
    at.button(key="sess_next").click().run()  # step 2: the review of the home practice
    _save(_read(at, "sess_sheet", photo))
    assert len(_ticks(isolated_database)) == 2


def _blow_bubbles_sheet(path):
    """Print this week's fridge sheet of one task for a new family: (therapist, family, PDF, printed sheet)."""
    con = db.connect(path)
    with con.cursor() as cur:
        pin_clinic_key(cur)
        therapist = make_user(cur)
        family = make_family(cur, "Ava B.", therapist=therapist)
        make_assignment(cur, family, therapist, "Blow bubbles", start=date(2026, 11, 2))
        sheet = printables.load_family_sheet(cur, therapist, family, TODAY)
        pdf = print_marked_sheet(cur, therapist, "fridge", sheet, MONDAY)
        printed = load_printed_sheet(cur, 1)
    con.close()
    return therapist, family, pdf, printed


def test_an_unclear_box_is_asked_on_the_page_and_nothing_is_saved_until_decided(isolated_database):
    therapist, family, pdf, printed = _blow_bubbles_sheet(isolated_database)
    photo = sheet_photo(pdf, printed.boxes, {0: "tick", 1: "scribble"}, "mild", 2)
    at = _read(open_app(therapist.id, "pages/ticks.py", family=family), "ticks_sheet", photo)
    assert any("could not be read for sure" in w.value for w in at.warning), [w.value for w in at.warning]
    (picture,) = at.image  # the asked box as the photo shows it, named as in the table
    assert [i.alt for i in picture.proto.imgs] == ["The photo around the box for Blow bubbles, Tue 24 Nov"]
    assert "Blow bubbles\nTue 24 Nov" in [t.value for t in at.text]
    _save(at)
    assert any("Decide the 1 unclear box" in e.value for e in at.error)
    assert _ticks(isolated_database) == []
    at.session_state["ticks_sheet_boxes"] = {
        "edited_rows": {1: {"Save as": "Ticked"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    _save(at)
    assert len(_ticks(isolated_database)) == 2


def test_a_box_asked_under_glare_is_named_so_with_what_to_change(isolated_database):
    therapist, family, pdf, printed = _blow_bubbles_sheet(isolated_database)
    photo = sheet_photo(pdf, printed.boxes, {0: "tick"}, "moderate", 16, conditions=("glare",))
    at = _read(open_app(therapist.id, "pages/ticks.py", family=family), "ticks_sheet", photo)
    assert any(
        w.value.startswith("It lies where the paper shines")
        and "tilt the sheet away from the light" in w.value
        for w in at.warning
    ), [w.value for w in at.warning]
    assert "Blow bubbles\nTue 24 Nov\nThe paper shines here" in [t.value for t in at.text]


def test_a_photo_too_blurred_to_read_is_refused_on_the_page_with_what_to_change(ticked, isolated_database):
    user, family, _, photo = ticked
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    blurred = cv2.imencode(".jpg", defocused(image, 8))[1].tobytes()
    at = open_app(user, "pages/ticks.py", family=family)
    at.file_uploader(key="ticks_sheet_file0").set_value(("sheet.jpg", blurred, "image/jpeg")).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert "too blurred to read its boxes safely" in error and "let the camera focus first" in error
    assert not [b for b in at.button if b.label == "Save the ticks"]  # nothing read, nothing to save
    assert _ticks(isolated_database) == []
