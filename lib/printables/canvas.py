"""The drawing kit of every sheet: an FPDF with our fonts and calm defaults, and shared blocks."""

import copy
import re
import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from lib.assignments.safety import MARK as SAFETY_MARK
from lib.assignments.safety import safety_lines
from lib.errors import InvalidInput
from lib.printables.marks import BOTTOM_MARGIN, Box, draw_marks
from lib.printables.words import DAY_NAMES, WHO, alarm_howto, schedule_text, when_text
from lib.words import discipline_word

FONTS = Path(__file__).resolve().parent.parent.parent / "data" / "fonts"
PAPERS = {"A4": "A4", "US Letter": "Letter"}
GREY = 225


FONT_FILES = {"": FONTS / "DejaVuSans.ttf", "B": FONTS / "DejaVuSans-Bold.ttf"}
MISSING = "\ufffd"  # what a character the font cannot draw prints as: a clear "something was here"
_NOT_DRAWN = re.compile("\ufffd[\ufffd\u200d\ufe0e\ufe0f]*")  # an emoji family prints as one mark


@cache
def _drawable():
    """Return the characters both DejaVu fonts draw."""
    regular, bold = (set(_parsed(style)[0].cmap) for style in FONT_FILES)  # each font's getBestCmap()
    return frozenset(regular & bold)


def printable(text):
    """Return text as a PDF can draw it with our fonts; line breaks kept, nothing silently lost.

    Tabs become spaces and other control characters go; a character the font lacks (emoji, CJK)
    prints as one MISSING mark per run, instead of vanishing."""
    drawable = _drawable()
    text = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    kept = (
        c if c == "\n" or ord(c) in drawable else MISSING
        for c in text
        if c == "\n" or unicodedata.category(c) != "Cc"
    )
    return _NOT_DRAWN.sub(MISSING, "".join(kept))


# Tables fpdf2 drops from every embedded font (text is not shaped): gone before it subsets, its
# subsetter has less to read. The PDF is the same, byte for byte (tests/test_printables.py).
_DROPPED = ("FFTM", "GDEF", "GPOS", "GSUB", "MATH", "kern")


@cache
def _parsed(style):
    """Return (the font as fpdf2 reads it, the font file without the tables a PDF drops), once."""
    path = FONT_FILES[style]
    lean = TTFont(path, recalcTimestamp=False)
    for table in _DROPPED:
        if table in lean:
            del lean[table]
    data = BytesIO()
    lean.save(data)
    return TTFFont(FPDF(), path, "dejavu" + style, style), data.getvalue()


def add_fonts(pdf):
    """Embed DejaVu Sans (regular and bold) in pdf, so every sheet prints any name.

    fpdf2 reads the whole font file for each PDF (its widths, glyph ids and tables): measured
    under load as 0.7 s of the server's time per fridge sheet. The reading is kept; each PDF
    gets its own copy of the parts a document changes (the file it subsets at the end, the
    glyphs it used, its number among the document's fonts)."""
    for style in FONT_FILES:
        parsed, lean = _parsed(style)
        font = copy.copy(parsed)
        font.i = len(pdf.fonts) + 1
        font.ttfont = TTFont(BytesIO(lean), recalcTimestamp=False, lazy=True)
        font.cw = copy.copy(parsed.cw)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font.color_font = None
        font.subset = SubsetMap(font)
        pdf.fonts[parsed.fontkey] = font


class PrintablePDF(FPDF):
    """An FPDF with DejaVu Sans embedded that draws any text the forms accept (see printable)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_fonts(self)

    def normalize_text(self, text):
        return super().normalize_text(printable(text))

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        """A one-line cell: a line break typed in the text prints as a space."""
        return super().cell(w, h, " ".join(str(text).splitlines()), *args, **kwargs)


def check_paper(paper):
    """Return fpdf's name for a paper size, or raise InvalidInput."""
    if paper not in PAPERS:
        raise InvalidInput("Choose A4 or US Letter.", field="paper")
    return PAPERS[paper]


