"""The ticks screen: the week grid (one click per task per day), a week chooser, tick details, skip days, charts."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from lib import db, families, ticks, ui, words
from lib.figures import adherence
from lib.text import label_text, md_escape
from lib.ui import form_versions, fresh
from lib.ui.family_charts import render_family_charts
from lib.words import date_input_format

CLOSED_WORDS = {
    "future": ":material/schedule: later",
    "not_started": "not started yet",
    "ended": "ended",
    "paused": ":material/pause_circle: paused",
}
SKIP_ICONS = {
    "illness": ":material/sick:",
    "holiday": ":material/beach_access:",
    "hospital": ":material/local_hospital:",
    "other": ":material/event_busy:",
}
FORM = "ticks"  # where the grid's and the skip days' messages are kept
DETAILS = "tick_details"


def show_message():
    """Show the last tick/skip outcome (set by a callback) once."""
    ui.feedback(FORM)


# --- week chooser -------------------------------------------------------------------------


def _shift_week(days, today):
    current = words.week_start(st.session_state.get("ticks_week") or today)
    st.session_state["ticks_week"] = min(current + timedelta(days=days), words.week_start(today))


def _this_week(today):
    st.session_state["ticks_week"] = words.week_start(today)


def week_chooser(today):
    """Show previous / this / next week buttons and a date picker; return the chosen week's Monday."""
    st.session_state.setdefault("ticks_week", words.week_start(today))
    cols = st.columns([1.2, 1, 1.2, 2.2], vertical_alignment="bottom")
    cols[0].button(
        "Previous week",
        key="ticks_prev",
        icon=":material/chevron_left:",
        on_click=_shift_week,
        args=(-7, today),
    )
    cols[1].button("This week", key="ticks_this", on_click=_this_week, args=(today,))
    monday = words.week_start(st.session_state["ticks_week"])
    cols[2].button(
        "Next week",
        key="ticks_next",
        icon=":material/chevron_right:",
        on_click=_shift_week,
        args=(7, today),
        disabled=monday >= words.week_start(today),
    )
    cols[3].date_input("Go to the week of", key="ticks_week", max_value=today, format=date_input_format())
    return words.week_start(st.session_state["ticks_week"])


# --- the grid -----------------------------------------------------------------------------


def cell_key(assignment_id, day):
    return f"tick_{assignment_id}_{day.isoformat()}"


def _toggle(actor, assignment_id, day, today):
    checked = st.session_state[cell_key(assignment_id, day)]
    evidence = st.session_state.get("tick_evidence") or "sheet"
    helper = st.session_state.get("tick_helper")
    form_versions.forget(DETAILS)  # the details form now shows this user's own tick as it is
    if checked:
        ui.run_write(
            FORM,
            lambda cur: ticks.record_tick(
                cur, actor, assignment_id, day, evidence=evidence, caregiver_id=helper, today=today
            ),
        )
    else:
        ui.run_write(FORM, lambda cur: ticks.remove_tick(cur, actor, assignment_id, day))


def entry_defaults(caregivers):
    """Show the evidence and helper given to every tick clicked now (a sheet, by default)."""
    cols = st.columns([2, 1.3])
    cols[0].segmented_control(
        "Ticks clicked now are backed by",
        options=list(ticks.EVIDENCE),
        format_func=ticks.EVIDENCE.get,
        default="sheet",
        key="tick_evidence",
    )
    names = {c.id: f"{c.name} ({c.relation})" for c in caregivers}
    cols[1].selectbox(
        "Practised with",
        options=list(names),
        index=None,
        format_func=names.get,
        placeholder="Not recorded",
        key="tick_helper",
    )


def _summary(weekly, assignment_id):
    row = weekly[weekly["assignment_id"] == assignment_id]
    if row.empty or not int(row["planned_days"].iloc[0]):
        return "nothing planned"
    return f"**{int(row['ticked_days'].iloc[0])} of {int(row['planned_days'].iloc[0])}** planned days"


GRID_ANCHOR = "tick-boxes"  # the element just before the first tick box: the skip link's target
# Seen only while it has the keyboard's focus (the usual skip link): a mouse user never meets it.
SKIP_CSS = """<style>
.st-key-skip_to_ticks:not(:focus-within) { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
</style>"""


def skip_link(slot):
    """In slot (near the top of the page): a link that takes the keyboard past the controls to the tick boxes.

    The chooser, the sheet reader, the week buttons and the evidence come first on the page; without
    it a keyboard user pressed Tab some 30 times before the first box."""
    with slot.container(key="skip_to_ticks"):
        st.html(SKIP_CSS)
        st.markdown(f"[Skip to the tick boxes](#{GRID_ANCHOR})")


