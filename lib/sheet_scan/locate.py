"""Finding the sheet in a photo: its four corner markers, its code, and a straightened copy.

The corner markers give a homography from the page (mm) to the photo, so the page can be
warped flat whatever the angle. The code is read from a straightened close-up of its corner,
which is far more reliable than looking for it in the whole photo.
"""

import cv2
import numpy as np

from lib.errors import DomainError
from lib.printables.marks import (
    ARUCO_DICT,
    CORNER_IDS,
    MARKER_MM,
    MODULE_MM,
    QR_QUIET,
    marker_corners,
    qr_box,
    qr_matrix,
)

PX_PER_MM = 5.0  # the straightened page: 5 px a millimetre (A4: 1050 x 1485 px)
PAPERS_MM = ((210.0, 297.0), (215.9, 279.4))  # A4, US Letter (portrait)


class SheetNotFound(DomainError):
    """The photo does not show the sheet's corner markers or its code."""


NO_CORNERS = (
    "We could not find the sheet's corner squares. Take the photo again with the whole sheet in "
    "view, flat, in good light."
)
NO_CODE = (
    "We found the sheet but could not read its code (bottom right). Take the photo again, or enter "
    "these ticks on the week grid."
)


def _detector(loose=False):
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICT))
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    if loose:  # for a blurred photo: rounded corners, wider thresholds, every bit corrected
        params.polygonalApproxAccuracyRate = 0.08
        params.adaptiveThreshWinSizeMax = 53
        params.adaptiveThreshWinSizeStep = 8
        params.errorCorrectionRate = 1.0
        params.minCornerDistanceRate = 0.02
    return cv2.aruco.ArucoDetector(dictionary, params)


def retake_advice(image):
    """Return what to change for the next photo: hold still, more light, or come closer."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    scale = 1000 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    advice = []
    if cv2.Laplacian(small, cv2.CV_64F).var() < BLURRED:
        advice.append("hold the phone still and let it focus (tap the sheet on the screen)")
    if np.percentile(small, 95) < DARK_PHOTO:
        advice.append("take it in more light")
    advice.append("come a little closer, with all four corner squares in view")
    return "Next time: " + "; ".join(advice) + "."


BLURRED = 100  # variance of the Laplacian at 1000 px: below it the photo is blurred
DARK_PHOTO = 110  # the brightest paper darker than this: a dim photo


def _look(detector, gray, found):
    corners, ids, _ = detector.detectMarkers(gray)
    for marker_corners_px, marker_id in zip(corners, [] if ids is None else ids.flatten(), strict=False):
        if int(marker_id) in CORNER_IDS and int(marker_id) not in found:
            found[int(marker_id)] = marker_corners_px.reshape(4, 2)


def find_markers(image):
    """Return the corner markers found, {id: 4x2 corners in photo px}, or raise SheetNotFound."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    found = {}
    # a second look with local contrast evened out helps under shadows and uneven light; smaller
    # copies turn a shaken or unfocused photo's wide blur into a narrow one; a blurred photo gets
    # a sharpened look and a looser detector (rounded corners, every bit corrected) last
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
    for loose in (False, True):
        detector = _detector(loose)
        for scale in (1.0, 0.5, 0.35, 0.25) if loose else (1.0, 0.5, 0.25):
            if scale < 1 and max(gray.shape) * scale < 400:
                break
            small = (
                gray
                if scale == 1
                else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
            )
            attempts = (
                (small, clahe.apply(small), _sharpened(small)) if loose else (small, clahe.apply(small))
            )
            for attempt in attempts:
                seen = {}
                _look(detector, attempt, seen)
                for marker_id, corners in seen.items():
                    found.setdefault(marker_id, corners / scale)
                if len(found) == 4 and _plausible(found):
                    return found
    if len(found) < 3 or not _plausible(found):
        raise SheetNotFound(f"{NO_CORNERS} {retake_advice(image)}")
    return found


def _plausible(found):
    """Return True when the markers found look like one sheet's: similar sizes, in their corners' order."""
    sides = [np.linalg.norm(c[0] - c[1]) + np.linalg.norm(c[1] - c[2]) for c in found.values()]
    if min(sides) < 0.5 * max(sides):
        return False
    centre = {i: c.mean(axis=0) for i, c in found.items()}
    ids = sorted(centre)
    # going round the corners in id order (top left, top right, bottom right, bottom left) turns one way
    turns = []
    for k, i in enumerate(ids):
        a, b, c = centre[i], centre[ids[(k + 1) % len(ids)]], centre[ids[(k + 2) % len(ids)]]
        turns.append(np.sign((b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])))
    return len(set(turns)) == 1


