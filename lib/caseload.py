"""The weekly caseload overview: who is on track, who is slipping, and why.

Everything here is computed for many families at once from a few SQL queries; the page
only filters and shows the resulting table.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib import adherence, assignments, clock, follow_through, scores, sessions
from lib import stages as stage_rules
from lib.access import (
    LINKED_FAMILIES_SQL,
    VISIBLE_FAMILIES_SQL,
    require_family,
    require_whole_caseload,
    scope,
    visible_family_ids,
)
from lib.explainer import families_without_explainer
from lib.quality import quality_flags_sql
from lib.settings import get_settings

TREND_WEEKS = 8  # the sparkline
SUMMARY_WEEKS = 12  # the clinic trend chart

EXPLAIN = {
    "stage": (
        "Initial: completion below {adherence_threshold}% in the chosen week (or a review in the "
        "last 2 weeks said not or partly done); 'not yet addressed' until the guide's first ideas were "
        "tried. Chronic: under {partial_threshold}% for {chronic_weeks}+ weeks since they were tried. "
        "A review marked done counts against a stage."
    ),
    "signal": (
        "Stalled: no tick for {stalled_days}+ days. Dropped: none for {dropped_days}+ days. "
        "Both call for contacting the family, not the chronic path."
    ),
    "trend": "Up or down when the last 2 weeks differ from the 2 before by 10 points or more.",
    "risk": "Sorted by risk: chronic, dropped, stalled, then initial; lower completion first.",
}


@dataclass(frozen=True)
class Stage:
    """A family's non-completion stage with the one-line reason shown beside it."""

    name: str  # none, initial, chronic, stalled or dropped
    why: str


def last_complete_week(today=None):
    """Return the Monday of the last full week before today."""
    today = today or clock.today()
    return adherence.week_start(today) - timedelta(days=7)


def explain(settings):
    """Return the one-line rules with the clinic's thresholds filled in."""
    return {key: text.format(**settings) for key, text in EXPLAIN.items()}


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


def _facts(cur, actor, family_ids, week_end):
    """Return per visible family: last tick, first active start, first-line tries, last review."""
    return cur.execute(
        """
        SELECT f.id AS family_id,
               (SELECT max(t.practice_date) FROM ticks t
                 WHERE t.family_id = f.id AND t.practice_date <= $end) AS last_tick,
               (SELECT min(a.start_date) FROM assignments a WHERE a.family_id = f.id
                  AND a.status IN ('active', 'paused') AND a.start_date <= $end) AS first_start,
               (SELECT count(*) FROM assignments a WHERE a.family_id = f.id
                  AND a.status IN ('active', 'paused') AND a.start_date <= $end
                  AND (a.end_date IS NULL OR a.end_date >= $end - 6)) AS active_tasks,
               (SELECT max(g.run_on) FROM guide_runs g WHERE g.family_id = f.id
                  AND g.path = 'initial' AND len(g.actions) > 0 AND g.run_on <= $end) AS tried_on,
               (SELECT arg_max(r.outcome, r.reviewed_on) FROM homework_reviews r
                 WHERE r.family_id = f.id AND r.reviewed_on BETWEEN $end - 13 AND $end) AS last_review
        FROM families f
        WHERE f.id IN ("""
        + VISIBLE_FAMILIES_SQL
        + ")",
        {**scope(actor, family_ids), "end": week_end},
    ).df()


