"""The two handouts: for helpers at home, and the intake explainer."""

from lib import explainer
from lib.printables.canvas import Sheet, task_details, task_heading
from lib.printables.photos import photo_row_height, place_photos
from lib.printables.words import join_words

HANDOUT_PHOTO_MM = 45  # photos from the session, as the therapist and family did it


def caregiver_handout_pdf(sheet, paper="A4", logo=None):
    """Return a handout for grandparents, babysitters and siblings who were not in the session."""
    pdf = Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
    pdf.header_band(
        f"Helping {sheet.family_name} with {explainer.the_word(sheet.word)}", "", sheet.clinic_name, logo
    )
    pdf.text_block(
        f"Thank you for helping. {sheet.family_name}'s family is working with us on a few short "
        "tasks to do at home. You were not at the session, so this sheet explains what to do.",
        gap=3,
    )
    pdf.text_block("Why it matters", size=15, bold=True)
    pdf.text_block(explainer.rationale_text(sheet.word), gap=4)
    _agreement(pdf, sheet)
    for task in sheet.tasks:
        pdf.keep_together(55 + photo_row_height(task.photos, HANDOUT_PHOTO_MM))
        pdf.text_block(task_heading(task, True), size=15, bold=True, gap=1)
        if task.instructions.strip():
            pdf.labelled("What to do", task.instructions.strip())
        pdf.safety(task.safety)
        place_photos(pdf, task.photos, HANDOUT_PHOTO_MM)
        task_details(pdf, task, 12.5)
        if task.reward_plan.strip():
            pdf.labelled("Reward", task.reward_plan.strip())
        pdf.ln(3)
    if not sheet.tasks:
        pdf.text_block("No tasks are set at the moment.", gap=4)
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
    _keeping_in_touch(pdf, sheet)
    if sheet.therapists:
        pdf.ln(2)
        names = join_words(f"{name} ({discipline})" for name, discipline in sheet.therapists)
        pdf.text_block(f"Therapists: {names}.", size=11)
    return bytes(pdf.output())


def _keeping_in_touch(pdf, sheet):
    """How each caregiver who chose is reminded, and the clinic's contact line, when there are any."""
    if not sheet.reminder_lines and not sheet.clinic_contact:
        return
    pdf.ln(2)
    pdf.keep_together(30)
    pdf.text_block("Keeping in touch", size=15, bold=True)
    pdf.bullets([f"{line}." for line in sheet.reminder_lines])
    if sheet.clinic_contact:
        pdf.text_block(f"To reach {sheet.clinic_name}: {sheet.clinic_contact}", size=12)


def _agreement(pdf, sheet):
    """What the family agreed at intake (their goal, minutes, days, who helps, when), when recorded."""
    if not sheet.minutes_per_day:
        return
    pdf.text_block("What the family agreed", size=15, bold=True)
    if sheet.goal:
        pdf.labelled("Their goal", sheet.goal)
    agreed = explainer.agreement_line(
        sheet.minutes_per_day, sheet.days_per_week, sheet.who_helps, sheet.practice_when
    )
    pdf.text_block(agreed, gap=4)


def explainer_handout_pdf(
    word,
    family_name,
    clinic_name,
    minutes_per_day,
    days_per_week,
    paper="A4",
    logo=None,
    variant=None,
    said=None,
    data=None,
    task_minutes=0,
):
    """Return the intake explainer as a handout, with the family's variant and what they agreed.

    said: the family's words from the teach-back, {"goal", "who", "when"} (any may be missing).
    """
    said = said or {}
    pdf = Sheet(paper, footer_text=f"{clinic_name} · {family_name}")
    title = f"{word[:1].upper()}{word[1:]}: why and how"
    pdf.header_band(title, family_name, clinic_name, logo)
    agreed = explainer.agreement_line(minutes_per_day, days_per_week, said.get("who"), said.get("when"))
    pdf.boxed("We agreed: " + agreed[:1].lower() + agreed[1:], size=14)
    pdf.ln(1)
    steps = explainer.explainer_steps(
        word, minutes_per_day, days_per_week, variant, said.get("goal"), data, task_minutes
    )
    for step in steps:
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
