"""The family's sessions: last/next and the gap flag, the lists, booking and recording outcomes."""

from datetime import datetime, time, timedelta

import streamlit as st

from lib import clock, sessions, ui
from lib.ui import form_versions
from lib.words import date_input_format, date_text, datetime_text, table_date_format

REPEATS = {0: "Just once", 7: "Weekly", 14: "Fortnightly", 28: "Every 4 weeks"}
STATUS_LABELS = {"booked": "Booked", "attended": "Attended", "cancelled": "Cancelled", "no_show": "No-show"}


def _day(value):
    return date_text(value, weekday=True, year=False) if value else "none booked"


def gap_summary(gap):
    """Show the last and next session, the gap in days and, when flagged, why."""
    cols = st.columns(3)
    cols[0].metric("Last session", _day(gap["last_session"]) if gap["last_session"] else "none yet")
    cols[1].metric("Next session", _day(gap["next_session"]))
    cols[2].metric("Gap", "-" if gap["gap_days"] is None else f"{gap['gap_days']} days")
    if gap["gap_flag"]:
        st.warning(gap["why"], icon=":material/event_busy:")
    else:
        st.caption(gap["why"])


def session_lists(table, today=None):
    """Show upcoming booked sessions and past sessions as two tables."""
    today = today or clock.today()
    table = table.assign(status=table["status"].map(STATUS_LABELS))
    upcoming = table["starts_at"].dt.date >= today
    upcoming &= table["status"] == "Booked"
    config = {
        "starts_at": st.column_config.DatetimeColumn(
            "When", format=table_date_format(weekday=True, time=True)
        ),
        "duration_min": st.column_config.NumberColumn("Minutes"),
        "therapist": "Therapist",
        "discipline": "Discipline",
        "status": "Status",
        "note": "Note",
        "needs_practice_confirmed": st.column_config.CheckboxColumn(
            "Practice confirmed first", help="The family confirms practice was done before this session."
        ),
    }
    columns = list(config)
    st.markdown("**Upcoming**")
    if upcoming.any():
        st.dataframe(
            table[upcoming].sort_values("starts_at")[columns],
            hide_index=True,
            column_config=config,
            key="sessions_upcoming",
        )
    else:
        st.text("No sessions booked.")
    st.markdown("**Past**")
    if (~upcoming).any():
        st.dataframe(table[~upcoming][columns], hide_index=True, column_config=config, key="sessions_past")
    else:
        st.text("No sessions yet.")


def booking_form(actor, family_id, links, suggested):
    """Book one session or a recurring schedule (weekly/fortnightly, in blocks with breaks)."""
    s = st.session_state
    if not links:
        st.info("Link an active therapist to this family before booking sessions.")
        return

    def book():
        therapist_id, discipline = links[s["bk_link"]][:2]
        start = datetime.combine(s["bk_date"], s["bk_time"])
        every = s["bk_repeat"]
        if every == 0:
            action = lambda cur: [  # noqa: E731
                sessions.book_session(cur, actor, family_id, therapist_id, discipline, start, s["bk_minutes"])
            ]
        else:
            action = lambda cur: sessions.book_sessions(  # noqa: E731
                cur,
                actor,
                family_id,
                therapist_id,
                discipline,
                start,
                every,
                s["bk_count"],
                blocks=s["bk_blocks"],
                break_days=7 * s["bk_break_weeks"],
                duration_min=s["bk_minutes"],
            )
        ui.run_write("book", action, lambda ids: f"Booked {len(ids)} session(s).")

    chosen = (suggested.therapist_id, suggested.discipline) if suggested else None
    default = next((i for i, link in enumerate(links) if tuple(link[:2]) == chosen), 0)
    with st.form("book"):
        left, mid, right = st.columns(3)
        left.selectbox(
            "With", range(len(links)), index=default, format_func=lambda i: links[i][2], key="bk_link"
        )
        mid.date_input(
            "First session",
            value=clock.today() + timedelta(days=7),
            key="bk_date",
            format=date_input_format(),
        )
        right.time_input("Time", value=time(9, 0), key="bk_time", step=timedelta(minutes=15))
        ui.field_error("book", "starts_at", "therapist", "discipline", "status")
        cols = st.columns(5)
        cols[0].selectbox("Repeat", list(REPEATS), format_func=REPEATS.get, key="bk_repeat")
        cols[1].number_input("Sessions per block", 1, 60, 6, key="bk_count")
        cols[2].number_input(
            "Blocks", 1, 12, 1, key="bk_blocks", help="Blocks of sessions with a break between."
        )
        cols[3].number_input(
            "Break (weeks)",
            0,
            52,
            0,
            key="bk_break_weeks",
            help="Weeks without sessions between blocks: after a weekly block, a 4-week break "
            "means the next block starts 5 weeks after its last session.",
        )
        cols[4].number_input("Minutes", 10, 240, 45, step=5, key="bk_minutes")
        ui.field_error("book", "every_days", "count", "break_days", "duration_min")
        st.form_submit_button("Book", type="primary", on_click=book, key="bk_submit", icon=":material/event:")


def outcome_form(actor, table, today=None):
    """Record whether a session was attended, cancelled or a no-show, with a short note."""
    today = today or clock.today()
    recent = table[table["starts_at"] >= datetime.combine(today - timedelta(days=90), time())]
    if recent.empty:
        return
    recent = recent.sort_values("starts_at")
    labels = {
        row.id: f"{datetime_text(row.starts_at, weekday=True)} · {row.discipline} · {STATUS_LABELS[row.status]}"
        for row in recent.itertuples()
    }
    open_past = recent[(recent["status"] == "booked") & (recent["starts_at"].dt.date <= today)]
    ids = list(labels)
    default = ids.index(open_past["id"].iloc[-1]) if not open_past.empty else 0
    s = st.session_state

    def save():
        form_versions.save(
            "outcome",
            lambda cur, shown: sessions.record_session_outcome(
                cur,
                actor,
                s["so_session"],
                s["so_status"],
                s["so_note"],
                expected_version=shown.get(s["so_session"]),
            ),
            "Session updated.",
        )

    form_versions.shown("outcome", "sessions", *ids)  # each session as its label showed it

    with st.form("outcome"):
        st.markdown("**Record what happened**")
        st.selectbox("Session", ids, index=default, format_func=labels.get, key="so_session")
        st.radio(
            "Outcome",
            ["attended", "cancelled", "no_show", "booked"],
            format_func=lambda v: STATUS_LABELS[v] if v != "booked" else "Still booked",
            horizontal=True,
            key="so_status",
        )
        ui.field_error("outcome", "status")
        st.text_input("Short note (optional)", key="so_note", max_chars=sessions.MAX_NOTE)
        ui.field_error("outcome", "note")
        st.form_submit_button("Save outcome", on_click=save, key="so_submit")


def sessions_tab(actor, family, links):
    """Everything about sessions for one family: lists, booking and outcomes."""
    with ui.cursor() as cur:
        table = sessions.list_sessions(cur, actor, family.id)
        suggested = sessions.default_booking(cur, actor, family.id)
    if family.status != "discharged":
        with st.expander("Book sessions", icon=":material/event:", expanded=table.empty):
            booking_form(actor, family.id, links, suggested)
    ui.feedback("book")  # outside the expander, which may fold once sessions exist
    if not table.empty:
        with st.expander("Record what happened", icon=":material/edit_calendar:"):
            outcome_form(actor, table)
    ui.feedback("outcome")
    session_lists(table)
