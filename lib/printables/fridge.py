"""The fridge sheet: one page with every task's tick boxes, what to do, and the next sessions.

Up to six tasks fit one page in A4 and US Letter: a combined chart (a row of dated boxes per
task, all disciplines) at the top, the next booked session of each discipline, then a card per
task (what to do in short plain words, when, what is needed, who helps, the reward). Past four
tasks the cards go compact: smaller type, and "what to do" cut shorter, pointing to the handout.
A task's first photo from the session sits small on its card when the page has room for it.
"""

from dataclasses import replace

from lib.printables.canvas import Sheet
from lib.printables.photos import place_photos
from lib.printables.words import (
    WHO,
    capital,
    period_days,
    reward_line,
    schedule_text,
    sessions_text,
    when_text,
)
from lib.words import date_text

COMPACT_AFTER = 4
MORE = "More on the handout."


def short_steps(text, max_words):
    """Return instructions cut to about max_words at a sentence end, and whether anything was left out."""
    text = " ".join((text or "").split())
    words = text.split(" ") if text else []
    if len(words) <= max_words:
        return text, False
    kept, count = [], 0
    for sentence in _sentences(text):
        n = len(sentence.split())
        if count + n > max_words:
            break
        kept.append(sentence)
        count += n
    if not kept:  # one long first sentence: cut it at a word
        return " ".join(words[:max_words]).rstrip(",;:") + " …", True
    return " ".join(kept), True


def _sentences(text):
    sentence, out = [], []
    for word in text.split(" "):
        sentence.append(word)
        if word.endswith((".", "!", "?")):
            out.append(" ".join(sentence))
            sentence = []
    if sentence:
        out.append(" ".join(sentence))
    return out


def fridge_sheet_pdf(sheet, start, weeks=1, paper="A4", logo=None, marked=None):
    """Return the fridge sheet for one week or fortnight: tick boxes, what to do, next sessions."""
    return bytes(fridge_sheet(sheet, start, weeks, paper, logo, marked).output())


def fridge_sheet(sheet, start, weeks=1, paper="A4", logo=None, marked=None):
    """Lay out the fridge sheet; return the Sheet (its .boxes list the tick boxes when marked)."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    compact = len(tasks) > COMPACT_AFTER
    # (type size, most words of "what to do"): more words first at a size still easy to read,
    # then smaller type as a last resort; each try is a full layout, so the list stays short
    if compact:
        tries = ((11, 24), (10.5, 18), (10, 14), (9.5, 12), (9, 10))
    else:
        tries = ((13.5, 40), (12.5, 40), (12.5, 30), (12, 22), (11.5, 16), (11, 14), (10.5, 12))
    # a small photo from the session on each card, while the type stays large and one page holds
    # it all; otherwise the photos give way (the caregiver handout prints them large)
    with_photos = [] if compact or not any(t.photos for t in tasks) else [t for t in tries if t[0] >= 12]
    without = [replace(t, photos=()) for t in tasks]
    for shown, size, max_words in [(tasks, *t) for t in with_photos] + [(without, *t) for t in tries]:
        pdf = _fridge_sheet(sheet, shown, days, paper, logo, size, max_words, marked)
        if pdf.page_no() == 1:
            break
    return pdf


def _fridge_sheet(sheet, tasks, days, paper, logo, size, max_words, marked):
    weeks = len(days) // 7
    pdf = Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}", marked=marked)
    span = f"{date_text(days[0], weekday=True, year=False, long=True)} to {date_text(days[-1], weekday=True, long=True)}"
    pdf.header_band(
        f"{sheet.family_name}: {capital(sheet.word)}",
        f"{'This week' if weeks == 1 else 'This fortnight'}: {span}",
        sheet.clinic_name,
        logo,
        size=17 if len(tasks) > COMPACT_AFTER else 20,
    )
    if not tasks:
        pdf.text_block("Nothing is set for these days.", size=14)
    else:
        _combined_chart(pdf, tasks, days, size)
    disciplines = sorted({t.discipline for t in tasks})
    pdf.boxed(
        sessions_text(sheet.next_sessions, disciplines)
        + ("" if marked else "\nBring this sheet, or a photo of it."),
        size=size - 0.5,
    )
    _task_cards(pdf, tasks, len(disciplines) > 1, size, max_words)
    return pdf


def _task_cards(pdf, tasks, show_discipline, size, max_words):
    """Describe the tasks, two side by side (one wide card when there is only one)."""
    columns = 1 if len(tasks) == 1 else 2
    gutter = 6
    width = (pdf.epw - gutter * (columns - 1)) / columns
    left, right = pdf.l_margin, pdf.r_margin
    compact = len(tasks) > COMPACT_AFTER
    label_w = 22 if compact else 31
    for first in range(0, len(tasks), columns):
        pdf.keep_together(30)
        top = bottom = pdf.get_y()
        row = tasks[first : first + columns]
        wide = pdf.epw if len(row) == 1 else width  # an odd last card takes the whole width
        for i, task in enumerate(row):
            pdf.set_left_margin(left + i * (width + gutter))
            pdf.set_right_margin(pdf.w - pdf.l_margin - wide)
            pdf.set_xy(pdf.l_margin, top)
            _card(pdf, task, show_discipline, size, max_words, label_w, compact)
            bottom = max(bottom, pdf.get_y())
        pdf.set_left_margin(left)
        pdf.set_right_margin(right)
        pdf.set_y(bottom + 2.5)


def _card(pdf, task, show_discipline, size, max_words, label_w, compact):
    title = f"{task.title}  ({task.discipline})" if show_discipline else task.title
    pdf.text_block(title, size=size + 1, bold=True, gap=0.8)
    steps, cut = short_steps(task.instructions, max_words)
    if steps:
        pdf.text_block(steps + (f" {MORE}" if cut else ""), size=size, gap=1)
    small = size - 1
    pdf.labelled("When", f"{when_text(task)}; {task.minutes} min, {schedule_text(task)}", small, label_w)
    if task.materials.strip():
        pdf.labelled("You need", task.materials.strip(), small, label_w)
    helpers = ", ".join(task.supporters) or "anyone at home"
    pdf.labelled("Who helps", f"{helpers} (for {WHO.get(task.who, 'your child')})", small, label_w)
    if task.reward_plan.strip():
        pdf.labelled("Reward", reward_line(task), small, label_w)
    if task.cross_note.strip() and not compact:  # a busy sheet leaves it to the handout
        pdf.labelled("Who checks", task.cross_note.strip(), small, label_w)
    place_photos(pdf, task.photos, size * 1.6, most=1)  # small: the handout has them large


def _combined_chart(pdf, tasks, days, size):
    """One grid for every discipline's task: a row per task, a column per day (Mon..Sun)."""
    label_w = 60
    pdf.font(9)
    pdf.cell(label_w, 5, "Tick a box each day you practise.")
    box = (7 if len(tasks) > COMPACT_AFTER else 9) if len(days) == 7 else 6.5
    pdf.set_x(pdf.l_margin)
    pdf.tick_row(
        None, days, pdf.l_margin + label_w, pdf.epw - label_w, 0, with_labels=True, size=min(size, 10)
    )
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
        pdf.set_y(max(pdf.get_y(), label_bottom) + 1)
        pdf.line(pdf.l_margin, pdf.get_y() - 0.6, pdf.w - pdf.r_margin, pdf.get_y() - 0.6)
    pdf.ln(2)
