"""Generated photos of returned sheets, for the tests and the benchmark (tests/bench_sheets.py).

A marked sheet's PDF is rendered (pypdfium2; finer for a 12 MP photo), marks are drawn in chosen
boxes as a family would (ticks, crosses, stars, stickers, scribbles, pencil, coloured-in boxes,
crossed-out ticks, a neighbour's overlong tick), the paper may be photocopied, creased or curved,
then the page is "photographed": laid on a table, tilted in 3D, turned, lit unevenly, shadowed,
maybe under a sleeve's glare or in dim light, blurred (maybe shaken or out of focus), saved as a
JPEG, and maybe sent through a chat app.
"""

import math

import cv2
import numpy as np
import pypdfium2

RENDER_DPI = 150
# a 12 MP photo holds about 12 px a millimetre of the page: its sheet is rendered finer, to hold them too
FINE_DPI = 300
# what each mark means: the state a careful reader should give the box
MARK_STATE = {
    "tick": "ticked",
    "cross": "ticked",
    "star": "ticked",
    "sticker": "ticked",
    "colour": "ticked",
    "scribble": "unclear",
    "pencil": "ticked",  # a light, thin pencil tick
    "disc_light": "ticked",  # round stickers, pale or dark, no pen texture
    "disc_dark": "ticked",
    "star_light": "ticked",  # star stickers: gold, silver, yellow ... or red, blue, green
    "star_dark": "ticked",
    "filled": "ticked",  # the box coloured in with a crayon
    "crossed": "unclear",  # a tick scribbled over: the stated rule is to ask
    "zigzag": "unclear",  # blacked out by a hand: turns over a side or bowing out, a corner missed
    "neighbour": "empty",  # an empty box that the box to its left's overlong tick runs into
    "flourish": "ticked",  # that tick: its long up-stroke runs on into the next box (see with_neighbours)
    None: "empty",
}
# what goes wrong on a family's photo, beyond the distortion level (tests/bench_sheets.py)
CONDITIONS = (
    "curved",  # fresh off the fridge or out of a school bag: edges lifted 8-30 mm
    "crease",  # folded in four and flattened again
    "glare",  # a plastic sleeve catching the ceiling light
    "photocopy",  # grey, low contrast, speckled, colour lost
    "dim",  # a dim kitchen: underexposed, brightened by the phone, noisy, the phone's shadow
    "motion",  # the hand moved
    "defocus",  # the phone focused on the table
    "12mp",  # a full-size phone photo
    "chat",  # sent through a chat app: scaled to 1600 px and recompressed, maybe twice
)
LIGHT_STICKERS = [(120, 230, 250), (200, 180, 250), (170, 230, 170), (240, 210, 150), (60, 200, 240)]
DARK_STICKERS = [(40, 30, 170), (130, 50, 20), (40, 110, 30), (90, 30, 70), (30, 30, 30)]
CRAYONS = [(30, 160, 240), (200, 80, 40), (60, 60, 200), (60, 200, 250), (80, 170, 60), (180, 120, 240)]
LEVELS = {
    # tilt (deg), turn (deg), blur sigma (px), uneven light, shadow chance, JPEG quality, megapixels
    "mild": dict(tilt=10, turn=5, blur=0.5, light=0.1, shadow=0.0, quality=85, mp=3.0),
    "moderate": dict(tilt=20, turn=15, blur=1.0, light=0.25, shadow=0.5, quality=60, mp=2.0),
    "hard": dict(tilt=30, turn=30, blur=1.5, light=0.4, shadow=1.0, quality=40, mp=1.0),
}


def render_page(pdf_bytes, page=0, dpi=RENDER_DPI):
    """Return one page of a PDF as a BGR image."""
    doc = pypdfium2.PdfDocument(pdf_bytes)
    try:
        pil = doc[page].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def _pen(rng):
    return [(30, 30, 30), (140, 40, 20), (40, 40, 170), (60, 60, 60)][rng.integers(4)]


