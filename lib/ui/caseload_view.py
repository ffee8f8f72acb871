"""Widgets of the weekly caseload page: summary, filters and the table."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from lib import access, clock, db, ui, words
from lib.accounts import users
from lib.exchange import csv_safe
from lib.figures import caseload, clinic_charts, week_figures
from lib.figures.stage_rules import stage_label
from lib.figures.stages import judged_day
from lib.goals import outcomes
from lib.ui import fresh

F = week_figures.FIGURES
NO_WEEK = "\u2013"  # the CSV's 8 weeks: a week with nothing planned


def table_columns():
    """Return the caseload table's columns: stage, flags and why first, the family pinned.

    Built per run: the date columns follow the clinic's date format setting."""
    return {
        "family": st.column_config.TextColumn("Family", pinned=True),
        "completion": st.column_config.ProgressColumn(
            F["completion"][0], format="%.0f%%", min_value=0, max_value=100, help=F["completion"][1]
        ),
        "stage_label": st.column_config.TextColumn(F["stage"][0], width="medium"),
        "flags_label": st.column_config.TextColumn("Flags", width="medium"),
        "why": st.column_config.TextColumn("Why", width="large"),
        "therapists": "Therapists",
        "active_tasks": st.column_config.NumberColumn(F["active_tasks"][0], help=F["active_tasks"][1]),
        "last_8_weeks": st.column_config.BarChartColumn(
            "Last 8 weeks",
            y_min=0,
            y_max=100,
            help="Weekly completion (%), oldest first: a thin stub is a week with no practice, "
            "a gap a week with nothing planned",
        ),
        "trend": "Trend",
        "goal_progress": st.column_config.TextColumn(
            "Goal progress",
            help="Each running goal's level at its start → now (-2 where we started, 0 the goal by the review date).",
        ),
        "habit_strength": st.column_config.ProgressColumn(
            F["habit_strength"][0], format="%.0f%%", min_value=0, max_value=100, help=F["habit_strength"][1]
        ),
        "days_since_tick": st.column_config.NumberColumn(F["days_since_tick"][0], format="%d"),
        "last_session": st.column_config.DateColumn(
            F["last_session"][0], format=words.table_date_format(year=False)
        ),
        "next_session": st.column_config.DateColumn(
            F["next_session"][0], format=words.table_date_format(year=False)
        ),
        "flag_why": "Flag details",
    }


@st.cache_resource(max_entries=fresh.VIEWS_KEPT, show_spinner="Working out the week's figures...")
def _overview(_cur, _last, path, week, today, version):
    """Return (the whole clinic's Overview as of tracker version `version`, the version of the one it was
    brought up from).

    _last holds the newest Overview worked out for the same key but the version: a write since
    it about some families works out their rows again, one only about later days nothing."""
    before, view = _last.get("shown", (None, None))
    changed = None if view is None else fresh.tracker().changed_since(before, judged_day(week, today))
    if changed is None:
        view = caseload.clinic_overview(_cur, week, today=today)
    elif changed:
        view = with_rows(view, caseload.clinic_overview(_cur, week, today=today, family_ids=changed), changed)
    if before is None or version > before:  # a slower run for an older version keeps the newer one
        _last["shown"] = (version, view)
    return view, before


@st.cache_resource(max_entries=fresh.VIEWS_KEPT, show_spinner=False)
def _newest(path, week, today):
    return {}  # "shown": (tracker version, Overview), the newest worked out for this key


def _clinic_view(cur, week, only_kept=False):
    """Return the whole clinic's Overview of the week, brought up to date with the writes since it was
    last shown; with only_kept, None when this server has not worked that week out yet."""
    key = (str(db.db_path()), words.week_start(week), clock.today())
    newest = fresh.sync()
    last = _newest(*key)
    if only_kept and "shown" not in last:
        return None
    view, before = _overview(cur, last, *key, newest)
    if before is not None and before != newest:
        _overview.clear(None, None, *key, before)  # superseded: only the newest is asked for
    return view


def load_overview(actor, week, mine):
    """Return the caseload Overview actor sees, brought up to date with the writes since it was last shown.

    The whole clinic's Overview is kept once per week and day for everyone, under the version of
    the clinic's records (lib.ui.fresh): a tick works out that family's row again, a setting or a
    user's change every row, a sign-in nothing (lib.changes). Two runs asking at once: the second
    waits for the first. Each user's caseload is cut from it (lib.figures.caseload.seen_by), kept
    until the families or their links change (roster_version).
    """
    with ui.cursor() as cur:
        view = _clinic_view(cur, week)
        return fresh.per_view(
            view,
            ("seen_by", access.seen_as(actor), actor.id if mine else None, fresh.tracker().roster_version()),
            lambda: caseload.seen_by(cur, actor, view, mine),
        )


