"""Import a clinic's spreadsheets: families, caregivers, therapist links, tasks, sessions, past ticks.

The files are read once (reading.py), then checked and written file by file, in bulk: the
look-ups (families, therapists, tasks), repeats and rows already in the clinic come from one
query per table, the field rules are the domain's own pure checks (clean_family,
clean_caregiver, validate_assignment), ticks are checked entirely in SQL, and the rows that
pass are written with one INSERT ... SELECT per table, each with its audit rows. Sessions, few
per family, still go row by row through the booking functions. Everything runs in one
transaction: a preview runs it all and rolls back, reporting what would be created and every
row's problem as (file, line, column, problem); an import with any problem writes nothing.
Rows already in the clinic (by their natural keys) are counted as already there, so importing
the same files twice creates nothing new. Formats: docs/import.md.
"""

import json

import pyarrow as pa

from lib import audit, clock, sessions, ticks, versions, words
from lib.access import require_lead
from lib.assignments.barriers import BARRIER_IDS
from lib.assignments.safety import acknowledged_text, age_in_years, safety_advice
from lib.assignments.validation import validate_assignment
from lib.db import in_transaction, transaction
from lib.errors import DomainError, InvalidInput
from lib.exchange.reading import (  # noqa: F401  (the import API, re-exported)
    _YES,
    IMPORT_FILES,
    KINDS,
    FilesTooBig,
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
from lib.exchange.tables import quote
from lib.families.checks import RELATIONS, clean_caregiver, clean_family
from lib.figures import week_summary
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.ticks.rules import TaskDates, check_day, clean_details
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


def _register(cur, name, columns):
    """Make {column: values} readable as the view `name` on this cursor."""
    cur.complete()  # a domain function may leave a SELECT's result unread, which register refuses
    cur.register(name, pa.table(columns))


def _table_types(cur, table):
    rows = cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return dict(rows)


def _insert(cur, table, columns, params=None, extra=None):
    """INSERT INTO table the rows given column by column ({name: values}), in one statement.

    Names come from this module, never from a file; each column is cast to the table's type.
    extra: {column: SQL expression over parameters} for values every row shares."""
    if not columns or not len(next(iter(columns.values()))):
        return
    types = _table_types(cur, table)
    names = [*columns, *(extra or {})]
    values = [f"CAST(r.{quote(c)} AS {types[c]})" for c in columns] + list((extra or {}).values())
    _register(cur, "imp_rows", columns)
    try:
        cur.execute(
            f"INSERT INTO {quote(table)} ({', '.join(map(quote, names))})"  # noqa: S608  (names from this module)
            f" SELECT {', '.join(values)} FROM imp_rows r",
            params or [],
        ).fetchall()
    finally:
        cur.unregister("imp_rows")


def _audit(cur, actor, action, entity, ids, details):
    """Append one audit row per id, with its detail (JSON text, as audit.record writes it)."""
    _insert(
        cur,
        "audit_log",
        {"entity_id": ids, "detail": details},
        [getattr(actor, "id", None), action, entity],
        {"user_id": "?::INTEGER", "action": "?", "entity": "?"},
    )


# audit details as json.dumps writes them (audit.record), without its cost per row
def _family_detail(family_id):
    return f'{{"family_id": {int(family_id)}}}'


def _link_detail(therapist_id, discipline):
    return json.dumps({"therapist_id": therapist_id, "discipline": discipline})


def _new_ids(cur, sequence, n):
    # the sequence's name is one of this module's constants
    rows = cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [n]).fetchall()  # noqa: S608
    return [r[0] for r in rows]


