"""The figures of one week for a family: the caseload row, the family page and the session recap.

Every figure is judged as of the end of the chosen week (its Sunday), or today while the week
is still running: what was true then, whatever happened since. `week_figures` computes them for
many families at once in a few queries (the caseload); `family_week` computes one family's from
that family's own data, the way its charts and session list show it (the family page and the
session recap). Tests check both agree on every demo family.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib import clock, db, sessions
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.figures import adherence, scores, stages
from lib.settings import get_settings
from lib.words import date_text

TREND_WEEKS = stages.TREND_WEEKS

# column -> (label on every screen, how it is computed); {names} are clinic settings
FIGURES = {
    "completion": (
        "Completion",
        "Days practised ÷ days planned in the week (up to today for this week so far); skip days "
        "and days the task was not asked for don't count. A tick on an unplanned day of the same "
        "week (say a Saturday for a Mon/Wed/Fri task) makes up for a missed planned day, never "
        "more than the days planned; a tick on a skip day counts for nothing.",
    ),
    "last_8_weeks": ("Last 8 weeks", "Weekly completion (%) of the 8 weeks up to this one, oldest first."),
    "trend": ("Trend", "Up or down when the last 2 weeks differ from the 2 before by 10 points or more."),
    "habit_strength": (
        "Habit strength",
        "Mean over the tasks running in the week of each task's slow-forgetting score at the week's "
        "end. 100% means every planned day practised for months: a perfect month gives about 80% "
        "for a daily task and about half for a 3-days-a-week task, which climbs more slowly.",
    ),
    "days_since_tick": (
        "Days since tick",
        "Days from the last tick (or the first running task's start) to the week's end or today.",
    ),
    "last_session": ("Last session", "The latest session attended (or booked and not yet recorded) by then."),
    "next_session": (
        "Next session",
        "The earliest session after then that was booked and not cancelled (attended later included).",
    ),
    "gap_days": (
        "Session gap",
        "Days from the last session to the next; flagged above {max_session_gap_days} days or with none booked.",
    ),
    "active_tasks": (
        "Tasks",
        "Tasks running in the week: started by then and not ended, retired or re-issued before its Monday.",
    ),
    "stage": (
        "Stage",
        "Initial: completion below {adherence_threshold}% in the week (or a task's review in the 2 weeks "
        "before its end said not or partly done). A review marked done lifts it only when every task below "
        "{adherence_threshold}% was reviewed done and ticked at least {partial_threshold}% in those 2 weeks; "
        "done with fewer ticks is shown as 'said done, ticks low'. Chronic: under {partial_threshold}% for {chronic_weeks}+ weeks in a "
        "row since a first-line action changed the plan in this episode (the low run since the family was last "
        "on track), once the explainer was given, the checklist completed and the tasks kept within the "
        "agreed minutes; talk-only actions don't count. "
        "Stalled: no tick for {stalled_days}+ days; dropped: {dropped_days}+ days.",
    ),
}


# The caseload's "Last 8 weeks" cell: a bar of 0 is not drawn, so a week planned and not
# practised gets a stub this high (%), and a week with nothing planned gets 0 (no bar) in its
# place; the cell's help says so. A real 1-5% week is rare (1 day of a 4-week stretch at most).
ZERO_WEEK_BAR = 6


def week_bars(completions):
    """Return weekly completions (%) for a bar cell: every week in place, a stub for a zero week."""
    # `c != c` is NaN: a plain comparison, as the caseload asks this for every family's 8 weeks
    return [0.0 if c is None or c != c else (ZERO_WEEK_BAR if c == 0 else c) for c in completions]


def explain(settings):
    """Return {label: how computed} with the clinic's thresholds filled in."""
    return {label: how.format(**settings) for label, how in FIGURES.values()}


def _running(cur, actor, family_ids, week, as_of):
    return cur.execute(
        "SELECT * FROM ("
        + stages.RUNNING_TASKS_SQL
        + ") r WHERE r.family_id IN ("
        + VISIBLE_FAMILIES_SQL
        + ")",
        {**scope(actor, family_ids), "week_start": week, "as_of": as_of},
    ).df()