def kept_week_figures(actor, family_id, week):
    """Return the family's WeekFigures from the whole clinic's Overview of that week when this server
    keeps it (brought up to date first: only the families changed since), else None: a screen about
    one family then works them out alone (week_figures.family_week), never the whole clinic."""
    with ui.cursor() as cur:
        view = _clinic_view(cur, week, only_kept=True)
        row = None if view is None else caseload.family_row(cur, actor, view, family_id)
    return None if row is None else week_figures.from_caseload_row(row, clock.today())


# Streamlit's date box takes a typed date when it loses focus (or on Escape), not on Enter: this
# makes Enter in any date box on the page do the same. Constant text, no user input in it.
ENTER_APPLIES_DATE = """<script>
if (!window.hpEnterAppliesDate) {
  window.hpEnterAppliesDate = true;
  document.addEventListener("keydown", (event) => {
    const box = event.target.closest && event.target.closest('[data-testid="stDateInputField"]');
    if (event.key !== "Enter" || !box) return;
    event.preventDefault();
    event.target.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    event.target.blur();
  }, true);
}
</script>"""


def enter_applies_dates():
    """Let Enter in a date box apply the typed date, as leaving the box does."""
    st.html(ENTER_APPLIES_DATE, unsafe_allow_javascript=True)


def opening_week(actor):
    """Return the week the caseload opens on (lib.figures.caseload.opening_week)."""
    with ui.cursor() as cur:
        return caseload.opening_week(cur, actor)


def load(actor, week, mine):
    """Return (the caseload Overview of load_overview, {therapist id: name} for the filter)."""
    view = load_overview(actor, week, mine)
    with ui.cursor() as cur:
        return view, users.therapist_names(cur)


def with_rows(view, rows, changed):
    """Return view with the rows of the families `changed` replaced by those of `rows` (an Overview of them)."""

    def spliced(old, new):
        kept = old[~old["family_id"].isin(changed)] if "family_id" in old else old
        parts = [part for part in (kept, new) if len(part)]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else (parts[0] if parts else kept)

    table = spliced(view.table, rows.table)
    table = caseload.riskiest_first(table) if len(table) else table
    return caseload.Overview(view.week, table, spliced(view.weekly, rows.weekly))


WARM_WEEKS = 8  # the last full week and the 7 before it: what a weekly review compares


def warm_up(lead):
    """Work out the whole clinic's caseload for this week's review, then this week so far (the family
    page and the session open on it), then the weeks before the review's that it compares, before
    anyone asks (server start): each once for every user."""
    last = caseload.last_complete_week()
    for week in [last, last + timedelta(weeks=1)] + [last - timedelta(weeks=b) for b in range(1, WARM_WEEKS)]:
        load_overview(lead, week, False)


CHARTS_OPEN = "caseload_charts_open"  # the clinic charts' expander: built when opened
GOALS_OPEN = "caseload_goals_open"  # the lead's goals across the clinic: built when opened


def summary(view, settings):
    """Show the clinic summary: counts and median completion, then two charts when asked for.

    The charts are built (once per Overview) and drawn only while their expander is open: the
    table below is what the weekly review starts from, and it shows without waiting for them."""
    facts = fresh.per_view(view, "caseload_facts", lambda: caseload.summary(view, settings))
    cols = st.columns(6)
    cols[0].metric("Families", facts["families"], help=f"{facts['active']} active, the rest paused")
    median = facts["median_completion"]
    cols[1].metric("Median completion", "-" if median is None else f"{median:.0f}%")
    cols[2].metric("On track", facts["status"].get("on track", 0))
    cols[3].metric("Initial stage", facts["stage"].get("initial", 0))
    cols[4].metric("Chronic stage", facts["stage"].get("chronic", 0))
    cols[5].metric("Stalled or dropped", sum(facts["signal"].values()))
    charts = st.expander(
        "Charts: completion this week and over 12 weeks",
        key=CHARTS_OPEN,
        on_change="rerun",
        icon=":material/bar_chart:",
    )
    if charts.open is not False:
        threshold = settings["adherence_threshold"]
        distribution, trend = fresh.per_view(
            view,
            ("caseload_charts", threshold),
            lambda: (
                clinic_charts.completion_distribution(facts["status"]),
                clinic_charts.completion_trend(caseload.weekly_trend(view, settings), threshold),
            ),
        )
        left, right = charts.columns(2)
        left.plotly_chart(distribution, key="distribution")
        right.plotly_chart(trend, key="trend_chart")


