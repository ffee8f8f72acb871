"""Reading ticks: one tick, the week grid, skip days, and what the family's charts are drawn from."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lib import clock
from lib.access import require_family
from lib.db import row, rows
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.ticks.rules import as_date, python_dates, task_dates
from lib.words import week_start


@dataclass(frozen=True)
class Tick:
    """One tick's details: minutes, who helped, how it went, the evidence, and who entered it when."""

    minutes: int | None
    caregiver_id: int | None
    how_it_went: str | None
    distress: bool
    evidence: str
    entered_by: int
    entered_at: datetime
    version: int = 1  # what a details form showed: a change since is not overwritten


@dataclass(frozen=True)
class ChartTask:
    """A task running in a chart's weeks; `flexible` is an "any N days a week" task (N < 7)."""

    assignment_id: int
    discipline: str
    title: str
    flexible: bool
    start_date: date
    end_date: date | None
    status: str


# The week grid: each task running in the week x its seven days, with the day's state and tick.
_WEEK_GRID_SQL = (
    "\n"  # noqa: S608  (this module's constants, never input)
    + """WITH week AS (
        SELECT ($first::DATE + i::INTEGER)::DATE AS day, i::INTEGER AS weekday FROM range(7) t(i)
    ),
    tasks AS (
        SELECT * FROM assignments
        WHERE family_id = $family AND start_date <= $last
          AND (end_date IS NULL OR end_date >= $first)
          AND (status IN ('active', 'paused') OR end_date IS NOT NULL)
    ),
    days AS (
        SELECT a.id AS assignment_id, a.family_id, a.weekdays, a.discipline, a.title,
               a.minutes AS minutes_agreed, a.days_per_week, a.start_date, a.end_date, w.day, w.weekday
        FROM tasks a CROSS JOIN week w
    ),"""
    + PLANNED_DAYS_SQL
    + """,
    skips AS (
        SELECT day, assignment_id, min(reason) AS reason FROM skip_days
        WHERE family_id = $family AND day BETWEEN $first AND $last
        GROUP BY day, assignment_id
    ),
    cells AS (
        SELECT p.*,
               CASE
                   WHEN p.day < p.start_date THEN 'not_started'
                   WHEN p.end_date IS NOT NULL AND p.day > p.end_date THEN 'ended'
                   WHEN p.day > $today THEN 'future'
                   WHEN p.paused THEN 'paused'
                   WHEN p.skipped THEN 'skipped'
                   WHEN p.weekdays IS NULL THEN 'any_day'
                   WHEN p.planned THEN 'planned'
                   ELSE 'unscheduled'
               END AS state,
               (SELECT min(s.reason) FROM skips s WHERE s.day = p.day
                  AND (s.assignment_id IS NULL OR s.assignment_id = p.assignment_id)) AS skip_reason
        FROM planned_days p
    )
    SELECT c.assignment_id, c.discipline, c.title, c.minutes_agreed, c.days_per_week, c.weekdays,
           c.day, c.weekday, c.state, c.skip_reason, t.practice_date IS NOT NULL AS ticked,
           t.minutes, t.caregiver_id, t.how_it_went, coalesce(t.distress, false) AS distress, t.evidence
    FROM cells c
    LEFT JOIN ticks t ON t.assignment_id = c.assignment_id AND t.practice_date = c.day
    ORDER BY c.discipline, c.start_date, c.assignment_id, c.day
    """
)


def tick_details(cur, assignment_id, day):
    """Return a day's Tick of a task, or None (no permission check: callers have made it)."""
    return row(
        cur,
        Tick,
        "SELECT minutes, caregiver_id, how_it_went, distress, evidence, entered_by, entered_at,"
        " coalesce(version, 1) AS version FROM ticks WHERE assignment_id = ? AND practice_date = ?",
        [assignment_id, day],
    )


def get_tick(cur, actor, assignment_id, practice_date):
    """Return one tick's details (a Tick), or None when the day is not ticked."""
    task_dates(cur, actor, assignment_id)
    return tick_details(cur, assignment_id, as_date(practice_date, "practice_date"))