def _trend(grid):
    recent, before = grid.iloc[:, -2:].mean(axis=1), grid.iloc[:, -4:-2].mean(axis=1)
    change = (recent - before).to_numpy()
    return np.select([change >= 10, change <= -10, ~np.isnan(change)], ["up", "down", "flat"], "")


def _habit_and_gaps(cur, actor, family_ids, week, as_of, today):
    """Return (mean habit strength per family, the session gaps): read while the weeks are."""
    running = _running(cur, actor, family_ids, week, as_of)
    # only the running tasks are scored: most of a big clinic's tasks ended long ago
    strength = scores.habit_strengths(cur, actor, family_ids, as_of, running["assignment_id"].tolist())
    gaps = sessions.session_gaps(cur, actor, family_ids, today=today, as_of=as_of)
    return strength.groupby("family_id")["habit_strength"].mean() * 100, gaps


def week_figures(
    cur,
    actor,
    family_ids,
    week,
    settings=None,
    weeks_back=TREND_WEEKS,
    today=None,
    records=None,
    paused=None,
    weeks=None,
):
    """Return (figures, weekly) for many families in one week (its Monday).

    figures: one row per visible family with completion, planned_days, ticked_days,
    last_8_weeks, trend, habit_strength, active_tasks, days_since_tick, last_session,
    next_session, gap_days, gap_flag, gap_why, stage, signal, why, weeks_below.
    weekly: the families' completion for `weeks_back` weeks up to this one.
    records, paused: what the caseload read already (lib.figures.stages.stages); weeks: its
    adherence.TaskWeeks, the per task weeks read once for every figure summed from them.
    """
    settings = settings or get_settings(cur)
    week = adherence.week_start(week)
    today = today or clock.today()
    as_of = stages.judged_day(week, today)
    lookback = max(weeks_back, TREND_WEEKS, settings["chronic_weeks"] + 1)
    aside = db.aside(cur, _habit_and_gaps, actor, family_ids, week, as_of, today)
    weekly = adherence.family_weekly(
        cur, actor, family_ids, week - timedelta(weeks=lookback - 1), week, as_of, weeks
    )
    table = stages.stages(cur, actor, family_ids, week, settings, weekly, today, records, paused, weeks)
    ids = table["family_id"].tolist()

    weeks = pd.date_range(
        pd.Timestamp(week) - pd.Timedelta(weeks=TREND_WEEKS - 1), periods=TREND_WEEKS, freq="7D"
    )
    grid = weekly.pivot_table(index="family_id", columns="week_start", values="completion")
    grid = grid.reindex(index=ids, columns=weeks) * 100
    table["completion"] = grid.iloc[:, -1].to_numpy()
    table["last_8_weeks"] = grid.round(0).to_numpy().tolist()
    table["trend"] = _trend(grid)
    this_week = weekly[weekly["week_start"].dt.date == week].set_index("family_id")
    table["planned_days"] = table["family_id"].map(this_week["planned_days"]).fillna(0).astype(int)
    table["ticked_days"] = table["family_id"].map(this_week["ticked_days"]).fillna(0).astype(int)

    strength, gaps = aside.result()
    table["habit_strength"] = table["family_id"].map(strength)
    gaps = gaps.set_index("family_id")
    for column, source in (
        ("last_session", "last_session"),
        ("next_session", "next_session"),
        ("gap_days", "gap_days"),
        ("gap_flag", "gap_flag"),
        ("gap_why", "why"),
    ):
        table[column] = table["family_id"].map(gaps[source])
    return table, weekly


@dataclass(frozen=True)
class WeekFigures:
    """One family's figures for one week, as the family page and the session recap show them."""

    week: date
    as_of: date
    completion: float | None  # 0-100, None when nothing was planned
    planned_days: int
    ticked_days: int
    last_8_weeks: list
    trend: str
    habit_strength: float | None  # 0-100, None without a running task
    active_tasks: int
    days_since_tick: int | None
    last_session: date | None
    next_session: date | None
    gap_days: int | None
    gap_flag: bool
    stage: str
    signal: str
    why: str
    gate: str = ""  # what chronic needs, as a short checklist from the records


