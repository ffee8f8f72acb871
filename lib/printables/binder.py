"""Keeping what was learned: the "skills we learned" page and the family's activity binder.

The skills page lists the goals reached (with the day of the first rating at 0 or above) and the
tasks learned (with the day each ended), from lib.goals.achieved. The binder turns the tasks that
ended (FamilySheet.past_tasks) into activity cards to grab on a busy week: what to do, the safety
lines (always in full), what is needed from the kit, and a photo from the session when there is
one. Both are pure: plain data in, PDF bytes out.
"""

from lib.printables.canvas import Sheet
from lib.printables.photos import photo_row_height, place_photos
from lib.words import date_text

SKILLS_KEEP = "A skill stays when it is used now and then: play one of these on a quiet day, just for fun."
BINDER_HOW = (
    "Activities your child already knows. On a busy week, pick one card and do it for a few minutes: "
    "that is enough to keep the skill."
)
PHOTO_HEIGHT = 38  # mm: large enough to see how it is done
SIZE = 12.5


def _footer(sheet):
    return f"{sheet.clinic_name} · {sheet.family_name}"


def skills_page_pdf(sheet, achieved, paper="A4", logo=None):
    """Return the "skills we learned" page: the goals reached and the tasks learned, each with its day."""
    pdf = Sheet(paper, footer_text=_footer(sheet))
    pdf.header_band(f"{sheet.family_name}: skills we learned", SKILLS_KEEP, sheet.clinic_name, logo)
    goals = [a for a in achieved if a.kind == "goal"]
    tasks = [a for a in achieved if a.kind == "task"]
    if not achieved:
        pdf.text_block("Nothing is marked as reached yet. The first one will be written here.", size=14)
    for heading, found, said in (
        ("Goals reached", goals, "Reached on"),
        ("Tasks learned", tasks, "Learned by"),
    ):
        if not found:
            continue
        pdf.keep_together(25)
        pdf.text_block(heading, size=16, bold=True, gap=2)
        for item in found:
            pdf.keep_together(16)
            pdf.text_block(f"{item.title}  ({item.discipline})", size=SIZE + 1, bold=True, gap=0.5)
            pdf.labelled(said, date_text(item.reached_on, long=True), SIZE - 1, 30)
            pdf.ln(2.5)
        pdf.ln(2)
    return bytes(pdf.output())


def _when(task):
    if task.end_date is None:
        return ""
    day = date_text(task.end_date, long=True)
    return f"Learned by {day}" if task.status == "completed" else f"Practised until {day}"


def _card(pdf, task):
    pdf.text_block(f"{task.title}  ({task.discipline})", size=SIZE + 2, bold=True, gap=0.5)
    if _when(task):
        pdf.text_block(_when(task), size=SIZE - 1.5, gap=1.2)
    if task.instructions.strip():
        pdf.labelled("What to do", task.instructions.strip(), SIZE, 32)
    pdf.safety(task.safety, SIZE, 32)  # always in full, one line each
    if task.materials.strip():
        pdf.labelled("You need", task.materials.strip(), SIZE, 32)
    if task.materials_lent.strip():
        pdf.labelled("From us", task.materials_lent.strip(), SIZE, 32)
    if task.materials_where.strip():
        pdf.labelled("Where to get it", task.materials_where.strip(), SIZE, 32)
    pdf.labelled("How long", f"about {task.minutes} minutes", SIZE, 32)
    pdf.ln(1)
    if pdf.measuring:
        pdf.set_y(pdf.get_y() + photo_row_height(task.photos[:1], PHOTO_HEIGHT))
    else:
        place_photos(pdf, task.photos, PHOTO_HEIGHT, most=1)


def binder_pdf(sheet, paper="A4", logo=None):
    """Return the activity binder: a card per task that ended, with its safety lines, kit and a photo."""
    pdf = Sheet(paper, footer_text=_footer(sheet))
    pdf.header_band(f"{sheet.family_name}: our activity binder", BINDER_HOW, sheet.clinic_name, logo)
    if not sheet.past_tasks:
        pdf.text_block(
            "No task has ended yet. When one does, its card is added here, ready for a busy week.", size=14
        )
    for task in sheet.past_tasks:
        pdf.keep_together(pdf.measure(lambda p, task=task: _card(p, task)) + 4)  # a card is never split
        _card(pdf, task)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(5)
    pdf.ln(1)
    pdf.boxed("The things for these cards stay in the kit box: see the kit list.", size=12, bold=False)
    return bytes(pdf.output())
