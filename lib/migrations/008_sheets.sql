-- Home Practice schema, version 8: sheets, stars, reminders and the home-practice kit.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- assignments.reward_ticks (version 1) is the one reward definition, with reward_plan its text.
-- A reminder comes at the task's routine_time (none set: an all-day note without an alarm).
-- reminder_mode says how a task for "any N days a week" reminds: 'nudge' (a daily nudge
-- worded as such) or 'days' (on the reminder_days the therapist chose with the family).
-- DuckDB refuses to alter a table with an index: drop it, alter, rebuild it.
DROP INDEX assignments_family;
ALTER TABLE assignments ADD COLUMN reminder_mode VARCHAR NOT NULL DEFAULT 'nudge';
ALTER TABLE assignments ADD COLUMN reminder_days INTEGER[];  -- 0=Mon..6=Sun, for mode 'days'
-- The kit: what the clinic lends of the materials, and where the family gets the rest.
ALTER TABLE assignments ADD COLUMN materials_lent VARCHAR NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN materials_where VARCHAR NOT NULL DEFAULT '';
CREATE INDEX assignments_family ON assignments (family_id);
-- Templates carry the reward's tick count beside its text, and where to get the materials.
ALTER TABLE templates ADD COLUMN reward_ticks INTEGER NOT NULL DEFAULT 5;
ALTER TABLE templates ADD COLUMN materials_where VARCHAR NOT NULL DEFAULT '';
