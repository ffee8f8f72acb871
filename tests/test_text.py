"""lib.text: the one place that escapes what users typed."""

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lib.text import WORD_JOINER, html_escape, label_text, md_escape, md_lines

ROOT = Path(__file__).resolve().parents[1]
HELPERS = [md_escape, md_lines, html_escape, label_text]
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


LOOK_ALIKES = {"\\": "\u29f5", "*": "\u2217", "_": "\uff3f", "~": "\u223c", "`": "\u02cb", "$": "\uff04"}


def _heard(label):
    """What a screen reader reads of a label: the word joiners are silent, the look-alikes sound alike."""
    return "".join({v: k for k, v in LOOK_ALIKES.items()}.get(c, c) for c in label.replace(WORD_JOINER, ""))


@pytest.mark.parametrize(
    "typed",
    [
        "Big-muscle jobs (heavy work), Monday 30 November",
        "![x](http://127.0.0.2:9/img.png) **Bold** <b>b</b> [link](http://h) _it_ ~~gone~~ `code` $x$",
        r"Tom\Jerry &copy; :smile: :material/home: :red[red] jo@example.com www.example.com",
    ],
)
def test_label_text_has_no_backslash_and_is_heard_as_typed(typed):
    label = label_text(typed)
    assert "\\" not in label
    assert _heard(label) == typed


def test_label_text_leaves_no_markdown_construct_whole():
    label = label_text("![x](http://h/i.png) **b** _i_ ~s~ `c` $m$ <b> &amp; :smile: [a](b)")
    assert not set("*_~`$\\") & set(label)  # the pairing characters are look-alikes
    assert not re.search(r"[<&:\]](?!\u2060)", label)  # a tag, a reference, a :code:, a link's "](" broken
    assert not LINKS.search(label)


@pytest.mark.parametrize(
    "typed", ["1. Warm up", "# Heading", "- list", "> quote", "+ plus", "2) two", "=== x"]
)
def test_label_text_keeps_a_leading_block_marker_that_a_label_would_unwrap_away(typed):
    assert label_text(typed) == WORD_JOINER + typed


def test_label_text_is_one_line_without_control_characters():
    assert label_text("Hop\non one\tfoot\x00 ") == "Hop on one foot"


@settings(max_examples=200, deadline=None)
@given(typed=st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])))
def test_any_typed_label_is_heard_as_typed_with_no_backslash(typed):
    assume(not set(typed) & set(LOOK_ALIKES.values()))  # a look-alike typed as such is heard as itself
    label = label_text(typed)
    assert "\\" not in label and not set("*_~`$") & set(label)
    assert _heard(label) == " ".join(typed.split())
