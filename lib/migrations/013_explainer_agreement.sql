-- Home Practice schema, version 13: what the family agreed at the intake explainer's teach-back.
-- explainer_runs gains the family's goal in their own words, who helps and when in the day
--   (as the family said it), and which explainer variant (data/explainer.json) was shown.
--   The first tasks' form and the caregiver handout take these as their starting point.
-- The lead's adapted explainer wording lives in guide_wording (migration 005), its fields
--   named "explainer.<place>" (e.g. "explainer.variants.anxiety_teen.analogy").
-- Append-only: never edit; add a newer migration instead.

ALTER TABLE explainer_runs ADD COLUMN goal VARCHAR DEFAULT '';
ALTER TABLE explainer_runs ADD COLUMN who_helps VARCHAR DEFAULT '';
ALTER TABLE explainer_runs ADD COLUMN practice_when VARCHAR DEFAULT '';
ALTER TABLE explainer_runs ADD COLUMN variant VARCHAR DEFAULT '';
