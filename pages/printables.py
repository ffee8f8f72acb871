"""Sheets & reminders: the fridge sheet, the child's star chart, the caregiver handout, the .ics, and
the skills-we-learned page and activity binder."""

from functools import partial

import streamlit as st

from lib import clock, printables, ui
from lib.errors import DomainError
from lib.printables import reminders
from lib.text import md_escape
from lib.ui import printables_view
from lib.ui.downloads import audited, marked_sheet
from lib.words import date_input_format, date_text

actor = ui.require_actor()
st.title("Sheets & reminders")
family_id = ui.selected_family_id()
if family_id is None:
    st.info("Open a family first (from the caseload or 'Find a family'), then come back to this page.")
    st.stop()

today = clock.today()
try:
    sheet = printables_view.load(actor, family_id, today)
except DomainError as exc:
    ui.show_error(exc)
    st.stop()

st.subheader(md_escape(sheet.family_name), anchor=False)
logo = printables.clinic_logo()
name = "".join(c if c.isalnum() else "-" for c in sheet.family_name).strip("-").lower()
if not sheet.tasks:
    st.info(
        "No tasks are running for this family now. Set a task on the "
        "'Home practice tasks' page, then print it from here."
    )
    if sheet.past_tasks:  # between tasks, what was learned can still be printed
        printables_view.kept_downloads(
            actor, sheet, printables_view.load_achieved(actor, family_id, today), "A4", logo, name
        )
    st.stop()

st.markdown(f"**Active tasks ({len(sheet.tasks)})**")
for task in sheet.tasks:
    st.text(
        f"{task.title} ({task.discipline}): about {task.minutes} minutes, "
        f"{printables.schedule_text(task)}, {printables.when_text(task)}"
        + ("" if task.routine_time else " · no reminder time yet: set one with 'Change this task'")
    )

paper_col, period_col, week_col = st.columns(3)
paper = paper_col.radio("Paper size", list(printables.PAPERS), horizontal=True, key="sheets_paper")
period = period_col.radio("Sheet covers", ["One week", "Two weeks"], horizontal=True, key="sheets_period")
weeks = 2 if period == "Two weeks" else 1
ahead = printables.first_day_ahead(today)
ahead_label = f"The next {7 * weeks} days" if ahead == today else "Next week"
starts = week_col.radio("Starting", [ahead_label, "A week I choose"], key="sheets_from")
if starts == ahead_label:
    first = ahead
else:
    first = printables.week_start(
        week_col.date_input("Week starting", value=today, format=date_input_format(), key="sheets_week")
    )
last = printables.period_days(first, weeks)[-1]
st.caption(
    f"Sheets run from {date_text(first, weekday=True, year=False, long=True)} to "
    f"{date_text(last, weekday=True, year=False, long=True)}; a returned sheet is read back by its dates."
)

downloads = [
    (
        "fridge",
        "Fridge sheet",
        "Every task's tick boxes, what to do, when, with what and who helps, and the next sessions. "
        "A photo of the returned sheet can be read back ('Read a sheet').",
        marked_sheet(actor, "fridge", sheet, first, weeks, paper, logo),
        f"{name}-fridge-sheet.pdf",
        "application/pdf",
    ),
    (
        "stars",
        "Star chart for the child",
        "The child's tasks with as many stars as each reward needs (every day of a daily task), dated where "
        "the days are fixed; a plain tracker for a teenager; a parent's own practice on a card of its own.",
        marked_sheet(actor, "stars", sheet, first, weeks, paper, logo),
        f"{name}-star-chart.pdf",
        "application/pdf",
    ),
    (
        "helpers",
        "Caregiver handout",
        "For grandparents, babysitters and older siblings who were not at the session.",
        partial(printables.caregiver_handout_pdf, sheet, paper, logo),
        f"{name}-for-helpers.pdf",
        "application/pdf",
    ),
    (
        "calendar",
        "Phone reminders (.ics)",
        "Open it on a phone: each task repeats at the reminder time set for it, with an alarm. "
        "A task without a time shows as a note, without an alarm.",
        reminders.family_calendar(sheet, today),  # made with the page (milliseconds), not on the click
        reminders.calendar_file_name(sheet),
        reminders.MIME,
    ),
    (
        "kit",
        "Home-practice kit",
        "Every material of every task, what we lend, where to get the rest, and one box for it all.",
        partial(printables.kit_list_pdf, sheet, paper, logo),
        f"{name}-kit-list.pdf",
        "application/pdf",
    ),
]
for column, (key, label, help_text, build, file_name, mime) in zip(
    st.columns(len(downloads)), downloads, strict=True
):
    with column, st.container(border=True):
        st.markdown(f"**{label}**")
        st.caption(help_text)
        st.download_button(
            "Download",
            data=build,
            file_name=file_name,
            mime=mime,
            key=f"download_{key}",
            icon=":material/download:",
            on_click=audited(label, family_id),
            width="stretch",
        )
printables_view.kept_downloads(
    actor, sheet, printables_view.load_achieved(actor, family_id, today), paper, logo, name
)
if sheet.minutes_per_day and sheet.days_per_week:
    st.caption(
        f"The intake explainer handout (about {sheet.minutes_per_day} minutes a day, "
        f"{sheet.days_per_week} days a week) is on the 'Intake explainer' page."
    )
printables_view.email_reminders(actor, family_id)
