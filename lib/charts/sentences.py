"""The plain sentence under each chart: what it shows, in words a family follows."""

from datetime import timedelta

import pandas as pd

from lib.words import discipline_word, week_start


def _days(n):
    return f"{n} day" if n == 1 else f"{n} days"


def week_sentence(name, family_weekly, as_of):
    """Say how many planned days were practised this week and last week ("Sam practised on 5 of 6 ...")."""
    this_week, last_week = week_start(as_of), week_start(as_of) - timedelta(days=7)
    weeks = family_weekly.assign(week_start=pd.to_datetime(family_weekly["week_start"]).dt.date)
    parts = []
    for week, words in ((this_week, "this week so far"), (last_week, "last week")):
        row = weeks[weeks["week_start"] == week]
        planned = int(row["planned_days"].sum())
        ticked = int(row["ticked_days"].sum())
        if planned:
            parts.append(f"{ticked} of {planned} planned days {words}")
    if not parts:
        return f"No practice days were planned for {name} this week or last week."
    return f"{name} practised on " + " and ".join(parts) + "."


def calendar_sentence(days, any_day_tasks=False):
    """Count the calendar's practised, partly practised, unticked and skip days in words."""
    counts = days["state"].value_counts()
    done, some = int(counts.get("done", 0)), int(counts.get("some", 0))
    missed, skipped = int(counts.get("not_ticked", 0)), int(counts.get("skipped", 0))
    if done + some + missed + skipped + int(counts.get("rest", 0)) == 0:
        return "Nothing was planned in these weeks yet."
    text = f"Dark blue squares are days with practice: {_days(done)}"
    text += f" fully and {_days(some)} partly." if some else "."
    if missed:
        text += f" Orange squares are planned days without a tick: {_days(missed)}."
    if skipped:
        text += f" Yellow squares are skip days ({_days(skipped)}): they count neither for nor against."
    if any_day_tasks:
        text += " For tasks done on any days of the week, a day without a tick is a rest day."
    return text + " Circles mark sessions."


def completion_sentence(weekly, threshold, as_of):
    """Describe last full week's completion per discipline against the clinic's goal."""
    last_week = week_start(as_of) - timedelta(days=7)
    rows = weekly[(pd.to_datetime(weekly["week_start"]).dt.date == last_week) & (weekly["planned_days"] > 0)]
    if rows.empty:
        return f"Nothing was planned last week. The dashed line is the clinic's goal of {threshold}% of planned days."
    parts = [
        f"{discipline_word(d)} {t} of {p} planned days"
        for d, t, p in zip(rows["discipline"], rows["ticked_days"], rows["planned_days"], strict=True)
    ]
    return f"Last week: {'; '.join(parts)}. The dashed line is the clinic's goal of {threshold}% of planned days."


def habit_sentence(series, as_of, lookback_days=14):
    """Say where each task's habit strength stands and whether it rose or fell over two weeks."""
    if series.empty:
        return "No task has been running long enough to show a trend yet."
    series = series.assign(day=pd.to_datetime(series["day"]).dt.date)
    parts = []
    for _, rows in series.groupby("assignment_id", sort=False):
        now = rows["score"].iloc[-1]
        before = rows.loc[rows["day"] <= as_of - timedelta(days=lookback_days), "score"]
        trend = ""
        if len(before):
            change = now - before.iloc[-1]
            trend = " and rising" if change > 0.03 else " and falling" if change < -0.03 else " and steady"
        parts.append(f"{rows['title'].iloc[0]} is at {now * 100:.0f}%{trend}")
    return "; ".join(parts) + ". Markers show when a task was changed, made easier or given again."


def reward_sentence(progress):
    """Say how many more ticks each task needs for its next reward."""
    if progress.empty:
        return "No rewards are set up yet."
    parts = []
    for title, plan, need, have in progress[["title", "reward_plan", "reward_ticks", "stars"]].itertuples(
        index=False
    ):
        more = int(need) - int(have)
        parts.append(
            f"{title}: {more} more {'tick' if more == 1 else 'ticks'} to the next reward"
            + (f" ({plan})" if plan else "")
        )
    return "; ".join(parts) + "."
