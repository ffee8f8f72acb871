"""Non-completion stages (none, initial, chronic) and signals (stalled, dropped) of a week.

Everything is judged as of the end of the chosen week, or today for the week still running:
ticks, tasks, reviews and guide runs after that day change nothing. The rules
themselves live in lib/figures/stage_rules.py; this module gathers their facts for a week.
"""

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd

from lib import clock
from lib.access import VISIBLE_FAMILIES_SQL, require_family, require_whole_caseload, scope
from lib.figures import adherence, stage_rules
from lib.figures.planned_days import PLANNED_DAYS_SQL
from lib.settings import get_settings

TREND_WEEKS = 8  # the sparkline

# A task runs in a week when it started on or before the judged day and did not end before
# the week's Monday. A closed task always has an end date (retire, complete and re-issue set
# it); a closed one without it ends on the day its versions say it was closed.
RUNNING_TASKS_SQL = """
    SELECT a.family_id, a.id AS assignment_id, a.start_date
    FROM assignments a
    WHERE a.start_date <= $as_of
      AND coalesce(a.end_date,
                   (SELECT min(v.changed_on) FROM assignment_versions v WHERE v.assignment_id = a.id
                      AND v.kind IN ('retired', 'completed') AND a.status IN ('retired', 'completed')),
                   $week_start) >= $week_start
"""


@dataclass(frozen=True)
class Stage:
    """A family's non-completion stage with the one-line reason shown beside it."""

    name: str  # the guide's starting point: stalled or dropped first, else none, initial or chronic
    why: str
    stage: str = ""  # none, initial or chronic, whatever the signal
    gate: str = ""  # what chronic needs, as a short checklist from the records


# Ticks marked "child upset" in the 2 weeks ending at $as_of (a family's f.id)
UPSET_TICKS_SQL = """(SELECT count(*) FROM ticks t WHERE t.family_id = f.id AND t.distress
                        AND t.practice_date BETWEEN $as_of - 13 AND $as_of)"""


def last_complete_week(today=None):
    """Return the Monday of the last full week before today."""
    today = today or clock.today()
    return adherence.week_start(today) - timedelta(days=7)


def judged_day(week, today=None):
    """Return the day a week is judged on: its Sunday, or today while the week is still running."""
    return min(adherence.week_start(week) + timedelta(days=6), today or clock.today())


def _low_runs(weekly, threshold, week):
    """Return per family the number of consecutive weeks below threshold ending at `week`."""
    counted = weekly.dropna(subset=["completion"]).sort_values(
        ["family_id", "week_start"], ascending=[True, False]
    )
    counted = counted[counted["week_start"].dt.date <= week]
    low = (counted["completion"] * 100 < threshold).astype(int)
    still_low = low.groupby(counted["family_id"]).cumprod()
    runs = still_low.groupby(counted["family_id"]).sum()
    latest = counted.groupby("family_id")["week_start"].max()
    # a family whose latest counted week is not the chosen week has no current run
    runs[latest.dt.date != week] = 0
    return runs


def _facts(cur, actor, family_ids, week, as_of):
    """Return per visible family: last tick, first running start, running tasks, first-line tries."""
    return cur.execute(
        "WITH running AS ("
        + RUNNING_TASKS_SQL
        + """)
        SELECT f.id AS family_id,
               (SELECT max(t.practice_date) FROM ticks t
                 WHERE t.family_id = f.id AND t.practice_date <= $as_of) AS last_tick,
               (SELECT min(r.start_date) FROM running r WHERE r.family_id = f.id) AS first_start,
               (SELECT count(*) FROM running r WHERE r.family_id = f.id) AS active_tasks,
               """
        + UPSET_TICKS_SQL
        + """ AS upset_ticks,
               (SELECT list(g.run_on ORDER BY g.run_on) FROM guide_runs g WHERE g.family_id = f.id
                  AND g.path = 'initial' AND len(list_intersect(g.actions, $plan_changing)) > 0
                  AND g.run_on <= $as_of) AS tried_days
        FROM families f
        WHERE f.id IN ("""
        + VISIBLE_FAMILIES_SQL
        + ")",
        {
            **scope(actor, family_ids),
            "week_start": week,
            "as_of": as_of,
            "plan_changing": list(stage_rules.PLAN_CHANGING),
        },
    ).df()


def _best_practice(cur, actor, ids, records=None):
    """Return {family_id: (explainer given, checklist complete, within agreed minutes)} from the records.

    records: the caseload's flags read from the same records (lib.figures.caseload), when it has
    them: the same three reads are not made twice."""
    if records is not None:
        no_explainer, incomplete, over = (
            set(records[name]["family_id"]) for name in ("explainer", "checklist", "over")
        )
        return {f: (f not in no_explainer, f not in incomplete, f not in over) for f in ids}
    from lib.assignments.checklist import checklist_incomplete_families
    from lib.assignments.quality import quality_flags_sql
    from lib.explainer import families_without_explainer

    no_explainer = families_without_explainer(cur, actor, ids)
    incomplete = set(checklist_incomplete_families(cur, actor, ids)["family_id"])
    quality = quality_flags_sql(cur, actor, ids)
    over = set(quality.loc[quality["flag"] == "over_agreed", "family_id"])
    return {f: (f not in no_explainer, f not in incomplete, f not in over) for f in ids}


