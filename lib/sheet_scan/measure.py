"""Measuring each box of a straightened sheet, for the rules in boxes.py to read.

Each box is found on its own printed outline, not only where the corner markers put it: the
outlines found on the sheet give a smooth warp that follows curved or creased paper, and each
box is then refined on its outline. The outline is also the box's own ink reference: ink is
measured as a share of how dark the printed outline looks there, so photocopies, pencil and
glare are judged against the same paper and light. How far the photo's blur spreads the
outlines is measured on the sheet's empty boxes and left out of every box. A Measure holds what
one box shows: how much of it is inked, faint strokes, texture, corners, spill over the outline,
ink left out as a neighbour's, the paper's noise and glare.
"""

from dataclasses import dataclass

import cv2
import numpy as np

INK = 0.4  # darker than the paper by this share of the outline's darkness: ink
INK_FLOOR = 0.12  # ... and never less than this share of the paper
FAINT = 0.12  # a faint mark (pencil, a pale sticker): this share of the outline's darkness
COLOUR = 60  # HSV saturation (0-255) above the paper's that counts as coloured ink
PENCIL_STROKE = 0.45  # a faint stroke spanning this share of the box: a pencil mark
WHITE = 250  # a pixel this bright (0-255) is at the photo's white limit (paper washed out by glare)
BLURRED_PX = 3  # the outlines spread this far (x + y, px) by the photo's blur: a blurred photo, where ...
BLURRED_FLOOR = 0.02  # ... a pencil line fades to this darkness (looked for in a smoothed copy)
SMEAR_PX = 2  # ink joined to the outline no further into a box than the blur's spread and this: its smear
QUIET = 0.02  # paper noise (darkness units) above which faint strokes are looked for in a smoothed copy
BENT = 0.05  # a stroke in a box's inner part straying this far from a straight line (a tick's turn) ...
SPANS = 0.5  # ... over this share of the box across or down: the box's own tick, running on out of it
EDGE_PX = 2  # (on a sharp photo, the inside but this many px along the outline is looked at for the turn)
FOLD_WIDTH = 0.12  # a faint line no wider than this share of the box, across it and beyond: a fold
SEARCH_MM = 1.2  # how far from its expected place a box outline is looked for
SHARP_LINE_PX = 5  # a printed outline's spread at half its darkness on a photo as sharp as most (px)
WIDE_MM = 3.8  # the first look, to learn how the paper is bent (boxes are at least 9 mm apart)


def _paper(gray, outside, middle=None):
    """Return the paper's brightness over the window: a plane fitted to the light pixels around the box
    (and in its middle, on a blurred photo: around it, the printed lines' blur leaves little paper).

    A plane follows a shadow's soft edge or light falling off across the box, which one level cannot.
    Also return the light pixels around the box, and all of them (for the paper's noise)."""
    ys, xs = np.nonzero(outside)
    values = gray[ys, xs]
    light = values >= np.percentile(values, 60) if values.size else values.astype(bool)
    fy, fx, fit = ys[light], xs[light], values[light]
    if middle is not None and middle.any():
        my, mx = np.nonzero(middle)
        inner_values = gray[my, mx]
        both = np.concatenate([values, inner_values])
        keep = both >= np.percentile(both, 80)
        fy, fx, fit = np.concatenate([ys, my])[keep], np.concatenate([xs, mx])[keep], both[keep]
    if len(fit) < 12:
        return np.full(gray.shape, max(float(np.percentile(gray, 92)), 40.0), np.float32), light, values
    design = np.column_stack([np.ones(len(fit)), fx, fy])
    (a, b, c), *_ = np.linalg.lstsq(design, fit, rcond=None)
    yy, xx = np.mgrid[: gray.shape[0], : gray.shape[1]]
    plane = np.maximum(a + b * xx + c * yy, 40.0).astype(np.float32)
    return plane, light, values


