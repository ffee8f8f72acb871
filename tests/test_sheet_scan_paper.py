"""Reading real family paper: curved sheets and star charts, big dark stickers, strokes shared by two
boxes, pencil on noisy paper, and a code too blurred to decode (issue 27's rules)."""

from dataclasses import replace
from datetime import date

import cv2
import numpy as np
import pytest

from lib import printables
from lib.sheet_scan import SheetNotFound, load_printed_sheet, print_marked_sheet, read_sheet
from lib.sheet_scan.boxes import (
    GLARE,
    PEN_INK,
    SHARP_RUN_PX,
    SOFT,
    STRIPED,
    TOO_BLURRED_PX,
    TooBlurred,
    _blurred_state,
    _cause,
    _judge,
    _smeared,
    _zigzagged,
    read_boxes,
)
from lib.sheet_scan.codes import sheet_code
from lib.sheet_scan.images import decode_image
from lib.sheet_scan.locate import PX_PER_MM, find_markers, match_code, read_code
from lib.sheet_scan.measure import (
    BENT,
    SHARP_LINE_PX,
    Measure,
    blur_halo,
    gray_page,
    line_widths,
    measure_box,
    outline_widths,
    paper_shifts,
)
from tests.conftest import TODAY
from tests.factories import make_assignment, make_family, make_user
from tests.sheet_photos import (
    MARK_STATE,
    _curved,
    defocused,
    draw_mark,
    photograph,
    pin_clinic_key,
    render_page,
    shaken,
    sheet_photo,
)

WEEK = date(2026, 11, 16)


@pytest.fixture
def clinic(cur):
    pin_clinic_key(cur)
    therapist = make_user(cur)
    family = make_family(cur, therapist=therapist)
    make_assignment(cur, family, therapist, "Blow bubbles", start=date(2026, 11, 2))
    make_assignment(cur, family, therapist, "Peg the socks", weekdays=[0, 2, 4], start=date(2026, 11, 2))
    return therapist, family


def printed(cur, therapist, family, kind="fridge"):
    sheet = printables.load_family_sheet(cur, therapist, family, TODAY)
    pdf = print_marked_sheet(cur, therapist, kind, sheet, WEEK)
    return pdf, load_printed_sheet(cur, cur.execute("SELECT max(id) FROM printed_sheets").fetchone()[0])


def states(cur, therapist, family, marks, kind="fridge", conditions=(), seed=3, level="moderate"):
    pdf, sheet = printed(cur, therapist, family, kind)
    photo = sheet_photo(pdf, sheet.boxes, marks, level, seed, conditions=conditions)
    return [b.state for b in read_sheet(cur, therapist, photo, family).boxes], sheet


@pytest.mark.parametrize("kind", ["fridge", "stars"])
def test_a_curved_sheet_is_read_on_its_own_outlines(cur, clinic, kind):
    therapist, family = clinic
    marks = {0: "tick", 2: "cross", 5: "tick", 6: "colour" if kind == "stars" else "disc_light"}
    got, sheet = states(cur, therapist, family, marks, kind, conditions=("curved",), seed=11)
    want = [MARK_STATE[marks.get(i)] for i in range(len(sheet.boxes))]
    wrong = [i for i, (g, w) in enumerate(zip(got, want, strict=True)) if g != w and g != "unclear"]
    assert wrong == []  # never confidently wrong, however the paper bends
    assert sum(g == w for g, w in zip(got, want, strict=True)) >= len(want) - 1


class _MostLifted:
    """Draws the bench's largest bend (tests.sheet_photos._curved draws its lift, axis and light)."""

    def __init__(self, along_x):
        self.along_x = along_x

    def uniform(self, low, high):
        return high

    def random(self):
        return 0.0 if self.along_x else 1.0


@pytest.mark.parametrize("along_x", [True, False])
def test_the_benchs_curved_sheet_shows_the_whole_paper_its_lifted_edges_bigger(cur, clinic, along_x):
    # a lifted edge, nearer the camera, looks bigger: the photo shows all of the paper, with paper
    # around its corner squares. Until 2026-12-07 the bench cut the magnified edges off at the flat
    # page's outline (up to 5 mm, into the corner squares' margin), and the reader was blamed for
    # the corner squares it could not find there.
    therapist, family = clinic
    pdf, _ = printed(cur, therapist, family)
    page = render_page(pdf, 0)
    bent, paper, pad = _curved(page, _MostLifted(along_x))
    rows, cols = np.nonzero(paper > 127)
    flat = page.shape[1] if along_x else page.shape[0]
    assert (np.ptp(cols) if along_x else np.ptp(rows)) + 1 > flat  # bigger than the flat page
    photo = photograph(bent, "mild", np.random.default_rng(1), ("curved",), None, paper, pad)
    assert sorted(find_markers(decode_image(photo))) == [0, 1, 2, 3]


def _page(cur, therapist, family):
    pdf, sheet = printed(cur, therapist, family)
    return render_page(pdf, 0, PX_PER_MM * 25.4), sheet