def _tried_in_episode(tried_days, weeks_below, week):
    """Return the newest plan-changing run day on or after the episode's first low week (None: none)."""
    if not weeks_below or not isinstance(tried_days, list | tuple | np.ndarray) or not len(tried_days):
        return None
    episode_start = week - timedelta(weeks=int(weeks_below) - 1)
    return max(
        (pd.Timestamp(d).date() for d in tried_days if pd.Timestamp(d).date() >= episode_start), default=None
    )


# Each running task's newest review of the fortnight ending at the judged day: a later day wins,
# then the later entry (same-day reviews never tie arbitrarily).
TASK_REVIEWS_SQL = (
    "WITH running AS ("
    + RUNNING_TASKS_SQL
    + """)
    SELECT r.family_id, r.assignment_id, a.title, n.outcome AS review,
           coalesce(list_contains(n.reasons, $going_well), false) AS going_well
    FROM running r JOIN assignments a ON a.id = r.assignment_id
    LEFT JOIN (
        SELECT h.assignment_id, h.outcome, h.reasons FROM homework_reviews h
        WHERE h.reviewed_on BETWEEN $week_start - 7 AND $as_of
        QUALIFY row_number() OVER (PARTITION BY h.assignment_id
                                   ORDER BY h.reviewed_on DESC, h.created_at DESC, h.id DESC) = 1
    ) n ON n.assignment_id = r.assignment_id
    WHERE r.family_id IN ("""
    + VISIBLE_FAMILIES_SQL
    + ")"
)


def _task_facts(cur, actor, family_ids, week, as_of, weeks=None):
    """Return {family_id: (TaskFacts, ...)}: each running task's fortnight ticks and newest review."""
    tasks = cur.execute(
        TASK_REVIEWS_SQL + " ORDER BY r.family_id, a.title, r.assignment_id",
        {
            **scope(actor, family_ids),
            "week_start": week,
            "as_of": as_of,
            "going_well": stage_rules.GOING_WELL,
        },
    ).df()
    if tasks.empty:
        return {}
    weeks = adherence.weekly_completion(cur, actor, family_ids, week - timedelta(weeks=1), week, as_of, weeks)
    weeks = weeks.assign(ticked=weeks[["ticked_days", "planned_days"]].min(axis=1))
    fortnight = weeks.groupby("assignment_id")[["ticked", "planned_days"]].sum()
    done = fortnight["ticked"] / fortnight["planned_days"].where(fortnight["planned_days"] > 0) * 100
    out = {}
    for family_id, task, title, review, going_well in zip(
        tasks["family_id"],
        tasks["assignment_id"],
        tasks["title"],
        tasks["review"],
        tasks["going_well"],
        strict=True,
    ):
        completion = done.get(task)
        out.setdefault(family_id, []).append(
            stage_rules.TaskFacts(
                str(title),
                None if completion is None or pd.isna(completion) else float(completion),
                None if pd.isna(review) else str(review),
                bool(going_well),
            )
        )
    return {family_id: tuple(found) for family_id, found in out.items()}


