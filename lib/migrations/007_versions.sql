-- Home Practice schema, version 7: an optimistic version on every editable record.
-- An update names the version its form showed; a mismatch is "changed a moment ago" (lib/versions.py),
-- never a silent overwrite. Assignments had theirs from version 1.
-- DuckDB cannot add a NOT NULL column to a table with an index, so the default fills old rows.
-- Append-only: never edit; add a newer migration instead.

ALTER TABLE families ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE caregivers ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE sessions ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE ticks ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE templates ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE clinic_settings ADD COLUMN version INTEGER DEFAULT 1;
ALTER TABLE guide_wording ADD COLUMN version INTEGER DEFAULT 1;
