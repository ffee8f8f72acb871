"""All escaping of user-typed text, in one place: for Markdown and for HTML-like labels.

md_escape     any text shown through st.markdown, st.title, captions, labels and expanders
md_lines      the same, keeping the text's own line breaks
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


def html_escape(text):
    """Return text safe inside HTML or a plotly label (which reads a few tags): one line, tags shown."""
    return html.escape(_ANY_CONTROL.sub(" ", str(text)), quote=True)
