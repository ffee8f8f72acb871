"""Printable sheets (fpdf2): the fridge sheet, the child's star chart and two handouts.

load_family_sheet() is the read side (one family's tasks, caregivers and next session);
every *_pdf() function is pure: plain data in, PDF bytes out. Black and white friendly,
large type, A4 or US Letter. Days always run Monday to Sunday, like the tick grid.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fpdf import FPDF

from lib import explainer
from lib.access import require_family
from lib.adherence import week_start
from lib.errors import InvalidInput, NotFound
from lib.settings import get_settings

DATA = Path(__file__).resolve().parent.parent / "data"
FONTS = DATA / "fonts"
LOGO_FILES = (DATA / "clinic_logo.png", DATA / "clinic_logo.jpg")
PAPERS = {"A4": "A4", "US Letter": "Letter"}
DEFAULT_TIMEZONE = "Europe/London"
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WHO = {"child": "your child", "parent": "a grown-up", "both": "your child with a grown-up"}
GREY = 225


@dataclass(frozen=True)
class SheetTask:
    """One active task as the family sees it on paper."""

    id: int
    discipline: str
    therapist: str
    title: str
    instructions: str
    who: str
    minutes: int
    days_per_week: int
    weekdays: tuple[int, ...] | None
    start_date: date
    end_date: date | None
    review_date: date | None
    routine_anchor: str
    routine_time: time | None
    materials: str
    supporters: tuple[str, ...]
    reward_plan: str
    reward_ticks: int
    cross_note: str

    def runs_on(self, day):
        """Return True when day lies within the task's dates."""
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def scheduled_on(self, day):
        """Return True when the task asks for practice on this day (any day for 'N days a week')."""
        return self.runs_on(day) and (self.weekdays is None or day.weekday() in self.weekdays)


@dataclass(frozen=True)
class FamilySheet:
    """Everything the sheets and the calendar need about one family."""

    family_id: int
    family_name: str
    word: str
    clinic_name: str
    timezone: str
    tasks: tuple[SheetTask, ...]
    caregivers: tuple[tuple[str, str], ...]
    therapists: tuple[tuple[str, str], ...]
    next_session: datetime | None
    next_session_with: str
    minutes_per_day: int | None = None
    days_per_week: int | None = None


def clinic_timezone(cur):
    """Return the clinic's IANA time zone name (setting 'timezone', default Europe/London)."""
    row = cur.execute("SELECT value FROM clinic_settings WHERE key = 'timezone'").fetchone()
    name = (row[0] if row else "").strip() or DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TIMEZONE
    return name


def clinic_logo():
    """Return the clinic's logo bytes (data/clinic_logo.png or .jpg), or None."""
    for path in LOGO_FILES:
        if path.exists():
            return path.read_bytes()
    return None