def _outline(side_px, line_px, shape="box"):
    size = side_px + 2 * line_px
    template = np.zeros((size, size), np.float32)
    if shape == "star":  # five points, inner radius half the outer, turned as fpdf prints them
        angles = np.radians(-108 + 36 * np.arange(10))
        radius = np.where(np.arange(10) % 2 == 0, side_px / 2, side_px / 4)
        points = np.column_stack([size / 2 + radius * np.cos(angles), size / 2 + radius * np.sin(angles)])
        cv2.polylines(template, [np.round(points).astype(np.int32)], True, 1.0, max(1, line_px // 2))
        return template
    cv2.rectangle(
        template, (line_px // 2, line_px // 2), (size - 1 - line_px // 2,) * 2, 1.0, max(1, line_px)
    )
    return template


def _rough_darkness(gray):
    background = cv2.dilate(gray, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    return np.clip((background - gray) / np.maximum(background, 40), 0, 1)


def _match(darkness, side_px, margin_px, shape="box"):
    """Return ((dx, dy), peak): the shift in px that best lays the box outline over the printed one."""
    line_px = max(2, round(side_px * 0.07))
    template = _outline(side_px, line_px, shape)
    if darkness.shape[0] < template.shape[0] or darkness.shape[1] < template.shape[1]:
        return (0, 0), 0.0
    score = cv2.matchTemplate(darkness, template, cv2.TM_CCOEFF_NORMED)
    _, peak, _, best = cv2.minMaxLoc(score)
    return (best[0] - (margin_px - line_px), best[1] - (margin_px - line_px)), float(peak)


def _window(page, x_mm, y_mm, side_mm, margin_mm, px_per_mm):
    x0 = int(round((x_mm - margin_mm) * px_per_mm))
    y0 = int(round((y_mm - margin_mm) * px_per_mm))
    size = int(round(side_mm * px_per_mm)) + 2 * int(round(margin_mm * px_per_mm))
    if x0 < 0 or y0 < 0:
        return None, x0, y0
    window = page[y0 : y0 + size, x0 : x0 + size]
    return (window if window.shape[0] == size and window.shape[1] == size else None), x0, y0


def gray_page(page):
    """Return a page (colour or grey already) in grey, as float32."""
    return cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32) if page.ndim == 3 else page


def paper_shifts(page, boxes, px_per_mm):
    """Return each box's (dx, dy) in mm from where the markers put it to where its outline is.

    The outlines found clearly give a smooth (quadratic) warp of the page; a box whose own outline
    is hidden (a sticker over it) takes the warp's shift."""
    gray = gray_page(page)
    found = []
    for i, box in enumerate(boxes):
        window, *_ = _window(gray, box.x, box.y, box.w, WIDE_MM + 1.0, px_per_mm)
        if window is None:
            continue
        side, margin = int(round(box.w * px_per_mm)), int(round((WIDE_MM + 1.0) * px_per_mm))
        (dx, dy), peak = _match(_rough_darkness(window), side, margin, box.shape)
        if peak >= 0.55:
            found.append((i, box.x + box.w / 2, box.y + box.h / 2, dx / px_per_mm, dy / px_per_mm))
    shifts = [(0.0, 0.0)] * len(boxes)
    if not found:
        return shifts
    points = np.array(found)
    keep = np.ones(len(points), bool)
    fit = None
    for _ in range(3):  # drop outlines matched on the wrong thing, then fit again
        fit = _fit(points[keep])
        residual = np.hypot(*(_predict(fit, points[:, 1], points[:, 2]) - points[:, 3:5].T))
        keep = residual < max(0.8, 2.5 * float(np.median(residual[keep])))
        if keep.sum() < 1:
            keep[:] = True
            break
    xs = np.array([b.x + b.w / 2 for b in boxes])
    ys = np.array([b.y + b.h / 2 for b in boxes])
    predicted = _predict(fit, xs, ys)
    return [(float(predicted[0][i]), float(predicted[1][i])) for i in range(len(boxes))]


def _outline_profiles(page, boxes, shifts, px_per_mm):
    """Yield, for each box left empty, the darkness profiles across its printed sides:
    ((left, right), (top, bottom)), the width across and the width down (a shaken phone smears one way)."""
    gray = gray_page(page)
    for box, (dx, dy) in zip(boxes, shifts, strict=True):
        if box.shape != "box":
            continue
        window, *_ = _window(gray, box.x + dx, box.y + dy, box.w, 2.4, px_per_mm)
        if window is None:
            continue
        side, m = int(round(box.w * px_per_mm)), int(round(2.4 * px_per_mm))
        a, b = m + int(side * 0.3), m + int(side * 0.7)
        if window[a:b, a:b].mean() < 0.9 * np.percentile(window, 90):
            continue  # marked (a box coloured in hides its outline's edges): measured on the others
        yield (
            (window[a:b, : 2 * m].mean(axis=0), window[a:b, side : side + 2 * m].mean(axis=0)),
            (window[: 2 * m, a:b].mean(axis=1), window[side : side + 2 * m, a:b].mean(axis=1)),
        )


def _medians(across, down):
    if not across or not down:
        return 0.0, 0.0
    return float(np.median(across)), float(np.median(down))


def _spread(profile):
    dark = profile.max() - profile
    return int((dark > dark.max() / 2).sum())


def outline_widths(page, boxes, shifts, px_per_mm):
    """Return (across, down): how wide the printed outlines' darkness spreads at half its darkness (px,
    the sheet's median over the sides of the boxes left empty), or (0, 0) when no box was left empty.

    Every pixel of the window that dark counts, so a blur's spread of the outline and of anything
    printed near it counts too: the blur halo is taken from it (see blur_halo)."""
    across, down = [], []
    for sides_across, sides_down in _outline_profiles(page, boxes, shifts, px_per_mm):
        across += [_spread(p) for p in sides_across]
        down += [_spread(p) for p in sides_down]
    return _medians(across, down)


def _run_width(profile):
    """Return the width (px, to a tenth) of the darkest line in a profile, at half its darkness."""
    dark = profile.max() - profile
    peak = int(np.argmax(dark))
    half = dark[peak] / 2
    left = right = peak
    while left > 0 and dark[left - 1] > half:
        left -= 1
    while right < len(dark) - 1 and dark[right + 1] > half:
        right += 1
    if left > 0:  # where the edge crosses half darkness, between two pixels
        left -= (dark[left] - half) / max(float(dark[left] - dark[left - 1]), 1e-6)
    if right < len(dark) - 1:
        right += (dark[right] - half) / max(float(dark[right] - dark[right + 1]), 1e-6)
    return float(right - left)


def line_widths(page, boxes, shifts, px_per_mm):
    """Return (across, down): how wide the printed outline's own line is at half its darkness (px, to
    a tenth; the narrower of each box's two sides, the sheet's median), or (0, 0) when no box was left
    empty to measure them on.

    Only the line itself counts: a line printed close beside one side (a table's rule) merges with
    it there, not on the other side. This tells how sharp the photo is: a 12 MP photo measures
    about 3 px, most 1-3 MP photos 3 to 4.5."""
    across, down = [], []
    for sides_across, sides_down in _outline_profiles(page, boxes, shifts, px_per_mm):
        across.append(min(_run_width(p) for p in sides_across))
        down.append(min(_run_width(p) for p in sides_down))
    return _medians(across, down)


def blur_halo(widths):
    """Return (x, y): how many px the photo's blur spreads the printed outlines beyond a sharp line,
    from their widths (see outline_widths). A photo as sharp as most gives (0, 0)."""
    return tuple(max(0, int(round((w - SHARP_LINE_PX) / 2))) for w in widths)


def _terms(xs, ys, count):
    xs, ys = (np.asarray(xs) - 105) / 100, (np.asarray(ys) - 150) / 100
    columns = [np.ones_like(xs), xs, ys, xs * ys, xs**2, ys**2][:count]
    return np.column_stack(columns)


def _fit(points):
    count = 6 if len(points) >= 10 else 3 if len(points) >= 4 else 1
    design = _terms(points[:, 1], points[:, 2], count)
    coef_x, *_ = np.linalg.lstsq(design, points[:, 3], rcond=None)
    coef_y, *_ = np.linalg.lstsq(design, points[:, 4], rcond=None)
    return count, coef_x, coef_y


def _predict(fit, xs, ys):
    count, coef_x, coef_y = fit
    design = _terms(xs, ys, count)
    return np.array([design @ coef_x, design @ coef_y])


@dataclass(frozen=True)
class Measure:
    cover: float  # share of the inside inked
    marked: float  # share of the inside inked, faint or coloured
    shade: float  # mean darkness inside
    even: float  # spread of darkness over the inked part (a pen's texture is uneven)
    pencil: float  # longest faint stroke, as a share of the box
    outline: float  # how dark the printed outline is (0-1)
    noise: float  # the paper's noise (darkness units)
    neighbour: bool  # ink ran in from outside and was left out
    peak: float  # how clearly the outline was found
    corners: float  # share of the inside's four corners inked (a sticker or a star leaves them clear)
    entered: frozenset = frozenset()  # sides a long stroke ran in from and was left out
    leaves: frozenset = frozenset()  # sides the box's own ink runs up to
    tips: float = 0.0  # share of the inside's far corners inked (pen scribbled over reaches them)
    bulge: float = 0.0  # share inked just outside the outline, at the middle of each side (a sticker's spill)
    solid: float = 1.0  # spread of darkness over the ink's core (a sticker is even right through)
    round_spill: float = 0.0  # ink just beyond the outline at the middle of the sides less near their ends
    crossing: bool = False  # ink left out as a neighbour's reached across one of the box's centre lines
    bent: float = 0.0  # how far the box's own stroke running on out of it turns (share of the box)
    lined: bool = False  # a faint straight line along the page stops at the box: a pencil line, or a fold?
    left_out: float = 0.0  # share of the box's inside left out as a neighbour's ink
    hole: float = 0.0  # the widest paper left between the ink inside the box (radius, share of the box)
    centre: float = 0.0  # share of the box's very middle left as paper
    one_way: float = 0.0  # how much the edges in the box's middle run one way (lines drawn back and forth)
    slant: float = 45.0  # how far (degrees) that way is off the page's edges
    stripes: float = 0.0  # how strongly the darkness rises and falls across that way (pen back and forth)
    framed: float = 0.0  # share of the ink inside lying along the inside's edges (an outline's blur)
    smear: bool = False  # ink joined to the outline was dropped as its smear (see SMEAR_PX)
    deep: float = 0.0  # the ink's darkness in its brightest colour (a bright crayon is light in it)
    clipped: float = 0.0  # share of the paper around the box at the photo's white limit (see WHITE)
    far_corners: tuple = ()  # each far corner's darkness, as a share of the middle's
    tinted: float = 0.0  # share of the ink inside that is coloured (a photocopy, black and grey pen are not)

    @property
    def far_dark(self):
        """The darkness of the inside's lightest far corner, as a share of its middle's (0 for a star)."""
        return min(self.far_corners, default=0.0)


def _bend(part, side):
    """Return how far a stroke inside a box strays from one straight line, as a share of the box.

    A tick's two strokes meeting at its turn stray far; a straight stroke (a neighbour's tick running
    in, a printed line seen off its place) hardly at all. Only a stroke spanning much of the box
    counts (a star's tip running in is small)."""
    ys, xs = np.nonzero(part)
    if (
        len(xs) < 10
        or max(np.ptp(xs), np.ptp(ys)) < SPANS * side
        or min(np.ptp(xs), np.ptp(ys)) < 0.15 * side
    ):
        return 0.0
    points = np.column_stack([xs, ys]).astype(np.float32)
    points -= points.mean(axis=0)
    smallest = np.linalg.eigvalsh(points.T @ points / len(points))[0]
    return float(np.sqrt(max(smallest, 0.0)) / side)


def _fold(xs, ys, faint, left, top, side, line):
    """Return True for a faint straight line along the page (its pixels xs, ys) that runs on beyond the
    box on both sides: the sheet's fold, not a pencil stroke (a pencil tick turns, and stays in its box)."""
    if np.ptp(xs) < np.ptp(ys):  # down a column: the same as along a row, the page turned
        return _fold(ys, xs, faint.T, top, left, side, line)
    band = faint[max(0, ys.min() - 4) : ys.max() + 5]  # look left and right of the box, on its rows
    ends = band[:, : max(0, left - line)], band[:, left + side + line :]
    return all(e.shape[1] > 2 and e.any(axis=0).mean() >= 0.5 for e in ends)


def _edge(part, top, left, side, line):
    """Return the sides of a box (left, right, top, bottom) that a part of its ink runs up to."""
    ys, xs = np.nonzero(part)
    reach = line + 2
    found = {
        "left": (xs < left + reach).sum(),
        "right": (xs >= left + side - reach).sum(),
        "top": (ys < top + reach).sum(),
        "bottom": (ys >= top + side - reach).sum(),
    }
    return {edge for edge, n in found.items() if n >= 2}


def measure_box(page, box, px_per_mm, halo=(0, 0)):
    """Measure one box. halo: (x, y) px the printed outline is spread beyond its line by the photo's
    blur (see blur_halo), left out of both the box's ink and what lies around it."""
    hx, hy = halo
    blurry = hx + hy >= BLURRED_PX
    margin_mm = SEARCH_MM + 1.2 + max(halo) / px_per_mm
    window, x0, y0 = _window(page, box.x, box.y, box.w, margin_mm, px_per_mm)
    if window is None:
        return None
    side = int(round(box.w * px_per_mm))
    margin = int(round(margin_mm * px_per_mm))
    gray = cv2.cvtColor(window, cv2.COLOR_BGR2GRAY).astype(np.float32)
    white = gray >= WHITE
    gray = cv2.GaussianBlur(gray, (0, 0), 0.8)  # noise is finer than any pen line
    (dx, dy), peak = _match(_rough_darkness(gray), side, margin, box.shape)
    if peak < 0.3:  # no clear outline (covered by a sticker or scribble): trust the warp
        dx = dy = 0
    yy, xx = np.mgrid[: window.shape[0], : window.shape[1]]
    left, top = margin + dx, margin + dy
    centre_x, centre_y = left + side / 2, top + side / 2
    reach = side / 2 + 0.6 * px_per_mm
    if box.shape == "box":
        outside = (np.abs(xx - centre_x) > reach + hx) | (np.abs(yy - centre_y) > reach + hy)
    else:
        outside = (xx - centre_x) ** 2 + (yy - centre_y) ** 2 > reach**2
    line = max(2, round(side * 0.07))
    paper_inside = None  # (on a blurred photo, the paper inside the box helps fit the plane)
    if blurry and box.shape == "box":
        paper_inside = (np.abs(xx - centre_x) < side / 2 - line - 2 * hx) & (
            np.abs(yy - centre_y) < side / 2 - line - 2 * hy
        )
    paper, light, values = _paper(gray, outside, paper_inside)
    darkness = np.clip((paper - gray) / paper, 0, 1)
    # the paper's noise: how far its light pixels stray from the paper just around them (a shadow's
    # slope, or a printed line's blur, is not noise)
    base = cv2.GaussianBlur(gray, (0, 0), 1.5)
    slope = np.hypot(cv2.Sobel(base, cv2.CV_32F, 1, 0), cv2.Sobel(base, cv2.CV_32F, 0, 1))[outside]
    flat = light & (slope <= np.percentile(slope, 40)) if values.size else light
    fine = (gray - base)[outside][flat] if values.size else values
    scatter = 1.4826 * float(np.median(np.abs(fine - np.median(fine)))) if fine.size > 12 else 0.0
    noise = scatter / max(float(np.mean(paper[outside])), 40.0)
    hsv = cv2.cvtColor(window, cv2.COLOR_BGR2HSV)[..., 1].astype(np.float32)
    paper_sat = float(np.median(hsv[outside])) if outside.any() else 0.0
    coloured = (hsv - paper_sat > COLOUR) & (darkness > 0.03)
    if box.shape == "box":
        ring = np.zeros(gray.shape, bool)
        ring[top - line // 2 : top + side + line, left - line // 2 : left + side + line] = True
        ring[top + line : top + side - line // 2, left + line : left + side - line // 2] = False
        outline = float(np.percentile(darkness[ring], 60)) if ring.any() else 0.0
    else:  # a star's outline: the darkest printed line near its edge
        outline = float(np.percentile(darkness[~outside], 97))
    reference = max(outline, 0.25)
    ink = (darkness > max(INK * reference, INK_FLOOR)) | coloured
    faint = (darkness > max(FAINT * reference, 3 * noise, 0.035)) & ~ink
    if noise > QUIET or blurry:
        # noisy paper, or a blur that fades a pencil line: look for a faint stroke in a smoothed copy,
        # where noise fades first (a blurred line is wide already, and stays)
        smooth = cv2.GaussianBlur(darkness, (0, 0), 1.2)
        around_paper = smooth[outside] if outside.any() else smooth.ravel()
        floor = BLURRED_FLOOR if blurry else 0.03
        calm = 1.4826 * float(
            np.median(np.abs(around_paper - np.median(around_paper)))
        )  # printed lines left out
        faint |= (smooth > max(FAINT * reference * 0.6, 3.5 * calm, floor)) & ~ink
    if box.shape == "box":
        inset = max(int(round(1.0 * px_per_mm)), int(round(side * 0.15)))
        inner = np.zeros(gray.shape, bool)
        iy, ix = max(inset, line + 2 * hy) if hy else inset, max(inset, line + 2 * hx) if hx else inset
        inner[top + iy : top + side - iy, left + ix : left + side - ix] = True
        rows = top + line + hy, top + side - line - hy  # the inside: within the outline and its blur
        cols = left + line + hx, left + side - line - hx
        inside = np.zeros(gray.shape, bool)
        inside[rows[0] : rows[1], cols[0] : cols[1]] = True
        spread = np.zeros(gray.shape, bool)  # the outline and its blur
        spread[
            top - line // 2 - hy : top + side + line + hy, left - line // 2 - hx : left + side + line + hx
        ] = True
        spread[
            top + line + hy : top + side - line // 2 - hy, left + line + hx : left + side - line // 2 - hx
        ] = False
        around = (
            ~spread
            & ~inside
            & (np.abs(xx - centre_x) < reach + hx + line)
            & (np.abs(yy - centre_y) < reach + hy + line)
        )
    else:  # a star: the disc inside its inner points never touches the printed outline
        inner = (xx - centre_x) ** 2 + (yy - centre_y) ** 2 <= (side * 0.2) ** 2
        inside, around = inner, np.zeros(gray.shape, bool)
    middle = (np.abs(xx - centre_x) < side * 0.15) & (np.abs(yy - centre_y) < side * 0.15)
    neighbour, entered, leaves, crossing, bent, left_out = False, set(), set(), False, 0.0, 0
    smear = False
    if box.shape == "box" and (ink & around).any():
        # ink inside joined across the outline to ink outside it, not reaching the box's middle:
        # a neighbour's mark running in, left out of this box's reading
        count, labels = cv2.connectedComponents((ink & inside).astype(np.uint8), connectivity=8)
        grow = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * line + 5 + 2 * max(hx, hy),) * 2)
        # far enough to reach over the outline to the ink beyond it: the blur widens the outline's band
        # on both of its edges, so twice the halo (once, a stroke running in on a blurred photo was cut
        # off from its ink outside, and read as this box's own)
        over = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * line + 5 + 4 * max(hx, hy),) * 2)
        for label in range(1, count):
            part = labels == label
            touch = cv2.dilate(part.astype(np.uint8), over).astype(bool) & ink & around
            if touch.sum() < line:
                continue
            ys, xs = np.nonzero(part)
            if hx or hy:  # how far each of its pixels lies from the inside's top or bottom, and sides
                from_rows = np.minimum(ys - rows[0], rows[1] - 1 - ys)
                from_sides = np.minimum(xs - cols[0], cols[1] - 1 - xs)
                if ((from_rows <= hy + SMEAR_PX) | (from_sides <= hx + SMEAR_PX)).all():
                    # no deeper than the blur spreads the outline: its smear, not a stroke
                    ink &= ~part
                    reach = np.ones((2 * (hy + SMEAR_PX) + 1, 2 * (hx + SMEAR_PX) + 1), np.uint8)
                    faint &= ~cv2.dilate(part.astype(np.uint8), reach).astype(bool)  # and its faint tail
                    smear = True
                    continue
            short = side * 0.05  # stops short of the box's centre line, across or along
            across = xs.min() < centre_x - short and xs.max() > centre_x + short
            along = ys.min() < centre_y - short and ys.max() > centre_y + short
            # the stroke within the box's inner part (an outline seen off its place, or blurred
            # into the box, stays near its edges)
            body = part & inner
            by, bx = np.nonzero(body)
            body_across = len(bx) > 0 and bx.min() < centre_x - short and bx.max() > centre_x + short
            body_along = len(by) > 0 and by.min() < centre_y - short and by.max() > centre_y + short
            turn = _bend(body, side)
            runs_in = not (part & middle).any() or not (across and along)
            if turn < BENT and runs_in and not (hx or hy):
                # on a sharp photo a tick's turn can lie outside the inner part (a short first stroke
                # low by a side, the long one running on out): looked for over the whole inside, but
                # the EDGE_PX along the outline (no blur here to turn a straight stroke into a hook)
                turn = _bend(
                    part[rows[0] + EDGE_PX : rows[1] - EDGE_PX, cols[0] + EDGE_PX : cols[1] - EDGE_PX], side
                )
            if turn >= BENT:  # a tick's turn inside the box: its own mark, running on out of it
                leaves |= _edge(part, top, left, side, line)
                bent = max(bent, turn)
            elif runs_in:
                # a stroke that runs in over a side and on across the centre line beyond it: the
                # start of a tick running on out of this box, or a neighbour's stroke run far in?
                # asked, if nothing else is here
                ty, tx = np.nonzero(touch)  # where the ink outside it lies: the sides it runs in by
                sideways = (tx < left).sum() + (tx >= left + side - line).sum()
                upright = (ty < top).sum() + (ty >= top + side - line).sum()
                crossing |= body_across if sideways >= upright else body_along
                crossing |= body_across and np.ptp(bx) >= 0.5 * side  # (boxes stand side by side in rows)
                ink &= ~part
                left_out += int(part.sum())
                faint &= ~cv2.dilate(part.astype(np.uint8), grow).astype(bool)  # and its faint tail
                neighbour = True
                # a long slanting stroke (not a straight printed line seen off its place): from where
                if max(np.ptp(xs), np.ptp(ys)) >= 0.2 * side and min(np.ptp(xs), np.ptp(ys)) > 2:
                    entered |= _edge(part, top, left, side, line)
            else:
                leaves |= _edge(part, top, left, side, line)
    dark = darkness[inner]
    if dark.size == 0:
        return None
    inked = ink[inner]
    cover = float(inked.mean())
    inner_side = max(1.0, float(np.sqrt(inner.sum())))
    pencil, lined = 0.0, False
    clear = inner  # (on a blurred photo, the blur's faint tail of the outline left out)
    if hx or hy:
        clear = cv2.erode(inner.astype(np.uint8), np.ones((2 * hy + 1, 2 * hx + 1), np.uint8)).astype(bool)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        (faint & clear).astype(np.uint8), connectivity=8
    )
    for label in range(1, count):
        extent = max(stats[label, cv2.CC_STAT_WIDTH], stats[label, cv2.CC_STAT_HEIGHT]) / inner_side
        if extent >= PENCIL_STROKE and box.shape == "box":
            part = labels == label
            ys, xs = np.nonzero(part)
            if min(np.ptp(xs), np.ptp(ys)) <= FOLD_WIDTH * side:  # a straight line along the page
                if _fold(xs, ys, faint, left, top, side, line):  # a fold runs on beyond the box: not a mark
                    faint &= ~cv2.dilate(part.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
                else:
                    lined = True
                continue
        pencil = max(pencil, extent)
    marked = float((inked | faint[inner]).mean())
    even = float(np.std(dark[inked]) / max(float(np.mean(dark[inked])), 1e-3)) if inked.any() else 0.0
    core = cv2.erode(ink.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool) & inner
    solid = (
        float(np.std(darkness[core]) / max(float(np.mean(darkness[core])), 1e-3)) if core.sum() > 8 else 1.0
    )
    corners = deep = tinted = 0.0
    far_corners = ()
    if box.shape == "box":
        c = max(2, int(round(side * 0.18)))
        a, b = top + line + hy, top + side - line - hy - c
        d, e = left + line + hx, left + side - line - hx - c
        patches = [ink[y : y + c, x : x + c] for y in (a, b) for x in (d, e)]
        corners = float(np.mean([p.mean() for p in patches if p.size])) if patches else 0.0
        # a sticker spills over the outline in a round bulge at the middle of the sides; pen
        # scribbled over a box stays inside it, square into its far corners
        t = max(2, int(round(side * 0.1)))
        far = [
            (y, x)
            for y in (top + line + hy, top + side - line - hy - t)
            for x in (left + line + hx, left + side - line - hx - t)
        ]
        tips = float(np.mean([ink[y : y + t, x : x + t].mean() for y, x in far]))
        centre_dark = max(float(darkness[middle].mean()), 1e-3)
        far_corners = tuple(float(darkness[y : y + t, x : x + t].mean()) / centre_dark for y, x in far)
        ink_inside = inner & ink
        deep = _deep(window, gray, paper, outside, ink_inside)
        tinted = float(coloured[ink_inside].mean()) if ink_inside.any() else 0.0
        o = line + 1
        mid = slice(int(side * 0.35), int(side * 0.65))
        bulge_parts = [
            ink[top - o - t : top - o, left + mid.start : left + mid.stop],
            ink[top + side + o : top + side + o + t, left + mid.start : left + mid.stop],
            ink[top + mid.start : top + mid.stop, left - o - t : left - o],
            ink[top + mid.start : top + mid.stop, left + side + o : left + side + o + t],
        ]
        bulge = float(np.mean([p.mean() for p in bulge_parts if p.size]))
        # just beyond the printed line, along each side: a round sticker spills out at the middle of a
        # side and not near its ends; pen scribbled to the edge spills evenly along it, or not at all
        b = max(2, int(round(side * 0.06)))
        out = top - line // 2 - 1, left - line // 2 - 1
        far_side = top + side + line // 2 + 1, left + side + line // 2 + 1
        strips = [
            (ink[out[0] - b : out[0], left : left + side], 0),
            (ink[far_side[0] : far_side[0] + b, left : left + side], 0),
            (ink[top : top + side, out[1] - b : out[1]], 1),
            (ink[top : top + side, far_side[1] : far_side[1] + b], 1),
        ]
        bands = [strip.mean(axis=axis) for strip, axis in strips if strip.size]
        end = max(1, int(side * 0.15))
        round_spill = float(
            np.mean(
                [
                    band[int(side * 0.3) : int(side * 0.7)].mean()
                    - max(band[:end].mean(), band[-end:].mean())
                    for band in bands
                    if band.size == side
                ]
                or [0.0]
            )
        )
    return Measure(
        cover,
        marked,
        float(dark.mean()),
        even,
        pencil,
        outline,
        noise,
        neighbour,
        peak,
        corners,
        frozenset(entered),
        frozenset(leaves),
        tips if box.shape == "box" else 0.0,
        bulge if box.shape == "box" else 0.0,
        solid,
        round_spill if box.shape == "box" else 0.0,
        crossing,
        bent,
        lined,
        left_out / max(1, int(inside.sum())),
        float(cv2.distanceTransform((inner & ~ink).astype(np.uint8), cv2.DIST_L2, 3).max()) / side,
        float((~ink[(xx - centre_x) ** 2 + (yy - centre_y) ** 2 <= (0.08 * side) ** 2]).mean()),
        *_grain(gray, centre_x, centre_y, side),
        float(
            (ink & inner & ~cv2.erode(inner.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)).sum()
        )
        / max(1, int((ink & inner).sum())),
        smear,
        deep,
        float(white[outside].mean()) if outside.any() else 0.0,
        far_corners,
        tinted,
    )


def _deep(window, gray, paper, outside, inked):
    """Return the ink's darkness in its brightest colour channel: its median over the inked pixels, as a
    share of the paper's (the paper's own tint, a warm light's, taken from the pixels around the box)."""
    if not inked.any() or not outside.any():
        return 0.0
    brightest = window.max(axis=2).astype(np.float32)
    tint = float(np.median(brightest[outside] / np.maximum(gray[outside], 1.0)))
    return float(np.median(1 - brightest[inked] / np.maximum(paper[inked] * tint, 1.0)))


def _grain(gray, centre_x, centre_y, side):
    """Return the grain of a box's middle: (how much its edges run one way, 0 to 1; how far that way
    is off the page's edges, 0 to 45 degrees; how strongly the darkness rises and falls every 3 to
    8 px across that way, as a share of the paper's brightness).

    Lines drawn back and forth over a tick to cross it out run one way, and leave stripes across
    it; a star, a cross, a sticker's points and a tick's two strokes have edges running several
    ways, and a sticker is even right through. A crease's shadow runs one way along the page."""
    r = int(side * 0.3)
    x, y = int(round(centre_x)), int(round(centre_y))
    part = gray[y - r : y + r, x - r : x + r]
    gx, gy = cv2.Sobel(part, cv2.CV_32F, 1, 0), cv2.Sobel(part, cv2.CV_32F, 0, 1)
    a, b, d = float((gx * gx).sum()), float((gx * gy).sum()), float((gy * gy).sum())
    if a + d <= 0:
        return 0.0, 45.0, 0.0
    angle = float(np.degrees(0.5 * np.arctan2(2 * b, a - d)))  # the way the darkness changes most
    turn = abs(angle) % 90
    # the middle turned so that way runs along x: its columns' mean darkness, the slope taken away
    turned = cv2.warpAffine(gray, cv2.getRotationMatrix2D((float(x), float(y)), angle, 1), gray.shape[::-1])
    profile = turned[y - r : y + r, x - r : x + r].mean(axis=0)
    steps = np.arange(len(profile))
    profile = profile - np.polyval(np.polyfit(steps, profile, 1), steps)
    power = np.abs(np.fft.rfft(profile * np.hanning(len(profile)))) ** 2
    period = 1 / np.maximum(np.fft.rfftfreq(len(profile)), 1e-9)
    band = float(np.sqrt(power[(period >= 3) & (period <= 8)].sum())) / len(profile)
    stripes = band / max(float(gray.max()), 40.0)
    return float(np.hypot(a - d, 2 * b) / (a + d)), float(min(turn, 90 - turn)), stripes
