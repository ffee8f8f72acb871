"""lib.text: the one place that escapes what users typed."""

import re
import unicodedata
from pathlib import Path

import pytest

from lib.text import WORD_JOINER, html_escape, md_escape, md_lines

ROOT = Path(__file__).resolve().parents[1]
HELPERS = [md_escape, md_lines, html_escape]
LINKS = re.compile(r"(?i)(https?://|ftp://|mailto:|www\.|\w@\w)")


@pytest.mark.parametrize(
    "typed",
    ["see http://example.org/a", "https://x.test", "www.example.com", "mailto:a@b.co", "jo@example.com"],
)
def test_md_escape_leaves_no_bare_address_for_the_renderer_to_link(typed):
    shown = md_escape(typed).replace("\\", "")
    assert not LINKS.search(shown)
    assert shown.replace(WORD_JOINER, "") == typed


@pytest.mark.parametrize("helper", HELPERS)
def test_every_helper_leaves_no_control_character(helper):
    typed = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]) + "end"
    kept = set() if helper is html_escape else {"\n"}  # Markdown keeps line breaks
    assert [c for c in helper(typed) if unicodedata.category(c) == "Cc" and c not in kept] == []


def test_md_lines_keeps_each_line_as_a_markdown_line_break():
    assert md_lines("# one\r\n* two") == "\\# one  \n\\* two"


def test_html_escape_shows_tags_as_typed_on_one_line():
    assert html_escape('<b>Sam</b> & "Jo"\n') == "&lt;b&gt;Sam&lt;/b&gt; &amp; &quot;Jo&quot; "


def test_md_escape_disarms_a_setext_heading_underline():
    assert "\\=\\=\\=" in md_escape("Title\n===")


def test_no_module_escapes_text_outside_lib_text():
    others = [
        p.relative_to(ROOT).as_posix()
        for folder in ("lib", "pages")
        for p in (ROOT / folder).rglob("*.py")
        if p != ROOT / "lib" / "text.py"
        and re.search(r"^import html$|html\.escape|def (\w*_)?(escape|plain)(_\w*)?\(", p.read_text(), re.M)
    ]
    assert others == []