def _sessions_then(listed, as_of, today):
    """Return (last, next) session dates as of a day from the family's list of sessions."""
    day = listed["starts_at"].dt.date
    held = (day <= as_of) & (
        (listed["status"] == "attended") | ((listed["status"] == "booked") & (day < today))
    )
    booked = listed["status"].isin(["booked", "attended", "no_show"])
    ahead = booked & ((day > as_of) | ((day == as_of) & (listed["status"] == "booked") & (day >= today)))
    return (max(day[held], default=None), min(day[ahead], default=None))


def family_week(cur, actor, family_id, week, today=None):
    """Return one family's WeekFigures for a week (its Monday), from the family's own records."""
    from lib import ticks  # the family page's own readers

    require_family(cur, actor, family_id)
    settings = get_settings(cur)
    week = adherence.week_start(week)
    today = today or clock.today()
    as_of = stages.judged_day(week, today)
    first = week - timedelta(weeks=TREND_WEEKS - 1)
    weekly = adherence.family_weekly(cur, actor, [family_id], first, week, as_of)
    by_week = {w.date(): c * 100 for w, c in zip(weekly["week_start"], weekly["completion"], strict=True)}
    series = [by_week.get(first + timedelta(weeks=i), np.nan) for i in range(TREND_WEEKS)]
    this = weekly[weekly["week_start"].dt.date == week]

    tasks = ticks.list_chart_tasks(cur, actor, family_id, week, as_of)
    # the caseload's own sum (one query for all the tasks), so both screens show the same figure
    bulk = (
        scores.habit_strengths(cur, actor, [family_id], as_of, [t.assignment_id for t in tasks])
        if tasks
        else None
    )
    strengths = [] if bulk is None else bulk["habit_strength"].tolist()
    last_tick = cur.execute(
        "SELECT max(practice_date) FROM ticks WHERE family_id = ? AND practice_date <= ?", [family_id, as_of]
    ).fetchone()[0]
    since = last_tick or min((t.start_date for t in tasks), default=None)

    last, upcoming = _sessions_then(sessions.list_sessions(cur, actor, family_id), as_of, today)
    gap = (upcoming - (last or as_of)).days if upcoming else ((as_of - last).days if last else None)
    status = cur.execute("SELECT status FROM families WHERE id = ?", [family_id]).fetchone()[0]
    stage = stages.stages(cur, actor, [family_id], week, settings, today=today).iloc[0]
    completion = (
        this["completion"].iloc[0] * 100 if len(this) and pd.notna(this["completion"].iloc[0]) else None
    )
    return WeekFigures(
        week=week,
        as_of=as_of,
        completion=completion,
        planned_days=int(this["planned_days"].iloc[0]) if len(this) else 0,
        ticked_days=int(this["ticked_days"].iloc[0]) if len(this) else 0,
        last_8_weeks=[round(c) if pd.notna(c) else c for c in series],
        trend=str(_trend(pd.DataFrame([series]))[0]),
        habit_strength=float(np.mean(strengths)) * 100 if strengths else None,
        active_tasks=len(tasks),
        days_since_tick=(as_of - since).days if since else None,
        last_session=last,
        next_session=upcoming,
        gap_days=gap,
        gap_flag=status == "active" and (upcoming is None or gap > settings["max_session_gap_days"]),
        stage=str(stage.stage),
        signal=str(stage.signal),
        why=str(stage.why),
        gate=str(stage.gate),
    )