def stages(cur, actor, family_ids, week, settings=None, weekly=None):
    """Return DataFrame[family_id, stage, signal, why, weeks_below, days_since_tick] for a week."""
    if family_ids is None or len(family_ids) != 1:
        require_whole_caseload(actor)
    settings = settings or get_settings(cur)
    week_end = week + timedelta(days=6)
    lookback = max(settings["chronic_weeks_any"], TREND_WEEKS) + 1
    if weekly is None:
        weekly = adherence.family_weekly(
            cur, actor, family_ids, week - timedelta(weeks=lookback - 1), week, week_end
        )
    facts = _facts(cur, actor, family_ids, week_end).set_index("family_id")
    threshold = settings["adherence_threshold"]
    runs = _low_runs(weekly, threshold, week).reindex(facts.index, fill_value=0)
    since_from = facts["last_tick"].fillna(facts["first_start"])
    days_since = (pd.Timestamp(week_end) - pd.to_datetime(since_from)).dt.days

    partial_runs = _low_runs(weekly, settings["partial_threshold"], week).reindex(facts.index, fill_value=0)
    tried_week = pd.to_datetime(facts["tried_on"]).dt.to_period("W-SUN").dt.start_time
    since_tried = ((pd.Timestamp(week) - tried_week).dt.days // 7).where(facts["tried_on"].notna())
    judged = [
        stage_rules.stage_of(
            stage_rules.StageFacts(
                int(n),
                int(p),
                None if pd.isna(t) else int(t),
                None if pd.isna(r) else r,
                None if pd.isna(d) else int(d),
                bool(h),
            ),
            settings,
        )
        for n, p, t, r, d, h in zip(
            runs,
            partial_runs,
            since_tried,
            facts["last_review"],
            days_since,
            facts["active_tasks"] > 0,
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
    name = row.stage if row.stage == "chronic" or not row.signal else row.signal
    return Stage(name, row.why)


def _families(cur, actor, statuses, mine_only):
    return cur.execute(
        """
        SELECT f.id AS family_id, f.display_name AS family, f.status,
               coalesce((SELECT string_agg(u.display_name || ' (' || ft.discipline || ')', ', '
                                           ORDER BY ft.discipline, u.display_name)
                  FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id
                 WHERE ft.family_id = f.id AND ft.active), '') AS therapists,
               coalesce((SELECT list(DISTINCT ft.discipline ORDER BY ft.discipline) FROM family_therapists ft
                 WHERE ft.family_id = f.id AND ft.active), []) AS disciplines,
               coalesce((SELECT list(DISTINCT ft.therapist_id) FROM family_therapists ft
                 WHERE ft.family_id = f.id AND ft.active), []) AS therapist_ids
        FROM families f
        WHERE list_contains($statuses, f.status)
          AND f.id IN ("""
        + VISIBLE_FAMILIES_SQL
        + ")"
        # the lead's "only my families": a filter on top of what they may see
        + " AND (NOT $mine OR f.id IN ("
        + LINKED_FAMILIES_SQL
        + "))",
        {**scope(actor), "statuses": list(statuses), "mine": bool(mine_only)},
    ).df()


QUALITY_FLAGS = {"long_practice", "infrequent", "no_anchor"}


def flags(cur, actor, table, gaps):
    """Return DataFrame[family_id, flag, why]: everything a therapist can act on, one row each.

    Rows of table or gaps for families the actor may not see are left out.
    """
    ids = visible_family_ids(cur, actor, table["family_id"].tolist())
    table = table[table["family_id"].isin(ids)]
    parts = []
    gaps = gaps[gaps["gap_flag"] & gaps["family_id"].isin(ids)]
    parts.append(
        pd.DataFrame(
            {
                "family_id": gaps["family_id"],
                "why": gaps["why"],
                "flag": np.where(gaps["next_session"].isna(), "no session booked", "gap too long"),
            }
        )
    )
    checklist = assignments.checklist_incomplete_families(cur, actor, ids)
    parts.append(
        pd.DataFrame(
            {
                "family_id": checklist["family_id"],
                "flag": "checklist incomplete",
                "why": "Barrier checklist not finished for: " + checklist["title"] + ".",
            }
        )
    )
    quality = quality_flags_sql(cur, actor, ids)
    rules = quality[quality["flag"].isin(QUALITY_FLAGS)]
    parts.append(rules.assign(flag="task breaks a rule")[["family_id", "flag", "why"]])
    load = quality[quality["flag"] == "daily_load"]
    parts.append(load.assign(flag="too many minutes a day")[["family_id", "flag", "why"]])
    parts.append(follow_through.caseload_flags(cur, actor, ids))
    missing = sorted(families_without_explainer(cur, actor, ids))
    parts.append(
        pd.DataFrame(
            {
                "family_id": missing,
                "flag": "no intake explainer",
                "why": "No intake explainer or teach-back is recorded.",
            }
        )
    )
    idle = table[(table["status"] == "active") & (table["active_tasks"] == 0)]
    parts.append(
        pd.DataFrame(
            {
                "family_id": idle["family_id"],
                "flag": "no homework set",
                "why": "No home-practice task is running.",
            }
        )
    )
    orphaned = cur.execute(
        "SELECT DISTINCT ft.family_id FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.active AND NOT u.active AND list_contains(?, ft.family_id)",
        [ids],
    ).fetchall()
    parts.append(
        pd.DataFrame(
            {
                "family_id": [r[0] for r in orphaned],
                "flag": "needs reassignment",
                "why": "A linked therapist's account is deactivated.",
            }
        )
    )
    found = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if found is None:
        return pd.DataFrame(columns=["family_id", "flag", "why"])
    return found.drop_duplicates(["family_id", "flag", "why"])[["family_id", "flag", "why"]]


@dataclass(frozen=True)
class Overview:
    """The caseload table for one week, plus the weekly figures behind the clinic summary."""

    week: date
    table: pd.DataFrame
    weekly: pd.DataFrame


def overview(cur, actor, week=None, mine_only=False, statuses=("active", "paused")):
    """Return the caseload Overview for a week (its Monday), riskiest families first."""
    require_whole_caseload(actor)
    settings = get_settings(cur)
    week = adherence.week_start(week or last_complete_week())
    week_end = week + timedelta(days=6)
    table = _families(cur, actor, statuses, mine_only)
    if table.empty:
        return Overview(week, table, pd.DataFrame())
    ids = table["family_id"].tolist()
    lookback = max(settings["chronic_weeks_any"] + 1, SUMMARY_WEEKS, TREND_WEEKS)
    weekly = adherence.family_weekly(cur, actor, ids, week - timedelta(weeks=lookback - 1), week, week_end)
    table = table.merge(stages(cur, actor, ids, week, settings, weekly), on="family_id", how="left")

    weeks = pd.date_range(
        pd.Timestamp(week) - pd.Timedelta(weeks=TREND_WEEKS - 1), periods=TREND_WEEKS, freq="7D"
    )
    grid = weekly.pivot_table(index="family_id", columns="week_start", values="completion")
    grid = grid.reindex(index=ids, columns=weeks) * 100
    table["completion"] = grid.iloc[:, -1].to_numpy()
    table["last_8_weeks"] = grid.round(0).to_numpy().tolist()
    recent, before = grid.iloc[:, -2:].mean(axis=1), grid.iloc[:, -4:-2].mean(axis=1)
    change = (recent - before).to_numpy()
    table["trend"] = np.select([change >= 10, change <= -10, ~np.isnan(change)], ["up", "down", "flat"], "")

    strength = scores.habit_strengths(cur, actor, ids, week_end)
    table = table.merge(
        strength.groupby("family_id")["habit_strength"].mean().mul(100).rename("habit_strength"),
        left_on="family_id",
        right_index=True,
        how="left",
    )
    gaps = sessions.session_gaps(cur, actor, ids, today=week_end)
    table = table.merge(gaps[["family_id", "last_session", "next_session"]], on="family_id", how="left")
    found = flags(cur, actor, table, gaps)
    grouped = found.groupby("family_id")
    table["flags"] = (
        table["family_id"]
        .map(grouped["flag"].agg(lambda f: sorted(set(f))))
        .map(lambda f: f if isinstance(f, list) else [])
    )
    table["flag_why"] = table["family_id"].map(grouped["why"].agg(" ".join)).fillna("")
    table["status_label"] = [
        adherence.status_of(c / 100 if pd.notna(c) else None, settings) for c in table["completion"]
    ]
    rank = {"chronic": 0, "dropped": 1, "stalled": 2, "initial": 3}
    table["risk"] = [
        min(rank.get(s, 9), rank.get(g, 9)) for s, g in zip(table["stage"], table["signal"], strict=True)
    ]
    table = table.sort_values(["risk", "completion", "family"], na_position="last").reset_index(drop=True)
    return Overview(week, table, weekly)


def summary(view, settings):
    """Return the clinic summary: counts per status, stage and signal, and the median completion."""
    table = view.table
    return {
        "families": len(table),
        "active": int((table["status"] == "active").sum()),
        "median_completion": float(table["completion"].median())
        if table["completion"].notna().any()
        else None,
        "status": table["status_label"].value_counts().to_dict(),
        "stage": table["stage"].value_counts().to_dict(),
        "signal": table["signal"][table["signal"] != ""].value_counts().to_dict(),
    }


def weekly_trend(view, settings):
    """Return per week of the last 12: median completion and share of families on track (%)."""
    weekly = view.weekly.dropna(subset=["completion"])
    weekly = weekly[weekly["family_id"].isin(view.table["family_id"])]
    first = pd.Timestamp(view.week) - pd.Timedelta(weeks=SUMMARY_WEEKS - 1)
    weekly = weekly[weekly["week_start"] >= first]
    grouped = weekly.groupby("week_start")["completion"]
    return pd.DataFrame(
        {
            "median": grouped.median() * 100,
            "on_track": grouped.apply(lambda c: (c * 100 >= settings["adherence_threshold"]).mean() * 100),
        }
    ).reset_index()


def filter_table(table, therapist_ids=(), disciplines=(), statuses=(), stages=(), flags=()):
    """Return the rows matching every non-empty filter (stage filter also matches signals)."""
    keep = pd.Series(True, index=table.index)
    if therapist_ids:
        keep &= table["therapist_ids"].map(lambda ids: bool(set(ids) & set(therapist_ids)))
    if disciplines:
        keep &= table["disciplines"].map(lambda ds: bool(set(ds) & set(disciplines)))
    if statuses:
        keep &= table["status_label"].isin(statuses)
    if stages:
        keep &= table["stage"].isin(stages) | table["signal"].isin(stages)
    if flags:
        keep &= table["flags"].map(lambda fs: bool(set(fs) & set(flags)))
    return table[keep]


def initials(name):
    """Return a name's initials ("Sam K." -> "S.K.") for printed team lists."""
    return "".join(part[0].upper() + "." for part in str(name).replace(".", " ").split() if part[0].isalnum())
