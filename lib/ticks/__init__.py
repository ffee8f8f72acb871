"""Ticks and skip days: recording what was practised, and the week grid they are entered on.

A tick is one dated record that a task was practised on a day. Skip days (illness, holiday,
hospital) count neither for nor against. The measures built on them live in lib/figures/adherence.py.

rules   what a tick and a skip day may hold (evidence, how it went, reasons) and the day checks
writes  record (one, or a sheet's batch), update and remove ticks; add and remove skip days (audited)
reads   one tick, the week grid, skip days, and what the family's charts are drawn from
"""

from lib.ticks.reads import (
    ChartTask,
    Tick,
    get_tick,
    list_chart_tasks,
    list_session_dates,
    list_skip_days,
    list_version_marks,
    reward_progress,
    week_grid,
)
from lib.ticks.rules import (
    EVIDENCE,
    HOW_IT_WENT,
    MAX_SKIP_SPAN,
    SKIP_REASONS,
    STATES,
    TICKABLE,
    TickOutsideSchedule,
)
from lib.ticks.writes import (
    add_skip_days,
    record_tick,
    record_ticks,
    remove_skip_day,
    remove_tick,
    save_tick_details,
    update_tick,
)

__all__ = [
    "EVIDENCE",
    "HOW_IT_WENT",
    "MAX_SKIP_SPAN",
    "SKIP_REASONS",
    "STATES",
    "TICKABLE",
    "ChartTask",
    "Tick",
    "TickOutsideSchedule",
    "add_skip_days",
    "get_tick",
    "list_chart_tasks",
    "list_session_dates",
    "list_skip_days",
    "list_version_marks",
    "record_tick",
    "record_ticks",
    "remove_skip_day",
    "remove_tick",
    "reward_progress",
    "save_tick_details",
    "update_tick",
    "week_grid",
]
