"""Photos for tests, made with Pillow: a phone-like JPEG with EXIF and GPS, a PNG, not a photo."""

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(width=2400, height=1600, orientation=6):
    """Return a JPEG like a phone's: camera make, GPS position and a 'rotate 90°' orientation."""
    img = Image.new("RGB", (width, height), (200, 120, 40))
    img.paste((20, 90, 200), (0, 0, width // 2, height // 2))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png(width=300, height=200):
    """Return a PNG with a transparent half and a text chunk."""
    from PIL import PngImagePlugin

    img = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    img.paste((0, 160, 80, 255), (0, 0, width // 2, height))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somebody at home")
    out = io.BytesIO()
    img.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def gif():
    """Return a GIF: an image, but not one the app keeps."""
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "GIF")
    return out.getvalue()
