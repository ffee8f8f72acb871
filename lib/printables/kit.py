"""The home-practice kit: every material of every active task, what the clinic lends, where to get
the rest, and one box or bag to keep it all in (the "home program bin" of DOMAIN.md).

The things of a task that ended stay on the list, marked as kept for the activity binder
(lib/printables/binder.py): a skill learned is played now and then so it stays."""

from dataclasses import dataclass

from lib.printables.canvas import Sheet

KIT_WHERE = "Keep everything in one box or bag, in the same place every day, so nothing goes missing."
ASK = "Missing something? Ask us where we got ours, or whether the clinic can lend it."


@dataclass(frozen=True)
class KitItem:
    """What one task needs: its materials, what the clinic lends, where to get the rest."""

    title: str
    discipline: str
    materials: str
    lent: str
    where: str
    ended: bool = False  # a task that ended: kept in the box for the activity binder


KEPT = "kept for the activity binder"


def kit_items(sheet):
    """Return a KitItem for each task that needs something, and the active titles that need nothing.

    The active tasks come first, then the ended ones (sheet.past_tasks), which stay in the kit."""
    items, nothing = [], []
    for task in sheet.tasks + sheet.past_tasks:
        ended = task.status != "active"
        if task.materials.strip() or task.materials_lent.strip():
            items.append(
                KitItem(
                    task.title,
                    task.discipline,
                    task.materials.strip(),
                    task.materials_lent.strip(),
                    task.materials_where.strip(),
                    ended,
                )
            )
        elif not ended:
            nothing.append(task.title)
    return items, nothing


def kit_list_pdf(sheet, paper="A4", logo=None):
    """Return the family's kit list: a tick box per task's materials, what is lent and where to get it."""
    items, nothing = kit_items(sheet)
    pdf = Sheet(paper, footer_text=f"{sheet.clinic_name} · {sheet.family_name}")
    pdf.header_band(
        f"{sheet.family_name}: the practice kit",
        "Tick each thing once it is in the box.",
        sheet.clinic_name,
        logo,
    )
    pdf.boxed(KIT_WHERE + "\nOur kit lives: ______________________________", size=13)
    size = 12.5 if len(items) <= 5 else 11
    for item in items:
        pdf.keep_together(30)
        y = pdf.get_y()
        pdf.set_line_width(0.6)
        pdf.rect(pdf.l_margin, y + 0.5, 6, 6)
        pdf.set_line_width(0.4)
        pdf.set_left_margin(pdf.l_margin + 10)
        pdf.set_xy(pdf.l_margin, y)
        pdf.text_block(item.materials or item.lent, size=size + 1, bold=True, gap=0.5)
        kept = f", {KEPT}" if item.ended else ""
        pdf.labelled("For", f"{item.title} ({item.discipline}){kept}", size - 1, 36)
        if item.lent:
            pdf.labelled("Lent by us", item.lent, size - 1, 36)
        if item.where:
            pdf.labelled("Where to get it", item.where, size - 1, 36)
        pdf.set_left_margin(pdf.l_margin - 10)
        pdf.ln(2)
    if not items:
        pdf.text_block("None of the tasks needs anything special.", size=size)
    if nothing:
        pdf.text_block("Nothing needed for: " + ", ".join(nothing) + ".", size=size - 1, gap=3)
    pdf.ln(2)
    pdf.boxed(ASK + "\nPlease bring back anything the clinic lent when the task ends.", size=12, bold=False)
    return bytes(pdf.output())
