"""Reading each box of a straightened sheet: ticked, empty, or unclear (asked, never guessed).

Each box is measured on its own printed outline (measure.py); the rules here read its Measure.
A box is asked, not answered, when its measurement cannot be trusted: an outline much fainter
than on the rest of the sheet (glare, a washed-out corner) or the paper around it washed out to
white (glare: a faint mark may be lost), a noisy window, or a mark crossed out. Ink that runs in
from outside the box without reaching its middle (a neighbour's overlong tick) does not tick it.
A sticker or a coloured-in box is a tick; a thin pencil stroke is a stroke, not an inked area. A
photo whose blur spreads the printed outlines too far for any box to be read safely is refused
(TooBlurred), with what to change for the next one.
"""

from dataclasses import dataclass, replace

import numpy as np

from lib.errors import DomainError
from lib.sheet_scan.measure import (
    BENT,
    BLURRED_PX,
    PENCIL_STROKE,
    blur_halo,
    gray_page,
    line_widths,
    measure_box,
    outline_widths,
    paper_shifts,
)

TICKED, EMPTY, UNCLEAR = "ticked", "empty", "unclear"
STATES = (TICKED, EMPTY, UNCLEAR)
GLARE, SOFT = "glare", "blur"  # the photo's part in a box asked: its paper washed out, or the photo blurred
EMPTY_BELOW = 0.015  # share of the box's inside inked: at most this, empty
TICKED_FROM = 0.05  # at least this, ticked ...
STAR_TICKED_FROM = 0.12  # (a star's small middle: a crease or a shadow's edge must not tick it)
SCRIBBLE_COVER = 0.5  # ... unless this much of a box is inked ...
SCRIBBLE_CORNERS = 0.4  # ... into its corners ...
SCRIBBLE_SHADE = 0.55  # ... this dark for the outline's darkness ...
PEN_TEXTURE = 0.12  # ... with a pen's uneven texture (a sticker or a crayon is even) ...
DENSE_TEXTURE = 0.09  # (the whole box covered as dark as the outline: a little texture is enough)
ROUGH_TEXTURE = 0.2  # (lines over lines: rougher than a star sticker's soft edge)
BLACKED_OUT = 0.9  # ... or nearly as dark as the printed outline (a crayon is lighter) ...
BLACKED_CORNERS = 0.85  # ... into every corner ...
BLACKED_TIPS = 0.95  # ... right into the far corners, not spilling over the outline (a sticker is round) ...
BLACKED_SPILL = 0.2
ROUND_SPILL = (
    0.1  # (ink spilling just over the outline at the middle of the sides, not at their ends: a round sticker)
)
SQUARE_SPILL = -0.05  # ... nor where it spills more near the sides' ends than at their middle (pen)
EVEN_SPILL = 0.15  # ... or, spilling over the outline nearly as much near the sides' ends as at their middle,
FAR_DARK = 0.9  # ... as dark in its lightest far corner as this share of its middle (a sticker is round) ...
DEEP_INK = 0.32  # ... in an ink this dark even in its brightest colour (a bright crayon is not) ...
WIDE_SPILL = 0.9  # ... not across this share of the paper just outside each side's middle (a sticker bigger
# than the box, round beyond it, covers its far corners too)
OVER_DRAWN = 0.65  # pen over this share of the box ...
UNEVEN_CORE = 0.12  # ... and this uneven in its core (a drawn star or a cross is one line): crossed out
SOLID_CORE = 0.05  # darkness this even over the ink's core (its edge left out): a sticker, not pen
SCRIBBLE_DARK = 0.75  # (an even square this dark for the outline; a crayon has grain)
SOME_TEXTURE = 0.04  # ... or nearly so, with some pen texture (a sticker is perfectly even): asked
NEARLY_TIPS = 0.7
COVERED = 0.45  # a faint or coloured mark over this share of the box: a sticker or a coloured box
# a faint stroke across STAR_PENCIL of a star's middle, the star found on its printed outline at
# least STAR_FOUND: a pencil mark
STAR_PENCIL = 0.5
STAR_FOUND = 0.6
FAINT_OUTLINE = 0.75  # an outline fainter than this share of the sheet's usual: untrusted
# CLIPPED of the paper around a box at the photo's white limit (measure.WHITE), its outline fainter than ...
CLIPPED = 0.3
WASHED = 0.9  # ... this share of the usual where the paper is not (at least UNWASHED boxes): a faint mark
UNWASHED = 3  # may be washed out, no box is read empty
# on a blurred photo (BLURRED_PX), a little ink lying FRAMED of it only along a box's inside edges is
# asked (the outline's blur, spread further than the sheet's measure) ...
FRAMED = 0.9
# ... and an empty box with this share of its inside left out as a neighbour's ink is asked:
# its own tick's turn may have blurred into the outline (see _smeared)
SMEARED_LEFT_OUT = 0.2
TOO_BLURRED_PX = 5  # the outlines spread this far (about 1 mm): nothing is read safely, the photo is retaken
NOISY = 0.22  # paper noise above this share of the outline's darkness: untrusted
EMPTY_NOISY = 0.1  # ... above this share, an empty box is asked (a pencil stroke could hide in it)
BLURRED_FAINT = 0.1  # on a photo too blurred to decode its code, an empty box with a faint stroke this long
BLURRED_LEFT_OUT = 0.1  # ... and an empty box with this share of its inside left out as a neighbour's ink
# (the outline's smear not counted: see SMEAR_PX)
BLURRED_SOLID = 1.0  # ... and a solid square this dark for its outline (pen blacked out) are asked
OPEN_MARK = 0.11  # dense ink leaving paper this wide between its strokes (radius, share of the box) ...
HOLLOW = 0.85  # ... or its very middle this clear (a drawn star): strokes drawn, not lines over lines
ONE_WAY = 0.25  # ... or, paper still showing, edges in its middle running one way less than this share
STRIPED = 0.004  # a box nearly covered, even as a sticker, but its darkness rising and falling this much
# every 3 to 8 px across its strokes (a share of the paper's brightness): pen back and forth, asked
BACK_AND_FORTH = 0.5  # ink over half a box, its edges running this much one way ...
STRIPED_SHARP = 0.005  # ... with stripes across them this strong, on a photo sharper than most (its
# printed outlines' own lines narrower than SHARP_RUN_PX, across and down): crossed out?
MERGED_COVER = 0.9  # ... or, on such a photo, pen over this share of the box, its lines merged ...
MERGED_CORE = 0.04  # ... with its core this uneven (a sticker's is not): crossed out?
STRAIGHT = 0.95  # ink whose edges run this nearly all one way ...
ALONG_PAGE = 10  # ... within this many degrees of the page's edges, right across a box: a crease, asked
LESS_SURE = 0.9  # the most a doubtful reading is sure (see _doubtful)
OUTLINE_FOUND = 0.5  # a box's outline matched at least this well: found on its own outline
SHARED_STROKE = 0.3  # a box inked less than this, its stroke running on into the next box: asked
SHARP_RUN_PX = 3.3  # a printed outline's own line narrower than this (px, across and down): a sharp photo
FILLED = 0.95  # a box inked over this share of its inside: filled right across (blacked out, a crayon's fill)
# blacked out by a hand's zigzag in pen: a box FILLED ...
LIGHT_CORNER = 0.6  # ... with at most one far corner lighter than this share of its middle (a round sticker leaves more) ...
PEN_CORE = 0.03  # ... this uneven through its core (a sticker is smooth) ...
PEN_INK = 0.5  # ... in an ink this dark even in its brightest colour (a crayon, even photocopied, is not),
COLOURED_PEN = 0.42  # or this dark when coloured (blue pen: a crayon's colours are brighter) ...
TINTED = 0.5  # ... over this share of its ink (a photocopy's grey crayon is as dark as 0.43)
# a box FILLED, not lines over lines (ROUGH_TEXTURE), its ink this bright in its brightest colour (`deep`),
# on a photo with no blur measured: a crayon's fill, not pen (pen filling a box measured 0.26 or more on
# such photos; on blurred ones a red pen's lines blur as bright as 0.16, so there the box is asked)
CRAYON_BRIGHT = 0.2


