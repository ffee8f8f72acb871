"""Progress beside practice: per goal, the days practised each week and where the child is on the scale.

A goal's days practised in a week are the days ticked of its busiest task that week (a goal's
tasks usually follow one another: a task given again, made easier), read from the weekly figures
of lib.figures.adherence, never from a second count of ticks. A week of steady practice has
STEADY_DAYS or more. Everything is worked out for many families in one query (the caseload) and
for one family by the same function (the family page, the session, the guide).

Flags (both about the task, never the family's effort):
- not rated: no rating for UNRATED_WEEKS weeks (the goal's start counts as its first rating);
- steady practice, no progress: STEADY_DAYS+ days in at least STEADY_WEEKS of the last WINDOW_WEEKS
  weeks, and the level now no higher than STALL_WEEKS weeks ago (a goal already at 0 or above is
  reached, not stalled).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, require_family, scope
from lib.figures import adherence
from lib.figures.stages import judged_day, last_complete_week
from lib.goals.records import list_goals, list_ratings
from lib.goals.scales import level_label

STEADY_DAYS = 4
STEADY_WEEKS = 6
WINDOW_WEEKS = 8
STALL_WEEKS = 8
UNRATED_WEEKS = 6
CHART_WEEKS = 26  # the most weeks a goal's chart shows

EXPLAIN = (
    f"Days practised: the days ticked that week for the goal's task (its busiest one when it has several). "
    f"Weeks with {STEADY_DAYS}+ days: of the last {WINDOW_WEEKS} full weeks (fewer for a newer goal). "
    "Skill: the goal's level, -2 where we started to 0 the goal we expect by the review date, up to +2."
)
STALLED_WHY = (
    f"Practice is steady ({STEADY_DAYS}+ days in at least {STEADY_WEEKS} of the last {WINDOW_WEEKS} weeks) "
    f"but the goal has not moved up in {STALL_WEEKS} weeks: change the task, not the family's effort."
)
UNRATED_WHY = f"No rating for {UNRATED_WEEKS} weeks or more: rate where the child is now with the family."


def goal_weeks(cur, actor, family_ids, first_week, last_week, as_of=None, weeks=None):
    """Return per goal per week the days practised: DataFrame[family_id, goal_id, week_start, days].

    The same weeks as adherence.weekly_completion, joined to the goals' tasks in DuckDB (summed
    from `weeks`, an adherence.TaskWeeks of this page run, when it covers them)."""
    return adherence.over_weekly_completion(
        cur,
        actor,
        family_ids,
        first_week,
        last_week,
        as_of,
        "SELECT w.family_id, t.goal_id, w.week_start::DATE AS week_start, max(w.ticked_days)::INTEGER AS days"
        " FROM completion w JOIN goal_tasks t ON t.assignment_id = w.assignment_id GROUP BY ALL ORDER BY ALL",
        weeks,
    )


# Per active goal of the visible families: the levels, the last rating, the steady weeks and the flags.
_FIGURES_SQL = (
    "WITH visible AS ("  # noqa: S608 (lib.access's fragment, never input)
    + VISIBLE_FAMILIES_SQL
    + """),
g AS (
    SELECT * FROM goals
    WHERE status = 'active' AND started_on <= $rated_through AND family_id IN (SELECT id FROM visible)
),
practice AS (
    SELECT w.goal_id, count(*) FILTER (WHERE w.days >= $steady_days)::INTEGER AS steady_weeks
    FROM practice_weeks w JOIN g ON g.id = w.goal_id
    WHERE w.week_start >= date_trunc('week', g.started_on)::DATE GROUP BY w.goal_id
),
rated AS (
    SELECT r.goal_id, arg_min(r.level, (r.rated_on, r.id)) AS start_level,
           arg_max(r.level, (r.rated_on, r.id)) AS level, max(r.rated_on) AS last_rated,
           arg_max(r.level, (r.rated_on, r.id)) FILTER (WHERE r.rated_on <= $stall_day) AS level_then
    FROM goal_ratings r WHERE r.rated_on <= $rated_through AND r.goal_id IN (SELECT id FROM g)
    GROUP BY r.goal_id
)
SELECT g.family_id, g.id AS goal_id, g.title, g.started_on, r.start_level, r.level, r.last_rated,
       coalesce(p.steady_weeks, 0) AS steady_weeks,
       least($window, greatest(1, date_diff('week', date_trunc('week', g.started_on)::DATE, $week) + 1))::INTEGER
           AS weeks,
       coalesce(r.last_rated < $unrated_day, TRUE) AS unrated,
       coalesce(p.steady_weeks, 0) >= $steady_weeks AND g.started_on <= $stall_day
           AND r.level < 0 AND r.level <= r.level_then AS stalled