def week_grid(actor, family_id, monday, today):
    """Show tasks down, Monday to Sunday across, a box per day; return the grid's rows (DataFrame)."""

    def read(cur):
        # the two reads need nothing from each other: the week totals on a second cursor at once
        totals = db.aside(cur, adherence.weekly_completion, actor, [family_id], monday, monday, as_of=today)
        return ticks.week_grid(cur, actor, family_id, monday, today=today), totals.result()

    with ui.cursor() as cur:  # kept until a write about this family: a tick reads it again
        grid, weekly = fresh.per_family(actor, family_id, "week_grid", lambda: read(cur), monday, today)
    if grid.empty:
        st.info("No tasks were running this week. Tasks set on the family's page appear here.")
        return grid
    widths = [2.6] + [1] * 7 + [1.4]
    st.html(f'<span id="{GRID_ANCHOR}"></span>')  # constant: the skip link lands here
    head = st.columns(widths)
    head[0].markdown("**Task**")
    for i in range(7):
        day = monday + timedelta(days=i)
        # the week is named above the grid: a column needs only the day
        label = f"**{words.DAY_SHORT[day.weekday()]} {day.day}**" + (
            " :blue-badge[today]" if day == today else ""
        )
        head[i + 1].markdown(label)
    head[8].markdown("**Week total**")
    for assignment_id, rows in grid.groupby("assignment_id", sort=False):
        first = rows.iloc[0]
        cols = st.columns(widths, vertical_alignment="center")
        weekdays = list(first["weekdays"]) if hasattr(first["weekdays"], "__len__") else None
        plan = words.schedule_words(int(first["days_per_week"]), weekdays)
        discipline = words.discipline_word(first["discipline"])
        cols[0].markdown(f"{md_escape(first['title'])}  \n:gray[{md_escape(discipline)}, {plan}]")
        for i, cell in enumerate(rows.itertuples(index=False)):
            with cols[i + 1]:
                _cell(actor, cell, today)
        cols[8].markdown(_summary(weekly, assignment_id))
    return grid


@st.fragment
def week_part(family_id, monday, today, caregivers):
    """The week's grid and its tick details, as one part of the page: a tick (or details saved) reruns
    this part only, not the page's chooser, sheet reader and skip days. Return the grid's rows.

    The sign-in is checked here, as each part run is a run of its own (the page's check does not rerun)."""
    actor = ui.require_actor()
    show_message()
    grid = week_grid(actor, family_id, monday, today)
    if not grid.empty:
        details_form(actor, grid, caregivers)
    return grid


def _cell(actor, cell, today):
    with st.container(key=f"cell_{cell.assignment_id}_{cell.day.isoformat()}", gap="small"):
        if cell.state not in ticks.TICKABLE:
            st.caption(CLOSED_WORDS[cell.state])
            return
        key = cell_key(cell.assignment_id, cell.day)
        st.session_state[key] = bool(cell.ticked)  # the database is the truth, every run
        # the label is the box's accessible name, read aloud as written: label_text, not md_escape
        st.checkbox(
            label_text(f"{cell.title}, {words.date_text(cell.day, weekday=True, year=False, long=True)}"),
            key=key,
            on_change=_toggle,
            args=(actor, cell.assignment_id, cell.day, today),
            label_visibility="collapsed",
        )
        if cell.state == "skipped":
            reason = cell.skip_reason if isinstance(cell.skip_reason, str) else "other"
            st.caption(f"{SKIP_ICONS[reason]} {ticks.SKIP_REASONS[reason].lower()}")
        elif cell.state == "unscheduled":
            st.caption("day off")


# --- tick details -------------------------------------------------------------------------


def _save_details(actor, options):
    s = st.session_state
    assignment_id, day = options[s["td_cell"]]
    details = {
        "minutes": s.get("td_minutes"),
        "caregiver_id": s.get("td_helper"),
        "how_it_went": s.get("td_how"),
        "distress": bool(s.get("td_distress")),
        "evidence": s.get("td_evidence") or "sheet",
    }

    form_versions.save(
        DETAILS,
        lambda cur, shown: ticks.save_tick_details(
            cur, actor, assignment_id, day, shown.get((assignment_id, day)), **details
        ),
        f"Saved the details for {words.date_text(day, weekday=True, year=False)}.",
    )


DETAILS_OPEN = "td_open"  # the details expander's key: True while it is open
SKIPS_OPEN = "skips_open"  # the skip days expander's key


def details_form(actor, grid, caregivers):
    """A form for a tick's minutes, who helped, how it went, distress and evidence."""
    open_cells = grid[grid["state"].isin(ticks.TICKABLE)]
    options = {
        f"{title} - {words.date_text(day, weekday=True, year=False)}" + (" (ticked)" if ticked else ""): (
            int(a),
            day,
        )
        for a, title, day, ticked in open_cells[["assignment_id", "title", "day", "ticked"]].itertuples(
            index=False
        )
    }
    if not options:
        return
    # built when opened: a tick's rerun does not lay out a form nobody has asked for
    box = st.expander(
        "Add details to a tick: minutes, who helped, how it went", key=DETAILS_OPEN, on_change="rerun"
    )
    if box.open is not False:
        _details_fields(box, actor, options, caregivers)
    ui.feedback(DETAILS)


