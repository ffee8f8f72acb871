"""The child's star chart: exactly the task's reward count of stars, dated where the schedule fixes days.

Each task draws reward_ticks stars (the one reward definition) and then its reward. A star is
dated with the practice day it stands for when the schedule fixes the days (set weekdays, or
every day); for "any N days a week" each star has a line to write the date on. Three tasks fit
one landscape page; more continue on the next.
"""

import math
from datetime import timedelta

from lib.assignments.safety import safety_lines
from lib.printables.canvas import Sheet
from lib.printables.words import DAY_NAMES, period_days, reward_line
from lib.words import date_text

PER_PAGE = 3
MAX_PER_ROW = 10
MAX_STARS = 40


def fixed_days(task):
    """Return True when the schedule says which days: set weekdays, or every day."""
    return task.weekdays is not None or task.days_per_week == 7


def star_dates(task, first_day, count):
    """Return one entry per star: the practice day it stands for, or None when the family picks the days."""
    if not fixed_days(task):
        return [None] * count
    dates, day = [], first_day
    while len(dates) < count and day <= first_day + timedelta(days=7 * MAX_STARS):
        if task.end_date is not None and day > task.end_date:
            break
        if task.scheduled_on(day):
            dates.append(day)
        day += timedelta(days=1)
    return dates + [None] * (count - len(dates))


def star_chart_pdf(sheet, start, weeks=1, paper="A4", logo=None, marked=None):
    """Return the child's star chart (landscape): each task's reward count of stars, then the reward."""
    return bytes(star_chart(sheet, start, weeks, paper, logo, marked).output())


def star_chart(sheet, start, weeks=1, paper="A4", logo=None, marked=None):
    """Lay out the star chart; return the Sheet (its .boxes list the stars when marked)."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    footer = f"{sheet.clinic_name} · {sheet.family_name}"
    pdf = Sheet(paper, landscape=True, footer_text=footer, marked=marked)
    pdf.header_band(
        f"{sheet.family_name}'s star chart",
        f"From {date_text(days[0], weekday=True, long=True)}: colour a star each time you practise.",
        sheet.clinic_name,
        logo,
        size=22,
    )
    if not tasks:
        pdf.text_block("No tasks this week: enjoy the break!", size=16)
        return pdf
    slot = (pdf.page_break_trigger - pdf.get_y()) / min(len(tasks), PER_PAGE) - 1
    for task in tasks:
        _task_stars(pdf, task, days[0], slot)
    return pdf


def _task_stars(pdf, task, first_day, slot):
    count = max(1, min(task.reward_ticks, MAX_STARS))
    dates = star_dates(task, max(first_day, task.start_date), count)
    per_row = min(count, MAX_PER_ROW)
    rows = math.ceil(count / per_row)
    label_h = 5
    safety_h = 5 * len(safety_lines(task.safety))
    # title 9 mm and reward 9 mm; each row a star, its date and a small gap
    radius = min(11.0, pdf.epw / per_row / 2.5, ((slot - 18 - safety_h) / rows - label_h - 2) / 2)
    radius = max(radius, 4.0)
    pdf.keep_together(18 + safety_h + rows * (2 * radius + label_h + 2))
    pdf.text_block(task.title, size=16, bold=True, gap=1.5)
    pdf.safety(task.safety, 11, 26)
    gap = radius * 0.5
    for first in range(0, count, per_row):
        y = pdf.get_y()
        row_dates = dates[first : first + per_row]
        pdf.star_row(len(row_dates), pdf.l_margin, y, radius, gap, task, row_dates)
        pdf.font(9.5)
        for i, day in enumerate(row_dates):
            pdf.set_xy(pdf.l_margin + i * (2 * radius + gap) - gap / 2, y + 2 * radius + 0.5)
            label = f"{DAY_NAMES[day.weekday()]} {day.day}/{day.month}" if day else "date: ____"
            pdf.cell(2 * radius + gap, label_h - 1, label, align="C")
        pdf.set_y(y + 2 * radius + label_h + 2)
    reward = reward_line(task, unit="stars") if task.reward_plan.strip() else f"{count} stars: well done!"
    pdf.text_block(reward, size=14, bold=False, gap=3)
