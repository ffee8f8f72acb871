"""Import a clinic's spreadsheets: families, caregivers, therapist links, tasks, sessions, past ticks.

Each row goes through the same domain functions (and so the same checks) as the forms.
Everything runs in one transaction: a preview runs it all and rolls back, reporting what
would be created and every row's problem as (file, line, column, problem); an import with
any problem writes nothing. Rows already in the clinic (by their natural keys) are counted
as already there, so importing the same files twice creates nothing new. Formats:
docs/import.md.
"""

from lib import assignments, audit, clock, families, sessions, ticks, words
from lib.access import require_lead
from lib.db import in_transaction, transaction
from lib.errors import DomainError
from lib.exchange.reading import (  # noqa: F401  (the import API, re-exported)
    _YES,
    IMPORT_FILES,
    KINDS,
    ImportRefused,
    Report,
    RowError,
    _choice,
    _date,
    _moment,
    _RowProblem,
    _whole,
    read_files,
    unzip,
)
from lib.words import DISCIPLINES

# the domain's field names, as the column of each file that holds them
_COLUMNS = {
    "display_name": "family",
    "therapists": "family",
    "therapist": "therapist_username",
    "therapist_id": "therapist_username",
    "duration_min": "minutes",
    "practice_date": "date",
    "caregiver_id": "family",
}


