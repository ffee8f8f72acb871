"""Read import files: the formats, the row problems and the report, and plain value parsing."""

import csv
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from lib.errors import DomainError

# file: (required columns, optional columns); the order files are applied in
IMPORT_FILES = {
    "families.csv": (("family", "intake_date"), ("date_of_birth", "practice_word", "notes")),
    "caregivers.csv": (("family", "name", "relation"), ("runs_practice",)),
    "links.csv": (("family", "therapist_username", "discipline"), ()),
    "tasks.csv": (
        ("family", "title", "therapist_username", "minutes", "days_per_week", "start_date"),
        ("discipline", "who", "end_date", "instructions", "safety"),
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
    # safety advice on rows that import (RowError with column "safety"): importing accepts it
    warnings: list = field(default_factory=list)

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

MAX_UNZIPPED = 64 * 1024 * 1024  # bytes of CSV a zip may unpack to, all files together
MAX_FILES = MAX_UNZIPPED  # bytes of CSV one import may hold, all files together
MAX_CELL = 64 * 1024  # characters in one cell (the longest field the forms take is 2,000)


class FilesTooBig(DomainError):
    """The uploaded files (or what a zip unpacks to) are over the import's size limit."""


def _mb(size):
    return f"{size / (1024 * 1024):,.0f} MB"


class Sheet:
    """One import file read: its header and its rows column by column, with each row's line."""

    def __init__(self, header, lines, rows):
        self.header = header
        self.lines = lines
        cells = list(zip(*rows, strict=True)) if rows else [()] * len(header)
        self.columns = {name: list(column) for name, column in zip(header, cells, strict=True)}

    def column(self, name):
        """Return the column's cells ('' for every row when the file has no such column)."""
        return self.columns.get(name) or [""] * len(self.lines)

    def rows(self):
        """Yield (line, {column: cell}) per row."""
        names = list(self.columns)
        for line, values in zip(self.lines, zip(*self.columns.values(), strict=True), strict=True):
            yield line, dict(zip(names, values, strict=True))

    def __len__(self):
        return len(self.lines)


def _decode(data):
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read(base, text, report):
    """Return the Sheet of one file's text, or None after reporting why it cannot be read."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = [(h or "").strip().lower() for h in next(reader, [])]
        required, _ = IMPORT_FILES[base]
        missing = [c for c in required if c not in header]
        if missing:
            report.errors.append(RowError(base, 1, ", ".join(missing), "Missing column(s) in the header."))
            return None
        keep = [i for i, h in enumerate(header) if h]
        names = [header[i] for i in keep]
        lines, rows = [], []
        width = len(header)
        for cells in reader:
            if len(cells) < width:
                cells = cells + [""] * (width - len(cells))
            values = [cells[i].strip() for i in keep]
            if not any(values):
                continue
            longest = max(values, key=len)
            if len(longest) > MAX_CELL:
                column = names[values.index(longest)]
                report.errors.append(RowError(base, reader.line_num, column, _cell_too_long()))
                return None
            lines.append(reader.line_num)
            rows.append(values)
    except csv.Error:  # a cell over the csv module's own limit (128 KB), or a broken quote
        report.errors.append(RowError(base, reader.line_num, "", _cell_too_long()))
        return None
    return Sheet(names, lines, rows)


def _cell_too_long():
    return (
        f"A cell is longer than {MAX_CELL // 1024} KB, or a quote is never closed: check the"
        " file near this line (nothing the clinic records needs a cell that long)."
    )


def read_files(files, report):
    """Return {file name: Sheet} from {name: bytes or text}; problems go to report."""
    total = sum(len(data) for data in files.values())
    if total > MAX_FILES:
        report.errors.append(
            RowError("", 0, "", f"The files hold {_mb(total)}; an import takes up to {_mb(MAX_FILES)}.")
        )
        return {}
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
        sheet = _read(base, text, report)
        if sheet is not None:
            tables[base] = sheet
    return tables


def _date(text, column, required=True):
    if not text:
        if required:
            raise _RowProblem(column, "Give a date, like 2026-11-16.")
        return None
    if len(text) == 10 and text[4] == "-":  # the usual 2026-11-16, without strptime's cost
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
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


def unzip(data, limit=MAX_UNZIPPED):
    """Return {file name: bytes} of the CSV files inside a zip; raise FilesTooBig past limit bytes.

    The sizes a zip declares are checked first, then every member is read in pieces and the
    reading stops at the limit: a zip can declare less than it unpacks to."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise FilesTooBig(
            "This is not a zip file that can be opened: send the CSV files themselves."
        ) from None
    with archive:
        members = [
            m
            for m in archive.infolist()
            if m.filename.lower().endswith(".csv") and not m.filename.startswith("__MACOSX")
        ]
        declared = sum(m.file_size for m in members)
        if declared > limit:
            biggest = max(members, key=lambda m: m.file_size)
            raise FilesTooBig(_too_big(biggest.filename, declared, limit))
        found, total = {}, 0
        for member in members:
            parts = []
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(1024 * 1024):
                        total += len(chunk)
                        if total > limit:
                            raise FilesTooBig(_too_big(member.filename, total, limit))
                        parts.append(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                raise FilesTooBig(
                    f"{member.filename} in the zip cannot be unpacked: send it as a CSV file."
                ) from None
            found[member.filename.rsplit("/", 1)[-1]] = b"".join(parts)
        return found


def _too_big(name, size, limit):
    return (
        f"The zip unpacks to more than {_mb(limit)} (at {name}, {_mb(size)} so far): an import takes up"
        f" to {_mb(limit)} of CSV files. Split the files, or send fewer rows at a time."
    )