@dataclass(frozen=True)
class BoxReading:
    """What one box shows: its state, how sure the reading is (0-1), the share inked, and for a box asked,
    the photo's part in it (see _cause): GLARE, SOFT, or "" when only the mark is to blame (crossed out,
    a stroke whose box is not clear...)."""

    state: str
    confidence: float
    ink: float
    cause: str = ""


def _scribbled(m):
    """Return True for pen scribbled over a box: dense, dark for its outline, into the corners, uneven.

    A sticker or a star leaves the corners clear; a crayon is lighter and even; a tick or a cross
    covers far less of the box."""
    if m.cover < SCRIBBLE_COVER:
        return False
    shade = m.shade / max(m.outline, 0.25)
    if m.corners >= BLACKED_CORNERS and m.cover >= FILLED:
        # inked evenly right into the far corners, as dark for the outline as pen
        flat = m.tips >= BLACKED_TIPS and m.even < SOME_TEXTURE and shade >= SCRIBBLE_DARK
        if m.round_spill < ROUND_SPILL:
            # not spilling over the outline: blacked out (a spill over the outline counts against pen
            # only where it bulges at the middle of the sides)
            if flat and (m.bulge < BLACKED_SPILL or m.round_spill < SQUARE_SPILL):
                return True
            # as dark as the outline, with some texture, nearly into the far corners: pen over pen
            if shade >= BLACKED_OUT and (
                m.tips >= NEARLY_TIPS and m.even >= SOME_TEXTURE or m.even >= PEN_TEXTURE
            ):
                return True
        spread = m.round_spill < EVEN_SPILL and m.bulge < WIDE_SPILL
        if flat and spread and m.far_dark >= FAR_DARK and m.deep >= DEEP_INK:
            # spilling over the outline all along its sides, as dark in every far corner as in its
            # middle, in a dark ink: pen blacked out (a round sticker leaves a far corner lighter, and
            # a crayon is bright)
            return True
    if m.cover >= OVER_DRAWN and m.even >= ROUGH_TEXTURE and m.solid >= UNEVEN_CORE:
        return True  # most of the box drawn over, uneven right through its core: lines over lines
    if shade < SCRIBBLE_SHADE or m.solid < SOLID_CORE:  # (evenly dark right through: a sticker)
        return False
    if (
        m.cover >= FILLED
        and shade >= BLACKED_OUT
        and m.even >= DENSE_TEXTURE
        and m.corners >= SCRIBBLE_CORNERS
    ):
        return True  # the whole box as dark as its outline, uneven through its core: pen over pen
    # into the corners with a pen's texture, or with a rougher texture a little less far
    return (m.corners >= SCRIBBLE_CORNERS and m.even >= PEN_TEXTURE) or (
        m.corners >= SCRIBBLE_CORNERS / 2 and m.even >= ROUGH_TEXTURE
    )