class Sheet(PrintablePDF):
    """A PrintablePDF with our calm defaults.

    marked: a function of the page number returning the page's code text; the page then
    carries corner markers and the code (lib/printables/marks.py), and every tick box and star
    drawn is listed in `boxes`, so the sheet can be read back from a photo."""

    def __init__(self, paper, landscape=False, footer_text="", marked=None):
        super().__init__(orientation="L" if landscape else "P", unit="mm", format=check_paper(paper))
        self.set_margins(15, 18 if marked else 14, 15)  # clear of the top corner markers
        self.set_auto_page_break(True, margin=BOTTOM_MARGIN if marked else 14)
        self.footer_text = footer_text
        self.marked = marked
        self.boxes = []
        self.measuring = False  # True: text blocks only move the cursor (see measure)
        self.set_creator("Home Practice")
        self.set_line_width(0.4)
        self.add_page()

    def note_box(self, task, day, shape, x, y, w, h):
        """List a readable box (marked sheets only) with its task, version, day and place."""
        if self.marked and task is not None:
            version = getattr(task, "version", 1)
            self.boxes.append(Box(self.page_no(), task.id, version, day, shape, x, y, w, h))

    def footer(self):
        if self.marked:
            draw_marks(self, self.marked(self.page_no()), self.footer_text)
        elif self.footer_text:
            self.set_y(-11)
            self.font(9)
            self.set_text_color(90)
            self.cell(0, 5, self.footer_text, align="C")
            self.set_text_color(0)

    def font(self, size, bold=False):
        self.set_font("DejaVu", "B" if bold else "", size)

    def measure(self, draw):
        """Return the height (mm) draw(self) takes with text blocks only, drawing nothing."""
        top, self.measuring = self.get_y(), True
        try:
            draw(self)
            return self.get_y() - top
        finally:
            self.measuring = False
            self.set_y(top)

    def _lines(self, width, height, text, gap):
        """Draw a multi-line text at the cursor, or only move past it while measuring."""
        if self.measuring:
            lines = self.multi_cell(width, height, text, align="L", dry_run=True, output="LINES")
            self.set_y(self.get_y() + len(lines) * height + gap)
            return
        self.multi_cell(width, height, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def text_block(self, text, size=12.5, bold=False, gap=1.5, indent=0):
        self.font(size, bold)
        self.set_x(self.l_margin + indent)
        self._lines(self.epw - indent, size * 0.5, text, gap)

    def labelled(self, label, value, size=12.5, label_w=34):
        self.font(size, True)
        height = size * 0.5
        if not self.measuring:
            self.cell(label_w, height, label)
        self.font(size)
        self._lines(self.epw - label_w, height, value, 0.8)

    def safety(self, text, size=12.5, label_w=34):
        """Draw a task's safety lines in full, one per line, under a clear mark (nothing when none)."""
        lines = safety_lines(text)
        if lines:
            self.labelled(SAFETY_MARK, "\n".join(lines), size, label_w)

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
        self.multi_cell(self.epw - (34 if logo else 0), 5, clinic_name, new_x="LMARGIN", new_y="NEXT")
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
                self.note_box(task, day, "box", bx, y, box, box)
            else:
                self.set_fill_color(GREY)
                self.rect(bx + box * 0.2, y + box * 0.2, box * 0.6, box * 0.6, style="F")
        self.set_y(y + box + 2)

    def star_row(self, count, x, y, radius, gap, task=None, dates=()):
        for i in range(count):
            cx = x + radius + i * (2 * radius + gap)
            self.star(cx, y + radius, radius * 0.5, radius, 5, rotate_degrees=-90, style="D")
            day = dates[i] if i < len(dates) else None
            self.note_box(task, day, "star", cx - radius, y, 2 * radius, 2 * radius)


def task_heading(task, show_discipline):
    """Return the task's title, with its discipline when several are on one sheet."""
    return f"{task.title}  ({discipline_word(task.discipline)})" if show_discipline else task.title


def task_details(pdf, task, size, label_w=34):
    """Draw when, what is needed, who helps and the reminder of one task."""
    when = f"{when_text(task)}: about {task.minutes} minutes, {schedule_text(task)}"
    pdf.labelled("When", when, size, label_w)
    if alarm_howto(task):
        pdf.labelled("Alarm", alarm_howto(task), size, label_w)
    if task.materials.strip():
        pdf.labelled("You need", task.materials.strip(), size, label_w)
    helpers = ", ".join(task.supporters) or "anyone at home"
    pdf.labelled("Who helps", f"{helpers} (for {WHO.get(task.who, 'your child')})", size, label_w)
    if task.cross_note.strip():
        pdf.labelled("Remember", task.cross_note.strip(), size, label_w)