def _pts(points, x, y, w, h, rng, jitter=0.06):
    out = [(x + (px + rng.normal(0, jitter)) * w, y + (py + rng.normal(0, jitter)) * h) for px, py in points]
    return np.array(out, np.int32).reshape(-1, 1, 2)


def _star_points(cx, cy, outer, inner, turn=-90):
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.radians(turn + i * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return np.array(points, np.int32).reshape(-1, 1, 2)


def left_of(boxes, i):
    """Return the index of the box just left of box i on its row (same page), or None."""
    b = boxes[i]
    row = [
        j
        for j, a in enumerate(boxes)
        if a.page == b.page
        and a.shape == "box"
        and abs(a.y - b.y) < 0.5
        and a.x < b.x
        and b.x - a.x < 3 * b.w
    ]
    return max(row, key=lambda j: boxes[j].x) if row else None


def with_neighbours(boxes, marks):
    """Return marks with the box left of each "neighbour" box marked "flourish": a neighbour's ink is
    the overlong tick of the box to its left, so that box is ticked (a box in the first column has
    no box to its left: its stroke comes in from the margin)."""
    out = dict(marks)
    for i, mark in marks.items():
        if mark == "neighbour" and boxes[i].shape == "box":
            j = left_of(boxes, i)
            if j is not None and out.get(j) != "neighbour":
                out[j] = "flourish"
    return out


def draw_mark(image, box, mark, rng, dpi=RENDER_DPI, toward=None):
    """Draw one family's mark (tick, cross, star, sticker, colour, scribble) over a box.

    toward: for a "flourish", the box its long up-stroke runs on into."""
    k = dpi / 25.4
    x, y, w, h = box.x * k, box.y * k, box.w * k, box.h * k
    thick = max(1, int(round(rng.uniform(0.3, 0.8) * k)))
    colour = _pen(rng)
    if box.shape == "star" and mark in ("tick", "cross", "star"):  # marks on a big star sit near its middle
        x, y, w, h = x + w * 0.25, y + h * 0.25, w * 0.5, h * 0.5
    if mark == "tick":
        cv2.polylines(
            image, [_pts([(0.15, 0.55), (0.4, 0.85), (0.9, 0.1)], x, y, w, h, rng)], False, colour, thick
        )
    elif mark == "cross":
        cv2.polylines(image, [_pts([(0.15, 0.15), (0.85, 0.85)], x, y, w, h, rng)], False, colour, thick)
        cv2.polylines(image, [_pts([(0.85, 0.15), (0.15, 0.85)], x, y, w, h, rng)], False, colour, thick)
    elif mark == "star":
        star = _star_points(x + w / 2, y + h / 2, w * 0.42, w * 0.18, rng.uniform(-110, -70))
        cv2.polylines(image, [star], True, colour, thick)
    elif mark == "sticker":
        fill = [(40, 200, 250), (80, 200, 80), (180, 120, 240), (60, 190, 240)][
            rng.integers(4)
        ]  # light stickers
        centre = (int(x + w / 2 + rng.normal(0, w * 0.05)), int(y + h / 2 + rng.normal(0, h * 0.05)))
        cv2.circle(image, centre, int(w * rng.uniform(0.4, 0.55)), fill, -1, cv2.LINE_AA)
    elif mark == "colour":
        fill = [(30, 160, 240), (200, 80, 40), (60, 60, 200), (60, 60, 60)][rng.integers(4)]
        star = _star_points(x + w / 2, y + h / 2, w * 0.45, w * 0.22)
        layer = image.copy()
        cv2.fillPoly(layer, [star], fill)
        for _ in range(int(rng.integers(0, 6))):  # a crayon leaves gaps
            gap = (int(x + rng.uniform(0.3, 0.7) * w), int(y + rng.uniform(0.3, 0.7) * h))
            cv2.line(layer, gap, (gap[0] + int(w * 0.1), gap[1]), (255, 255, 255), max(1, thick // 2))
        image[:] = cv2.addWeighted(layer, 0.85, image, 0.15, 0)
    elif mark == "pencil":
        grey = int(rng.uniform(110, 170))
        layer = image.copy()
        cv2.polylines(
            layer,
            [_pts([(0.15, 0.55), (0.4, 0.85), (0.9, 0.1)], x, y, w, h, rng)],
            False,
            (grey,) * 3,
            max(1, int(round(0.15 * k))),  # a pencil line, about 0.17 mm at 150 or 300 dpi
            cv2.LINE_AA,
        )
        image[:] = np.minimum(image, layer)
    elif mark in ("disc_light", "disc_dark", "star_light", "star_dark"):
        palette = LIGHT_STICKERS if mark.endswith("light") else DARK_STICKERS
        fill = palette[rng.integers(len(palette))]
        cx, cy = x + w / 2 + rng.normal(0, w * 0.06), y + h / 2 + rng.normal(0, h * 0.06)
        radius = w * rng.uniform(0.4, 0.6)
        if mark.startswith("disc"):
            cv2.circle(image, (int(cx), int(cy)), int(radius), fill, -1, cv2.LINE_AA)
        else:
            star = _star_points(cx, cy, radius * 1.15, radius * 0.55, rng.uniform(-110, -70))
            cv2.fillPoly(image, [star], fill, cv2.LINE_AA)
    elif mark == "filled":
        fill = CRAYONS[rng.integers(len(CRAYONS))]
        layer = image.copy()
        step = max(2, int(thick * 1.5))
        over = w * rng.uniform(-0.05, 0.12)  # a crayon overflows the box a little, or stays short of it
        for row in np.arange(y - over, y + h + over, step):
            wobble = rng.normal(0, step * 0.3)
            cv2.line(
                layer,
                (int(x - over), int(row + wobble)),
                (int(x + w + over), int(row - wobble)),
                fill,
                step + 1,
            )
        image[:] = np.where(rng.random(image.shape[:2])[..., None] < 0.85, layer, image)  # crayon grain
    elif mark == "crossed":
        cv2.polylines(
            image, [_pts([(0.15, 0.55), (0.4, 0.85), (0.9, 0.1)], x, y, w, h, rng)], False, colour, thick
        )
        points = [(0.1 + 0.8 * (i % 2), 0.15 + i * 0.1) for i in range(8)]  # zigzagged over
        cv2.polylines(image, [_pts(points, x, y, w, h, rng, 0.04)], False, colour, thick)
    elif mark == "flourish":  # a tick whose up-stroke runs on into the next box, stopping short of its middle
        nx, ny, nw, nh = toward.x * k, toward.y * k, toward.w * k, toward.h * k
        end = (nx + nw * rng.uniform(0.25, 0.45), ny + nh * rng.uniform(-0.2, 0.3))
        down = _pts([(0.15, 0.55), (0.4, 0.85)], x, y, w, h, rng).reshape(-1, 2)
        points = np.vstack([down, np.array(end, np.int32)]).reshape(-1, 1, 2)
        cv2.polylines(image, [points], False, colour, thick, cv2.LINE_AA)
    elif mark == "neighbour":  # no box to its left (see with_neighbours): a long stroke from the margin
        reach = rng.uniform(0.25, 0.45)
        start = (x - w * rng.uniform(0.6, 1.0), y + h * rng.uniform(0.6, 1.0))
        end = (x + w * reach, y + h * rng.uniform(-0.2, 0.3))
        cv2.line(
            image, (int(start[0]), int(start[1])), (int(end[0]), int(end[1])), colour, thick, cv2.LINE_AA
        )
    elif mark == "scribble":
        points = [(0.05 + 0.9 * (i % 2), 0.05 + i * 0.045) for i in range(21)]  # blacked out
        cv2.polylines(image, [_pts(points, x, y, w, h, rng, 0.02)], False, colour, max(2, thick * 2))
    elif mark == "zigzag":
        _hand_zigzag(image, x, y, w, h, rng, colour, max(2, thick * 2))
    return image


def _hand_zigzag(image, x, y, w, h, rng, colour, thick):
    """Black a box out as a hand does: a zigzag across it whose turns may run over a side (up to 1.5 mm
    of a 9 mm box) or bow out at the side's middle as a wrist swings, the pen maybe lifted short of a
    corner, maybe in a felt tip that lets a little of the paper through."""
    over = rng.uniform(0.05, 0.17) * w if rng.random() < 0.5 else 0.0
    bow = rng.uniform(0.05, 0.13) * w if rng.random() < 0.4 else 0.0
    short = rng.uniform(0.1, 0.27) * w if rng.random() < 0.5 else 0.0
    corner = rng.integers(4)
    across = rng.random() < 0.5  # strokes running across the box, or up and down it
    n = max(8, int(round(h / (thick * 0.8))))
    points = []  # (in shares of the box, as _pts takes them)
    for i in range(n + 1):
        f = i / n
        turn = (bow * (1 - (2 * f - 1) ** 2) + (over if i % 2 == 0 else 0.0)) / w
        a = -turn if i % 2 == 0 else 1 + turn
        points.append((a, f) if across else (f, a))
    m = int(w * 0.5)  # (drawn in a window around the box: the overshoot and the bow stay within it)
    x0, y0 = max(0, int(x) - m), max(0, int(y) - m)
    x1, y1 = min(image.shape[1], int(x + w) + m), min(image.shape[0], int(y + h) + m)
    layer = np.zeros((y1 - y0, x1 - x0), np.float32)
    stroke = _pts(points, x, y, w, h, rng, 0.02) - np.int32([x0, y0])
    cv2.polylines(layer, [stroke], False, 1.0, thick, cv2.LINE_AA)
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    dx = xx - x if corner in (0, 2) else x + w - xx
    dy = yy - y if corner in (0, 1) else y + h - yy
    layer[dx + dy < short] = 0.0
    layer = layer[..., None]
    part = image[y0:y1, x0:x1]
    if rng.random() < 0.4:  # a felt tip: a little of the paper shows through
        part[:] = np.clip(part * (1 - layer * (1 - np.float32(colour) / 255) * 0.85), 0, 255)
    else:
        part[:] = np.clip(part * (1 - layer) + np.float32(colour) * layer, 0, 255)


def _page_quad(page_w, page_h, canvas_w, canvas_h, tilt, turn, rng):
    """Return where the page's corners land in the photo for a camera tilted by `tilt` degrees."""
    corners = np.array([[-1, -1, 0], [1, -1, 0], [1, 1, 0], [-1, 1, 0]], float) * [page_w / 2, page_h / 2, 0]
    a, b = math.radians(tilt) * rng.choice([-1, 1]), math.radians(rng.uniform(-tilt, tilt) * 0.5)
    rx = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    c = math.radians(rng.uniform(-turn, turn))
    rz = np.array([[math.cos(c), -math.sin(c), 0], [math.sin(c), math.cos(c), 0], [0, 0, 1]])
    turned = corners @ (rz @ ry @ rx).T
    distance = 1.6 * max(page_w, page_h)
    flat = turned[:, :2] * (distance / (distance + turned[:, 2:3]))
    flat -= flat.mean(axis=0)
    scale = 0.86 * min(canvas_w / np.ptp(flat[:, 0]), canvas_h / np.ptp(flat[:, 1]))
    offset = np.array([canvas_w / 2, canvas_h / 2]) + rng.normal(0, 0.02, 2) * [canvas_w, canvas_h]
    return (flat * scale + offset).astype(np.float32)


def _photocopy(page, rng, fine=1.0):
    """fine: the render's px per px at RENDER_DPI (the copier's blur is in the paper's units)."""
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY).astype(np.float32)
    low, high = rng.uniform(60, 110), rng.uniform(200, 235)  # toner never black, paper never white
    gray = low + gray / 255 * (high - low) + rng.normal(0, 6, gray.shape)
    gray[rng.random(gray.shape) < 0.002 / fine**2] = low  # toner specks
    gray = cv2.GaussianBlur(np.clip(gray, 0, 255).astype(np.uint8), (0, 0), 0.7 * fine)
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def _curved(page, rng):
    """Bend the page along one axis as a lifted sheet looks from above: edges drawn in, magnified.

    Return (image, paper, pad): the bent page on a canvas PAD px wider on every side (a lifted edge,
    nearer the camera, looks bigger: it grows beyond the flat page's outline, never cut off at it)
    and where the paper lies on it."""
    h, w = page.shape[:2]
    mm = w / 210
    lift = rng.uniform(8, 30) * mm  # the edges' lift
    pad = int(round(12 * mm))  # more than a 30 mm lift moves an edge out (about 10 mm on A4's long side)
    yy, xx = np.mgrid[-pad : h + pad, -pad : w + pad].astype(np.float32)
    along_x = rng.random() < 0.5
    u = np.clip((2 * xx / w - 1) if along_x else (2 * yy / h - 1), -1, 1)  # (beyond the edge: the edge's)
    z = lift * u**2  # height of the paper above the table
    distance = 450 * mm  # the camera's height
    magnify = 1 + z / distance
    cx, cy = w / 2, h / 2
    shrink = (2 / 3) * lift**2 / ((w if along_x else h) / 2) * u**3  # the arc is longer than its chord
    src_x = cx + (xx - cx) / magnify + (shrink if along_x else 0)
    src_y = cy + (yy - cy) / magnify + (0 if along_x else shrink)
    light = 1 - 0.12 * np.abs(u) * rng.uniform(0, 1)  # the lifted part turns from the light
    out = cv2.remap(
        page, src_x, src_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(255,) * 3
    )
    paper = cv2.remap(np.full((h, w), 255, np.uint8), src_x, src_y, cv2.INTER_LINEAR, borderValue=0)
    return np.clip(out * light[..., None], 0, 255).astype(np.uint8), paper, pad


def _crease(page, rng, fine=1.0):
    """Fold lines across the page: a small kink of the paper and a light-dark ridge along each.

    fine: the render's px per px at RENDER_DPI (the ridge's width is in the paper's units)."""
    h, w = page.shape[:2]
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    src_x, src_y, shade = xx.copy(), yy.copy(), np.ones((h, w), np.float32)
    for vertical in (True, False):
        at = (w if vertical else h) * rng.uniform(0.35, 0.65)
        pos = xx if vertical else yy
        kink = rng.uniform(0.5, 1.5) * w / 210 * np.clip((pos - at) / (8 * fine), -1, 1)  # up to 1.5 mm
        if vertical:
            src_x -= kink
        else:
            src_y -= kink
        shade *= 1 - rng.uniform(0.06, 0.15) * np.exp(-(((pos - at) / (3 * fine)) ** 2)) * np.sign(
            pos - at + 0.5
        )
    out = cv2.remap(page, src_x, src_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.clip(out * shade[..., None], 0, 255).astype(np.uint8)


def _glare(photo, mask, rng):
    """A plastic sleeve's reflection: a bright, washed-out patch somewhere over the page."""
    h, w = photo.shape[:2]
    ys, xs = np.nonzero(mask > 127)
    k = rng.integers(len(xs))
    cx, cy = xs[k], ys[k]
    sx, sy = w * rng.uniform(0.05, 0.15), h * rng.uniform(0.03, 0.1)
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    spot = np.exp(-(((xx - cx) / sx) ** 2 + ((yy - cy) / sy) ** 2))
    photo += (rng.uniform(120, 260) * spot)[..., None]
    return photo


def _blurred(photo, kind, rng):
    if kind != "motion":
        return defocused(photo, int(rng.integers(2, 6)))
    return shaken(photo, int(rng.integers(5, 13)), rng.uniform(0, 180))


def shaken(image, length, angle):
    """Return an image taken with a moving phone: each point smeared along a `length` px line at `angle`°."""
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1
    turn = cv2.getRotationMatrix2D(((length - 1) / 2, (length - 1) / 2), angle, 1)
    kernel = cv2.warpAffine(kernel, turn, (length, length))
    return cv2.filter2D(image, -1, kernel / kernel.sum())


def defocused(image, radius):
    """Return an image out of focus: each point spread over a disc of `radius` px."""
    kernel = np.zeros((2 * radius + 1,) * 2, np.float32)
    cv2.circle(kernel, (radius, radius), radius, 1.0, -1)
    return cv2.filter2D(image, -1, kernel / kernel.sum())


def _chat(jpeg, rng):
    """Send the photo through a chat app: scaled to 1600 px on its long side, recompressed (once or twice)."""
    for _ in range(int(rng.integers(1, 3))):
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        scale = 1600 / max(image.shape[:2])
        if scale < 1:
            image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(55, 75))])[1].tobytes()
    return jpeg


