-- Home Practice schema, version 21: who a template is for, at what age, and its accepted safety advice.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- templates.age_min, templates.age_max: the ages (whole years, both included) the task fits; NULL
--   when not set (it fits every age). Shipped templates get theirs from data/templates.json when seeded.
-- templates.audience: who the task's paper is for: 'child', 'teen' or 'caregiver' (the parent's own
--   practice); data/templates.json calls it "for".
-- templates.safety_acknowledged: the safety advice the clinic lead read and accepted when saving the
--   template (one line per piece of advice; '' when there was none), as assignments have (018).
ALTER TABLE templates ADD COLUMN age_min INTEGER;
ALTER TABLE templates ADD COLUMN age_max INTEGER;
ALTER TABLE templates ADD COLUMN audience VARCHAR NOT NULL DEFAULT 'child';
ALTER TABLE templates ADD COLUMN safety_acknowledged VARCHAR NOT NULL DEFAULT '';