class _Run:
    def __init__(self, cur, actor, sheets, report):
        self.cur, self.actor, self.sheets, self.report = cur, actor, sheets, report
        self.today = clock.today()
        self.users = {
            u: (i, d, active)
            for i, u, d, active in cur.execute(
                "SELECT id, username, discipline, active FROM users"
            ).fetchall()
        }
        self.new_links = set()  # (family_id, therapist_id, discipline) made with a new family
        self.failed_families = {}  # lower(name) -> line of families.csv that could not be added
        self.names = {}  # lower(name) -> ids of the clinic's families, read after families.csv

    def problem(self, file, line, column, text):
        self.report.errors.append(RowError(file, line, column, text))

    def each(self, file, handler, key):
        """Run handler(line, row) per row, turning problems into row errors; flag repeated rows."""
        sheet = self.sheets.get(file)
        if sheet is None:
            return
        seen = {}
        for line, row in sheet.rows():
            try:
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
            self.count(file, outcome)

    def count(self, file, outcome, n=1):
        if outcome is not None:
            (self.report.created if outcome else self.report.existing)[KINDS[file]] += n

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

    def read_names(self):
        self.names = {}
        for family_id, name in self.cur.execute("SELECT id, display_name FROM families").fetchall():
            self.names.setdefault(name.lower(), []).append(family_id)

    def family(self, row):
        name = row.get("family", "")
        if not name:
            raise _RowProblem("family", "Give the family's name, as in families.csv.")
        found = self.names.get(name.lower(), ())
        if len(found) > 1:
            raise _RowProblem("family", f"Several families are called '{name}': give each a distinct name.")
        if found:
            return found[0]
        if name.lower() in self.failed_families:
            line = self.failed_families[name.lower()]
            raise _RowProblem("family", f"'{name}' could not be added: see families.csv line {line}.")
        raise _RowProblem("family", f"No family called '{name}' in families.csv or in the clinic.")

    # families.csv, each with its first therapist link from links.csv
    def first_links(self):
        """Return {lower(family): (therapist id, discipline)} of each family's first usable links.csv row."""
        first = {}
        sheet = self.sheets.get("links.csv")
        for _, row in sheet.rows() if sheet is not None else ():
            name = row.get("family", "").lower()
            if name in first:
                continue
            try:
                therapist_id, _, active = self.therapist(row)
                discipline = _choice(row.get("discipline"), "discipline", DISCIPLINES)
            except _RowProblem:
                continue  # that row reports its own problem
            if active:
                first[name] = (therapist_id, discipline)
        return first

    def add_families(self):
        there = set(self.cur.execute("SELECT lower(display_name), date_of_birth FROM families").fetchall())
        there = {(name.lower(), dob) for name, dob in there}
        links = self.first_links()
        new = []

        def add(line, row):
            name = row["family"]
            dob = _date(row.get("date_of_birth"), "date_of_birth", required=False)
            intake = _date(row.get("intake_date"), "intake_date")
            if (name.lower(), dob) in there:
                return False
            link = links.get(name.lower())
            if link is None:
                raise _RowProblem(
                    "family",
                    "Link at least one therapist to the family: add a row to links.csv"
                    " (or fix the problems of its rows there).",
                )
            name, notes, word = clean_family(
                name, intake, dob, row.get("notes", ""), row.get("practice_word", ""), self.today
            )
            there.add((name.lower(), dob))
            new.append((name, dob, intake, notes, word, *link))
            return True

        self.each("families.csv", add, key=lambda r: (r["family"].lower(), r.get("date_of_birth", "")))
        ids = _new_ids(self.cur, "families_id", len(new))
        names, dobs, intakes, notes, words_, therapists, disciplines = (
            map(list, zip(*new, strict=True)) if new else [[]] * 7
        )
        _insert(
            self.cur,
            "families",
            {
                "id": ids,
                "display_name": names,
                "date_of_birth": dobs,
                "intake_date": intakes,
                "notes": notes,
                "practice_word": words_,
            },
        )
        _audit(self.cur, self.actor, "create", "family", ids, ["{}"] * len(ids))
        _insert(
            self.cur,
            "family_therapists",
            {"family_id": ids, "therapist_id": therapists, "discipline": disciplines},
        )
        _audit(
            self.cur,
            self.actor,
            "link",
            "family",
            ids,
            [_link_detail(t, d) for t, d in zip(therapists, disciplines, strict=True)],
        )
        self.new_links = set(zip(ids, therapists, disciplines, strict=True))
        self.read_names()

    def add_caregivers(self):
        taken = {
            (family_id, name.lower())
            for family_id, name in self.cur.execute(
                "SELECT family_id, name FROM caregivers WHERE active"
            ).fetchall()
        }
        new = []

        def add(line, row):
            family_id = self.family(row)
            relation = _choice(row.get("relation"), "relation", RELATIONS)
            runs = _YES.get(row.get("runs_practice", "").lower(), None) if row.get("runs_practice") else True
            if runs is None:
                raise _RowProblem("runs_practice", "Write yes or no.")
            if (family_id, row["name"].strip().lower()) in taken:
                return False
            name = clean_caregiver(row["name"], relation)
            taken.add((family_id, name.lower()))
            new.append((family_id, name, relation, runs))
            return True

        self.each("caregivers.csv", add, key=lambda r: (r["family"].lower(), r["name"].lower()))
        ids = _new_ids(self.cur, "caregivers_id", len(new))
        families, names, relations, runs = map(list, zip(*new, strict=True)) if new else [[]] * 4
        _insert(
            self.cur,
            "caregivers",
            {"id": ids, "family_id": families, "name": names, "relation": relations, "runs_practice": runs},
        )
        _audit(self.cur, self.actor, "create", "caregiver", ids, [_family_detail(f) for f in families])

    def add_links(self):
        there = set(
            self.cur.execute("SELECT family_id, therapist_id, discipline FROM family_therapists").fetchall()
        )
        new = []

        def add(line, row):
            therapist_id, _, active = self.therapist(row)
            discipline = _choice(row.get("discipline"), "discipline", DISCIPLINES)
            family_id = self.family(row)
            link = (family_id, therapist_id, discipline)
            if link in there:
                return link in self.new_links
            if not active:
                raise InvalidInput(
                    "That account is deactivated: choose an active therapist.", field="therapist"
                )
            there.add(link)
            new.append(link)
            return True

        self.each(
            "links.csv",
            add,
            key=lambda r: (r["family"].lower(), r["therapist_username"].lower(), r["discipline"].lower()),
        )
        families, therapists, disciplines = map(list, zip(*new, strict=True)) if new else [[]] * 3
        _insert(
            self.cur,
            "family_therapists",
            {"family_id": families, "therapist_id": therapists, "discipline": disciplines},
        )
        _audit(
            self.cur,
            self.actor,
            "link",
            "family",
            families,
            [_link_detail(t, d) for t, d in zip(therapists, disciplines, strict=True)],
        )

    def add_tasks(self):
        titles = {
            (family_id, title.strip().lower())
            for family_id, title in self.cur.execute("SELECT family_id, title FROM assignments").fetchall()
        }
        # a therapist may be given a family's task when linked to it (access.LINKED_FAMILIES_SQL)
        linked = set(
            self.cur.execute("SELECT therapist_id, family_id FROM family_therapists WHERE active").fetchall()
        )
        born = dict(self.cur.execute("SELECT id, date_of_birth FROM families").fetchall())
        new = []

        def add(line, row):
            family_id = self.family(row)
            therapist_id, own_discipline, _ = self.therapist(row)
            if (family_id, row["title"].strip().lower()) in titles:
                return False
            clean = validate_assignment(
                {
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
                    "safety": row.get("safety", ""),
                    "therapist_id": therapist_id,
                }
            )
            if therapist_id != self.actor.id and (therapist_id, family_id) not in linked:
                raise InvalidInput("Choose one of this family's therapists.", field="therapist_id")
            # the preview lists the advice row by row; pressing Import accepts it (saved and audited)
            advice = safety_advice(clean, age_in_years(born.get(family_id), self.today))
            self.report.warnings.extend(RowError("tasks.csv", line, "safety", text) for _, text in advice)
            clean["safety_acknowledged"] = acknowledged_text(advice)
            titles.add((family_id, clean["title"].lower()))
            new.append({**clean, "family_id": family_id})
            return True

        self.each("tasks.csv", add, key=lambda r: (r["family"].lower(), r["title"].lower()))
        if not new:
            return
        ids = _new_ids(self.cur, "assignments_id", len(new))
        columns = {name: [task[name] for task in new] for name in new[0]}
        _insert(
            self.cur,
            "assignments",
            {"id": ids, **columns, "cross_note": [""] * len(ids)},
            [self.actor.id],
            {"created_by": "?::INTEGER"},
        )
        _register(self.cur, "imp_ids", {"id": ids})
        try:
            # what lifecycle.create_assignment writes beside the task: its first version (with the
            # task as it was saved) and an empty barrier checklist
            self.cur.execute(
                "INSERT INTO assignment_versions (assignment_id, version, changed_on, kind, reason, snapshot,"
                " changed_by) SELECT a.id, 1, a.start_date, 'created', '', to_json(a), ?"
                " FROM assignments a JOIN imp_ids n ON n.id = a.id",
                [self.actor.id],
            ).fetchall()
            self.cur.execute(
                "INSERT INTO barrier_answers (assignment_id, barrier, answer, plan)"
                " SELECT n.id, b.barrier, 'not_asked', '' FROM imp_ids n"
                " CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS barrier) b",
                [list(BARRIER_IDS)],
            ).fetchall()
        finally:
            self.cur.unregister("imp_ids")
        week_summary.refresh(self.cur, ids)
        _audit(
            self.cur,
            self.actor,
            "create",
            "assignment",
            ids,
            [
                json.dumps({"family_id": int(f), "safety_acknowledged": ack}) if ack else _family_detail(f)
                for f, ack in zip(columns["family_id"], columns["safety_acknowledged"], strict=True)
            ],
        )

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
                self.cur,
                self.actor,
                session_id,
                status,
                row.get("note", ""),
                today=self.today,
                expected_version=versions.ANY,  # booked a line above, in this import's own unit
            )
        return True

    def add_ticks(self):
        sheet = self.sheets.get("ticks.csv")
        if sheet is None:
            return
        cur = self.cur
        _register(
            cur,
            "imp_ticks",
            {
                "line": sheet.lines,
                **{c: sheet.column(c) for c in ("family", "task", "date", "minutes", "evidence")},
            },
        )
        failed = list(self.failed_families.items())
        _register(
            cur,
            "imp_failed",
            {
                "k": pa.array([k for k, _ in failed], pa.string()),
                "line": pa.array([v for _, v in failed], pa.int64()),
            },
        )
        evidence = {key.lower(): key for key in ticks.EVIDENCE}
        evidence.update({label.lower(): key for key, label in ticks.EVIDENCE.items()})
        try:
            cur.execute(
                _TICKS_SQL,
                {
                    "names": list(evidence),
                    "keys": list(evidence.values()),
                    "choices": ", ".join(ticks.EVIDENCE),
                    "today": self.today,
                },
            ).fetchall()
        finally:
            cur.unregister("imp_ticks")
            cur.unregister("imp_failed")
        bad = cur.execute(
            "SELECT line, problem_column, problem, family_id, assignment_id, task, day, start_date, end_date,"
            " mins, ev FROM imp_tick_check WHERE problem_column IS NOT NULL ORDER BY line"
        ).fetchall()
        for line, column, problem, family_id, task_id, title, day, start, end, mins, ev in bad:
            if problem is None:  # a rule of the domain's own: its message says what is wrong
                try:
                    check_day(cur, TaskDates(task_id, family_id, title, start, end), day, self.today)
                    clean_details(cur, family_id, mins, None, None, False, ev)
                    problem = "This day cannot be ticked for this task."  # the SQL and the domain disagree
                except DomainError as exc:
                    problem = str(exc)
            self.problem("ticks.csv", line, column, problem)
        saved = cur.execute(
            "INSERT INTO ticks (assignment_id, practice_date, family_id, minutes, caregiver_id, how_it_went,"
            " distress, evidence, entered_by)"
            " SELECT assignment_id, day, family_id, mins, NULL, NULL, FALSE, ev, ? FROM imp_tick_check"
            " WHERE problem_column IS NULL AND new RETURNING assignment_id, practice_date",
            [self.actor.id],
        ).fetchall()
        # one audit row per tick, its detail as ticks.writes._insert_tick writes it
        cur.execute(
            "INSERT INTO audit_log (user_id, action, entity, entity_id, detail)"
            " SELECT ?, 'tick', 'assignment', assignment_id,"
            " '{\"day\": \"' || day::VARCHAR || '\", \"minutes\": ' || coalesce(mins::VARCHAR, 'null')"
            ' || \', "caregiver_id": null, "how_it_went": null, "distress": false, "evidence": "\' || ev || \'"}\''
            " FROM imp_tick_check WHERE problem_column IS NULL AND new",
            [self.actor.id],
        ).fetchall()
        ok = cur.execute("SELECT count(*) FROM imp_tick_check WHERE problem_column IS NULL").fetchone()[0]
        self.count("ticks.csv", True, len(saved))
        self.count("ticks.csv", False, ok - len(saved))
        if saved:
            week_summary.refresh(
                cur, {t for t, _ in saved}, min(d for _, d in saved), max(d for _, d in saved)
            )
        cur.execute("DROP TABLE imp_tick_check")

    def apply(self):
        low = str.lower
        self.add_families()
        self.add_caregivers()
        self.add_links()
        self.add_tasks()
        self.each(
            "sessions.csv",
            self.add_session,
            key=lambda r: (low(r["family"]), low(r["therapist_username"]), r["starts_at"]),
        )
        self.add_ticks()


