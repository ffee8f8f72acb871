-- Home Practice schema, version 11: a per-task, per-week summary of the day grid (lib/week_summary.py).
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- One row per task per full week (Monday to Sunday) the task ran in: its active, planned and ticked
-- days, the minutes recorded, and the week's share of the habit-strength sum. A row depends only on
-- the task's records (schedule, dates, pauses, skip days, ticks), never on today, so a past week
-- reads the same whenever it is asked. Every write of those records refreshes the rows it changes
-- in the same transaction (week_summary.refresh); `through` says up to which Sunday a task's rows
-- are complete, and readers extend it (week_summary.ensure) when a new week has ended. That same
-- function backfills an existing clinic: a task without a `through` row is summarised from its start
-- on the first read after this migration.
CREATE TABLE week_summary (
    assignment_id INTEGER NOT NULL,
    week_start    DATE NOT NULL,      -- a Monday
    family_id     INTEGER NOT NULL,
    active_days   INTEGER NOT NULL,   -- inside the task's dates, not skipped, not paused
    planned_days  INTEGER NOT NULL,   -- what completion divides by
    ticked_days   INTEGER NOT NULL,   -- ticks on active days
    minutes_done  INTEGER NOT NULL,
    habit_sum     DOUBLE NOT NULL,    -- sum of v * (1 - keep) * keep ^ (active days after it in the week)
    habit_end     DOUBLE NOT NULL     -- the habit strength on the week's Sunday (all weeks up to it)
);

CREATE TABLE week_summary_through (
    assignment_id INTEGER PRIMARY KEY,
    through       DATE NOT NULL       -- a Sunday: every week of the task ending by then has its row
);
