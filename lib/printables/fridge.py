"""The fridge sheet: every task's tick boxes, what to do, its safety lines, and the next sessions.

A combined chart (a row of dated boxes per task, all disciplines) at the top, the next booked
session of each discipline, then a card per task (what to do, its safety lines, when, what is
needed, who helps, the reward). "What to do" and the safety lines always print in full: the type
gets smaller (never below 9 pt) to keep one page, and when that is not enough the cards go on to
a second page in easy type. Past four tasks the cards go compact. A task's first photo from the
session sits small on its card when the page has room for it.
"""

from dataclasses import replace

from lib.printables.canvas import Sheet
from lib.printables.photos import photo_row_height, place_photos
from lib.printables.words import (
    WHO,
    alarm_howto,
    capital,
    period_days,
    reward_line,
    schedule_text,
    sessions_text,
    when_text,
)
from lib.words import date_text

COMPACT_AFTER = 4
# type sizes tried in turn to keep one page, and the easy size of a sheet that takes two
ONE_PAGE_SIZES = (13.5, 12.5, 12, 11.5, 11, 10.5)
ONE_PAGE_SIZES_COMPACT = (11, 10.5, 10, 9.5, 9)
TWO_PAGE_SIZE, TWO_PAGE_SIZE_COMPACT = 12, 11


def fridge_sheet_pdf(sheet, start, weeks=1, paper="A4", logo=None, marked=None):
    """Return the fridge sheet for one week or fortnight: tick boxes, what to do, next sessions."""
    return bytes(fridge_sheet(sheet, start, weeks, paper, logo, marked).output())


def fridge_sheet(sheet, start, weeks=1, paper="A4", logo=None, marked=None, fit=None):
    """Lay out the fridge sheet; return the Sheet (its .boxes list the tick boxes when marked).

    The sheet's .fit says how it was fitted (photos or not, type size, one page or two): given
    back as `fit`, the same sheet is laid out at once, without trying the larger sizes again."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    compact = len(tasks) > COMPACT_AFTER
    sizes = ONE_PAGE_SIZES_COMPACT if compact else ONE_PAGE_SIZES
    # a small photo from the session on each card, while the type stays large and one page holds
    # it all; otherwise the photos give way (the caregiver handout prints them large)
    with_photos = [] if compact or not any(t.photos for t in tasks) else [s for s in sizes if s >= 12]
    without = [replace(t, photos=()) for t in tasks]
    # nothing is cut to make one page: the cards go on to a second page, in easy type
    tries = [(True, s, False) for s in with_photos] + [(False, s, False) for s in sizes]
    tries.append((False, TWO_PAGE_SIZE_COMPACT if compact else TWO_PAGE_SIZE, True))
    for photos, size, two_pages in [fit] if fit else tries:
        pdf = _fridge_sheet(sheet, tasks if photos else without, days, paper, logo, size, marked, two_pages)
        pdf.fit = (photos, size, two_pages)
        if two_pages or fit or pdf.page_no() == 1:
            break  # the last try takes two pages: one of them always fits
    return pdf


def _fridge_sheet(sheet, tasks, days, paper, logo, size, marked, two_pages=False):
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
    _task_cards(pdf, tasks, len(disciplines) > 1, size, two_pages)
    return pdf


def _task_cards(pdf, tasks, show_discipline, size, two_pages):
    """Describe the tasks, two side by side (one wide card when there is only one)."""
    columns = 1 if len(tasks) == 1 else 2
    gutter = 6
    width = (pdf.epw - gutter * (columns - 1)) / columns
    left, right = pdf.l_margin, pdf.r_margin
    compact = len(tasks) > COMPACT_AFTER
    label_w = 22 if compact else 31
    for first in range(0, len(tasks), columns):
        row = tasks[first : first + columns]
        wide = pdf.epw if len(row) == 1 else width  # an odd last card takes the whole width
        places = [(task, left + i * (width + gutter)) for i, task in enumerate(row)]

        def card(task, x, measure=False, wide=wide):
            pdf.set_left_margin(x)
            pdf.set_right_margin(pdf.w - x - wide)
            pdf.set_x(x)
            try:
                draw = lambda p: _card(p, task, show_discipline, size, label_w, compact)  # noqa: E731
                return pdf.measure(draw) if measure else draw(pdf)
            finally:
                pdf.set_left_margin(left)
                pdf.set_right_margin(right)

        # a row of cards moves whole to the next page: a card is never split, nor drawn over (a
        # one-page try that overflows is thrown away, so only a two-page sheet measures its rows)
        pdf.keep_together(max(card(task, x, measure=True) for task, x in places) if two_pages else 30)
        top = bottom = pdf.get_y()
        for task, x in places:
            pdf.set_y(top)
            card(task, x)
            bottom = max(bottom, pdf.get_y())
        pdf.set_y(bottom + 2.5)


def _card(pdf, task, show_discipline, size, label_w, compact):
    title = f"{task.title}  ({task.discipline})" if show_discipline else task.title
    pdf.text_block(title, size=size + 1, bold=True, gap=0.8)
    if task.instructions.strip():
        pdf.text_block(task.instructions.strip(), size=size, gap=1)
    small = size - 1
    pdf.safety(task.safety, small, label_w)
    pdf.labelled("When", f"{when_text(task)}; {task.minutes} min, {schedule_text(task)}", small, label_w)
    if alarm_howto(task):
        pdf.labelled("Alarm", alarm_howto(task), small, label_w)
    if task.materials.strip():
        pdf.labelled("You need", task.materials.strip(), small, label_w)
    helpers = ", ".join(task.supporters) or "anyone at home"
    pdf.labelled("Who helps", f"{helpers} (for {WHO.get(task.who, 'your child')})", small, label_w)
    if task.reward_plan.strip():
        pdf.labelled("Reward", reward_line(task), small, label_w)
    if task.cross_note.strip() and not compact:  # a busy sheet leaves it to the handout
        pdf.labelled("Who checks", task.cross_note.strip(), small, label_w)
    if pdf.measuring:
        pdf.set_y(pdf.get_y() + photo_row_height(task.photos[:1], size * 1.6))
    else:
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