def photograph(page, level, rng, conditions=(), crng=None, paper=None, pad=0):
    """Return JPEG bytes of a photo of the page at a distortion level (see LEVELS), with CONDITIONS.

    paper, pad: a bent page (see _curved) lies on a canvas PAD px wider on every side, where PAPER is."""
    p = dict(LEVELS[level])
    if "12mp" in conditions:
        p["mp"] = 12.0
    if "dim" in conditions:
        p["shadow"] = 1.0
    ph, pw = page.shape[0] - 2 * pad, page.shape[1] - 2 * pad
    landscape = pw > ph
    pixels = p["mp"] * 1e6
    canvas_w = int(math.sqrt(pixels * (4 / 3 if landscape else 3 / 4)))
    canvas_h = int(pixels / canvas_w)
    table = np.full((canvas_h, canvas_w, 3), rng.integers(60, 140, 3), np.uint8)
    table = cv2.add(table, rng.integers(0, 25, table.shape, dtype=np.uint8))
    quad = _page_quad(pw, ph, canvas_w, canvas_h, rng.uniform(0, p["tilt"]), p["turn"], rng)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32) + pad
    warp = cv2.getPerspectiveTransform(src, quad)
    photo = cv2.warpPerspective(page, warp, (canvas_w, canvas_h), flags=cv2.INTER_AREA)
    paper = np.full((ph, pw), 255, np.uint8) if paper is None else paper
    mask = cv2.warpPerspective(paper, warp, (canvas_w, canvas_h))
    photo = np.where(mask[..., None] > 127, photo, table).astype(np.float32)
    yy, xx = np.mgrid[:canvas_h, :canvas_w].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xx * math.cos(angle) + yy * math.sin(angle)) / max(canvas_w, canvas_h)
    ramp = (ramp - ramp.min()) / max(np.ptp(ramp), 1e-6)
    photo *= (1 - p["light"] * ramp)[..., None]
    if rng.random() < p["shadow"]:
        shade = np.zeros((canvas_h, canvas_w), np.float32)
        corner = rng.integers(0, 4)
        points = np.array(
            [
                [0, 0],
                [canvas_w * rng.uniform(0.3, 0.7), 0],
                [canvas_w * rng.uniform(0.1, 0.5), canvas_h],
                [0, canvas_h],
            ],
            np.int32,
        )
        if corner % 2:
            points[:, 0] = canvas_w - points[:, 0]
        cv2.fillPoly(shade, [points], 1.0)
        shade = cv2.GaussianBlur(shade, (0, 0), canvas_w * 0.03)
        photo *= (1 - rng.uniform(0.25, 0.45) * shade)[..., None]
    if "glare" in conditions:
        photo = _glare(photo, mask, crng)
    if "dim" in conditions:  # a quarter of the light, the phone's gain brings it back with its noise
        gain = crng.uniform(2.5, 4)
        photo = (photo / gain + crng.normal(0, 2.5, photo.shape)) * gain
    photo = np.clip(photo + rng.normal(0, 3, photo.shape), 0, 255).astype(np.uint8)
    sigma = rng.uniform(0.2, p["blur"])
    photo = cv2.GaussianBlur(photo, (0, 0), sigma)
    for kind in ("motion", "defocus"):
        if kind in conditions:
            photo = _blurred(photo, kind, crng)
    ok, jpeg = cv2.imencode(".jpg", photo, [cv2.IMWRITE_JPEG_QUALITY, p["quality"]])
    jpeg = jpeg.tobytes()
    if "chat" in conditions:
        jpeg = _chat(jpeg, crng)
    return jpeg


