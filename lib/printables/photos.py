"""Photos from the session on paper: a row of a task's photos, so helpers see how it is done."""

from io import BytesIO

from PIL import Image


def photo_row_height(photos, height):
    """Return the height (mm) a row of these photos takes, 0 when there is none."""
    return height + 2 if photos else 0


def place_photos(pdf, photos, height, most=3, gap=3):
    """Draw up to `most` photos side by side at the cursor, `height` mm tall, within the margins."""
    x, y = pdf.l_margin, pdf.get_y()
    for data in photos[:most]:
        with Image.open(BytesIO(data)) as img:
            width = height * img.width / img.height
        if x + width > pdf.w - pdf.r_margin:  # never past the margin: the rest stays on the handout
            break
        pdf.image(BytesIO(data), x=x, y=y, w=width, h=height)
        x += width + gap
    if photos:
        pdf.set_y(y + height + 2)
