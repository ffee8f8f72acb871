"""Turning an upload into pixels: JPEG and PNG, HEIC from a phone, or the first page of a scanned PDF."""

from io import BytesIO

import cv2
import numpy as np

from lib.errors import InvalidInput

MAX_SIDE = 3000  # px: larger photos are scaled down first (reading needs far less)
PDF_DPI = 200
KEEP_SIDE = 1600  # px: the copy kept in the family's record
KEEP_QUALITY = 80

UNREADABLE = "This file is not a photo or scan we can read: use a JPEG, PNG or HEIC photo, or a PDF."


def _heic(data):
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    with Image.open(BytesIO(data)) as img:
        return cv2.cvtColor(np.asarray(img.convert("RGB")), cv2.COLOR_RGB2BGR)


def _pdf(data):
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        if len(doc) == 0:
            raise InvalidInput(UNREADABLE, field="photo")
        page = doc[0]
        pil = page.render(scale=PDF_DPI / 72).to_pil()
        return cv2.cvtColor(np.asarray(pil.convert("RGB")), cv2.COLOR_RGB2BGR)
    finally:
        doc.close()


def decode_image(data):
    """Return the upload as a BGR image (scaled to at most MAX_SIDE px), or raise InvalidInput."""
    data = bytes(data or b"")
    if not data:
        raise InvalidInput("Choose a photo or a scan of the sheet.", field="photo")
    try:
        if data[:5] == b"%PDF-":
            image = _pdf(data)
        elif data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1", b"ftyphevc"):
            image = _heic(data)
        else:
            image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
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