def sheet_photo(pdf_bytes, boxes, marks, level="mild", seed=0, page=1, conditions=()):
    """Return JPEG bytes of a photo of a marked sheet with marks ({box index: mark}) drawn in,
    photographed at a level with some CONDITIONS (none by default). A "neighbour" box's left box is
    drawn as a "flourish" (with_neighbours: label the boxes with it too)."""
    rng = np.random.default_rng(seed)
    dpi = FINE_DPI if "12mp" in conditions else RENDER_DPI
    image = render_page(pdf_bytes, page - 1, dpi)
    marks = with_neighbours(boxes, marks)
    for index, mark in marks.items():
        if mark == "neighbour" and left_of(boxes, index) is not None:
            continue  # drawn as the flourish of the box to its left
        if mark is not None:
            toward = None
            if mark == "flourish":
                toward = next(
                    boxes[i] for i, m in marks.items() if m == "neighbour" and left_of(boxes, i) == index
                )
            draw_mark(image, boxes[index], mark, rng, dpi, toward)
    crng = np.random.default_rng(seed + 7919) if conditions else None  # the plain photo stays as it was
    if "photocopy" in conditions:
        image = _photocopy(image, crng, dpi / RENDER_DPI)
    if "crease" in conditions:
        image = _crease(image, crng, dpi / RENDER_DPI)
    paper, pad = None, 0
    if "curved" in conditions:
        image, paper, pad = _curved(image, crng)
    return photograph(image, level, rng, conditions, crng, paper, pad)