def from_caseload_row(row, today=None):
    """Return the WeekFigures of a family's row of a caseload Overview (lib.figures.caseload): the same
    figures family_week works out alone (tests/test_week_figures.py holds them equal), without the work."""

    def number(value):
        return None if value is None or pd.isna(value) else value

    def day(value):
        return None if number(value) is None else pd.Timestamp(value).date()

    week = pd.Timestamp(row["week"]).date()
    days_since, gap = number(row["days_since_tick"]), number(row["gap_days"])
    return WeekFigures(
        week=week,
        as_of=stages.judged_day(week, today or clock.today()),
        completion=None if number(row["completion"]) is None else float(row["completion"]),
        planned_days=int(row["planned_days"]),
        ticked_days=int(row["ticked_days"]),
        last_8_weeks=[round(c) if pd.notna(c) else np.nan for c in row["last_8_weeks"]],
        trend=str(row["trend"]),
        habit_strength=None if number(row["habit_strength"]) is None else float(row["habit_strength"]),
        active_tasks=int(row["active_tasks"]),
        days_since_tick=None if days_since is None else int(days_since),
        last_session=day(row["last_session"]),
        next_session=day(row["next_session"]),
        gap_days=None if gap is None else int(gap),
        gap_flag=bool(row["gap_flag"]),
        stage=str(row["stage"]),
        signal=str(row["signal"]),
        why=str(row["why"]),
        gate=str(row["gate"]),
    )


def weeks_to_pick(today=None, count=8):
    """Return the Mondays a screen offers, newest first: this week so far, then `count` full weeks."""
    monday = adherence.week_start(today or clock.today())
    return [monday - timedelta(weeks=i) for i in range(count + 1)]


def week_label(week, today=None):
    """Name a week for a picker: "this week so far" or "week of 16 Nov 2026"."""
    if week == adherence.week_start(today or clock.today()):
        return "This week so far"
    return f"Week of {date_text(week)}"


EVIDENCE_WORDS = {
    "sheet": "tick sheet",
    "photo": "photo",
    "demonstrated": "shown in session",
    "verbal": "said so",
}


def tick_summary(cur, actor, family_id, first_week, last_week, as_of=None):
    """Return per task per week the ticks' evidence, how it went and distress, in short words.

    Columns: week_start, assignment_id, title, ticks, evidence, how_it_went, distress.
    """
    require_family(cur, actor, family_id)
    as_of = as_of or clock.today()
    frame = cur.execute(
        """
        SELECT date_trunc('week', t.practice_date)::DATE AS week_start, t.assignment_id, a.title,
               count(*)::INTEGER AS ticks,
               count(*) FILTER (WHERE t.evidence = 'sheet')::INTEGER AS sheet,
               count(*) FILTER (WHERE t.evidence = 'photo')::INTEGER AS photo,
               count(*) FILTER (WHERE t.evidence = 'demonstrated')::INTEGER AS demonstrated,
               count(*) FILTER (WHERE t.evidence = 'verbal')::INTEGER AS verbal,
               count(*) FILTER (WHERE t.how_it_went = 'easy')::INTEGER AS easy,
               count(*) FILTER (WHERE t.how_it_went = 'ok')::INTEGER AS ok,
               count(*) FILTER (WHERE t.how_it_went = 'hard')::INTEGER AS hard,
               count(*) FILTER (WHERE t.distress)::INTEGER AS distress
        FROM ticks t JOIN assignments a ON a.id = t.assignment_id
        WHERE t.family_id = $family AND t.practice_date BETWEEN $first AND $last
        GROUP BY ALL ORDER BY week_start DESC, a.title
        """,
        {
            "family": family_id,
            "first": adherence.week_start(first_week),
            "last": min(adherence.week_start(last_week) + timedelta(days=6), as_of),
        },
    ).df()

    def words(row, names):
        return ", ".join(f"{row[n]} {names[n]}" for n in names if row[n]) or "not recorded"

    how = {"easy": "easy", "ok": "OK", "hard": "hard"}
    return pd.DataFrame(
        {
            "week_start": frame["week_start"].dt.date,
            "assignment_id": frame["assignment_id"],
            "title": frame["title"],
            "ticks": frame["ticks"],
            "evidence": [words(r, EVIDENCE_WORDS) for _, r in frame.iterrows()],
            "how_it_went": [words(r, how) for _, r in frame.iterrows()],
            "distress": frame["distress"],
        }
    )