# Every row of ticks.csv with its first problem (problem_column set; problem NULL when the
# domain's check_day or clean_details words it), or what to write (new: not ticked yet).
# The rules come in the order the forms check them: repeats, family, date, task, evidence,
# minutes, then the task's schedule and the minutes' range.
_TICKS_SQL = (
    """
CREATE OR REPLACE TEMP TABLE imp_tick_check AS
WITH src AS (
    SELECT t.line, t.family, t.task, t.date, t.minutes, t.evidence,
           min(t.line) OVER (PARTITION BY lower(t.family), lower(t.task), t.date) AS first_line,
           try_strptime(t.date, ['%Y-%m-%d', '%d/%m/%Y'])::DATE AS day,
           CASE WHEN regexp_full_match(t.minutes, '[+-]?[0-9]{1,9}') THEN t.minutes::INTEGER END AS mins,
           CASE WHEN t.evidence = '' THEN 'sheet' ELSE e.k END AS ev
    FROM imp_ticks t
    LEFT JOIN (SELECT unnest($names::VARCHAR[]) AS n, unnest($keys::VARCHAR[]) AS k) e ON e.n = lower(t.evidence)
),
fam AS (SELECT lower(display_name) AS k, count(*) AS n, min(id) AS id FROM families GROUP BY 1),
found AS (
    SELECT s.*, f.n AS n_families, f.id AS family_id, ff.line AS failed_line
    FROM src s LEFT JOIN fam f ON f.k = lower(s.family) LEFT JOIN imp_failed ff ON ff.k = lower(s.family)
),
task AS (
    SELECT found.line, a.id AS assignment_id, a.start_date, a.end_date
    FROM found JOIN assignments a ON a.family_id = found.family_id AND lower(trim(a.title)) = lower(found.task)
    WHERE found.n_families = 1
    QUALIFY row_number() OVER (
        PARTITION BY found.line
        ORDER BY (a.start_date <= found.day AND (a.end_date IS NULL OR a.end_date >= found.day)) DESC,
                 a.start_date DESC, a.id DESC) = 1
),
days AS (
    SELECT found.line, task.assignment_id, found.family_id, NULL::INTEGER[] AS weekdays, found.day
    FROM found JOIN task ON task.line = found.line WHERE found.day IS NOT NULL
),
"""
    + PLANNED_DAYS_SQL
    + """,
checked AS (
    SELECT found.*, task.assignment_id, task.start_date, task.end_date,
           coalesce(pd.paused, FALSE) AS paused,
           EXISTS (SELECT 1 FROM ticks k WHERE k.assignment_id = task.assignment_id
                   AND k.practice_date = found.day) AS ticked
    FROM found LEFT JOIN task ON task.line = found.line LEFT JOIN planned_days pd ON pd.line = found.line
),
judged AS (
    SELECT *,
        CASE WHEN line > first_line THEN ''
             WHEN family = '' OR n_families > 1 OR n_families IS NULL THEN 'family'
             WHEN day IS NULL THEN 'date'
             WHEN assignment_id IS NULL THEN 'task'
             WHEN ev IS NULL THEN 'evidence'
             WHEN minutes <> '' AND mins IS NULL THEN 'minutes'
             WHEN day > $today::DATE OR day < start_date OR day > end_date OR paused THEN 'date'
             WHEN mins NOT BETWEEN 1 AND 240 THEN 'minutes'
        END AS problem_column,
        CASE WHEN line > first_line THEN 'Repeats line ' || first_line || ': remove one of them.'
             WHEN family = '' THEN 'Give the family''s name, as in families.csv.'
             WHEN n_families > 1 THEN 'Several families are called ''' || family || ''': give each a distinct name.'
             WHEN n_families IS NULL AND failed_line IS NOT NULL
                 THEN '''' || family || ''' could not be added: see families.csv line ' || failed_line || '.'
             WHEN n_families IS NULL THEN 'No family called ''' || family || ''' in families.csv or in the clinic.'
             WHEN date = '' THEN 'Give a date, like 2026-11-16.'
             WHEN day IS NULL THEN '''' || date || ''' is not a date: write it like 2026-11-16 (or 16/11/2026).'
             WHEN assignment_id IS NULL
                 THEN 'The family has no task called ''' || task || ''': set it first, or add it to tasks.csv.'
             WHEN ev IS NULL THEN '''' || evidence || ''' is not one of: ' || $choices || '.'
             WHEN minutes <> '' AND mins IS NULL THEN '''' || minutes || ''' is not a whole number.'
        END AS problem
    FROM checked
)
SELECT *, NOT ticked AND problem_column IS NULL
          AND line = min(line) OVER (PARTITION BY assignment_id, day, problem_column IS NULL) AS new
FROM judged
"""
)


def _run(cur, actor, files, write):
    require_lead(actor)
    report = Report()
    sheets = read_files(files, report)
    try:
        with transaction(cur):
            _Run(cur, actor, sheets, report).apply()
            if report.errors:
                raise ImportRefused(report)
            if not write:
                raise _Rollback
            audit.record(
                cur, actor, "import", "clinic", None, files=sorted(sheets), created=dict(report.created)
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