class _Run:
    def __init__(self, cur, actor, tables, report):
        self.cur, self.actor, self.tables, self.report = cur, actor, tables, report
        self.today = clock.today()
        self.users = {
            u: (i, d, active)
            for i, u, d, active in cur.execute(
                "SELECT id, username, discipline, active FROM users"
            ).fetchall()
        }
        self.new_links = set()  # (family_id, therapist_id, discipline) made with a new family
        self.failed_families = {}  # lower(name) -> line of families.csv that could not be added

    def problem(self, file, line, column, text):
        self.report.errors.append(RowError(file, line, column, text))

    def each(self, file, handler, key=None):
        """Run handler(line, row) per row, turning problems into row errors; flag repeated rows."""
        seen = {}
        for line, row in self.tables.get(file, []):
            try:
                if key is not None:
                    k = key(row)
                    if k in seen:
                        raise _RowProblem("", f"Repeats line {seen[k]}: remove one of them.")
                    seen[k] = line
                outcome = handler(line, row)
            except _RowProblem as exc:
                self.failed(file, line, row)
                self.problem(file, line, exc.column, exc.problem)
                continue
            except DomainError as exc:
                self.failed(file, line, row)
                column = _COLUMNS.get(exc.field, exc.field or "")
                self.problem(file, line, column, str(exc))
                continue
            if outcome is not None:
                (self.report.created if outcome else self.report.existing)[KINDS[file]] += 1

    def failed(self, file, line, row):
        if file == "families.csv" and row.get("family"):
            self.failed_families.setdefault(row["family"].lower(), line)

    def therapist(self, row):
        username = row.get("therapist_username", "").lower()
        found = self.users.get(username)
        if found is None:
            raise _RowProblem(
                "therapist_username", f"No account called '{username}': add the therapist first."
            )
        return found

    def family(self, row):
        name = row.get("family", "")
        if not name:
            raise _RowProblem("family", "Give the family's name, as in families.csv.")
        # read from the database every time: families this import created are there too
        found = self.cur.execute(
            "SELECT id FROM families WHERE lower(display_name) = lower(?)", [name]
        ).fetchall()
        if len(found) > 1:
            raise _RowProblem("family", f"Several families are called '{name}': give each a distinct name.")
        if found:
            return found[0][0]
        if name.lower() in self.failed_families:
            line = self.failed_families[name.lower()]
            raise _RowProblem("family", f"'{name}' could not be added: see families.csv line {line}.")
        raise _RowProblem("family", f"No family called '{name}' in families.csv or in the clinic.")

    # families.csv, with the family's first therapist link from links.csv
    def add_family(self, line, row):
        name = row["family"]
        dob = _date(row.get("date_of_birth"), "date_of_birth", required=False)
        intake = _date(row.get("intake_date"), "intake_date")
        found = self.cur.execute(
            "SELECT id FROM families WHERE lower(display_name) = lower(?) AND date_of_birth IS NOT DISTINCT FROM ?",
            [name.strip(), dob],
        ).fetchone()
        if found:
            return False
        link = self.first_link(name)
        if link is None:
            raise _RowProblem(
                "family",
                "Link at least one therapist to the family: add a row to links.csv"
                " (or fix the problems of its rows there).",
            )
        family_id = families.create_family(
            self.cur,
            self.actor,
            name,
            intake,
            date_of_birth=dob,
            notes=row.get("notes", ""),
            practice_word=row.get("practice_word", ""),
            therapists=[link],
            today=self.today,
        )
        self.new_links.add((family_id, *link))
        return True

    def first_link(self, name):
        for _, row in self.tables.get("links.csv", []):
            if row.get("family", "").lower() == name.strip().lower():
                try:
                    therapist_id, _, active = self.therapist(row)
                    discipline = _choice(row.get("discipline"), "discipline", DISCIPLINES)
                except _RowProblem:
                    continue  # that row reports its own problem
                if active:
                    return therapist_id, discipline
        return None

    def add_caregiver(self, line, row):
        family_id = self.family(row)
        relation = _choice(row.get("relation"), "relation", families.RELATIONS)
        runs = _YES.get(row.get("runs_practice", "").lower(), None) if row.get("runs_practice") else True
        if runs is None:
            raise _RowProblem("runs_practice", "Write yes or no.")
        taken = self.cur.execute(
            "SELECT count(*) FROM caregivers WHERE family_id = ? AND active AND lower(name) = lower(?)",
            [family_id, row["name"].strip()],
        ).fetchone()[0]
        if taken:
            return False
        families.add_caregiver(self.cur, self.actor, family_id, row["name"], relation, runs)
        return True

    def add_link(self, line, row):
        therapist_id, _, _ = self.therapist(row)
        discipline = _choice(row.get("discipline"), "discipline", DISCIPLINES)
        family_id = self.family(row)
        exists = self.cur.execute(
            "SELECT count(*) FROM family_therapists WHERE family_id = ? AND therapist_id = ? AND discipline = ?",
            [family_id, therapist_id, discipline],
        ).fetchone()[0]
        if exists:
            return (family_id, therapist_id, discipline) in self.new_links
        families.link_therapist(self.cur, self.actor, family_id, therapist_id, discipline)
        return True

    def add_task(self, line, row):
        family_id = self.family(row)
        therapist_id, own_discipline, _ = self.therapist(row)
        exists = self.cur.execute(
            "SELECT count(*) FROM assignments WHERE family_id = ? AND lower(trim(title)) = lower(?)",
            [family_id, row["title"].strip()],
        ).fetchone()[0]
        if exists:
            return False
        values = {
            "title": row["title"],
            "discipline": _choice(
                row.get("discipline"), "discipline", DISCIPLINES, own_discipline or "other"
            ),
            "who": _choice(row.get("who"), "who", words.WHO, "both"),
            "minutes": _whole(row.get("minutes"), "minutes"),
            "days_per_week": _whole(row.get("days_per_week"), "days_per_week"),
            "start_date": _date(row.get("start_date"), "start_date"),
            "end_date": _date(row.get("end_date"), "end_date", required=False),
            "instructions": row.get("instructions", ""),
            "therapist_id": therapist_id,
        }
        assignments.create_assignment(self.cur, self.actor, family_id, values)
        return True

    def add_session(self, line, row):
        family_id = self.family(row)
        therapist_id, own_discipline, _ = self.therapist(row)
        starts = _moment(row.get("starts_at", ""), "starts_at")
        discipline = _choice(row.get("discipline"), "discipline", DISCIPLINES, own_discipline or "other")
        status = _choice(
            row.get("status"),
            "status",
            sessions.OUTCOMES,
            "booked",
            {"no-show": "no_show", "no show": "no_show"},
        )
        minutes = _whole(row.get("minutes"), "minutes", 45)
        exists = self.cur.execute(
            "SELECT count(*) FROM sessions WHERE family_id = ? AND therapist_id = ? AND starts_at = ?",
            [family_id, therapist_id, starts],
        ).fetchone()[0]
        if exists:
            return False
        session_id = sessions.book_session(
            self.cur,
            self.actor,
            family_id,
            therapist_id,
            discipline,
            starts,
            minutes,
            note=row.get("note", ""),
        )
        if status != "booked":
            sessions.record_session_outcome(
                self.cur, self.actor, session_id, status, row.get("note", ""), today=self.today
            )
        return True

    def add_tick(self, line, row):
        family_id = self.family(row)
        day = _date(row.get("date"), "date")
        title = row.get("task", "")
        found = self.cur.execute(
            "SELECT id FROM assignments WHERE family_id = ? AND lower(trim(title)) = lower(?)"
            " ORDER BY (start_date <= ? AND (end_date IS NULL OR end_date >= ?)) DESC, start_date DESC, id DESC",
            [family_id, title.strip(), day, day],
        ).fetchone()
        if found is None:
            raise _RowProblem(
                "task", f"The family has no task called '{title}': set it first, or add it to tasks.csv."
            )
        evidence = _choice(
            row.get("evidence"),
            "evidence",
            ticks.EVIDENCE,
            "sheet",
            {label.lower(): key for key, label in ticks.EVIDENCE.items()},
        )
        return ticks.record_tick(
            self.cur,
            self.actor,
            found[0],
            day,
            minutes=_whole(row.get("minutes"), "minutes"),
            evidence=evidence,
            today=self.today,
        )

    def apply(self):
        low = str.lower
        self.each(
            "families.csv", self.add_family, key=lambda r: (low(r["family"]), r.get("date_of_birth", ""))
        )
        self.each("caregivers.csv", self.add_caregiver, key=lambda r: (low(r["family"]), low(r["name"])))
        self.each(
            "links.csv",
            self.add_link,
            key=lambda r: (low(r["family"]), low(r["therapist_username"]), low(r["discipline"])),
        )
        self.each("tasks.csv", self.add_task, key=lambda r: (low(r["family"]), low(r["title"])))
        self.each(
            "sessions.csv",
            self.add_session,
            key=lambda r: (low(r["family"]), low(r["therapist_username"]), r["starts_at"]),
        )
        self.each("ticks.csv", self.add_tick, key=lambda r: (low(r["family"]), low(r["task"]), r["date"]))


def _run(cur, actor, files, write):
    require_lead(actor)
    report = Report()
    tables = read_files(files, report)
    try:
        with transaction(cur):
            _Run(cur, actor, tables, report).apply()
            if report.errors:
                raise ImportRefused(report)
            if not write:
                raise _Rollback
            audit.record(
                cur, actor, "import", "clinic", None, files=sorted(tables), created=dict(report.created)
            )
    except _Rollback:
        pass
    except ImportRefused:
        if write:
            raise
    return report


def preview(cur, actor, files):
    """Run the import of {file name: bytes} and roll it back; return the Report (lead only)."""
    if in_transaction(cur):
        raise RuntimeError("a preview runs in its own transaction, outside any other")
    return _run(cur, actor, files, write=False)


def import_files(cur, actor, files):
    """Import {file name: bytes} all-or-nothing and return the Report; raise ImportRefused on any problem."""
    return _run(cur, actor, files, write=True)


class _Rollback(Exception):
    """Ends a preview's transaction without saving."""