def _zigzagged(m):
    """Return True for pen drawn back and forth over a box (a tick crossed out?): dense ink whose edges
    run one way with stripes across them, or lines merged into a patch nearly covering the box, dark
    for its outline, uneven through its core and textured as pen is. Asked only on a sharp photo,
    where a tick's or a cross's lines stay thin: on a soft one, a thick tick alone can look like this."""
    if m.corners >= BLACKED_CORNERS or m.centre >= HOLLOW:
        return False  # a crayon fills the box into its corners; a drawn star leaves its middle clear
    striped = m.cover >= SCRIBBLE_COVER and m.one_way >= BACK_AND_FORTH and m.stripes >= STRIPED_SHARP
    # (a sticker is even right through its core, a pale one lighter; a dark one under glare uneven, but smooth)
    merged = (
        m.cover >= MERGED_COVER
        and m.shade >= SCRIBBLE_SHADE * max(m.outline, 0.25)
        and m.solid >= MERGED_CORE
        and m.even >= DENSE_TEXTURE
    )
    return striped or merged


def _hand_filled(m):
    """Return True for a box blacked out by a hand's zigzag in pen: covered, into at least three of its far
    corners (a pen lifted short of one corner leaves it light; a round sticker leaves two or more), uneven
    through its core (a sticker is smooth), in an ink dark even in its brightest colour (a crayon's colours
    are bright). By the stated rule (README), a box filled in a lighter ink (a red pen, most felt tips) is
    read as a box coloured in: it measures as a crayon's fill does."""
    if m.cover < FILLED or sum(c < LIGHT_CORNER for c in m.far_corners) > 1:
        return False
    return m.solid > PEN_CORE and (m.deep >= PEN_INK or m.deep >= COLOURED_PEN and m.tinted >= TINTED)


def _crayoned(m):
    """Return True for a box coloured in with a crayon: filled right across in a colour brighter than any
    pen, not lines drawn over lines. A crayon's grain leaves specks of paper that measure as a pen's
    texture, so until the twelfth pass such a box looked scribbled over and was asked. Used only on a
    photo with no blur measured (see CRAYON_BRIGHT)."""
    return m.cover >= FILLED and m.deep < CRAYON_BRIGHT and m.even < ROUGH_TEXTURE


