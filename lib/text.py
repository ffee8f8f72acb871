"""Small helpers for showing user-typed text safely and plainly."""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")  # & too: "&copy;" would show as ©


def md_escape(text):
    """Return text with Markdown syntax escaped, so it is shown exactly as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
