"""The child's star chart and the two handouts: for helpers at home, and the intake explainer."""

from lib import explainer
from lib.printables.canvas import Sheet, task_details, task_heading
from lib.printables.words import DAY_NAMES, join_words, period_days


def star_chart_pdf(sheet, start, weeks=1, paper="A4", logo=None):
    """Return the child's star chart (landscape): a star per practice day, then the reward."""
    days = period_days(start, weeks)
    tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in days)]
    pdf = Sheet(paper, landscape=True, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
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
    pdf = Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
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
        pdf.text_block(task_heading(task, True), size=15, bold=True, gap=1)
        if task.instructions.strip():
            pdf.labelled("What to do", task.instructions.strip())
        task_details(pdf, task, 12.5)
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
        names = join_words(f"{name} ({discipline})" for name, discipline in sheet.therapists)
        pdf.text_block(f"Therapists: {names}.", size=11)
    return bytes(pdf.output())


def explainer_handout_pdf(
    word, family_name, clinic_name, minutes_per_day, days_per_week, paper="A4", logo=None
):
    """Return the intake explainer as a handout, with the family's agreed minutes and days."""
    pdf = Sheet(paper, footer_text=f"{clinic_name} · {family_name}")
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
