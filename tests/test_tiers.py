"""The test tiers stay honest: only tests/pages/ runs the app through AppTest, only tests/e2e/ a browser."""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
PAGE_TIER = ("streamlit.testing", "tests.pages")
BROWSER_TIER = ("playwright", "tests.e2e")


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _fast_tier_files():
    """Every module pytest may import for `make test-fast` (benchmarks are run by `make bench`)."""
    for path in sorted(TESTS.rglob("*.py")):
        folder = path.relative_to(TESTS).parts[0]
        if folder not in ("pages", "e2e") and not path.name.startswith("bench_"):
            yield path


def _using(prefixes):
    return {
        str(path.relative_to(TESTS)): name
        for path in _fast_tier_files()
        for name in _imports(path)
        if name.startswith(prefixes)
    }


def test_no_test_outside_tests_pages_runs_the_app_through_apptest():
    assert _using(PAGE_TIER) == {}, "move these tests to tests/pages/ (make test-fast runs no page)"


def test_no_test_outside_tests_e2e_drives_a_browser():
    assert _using(BROWSER_TIER) == {}, "move these tests to tests/e2e/ (make test-fast runs no browser)"


def test_the_guard_sees_an_apptest_import():
    pages = TESTS / "pages" / "apptest.py"
    assert "streamlit.testing.v1" in set(_imports(pages))
