"""The weekly caseload overview: who is on track, who is slipping, and why.

Everything here is computed for many families at once from a few SQL queries; the page
only filters and shows the resulting table.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib import assignments, clock, db
from lib.access import (
    LINKED_FAMILIES_SQL,
    VISIBLE_FAMILIES_SQL,
    require_family,
    require_whole_caseload,
    scope,
    visible_family_ids,
)
from lib.assignments.quality import quality_flags_sql
from lib.explainer import families_without_explainer
from lib.figures import adherence, week_figures
from lib.figures import stages as stage_rules
from lib.figures.stage_rules import UPSET_TICKS
from lib.goals import progress
from lib.models import Actor
from lib.sessions import follow_through
from lib.settings import get_settings
from lib.words import date_text

# the stage rules live in lib.figures.stages; these names stay the caseload's API
Stage, stages, family_stage = stage_rules.Stage, stage_rules.stages, stage_rules.family_stage
last_complete_week, TREND_WEEKS = stage_rules.last_complete_week, stage_rules.TREND_WEEKS
SUMMARY_WEEKS = 12  # the clinic trend chart

EXPLAIN = {
    "stage": (
        "Initial: completion below {adherence_threshold}% in the chosen week (or a review in the "
        "last 2 weeks said not or partly done); 'not yet addressed' until the guide's first ideas were "
        "tried. Chronic: under {partial_threshold}% for {chronic_weeks}+ weeks since a first-line action "
        "changed the plan in this episode, with the explainer given, the checklist complete and the tasks "
        "within the agreed minutes (talk-only actions don't count). "
        "A task's review counts for that task only: a review marked done lifts the stage only when every "
        "task below {adherence_threshold}% was reviewed done and ticked at least {partial_threshold}% in the "
        "last 2 weeks; done with fewer ticks is flagged 'said done, ticks low' and the stage stays."
    ),
    "signal": (
        "Stalled: no tick for {stalled_days}+ days. Dropped: none for {dropped_days}+ days. "
        "Both call for contacting the family: the guide opens its re-engagement path first, even for a "
        "chronic family (another path can still be chosen)."
    ),
    "trend": "Up or down when the last 2 weeks differ from the 2 before by 10 points or more.",
    "risk": "Sorted by risk: chronic, dropped, stalled, then initial; lower completion first.",
    "goals": (
        "Each running goal's level when it was written and now (-2 where we started, 0 the goal by the review "
        "date, up to +2). 'goal not rated': no rating for "
        + str(progress.UNRATED_WEEKS)
        + " weeks or more. 'practice steady, goal stalled': "
        + progress.STALLED_WHY[0].lower()
        + progress.STALLED_WHY[1:]
    ),
}


def explain(settings):
    """Return the one-line rules with the clinic's thresholds filled in."""
    return {key: text.format(**settings) for key, text in EXPLAIN.items()}