def _across(sides):
    """Return True when ink runs up to two opposite sides of a box."""
    return {"left", "right"} <= sides or {"top", "bottom"} <= sides


def _doubtful(m, shape):
    """Return True for a tick read in a way that is right less often: not found on its own outline,
    next to a neighbour's ink, or ink over half the box (where a crossed-out tick hides among
    stickers and coloured-in boxes)."""
    if m.peak < (STAR_FOUND if shape == "star" else OUTLINE_FOUND):
        return True
    if m.neighbour and m.cover < SHARED_STROKE:
        return True
    return shape == "box" and m.cover >= SCRIBBLE_COVER


def _washed(m, sheet_outline):
    """Return True for a box whose printed outline is much fainter than the sheet's usual (glare), with no
    faint or coloured mark over most of it."""
    return sheet_outline > 0 and m.outline < FAINT_OUTLINE * sheet_outline and m.marked < COVERED


def _white(m, unwashed_outline):
    """Return True for a box whose paper around is washed out to white (glare), its outline fainter than
    where the paper is not."""
    return m.clipped >= CLIPPED and m.outline < WASHED * unwashed_outline


def _judge(m, shape, sheet_outline, unwashed_outline=0.0, soft=False):
    """Return (state, confidence) from a box's measure and the sheet's usual outline darkness (and its
    usual where the paper is not washed out to white: 0 when too few boxes are); soft: blur measured on
    the sheet's outlines (BLURRED_PX)."""
    washed = _washed(m, sheet_outline)
    if washed and m.cover < TICKED_FROM:
        return UNCLEAR, 0.3  # the outline is washed out here (glare): the ink may be too
    state, confidence = _judge_ink(m, shape, unwashed_outline, soft)
    # ink seen clearly under a washed-out outline is judged as it is (glare only lightens), not surely
    return state, min(confidence, LESS_SURE) if washed else confidence


def _judge_ink(m, shape, unwashed_outline, soft):
    """Return (state, confidence) from a box's measure whose outline is not washed out (see _judge)."""
    if m.noise > NOISY * max(m.outline, 0.25) and m.cover < SCRIBBLE_COVER:
        return UNCLEAR, 0.3
    if shape == "box" and _scribbled(m) and (soft or not _crayoned(m)):
        if m.hole >= OPEN_MARK or m.centre >= HOLLOW or (m.cover < FILLED and m.one_way < ONE_WAY):
            # paper left as a tick or a cross leaves it, a drawn star's hollow middle, or strokes
            # running several ways (a star, a cross): drawn, not lines scribbled back and forth over
            return TICKED, LESS_SURE
        return UNCLEAR, 0.5  # ink over ink, into the corners: crossed out, or blacked out
    if shape == "box" and _hand_filled(m):
        return UNCLEAR, 0.5  # blacked out in pen by a hand
    if shape == "box" and m.cover >= 0.9 and m.solid < SOLID_CORE and m.stripes >= STRIPED:
        return UNCLEAR, 0.5  # even as a sticker, but striped: pen drawn back and forth (crossed out?)
    if shape == "box" and m.one_way >= STRAIGHT and m.slant <= ALONG_PAGE and _across(m.leaves):
        return UNCLEAR, 0.5  # one straight band along the page, right across the box: a crease's shadow?
    if m.cover >= (TICKED_FROM if shape == "box" else STAR_TICKED_FROM):
        sure = float(min(1.0, 0.6 + (m.cover - TICKED_FROM) / TICKED_FROM * 0.4))
        return TICKED, min(sure, LESS_SURE) if _doubtful(m, shape) else sure
    if m.marked >= COVERED:
        return TICKED, 0.9  # a pale sticker or a box coloured in
    if m.pencil >= PENCIL_STROKE and shape == "box":
        return TICKED, 0.85  # a pencil stroke
    if m.pencil >= STAR_PENCIL and m.peak >= STAR_FOUND:  # (a star's middle is small: only when found)
        return TICKED, 0.85
    if m.noise > EMPTY_NOISY * max(m.outline, 0.25):
        return UNCLEAR, 0.4  # too noisy here to be sure no pencil is lost in it
    if m.crossing:
        return UNCLEAR, 0.5  # a stroke left out as a neighbour's reached across the box: whose is it?
    if m.lined:
        return UNCLEAR, 0.5  # a faint straight line along the page: a pencil line, or the paper's fold?
    if _white(m, unwashed_outline):
        return UNCLEAR, 0.3  # the paper washed out to white here (glare): a faint mark may be lost in it
    if m.cover <= EMPTY_BELOW and m.marked - m.cover < 0.03 and m.pencil < 0.15:
        sure = float(min(1.0, 0.6 + (EMPTY_BELOW - m.cover) / EMPTY_BELOW * 0.4))
        return EMPTY, min(sure, 0.9) if m.neighbour or m.smear else sure
    return UNCLEAR, 0.5


