-- Home Practice schema, version 25: the day a paused task is planned to start again.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- assignments.paused_until: the day a paused task is planned to start again, when the therapist set one
--   (optional; NULL: paused until further notice, or not paused). The family screen says "paused until ...".
--   Resuming the task clears it; the planned-day rule still reads the paused/resumed versions.
ALTER TABLE assignments ADD COLUMN paused_until DATE;