def _families(cur, actor, statuses, mine_only, family_ids=None):
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
          AND ($ids IS NULL OR list_contains($ids, f.id))
          AND f.id IN ("""
        + VISIBLE_FAMILIES_SQL
        + ")"
        # the lead's "only my families": a filter on top of what they may see
        + " AND (NOT $mine OR f.id IN ("
        + LINKED_FAMILIES_SQL
        + "))",
        {
            **scope(actor),
            "statuses": list(statuses),
            "mine": bool(mine_only),
            "ids": None if family_ids is None else sorted(family_ids),
        },
    ).df()


QUALITY_FLAGS = {"long_practice", "infrequent", "no_anchor"}


def _record_flags(cur, actor, ids):
    """Return {name: DataFrame[family_id, flag, why]} of the flags read from records alone.

    Tasks, checklists, reviews, the explainer and therapist links: none needs the week's
    figures, so the caseload reads them while it works the figures out."""
    checklist = assignments.checklist_incomplete_families(cur, actor, ids)
    quality = quality_flags_sql(cur, actor, ids)
    orphaned = cur.execute(
        "SELECT DISTINCT ft.family_id FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.active AND NOT u.active AND list_contains(?, ft.family_id)",
        [ids],
    ).fetchall()
    return {
        "checklist": pd.DataFrame(
            {
                "family_id": checklist["family_id"],
                "flag": "checklist incomplete",
                "why": "Barrier checklist not finished for: " + checklist["title"] + ".",
            }
        ),
        **{
            name: quality[picked].assign(flag=label)[["family_id", "flag", "why"]]
            for name, picked, label in (
                ("rules", quality["flag"].isin(QUALITY_FLAGS), "task breaks a rule"),
                ("load", quality["flag"] == "daily_load", "too many minutes a day"),
                ("over", quality["flag"] == "over_agreed", "more than agreed at intake"),
            )
        },
        "reviews": assignments.overdue_reviews(cur, actor, ids),
        "follow_through": follow_through.caseload_flags(cur, actor, ids),
        "explainer": pd.DataFrame(
            {
                "family_id": sorted(families_without_explainer(cur, actor, ids)),
                "flag": "no intake explainer",
                "why": "No intake explainer or teach-back is recorded.",
            }
        ),
        "orphaned": pd.DataFrame(
            {
                "family_id": [r[0] for r in orphaned],
                "flag": "needs reassignment",
                "why": "A linked therapist's account is deactivated.",
            }
        ),
    }


def _paused_flags(paused, word):
    """Return DataFrame[family_id, flag, why]: practice paused (every running task), until when if known.

    paused: stage_rules.paused_practice of the caseload's families and week."""
    word = word[:1].upper() + word[1:]
    return pd.DataFrame(
        {
            "family_id": paused["family_id"],
            "flag": "practice paused",
            "why": [
                f"{word} is paused: every running task"
                + (
                    f", until {date_text(until, year=False)}."
                    if pd.notna(until)
                    else f", for a planned break until the check-in on {date_text(check_in, year=False)}."
                    if pd.notna(check_in)
                    else ", with no day to restart."
                )
                for until, check_in in zip(paused["until"], paused["check_in"], strict=True)
            ],
        }
    )


def _all_flags(table, gaps, recorded, word="home practice"):
    """Return the flags in the order their reasons are read: gaps, records, paused or no task set, links.

    word: the clinic's word for practice (the practice_word setting)."""
    gaps = gaps[gaps["gap_flag"]]
    paused = recorded.get("paused", pd.DataFrame(columns=["family_id", "flag", "why"]))
    # a family whose tasks are all paused has practice set: it says paused, never "no homework set"
    idle = table[
        (table["status"] == "active")
        & (table["active_tasks"] == 0)
        & ~table["family_id"].isin(paused["family_id"])
    ]
    # a table made without the stage rules (flags() from elsewhere) has no such column
    said = table.reindex(columns=["family_id", "said_done_low"]).explode("said_done_low").dropna()
    upset = table.reindex(columns=["family_id", "upset_ticks"]).dropna()
    upset = upset[upset["upset_ticks"] >= UPSET_TICKS]
    parts = [
        pd.DataFrame(
            {
                "family_id": gaps["family_id"],
                "why": gaps["why"],
                "flag": np.where(gaps["next_session"].isna(), "no session booked", "gap too long"),
            }
        ),
        *(recorded[name] for name in ("checklist", "rules", "load", "over", "reviews", "follow_through")),
        recorded["explainer"],
        pd.DataFrame(
            {
                "family_id": said["family_id"],
                "flag": "said done, ticks low",
                "why": "Reviewed done, but few days ticked in the last 2 weeks: "
                + said["said_done_low"].astype(str)
                + ".",
            }
        ),
        pd.DataFrame(
            {
                "family_id": upset["family_id"],
                "flag": "child upset",
                "why": "The child was marked upset on "
                + upset["upset_ticks"].astype(int).astype(str)
                + " ticks in the last 2 weeks.",
            }
        ),
        paused,
        pd.DataFrame(
            {
                "family_id": idle["family_id"],
                "flag": f"no {word} set",
                "why": f"No {word} task is running.",
            }
        ),
        recorded["orphaned"],
        *([recorded["goals"]] if "goals" in recorded else []),
    ]
    parts = [p[["family_id", "flag", "why"]] for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["family_id", "flag", "why"])
    return pd.concat(parts, ignore_index=True).drop_duplicates(["family_id", "flag", "why"])


def flags(cur, actor, table, gaps):
    """Return DataFrame[family_id, flag, why]: everything a therapist can act on, one row each.

    Rows of table or gaps for families the actor may not see are left out.
    """
    ids = visible_family_ids(cur, actor, table["family_id"].tolist())
    return _all_flags(
        table[table["family_id"].isin(ids)],
        gaps[gaps["family_id"].isin(ids)],
        _record_flags(cur, actor, ids),
        practice_word(get_settings(cur)),
    )


def practice_word(settings):
    """Return the clinic's word for practice as it reads inside a flag: "no home practice set"."""
    return str(settings["practice_word"]).strip().lower() or "home practice"


def opening_week(cur, actor, today=None):
    """Return the week the caseload opens on: the last full week, or this week so far when nothing
    the actor may see was planned then (a new clinic's first family and task show at once)."""
    require_whole_caseload(actor)
    last = last_complete_week(today)
    planned = cur.execute(
        "SELECT EXISTS (SELECT 1 FROM assignments a WHERE a.start_date <= $sunday"
        " AND (a.end_date IS NULL OR a.end_date >= $monday) AND a.family_id IN ("
        + VISIBLE_FAMILIES_SQL
        + "))",
        {**scope(actor), "monday": last, "sunday": last + timedelta(days=6)},
    ).fetchone()[0]
    return last if planned else adherence.week_start(today or clock.today())


@dataclass(frozen=True)
class Overview:
    """The caseload table for one week, plus the weekly figures behind the clinic summary."""

    week: date
    table: pd.DataFrame
    weekly: pd.DataFrame


def overview(
    cur, actor, week=None, mine_only=False, statuses=("active", "paused"), today=None, family_ids=None
):
    """Return the caseload Overview for a week (its Monday), riskiest families first.

    Every figure is judged at the week's end, or today while the week is running (lib.figures.week_figures).
    A family's row depends on that family's records and the clinic's settings only, so
    `family_ids` (a subset) gives exactly those rows of the whole overview.
    """
    require_whole_caseload(actor)
    settings = get_settings(cur)
    week = adherence.week_start(week or last_complete_week())
    table = _families(cur, actor, statuses, mine_only, family_ids)
    if table.empty:
        return Overview(week, table, pd.DataFrame())
    ids = table["family_id"].tolist()  # all visible (_families)
    recorded = db.aside(cur, _record_flags, actor, ids)
    paused = stage_rules.paused_practice(cur, actor, ids, week, today)
    # every task's weeks read once: the family weeks, the stages' fortnight and the goals sum them
    lookback = max(SUMMARY_WEEKS, TREND_WEEKS + 1, settings["chronic_weeks"] + 1, progress.WINDOW_WEEKS)
    as_of = stage_rules.judged_day(week, today)
    weeks = adherence.task_weeks(cur, actor, ids, week - timedelta(weeks=lookback - 1), week, as_of)
    figures, weekly = week_figures.week_figures(
        cur,
        actor,
        ids,
        week,
        settings,
        weeks_back=SUMMARY_WEEKS,
        today=today,
        records=recorded,
        paused=paused,
        weeks=weeks,
    )
    table = table.merge(figures, on="family_id", how="left")
    gaps = table[["family_id", "last_session", "next_session", "gap_flag"]].assign(why=table["gap_why"])
    # each goal's progress since its start, and its flags (about the task, never the family's effort)
    goal_figures = progress.goal_figures(cur, actor, ids, week, today, weeks=weeks)
    table["goal_progress"] = (
        table["family_id"].map(progress.caseload_progress(goal_figures)).astype(object).fillna("")
    )
    recorded = {
        **recorded.result(),
        "goals": progress.caseload_flags(goal_figures),
        "paused": _paused_flags(paused, practice_word(settings)),
    }
    found = _all_flags(table, gaps, recorded, practice_word(settings)).reset_index(drop=True)
    # per family in DuckDB, not a Python function per group: a big clinic has thousands of families
    cur.register("caseload_flags", found.assign(n=found.index))
    try:
        per_family = cur.execute(
            "SELECT family_id, list_sort(list_distinct(list(flag))) AS flags,"
            " string_agg(why, ' ' ORDER BY n) AS flag_why FROM caseload_flags GROUP BY family_id"
        ).df()
    finally:
        cur.unregister("caseload_flags")
    per_family = per_family.set_index("family_id")
    table["flags"] = (
        table["family_id"].map(per_family["flags"].map(list)).map(lambda f: f if isinstance(f, list) else [])
    )
    table["flag_why"] = table["family_id"].map(per_family["flag_why"]).fillna("")
    table["status_label"] = [
        adherence.status_of(c / 100 if pd.notna(c) else None, settings) for c in table["completion"]
    ]
    rank = {"chronic": 0, "dropped": 1, "stalled": 2, "initial": 3}
    table["risk"] = [
        min(rank.get(s, 9), rank.get(g, 9)) for s, g in zip(table["stage"], table["signal"], strict=True)
    ]
    return Overview(week, riskiest_first(table), weekly)


# Every caseload is cut from the whole clinic's (seen_by): a family's row is the same whoever
# looks, so the server works each week out once for everyone. Only this module uses it, and
# nothing computed with it leaves here uncut.
_WHOLE_CLINIC = Actor(0, "", "", "lead")


def clinic_overview(cur, week, today=None, family_ids=None):
    """Return the whole clinic's Overview for a week (of some families), the one every caseload is
    cut from with seen_by. For the server's shared cache only: it holds every family."""
    return overview(cur, _WHOLE_CLINIC, week, today=today, family_ids=family_ids)


def seen_by(cur, actor, view, mine_only=False):
    """Return the caseload actor sees, cut from the whole clinic's Overview `view` (clinic_overview):
    the rows of the families they may see, of those they are linked to with mine_only (a lead's
    "only my families"). The lead's whole caseload is `view` itself."""
    require_whole_caseload(actor)
    ids = visible_family_ids(cur, actor)
    if mine_only:
        linked = {r[0] for r in cur.execute(LINKED_FAMILIES_SQL, {"scope_me": actor.id}).fetchall()}
        ids = [f for f in ids if f in linked]
    shown = view.table["family_id"].isin(ids)
    if shown.all() and not mine_only and actor.is_lead:
        return view
    return Overview(
        view.week,
        view.table[shown].reset_index(drop=True),
        view.weekly[view.weekly["family_id"].isin(ids)].reset_index(drop=True)
        if len(view.weekly)
        else view.weekly,
    )


def family_row(cur, actor, view, family_id):
    """Return the family's row of the whole clinic's Overview `view` (clinic_overview) with the week in
    it, for a screen about that one family (lib.figures.week_figures.from_caseload_row), or None when
    the caseload does not list the family (a discharged one). NotYourFamily unless actor may see it."""
    require_family(cur, actor, family_id)
    found = view.table[view.table["family_id"] == int(family_id)]
    if found.empty:
        return None
    row = found.iloc[0].copy()
    row["week"] = view.week
    return row


def riskiest_first(table):
    """Return the caseload table sorted by risk, then lower completion, then name."""
    return table.sort_values(["risk", "completion", "family", "family_id"], na_position="last").reset_index(
        drop=True
    )


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
    on_track = (weekly["completion"] * 100 >= settings["adherence_threshold"]).astype(float)
    return pd.DataFrame(
        {
            "median": weekly.groupby("week_start")["completion"].median() * 100,
            "on_track": on_track.groupby(weekly["week_start"]).mean() * 100,
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
