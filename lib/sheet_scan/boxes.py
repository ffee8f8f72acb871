"""Reading each box of a straightened sheet: ticked, empty, or unclear (asked, never guessed).

Ink is measured against the paper's own brightness around each box, so shadows and uneven
light do not read as marks; coloured ink (crayons, stickers) counts through its colour. A box
is found precisely by matching its printed outline near where the register says it is.
"""

from dataclasses import dataclass

import cv2
import numpy as np

TICKED, EMPTY, UNCLEAR = "ticked", "empty", "unclear"
STATES = (TICKED, EMPTY, UNCLEAR)
DARK = 0.30  # darker than the paper by this share: ink
FAINT = 0.13  # darker by this share but not DARK: a faint mark (pencil, a mark rubbed out)
COLOUR = 80  # HSV saturation (0-255) that counts as coloured ink
EMPTY_BELOW = 0.015  # share of the box's inside inked: at most this, empty
TICKED_FROM = 0.05  # at least this, ticked ...
DENSE_FROM = 0.9  # ... unless this much of a box is inked ...
FAINT_ASKED = 0.06  # this share of faint ink in an otherwise empty box: asked
BLACKED_OUT = 0.6  # ... and this dark on average (a sticker or a drawn star is lighter)
SEARCH_MM = 1.6  # how far from its registered place a box outline is looked for


@dataclass(frozen=True)
class BoxReading:
    """What one box shows: its state, how sure the reading is (0-1), and the share inked."""

    state: str
    confidence: float
    ink: float


def _paper(gray, outside):
    """Return the paper's brightness over the window: a plane fitted to the light pixels around the box.

    A plane follows a shadow's soft edge or light falling off across the box, which one level cannot."""
    ys, xs = np.nonzero(outside)
    values = gray[ys, xs]
    light = values >= np.percentile(values, 60) if values.size else values.astype(bool)
    if light.sum() < 12:
        return np.full(gray.shape, max(float(np.percentile(gray, 92)), 40.0), np.float32)
    design = np.column_stack([np.ones(light.sum()), xs[light], ys[light]])
    (a, b, c), *_ = np.linalg.lstsq(design, values[light], rcond=None)
    yy, xx = np.mgrid[: gray.shape[0], : gray.shape[1]]
    return np.maximum(a + b * xx + c * yy, 40.0).astype(np.float32)


def _ink_maps(window, outside):
    gray = cv2.cvtColor(window, cv2.COLOR_BGR2GRAY).astype(np.float32)
    paper = _paper(gray, outside)
    darkness = np.clip((paper - gray) / paper, 0, 1)
    saturation = cv2.cvtColor(window, cv2.COLOR_BGR2HSV)[..., 1]
    coloured = (saturation > COLOUR) & (darkness > 0.04)
    return darkness, coloured


def _outline(side_px, line_px):
    size = side_px + 2 * line_px
    template = np.zeros((size, size), np.float32)
    cv2.rectangle(
        template, (line_px // 2, line_px // 2), (size - 1 - line_px // 2,) * 2, 1.0, max(1, line_px)
    )
    return template


def _refine(darkness, box_px, margin_px):
    """Return the (dx, dy) shift in px that best lays the box outline over the printed one."""
    line_px = max(2, round(box_px * 0.07))
    template = _outline(box_px, line_px)
    score = cv2.matchTemplate(darkness, template, cv2.TM_CCOEFF_NORMED)
    _, peak, _, best = cv2.minMaxLoc(score)
    if peak < 0.3:  # no clear outline (covered by a sticker or scribble): trust the register
        return 0, 0
    return best[0] - (margin_px - line_px), best[1] - (margin_px - line_px)


def _judge(cover, faint, colour_share, shade, shape):
    """Return (state, confidence) from the shares of dark, faint and coloured ink inside a box.

    shade: how much darker than the paper the box is on average. A box nearly all dark ink is
    scribbled over (asked); one covered by a lighter colour is a sticker (ticked)."""
    if cover >= DENSE_FROM and shape == "box" and shade >= BLACKED_OUT:
        return UNCLEAR, 0.5  # blacked out: a crossing-out, or a mark made and then undone
    if cover >= TICKED_FROM:
        return TICKED, float(min(1.0, 0.6 + (cover - TICKED_FROM) / TICKED_FROM * 0.4))
    if cover <= EMPTY_BELOW and faint < FAINT_ASKED:
        return EMPTY, float(min(1.0, 0.6 + (EMPTY_BELOW - cover) / EMPTY_BELOW * 0.4))
    return UNCLEAR, 0.5


def read_box(page, box, px_per_mm):
    """Return the BoxReading of one registered box (or star) on a straightened colour page."""
    margin_mm = SEARCH_MM + 1.0
    x0 = int(round((box.x - margin_mm) * px_per_mm))
    y0 = int(round((box.y - margin_mm) * px_per_mm))
    side = int(round(box.w * px_per_mm))
    margin = int(round(margin_mm * px_per_mm))
    x0, y0 = max(0, x0), max(0, y0)
    window = page[y0 : y0 + side + 2 * margin, x0 : x0 + side + 2 * margin]
    if window.shape[0] < side or window.shape[1] < side:
        return BoxReading(UNCLEAR, 0.0, 0.0)
    yy, xx = np.mgrid[: window.shape[0], : window.shape[1]]
    centre_x, centre_y = box.x * px_per_mm - x0 + side / 2, box.y * px_per_mm - y0 + side / 2
    reach = side / 2 + 0.6 * px_per_mm
    if box.shape == "box":
        outside = (np.abs(xx - centre_x) > reach) | (np.abs(yy - centre_y) > reach)
    else:
        outside = (xx - centre_x) ** 2 + (yy - centre_y) ** 2 > reach**2
    darkness, coloured = _ink_maps(window, outside)
    if box.shape == "box":
        dx, dy = _refine(darkness, side, margin)
        inset = max(int(round(1.1 * px_per_mm)), int(round(side * 0.16)))
        top, left = margin + dy + inset, margin + dx + inset
        inner = (slice(max(0, top), top + side - 2 * inset), slice(max(0, left), left + side - 2 * inset))
        dark, colour = darkness[inner], coloured[inner]
    else:  # a star: the disc inside its inner points never touches the printed outline
        disc = (xx - centre_x) ** 2 + (yy - centre_y) ** 2 <= (side * 0.2) ** 2
        dark, colour = darkness[disc], coloured[disc]
    if dark.size == 0:
        return BoxReading(UNCLEAR, 0.0, 0.0)
    inked = (dark > DARK) | colour
    cover = float(inked.mean())
    faint = float(((dark > FAINT) & ~inked).mean())
    state, confidence = _judge(cover, faint, float(colour.mean()), float(dark.mean()), box.shape)
    return BoxReading(state, round(confidence, 3), round(cover, 3))


def read_boxes(page, boxes, px_per_mm):
    """Return a BoxReading for each box, in order."""
    return [read_box(page, box, px_per_mm) for box in boxes]