FROM g LEFT JOIN rated r ON r.goal_id = g.id LEFT JOIN practice p ON p.goal_id = g.id
ORDER BY g.family_id, g.started_on, g.id
"""
)


def goal_figures(cur, actor, family_ids, week, today=None, rated_through=None, weeks=None):
    """Return per active goal its progress figures for a week (its Monday) and the last WINDOW_WEEKS.

    Columns: family_id, goal_id, title, started_on, start_level, level, last_rated, steady_weeks,
    weeks (counted, at most WINDOW_WEEKS), unrated, stalled. Practice is judged at the week's end;
    ratings up to then, or up to rated_through (a session counts today's rating). weeks: the page
    run's adherence.TaskWeeks to sum the practice from.
    """
    week = adherence.week_start(week)
    as_of = judged_day(week, today or clock.today())
    rated_through = rated_through or as_of
    practice = goal_weeks(
        cur, actor, family_ids, week - timedelta(weeks=WINDOW_WEEKS - 1), week, as_of, weeks
    )
    cur.register("practice_weeks", practice)
    try:
        return cur.execute(
            _FIGURES_SQL,
            {
                **scope(actor, family_ids),
                "week": week,
                "rated_through": rated_through,
                "stall_day": rated_through - timedelta(weeks=STALL_WEEKS),
                "unrated_day": rated_through - timedelta(weeks=UNRATED_WEEKS),
                "steady_days": STEADY_DAYS,
                "steady_weeks": STEADY_WEEKS,
                "window": WINDOW_WEEKS,
            },
        ).df()
    finally:
        cur.unregister("practice_weeks")


def progress_words(start_level, level):
    """Say a goal's progress in short: "-2 → 0" (no rating yet: "")."""
    if start_level is None or pd.isna(start_level):
        return ""
    return f"{level_label(start_level)} → {level_label(level)}"


def caseload_progress(figures):
    """Return per family (index) the goals' progress in short, "-2 → 0; -1 → -1", oldest goal first."""
    words = [progress_words(s, lv) for s, lv in zip(figures["start_level"], figures["level"], strict=True)]
    shown = figures.assign(words=words)
    shown = shown[shown["words"] != ""]
    return shown.groupby("family_id")["words"].agg("; ".join)


def caseload_flags(figures):
    """Return DataFrame[family_id, flag, why] of the goals not rated lately and steady practice without progress."""
    unrated = figures[figures["unrated"]]
    stalled = figures[figures["stalled"]]
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "family_id": unrated["family_id"],
                    "flag": "goal not rated",
                    "why": "Goal “" + unrated["title"] + "”: " + UNRATED_WHY,
                }
            ),
            pd.DataFrame(
                {
                    "family_id": stalled["family_id"],
                    "flag": "practice steady, goal stalled",
                    "why": "Goal “" + stalled["title"] + "”: " + STALLED_WHY,
                }
            ),
        ],
        ignore_index=True,
    )


@dataclass(frozen=True)
class GoalProgress:
    """One goal beside its practice: the scale, the ratings, the weeks and the line the family reads."""

    goal: object  # lib.goals.Goal
    ratings: tuple  # lib.goals.Rating, oldest first
    weeks: tuple[tuple[date, int], ...]  # (Monday, days practised), oldest first
    steady_weeks: int
    weeks_counted: int
    start_level: int | None
    level: int | None
    stalled: bool
    unrated: bool

    @property
    def line(self):
        """The family's line: "Weeks with 4+ days of practice: 6 of 8 · skill: from -2 to 0"."""
        practice = f"Weeks with {STEADY_DAYS}+ days of practice: {self.steady_weeks} of {self.weeks_counted}"
        if self.level is None:
            return practice + " · skill: not rated yet"
        if len(self.ratings) == 1:
            return practice + f" · skill: {level_label(self.level)}, where we started"
        return practice + f" · skill: from {level_label(self.start_level)} to {level_label(self.level)}"


def family_progress(cur, actor, family_id, today=None):
    """Return a GoalProgress per active goal of a family: practice up to last week, ratings up to today."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    goals = list_goals(cur, actor, family_id)
    if not goals:
        return []
    week = last_complete_week(today)
    first = max(
        adherence.week_start(min(g.started_on for g in goals)) - timedelta(weeks=1),
        week - timedelta(weeks=CHART_WEEKS - 1),
    )
    weeks = goal_weeks(cur, actor, [family_id], min(first, week), week, judged_day(week, today))
    figures = goal_figures(cur, actor, [family_id], week, today, rated_through=today).set_index("goal_id")
    ratings = list_ratings(cur, actor, family_id, [g.id for g in goals])
    found = []
    for goal in goals:  # a family's few goals
        mine = weeks[weeks["goal_id"] == goal.id]
        row = figures.loc[goal.id] if goal.id in figures.index else None
        found.append(
            GoalProgress(
                goal=goal,
                ratings=tuple(ratings.get(goal.id, ())),
                weeks=tuple(zip(mine["week_start"].dt.date, mine["days"].astype(int), strict=True)),
                steady_weeks=int(row["steady_weeks"]) if row is not None else 0,
                weeks_counted=int(row["weeks"]) if row is not None else 1,
                start_level=None if row is None or pd.isna(row["start_level"]) else int(row["start_level"]),
                level=None if row is None or pd.isna(row["level"]) else int(row["level"]),
                stalled=bool(row["stalled"]) if row is not None else False,
                unrated=bool(row["unrated"]) if row is not None else False,
            )
        )
    return found


def stalled_goals(cur, actor, family_id, today=None):
    """Return the titles of a family's goals with steady practice and no progress (what the guide asks)."""
    return [p.goal.title for p in family_progress(cur, actor, family_id, today) if p.stalled]
