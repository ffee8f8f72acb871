"""One family's complete record, for a transfer or a records request: a PDF summary and its CSVs.

The PDF lists the family's details, caregivers, therapists, tasks, ticks by week, sessions,
reviews, guide runs and explainer runs; the CSV files hold every row of the family in the
same columns as the whole-clinic export (docs/export.md), text cells made formula-safe; the
photos of the family's tasks are in it as picture files too.
"""

import io
import tempfile
import zipfile
from pathlib import Path

from fpdf.fonts import FontFace

from lib import audit, clock, db, families
from lib.access import require_family, require_lead
from lib.exchange.tables import path_literal, select_sql
from lib.families.contact import REMINDER_WAYS
from lib.figures import adherence
from lib.goals.records import EVIDENCE
from lib.goals.scales import level_label
from lib.printables.canvas import PrintablePDF
from lib.settings import get_settings
from lib.words import date_text, datetime_text, use_date_format

# table: the rows of one family ($family)
_FAMILY_ROWS = {
    "families": "id = $family",
    "caregivers": "family_id = $family",
    "family_therapists": "family_id = $family",
    "sessions": "family_id = $family",
    "assignments": "family_id = $family",
    "assignment_versions": "assignment_id IN (SELECT id FROM assignments WHERE family_id = $family)",
    "barrier_answers": "assignment_id IN (SELECT id FROM assignments WHERE family_id = $family)",
    "ticks": "family_id = $family",
    "skip_days": "family_id = $family",
    "homework_reviews": "family_id = $family",
    "guide_runs": "family_id = $family",
    "explainer_runs": "family_id = $family",
    "task_photos": "family_id = $family",
    "goals": "family_id = $family",
    "goal_tasks": "goal_id IN (SELECT id FROM goals WHERE family_id = $family)",
    "goal_ratings": "family_id = $family",
}


def _frame(cur, sql, family_id):
    return cur.execute(sql, {"family": family_id}).fetchall()


def _record(cur, actor, family_id):
    """Return every section of the record as plain rows."""
    family = families.get_family(cur, actor, family_id)
    today = clock.today()
    first_week = adherence.week_start(family.intake_date)
    last_week = adherence.week_start(today)
    weekly = adherence.family_weekly(cur, actor, [family_id], first_week, last_week, today)
    return {
        "family": family,
        "settings": get_settings(cur),
        "caregivers": _frame(
            cur,
            "SELECT name, relation, runs_practice, active, coalesce(phone, ''), coalesce(email, ''), reminder_way,"
            " coalesce(contact_consent, FALSE), contact_consent_on FROM caregivers WHERE family_id = $family"
            " ORDER BY id",
            family_id,
        ),
        "therapists": _frame(
            cur,
            "SELECT u.display_name, ft.discipline, ft.active FROM family_therapists ft"
            " JOIN users u ON u.id = ft.therapist_id WHERE ft.family_id = $family ORDER BY ft.discipline",
            family_id,
        ),
        "tasks": _frame(
            cur,
            "SELECT a.title, a.discipline, u.display_name, a.minutes, a.days_per_week, a.start_date,"
            " a.end_date, a.status FROM assignments a JOIN users u ON u.id = a.therapist_id"
            " WHERE a.family_id = $family ORDER BY a.start_date, a.id",
            family_id,
        ),
        "weeks": [
            (r.week_start.date(), int(r.planned_days), int(r.ticked_days), r.completion)
            for r in weekly.sort_values("week_start").itertuples()
        ],
        "ticks": _frame(
            cur,
            "SELECT count(*), coalesce(sum(minutes), 0), min(practice_date), max(practice_date)"
            " FROM ticks WHERE family_id = $family",
            family_id,
        )[0],
        "sessions": _frame(
            cur,
            "SELECT s.starts_at, s.duration_min, u.display_name, s.discipline, s.status FROM sessions s"
            " JOIN users u ON u.id = s.therapist_id WHERE s.family_id = $family ORDER BY s.starts_at",
            family_id,
        ),
        "reviews": _frame(
            cur,
            "SELECT r.reviewed_on, a.title, r.outcome, array_to_string(r.reasons, ', ') FROM homework_reviews r"
            " JOIN assignments a ON a.id = r.assignment_id WHERE r.family_id = $family ORDER BY r.reviewed_on",
            family_id,
        ),
        "guide_runs": _frame(
            cur,
            "SELECT run_on, stage, path, outcome, array_to_string(actions, ', ') FROM guide_runs"
            " WHERE family_id = $family ORDER BY run_on, id",
            family_id,
        ),
        "explainer_runs": _frame(
            cur,
            "SELECT run_on, minutes_per_day, days_per_week, understood, revisit FROM explainer_runs"
            " WHERE family_id = $family ORDER BY run_on, id",
            family_id,
        ),
        "goals": _frame(
            cur,
            "SELECT title, discipline, started_on, review_date, status, level_m2, level_m1, level_0, level_p1,"
            " level_p2 FROM goals WHERE family_id = $family ORDER BY started_on, id",
            family_id,
        ),
        "ratings": _frame(
            cur,
            "SELECT r.rated_on, g.title, r.level, r.evidence, r.note FROM goal_ratings r"
            " JOIN goals g ON g.id = r.goal_id WHERE r.family_id = $family ORDER BY r.rated_on, r.id",
            family_id,
        ),
    }


