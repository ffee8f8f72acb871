"""Which tables and columns leave the clinic, in which order they load, and safe CSV cells.

Every table of the schema is exported (tables added by later migrations too) except login
secrets (password hashes and any table of sign-in sessions, tokens or secrets) and the week
summary, which is computed from the rest. Our own
`sessions` table holds therapy sessions and is exported.
"""

import re

from lib.exchange.csv_safe import TRIGGERS

# Tables that hold sign-in state or secrets, never exported (matched on the table name).
_SECRET_TABLE = re.compile(
    r"(^|_)(login|auth|server|web|user)_?sessions?$|^signin_|setup_codes?$|secret|token|cookie|password"
)
# Columns that hold secrets, never exported (users.password_hash among them).
_SECRET_COLUMN = re.compile(r"(^|_)hash$|secret|token|password")
# Parents before children, for a reader (and the restore) that likes that order; any table
# not named here (a later migration's) follows, by name.
ORDER = (
    "schema_migrations",
    "clinic_settings",
    "users",
    "families",
    "caregivers",
    "family_therapists",
    "sessions",
    "templates",
    "assignments",
    "assignment_versions",
    "barrier_answers",
    "goals",
    "goal_tasks",
    "goal_ratings",
    "ticks",
    "skip_days",
    "homework_reviews",
    "guide_runs",
    "explainer_runs",
    "guide_wording",
    "audit_log",
)
# Tables computed from the others (lib/figures/week_summary.py): never exported, rebuilt after a restore.
DERIVED = ("week_summary", "week_summary_through")
# The SQL form of csv_safe's rule (a cell a spreadsheet would run gets a leading quote)
FORMULA_PATTERN = "^[" + "".join("\\" + c if c in "-\\]^" else c for c in TRIGGERS) + "]"


def is_secret_table(name):
    """Return True for a table that must never leave the clinic (sign-in sessions, secrets)."""
    return bool(_SECRET_TABLE.search(name))


def is_secret_column(name):
    """Return True for a column that must never leave the clinic (password hashes, tokens)."""
    return bool(_SECRET_COLUMN.search(name))


def all_tables(cur):
    """Return the names of the base tables of the main schema."""
    rows = cur.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()
    return [r[0] for r in rows]


def exported_tables(cur):
    """Return the tables an export holds, parents first."""
    names = [t for t in all_tables(cur) if not is_secret_table(t) and t not in DERIVED]
    rank = {t: i for i, t in enumerate(ORDER)}
    return sorted(names, key=lambda t: (rank.get(t, len(ORDER)), t))


def columns(cur, table):
    """Return (name, data_type) of a table's columns in order, secrets left out."""
    rows = cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [(name, kind) for name, kind in rows if not is_secret_column(name)]


def quote(name):
    """Return an identifier quoted for SQL (names come from the schema, never from users)."""
    return '"' + name.replace('"', '""') + '"'


def select_sql(cur, table, safe_text=False):
    """Return a SELECT of a table's exportable columns; safe_text neutralises text cells, base64s BLOBs."""
    parts = []
    for name, kind in columns(cur, table):
        column = quote(name)
        if safe_text and kind == "BLOB":  # a photo, as text a program can turn back into the file
            parts.append(f"base64({column}) AS {column}")
        elif safe_text and kind == "VARCHAR":
            parts.append(
                f"CASE WHEN regexp_matches({column}, '{FORMULA_PATTERN}') THEN '''' || {column}"
                f" ELSE {column} END AS {column}"
            )
        else:
            parts.append(column)
    return "SELECT " + ", ".join(parts) + " FROM " + quote(table)  # noqa: S608  (identifiers from the schema catalogue)


def path_literal(path):
    """Return a file path as an SQL string literal (COPY takes no parameter for its target)."""
    return "'" + str(path).replace("'", "''") + "'"