class TooBlurred(DomainError):
    """The photo's blur smears the printed outlines too far for any box to be read safely."""

    def __init__(self, halo):
        hx, hy = halo
        if max(hx, hy) >= 2 * min(hx, hy):  # smeared one way: the phone moved
            advice = "hold the phone still (rest your elbows on the table) and wait a moment before taking it"
        else:  # smeared every way: out of focus
            advice = (
                "let the camera focus first (tap the sheet on the screen), a little further away if it cannot"
            )
        super().__init__(
            f"This photo is too blurred to read its boxes safely, so nothing was read. Take it again: "
            f"{advice}. Or enter these ticks on the week grid."
        )


def read_boxes(page, boxes, px_per_mm, blurred=False):
    """Return a BoxReading for each box, in order, each found on its own printed outline.

    blurred: the photo is too blurred for its code to be decoded; only sure readings are kept.
    Raises TooBlurred when the blur spreads the printed outlines TOO_BLURRED_PX or more."""
    gray = gray_page(page)
    shifts = paper_shifts(gray, boxes, px_per_mm)
    widths = outline_widths(gray, boxes, shifts, px_per_mm)
    halo = blur_halo(widths)
    if sum(halo) >= TOO_BLURRED_PX:
        raise TooBlurred(halo)
    measures = [
        measure_box(page, replace(box, x=box.x + dx, y=box.y + dy), px_per_mm, halo)
        for box, (dx, dy) in zip(boxes, shifts, strict=True)
    ]
    if blurred:  # a sliver left out across a box, no ink left: the outline's smear, not a stroke
        measures = [
            replace(m, crossing=False)
            if m and m.crossing and m.left_out < BLURRED_LEFT_OUT and m.cover == 0
            else m
            for m in measures
        ]
    # the sheet's usual outline darkness, for each shape (a star's line is not a box's); and where the
    # paper around is not washed out to white (none on a sheet all at white: no glare to tell apart)
    usual, unwashed = {}, {}
    for shape in {b.shape for b in boxes}:
        plain = [m for m, b in zip(measures, boxes, strict=True) if m and b.shape == shape and m.marked < 0.3]
        usual[shape] = float(np.median([m.outline for m in plain])) if plain else 0.0
        clear = [m.outline for m in plain if m.clipped < CLIPPED]
        unwashed[shape] = float(np.median(clear)) if len(clear) >= UNWASHED else 0.0
    lines = line_widths(gray, boxes, shifts, px_per_mm)
    sharp = 0 < min(lines) and max(lines) < SHARP_RUN_PX  # sharper than most, across and down
    soft = sum(halo) >= BLURRED_PX  # the outlines' blur measured
    out = []
    for box, m in zip(boxes, measures, strict=True):
        if m is None:
            out.append(BoxReading(UNCLEAR, 0.0, 0.0))
            continue
        state, confidence = _judge(m, box.shape, usual[box.shape], unwashed[box.shape], soft)
        if soft:
            state, confidence = _smeared(m, state, confidence)
        elif sharp and state == TICKED and box.shape == "box" and _zigzagged(m):
            state, confidence = UNCLEAR, 0.5
        out.append(BoxReading(state, round(confidence, 3), round(m.cover, 3)))
    for i, _, _ in _shared_strokes(boxes, measures):
        m = measures[i]
        if out[i].state != TICKED or m.cover >= SHARED_STROKE or m.marked >= COVERED:
            continue
        if m.bent >= BENT:  # a tick's turn inside box i: its own tick, its stroke running on
            out[i] = BoxReading(TICKED, min(out[i].confidence, LESS_SURE), out[i].ink)
        else:  # no more ink than one straight stroke, running on into the next box: whose mark is it?
            out[i] = BoxReading(UNCLEAR, 0.5, out[i].ink)
    if blurred:
        for i, (box, r, m) in enumerate(zip(boxes, out, measures, strict=True)):
            if m is not None:
                state, confidence = _blurred_state(m, box.shape, r.state, r.confidence)
                out[i] = BoxReading(state, round(confidence, 3), r.ink)
    for i, (box, r, m) in enumerate(zip(boxes, out, measures, strict=True)):
        if r.state == UNCLEAR and m is not None:
            out[i] = replace(r, cause=_cause(m, usual[box.shape], unwashed[box.shape], soft or blurred))
    return out