def page_sizes(markers):
    """Return the paper sizes (w, h) in mm the sheet may have, turned as the markers say, likeliest first."""
    centre = {i: c.mean(axis=0) for i, c in markers.items()}
    pairs_w = [(0, 1), (3, 2)]
    pairs_h = [(0, 3), (1, 2)]
    width = np.mean(
        [np.linalg.norm(centre[a] - centre[b]) for a, b in pairs_w if a in centre and b in centre]
    )
    height = np.mean(
        [np.linalg.norm(centre[a] - centre[b]) for a, b in pairs_h if a in centre and b in centre]
    )
    return [(h, w) if width > height else (w, h) for w, h in PAPERS_MM]


def page_homography(markers, page_w, page_h):
    """Return the homography from page mm to photo px, fitted on every found marker corner."""
    expected = marker_corners(page_w, page_h)
    src = np.concatenate([expected[i] for i in sorted(markers)])
    dst = np.concatenate([markers[i] for i in sorted(markers)]).astype(np.float32)
    homography, _ = cv2.findHomography(src, dst, 0)
    if homography is None:
        raise SheetNotFound(NO_CORNERS)
    return homography


def straighten(image, homography, x, y, w, h, px_per_mm=PX_PER_MM, gray=True):
    """Return the page region (x, y, w, h in mm) of the photo warped flat at px_per_mm."""
    scale = np.array([[px_per_mm, 0, -x * px_per_mm], [0, px_per_mm, -y * px_per_mm], [0, 0, 1]])
    to_photo = homography @ np.linalg.inv(scale)
    size = (int(round(w * px_per_mm)), int(round(h * px_per_mm)))
    source = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if gray and image.ndim == 3 else image
    return cv2.warpPerspective(
        source,
        to_photo,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _sharpened(crop):
    return cv2.addWeighted(crop, 1.8, cv2.GaussianBlur(crop, (0, 0), 2), -0.8, 0)


def _fixed_patterns(modules):
    """Return (known, value): the modules every QR code of this size has (finders, separators, timing)."""
    known = np.zeros((modules, modules), bool)
    value = np.zeros((modules, modules), bool)
    finder = np.zeros((7, 7), bool)
    finder[[0, 6], :] = finder[:, [0, 6]] = True
    finder[2:5, 2:5] = True
    for r, c in ((0, 0), (0, modules - 7), (modules - 7, 0)):
        known[max(0, r - 1) : r + 8, max(0, c - 1) : c + 8] = True  # with its white separator
        value[r : r + 7, c : c + 7] = finder
    known[6, 8 : modules - 8] = known[8 : modules - 8, 6] = True
    value[6, 8 : modules - 8] = value[8 : modules - 8, 6] = np.arange(8, modules - 8) % 2 == 0
    return known, value


def _redrawn(crop, scale, margin, modules):
    """Return a crisp picture of the code redrawn from its module grid, sampled at each module's centre.

    A blurred code the detector cannot find can still be sampled where the page says it is; the
    code's error correction mends the modules read wrong."""
    centres = (margin + (QR_QUIET + np.arange(modules) + 0.5) * MODULE_MM) * scale
    smooth = cv2.GaussianBlur(crop, (0, 0), scale * MODULE_MM * 0.25).astype(np.float32)
    ys, xs = np.meshgrid(centres, centres, indexing="ij")
    values = cv2.remap(smooth, xs.astype(np.float32), ys.astype(np.float32), cv2.INTER_LINEAR)
    local = cv2.blur(values, (5, 5), borderType=cv2.BORDER_REFLECT)
    black = values < (0.5 * local + 0.5 * values.mean())
    known, value = _fixed_patterns(modules)
    black = np.where(known, value, black)
    picture = np.kron(~black, np.ones((8, 8), bool)).astype(np.uint8) * 255
    return cv2.copyMakeBorder(picture, 32, 32, 32, 32, cv2.BORDER_CONSTANT, value=255)


def _decoded(detector, picture):
    """Return the text the detector reads in a picture, or "" when it reads none.

    OpenCV raises (cv2.error) instead of reading nothing when it takes a blurred code for one whose
    corners fall on a line (opencv/opencv#27807, still in 5.0.0): such a picture holds no code read."""
    try:
        return detector.detectAndDecode(picture)[0]
    except cv2.error:
        return ""


def read_code(image, markers):
    """Return the text of the sheet's code, read from a straightened close-up of its corner."""
    detector = cv2.QRCodeDetector()
    margin = 3.0
    for scale in (8.0, 5.0, 12.0, 3.0, 2.2):  # the small scales read a blurred code
        for page_w, page_h in page_sizes(markers):
            homography = page_homography(markers, page_w, page_h)
            x, y, side = qr_box(page_w, page_h)
            crop = straighten(
                image, homography, x - margin, y - margin, side + 2 * margin, side + 2 * margin, scale
            )
            sharp = _sharpened(crop)
            otsu = cv2.threshold(sharp, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
            local = cv2.adaptiveThreshold(
                crop, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, int(scale * 4) | 1, 4
            )
            for candidate in (sharp, crop, otsu, local):
                text = _decoded(detector, candidate)
                if text:
                    return text
            if scale == 8.0:  # the code's place is known: sample its modules there
                for modules in (21, 25):
                    x, y, side = qr_box(page_w, page_h, modules)
                    crop = straighten(
                        image, homography, x - margin, y - margin, side + 2 * margin, side + 2 * margin, scale
                    )
                    text = _decoded(detector, _redrawn(crop, scale, margin, modules))
                    if text:
                        return text
    raise SheetNotFound(f"{NO_CODE} {retake_advice(image)}")


CODE_MATCH = 0.7  # the printed code drawn afresh matches the photo's this well (normalised correlation) ...
CODE_MARGIN = 0.15  # ... and better by this than any other candidate's: that sheet


def code_scores(image, markers, candidates):
    """Return [(score, text)] for each candidate [(text, page_w, page_h)], best first (see match_code)."""
    scale, margin = 6.0, 3.0
    crops, scores = {}, []
    for text, page_w, page_h in candidates:
        matrix = qr_matrix(text)
        modules = len(matrix)
        key = (round(page_w, 1), round(page_h, 1), modules)
        if key not in crops:
            homography = page_homography(markers, page_w, page_h)
            x, y, side = qr_box(page_w, page_h, modules)
            crops[key] = straighten(
                image, homography, x - margin, y - margin, side + 2 * margin, side + 2 * margin, scale
            ).astype(np.float32)
        crop = crops[key]
        cell = MODULE_MM * scale
        quiet = QR_QUIET * cell
        ideal = np.full((int(round(modules * cell + 2 * quiet)),) * 2, 255, np.float32)
        for r, c in zip(*np.nonzero(matrix), strict=True):
            y0, x0 = int(round(quiet + r * cell)), int(round(quiet + c * cell))
            ideal[y0 : y0 + int(round(cell)), x0 : x0 + int(round(cell))] = 0
        # only the modules that differ from code to code count (not the finders, timing, format)
        known, _ = _fixed_patterns(modules)
        known[8, :] = known[:, 8] = True
        data = np.zeros(ideal.shape, bool)
        for r, c in zip(*np.nonzero(~known), strict=True):
            y0, x0 = int(round(quiet + r * cell)), int(round(quiet + c * cell))
            data[y0 : y0 + int(round(cell)), x0 : x0 + int(round(cell))] = True
        best = -1.0
        for sigma in (0.3, 0.6, 1.0):
            drawn = cv2.GaussianBlur(ideal, (0, 0), sigma * cell)
            if drawn.shape[0] > crop.shape[0] or drawn.shape[1] > crop.shape[1]:
                continue
            _, _, _, (x0, y0) = cv2.minMaxLoc(cv2.matchTemplate(crop, drawn, cv2.TM_CCOEFF_NORMED))
            seen = crop[y0 : y0 + drawn.shape[0], x0 : x0 + drawn.shape[1]][data]
            best = max(best, float(np.corrcoef(seen, drawn[data])[0, 1]) if seen.std() > 0 else -1.0)
        scores.append((best, text))
    return sorted(scores, reverse=True)


def match_code(image, markers, candidates):
    """Return the candidate code text whose code, drawn afresh, best matches the photo's, or None.

    For a code too blurred to decode: candidates are [(text, page_w, page_h)] of the sheets that
    could be in the photo (the family's own); each is drawn as printed, blurred a little, a lot,
    and laid over the straightened corner of the photo. Only a clear winner is taken; the code's
    check is then verified as for a decoded code."""
    scores = code_scores(image, markers, candidates)
    if not scores or scores[0][0] < CODE_MATCH:
        return None
    if len(scores) > 1 and scores[0][0] - scores[1][0] < CODE_MARGIN:
        return None
    return scores[0][1]


__all__ = [
    "MARKER_MM",
    "SheetNotFound",
    "find_markers",
    "match_code",
    "page_homography",
    "read_code",
    "straighten",
]