def load_family_sheet(cur, actor, family_id, today=None):
    """Return a FamilySheet: the family's active tasks (not yet ended), caregivers and next session."""
    require_family(cur, actor, family_id)
    today = today or date.today()
    family = cur.execute(
        "SELECT display_name, practice_word FROM families WHERE id = ?", [family_id]
    ).fetchone()
    if family is None:
        raise NotFound("No such family.")
    settings = get_settings(cur)
    rows = cur.execute(
        """
        SELECT a.id, a.discipline, coalesce(u.display_name, ''), a.title, a.instructions, a.who,
               a.minutes, a.days_per_week, a.weekdays, a.start_date, a.end_date, a.review_date,
               a.routine_anchor, a.routine_time, a.materials,
               (SELECT coalesce(list(c.name ORDER BY c.id), []) FROM caregivers c
                 WHERE c.family_id = a.family_id AND c.active AND list_contains(a.supporter_ids, c.id)),
               a.reward_plan, a.reward_ticks, a.cross_note
        FROM assignments a LEFT JOIN users u ON u.id = a.therapist_id
        WHERE a.family_id = ? AND a.status = 'active' AND (a.end_date IS NULL OR a.end_date >= ?)
        ORDER BY a.discipline, a.start_date, a.id
        """,
        [family_id, today],
    ).fetchall()
    tasks = tuple(
        SheetTask(
            *r[:8],
            tuple(sorted(set(r[8]))) if r[8] else None,
            *r[9:15],
            tuple(r[15] or ()),
            *r[16:],
        )
        for r in rows
    )
    caregivers = cur.execute(
        "SELECT name, relation FROM caregivers WHERE family_id = ? AND active ORDER BY id", [family_id]
    ).fetchall()
    therapists = cur.execute(
        "SELECT u.display_name, ft.discipline FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = ? AND ft.active ORDER BY ft.discipline, u.display_name",
        [family_id],
    ).fetchall()
    session = cur.execute(
        "SELECT s.starts_at, coalesce(u.display_name, '') || ' (' || s.discipline || ')'"
        " FROM sessions s LEFT JOIN users u ON u.id = s.therapist_id"
        " WHERE s.family_id = ? AND s.status = 'booked' AND s.starts_at::DATE >= ?"
        " ORDER BY s.starts_at LIMIT 1",
        [family_id, today],
    ).fetchone()
    agreed = cur.execute(
        "SELECT minutes_per_day, days_per_week FROM explainer_runs WHERE family_id = ?"
        " ORDER BY run_on DESC, id DESC LIMIT 1",
        [family_id],
    ).fetchone()
    return FamilySheet(
        family_id=family_id,
        family_name=family[0],
        word=(family[1] or "").strip() or settings["practice_word"],
        clinic_name=settings["clinic_name"],
        timezone=clinic_timezone(cur),
        tasks=tasks,
        caregivers=tuple(caregivers),
        therapists=tuple(therapists),
        next_session=session[0] if session else None,
        next_session_with=session[1] if session else "",
        minutes_per_day=agreed[0] if agreed else None,
        days_per_week=agreed[1] if agreed else None,
    )


# ---- plain-words helpers -------------------------------------------------------------


def period_days(start, weeks=1):
    """Return the dates of one or two weeks from the Monday on or before start."""
    if weeks not in (1, 2):
        raise InvalidInput("Choose one week or a fortnight.", field="weeks")
    first = week_start(start)
    return [first + timedelta(days=i) for i in range(7 * weeks)]