def _cause(m, sheet_outline, unwashed_outline, soft):
    """Return the photo's part in a box asked: GLARE where its paper is washed out to white and its
    outline faint, else SOFT on a blurred photo (the blur may be why; a mark crossed out is asked on any
    photo), else "". A faint outline on paper below white (a photocopy, a crease's shade) is not called
    glare: the advice to tilt the sheet away from the light would not help there."""
    if _white(m, unwashed_outline) or m.clipped >= CLIPPED and _washed(m, sheet_outline):
        return GLARE
    return SOFT if soft else ""


def _smeared(m, state, confidence):
    """Return (state, confidence) of a box on a photo whose blur spreads the outlines BLURRED_PX or more.

    No reading is as sure as on a sharp photo; a little ink lying only along the inside's edges is
    asked (the outline's blur, spread further than measured on the sheet?), and so is a box read
    empty with a fifth of its inside left out as a neighbour's ink: the blur can join a tick's turn
    to the outline beside it, and its own stroke running on out of the box then looks run in."""
    if state == TICKED and m.cover < SHARED_STROKE and m.framed >= FRAMED:
        return UNCLEAR, 0.5
    if state == EMPTY and m.left_out >= SMEARED_LEFT_OUT:
        return UNCLEAR, 0.5
    return state, min(confidence, LESS_SURE)


def _blurred_state(m, shape, state, confidence):
    """Return (state, confidence) of a box on a photo too blurred to decode its code.

    A blur hides pencil, and smooths pen over pen into a solid square: an empty box with any faint
    mark is asked, and so is a solid square as dark as the printed outline or darker (a box blacked
    out with a pen). A crayon or a pale sticker is lighter than the printed line, even blurred: a
    tick, at most LESS_SURE sure. A star read as ticked by a faint stroke alone is asked: the blur of its
    printed outline may make one (a sheet of stars alone has no box to measure the blur on)."""
    if shape == "star" and state == TICKED and m.cover < STAR_TICKED_FROM:
        return UNCLEAR, 0.5
    if state == EMPTY and (m.marked > 0 or m.pencil >= BLURRED_FAINT or m.left_out >= BLURRED_LEFT_OUT):
        return UNCLEAR, 0.5  # (or ink left out as a neighbour's, blurred into the outline: whose is it?)
    if state == TICKED and m.cover >= FILLED and m.corners >= BLACKED_CORNERS:
        if m.shade >= BLURRED_SOLID * max(m.outline, 0.25):
            return UNCLEAR, 0.5
        return TICKED, min(confidence, LESS_SURE)
    return state, confidence


OPPOSITE = {"left": "right", "right": "left", "top": "bottom", "bottom": "top"}


def _shared_strokes(boxes, measures):
    """Yield (i, j, side): box i's ink runs up to its side facing box j, and a long stroke ran into j there.

    That stroke was left out of j (a neighbour's ink); in i it may be a tick or the start of a
    stroke meant for another box, so i is asked rather than read."""
    for j, (b, m) in enumerate(zip(boxes, measures, strict=True)):
        if m is None or not m.entered:
            continue
        for side in m.entered:
            for i, (a, n) in enumerate(zip(boxes, measures, strict=True)):
                if i == j or n is None or a.shape != "box" or OPPOSITE[side] not in n.leaves:
                    continue
                gap_x = b.x - (a.x + a.w) if side == "left" else a.x - (b.x + b.w)
                gap_y = b.y - (a.y + a.h) if side == "top" else a.y - (b.y + b.h)
                if side in ("left", "right") and abs(a.y - b.y) < b.h / 2 and -1 < gap_x < b.w:
                    yield i, j, side
                elif side in ("top", "bottom") and abs(a.x - b.x) < b.w / 2 and -1 < gap_y < b.h:
                    yield i, j, side


def read_box(page, box, px_per_mm):
    """Return the BoxReading of one registered box (or star) on a straightened colour page."""
    return read_boxes(page, [box], px_per_mm)[0]
