"""Weekly caseload review: every family for a chosen week, riskiest first."""

from datetime import timedelta

import streamlit as st

from lib import clock, ui
from lib.figures import caseload, week_figures
from lib.ui import caseload_view, first_run
from lib.ui.downloads import audited
from lib.words import date_input_format, date_text


def team_sheet(table, week, clinic_name):
    """Return the team meeting sheet (PDF): fpdf2 is imported when one is asked for, not on every start."""
    from lib.figures import caseload_pdf  # noqa: PLC0415

    return caseload_pdf.caseload_pdf(table, week, clinic_name)


actor = ui.require_actor()
settings = ui.settings()
st.title("Weekly caseload review")
first_run.checklist(actor)  # the lead's set-up steps, until the clinic is set up

default_week = caseload_view.opening_week(actor)  # this week so far while last week had nothing planned
left, right = st.columns([1, 2])
picked = left.date_input(
    "Week",
    value=default_week,
    max_value=clock.today(),
    key="caseload_week",
    format=date_input_format(),
    help="Any day of the week to review; weeks run Monday to Sunday. Pick a day of this week "
    "to see this week so far (planned days counted up to today).",
)
mine = False
if actor.is_lead:
    mine = (
        right.segmented_control(
            "Families", ["Whole clinic", "My families"], default="Whole clinic", key="caseload_scope"
        )
        == "My families"
    )
view, therapists = caseload_view.load(actor, picked, mine)

if view.week + timedelta(days=6) >= clock.today():
    st.caption(
        f"This week so far: {date_text(view.week, weekday=True, long=True)} to today, "
        f"{date_text(clock.today(), weekday=True, year=False, long=True)}."
    )
else:
    st.caption(
        f"Week of {date_text(view.week, weekday=True, long=True)} to "
        f"{date_text(view.week + timedelta(days=6), weekday=True, year=False, long=True)}."
    )
if view.table.empty:
    st.info("No families yet. Families you are linked to will appear here.")
    caseload_view.enter_applies_dates()
    st.stop()

caseload_view.summary(view, settings)
with st.expander("How these figures are computed"):
    st.markdown("Every figure is as it stood at the end of the chosen week (today for this week so far).")
    for label, line in week_figures.explain(settings).items():
        st.markdown(f"- **{label}**: {line}")
    st.markdown(f"- {caseload.explain(settings)['risk']}")
    st.markdown(f"- **Goal progress**: {caseload.explain(settings)['goals']}")

shown = caseload_view.filters(view, therapists)
st.caption(f"{len(shown)} of {len(view.table)} families. Select a row to open the family.")
table = caseload_view.shown_rows(view, shown)
picked_row = st.dataframe(
    table.drop(columns=["family_id"]),
    key="caseload_table",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    width="stretch",
    column_config=caseload_view.table_columns(),
)
if picked_row and picked_row.selection.rows:
    st.session_state["figures_week"] = view.week  # the family page opens on the same week
    ui.open_family(table.iloc[picked_row.selection.rows[0]]["family_id"])

# both files are made when clicked (callables): a whole clinic's PDF is not built on every run
cols = st.columns(2)
cols[0].download_button(
    "Download table (CSV)",
    lambda: caseload_view.csv_bytes(shown),
    f"caseload-{view.week}.csv",
    mime="text/csv",
    key="caseload_csv",
    on_click=audited("caseload table (CSV)", week=str(view.week)),
    icon=":material/download:",
)
cols[1].download_button(
    "Team meeting sheet (PDF, initials only)",
    lambda: team_sheet(shown, view.week, settings["clinic_name"]),
    f"caseload-{view.week}.pdf",
    mime="application/pdf",
    key="caseload_pdf",
    on_click=audited("team meeting sheet (PDF)", week=str(view.week)),
    icon=":material/print:",
)
if actor.is_lead:  # no names: counts of goals only; worked out when opened (the whole clinic's goals)
    goals = st.expander(
        "Goals reached and practice, across the clinic", key=caseload_view.GOALS_OPEN, on_change="rerun"
    )
    if goals.open is not False:
        with goals:
            caseload_view.goal_outcomes(actor)
caseload_view.enter_applies_dates()  # a week typed in the box applies on Enter too (drawn last: no gap)
