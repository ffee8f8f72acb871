"""Nested transactions (lib.db.transaction): an inner block joins the outer one, with no savepoint.

DuckDB has no SAVEPOINT, so an inner block cannot undo its own writes: an error caught inside
the outer block keeps them, half a unit of work. Hence the rule that no lib code catches an
exception inside a transaction block; the scan below checks each block's own text (a function
called from the block is checked where it opens its own block, not through the call).
"""

import ast
from pathlib import Path

import pytest

from lib.db import transaction

LIB = Path(__file__).resolve().parent.parent / "lib"


@pytest.fixture
def table(cur):
    cur.execute("CREATE TABLE notes (n INTEGER)")
    return lambda: [r[0] for r in cur.execute("SELECT n FROM notes ORDER BY n").fetchall()]


def test_an_error_caught_around_an_inner_block_keeps_the_inner_writes(cur, table):
    with transaction(cur):
        cur.execute("INSERT INTO notes VALUES (1)")
        try:
            with transaction(cur):
                cur.execute("INSERT INTO notes VALUES (2)")
                raise ValueError("the inner block fails after its write")
        except ValueError:
            pass
    assert table() == [1, 2]  # no savepoint rolled the inner write back


def test_an_error_leaving_the_outer_block_undoes_the_inner_writes_too(cur, table):
    with pytest.raises(ValueError), transaction(cur):
        with transaction(cur):
            cur.execute("INSERT INTO notes VALUES (1)")
        raise ValueError("the outer block fails")
    assert table() == []


def _called(item):
    """Return the name a `with` item calls (`transaction`, `db.transaction` -> "transaction"), or None."""
    func = getattr(item.context_expr, "func", None)
    return getattr(func, "id", getattr(func, "attr", None))


def _catches(body):
    """Yield the try/except and `with suppress(...)` statements run by these statements themselves."""
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue  # defined here, run elsewhere
        if isinstance(node, ast.Try | ast.TryStar) and node.handlers:
            yield node
        if isinstance(node, ast.With) and any(_called(i) == "suppress" for i in node.items):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _catches_inside_transactions(source):
    return [
        caught.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.With) and any(_called(i) == "transaction" for i in node.items)
        for caught in _catches(node.body)
    ]


def test_no_lib_code_catches_an_exception_inside_a_transaction_block():
    found = {
        f"{path.relative_to(LIB.parent)}:{line}"
        for path in LIB.rglob("*.py")
        for line in _catches_inside_transactions(path.read_text())
    }
    assert found == set(), (
        "catch outside the block, or check before writing: a caught error keeps half a write"
    )


def test_the_scan_finds_a_catch_inside_a_transaction_and_ignores_one_outside():
    inside = "with transaction(cur):\n    try:\n        write()\n    except Conflict:\n        pass\n"
    outside = "try:\n    with db.transaction(cur):\n        write()\nexcept Conflict:\n    pass\n"
    assert _catches_inside_transactions(inside) == [2]
    assert _catches_inside_transactions(outside) == []
