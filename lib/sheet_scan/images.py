"""Turning an upload into pixels: JPEG and PNG, HEIC from a phone, or the first page of a scanned PDF.

Sizes are checked before anything is decoded: the bytes of the upload, the pixel count in the
image's header, the size of a PDF's page. A file that would need more memory than a real photo
of a sheet is refused with a clear message, so one upload cannot starve the clinic's server.
"""

import warnings
from io import BytesIO

import cv2
import numpy as np

from lib.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024  # an upload larger than this is refused unread (server.maxUploadSize too)
MAX_PIXELS = 50_000_000  # px in the header: a 48 MP phone photo passes, a "decompression bomb" does not
MAX_PAGE_MM = 450.0  # a PDF page larger than this a side (beyond A3) is not a scanned sheet
MAX_SIDE = 3000  # px: larger photos are scaled down first (reading needs far less)
READ_SIDE = 2000  # px: a JPEG at least twice this is decoded at a half or a quarter of its size
PDF_DPI = 200
KEEP_SIDE = 1600  # px: the copy kept in the family's record
KEEP_QUALITY = 80
FORMATS = ("JPEG", "PNG", "HEIF")

UNREADABLE = "This file is not a photo or scan we can read: use a JPEG, PNG or HEIC photo, or a PDF."
TOO_BIG_FILE = (
    f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB: send the phone's ordinary photo, "
    "or scan the sheet at 200-300 dpi."
)
TOO_MANY_PIXELS = (
    "This picture is far larger than any phone photo, so it was not opened: take the photo again "
    "with the phone's ordinary camera setting."
)
TOO_BIG_PAGE = (
    "This PDF's page is larger than any paper sheet, so it was not opened: scan the sheet on A4 or Letter."
)


def _header_size(data):
    """Return (format, width, height) from the image's header, without decoding its pixels."""
    from PIL import Image

    try:
        from pillow_heif import register_heif_opener

        register_heif_opener()
    except ImportError:  # pragma: no cover - pillow-heif is pinned; without it HEIC is refused
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit, our message
            with Image.open(BytesIO(data)) as img:  # reads the header only
                return img.format, img.width, img.height
    except Image.DecompressionBombError:
        raise InvalidInput(TOO_MANY_PIXELS, field="photo") from None


def _heic(data):
    from PIL import Image

    with Image.open(BytesIO(data)) as img:
        return cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)


def _pdf(data):
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        if len(doc) == 0:
            raise InvalidInput(UNREADABLE, field="photo")
        page = doc[0]
        width_pt, height_pt = page.get_size()
        if max(width_pt, height_pt) / 72 * 25.4 > MAX_PAGE_MM or min(width_pt, height_pt) <= 0:
            raise InvalidInput(TOO_BIG_PAGE, field="photo")
        scale = min(PDF_DPI / 72, MAX_SIDE / max(width_pt, height_pt))
        pil = page.render(scale=scale).to_pil()
        return cv2.cvtColor(np.asarray(pil.convert("RGB")), cv2.COLOR_RGB2BGR)
    finally:
        doc.close()


def _decoded(data, kind, width, height):
    """Decode a JPEG or PNG; a large JPEG is decoded at 1/2 or 1/4 size directly (faster, less memory)."""
    factor = 1
    if kind == "JPEG":
        factor = next((f for f in (4, 2) if max(width, height) / f >= READ_SIDE), 1)
    flag = {1: cv2.IMREAD_COLOR, 2: cv2.IMREAD_REDUCED_COLOR_2, 4: cv2.IMREAD_REDUCED_COLOR_4}[factor]
    image = cv2.imdecode(np.frombuffer(data, np.uint8), flag)
    if (
        image is not None
        and abs(image.shape[0] * factor - height) + abs(image.shape[1] * factor - width) > 2 * factor
    ):
        raise InvalidInput(UNREADABLE, field="photo")  # the header lied about its size
    return image


def decode_image(data):
    """Return the upload as a BGR image (scaled to at most MAX_SIDE px), or raise InvalidInput."""
    data = bytes(data or b"")
    if not data:
        raise InvalidInput("Choose a photo or a scan of the sheet.", field="photo")
    if len(data) > MAX_BYTES:
        raise InvalidInput(TOO_BIG_FILE, field="photo")
    try:
        if data[:5] == b"%PDF-":
            image = _pdf(data)
        else:
            kind, width, height = _header_size(data)
            if kind not in FORMATS:
                raise InvalidInput(UNREADABLE, field="photo")
            if width * height > MAX_PIXELS:
                raise InvalidInput(TOO_MANY_PIXELS, field="photo")
            if kind == "HEIF":
                image = _heic(data)
            else:
                image = _decoded(data, kind, width, height)
    except InvalidInput:
        raise
    except Exception:  # a broken file: any decoder's error means the same to the user
        raise InvalidInput(UNREADABLE, field="photo") from None
    if image is None or image.size == 0:
        raise InvalidInput(UNREADABLE, field="photo")
    scale = MAX_SIDE / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return image


def keepable_jpeg(image):
    """Return a smaller JPEG of the photo, the copy kept in the family's record."""
    scale = KEEP_SIDE / max(image.shape[:2])
    if scale < 1:
        image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, buffer = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, KEEP_QUALITY])
    return buffer.tobytes()
