"""Uploads that could hurt the clinic's one server (huge headers, huge PDF pages) are refused unread."""

import struct
import subprocess
import sys
import zlib

import pytest

from lib.errors import InvalidInput
from lib.sheet_scan import images
from tests.factories import ROOT

LIMIT_MB = 1200  # address space for the child: Python + OpenCV + pdfium need ~850 MB, a bomb needs GBs
# decodes the file under a memory limit; prints the refusal and the peak memory (MB)
CHILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
from lib.errors import InvalidInput
from lib.sheet_scan.images import decode_image
data = open(sys.argv[1], "rb").read()
try:
    decode_image(data)
    print("decoded")
except InvalidInput as exc:
    print("refused:", exc)
# VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's over from fork)
print([int(l.split()[1]) // 1024 for l in open("/proc/self/status") if l.startswith("VmHWM")][0])
"""


def _png_header(width, height):
    """Return a small PNG whose header says width x height (its pixels are mostly missing)."""

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = zlib.compress(b"\x00" * (width * 3 + 1) * 8)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def _pdf_page(width_mm, height_mm):
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=(width_mm, height_mm))
    pdf.add_page()
    pdf.rect(10, 10, 20, 20)
    return bytes(pdf.output())


def _decode_under_limit(tmp_path, data):
    path = tmp_path / "upload"
    path.write_bytes(data)
    out = subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=LIMIT_MB * 1024 * 1024), str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    message, peak_mb = out.stdout.strip().rsplit("\n", 1)
    return message, int(peak_mb)


def test_a_png_whose_header_claims_30000_by_30000_pixels_is_refused_without_decoding(tmp_path):
    message, peak_mb = _decode_under_limit(tmp_path, _png_header(30000, 30000))
    assert message == f"refused: {images.TOO_MANY_PIXELS}"
    assert peak_mb < 400


def test_a_pdf_with_a_huge_page_is_refused_without_rendering(tmp_path):
    message, peak_mb = _decode_under_limit(tmp_path, _pdf_page(5080, 5080))
    assert message == f"refused: {images.TOO_BIG_PAGE}"
    assert peak_mb < 400


def test_a_scanned_a4_pdf_still_decodes_under_the_same_limit(tmp_path):
    message, _ = _decode_under_limit(tmp_path, _pdf_page(210, 297))
    assert message == "decoded"


def test_an_upload_over_the_size_cap_is_refused_before_it_is_read():
    with pytest.raises(InvalidInput, match="larger than 10 MB"):
        images.decode_image(b"\xff\xd8" + b"\x00" * images.MAX_BYTES)


def test_a_file_that_is_no_image_is_refused_calmly():
    with pytest.raises(InvalidInput, match="not a photo or scan"):
        images.decode_image(b"GIF89a" + b"\x00" * 100)