def ticked_sheet_photo(path, username, today, level="mild", seed=5, scribbled=False, conditions=()):
    """Print a marked fridge sheet of this week for a family of `username` in the database at path,
    and photograph it with a tick in each box of a day up to `today` (scribbled: the first of them
    scribbled out instead, a box the reader asks; conditions: the benchmark's, e.g. ("glare",)).

    Return (family name, photo JPEG bytes, {(task id, day)} ticked on paper that the app lacks)."""
    from lib import db, printables, words
    from lib.models import Actor
    from lib.sheet_scan import load_printed_sheet, print_marked_sheet

    con = db.connect(path)
    try:
        with con.cursor() as cur:
            therapist = Actor(
                *cur.execute(
                    "SELECT id, username, display_name, role, discipline FROM users WHERE username = ?",
                    [username],
                ).fetchone()
            )
            family_id, name = cur.execute(
                "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
                " WHERE ft.therapist_id = ? AND ft.active AND f.status = 'active' AND EXISTS (SELECT 1 FROM"
                " assignments a WHERE a.family_id = f.id AND a.status = 'active' AND a.start_date <= ?)"
                " ORDER BY f.id LIMIT 1",
                [therapist.id, words.week_start(today)],
            ).fetchone()
            sheet = printables.load_family_sheet(cur, therapist, family_id, today)
            pdf = print_marked_sheet(cur, therapist, "fridge", sheet, words.week_start(today))
            printed = load_printed_sheet(cur, cur.execute("SELECT max(id) FROM printed_sheets").fetchone()[0])
            saved = set(
                cur.execute(
                    "SELECT assignment_id, practice_date FROM ticks WHERE family_id = ?", [family_id]
                ).fetchall()
            )
            marks = {
                i: "tick" for i, b in enumerate(printed.boxes) if b.practice_date and b.practice_date <= today
            }
            if scribbled:
                marks[min(marks)] = "scribble"
            new = {
                (b.assignment_id, b.practice_date)
                for i, b in enumerate(printed.boxes)
                if marks.get(i) == "tick"
            } - saved
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return name, sheet_photo(pdf, printed.boxes, marks, level, seed, conditions=conditions), new


def pin_clinic_key(cur, key=b"home-practice-tests-clinic-key-0"):
    """Give the clinic a fixed key for sheet codes, so a test's sheet and photo are the same every run."""
    cur.execute("INSERT OR REPLACE INTO sheet_secret (id, value) VALUES (1, ?)", [key])
