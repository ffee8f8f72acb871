"""Pages are thin: each screen reads through its lib/ui entry, so no page opens a cursor or imports lib.db."""

import ast

import pytest

from tests.factories import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))
DATABASE = {"cursor", "connection", "shared_connection", "execute"}


def _problems(source):
    """Return what in a page's source reaches the database itself (line: what)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("lib.db")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {a.name for a in node.names}
            if module.startswith("lib.db") or (module == "lib" and "db" in names) or names & DATABASE:
                found.append(f"{node.lineno}: from {module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in DATABASE:
                found.append(f"{node.lineno}: {name}()")
    return found


def test_the_scan_finds_a_cursor_and_an_import_of_lib_db():
    source = "from lib import db, ui\nwith ui.cursor() as cur:\n    cur.execute('SELECT 1')\n"
    assert _problems(source) == ["1: from lib import db, ui", "2: cursor()", "3: execute()"]


def test_the_scan_passes_a_page_that_reads_through_lib_ui():
    assert _problems("from lib.ui import audit_view\nrows = audit_view.load(actor)\n") == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_opens_a_cursor_or_imports_lib_db(page):
    assert _problems(page.read_text(encoding="utf-8")) == []
