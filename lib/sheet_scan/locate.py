"""Finding the sheet in a photo: its four corner markers, its code, and a straightened copy.

The corner markers give a homography from the page (mm) to the photo, so the page can be
warped flat whatever the angle. The code is read from a straightened close-up of its corner,
which is far more reliable than looking for it in the whole photo.
"""

import cv2
import numpy as np

from lib.errors import DomainError
from lib.printables.marks import ARUCO_DICT, CORNER_IDS, MARKER_MM, marker_corners, qr_box

PX_PER_MM = 5.0  # the straightened page: 5 px a millimetre (A4: 1050 x 1485 px)
PAPERS_MM = ((210.0, 297.0), (215.9, 279.4))  # A4, US Letter (portrait)


class SheetNotFound(DomainError):
    """The photo does not show the sheet's corner markers or its code."""


NO_CORNERS = (
    "We could not find the sheet's corner squares. Take the photo again with the whole sheet in "
    "view, flat, in good light."
)
NO_CODE = (
    "We found the sheet but could not read its code (bottom right). Take the photo again a little "
    "closer, or enter these ticks on the week grid."
)


def _detector():
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICT))
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary, params)


def find_markers(image):
    """Return the corner markers found, {id: 4x2 corners in photo px}, or raise SheetNotFound."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    detector = _detector()
    found = {}
    # a second look with local contrast evened out helps under shadows and uneven light
    for attempt in (gray, cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray)):
        corners, ids, _ = detector.detectMarkers(attempt)
        for marker_corners_px, marker_id in zip(corners, [] if ids is None else ids.flatten(), strict=False):
            if int(marker_id) in CORNER_IDS and int(marker_id) not in found:
                found[int(marker_id)] = marker_corners_px.reshape(4, 2)
        if len(found) == 4:
            break
    if len(found) < 3:
        raise SheetNotFound(NO_CORNERS)
    return found


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


def read_code(image, markers):
    """Return the text of the sheet's code, read from a straightened close-up of its corner."""
    detector = cv2.QRCodeDetector()
    margin = 3.0
    for scale in (8.0, 5.0, 12.0):
        for page_w, page_h in page_sizes(markers):
            homography = page_homography(markers, page_w, page_h)
            x, y, side = qr_box(page_w, page_h)
            crop = straighten(
                image, homography, x - margin, y - margin, side + 2 * margin, side + 2 * margin, scale
            )
            sharp = _sharpened(crop)
            otsu = cv2.threshold(sharp, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
            for candidate in (sharp, crop, otsu):
                text, _, _ = detector.detectAndDecode(candidate)
                if text:
                    return text
    raise SheetNotFound(NO_CODE)


__all__ = ["MARKER_MM", "SheetNotFound", "find_markers", "page_homography", "read_code", "straighten"]