def _choices(table):
    return (
        sorted({d for ds in table["disciplines"].tolist() for d in ds}),
        sorted({f for fs in table["flags"].tolist() for f in fs}),
    )


def filters(view, therapists):
    """Show the filter widgets; return the rows of view.table they keep."""
    table = view.table
    disciplines, flags = fresh.per_view(view, "caseload_choices", lambda: _choices(table))
    cols = st.columns(5)
    chosen_therapists = cols[0].multiselect(
        "Therapist", list(therapists), format_func=therapists.get, key="filter_therapist"
    )
    chosen_disciplines = cols[1].multiselect("Discipline", disciplines, key="filter_discipline")
    chosen_status = cols[2].multiselect(
        "Completion", ["on track", "partial", "low", "no data"], key="filter_status"
    )
    chosen_stage = cols[3].multiselect(
        "Stage", [*words.STAGES[1:], "none"], format_func=words.STAGE_LABELS.get, key="filter_stage"
    )
    chosen_flags = cols[4].multiselect("Flag", flags, key="filter_flag")
    return caseload.filter_table(
        table, chosen_therapists, chosen_disciplines, chosen_status, chosen_stage, chosen_flags
    )


def table_view(table):
    """Return the table as shown: readable stage and flag columns, in display order."""
    shown = table.copy()
    shown["stage_label"] = [
        stage_label(s, w) if not g else (f"{stage_label(s, w)} · {g}" if s != "none" else g)
        # plain lists: stepping through Arrow-backed columns one cell at a time is slow
        for s, g, w in zip(
            shown["stage"].tolist(), shown["signal"].tolist(), shown["why"].tolist(), strict=True
        )
    ]
    shown["flags_label"] = shown["flags"].map(", ".join)
    # a bar chart cell shows nothing at all when a value is missing: every week keeps its place
    shown["last_8_weeks"] = shown["last_8_weeks"].map(week_figures.week_bars)
    return shown[["family_id", *table_columns()]]


def shown_rows(view, shown):
    """Return table_view of the rows `shown` (a filter of view.table), the whole view worked out once."""
    return fresh.per_view(view, "caseload_table", lambda: table_view(view.table)).loc[shown.index]


def csv_bytes(table):
    """Return the table as CSV for the clinic's own records."""
    out = table_view(table).drop(columns=["family_id"]).copy()
    for column in ("stage_label", "why"):  # an export may reach families: the gentler word
        if column in out:
            out[column] = out[column].map(words.printed_stage)
    # a week with nothing planned is an en dash: a cell starting with "-" would read as a formula
    # and carry csv_safe's leading apostrophe
    out["last_8_weeks"] = (
        table["last_8_weeks"]
        .map(lambda v: " ".join(NO_WEEK if pd.isna(x) else f"{x:.0f}" for x in v))
        .to_numpy()
    )
    return csv_safe.to_csv_bytes(out)


def goal_outcomes(actor):
    """Show the lead the share of goals that reached 0, by weeks of steady practice and by discipline."""
    with ui.cursor() as cur:
        found = outcomes.goal_outcomes(cur, actor)
    st.caption(outcomes.EXPLAIN)
    st.info(outcomes.CAVEAT, icon=":material/info:")
    share = st.column_config.ProgressColumn("Share reached", format="percent", min_value=0, max_value=1)
    left, right = st.columns(2)
    for column, grouping, label in (
        (left, "practice", f"{outcomes.STEADY_DAYS}+ day weeks"),
        (right, "discipline", "Discipline"),
    ):
        table = found[found["grouping"] == grouping].drop(columns=["grouping"])
        column.dataframe(
            table,
            hide_index=True,
            key=f"goal_outcomes_{grouping}",
            width="stretch",
            column_config={
                "group": st.column_config.TextColumn(label, width="small"),
                "goals": "Goals",
                "reached": "Reached 0",
                "share": share,
            },
        )
    if not int(found["goals"].sum()):
        st.write("No goal has been rated twice yet.")
