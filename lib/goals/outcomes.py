"""The clinic's own records on goals and practice: of the goals rated at least twice, the share that
reached 0 (the expected goal), by weeks of steady practice and by discipline. Lead only, no names.

A goal's weeks of steady practice are the full weeks, from the goal's start to its last rating,
in which its busiest task was ticked on STEADY_DAYS or more days (the weekly summary of
lib.figures.week_summary, the same figures as everywhere else). A goal reached 0 when any of its
ratings is 0 or above. One query for the whole clinic. This is an association in the clinic's own
records, not proof that practice caused progress (CAVEAT).
"""

from lib import clock
from lib.access import require_lead
from lib.figures import week_summary
from lib.goals.progress import STEADY_DAYS

# (label, fewest weeks, most weeks) of steady practice
BANDS = (
    ("0 weeks", 0, 0),
    ("1–3 weeks", 1, 3),
    ("4–7 weeks", 4, 7),
    ("8–11 weeks", 8, 11),
    ("12+ weeks", 12, None),
)
CAVEAT = (
    "This is an association in this clinic's own records, not proof: goals that were practised more "
    "may also differ in other ways (how hard the goal was, the family's week, the time it ran). "
    "Use it to talk about practice as a team, never to judge a family."
)
EXPLAIN = (
    f"Goals rated at least twice (the starting point counts). Weeks of steady practice: full weeks "
    f"from the goal's start to its last rating with {STEADY_DAYS}+ days ticked on the goal's busiest task. "
    "Reached 0: any rating at 0 (the goal expected by the review date) or above."
)

_OUTCOMES_SQL = """
WITH g AS (
    SELECT g.id, g.discipline, g.started_on, max(r.rated_on) AS last_rated, max(r.level) >= 0 AS reached
    FROM goals g JOIN goal_ratings r ON r.goal_id = g.id
    WHERE r.rated_on <= $today
    GROUP BY g.id, g.discipline, g.started_on HAVING count(r.id) >= 2
),
weeks AS (
    SELECT t.goal_id, s.week_start, max(s.ticked_days) AS days
    FROM goal_tasks t JOIN g ON g.id = t.goal_id JOIN week_summary s ON s.assignment_id = t.assignment_id
    WHERE s.week_start >= date_trunc('week', g.started_on)::DATE AND s.week_start <= g.last_rated
      AND s.week_start + 6 <= $today
    GROUP BY t.goal_id, s.week_start
),
per_goal AS (
    SELECT g.id, g.discipline, g.reached, count(w.week_start) FILTER (WHERE w.days >= $steady_days) AS steady
    FROM g LEFT JOIN weeks w ON w.goal_id = g.id GROUP BY g.id, g.discipline, g.reached
),
bands AS (
    SELECT i - 1 AS band_order, $labels[i] AS label, $lows[i] AS low, $highs[i] AS high
    FROM range(1, len($labels) + 1) AS t(i)
)
SELECT 'practice' AS grouping, b.band_order AS place, b.label AS "group",
       count(p.id)::INTEGER AS goals, count(p.id) FILTER (WHERE p.reached)::INTEGER AS reached
FROM bands b LEFT JOIN per_goal p ON p.steady >= b.low AND (b.high IS NULL OR p.steady <= b.high)
GROUP BY ALL
UNION ALL
SELECT 'discipline', 0, discipline, count(*)::INTEGER, count(*) FILTER (WHERE reached)::INTEGER
FROM per_goal GROUP BY ALL
ORDER BY grouping DESC, place, "group"
"""


def goal_outcomes(cur, actor, today=None):
    """Return DataFrame[grouping ('practice' or 'discipline'), group, goals, reached, share] (lead only).

    share: reached ÷ goals (None for a group without goals). No family, child or therapist in it."""
    require_lead(actor)
    today = today or clock.today()
    week_summary.ensure(cur, today)  # the full weeks are summarised (a system write, as for every figure)
    found = cur.execute(
        _OUTCOMES_SQL,
        {
            "today": today,
            "steady_days": STEADY_DAYS,
            "labels": [b[0] for b in BANDS],
            "lows": [b[1] for b in BANDS],
            "highs": [b[2] for b in BANDS],
        },
    ).df()
    found["share"] = (found["reached"] / found["goals"].where(found["goals"] > 0)).round(2)
    return found.drop(columns=["place"])
