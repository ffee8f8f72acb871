-- Home Practice schema, version 27: the first day of a task's pause, so a pause can be planned ahead.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- assignments.paused_from: the first paused day of a paused task (NULL: not paused). A task paused
--   from a day still ahead (a planned break) keeps running until then: its state on a day is
--   lib.assignments.records.STATE_TODAY_SQL. Any other change of status clears it, like paused_until.
--   The planned-day rule still reads the paused/resumed versions, dated the same day.
-- Paused tasks already stored take the day of their latest 'paused' version (a break already
-- started keeps its day; one saved ahead of its start by an older release now runs until then).
ALTER TABLE assignments ADD COLUMN paused_from DATE;
UPDATE assignments SET paused_from = (
    SELECT v.changed_on FROM assignment_versions v
    WHERE v.assignment_id = assignments.id AND v.kind = 'paused'
    ORDER BY v.version DESC LIMIT 1
) WHERE status = 'paused';