def _join(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def schedule_text(task):
    """Return how often the task is asked for, in plain words."""
    if task.weekdays is not None and len(task.weekdays) < 7:
        return "on " + _join(DAY_NAMES[d] for d in task.weekdays)
    if task.weekdays is not None or task.days_per_week == 7:
        return "every day"
    return f"on any {task.days_per_week} days a week"


def when_text(task):
    """Return the routine anchor and time, e.g. 'at bath time, around 18:30'."""
    parts = [task.routine_anchor.strip()] if task.routine_anchor.strip() else []
    if task.routine_time:
        parts.append(f"around {task.routine_time.strftime('%H:%M')}")
    return ", ".join(parts) or "at a time that suits your day"


def session_text(when, with_whom):
    """Return the next session in plain words."""
    if when is None:
        return "No session booked yet: please ask us to book the next one."
    return f"Next session: {when.strftime('%A %-d %B')} at {when.strftime('%H:%M')}" + (
        f" with {with_whom}" if with_whom else ""
    )


def _check_paper(paper):
    if paper not in PAPERS:
        raise InvalidInput("Choose A4 or US Letter.", field="paper")
    return PAPERS[paper]


# ---- drawing -------------------------------------------------------------------------


class _Sheet(FPDF):
    """An FPDF with DejaVu Sans embedded and our calm defaults."""

    def __init__(self, paper, landscape=False, footer_text=""):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format=_check_paper(paper))
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 14, 15)
        self.set_auto_page_break(True, margin=14)
        self.footer_text = footer_text
        self.set_creator("Home Practice")
        self.set_line_width(0.4)
        self.add_page()

    def footer(self):
        if self.footer_text:
            self.set_y(-11)
            self.font(9)
            self.set_text_color(90)
            self.cell(0, 5, self.footer_text, align="C")
            self.set_text_color(0)

    def font(self, size, bold=False):
        self.set_font("DejaVu", "B" if bold else "", size)

    def text_block(self, text, size=12.5, bold=False, gap=1.5, indent=0):
        self.font(size, bold)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def labelled(self, label, value, size=12.5, label_w=34):
        self.font(size, True)
        height = size * 0.5
        self.cell(label_w, height, label)
        self.font(size)
        self.multi_cell(self.epw - label_w, height, value, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(0.8)

    def bullets(self, items, size=12.5):
        for item in items:
            self.font(size)
            self.cell(7, size * 0.5, "•")
            self.multi_cell(self.epw - 7, size * 0.5, item, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(1)

    def keep_together(self, height):
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def header_band(self, title, subtitle, clinic_name, logo=None, size=22):
        top = self.get_y()
        if logo:
            self.image(BytesIO(logo), x=self.w - self.r_margin - 30, y=top, h=14, keep_aspect_ratio=True)
        self.font(10)
        self.set_text_color(80)
        self.cell(self.epw - (34 if logo else 0), 5, clinic_name, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0)
        self.font(size, True)
        self.multi_cell(
            self.epw - (34 if logo else 0), size * 0.5, title, align="L", new_x="LMARGIN", new_y="NEXT"
        )
        if subtitle:
            self.ln(1)
            self.text_block(subtitle, size=13)
        self.set_y(max(self.get_y(), top + 18 if logo else 0))
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)

    def boxed(self, text, size=13, bold=True):
        self.font(size, bold)
        lines = self.multi_cell(self.epw - 8, size * 0.5, text, dry_run=True, output="LINES")
        height = len(lines) * size * 0.5 + 6
        self.keep_together(height)
        y = self.get_y()
        self.set_line_width(0.6)
        self.rect(self.l_margin, y, self.epw, height)
        self.set_line_width(0.4)
        self.set_xy(self.l_margin + 4, y + 3)
        self.multi_cell(self.epw - 8, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_y(y + height + 3)

    def tick_row(self, task, days, x, width, box, with_labels=True, size=11.5):
        """Draw one tick box per scheduled day; unscheduled days are a grey, crossed-out cell."""
        col = width / len(days)
        y = self.get_y()
        if with_labels:
            self.font(min(9.5, size) if len(days) > 7 else min(11.5, size))
            for i, day in enumerate(days):
                label = (
                    f"{DAY_NAMES[day.weekday()]} {day.day}"
                    if len(days) == 7
                    else f"{DAY_NAMES[day.weekday()][:2]}\n{day.day}"
                )
                self.set_xy(x + i * col, y)
                self.multi_cell(col, 4, label, align="C")
            y += 9 if len(days) > 7 else 5.5
        for i, day in enumerate(days if box else ()):
            bx = x + i * col + (col - box) / 2
            if task is None or task.scheduled_on(day):
                self.set_line_width(0.6)
                self.rect(bx, y, box, box)
                self.set_line_width(0.4)
            else:
                self.set_fill_color(GREY)
                self.rect(bx + box * 0.2, y + box * 0.2, box * 0.6, box * 0.6, style="F")
        self.set_y(y + box + 2)

    def star_row(self, count, x, y, radius, gap):
        for i in range(count):
            cx = x + radius + i * (2 * radius + gap)
            self.star(cx, y + radius, radius * 0.5, radius, 5, rotate_degrees=-90, style="D")


def _task_heading(task, show_discipline):
    return f"{task.title}  ({task.discipline})" if show_discipline else task.title


def _task_details(pdf, task, size, label_w=34):
    when = f"{when_text(task)}: about {task.minutes} minutes, {schedule_text(task)}"
    pdf.labelled("When", when, size, label_w)
    if task.materials.strip():
        pdf.labelled("You need", task.materials.strip(), size, label_w)
    helpers = ", ".join(task.supporters) or "anyone at home"
    pdf.labelled("Who helps", f"{helpers} (for {WHO.get(task.who, 'your child')})", size, label_w)
    if task.cross_note.strip():
        pdf.labelled("Remember", task.cross_note.strip(), size, label_w)


def _reward_track(pdf, tasks, size, columns=1):
    """A row of stars to colour in per task with a reward, the reward written beside it."""
    rewarded = [t for t in tasks if t.reward_plan.strip()]
    if not rewarded:
        return
    pdf.keep_together(24)
    pdf.text_block("Stars to a reward: colour in a star for every tick", size=size + 1.5, bold=True, gap=2)
    text_size, gutter = size - 1, 6
    width = (pdf.epw - gutter * (columns - 1)) / columns
    line_h = text_size * 0.45
    for first in range(0, len(rewarded), columns):
        placed = []
        for i, task in enumerate(rewarded[first : first + columns]):
            stars = max(1, min(task.reward_ticks, 20))
            beside = columns == 1  # one column: the words sit beside the stars; two: under them
            radius = min(3.6, width * (0.5 if beside else 0.95) / stars / 2.4)
            track_w = stars * radius * 2.4 + 3 if beside else 0
            pdf.font(text_size)
            text = f"{task.title}: {task.reward_plan.strip()}"
            lines = pdf.multi_cell(width - track_w, line_h, text, dry_run=True, output="LINES")
            x = pdf.l_margin + i * (width + gutter)
            high = max(2 * radius, len(lines) * line_h) if beside else 2 * radius + 1.5 + len(lines) * line_h
            placed.append((x, stars, radius, track_w, text, len(lines), high))
        height = max(p[6] for p in placed)
        pdf.keep_together(height + 3)
        y = pdf.get_y()
        for x, stars, radius, track_w, text, n_lines, _ in placed:
            if track_w:
                pdf.star_row(stars, x, y + (height - 2 * radius) / 2, radius, radius * 0.4)
                pdf.set_xy(x + track_w, y + max(0, (height - n_lines * line_h) / 2))
            else:
                pdf.star_row(stars, x, y, radius, radius * 0.4)
                pdf.set_xy(x, y + 2 * radius + 1.5)
            pdf.font(text_size)
            pdf.multi_cell(width - track_w, line_h, text, align="L")
        pdf.set_y(y + height + 3)


def fridge_sheet_pdf(sheet, start, weeks=1, paper="A4", logo=None):
    """Return the fridge sheet for one week or fortnight: tasks, tick boxes, rewards, next session.

    With tasks from several disciplines (or more than three tasks) the tick boxes form one
    combined chart at the top and the tasks follow in two columns; otherwise each task has its
    own row of boxes under it. A busy sheet steps its type down a little until it fits one page.
    """
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    base = 14 if len(tasks) <= 2 else 12.5
    # never below 10 pt: a family with five or more tasks gets its rewards on a second page
    for size in (base, base - 1, base - 2, max(10, base - 3)):
        pdf = _fridge_sheet(sheet, tasks, days, paper, logo, size)
        if pdf.page_no() == 1:
            break
    return bytes(pdf.output())


def _fridge_sheet(sheet, tasks, days, paper, logo, size):
    weeks = len(days) // 7
    several = len({t.discipline for t in tasks}) > 1
    combined = several or len(tasks) > 3
    pdf = _Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
    span = f"{days[0].strftime('%A %-d %B')} to {days[-1].strftime('%A %-d %B %Y')}"
    pdf.header_band(
        f"{sheet.family_name}: {sheet.word} this {'week' if weeks == 1 else 'fortnight'}",
        span,
        sheet.clinic_name,
        logo,
    )
    if not tasks:
        pdf.text_block(f"There is no {sheet.word} set for these days.", size=14)
    else:
        pdf.text_block("Tick a box on each day you practise. Grey squares are rest days.", size=size, gap=3)
    session = (
        session_text(sheet.next_session, sheet.next_session_with)
        + "\nBring this sheet, or a photo of it, with you."
    )
    if combined:
        _combined_chart(pdf, tasks, days, size)
        pdf.boxed(session, size=size + 0.5)
        _task_columns(pdf, tasks, several, size)
    for task in [] if combined else tasks:
        pdf.keep_together(52)
        pdf.text_block(task.title, size=size + 2.5, bold=True, gap=1)
        _task_details(pdf, task, size)
        pdf.ln(1)
        pdf.tick_row(task, days, pdf.l_margin, pdf.epw, 14 if weeks == 1 else 10, size=size)
        pdf.ln(3)
    _reward_track(pdf, tasks, size, columns=2 if combined else 1)
    if not combined:
        pdf.ln(1)
        pdf.boxed(session, size=size + 0.5)
    return pdf


def _task_columns(pdf, tasks, show_discipline, size):
    """Describe the tasks two by two, side by side, so a busy week still fits one page."""
    gutter = 6
    width = (pdf.epw - gutter) / 2
    left, right = pdf.l_margin, pdf.r_margin
    for pair in range(0, len(tasks), 2):
        pdf.keep_together(40)
        top, bottom = pdf.get_y(), pdf.get_y()
        for i, task in enumerate(tasks[pair : pair + 2]):
            pdf.set_left_margin(left + i * (width + gutter))
            pdf.set_right_margin(pdf.w - pdf.l_margin - width)
            pdf.set_xy(pdf.l_margin, top)
            pdf.text_block(_task_heading(task, show_discipline), size=size + 1, bold=True, gap=1)
            _task_details(pdf, task, size - 0.5, label_w=24)
            bottom = max(bottom, pdf.get_y())
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
        pdf.set_y(bottom + 3)


def _combined_chart(pdf, tasks, days, size):
    """One grid for every discipline's task: a row per task, a column per day (Mon..Sun)."""
    label_w = 58
    box = 9 if len(days) == 7 else 7
    pdf.keep_together(20 + len(tasks) * (box + 4))
    pdf.text_block(
        "This week at a glance" if len(days) == 7 else "These two weeks at a glance",
        size=size + 1.5,
        bold=True,
        gap=2,
    )
    pdf.tick_row(None, days, pdf.l_margin + label_w, pdf.epw - label_w, 0, with_labels=True, size=size)
    for task in tasks:
        y = pdf.get_y()
        pdf.font(size - 1.5, True)
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(
            label_w - 2,
            (size - 1.5) * 0.45,
            f"{task.title} ({task.discipline})",
            align="L",
            max_line_height=5,
        )
        label_bottom = pdf.get_y()
        pdf.set_y(y)
        pdf.tick_row(task, days, pdf.l_margin + label_w, pdf.epw - label_w, box, with_labels=False)
        pdf.set_y(max(pdf.get_y(), label_bottom) + 1.5)
        pdf.line(pdf.l_margin, pdf.get_y() - 0.8, pdf.w - pdf.r_margin, pdf.get_y() - 0.8)
    pdf.ln(4)


def star_chart_pdf(sheet, start, weeks=1, paper="A4", logo=None):
    """Return the child's star chart (landscape): a star per practice day, then the reward."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    pdf = _Sheet(paper, landscape=True, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
    pdf.header_band(
        f"{sheet.family_name}'s star chart",
        f"{days[0].strftime('%-d %B')} to {days[-1].strftime('%-d %B %Y')}",
        sheet.clinic_name,
        logo,
        size=28,
    )
    if not tasks:
        pdf.text_block("No tasks this week: enjoy the break!", size=16)
    for task in tasks:
        planned = [d for d in days if task.scheduled_on(d)]
        fixed = task.weekdays is not None
        count = len(planned) if fixed else min(len(planned), task.days_per_week * weeks)
        # three rows of big stars fit a landscape page; fewer tasks get bigger stars
        radius = min(11.0, pdf.epw / max(count, 1) / 2.3, max(7.0, (150 / max(len(tasks), 1) - 28) / 2))
        pdf.keep_together(2 * radius + 32)
        pdf.text_block(task.title, size=17, bold=True, gap=2)
        y = pdf.get_y()
        gap = radius * 0.3
        pdf.star_row(count, pdf.l_margin, y, radius, gap)
        if fixed:
            pdf.font(11)
            for i, day in enumerate(planned):
                pdf.set_xy(pdf.l_margin + i * (2 * radius + gap), y + 2 * radius + 1)
                pdf.cell(2 * radius, 5, f"{DAY_NAMES[day.weekday()]} {day.day}", align="C")
        pdf.set_y(y + 2 * radius + (8 if fixed else 3))
        reward = task.reward_plan.strip()
        pdf.text_block(f"Reward: {reward}" if reward else "Every star is a job well done!", size=14, gap=6)
    return bytes(pdf.output())


def caregiver_handout_pdf(sheet, paper="A4", logo=None):
    """Return a handout for grandparents, babysitters and siblings who were not in the session."""
    pdf = _Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
    pdf.header_band(f"Helping {sheet.family_name} with {sheet.word}", "", sheet.clinic_name, logo)
    pdf.text_block(
        f"Thank you for helping. {sheet.family_name}'s family is working with us on a few short "
        "tasks to do at home. You were not at the session, so this sheet explains what to do.",
        gap=3,
    )
    pdf.text_block("Why it matters", size=15, bold=True)
    pdf.text_block(explainer.rationale_text(sheet.word), gap=4)
    for task in sheet.tasks:
        pdf.keep_together(55)
        pdf.text_block(_task_heading(task, True), size=15, bold=True, gap=1)
        if task.instructions.strip():
            pdf.labelled("What to do", task.instructions.strip())
        _task_details(pdf, task, 12.5)
        if task.reward_plan.strip():
            pdf.labelled("Reward", task.reward_plan.strip())
        pdf.ln(3)
    if not sheet.tasks:
        pdf.text_block(f"There is no {sheet.word} set at the moment.", gap=4)
    pdf.keep_together(50)
    pdf.text_block("Good to know", size=15, bold=True)
    pdf.bullets(
        [
            "Keep it short and playful. Praise trying, not only getting it right.",
            "Tick the sheet on the fridge when it is done, with the date.",
            "If the child becomes very upset, stop calmly and tell a parent.",
            "Questions? The parents can ask us at the next session.",
        ]
    )
    if sheet.therapists:
        pdf.ln(2)
        names = _join(f"{name} ({discipline})" for name, discipline in sheet.therapists)
        pdf.text_block(f"Therapists: {names}.", size=11)
    return bytes(pdf.output())


def explainer_handout_pdf(
    word, family_name, clinic_name, minutes_per_day, days_per_week, paper="A4", logo=None
):
    """Return the intake explainer as a handout, with the family's agreed minutes and days."""
    pdf = _Sheet(paper, footer_text=f"{clinic_name} · {family_name}")
    title = f"{word[:1].upper()}{word[1:]}: why it helps and how we will do it"
    pdf.header_band(title, family_name, clinic_name, logo)
    pdf.boxed(f"We agreed: about {minutes_per_day} minutes a day, on {days_per_week} days a week.", size=14)
    pdf.ln(1)
    for step in explainer.explainer_steps(word, minutes_per_day, days_per_week):
        pdf.keep_together(40)
        pdf.text_block(step.title, size=15, bold=True, gap=1)
        for paragraph in step.paragraphs:
            pdf.text_block(paragraph, gap=2)
        pdf.bullets(step.points)
        if step.closing:
            pdf.text_block(step.closing, gap=2)
        pdf.ln(2)
    pdf.keep_together(50)
    pdf.text_block("What might get in the way for us, and what we will try:", size=14, bold=True, gap=4)
    for _ in range(3):
        pdf.ln(8)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    return bytes(pdf.output())
