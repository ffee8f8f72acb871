"""The fridge sheet: every task with its tick boxes, the reward stars and the next session."""

from lib.printables.canvas import Sheet, task_details, task_heading
from lib.printables.words import period_days, session_text


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
    pdf = Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
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
        task_details(pdf, task, size)
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
            pdf.text_block(task_heading(task, show_discipline), size=size + 1, bold=True, gap=1)
            task_details(pdf, task, size - 0.5, label_w=24)
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
