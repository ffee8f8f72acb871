-- Home Practice schema, version 15: each audit row names its family and the first day it touches.
-- audit_log.family_id: the family the write is about (NULL when none can be said: a setting, a
--   user, a deleted task); audit_log.first_day: the first day a write about ticks or skip days
--   touches (NULL for any other write). lib.audit writes both with the row, by the rule of
--   lib.audit.FAMILY_OF_ROW_SQL and DAY_OF_ROW_SQL; lib.changes reads them instead of working
--   them out again from the other tables at every look. The rows already written get them here,
--   by the same rule as of today.
-- Append-only: never edit; add a newer migration instead.

ALTER TABLE audit_log ADD COLUMN family_id BIGINT;
ALTER TABLE audit_log ADD COLUMN first_day DATE;

UPDATE audit_log SET
    family_id = CASE
        WHEN audit_log.entity = 'family' THEN audit_log.entity_id
        WHEN audit_log.entity IN ('assignment', 'tick', 'barrier_answers')
            THEN (SELECT s.family_id FROM assignments s WHERE s.id = audit_log.entity_id)
        WHEN audit_log.entity = 'session'
            THEN (SELECT s.family_id FROM sessions s WHERE s.id = audit_log.entity_id)
        ELSE TRY_CAST(json_extract_string(audit_log.detail, '$.family_id') AS BIGINT)
    END,
    first_day = CASE
        WHEN audit_log.action IN ('tick', 'untick', 'unskip')
             OR (audit_log.action = 'update' AND audit_log.entity = 'tick')
            THEN TRY_CAST(json_extract_string(audit_log.detail, '$.day') AS DATE)
        WHEN audit_log.action = 'skip' THEN TRY_CAST(json_extract_string(audit_log.detail, '$.first') AS DATE)
    END;
