"""The child's star chart, the grown-up's own card and a teenager's plain tracker.

The star chart is the child's: only the child's tasks (not the parent's own practice), in words
to the child, each with its reward. A task draws reward_ticks stars (the one reward definition),
or a star for each practice day the printed period holds when the schedule fixes the days and
asks for more (a 7-day task shows 7 days). A star is dated with the practice day it stands for
when the schedule fixes the days (set weekdays, or every day); for "any N days a week" each star
has a line to write the date on. Three tasks fit one landscape page; more continue on the next.

A teenager (13 and over) gets a plain tracker instead: a tick box per day, no stars. The
parent's own practice (who = "parent") goes on a card of its own, on a page of its own, with the
reward the grown-up gives themselves.
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


TEEN = 13  # from this age a plain tracker, no stars


def is_teen(sheet):
    """Return True when the child is old enough for a plain tracker instead of stars."""
    return sheet.child_age is not None and sheet.child_age >= TEEN


def star_count(task, days):
    """Return how many stars a task draws: its reward count, or every fixed practice day printed if more."""
    fixed = sum(task.scheduled_on(d) for d in days) if fixed_days(task) else 0
    return max(1, min(max(task.reward_ticks, fixed), MAX_STARS))


def star_chart(sheet, start, weeks=1, paper="A4", logo=None, marked=None, fit=None):
    """Lay out the star chart; return the Sheet (its .boxes list the stars and boxes when marked).

    One layout fits every chart: `fit` (the fridge sheet's hint) changes nothing here."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    childs = [t for t in tasks if t.who != "parent"]
    own = [t for t in tasks if t.who == "parent"]
    footer = f"{sheet.clinic_name} · {sheet.family_name}"
    pdf = Sheet(paper, landscape=True, footer_text=footer, marked=marked)
    since = date_text(days[0], weekday=True, long=True)
    if is_teen(sheet):
        title, subtitle = (
            f"{sheet.family_name}: practice tracker",
            f"From {since}: tick each day you practise.",
        )
    else:
        title, subtitle = (
            f"{sheet.family_name}'s star chart",
            f"From {since}: colour a star each time you practise.",
        )
    pdf.header_band(title, subtitle, sheet.clinic_name, logo, size=22)
    if not childs:
        pdf.text_block("Nothing to practise on this chart this week: enjoy the break!", size=16)
    elif is_teen(sheet):
        for task in childs:
            _tracker_row(pdf, task, days)
    else:
        slot = (pdf.page_break_trigger - pdf.get_y()) / min(len(childs), PER_PAGE) - 1
        for task in childs:
            _task_stars(pdf, task, days, slot)
    if own:
        _caregiver_card(pdf, sheet, own, days, since, logo)
    return pdf


def _tracker_row(pdf, task, days):
    """A teenager's plain line for one task: title, safety, a box per day, the reward in plain words."""
    pdf.keep_together(40 + 5 * len(safety_lines(task.safety)))
    pdf.text_block(task.title, size=14, bold=True, gap=1)
    pdf.safety(task.safety, 11, 26)
    pdf.tick_row(task, days, pdf.l_margin, pdf.epw, 9 if len(days) == 7 else 7)
    if task.reward_plan.strip():
        pdf.text_block(reward_line(task, unit="ticks"), size=11.5, gap=3)


def _caregiver_card(pdf, sheet, tasks, days, since, logo):
    """The grown-up's own practice on a page of its own: a box per day and their reward for themselves."""
    pdf.add_page()
    pdf.header_band(
        "For you, the grown-up: your own practice",
        f"From {since}: tick a box each day you do it. This is your practice, not {sheet.family_name}'s.",
        sheet.clinic_name,
        logo,
        size=20,
    )
    for task in tasks:
        pdf.keep_together(40 + 5 * len(safety_lines(task.safety)))
        pdf.text_block(task.title, size=14, bold=True, gap=1)
        if task.instructions.strip():
            pdf.text_block(task.instructions.strip(), size=11.5, gap=1)
        pdf.safety(task.safety, 11, 26)
        pdf.tick_row(task, days, pdf.l_margin, pdf.epw, 9 if len(days) == 7 else 7)
        reward = reward_line(task, unit="ticks") if task.reward_plan.strip() else ""
        pdf.text_block(
            f"Your reward for yourself: {reward}" if reward else "Choose a small reward for yourself too.",
            size=11.5,
            gap=3,
        )


def _task_stars(pdf, task, days, slot):
    first_day = days[0]
    count = star_count(task, days)
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