def _day(value):
    return date_text(value) if value else ""


class _Record(PrintablePDF):
    def __init__(self, footer_text):
        super().__init__(unit="mm", format="A4")
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=14)
        self.set_creator("Home Practice")
        self.footer_text = footer_text
        self.add_page()

    def footer(self):
        self.set_y(-11)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(90)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}", align="C")
        self.set_text_color(0)

    def heading(self, text):
        self.ln(2)
        self.set_font("DejaVu", "B", 13)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def line_of(self, text, size=10):
        self.set_font("DejaVu", "", size)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")

    def grid(self, header, rows, widths=None):
        if not rows:
            self.line_of("None recorded.")
            return
        self.set_font("DejaVu", "", 8.5)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            line_height=4.6,
            headings_style=FontFace(emphasis="BOLD", fill_color=235),
            first_row_as_headings=True,
        ) as table:
            table.row([str(h) for h in header])
            for row in rows:
                table.row(["" if v is None else str(v) for v in row])


def family_record_pdf(cur, actor, family_id):
    """Return the PDF summary of one family's whole record, as bytes (lead only)."""
    require_lead(actor)
    require_family(cur, actor, family_id)
    r = _record(cur, actor, family_id)
    family, settings = r["family"], r["settings"]
    use_date_format(settings["date_format"])  # the clinic's dates, from the command line too
    pdf = _Record(f"{settings['clinic_name']} · record of {family.display_name} · made {_day(clock.today())}")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 9, f"Record of {family.display_name}", new_x="LMARGIN", new_y="NEXT")
    pdf.line_of(settings["clinic_name"])
    pdf.line_of(
        f"Date of birth: {_day(family.date_of_birth) or 'not given'} · intake {_day(family.intake_date)}"
        f" · status {family.status}"
        + (f" (discharged {_day(family.discharged_on)})" if family.discharged_on else "")
    )
    if family.practice_word:
        pdf.line_of(f"Word for practice: {family.practice_word}")
    if family.notes:
        pdf.line_of(f"Notes: {family.notes}")
    pdf.heading("Caregivers")
    pdf.grid(
        (
            "Name",
            "Relation",
            "Runs practice",
            "Current",
            "Phone",
            "Email",
            "Reminded by",
            "Agreed to contact",
        ),
        [
            (
                n,
                rel,
                "yes" if runs else "no",
                "yes" if act else "no",
                phone,
                email,
                REMINDER_WAYS[way][0] if way in REMINDER_WAYS else "not chosen",
                (f"yes, {_day(on)}" if on else "yes") if consent else "no",
            )
            for n, rel, runs, act, phone, email, way, consent, on in r["caregivers"]
        ],
        widths=(22, 18, 14, 12, 24, 36, 30, 20),
    )
    pdf.heading("Therapists")
    pdf.grid(
        ("Therapist", "Discipline", "Linked"), [(n, d, "yes" if a else "no") for n, d, a in r["therapists"]]
    )
    pdf.heading("Home practice tasks")
    pdf.grid(
        ("Task", "Discipline", "Therapist", "Minutes", "Days/week", "Start", "End", "Status"),
        [(t, d, u, m, n, _day(s), _day(e), st) for t, d, u, m, n, s, e, st in r["tasks"]],
        widths=(44, 18, 30, 14, 14, 22, 22, 16),
    )
    count, minutes, first, last = r["ticks"]
    pdf.heading("Ticks by week")
    pdf.line_of(
        f"{count} ticks, {minutes} minutes recorded"
        + (f", from {_day(first)} to {_day(last)}." if count else ".")
        + " Completion = days practised ÷ days planned (skip days and days off left out)."
    )
    pdf.grid(
        ("Week of", "Days planned", "Days practised", "Completion"),
        [
            (_day(w), p, t, "" if c is None or c != c else f"{round(c * 100)}%")
            for w, p, t, c in r["weeks"]
            if p or t
        ],
    )
    pdf.heading("Sessions")
    pdf.grid(
        ("Date", "Minutes", "Therapist", "Discipline", "Status"),
        [(datetime_text(s), m, u, d, st.replace("_", " ")) for s, m, u, d, st in r["sessions"]],
    )
    pdf.heading("Practice reviews")
    pdf.grid(
        ("Date", "Task", "Outcome", "Reasons"),
        [(_day(d), t, o.replace("_", " "), why) for d, t, o, why in r["reviews"]],
    )
    pdf.heading("Conversation guide runs")
    pdf.grid(
        ("Date", "Stage", "Path", "Outcome", "Actions"), [(_day(d), *rest) for d, *rest in r["guide_runs"]]
    )
    pdf.heading("Intake explainer runs")
    pdf.grid(
        ("Date", "Minutes/day", "Days/week", "Understood", "Revisit"),
        [(_day(d), m, n, "yes" if u else "no", rev) for d, m, n, u, rev in r["explainer_runs"]],
    )
    pdf.heading("Goals and their scales")
    pdf.grid(
        ("Goal", "Discipline", "Written", "Review", "Status", "-2", "-1", "0", "+1", "+2"),
        [(t, d, _day(s), _day(rv), st, *levels) for t, d, s, rv, st, *levels in r["goals"]],
        widths=(30, 14, 17, 17, 14, 18, 18, 18, 17, 17),
    )
    pdf.heading("Goal ratings")
    pdf.grid(
        ("Date", "Goal", "Level", "Evidence", "Note"),
        [(_day(d), t, level_label(lv), EVIDENCE.get(ev, ev), n) for d, t, lv, ev, n in r["ratings"]],
        widths=(22, 50, 14, 34, 60),
    )
    return bytes(pdf.output())


def family_record_zip(cur, actor, family_id):
    """Return a zip of the family's record: record.pdf plus one CSV per table (lead only, audited)."""
    pdf = family_record_pdf(cur, actor, family_id)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="hp-record-") as tmp, db.transaction(cur):
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("record.pdf", pdf)
            for table, where in _FAMILY_ROWS.items():
                path = Path(tmp) / f"{table}.csv"
                cur.execute(
                    "COPY ("
                    + select_sql(cur, table, safe_text=True)
                    + " WHERE "
                    + where
                    + ") TO "
                    + path_literal(path)
                    + " (HEADER)",
                    {"family": family_id},
                )
                archive.write(path, f"csv/{table}.csv")
            photos = cur.execute(
                "SELECT id, image FROM task_photos WHERE family_id = ? ORDER BY id", [family_id]
            ).fetchall()
            for photo_id, image in photos:
                archive.writestr(f"photos/{photo_id}.jpg", image)
        audit.record(cur, actor, "export", "family", family_id, kind="record")
    return buffer.getvalue()