def _details_fields(box, actor, options, caregivers):
    form_versions.shown(DETAILS, "ticks", *options.values())  # ticked or not, as this form showed them
    names = {c.id: f"{c.name} ({c.relation})" for c in caregivers}
    with box, st.form("tick_details"):
        st.selectbox("Task and day", options=list(options), key="td_cell")
        cols = st.columns(3)
        cols[0].number_input("Minutes", min_value=1, max_value=240, value=None, step=1, key="td_minutes")
        cols[1].selectbox(
            "Practised with",
            list(names),
            index=None,
            format_func=names.get,
            placeholder="Not recorded",
            key="td_helper",
        )
        cols[2].selectbox("Evidence", list(ticks.EVIDENCE), format_func=ticks.EVIDENCE.get, key="td_evidence")
        cols = st.columns([2, 1])
        cols[0].segmented_control(
            "How it went", list(ticks.HOW_IT_WENT), format_func=ticks.HOW_IT_WENT.get, key="td_how"
        )
        cols[1].checkbox("The child was upset", key="td_distress")
        st.form_submit_button("Save details", on_click=_save_details, args=(actor, options), key="td_submit")


# --- skip days ----------------------------------------------------------------------------


def _add_skips(actor, family_id):
    s = st.session_state
    first, last, reason = s.get("skip_first"), s.get("skip_last"), s.get("skip_reason")
    scope = s.get("skip_task")
    words = ticks.SKIP_REASONS.get(reason, "skipped").lower()

    def action(cur):
        return ticks.add_skip_days(cur, actor, family_id, first, last or first, reason, scope)

    ui.run_write(
        FORM,
        action,
        lambda added: (
            f"Marked {added} day{'s' if added != 1 else ''} as {words}."
            if added
            else "Those days were already marked."
        ),
    )


def _remove_skip(actor, family_id, choices):
    picked = st.session_state.get("skip_remove")
    if picked is None:
        return
    day, assignment_id = choices[picked]
    ui.run_write(
        FORM,
        lambda cur: ticks.remove_skip_day(cur, actor, family_id, day, assignment_id),
        f"Removed the skip day {words.date_text(day, weekday=True, year=False)}.",
    )


def skip_days_panel(actor, family_id, monday, today, tasks):
    """A form to mark days as skipped (illness, holiday, hospital) and a list to take them back."""
    titles = {int(a): t for a, t in tasks}
    st.markdown("Skip days count neither for nor against: use them for illness, holidays or hospital stays.")
    with st.form("skip_days"):
        cols = st.columns(4)
        cols[0].date_input(
            "First day",
            value=min(today, monday + timedelta(days=6)),
            key="skip_first",
            format=date_input_format(),
        )
        cols[1].date_input(
            "Last day",
            value=None,
            key="skip_last",
            format=date_input_format(),
            help="Leave empty for one day.",
        )
        cols[2].selectbox(
            "Reason", list(ticks.SKIP_REASONS), format_func=ticks.SKIP_REASONS.get, key="skip_reason"
        )
        cols[3].selectbox(
            "For",
            list(titles),
            index=None,
            format_func=titles.get,
            placeholder="The whole family",
            key="skip_task",
        )
        st.form_submit_button("Mark as skip days", on_click=_add_skips, args=(actor, family_id))
    with ui.cursor() as cur:
        listed = ticks.list_skip_days(
            cur, actor, family_id, monday - timedelta(days=56), monday + timedelta(days=62)
        )
    if listed.empty:
        st.caption("No skip days around this week.")
        return
    choices = {
        f"{words.date_text(day, weekday=True, year=False)} - {ticks.SKIP_REASONS.get(reason, reason)}"
        + (f" ({title})" if isinstance(title, str) else " (whole family)"): (
            day,
            None if pd.isna(a) else int(a),
        )
        for day, a, title, reason in listed[["day", "assignment_id", "title", "reason"]].itertuples(
            index=False
        )
    }
    cols = st.columns([3, 1], vertical_alignment="bottom")
    cols[0].selectbox(
        "Skip days near this week",
        list(choices),
        index=None,
        placeholder="Choose one to remove",
        key="skip_remove",
    )
    cols[1].button(
        "Remove skip day", key="skip_remove_go", on_click=_remove_skip, args=(actor, family_id, choices)
    )


def charts(actor, family_id, today):
    """Show the family's practice charts (lib.ui.family_charts) on a cursor of their own; errors calmly."""
    with ui.domain_errors(), ui.cursor() as cur:
        render_family_charts(cur, actor, family_id, today)


def caregivers_of(actor, family_id):
    """Return the family's caregivers (families.Caregiver)."""
    with ui.cursor() as cur:
        return families.list_caregivers(cur, actor, family_id)
