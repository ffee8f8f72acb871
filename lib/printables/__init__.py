"""Printable sheets (fpdf2): the fridge sheet, the child's star chart and two handouts.

load_family_sheet() is the read side (one family's tasks, caregivers and next session);
every *_pdf() function is pure: plain data in, PDF bytes out. Black and white friendly,
large type, A4 or US Letter. Days always run Monday to Sunday, like the tick grid.

family_sheet  the read side: FamilySheet, SheetTask, the clinic's time zone and logo
words         plain words: the days a sheet covers, how often, when, the next session
canvas        the FPDF with our fonts and defaults, and blocks every sheet shares
fridge        the fridge sheet
stars         the child's star chart
kit           the home-practice kit list
handouts      the caregiver handout and the explainer handout
binder        the "skills we learned" page and the activity binder of the tasks that ended
"""

from lib.printables.binder import binder_pdf, skills_page_pdf
from lib.printables.canvas import PAPERS
from lib.printables.family_sheet import (
    DEFAULT_TIMEZONE,
    FamilySheet,
    SheetTask,
    clinic_logo,
    clinic_timezone,
    load_family_sheet,
)
from lib.printables.fridge import fridge_sheet_pdf
from lib.printables.handouts import caregiver_handout_pdf, explainer_handout_pdf
from lib.printables.kit import KitItem, kit_items, kit_list_pdf
from lib.printables.stars import star_chart_pdf, star_dates
from lib.printables.words import (
    DAY_NAMES,
    first_day_ahead,
    period_days,
    schedule_text,
    session_text,
    when_text,
)
from lib.words import week_start

__all__ = [
    "DAY_NAMES",
    "DEFAULT_TIMEZONE",
    "PAPERS",
    "FamilySheet",
    "KitItem",
    "SheetTask",
    "binder_pdf",
    "caregiver_handout_pdf",
    "clinic_logo",
    "clinic_timezone",
    "explainer_handout_pdf",
    "fridge_sheet_pdf",
    "kit_items",
    "kit_list_pdf",
    "load_family_sheet",
    "first_day_ahead",
    "period_days",
    "schedule_text",
    "session_text",
    "skills_page_pdf",
    "star_chart_pdf",
    "star_dates",
    "week_start",
    "when_text",
]
