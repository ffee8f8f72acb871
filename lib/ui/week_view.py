"""Widgets of the clinic week page: the week's counts per therapist, its sessions, the families to act on."""

from datetime import timedelta

import streamlit as st

from lib import clock, ui, words
from lib.accounts import users
from lib.sessions import clinic_week as cw

WEEKS_AHEAD = 12  # how far ahead the week chooser reaches (booked sessions)


def choose_week(actor):
    """Show the week chooser (and, for the lead, the therapist chooser); return (day, therapist id or None)."""
    left, right = st.columns([1, 2])
    day = left.date_input(
        "Week",
        value=clock.today(),
        max_value=clock.today() + timedelta(weeks=WEEKS_AHEAD),
        key="clinic_week_day",
        format=words.date_input_format(),
        help="Any day of the week to show; weeks run Monday to Sunday.",
    )
    therapist_id = None
    if actor.is_lead:
        with ui.cursor() as cur:
            names = users.therapist_names(cur)
        therapist_id = right.selectbox(
            "Therapist",
            list(names),
            None,
            format_func=names.get,
            key="clinic_week_therapist",
            placeholder="Everyone",
        )
    return day, therapist_id


def load(actor, day, therapist_id):
    """Return the ClinicWeek of the chosen week."""
    with ui.cursor() as cur:
        return cw.clinic_week(cur, actor, day, therapist_id=therapist_id)


def heading(week):
    """Show which week this is and the day its gaps are judged on."""
    sunday = week.week + timedelta(days=6)
    st.caption(
        f"Week of {words.date_text(week.week, weekday=True, long=True)} to "
        f"{words.date_text(sunday, weekday=True, year=False, long=True)}. Families are flagged when "
        f"nothing is booked or the gap to the next session is over {week.max_gap_days} days "
        f"(as it stood on {words.date_text(week.as_of, weekday=True, year=False, long=True)})."
    )


_COUNTS = {
    "booked": "Booked",
    "attended": "Attended",
    "cancelled": "Cancelled",
    "no_show": "No-show",
    "families": "Families",
    "long_gaps": "Long gap",
    "nothing_booked": "Nothing booked",
}


def counts(week):
    """Show the week's counts: one line of figures for one therapist, a table for several."""
    if len(week.therapists) == 1:
        row = week.therapists.iloc[0]
        for col, (key, label) in zip(st.columns(len(_COUNTS)), _COUNTS.items(), strict=True):
            col.metric(label, int(row[key]))
        return
    st.dataframe(
        week.therapists.drop(columns=["therapist_id"]),
        key="clinic_week_counts",
        hide_index=True,
        width="stretch",
        column_config={"therapist": st.column_config.TextColumn("Therapist", pinned=True)}
        | {k: st.column_config.NumberColumn(v, format="%d") for k, v in _COUNTS.items()},
    )


def _opens_family(table, key, columns, empty):
    """Show a table whose selected row opens that family's page."""
    if table.empty:
        st.info(empty)
        return
    picked = st.dataframe(
        table[list(columns)],
        key=key,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        width="stretch",
        column_config=columns,
    )
    if picked and picked.selection.rows:
        ui.open_family(table.iloc[picked.selection.rows[0]]["family_id"])


def sessions(week):
    """Show the week's sessions by therapist then time; a selected row opens the family."""
    table = week.sessions.assign(
        outcome=week.sessions["status"]
        .map(cw.STATUS_WORDS)
        .where(~week.sessions["unrecorded"], cw.UNRECORDED)
    )
    columns = {
        "therapist": st.column_config.TextColumn("Therapist"),
        "starts_at": st.column_config.DatetimeColumn(
            "When", format=words.table_date_format(weekday=True, year=False, time=True)
        ),
        "family": st.column_config.TextColumn("Family"),
        "discipline": "Discipline",
        "outcome": "Session",
    }
    if week.therapists["therapist_id"].nunique() <= 1:
        del columns["therapist"]
    _opens_family(table, "clinic_week_sessions", columns, "No sessions this week.")


def to_act(week):
    """Show the families with nothing booked or a long gap; a selected row opens the family."""
    table = week.families.assign(
        flag=week.families["nothing_booked"].map(
            {True: "Nothing booked", False: f"Gap over {week.max_gap_days} days"}
        )
    )
    columns = {
        "family": st.column_config.TextColumn("Family"),
        "therapist": st.column_config.TextColumn("Therapist"),
        "flag": "Flag",
        "last_session": st.column_config.DateColumn("Last session", format=words.table_date_format()),
        "next_session": st.column_config.DateColumn("Next session", format=words.table_date_format()),
        "why": st.column_config.TextColumn("Why", width="large"),
    }
    if week.therapists["therapist_id"].nunique() <= 1:
        del columns["therapist"]
    _opens_family(table, "clinic_week_families", columns, "Every family has its next session booked in time.")