def test_a_dark_sticker_bigger_than_the_box_is_a_tick_but_a_blacked_out_box_is_asked(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    box = sheet.boxes[0]
    centre = (int((box.x + box.w / 2) * PX_PER_MM), int((box.y + box.h / 2) * PX_PER_MM))
    cv2.circle(page, centre, int(box.w * 0.62 * PX_PER_MM), (40, 30, 170), -1, cv2.LINE_AA)  # spills over
    box = sheet.boxes[6]  # a sticker wider than the box's diagonal: its far corners as dark as its middle
    centre = (int((box.x + box.w / 2) * PX_PER_MM), int((box.y + box.h / 2) * PX_PER_MM))
    cv2.circle(page, centre, int(box.w * 0.8 * PX_PER_MM), (30, 30, 30), -1, cv2.LINE_AA)
    draw_mark(page, sheet.boxes[2], "star_dark", np.random.default_rng(4), PX_PER_MM * 25.4)
    draw_mark(page, sheet.boxes[4], "scribble", np.random.default_rng(5), PX_PER_MM * 25.4)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert (got[0], got[2], got[4], got[6]) == ("ticked", "ticked", "unclear", "ticked")
    assert {got[i] for i in range(len(got)) if i not in (0, 2, 4, 6)} == {"empty"}


def test_a_stroke_running_on_into_the_next_box_ticks_neither(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    a, b = sheet.boxes[0], sheet.boxes[1]
    assert abs(a.y - b.y) < 0.1 and b.x > a.x  # side by side
    k = PX_PER_MM
    start = (int((a.x + a.w * 0.3) * k), int((a.y + a.h * 0.8) * k))  # from inside the first box ...
    end = (int((b.x + b.w * 0.35) * k), int((b.y + b.h * 0.1) * k))  # ... to just inside the next
    cv2.line(page, start, end, (30, 30, 30), 3, cv2.LINE_AA)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert got[1] == "empty"  # the next box: a neighbour's ink ran in, stopping short of its middle
    assert got[0] in ("unclear", "empty")  # the first: its only stroke runs on into the next box
    assert set(got[2:]) == {"empty"}


def test_a_tick_turning_low_by_its_boxs_side_and_running_on_ticks_its_box_not_the_next(cur, clinic):
    # a flourish: a short first stroke and the turn low by the left side, outside the box's inner
    # part, the long stroke running on out into the next box. On a sharp photo the turn is looked for
    # over the whole inside: until 2026-12-07 the box was asked (16 such on seeds 1, 2, 6, 8 and 9)
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    a, b = sheet.boxes[0], sheet.boxes[1]
    k = PX_PER_MM
    hook = [(a.x + a.w * 0.12, a.y + a.h * 0.6), (a.x + a.w * 0.25, a.y + a.h * 0.9)]
    points = [*hook, (b.x + b.w * 0.35, b.y + b.h * 0.1)]
    cv2.polylines(page, [np.array([(int(x * k), int(y * k)) for x, y in points])], False, (30, 30, 30), 2)
    measured = measure_box(page, a, PX_PER_MM)
    assert measured.bent >= BENT and not measured.crossing  # its own turn, found
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert got[:2] == ["ticked", "empty"]
    assert set(got[2:]) == {"empty"}


def test_a_pencil_tick_on_noisy_dim_paper_is_never_read_empty(cur, clinic):
    therapist, family = clinic
    marks = {0: "pencil", 3: "pencil", 7: "pencil", 8: "pencil"}
    got, _ = states(cur, therapist, family, marks, conditions=("dim",), seed=5)
    assert [got[i] for i in marks] == ["ticked"] * len(marks)
    assert "ticked" not in [g for i, g in enumerate(got) if i not in marks]


def _shaken(photo, length):
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1 / length
    return cv2.imencode(".jpg", cv2.filter2D(image, -1, kernel), [cv2.IMWRITE_JPEG_QUALITY, 80])[1].tobytes()


SHAKE = 13  # px of motion: the corner squares are still found, the code can no longer be decoded


def test_a_code_too_blurred_to_decode_is_told_among_the_familys_own_sheets(cur, clinic):
    therapist, family = clinic
    pdf, sheet = printed(cur, therapist, family)
    photo = _shaken(sheet_photo(pdf, sheet.boxes, {0: "tick", 3: "tick"}, "mild", 2), SHAKE)
    image = decode_image(photo)
    markers = find_markers(image)
    with pytest.raises(SheetNotFound):
        read_code(image, markers)
    reading = read_sheet(cur, therapist, photo, family)
    assert (reading.sheet_id, reading.page) == (sheet.id, 1)
    assert [b.index for b in reading.boxes if b.state == "ticked"] == [0, 3]
    assert any("blurred" in m for m in reading.messages)
    with pytest.raises(SheetNotFound, match="could not read its code"):
        read_sheet(cur, therapist, photo)  # not on a family's page: nothing to tell it among


def test_a_blurred_code_of_another_sheet_is_never_taken_for_one_of_the_familys(cur, clinic):
    therapist, family = clinic
    pdf, sheet = printed(cur, therapist, family)
    image = decode_image(_shaken(sheet_photo(pdf, sheet.boxes, {}, "mild", 2), SHAKE))
    markers = find_markers(image)
    key = bytes(cur.execute("SELECT value FROM sheet_secret").fetchone()[0])
    others = [(sheet_code(key, n, 1), sheet.page_w, sheet.page_h) for n in range(sheet.id + 1, sheet.id + 40)]
    assert match_code(image, markers, others) is None
    mine = (sheet_code(key, sheet.id, 1), sheet.page_w, sheet.page_h)
    assert match_code(image, markers, [*others[:5], mine]) == mine[0]


def test_on_a_blurred_photo_a_crayoned_box_is_a_tick_but_a_box_blacked_out_in_pen_is_asked(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    rng = np.random.default_rng(7)
    dpi = PX_PER_MM * 25.4
    draw_mark(page, sheet.boxes[0], "filled", rng, dpi)  # a crayon: lighter than the printed line
    draw_mark(page, sheet.boxes[3], "scribble", rng, dpi)  # pen: as dark as the printed line
    blurred = cv2.GaussianBlur(page, (0, 0), 2.5)
    got = [r.state for r in read_boxes(blurred, sheet.boxes, PX_PER_MM, blurred=True)]
    assert (got[0], got[3]) == ("ticked", "unclear")
    assert {got[i] for i in range(len(got)) if i not in (0, 3)} == {"empty"}


def test_a_box_covered_as_dark_as_its_outline_with_pen_texture_is_asked_but_an_even_sticker_is_a_tick():
    # measured on the benchmark (defocus + 12 MP): a tick zigzagged over, the whole box as dark as
    # its outline, a little uneven right through; it was read as ticked, 1.0 sure (its ink's colour,
    # `deep`, was not measured then: a pen's, PEN_INK)
    crossed = Measure(
        cover=0.99, marked=1.0, shade=0.71, even=0.115, pencil=0.14, outline=0.75, noise=0.001,
        neighbour=False, peak=0.59, corners=0.76, tips=0.72, bulge=0.17, solid=0.072, deep=PEN_INK,
    )  # fmt: skip
    assert _judge(crossed, "box", 0.75)[0] == "unclear"
    sticker = Measure(
        cover=1.0, marked=1.0, shade=0.71, even=0.03, pencil=0.0, outline=0.75, noise=0.001,
        neighbour=False, peak=0.59, corners=0.76, tips=0.72, bulge=0.17, solid=0.03,
    )  # fmt: skip
    assert _judge(sticker, "box", 0.75)[0] == "ticked"


def test_a_tick_whose_stroke_runs_on_into_the_next_box_ticks_its_own_box_not_the_next(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    rng = np.random.default_rng(1)
    pairs = [(0, 1), (2, 3), (4, 5)]
    for a, b in pairs:
        assert abs(sheet.boxes[a].y - sheet.boxes[b].y) < 0.1 and sheet.boxes[b].x > sheet.boxes[a].x
        draw_mark(page, sheet.boxes[a], "flourish", rng, PX_PER_MM * 25.4, toward=sheet.boxes[b])
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert [got[a] for a, _ in pairs] == ["ticked"] * 3  # the tick's turn is in its own box: its tick
    assert [got[b] for _, b in pairs] == ["empty"] * 3  # its tail stops short of the next box's middle


def _overlong_ticks_read(page, sheet, seed, blur):
    """Return (the blur halo, [(state of the ticked box, state of the next box)]) for a page with three
    overlong ticks (boxes 0, 2 and 4, each running on into the box beside it), blurred by blur(page)."""
    drawn, rng = page.copy(), np.random.default_rng(seed)
    pairs = [(0, 1), (2, 3), (4, 5)]
    for a, b in pairs:
        draw_mark(drawn, sheet.boxes[a], "flourish", rng, PX_PER_MM * 25.4, toward=sheet.boxes[b])
    drawn = blur(drawn)
    gray = gray_page(drawn)
    halo = blur_halo(outline_widths(gray, sheet.boxes, paper_shifts(gray, sheet.boxes, PX_PER_MM), PX_PER_MM))
    states = [r.state for r in read_boxes(drawn, sheet.boxes, PX_PER_MM)]
    return halo, [(states[a], states[b]) for a, b in pairs]


def test_on_a_blurred_photo_a_ticks_tail_running_into_the_next_box_does_not_tick_it(cur, clinic):
    # out of focus, the printed outline's band widens on both of its edges; the tail's ink inside the
    # next box must still be joined to its ink beyond the outline (6 of these 36 boxes were read as
    # ticked, and 4 asked, when the reach over the outline counted the blur once)
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    got = []
    for seed in range(12):
        halo, pairs = _overlong_ticks_read(page, sheet, seed, lambda drawn: defocused(drawn, 4))
        assert sum(halo) >= 2
        got += pairs
    assert got == [("ticked", "empty")] * 36


def test_on_a_sideways_shaken_photo_a_tick_running_on_into_the_next_box_is_never_read_empty(cur, clinic):
    # shaken sideways, a tick's turn blurs into the outline below it: its own stroke, running on out of
    # the box, looked run in from outside and was left out, and the box was read empty, 0.9 sure (5 of
    # these 72; found on a held-out set of blurred photos, 3 on one photo). Now such a box is asked
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    got = []
    for length in (12, 13):  # the outlines spread 4 px across: as blurred as is still read
        for seed in range(12):
            halo, pairs = _overlong_ticks_read(page, sheet, seed, lambda drawn, n=length: shaken(drawn, n, 0))
            assert halo == (4, 0)
            got += pairs
    assert {b for _, b in got} == {"empty"}  # the next box: the tail does not tick it
    ticks = [a for a, _ in got]
    assert "empty" not in ticks and ticks.count("ticked") >= 65  # asked, not read empty; most still read


def test_a_round_dark_sticker_filling_the_box_is_a_tick_a_box_blacked_out_to_its_edge_is_asked(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    for i, share in ((0, 0.59), (2, 0.6), (6, 0.61)):  # into the box's far corners, just over its outline
        box = sheet.boxes[i]
        centre = (int((box.x + box.w / 2) * PX_PER_MM), int((box.y + box.h / 2) * PX_PER_MM))
        cv2.circle(page, centre, int(box.w * share * PX_PER_MM), (90, 30, 70), -1, cv2.LINE_AA)
    draw_mark(page, sheet.boxes[4], "scribble", np.random.default_rng(5), PX_PER_MM * 25.4)
    page = cv2.GaussianBlur(page, (0, 0), 0.8)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert [got[i] for i in (0, 2, 6)] == ["ticked"] * 3
    assert got[4] == "unclear"
    assert {got[i] for i in range(len(got)) if i not in (0, 2, 4, 6)} == {"empty"}


def test_a_straight_stroke_run_in_across_a_boxs_centre_line_is_asked_not_left_out(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    box, k = sheet.boxes[2], PX_PER_MM
    start = (int((box.x - 2.5) * k), int((box.y + box.h * 0.88) * k))  # from between the boxes ...
    end = (int((box.x + box.w * 0.8) * k), int((box.y + box.h * 0.8) * k))  # ... on past the centre line
    cv2.line(page, start, end, (30, 30, 30), 3, cv2.LINE_AA)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert got[2] == "unclear"  # the start of a tick running on out of this box, or a neighbour's?
    assert {got[i] for i in range(len(got)) if i != 2} == {"empty"}


def _faint_line(page, start, end):
    """Draw a faint grey line (a pencil line, or the shadow of the sheet's fold) on a page."""
    layer = page.copy()
    cv2.line(layer, start, end, (215, 215, 215), 2, cv2.LINE_AA)
    page[:] = np.minimum(page, layer)


def test_a_fold_across_the_page_is_no_pencil_tick_but_a_faint_line_stopping_at_a_box_is_asked(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    k = PX_PER_MM
    fold = sheet.boxes[0]
    crossed = [i for i, b in enumerate(sheet.boxes) if b.y <= fold.y + fold.h * 0.5 <= b.y + b.h]
    alone = next(i for i in range(len(sheet.boxes)) if i not in crossed)
    line = sheet.boxes[alone]
    y = int((fold.y + fold.h * 0.5) * k)
    _faint_line(page, (0, y), (page.shape[1] - 1, y))  # folded in two: a line right across the page
    x = int((line.x + line.w * 0.5) * k)  # a faint straight line down one box only
    _faint_line(page, (x, int((line.y + line.h * 0.2) * k)), (x, int((line.y + line.h * 0.8) * k)))
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert len(crossed) > 1 and [got[i] for i in crossed] == ["empty"] * len(crossed)  # runs on: a fold
    assert got[alone] == "unclear"  # a pencil line, or a fold? asked
    assert {got[i] for i in range(len(got)) if i not in (*crossed, alone)} == {"empty"}


def test_on_a_blurred_photo_the_outlines_blur_is_neither_ink_nor_a_neighbours_stroke(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    draw_mark(page, sheet.boxes[2], "tick", np.random.default_rng(3), PX_PER_MM * 25.4)
    blurred = shaken(page, 11, 90)
    shifts = paper_shifts(blurred, sheet.boxes, PX_PER_MM)
    halo = blur_halo(outline_widths(blurred, sheet.boxes, shifts, PX_PER_MM))
    assert 3 <= sum(halo) < TOO_BLURRED_PX  # measured
    assert blur_halo(outline_widths(page, sheet.boxes, shifts, PX_PER_MM)) == (0, 0)  # a sharp page has none
    got = [r.state for r in read_boxes(blurred, sheet.boxes, PX_PER_MM)]
    assert got[2] == "ticked"
    assert {got[i] for i in range(len(got)) if i != 2} == {"empty"}


@pytest.mark.parametrize(
    ("blur", "advice"),
    [
        (lambda page: defocused(page, 8), "let the camera focus first"),  # smeared every way
        (lambda page: shaken(page, 17, 0), "hold the phone still"),  # smeared one way: the phone moved
        (lambda page: shaken(page, 17, 30), "hold the phone still"),
    ],
)
def test_a_photo_blurred_too_far_to_read_safely_is_refused_with_what_to_change(cur, clinic, blur, advice):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    draw_mark(page, sheet.boxes[2], "tick", np.random.default_rng(3), PX_PER_MM * 25.4)
    blurred = blur(page)
    shifts = paper_shifts(blurred, sheet.boxes, PX_PER_MM)
    assert sum(blur_halo(outline_widths(blurred, sheet.boxes, shifts, PX_PER_MM))) >= TOO_BLURRED_PX
    with pytest.raises(TooBlurred, match=advice) as refused:
        read_boxes(blurred, sheet.boxes, PX_PER_MM)
    assert "nothing was read" in str(refused.value) and "week grid" in str(refused.value)


def test_a_whole_photo_blurred_too_far_is_refused_before_anything_is_asked(cur, clinic):
    therapist, family = clinic
    pdf, sheet = printed(cur, therapist, family)
    photo = cv2.imdecode(np.frombuffer(sheet_photo(pdf, sheet.boxes, {2: "tick"}, seed=3), np.uint8), 1)
    for blurred, advice in (
        (defocused(photo, 8), "let the camera focus first"),
        (shaken(photo, 17, 30), "hold the phone still"),
    ):
        with pytest.raises(TooBlurred, match=advice):
            read_sheet(cur, therapist, cv2.imencode(".png", blurred)[1].tobytes(), family, today=TODAY)
    # a little shake is read: the tick, and the other boxes empty
    reading = read_sheet(
        cur, therapist, cv2.imencode(".png", shaken(photo, 9, 30))[1].tobytes(), family, today=TODAY
    )
    assert [b.state for b in reading.boxes][:4] == ["empty", "empty", "ticked", "empty"]


def test_a_dense_drawn_star_or_cross_is_a_tick_but_a_tick_zigzagged_over_is_asked():
    # measured on the benchmark: a cross in a thick pen and a drawn star, each covering more than
    # half the box, and a tick zigzagged over; all three look scribbled over
    cross = Measure(
        cover=0.69, marked=0.86, shade=0.36, even=0.27, pencil=0.77, outline=0.55, noise=0.002,
        neighbour=False, peak=0.47, corners=0.89, tips=1.0, bulge=0.33, solid=0.105, hole=0.119, centre=0.0,
    )  # fmt: skip
    star = Measure(
        cover=0.78, marked=0.9, shade=0.4, even=0.27, pencil=0.36, outline=0.59, noise=0.0,
        neighbour=True, peak=0.54, corners=0.28, tips=0.03, bulge=0.0, solid=0.117, hole=0.09, centre=1.0,
    )  # fmt: skip
    crossed = Measure(
        cover=0.84, marked=0.95, shade=0.45, even=0.24, pencil=0.41, outline=0.73, noise=0.004,
        neighbour=True, peak=0.69, corners=0.49, tips=0.44, bulge=0.17, solid=0.194, hole=0.09, centre=0.0,
        one_way=0.66,
    )  # fmt: skip
    # paper as wide as a cross leaves between its arms, a star's hollow middle: strokes, not a scribble
    assert _judge(cross, "box", 0.6) == ("ticked", 0.9)
    assert _judge(star, "box", 0.6) == ("ticked", 0.9)
    assert _judge(crossed, "box", 0.7)[0] == "unclear"  # lines over lines leave slits only
    # without that paper (and with edges running one way), the same marks would be asked: the rule
    # is what reads them
    assert _judge(replace(cross, hole=0.09, one_way=0.66), "box", 0.6)[0] == "unclear"
    assert _judge(replace(star, centre=0.5, one_way=0.66), "box", 0.6)[0] == "unclear"


def test_a_dark_star_sticker_is_a_tick_lines_drawn_back_and_forth_over_a_tick_are_asked():
    # measured on the benchmark: a dark star sticker under glare (its points' edges run five ways)
    # and a tick zigzagged over on a curved sheet (the zigzag's edges run one way); both look
    # scribbled over and leave no wide paper between their strokes
    star = Measure(
        cover=0.895, marked=0.967, shade=0.555, even=0.198, pencil=0.364, outline=0.623, noise=0.008,
        neighbour=True, peak=0.489, corners=0.431, tips=0.472, bulge=0.0, solid=0.052, round_spill=-0.053,
        hole=0.06, centre=0.0, one_way=0.06,
    )  # fmt: skip
    crossed = Measure(
        cover=0.894, marked=0.952, shade=0.625, even=0.23, pencil=0.29, outline=0.725, noise=0.004,
        neighbour=False, peak=0.241, corners=0.547, tips=0.453, bulge=0.0, solid=0.167, round_spill=-0.042,
        hole=0.042, centre=0.0, one_way=0.71,
    )  # fmt: skip
    assert _judge(star, "box", 0.6) == ("ticked", 0.9)
    assert _judge(crossed, "box", 0.7) == ("unclear", 0.5)
    assert _judge(replace(star, one_way=0.71), "box", 0.6)[0] == "unclear"  # the rule reads it
    # covered right through (no paper showing), low one-way edges do not make a tick: a smear
    assert _judge(replace(crossed, cover=0.99, one_way=0.1), "box", 0.7)[0] == "unclear"


def test_a_box_blacked_out_in_pen_spilling_evenly_over_its_outline_is_asked_a_round_spill_is_a_sticker():
    # measured on the benchmark (hard): a box blacked out with a thick pen whose lines overflow
    # the outline along its sides; until this rule it was read as ticked (its ink's colour, `deep`, was
    # not measured then: a pen's, PEN_INK)
    blacked = Measure(
        cover=1.0, marked=1.0, shade=0.885, even=0.01, pencil=0.0, outline=0.724, noise=0.006,
        neighbour=False, peak=0.34, corners=1.0, tips=1.0, bulge=0.241, solid=0.01, round_spill=-0.072,
        deep=PEN_INK,
    )  # fmt: skip
    assert _judge(blacked, "box", 0.41)[0] == "unclear"
    sticker = replace(blacked, round_spill=0.15)  # spilling at the middle of the sides: round
    assert _judge(sticker, "box", 0.41)[0] == "ticked"


def test_a_box_blacked_out_in_pen_spilling_all_along_its_sides_dark_into_every_far_corner_is_asked():
    # measured on a set of blacked-out boxes (crease): pen spilling over the outline all along its
    # sides (not at the middle only, as a round sticker does), as dark in its far corners as in its
    # middle, in a dark ink; until this rule it was read as ticked, 0.9 sure
    blacked = Measure(
        cover=1.0, marked=1.0, shade=0.88, even=0.004, pencil=0.0, outline=0.883, noise=0.008,
        neighbour=False, peak=0.674, corners=1.0, tips=1.0, bulge=0.5, solid=0.004, round_spill=0.0,
        far_corners=(0.999,) * 4, deep=0.879,
    )  # fmt: skip
    assert _judge(blacked, "box", 0.8)[0] == "unclear"
    # a round sticker leaves a far corner lighter than its middle; a crayon is bright in its colour;
    # a sticker spilling at the middle of the sides only is round
    for other in (
        replace(blacked, far_corners=(0.8, 0.999, 0.999, 0.999)),
        replace(blacked, deep=0.2),
        replace(blacked, round_spill=0.2),
    ):
        assert _judge(other, "box", 0.8) == ("ticked", 0.9)


def test_a_box_blacked_out_by_a_hands_zigzag_in_pen_is_asked_a_felt_tip_is_a_box_coloured_in():
    # measured on the --mix zigzag photos (seed 31, crease): a box blacked out by hand in pen (uneven
    # through its core, dark even in its brightest colour) into three of its far corners, one left
    # lighter where the pen stopped short; until this rule it was read as ticked, 0.9 sure
    pen = Measure(
        cover=1.0, marked=1.0, shade=0.638, even=0.072, pencil=0.0, outline=0.763, noise=0.001,
        neighbour=False, peak=0.541, corners=0.984, tips=0.938, bulge=0.0, solid=0.072, round_spill=-0.116,
        deep=0.651, far_corners=(0.74, 1.03, 0.65, 0.84), one_way=0.561,
    )  # fmt: skip
    assert _judge(pen, "box", 0.75) == ("unclear", 0.5)
    assert _judge(replace(pen, far_corners=(0.4, 1.03, 0.65, 0.84)), "box", 0.75) == ("unclear", 0.5)
    # a round sticker leaves two or more far corners light; a dark sticker is smooth right through its
    # core; a crayon is bright in its brightest colour, even photocopied (up to 0.43 on the benchmark)
    for other in (
        replace(pen, far_corners=(0.5, 0.55, 0.65, 0.84)),
        replace(pen, solid=0.01, even=0.01, shade=0.75),
        replace(pen, deep=0.43),
    ):
        assert _judge(other, "box", 0.75) == ("ticked", 0.9)
    # and in blue pen (glare): coloured, so 0.44 dark in its brightest colour is pen; a crayon's colours
    # are brighter (at most 0.33), and only a photocopy's grey crayon, not coloured, is as dark as 0.43
    blue = Measure(
        cover=1.0, marked=1.0, shade=0.785, even=0.07, pencil=0.0, outline=0.795, noise=0.008,
        neighbour=False, peak=0.598, corners=1.0, tips=1.0, bulge=0.317, solid=0.07, round_spill=0.181,
        deep=0.444, far_corners=(0.8, 0.98, 1.01, 0.98), one_way=0.513, tinted=1.0,
    )  # fmt: skip
    assert _judge(blue, "box", 0.8) == ("unclear", 0.5)
    assert _judge(replace(blue, tinted=0.0), "box", 0.8) == ("ticked", 0.9)
    assert _judge(replace(blue, deep=0.38), "box", 0.8) == ("ticked", 0.9)
    # the same seed's box zigzagged in a felt tip, lighter than the outline: it measures as a crayon
    # does, and the stated rule reads it as a box coloured in
    felt = Measure(
        cover=1.0, marked=1.0, shade=0.702, even=0.007, pencil=0.0, outline=0.89, noise=0.017,
        neighbour=False, peak=0.823, corners=1.0, tips=1.0, bulge=0.463, solid=0.007, round_spill=-0.046,
        deep=0.414, far_corners=(1.1, 0.89, 1.08, 1.01), one_way=0.315,
    )  # fmt: skip
    assert _judge(felt, "box", 0.85) == ("ticked", 0.9)


def test_a_box_filled_in_a_bright_crayon_is_a_tick_unless_the_photo_is_blurred():
    # measured on the benchmark (seed 2, coloured in): a crayon's fill whose grain measures as a pen's
    # texture; until the twelfth pass it was asked as scribbled over
    crayon = Measure(
        cover=1.0, marked=1.0, shade=0.302, even=0.125, pencil=0.0, outline=0.415, noise=0.012,
        neighbour=False, peak=0.811, corners=1.0, tips=1.0, bulge=0.778, solid=0.125, round_spill=-0.029,
        one_way=0.107, deep=0.11, far_corners=(0.84, 1.02, 1.0, 0.9), tinted=0.994,
    )  # fmt: skip
    assert _judge(crayon, "box", 0.42) == ("ticked", 0.9)
    assert _judge(replace(crayon, deep=0.216), "box", 0.42)[0] == "unclear"  # as dark as a blue crayon: asked
    assert _judge(crayon, "box", 0.42, soft=True)[0] == "unclear"  # blur measured: asked
    # measured on a --mix set (seed 31, glare + photocopy + chat app, no blur measured): a box blacked
    # out in pen and photocopied grey, the brightest pen filling a box on such photos
    pen = Measure(
        cover=1.0, marked=1.0, shade=0.265, even=0.103, pencil=0.0, outline=0.278, noise=0.006,
        neighbour=False, peak=0.819, corners=1.0, tips=1.0, bulge=0.102, solid=0.103, round_spill=-0.188,
        one_way=0.953, deep=0.264, far_corners=(1.23, 1.22, 0.85, 0.82), tinted=0.0,
    )  # fmt: skip
    assert _judge(pen, "box", 0.28) == ("unclear", 0.5)
    # measured on seed 32 (motion, blur measured): a tick crossed out in red pen, blurred as bright as a
    # crayon's fill and judged alone read as one: the rule waits for a photo without blur
    crossed = Measure(
        cover=1.0, marked=1.0, shade=0.378, even=0.164, pencil=0.0, outline=0.38, noise=0.021,
        neighbour=False, peak=0.468, corners=1.0, tips=1.0, bulge=0.537, solid=0.164, round_spill=-0.144,
        one_way=0.309, deep=0.164, far_corners=(0.85, 0.93, 0.63, 0.63), tinted=0.938,
    )  # fmt: skip
    assert _judge(crossed, "box", 0.38, soft=True) == ("unclear", 0.5)
    assert _judge(crossed, "box", 0.38)[0] == "ticked"


def test_on_a_sharp_page_boxes_coloured_in_with_a_bright_crayon_are_ticks_pen_blacked_out_is_asked(
    cur, clinic
):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    # with these draws each crayon's grain measures as a pen's texture (asked before the twelfth pass)
    for i, seed in ((0, 21), (2, 25), (6, 29)):
        draw_mark(page, sheet.boxes[i], "filled", np.random.default_rng(seed), PX_PER_MM * 25.4)
    draw_mark(page, sheet.boxes[4], "scribble", np.random.default_rng(5), PX_PER_MM * 25.4)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert [got[i] for i in (0, 2, 6)] == ["ticked"] * 3
    assert got[4] == "unclear"
    assert {got[i] for i in range(len(got)) if i not in (0, 2, 4, 6)} == {"empty"}


def test_on_a_page_boxes_blacked_out_by_hand_are_asked_dark_stickers_are_ticks(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    marks = {0: "zigzag", 2: "zigzag", 3: "disc_dark", 4: "zigzag", 5: "star_dark", 6: "zigzag"}
    for i, mark in marks.items():  # (with these draws, boxes 2 and 4 were read as ticked before the rule)
        draw_mark(page, sheet.boxes[i], mark, np.random.default_rng(i), PX_PER_MM * 25.4)
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert [got[i] for i in (0, 2, 4, 6)] == ["unclear"] * 4
    assert (got[3], got[5]) == ("ticked", "ticked")


@pytest.mark.parametrize("seed", [1, 2])
def test_on_a_creased_sheet_pen_blacked_out_is_asked_a_crayon_and_a_dark_sticker_are_ticks(cur, clinic, seed):
    therapist, family = clinic
    marks = {0: "scribble", 2: "scribble", 4: "scribble", 1: "tick", 6: "filled", 8: "disc_dark"}
    got, _ = states(cur, therapist, family, marks, conditions=("crease",), seed=seed)
    assert [got[i] for i in (0, 2, 4)] == ["unclear"] * 3
    assert [got[i] for i in (1, 6, 8)] == ["ticked"] * 3
    assert {got[i] for i in range(len(got)) if i not in marks} == {"empty"}


def _glared(page, box, gain):
    """Return a page under room light (its paper below white) with a sleeve's glare added over `box`
    and the box to its right, clipped at white as a phone clips it."""
    yy, xx = np.mgrid[: page.shape[0], : page.shape[1]].astype(np.float32)
    cx, cy = (box.x + box.w * 1.5) * PX_PER_MM, (box.y + box.h / 2) * PX_PER_MM
    spot = np.exp(
        -(((xx - cx) / (box.w * 2.5 * PX_PER_MM)) ** 2 + ((yy - cy) / (box.h * 1.5 * PX_PER_MM)) ** 2)
    )
    return np.clip(page.astype(np.float32) * 0.9 + (gain * spot)[..., None], 0, 255).astype(np.uint8)


def test_under_glare_an_empty_box_on_paper_washed_to_white_is_asked_a_pen_tick_seen_clearly_is_read(
    cur, clinic
):
    # measured on the benchmark (glare): a light pencil tick under a sleeve's glare, the paper
    # around it at the photo's white limit and its outline a sixth fainter than elsewhere, was read
    # empty, 1.0 sure
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    draw_mark(page, sheet.boxes[3], "tick", np.random.default_rng(1), PX_PER_MM * 25.4)
    # a little glare: box 2's paper at white, its outline a tenth fainter (the faint-outline rule
    # asks from a quarter)
    got = [r.state for r in read_boxes(_glared(page, sheet.boxes[2], 40), sheet.boxes, PX_PER_MM)]
    assert (got[2], got[3]) == ("unclear", "ticked")
    assert {got[i] for i in range(len(got)) if i not in (2, 3)} == {"empty"}
    # strong glare: the outlines washed out, but the pen tick seen clearly is read as a tick, not surely
    got = read_boxes(_glared(page, sheet.boxes[2], 160), sheet.boxes, PX_PER_MM)
    assert (got[2].state, got[3].state) == ("unclear", "ticked") and got[3].confidence <= 0.9
    # a sheet whose paper is all at white (a scan, an overexposed photo) has no glare to tell apart
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert got[3] == "ticked" and {got[i] for i in range(len(got)) if i != 3} == {"empty"}
    # light a little stronger across the sheet, its right end at white, the outlines there as dark as
    # elsewhere: nothing is asked (glare adds light, which fades the outline)
    draw_mark(page, sheet.boxes[5], "pencil", np.random.default_rng(2), PX_PER_MM * 25.4)
    across = np.linspace(0.85, 1.02, page.shape[1], dtype=np.float32)[None, :, None]
    lit = np.clip(page.astype(np.float32) * across, 0, 255).astype(np.uint8)
    got = [r.state for r in read_boxes(lit, sheet.boxes, PX_PER_MM)]
    assert (got[3], got[5]) == ("ticked", "ticked")
    assert {got[i] for i in range(len(got)) if i not in (3, 5)} == {"empty"}


def test_a_box_asked_says_when_the_photo_is_why_glare_or_blur(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    draw_mark(page, sheet.boxes[4], "scribble", np.random.default_rng(5), PX_PER_MM * 25.4)
    got = read_boxes(_glared(page, sheet.boxes[2], 40), sheet.boxes, PX_PER_MM)
    assert (got[2].state, got[2].cause) == ("unclear", GLARE)  # its paper at white, its outline faint
    assert (got[4].state, got[4].cause) == ("unclear", "")  # blacked out: asked by rule, the photo is fine
    assert {r.cause for r in got} == {GLARE, ""}
    got = read_boxes(shaken(page, 11, 90), sheet.boxes, PX_PER_MM)
    assert (got[4].state, got[4].cause) == ("unclear", SOFT)
    assert {r.cause for i, r in enumerate(got) if i != 4} == {""}  # read, so no cause


def test_a_faint_outline_is_called_glare_only_where_the_paper_is_washed_out_to_white():
    faint = Measure(
        cover=0.0, marked=0.0, shade=0.0, even=0.0, pencil=0.0, outline=0.3, noise=0.001,
        neighbour=False, peak=0.8, corners=0.0, clipped=0.6,
    )  # fmt: skip
    assert _cause(faint, 0.8, 0.8, soft=False) == GLARE
    assert _cause(faint, 0.8, 0.8, soft=True) == GLARE
    # the same faint outline on paper below white: a photocopy or a crease's shade, where tilting the
    # sheet away from the light would not help
    assert _cause(replace(faint, clipped=0.0), 0.8, 0.8, soft=False) == ""
    assert _cause(replace(faint, clipped=0.0), 0.8, 0.8, soft=True) == SOFT
    # paper at white around an outline as dark as the sheet's usual: nothing washed out
    assert _cause(replace(faint, outline=0.8), 0.8, 0.8, soft=False) == ""


def test_boxes_asked_under_a_sleeves_glare_say_so_with_what_to_change(cur, clinic):
    therapist, family = clinic
    pdf, sheet = printed(cur, therapist, family)
    photo = sheet_photo(pdf, sheet.boxes, {1: "tick", 5: "pencil"}, "moderate", 6, conditions=("glare",))
    reading = read_sheet(cur, therapist, photo, family)
    assert len(reading.asked) >= 2 and {b.cause for b in reading.asked} == {GLARE}
    assert {b.note for b in reading.asked} == {"unclear, the paper shines here: is it ticked?"}
    assert any(
        m.startswith("They lie where the paper shines") and "tilt the sheet" in m for m in reading.messages
    )
    # the same sheet, a box scribbled out, no glare: asked by rule, no advice about the photo
    photo = sheet_photo(pdf, sheet.boxes, {1: "tick", 5: "scribble"}, "moderate", 6)
    reading = read_sheet(cur, therapist, photo, family)
    assert [(b.index, b.cause, b.note) for b in reading.asked] == [(5, "", "unclear: is it ticked?")]
    assert not any("shines" in m for m in reading.messages)


def test_an_empty_box_on_paper_at_white_is_asked_only_against_boxes_whose_paper_is_not():
    # measured on the benchmark (glare): the light pencil tick read empty, 1.0 sure
    washed = Measure(
        cover=0.0, marked=0.0, shade=0.004, even=0.0, pencil=0.0, outline=0.536, noise=0.0,
        neighbour=False, peak=0.79, corners=0.0, clipped=0.89,
    )  # fmt: skip
    assert _judge(washed, "box", 0.6, 0.64) == ("unclear", 0.3)  # its outline a sixth fainter
    assert _judge(washed, "box", 0.6, 0.58)[0] == "empty"  # as dark as where the paper is not at white
    assert _judge(washed, "box", 0.6, 0.0)[0] == "empty"  # too few boxes with paper not at white to tell
    assert _judge(replace(washed, clipped=0.1), "box", 0.6, 0.64)[0] == "empty"  # paper not at white


def test_a_straight_dark_band_along_the_page_right_across_a_box_is_asked_a_slanting_stroke_is_a_tick(
    cur, clinic
):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    k = PX_PER_MM
    band, slash = sheet.boxes[1], sheet.boxes[3]
    x = int((band.x + band.w * 0.7) * k)  # a photocopied crease's shadow: down the page, over the box
    cv2.rectangle(
        page, (x, int((band.y - 6) * k)), (x + int(2 * k), int((band.y + band.h + 6) * k)), (95,) * 3, -1
    )
    corner = (int((slash.x + 0.15 * slash.w) * k), int((slash.y + 0.85 * slash.h) * k))  # one stroke, "/"
    cv2.line(
        page, corner, (int((slash.x + 0.85 * slash.w) * k), int((slash.y + 0.15 * slash.h) * k)), (60,) * 3, 3
    )
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert got[1] == "unclear" and got[3] == "ticked"
    assert {got[i] for i in range(len(got)) if i not in (1, 3)} == {"empty"}


def test_on_a_blurred_photo_a_little_ink_along_a_boxs_edges_and_a_faint_stroke_in_a_star_are_asked():
    # measured on the benchmark: an empty box on a defocused photo whose outline blurred further in
    # than the sheet's measure, and an empty star of a star chart shaken too much to decode
    frame = Measure(
        cover=0.15, marked=0.323, shade=0.042, even=0.202, pencil=0.8, outline=0.305, noise=0.002,
        neighbour=False, peak=0.552, corners=0.528, tips=0.75, bulge=0.583, hole=0.269, centre=1.0,
        one_way=0.367, framed=1.0,
    )  # fmt: skip
    star = Measure(
        cover=0.013, marked=0.088, shade=0.012, even=0.035, pencil=0.545, outline=0.343, noise=0.0,
        neighbour=False, peak=0.626, corners=0.0, hole=0.184, centre=1.0, one_way=0.641, framed=1.0,
    )  # fmt: skip
    assert _smeared(frame, "ticked", 1.0) == ("unclear", 0.5)
    assert _smeared(replace(frame, framed=0.5), "ticked", 1.0) == ("ticked", 0.9)  # ink across the box
    assert _blurred_state(star, "star", "ticked", 0.85) == ("unclear", 0.5)
    assert _blurred_state(replace(star, cover=1.0), "star", "ticked", 0.9) == ("ticked", 0.9)  # a sticker


def test_pen_drawn_back_and_forth_over_a_box_is_striped_a_sticker_is_even(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    k = PX_PER_MM
    zigzag, sticker = sheet.boxes[1], sheet.boxes[3]
    points = [
        (zigzag.x + (0.1 + 0.8 * (i % 2)) * zigzag.w, zigzag.y + (0.08 + i * 0.085) * zigzag.h)
        for i in range(11)
    ]
    cv2.polylines(
        page, [(np.array(points) * k).astype(np.int32)], False, (120, 40, 20), 3
    )  # tick crossed out
    centre = (int((sticker.x + sticker.w / 2) * k), int((sticker.y + sticker.h / 2) * k))
    cv2.circle(page, centre, int(sticker.w * 0.55 * k), (120, 40, 20), -1, cv2.LINE_AA)  # the same ink, even
    assert (
        measure_box(page, zigzag, PX_PER_MM).stripes
        >= STRIPED
        > measure_box(page, sticker, PX_PER_MM).stripes
    )


def test_a_box_covered_as_evenly_as_a_sticker_but_striped_by_pen_lines_is_asked():
    # measured on the benchmark: a tick zigzagged over in a dim kitchen, sent through a chat app (its
    # lines merged nearly into one even patch), and a dark disc sticker on a curved sheet
    crossed = Measure(
        cover=0.942, marked=0.994, shade=0.761, even=0.172, pencil=0.364, outline=0.768, noise=0.009,
        neighbour=False, peak=0.193, corners=0.708, tips=0.639, bulge=0.0, solid=0.046, hole=0.06,
        centre=0.0, one_way=0.647, slant=4.069, stripes=0.019, framed=0.456,
    )  # fmt: skip
    sticker = Measure(
        cover=0.998, marked=0.998, shade=0.877, even=0.062, pencil=0.0, outline=0.811, noise=0.001,
        neighbour=True, peak=0.333, corners=0.549, tips=0.111, bulge=0.0, solid=0.005, round_spill=-0.094,
        hole=0.03, centre=0.0, one_way=0.133, slant=20.559, stripes=0.0, framed=0.47,
    )  # fmt: skip
    assert _judge(crossed, "box", 0.74) == ("unclear", 0.5)
    assert _judge(replace(crossed, stripes=0.0), "box", 0.74)[0] == "ticked"  # the stripes ask it
    # a tick all the same, but ink over half a box is never read surer than 0.9: that is where a
    # crossed-out tick hides among stickers and coloured-in boxes
    assert _judge(sticker, "box", 0.78) == ("ticked", 0.9)


def _zigzag_page(cur, clinic):
    """A sharp page: a tick zigzagged over (its lines apart, not blacked out) in box 1, a thick tick in
    box 3, a box coloured in with a crayon in box 5 and a drawn star in box 7."""
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    for index, mark, seed in ((1, "crossed", 3), (3, "tick", 1), (5, "filled", 4), (7, "star", 4)):
        draw_mark(page, sheet.boxes[index], mark, np.random.default_rng(seed), PX_PER_MM * 25.4)
    return page, sheet


def test_on_a_sharp_photo_a_tick_zigzagged_over_is_asked_a_tick_a_crayon_and_a_drawn_star_are_ticks(
    cur, clinic
):
    page, sheet = _zigzag_page(cur, clinic)
    shifts = paper_shifts(page, sheet.boxes, PX_PER_MM)
    assert max(line_widths(page, sheet.boxes, shifts, PX_PER_MM)) < SHARP_RUN_PX  # sharper than most
    crossed = measure_box(page, sheet.boxes[1], PX_PER_MM)
    assert crossed.cover < 0.95 and crossed.corners < 0.85  # its lines stay apart, short of the corners
    got = [r.state for r in read_boxes(page, sheet.boxes, PX_PER_MM)]
    assert [got[i] for i in (1, 3, 5, 7)] == ["unclear", "ticked", "ticked", "ticked"]


def test_on_a_sharp_photo_pen_lines_merged_into_a_patch_are_asked_a_sticker_and_a_crayon_are_not():
    # measured on a 12 MP photo: a tick zigzagged over with a thick pen, its lines merged into one
    # patch (no stripes left, edges running every way), uneven through its core as pen is
    merged = Measure(
        cover=0.963, marked=0.992, shade=0.644, even=0.102, pencil=0.091, outline=0.827, noise=0.001,
        neighbour=False, peak=0.62, corners=0.521, tips=0.333, bulge=0.0, solid=0.044, round_spill=0.0,
        lined=True, hole=0.03, centre=0.0, one_way=0.437, slant=9.296, stripes=0.001, framed=0.451,
    )  # fmt: skip
    assert _judge(merged, "box", 0.82) == ("ticked", 0.9)  # the other rules read it as a tick ...
    assert _zigzagged(merged)  # ... so on a sharp photo it is asked
    assert not _zigzagged(replace(merged, solid=0.004))  # a sticker is even right through its core
    assert not _zigzagged(replace(merged, corners=1.0))  # a crayon fills the box into its corners
    assert not _zigzagged(replace(merged, shade=0.3))  # a pale sticker is lighter than the outline
    # measured on a 2 MP photo: a dark disc sticker under a sleeve's glare, uneven but smooth
    glare_disc = Measure(
        cover=0.998, marked=1.0, shade=0.419, even=0.069, pencil=0.045, outline=0.448, noise=0.002,
        neighbour=False, peak=0.674, corners=0.722, tips=0.5, bulge=0.083, solid=0.065, round_spill=-0.01,
        hole=0.03, centre=0.0, one_way=0.651, slant=42.458, stripes=0.0, framed=0.47,
    )  # fmt: skip
    assert not _zigzagged(glare_disc)


def test_on_a_photo_softer_than_most_the_zigzag_rule_is_not_used(cur, clinic, monkeypatch):
    # a soft photo thickens a tick's lines: one thick tick alone can measure dense, one way and
    # striped there (measured on seed 1's softer photos: 18 ticks, 3 crosses and a crayon box), so
    # it is read
    page, sheet = _zigzag_page(cur, clinic)
    monkeypatch.setattr("lib.sheet_scan.boxes.line_widths", lambda *args: (SHARP_RUN_PX + 0.5, 3.0))
    reading = read_boxes(page, sheet.boxes, PX_PER_MM)[1]
    assert (reading.state, reading.confidence) == ("ticked", 0.9)


def test_how_sharp_a_photo_is_is_told_by_the_outline_s_own_line_not_by_lines_printed_near_it(cur, clinic):
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    shifts = paper_shifts(page, sheet.boxes, PX_PER_MM)
    assert max(line_widths(page, sheet.boxes, shifts, PX_PER_MM)) < SHARP_RUN_PX
    # a line printed below every box, and one so close above it that the two merge into one dark run:
    # the spread of darkness counts them, the narrower side's own line not
    ruled = page.copy()
    for box in sheet.boxes:
        for y_mm in (box.y - 0.6, box.y + box.h + 1.4):
            y = int(round(y_mm * PX_PER_MM))
            cv2.line(
                ruled, (int(box.x * PX_PER_MM), y), (int((box.x + box.w) * PX_PER_MM), y), (60, 60, 60), 2
            )
    assert outline_widths(ruled, sheet.boxes, shifts, PX_PER_MM)[1] >= SHARP_LINE_PX
    assert max(line_widths(ruled, sheet.boxes, shifts, PX_PER_MM)) < SHARP_RUN_PX
    # a photo a little soft (as many 2 MP photos are): its outlines still spread under SHARP_LINE_PX,
    # but their own line is wider than on a sharp photo
    soft = cv2.GaussianBlur(page, (0, 0), 1.2)
    assert max(outline_widths(soft, sheet.boxes, shifts, PX_PER_MM)) < SHARP_LINE_PX
    assert min(line_widths(soft, sheet.boxes, shifts, PX_PER_MM)) >= SHARP_RUN_PX


def test_on_a_shaken_photo_the_outline_s_smear_into_an_empty_box_is_not_a_neighbour_s_stroke(cur, clinic):
    # the phone moved sideways by 2 mm: each box's printed sides smear into it further than the
    # measured blur, joined to the outline like a neighbour's stroke running in. No further in than
    # the blur and SMEAR_PX: the empty boxes are read empty, not asked; the tick and the pencil tick
    # (their strokes deep in their boxes) are still ticks
    therapist, family = clinic
    page, sheet = _page(cur, therapist, family)
    draw_mark(page, sheet.boxes[1], "tick", np.random.default_rng(1), PX_PER_MM * 25.4)
    draw_mark(page, sheet.boxes[3], "pencil", np.random.default_rng(2), PX_PER_MM * 25.4)
    for length in (10, 12):
        readings = read_boxes(shaken(page, length, 0), sheet.boxes, PX_PER_MM)
        assert [r.state for r in readings] == [
            "ticked" if i in (1, 3) else "empty" for i in range(len(sheet.boxes))
        ]
        # a box whose outline's smear was dropped is never read surer than 0.9: a faint stroke may
        # have gone with it
        assert max(r.confidence for r in readings) <= 0.9
