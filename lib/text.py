"""All escaping of user-typed text, in one place: for Markdown and for HTML-like labels.

md_escape     any text shown through st.markdown, st.title, captions, labels and expanders
md_lines      the same, keeping the text's own line breaks
label_text    a widget's label: its raw text is also the widget's accessible name, read aloud
html_escape   plotly's HTML-like labels (titles, legends, hover text, annotations) and any HTML
"""

import html
import re

# & too: "&copy;" would show as ©; '=' too: a line of "===" under text makes a heading
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=])")
# Markdown renderers turn bare addresses into links even when escaped: a word joiner
# (U+2060, invisible, no line break) after the scheme, "www" or "@" stops them.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|@)")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, newline aside
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def md_escape(text):
    """Return text with Markdown syntax and bare links disarmed, so it is shown exactly as typed."""
    text = _CONTROL.sub(" ", str(text).replace("\r\n", "\n"))
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, text)


def md_lines(text):
    """Return text escaped for Markdown, each of its own lines kept as a line break."""
    return "  \n".join(md_escape(line) for line in str(text).splitlines())


# A widget label is Markdown on screen (inline only: Streamlit unwraps blocks in a label), and its raw
# text is the widget's aria-label: a backslash escape there is read aloud ("Big backslash-muscle jobs").
# So a label is disarmed with what a listener does not hear: look-alikes for the characters that pair
# up (emphasis, code, strike, maths, escapes), a word joiner after those whose construct needs the
# next character at once (a tag, a character reference, :emoji: and :material/icons:, "](" of a
# link or image), and one before a block marker that would otherwise be unwrapped away.
_LOOK_ALIKE = str.maketrans(
    {"\\": "\u29f5", "*": "\u2217", "_": "\uff3f", "~": "\u223c", "`": "\u02cb", "$": "\uff04"}
)
_JOIN_AFTER = re.compile(r"([<&:\]])")
_BLOCK_START = re.compile(r"[#>+\-=|]|\d+[.)]")


def label_text(text):
    """Return text for a widget label: no Markdown active and no backslash, on one line, read as typed."""
    text = " ".join(_ANY_CONTROL.sub(" ", str(text)).split()).translate(_LOOK_ALIKE)
    text = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, _JOIN_AFTER.sub(r"\1" + WORD_JOINER, text))
    return WORD_JOINER + text if _BLOCK_START.match(text) else text


def html_escape(text):
    """Return text safe inside HTML or a plotly label (which reads a few tags): one line, tags shown."""
    return html.escape(_ANY_CONTROL.sub(" ", str(text)), quote=True)