def stages(
    cur,
    actor,
    family_ids,
    week,
    settings=None,
    weekly=None,
    today=None,
    records=None,
    paused=None,
    weeks=None,
):
    """Return DataFrame[family_id, stage, signal, why, said_done_low, weeks_below, days_since_tick,
    active_tasks] for a week (said_done_low: titles of tasks reviewed done but ticked low).

    The caseload hands over what it read already: records (a Future of its record flags) and
    paused (paused_practice of the same families and week), and weeks (its adherence.TaskWeeks)."""
    if family_ids is None or len(family_ids) != 1:
        require_whole_caseload(actor)
    settings = settings or get_settings(cur)
    week = adherence.week_start(week)
    as_of = judged_day(week, today)
    lookback = max(settings["chronic_weeks"], TREND_WEEKS) + 1
    first = week - timedelta(weeks=lookback - 1)
    if weekly is None:
        weekly = adherence.family_weekly(cur, actor, family_ids, first, week, as_of)
    # the same window whoever asks, so a run of low weeks reads the same on every screen
    weekly = weekly[weekly["week_start"].dt.date >= first]
    facts = _facts(cur, actor, family_ids, week, as_of).set_index("family_id")
    threshold = settings["adherence_threshold"]
    runs = _low_runs(weekly, threshold, week).reindex(facts.index, fill_value=0)
    since_from = facts["last_tick"].fillna(facts["first_start"])
    days_since = (pd.Timestamp(as_of) - pd.to_datetime(since_from)).dt.days

    partial_runs = _low_runs(weekly, settings["partial_threshold"], week).reindex(facts.index, fill_value=0)
    # the episode: the run of weeks under on track ending at the judged week (or since the first task)
    tried_on = pd.Series(
        [_tried_in_episode(d, n, week) for d, n in zip(facts["tried_days"], runs, strict=True)],
        index=facts.index,
        dtype="object",
    )
    tried_week = pd.to_datetime(tried_on).dt.to_period("W-SUN").dt.start_time
    since_tried = ((pd.Timestamp(week) - tried_week).dt.days // 7).where(tried_on.notna())
    practice = _best_practice(cur, actor, facts.index.tolist(), None if records is None else records.result())
    if paused is None:
        paused = paused_practice(cur, actor, facts.index.tolist(), week, today)
    paused = set(paused["family_id"])
    task_facts = _task_facts(cur, actor, family_ids, week, as_of, weeks)
    judged = [
        stage_rules.stage_of(
            stage_rules.StageFacts(
                weeks_below=int(n),
                weeks_below_partial=int(p),
                weeks_since_tried=None if pd.isna(t) else int(t),
                days_since_tick=None if pd.isna(d) else int(d),
                has_tasks=bool(h),
                tasks=task_facts.get(f, ()),
                upset_ticks=int(u),
                gate=stage_rules.Gate(*practice[f], plan_changed=not pd.isna(t)),
                paused=f in paused,
            ),
            settings,
        )
        for f, n, p, t, d, h, u in zip(
            facts.index,
            runs,
            partial_runs,
            since_tried,
            days_since,
            facts["active_tasks"] > 0,
            facts["upset_ticks"],
            strict=True,
        )
    ]
    stage = [j.stage for j in judged]
    signal = [j.signal for j in judged]
    why = [j.why for j in judged]
    return pd.DataFrame(
        {
            "family_id": facts.index,
            "stage": stage,
            "signal": signal,
            "why": why,
            "said_done_low": [list(j.said_done_low) for j in judged],
            "gate": [j.gate for j in judged],
            "upset_ticks": facts["upset_ticks"].astype(int).to_numpy(),
            "weeks_below": runs.astype(int).to_numpy(),
            "days_since_tick": days_since.to_numpy(),
            "active_tasks": facts["active_tasks"].to_numpy(),
        }
    ).reset_index(drop=True)


def family_stage(cur, actor, family_id, as_of=None):
    """Return one family's Stage as of a day (the week before it is the one judged)."""
    require_family(cur, actor, family_id)
    week = last_complete_week(as_of)
    row = stages(cur, actor, [family_id], week).iloc[0]
    # no tick for weeks: ask what changed before anything else, even when chronic
    return Stage(str(row.signal or row.stage), row.why, str(row.stage), str(row.gate))


def upset_ticks(cur, actor, family_id, as_of=None):
    """Return how many ticks marked the child upset in the 2 weeks up to a day (today)."""
    require_family(cur, actor, family_id)
    return cur.execute(
        "SELECT " + UPSET_TICKS_SQL + " FROM families f WHERE f.id = $family",
        {"family": family_id, "as_of": as_of or clock.today()},
    ).fetchone()[0]


# The running tasks of a week that have not ended by the judged day, each with that one day: the
# planned-day rule says whether a pause covers it, whatever the task's status says today.
_PAUSED_PRACTICE_SQL = (
    "WITH running AS ("
    + RUNNING_TASKS_SQL
    + """),
days AS (
    SELECT r.family_id, r.assignment_id, a.weekdays, $as_of::DATE AS day, a.status, a.paused_until,
           CASE WHEN f.status = 'paused' AND f.check_in_on > $as_of THEN f.check_in_on END AS check_in
    FROM running r JOIN assignments a ON a.id = r.assignment_id JOIN families f ON f.id = r.family_id
    WHERE (a.end_date IS NULL OR a.end_date >= $as_of) AND r.family_id IN ("""
    + VISIBLE_FAMILIES_SQL
    + ")),"
    + PLANNED_DAYS_SQL
    + """
SELECT family_id, min(paused_until) FILTER (WHERE status = 'paused' AND paused_until > $as_of) AS until,
       max(check_in) AS check_in
FROM planned_days GROUP BY family_id HAVING bool_and(paused)
ORDER BY family_id"""
)


def paused_practice(cur, actor, family_ids, week, today=None):
    """Return DataFrame[family_id, until, check_in]: families whose running tasks are all paused on the
    week's judged day.

    until: the earliest planned restart still ahead of that day; check_in: a planned break's check-in
    still ahead (NaT when none)."""
    week = adherence.week_start(week)
    return cur.execute(
        _PAUSED_PRACTICE_SQL,
        {**scope(actor, family_ids), "week_start": week, "as_of": judged_day(week, today)},
    ).df()
