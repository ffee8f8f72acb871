"""Optimistic versions of editable records: check the version a form showed, then bump it.

Every editable table has a `version` column (migration 007). An update inside its transaction
calls `bump`: when the caller names the version it showed and the row holds another, nothing is
written and `StaleVersion` says "changed a moment ago"; otherwise the version goes up by one.
"""

from lib.errors import NotFound, StaleVersion  # noqa: F401 (StaleVersion re-exported)

# table -> the WHERE clause naming one row (table names are never taken from input)
KEYS = {
    "families": "id = ?",
    "caregivers": "id = ?",
    "sessions": "id = ?",
    "templates": "id = ?",
    "ticks": "assignment_id = ? AND practice_date = ?",
    "clinic_settings": "key = ?",
    "guide_wording": "field = ?",
    "goals": "id = ?",
    "goal_ratings": "id = ?",
}


def current(cur, table, *key):
    """Return the row's version, or None when there is no such row."""
    sql = f"SELECT coalesce(version, 1) FROM {table} WHERE {KEYS[table]}"  # noqa: S608 (table from KEYS)
    row = cur.execute(sql, list(key)).fetchone()
    return row[0] if row else None


# For `expected`: a write of the system's own (a discharge, a confirmation), not a form's save.
ANY = "any version"


def required(expected):
    """Raise TypeError when a form's save names no version: without it, a save can undo another's."""
    if expected is None:
        raise TypeError("expected_version is required: the version of the record the form showed")
    return expected


def bump(cur, table, *key, expected, what="This record"):
    """Check the row still holds `expected` (or ANY) and raise its version by one; return it."""
    found = current(cur, table, *key)
    if found is None:
        raise NotFound(f"{what} no longer exists.")
    if required(expected) is not ANY and int(expected) != found:
        raise StaleVersion(what)
    sql = f"UPDATE {table} SET version = coalesce(version, 1) + 1 WHERE {KEYS[table]} RETURNING version"  # noqa: S608
    return cur.execute(sql, list(key)).fetchone()[0]
