-- Home Practice schema, version 18: a task's safety lines are a field of their own.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- assignments.safety, templates.safety: the safety and supervision lines, one point per line
--   ('' when none). Every paper and screen prints them in full, whatever else a layout shortens.
-- assignments.safety_acknowledged: the safety advice the therapist read and accepted when saving
--   the task (one line per piece of advice; '' when there was none).
-- The sentences of "what to do" that are safety lines move into the new field, by the rule of
-- lib/assignments/safety.py (SENTENCE and SAFETY_SENTENCE, copied here as they stand today; a
-- test checks both move the same sentences). Each task that changed gets an audit row listing
-- what moved, so the therapist can see it.
-- DuckDB adds a column only to a table without an index: drop it and build it again
DROP INDEX assignments_family;
ALTER TABLE assignments ADD COLUMN safety VARCHAR NOT NULL DEFAULT '';
ALTER TABLE assignments ADD COLUMN safety_acknowledged VARCHAR NOT NULL DEFAULT '';
ALTER TABLE templates ADD COLUMN safety VARCHAR NOT NULL DEFAULT '';
CREATE INDEX assignments_family ON assignments (family_id);

CREATE TEMP TABLE safety_split AS
WITH parts AS (
    SELECT 'assignment' AS entity, id, family_id,
           list_filter(list_transform(regexp_extract_all(instructions, '[^.!?]+[.!?]*["'']?'), lambda s: trim(s)),
                       lambda s: s <> '') AS found
    FROM assignments
    UNION ALL
    SELECT 'template', id, NULL,
           list_filter(list_transform(regexp_extract_all(instructions, '[^.!?]+[.!?]*["'']?'), lambda s: trim(s)),
                       lambda s: s <> '')
    FROM templates
), marked AS (
    SELECT entity, id, family_id, found,
           list_filter(found, lambda s: regexp_matches(s, '(?i)^(?:stop (?:if|as soon as|when|straight away|at once)\b|stay (?:close|one step|next to|beside|in the room|within reach|with your child)\b|(?:a|an|one) (?:grown-up|adult|parent) (?:stays|holds|watches|is there)\b|hold hands\b|keep [^.!?]{0,60}\baway from\b|never\b|always [^.!?]{0,40}\b(?:supervise|watch|stay|hold)|only carry on if\b|choose [^.!?]{0,40}\baway from the road\b)')) AS moved
    FROM parts
)
SELECT entity, id, family_id,
       array_to_string(list_filter(found, lambda s: NOT list_contains(moved, s)), ' ') AS rest,
       array_to_string(moved, chr(10)) AS safety
FROM marked WHERE len(moved) > 0;

UPDATE assignments SET instructions = s.rest, safety = s.safety
FROM safety_split s WHERE s.entity = 'assignment' AND s.id = assignments.id;
UPDATE templates SET instructions = s.rest, safety = s.safety
FROM safety_split s WHERE s.entity = 'template' AND s.id = templates.id;

INSERT INTO audit_log (user_id, action, entity, entity_id, detail, family_id)
SELECT NULL, 'move_safety_lines', entity, id, json_object('moved', safety), family_id FROM safety_split;

DROP TABLE safety_split;
