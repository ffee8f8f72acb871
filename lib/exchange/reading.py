"""Read import files: the formats, the row problems and the report, and plain value parsing."""

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from lib.errors import DomainError

# file: (required columns, optional columns); the order files are applied in
IMPORT_FILES = {
    "families.csv": (("family", "intake_date"), ("date_of_birth", "practice_word", "notes")),
    "caregivers.csv": (("family", "name", "relation"), ("runs_practice",)),
    "links.csv": (("family", "therapist_username", "discipline"), ()),
    "tasks.csv": (
        ("family", "title", "therapist_username", "minutes", "days_per_week", "start_date"),
        ("discipline", "who", "end_date", "instructions"),
    ),
    "sessions.csv": (
        ("family", "therapist_username", "starts_at"),
        ("discipline", "minutes", "status", "note"),
    ),
    "ticks.csv": (("family", "task", "date"), ("minutes", "evidence")),
}
KINDS = {
    "families.csv": "families",
    "caregivers.csv": "caregivers",
    "links.csv": "therapist links",
    "tasks.csv": "tasks",
    "sessions.csv": "sessions",
    "ticks.csv": "ticks",
}

_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


@dataclass(frozen=True)
class RowError:
    """One problem: the file, its line (1 is the header), the column and what is wrong."""

    file: str
    line: int
    column: str
    problem: str


@dataclass
class Report:
    """What an import created (or would create), what was already there, and every problem."""

    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def rows(self):
        """Return one dict per kind of record: what, new, already there."""
        return [
            {"what": kind, "new": self.created[kind], "already there": self.existing[kind]}
            for kind in KINDS.values()
            if self.created[kind] or self.existing[kind]
        ]


class ImportRefused(DomainError):
    """The files have problems, so nothing was imported."""

    def __init__(self, report):
        n = len(report.errors)
        super().__init__(f"{n} problem{'s' if n != 1 else ''} in the files, so nothing was imported.")
        self.report = report


class _RowProblem(Exception):
    def __init__(self, column, problem):
        super().__init__(problem)
        self.column, self.problem = column, problem


# --- reading -----------------------------------------------------------------------------


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def read_files(files, report):
    """Return {file name: [(line, row dict)]} from {name: bytes or text}; problems go to report."""
    tables = {}
    for name, data in files.items():
        base = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
        if base not in IMPORT_FILES:
            report.errors.append(
                RowError(base, 0, "", "Unknown file: name it one of " + ", ".join(IMPORT_FILES) + ".")
            )
            continue
        text = _decode(data)
        if text is None:
            report.errors.append(RowError(base, 0, "", "Save the file as CSV UTF-8 (the text is not UTF-8)."))
            continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
        header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        required, _ = IMPORT_FILES[base]
        missing = [c for c in required if c not in header]
        if missing:
            report.errors.append(RowError(base, 1, ", ".join(missing), "Missing column(s) in the header."))
            continue
        rows = []
        for row in reader:
            values = {k: (v or "").strip() for k, v in row.items() if k}
            if any(values.values()):
                rows.append((reader.line_num, values))
        tables[base] = rows
    return tables


def _date(text, column, required=True):
    if not text:
        if required:
            raise _RowProblem(column, "Give a date, like 2026-11-16.")
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise _RowProblem(column, f"'{text}' is not a date: write it like 2026-11-16 (or 16/11/2026).")


def _moment(text, column):
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            pass
    raise _RowProblem(column, f"'{text}' is not a date and time: write it like 2026-11-16 15:30.")


def _whole(text, column, default=None):
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        raise _RowProblem(column, f"'{text}' is not a whole number.") from None


def _choice(text, column, choices, default=None, aliases=None):
    if not text:
        if default is None:
            raise _RowProblem(column, "Choose one of: " + ", ".join(choices) + ".")
        return default
    lowered = {c.lower(): c for c in choices}
    lowered.update(aliases or {})
    found = lowered.get(text.lower())
    if found is None:
        raise _RowProblem(column, f"'{text}' is not one of: " + ", ".join(choices) + ".")
    return found


# --- the import ----------------------------------------------------------------------------


def unzip(data):
    """Return {file name: bytes} of the CSV files inside a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            n.rsplit("/", 1)[-1]: archive.read(n)
            for n in archive.namelist()
            if n.lower().endswith(".csv") and not n.startswith("__MACOSX")
        }