def list_skip_days(cur, actor, family_id, start, end):
    """Return the family's skip days in [start, end]: day, assignment_id, task title (None = all), reason."""
    require_family(cur, actor, family_id)
    frame = cur.execute(
        "SELECT s.day, s.assignment_id, a.title, s.reason FROM skip_days s"
        " LEFT JOIN assignments a ON a.id = s.assignment_id"
        " WHERE s.family_id = $family AND s.day BETWEEN $start AND $end"
        " ORDER BY s.day DESC, s.assignment_id NULLS FIRST",
        {"family": family_id, "start": start, "end": end},
    ).df()
    return python_dates(frame, "day")


def week_grid(cur, actor, family_id, week_of, today=None):
    """Return one row per (task, day) of the week holding week_of, with the day's state and tick.

    Columns: assignment_id, discipline, title, minutes_agreed, days_per_week, weekdays, day (date),
    weekday (0=Mon), state (one of STATES), skip_reason, ticked, and the tick's minutes,
    caregiver_id, how_it_went, distress, evidence. Tasks are those running during the week.
    """
    require_family(cur, actor, family_id)
    first = week_start(as_date(week_of, "week_start"))
    frame = cur.execute(
        _WEEK_GRID_SQL,
        {
            "family": family_id,
            "first": first,
            "last": first + timedelta(days=6),
            "today": today or clock.today(),
        },
    ).df()
    return python_dates(frame, "day")


def list_session_dates(cur, actor, family_id, start, end):
    """Return the dates of the family's attended or booked sessions in [start, end], oldest first."""
    require_family(cur, actor, family_id)
    found = cur.execute(
        "SELECT DISTINCT starts_at::DATE AS day FROM sessions WHERE family_id = ?"
        " AND status IN ('attended', 'booked') AND starts_at::DATE BETWEEN ? AND ? ORDER BY day",
        [family_id, start, end],
    ).fetchall()
    return [r[0] for r in found]


def list_version_marks(cur, actor, family_id):
    """Return the family's task changes worth marking on a chart: assignment_id, title, day, kind, reason."""
    require_family(cur, actor, family_id)
    frame = cur.execute(
        "SELECT v.assignment_id, a.title, v.changed_on AS day, v.kind, v.reason"
        " FROM assignment_versions v JOIN assignments a ON a.id = v.assignment_id"
        " WHERE a.family_id = ? AND v.kind IN ('edited', 'made_easier', 'paused', 'resumed', 'reissued')"
        " ORDER BY v.changed_on, v.assignment_id",
        [family_id],
    ).df()
    return python_dates(frame, "day")


def reward_progress(cur, actor, family_id, as_of=None):
    """Return per running task: title, reward_plan, reward_ticks, ticks so far, stars toward the next reward."""
    require_family(cur, actor, family_id)
    return cur.execute(
        """
        SELECT a.id AS assignment_id, a.discipline, a.title, a.reward_plan, a.reward_ticks,
               count(t.practice_date)::INTEGER AS ticks,
               (count(t.practice_date) % greatest(a.reward_ticks, 1))::INTEGER AS stars,
               (count(t.practice_date) // greatest(a.reward_ticks, 1))::INTEGER AS rewards_earned
        FROM assignments a
        LEFT JOIN ticks t ON t.assignment_id = a.id AND t.practice_date <= $as_of
        WHERE a.family_id = $family AND a.status IN ('active', 'paused') AND a.start_date <= $as_of
        GROUP BY a.id, a.discipline, a.title, a.reward_plan, a.reward_ticks, a.start_date
        ORDER BY a.discipline, a.start_date, a.id
        """,
        {"family": family_id, "as_of": as_of or clock.today()},
    ).df()


def list_chart_tasks(cur, actor, family_id, start, end):
    """Return a ChartTask per task running in [start, end]; on a flexible one an unticked day is not missed."""
    require_family(cur, actor, family_id)
    return rows(
        cur,
        ChartTask,
        "SELECT id AS assignment_id, discipline, title, weekdays IS NULL AND days_per_week < 7 AS flexible,"
        " start_date, end_date,"
        " status FROM assignments WHERE family_id = $family AND start_date <= $end"
        " AND (end_date IS NULL OR end_date >= $start) ORDER BY discipline, start_date, id",
        {"family": family_id, "start": start, "end": end},
    )
