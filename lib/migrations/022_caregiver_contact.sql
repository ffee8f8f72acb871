-- Home Practice schema, version 22: how to reach a caregiver, and whether they agreed to it.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- caregivers.phone, caregivers.email: optional; NULL when not given. Never shown on the family
--   screen, never written to the audit trail or the logs (the audit says which of them changed).
-- caregivers.reminder_way: how the caregiver prefers to be reminded: 'email', 'text' (a text
--   message), 'paper' (the sheet on the fridge) or 'calendar' (the phone calendar file handed
--   over); NULL when not chosen yet (lib/families/contact.py).
-- caregivers.contact_consent: the caregiver agreed to be contacted; contact_consent_on: the day
--   they did (set by the app's clock when consent is ticked, NULL once it is withdrawn).
-- DuckDB cannot add a NOT NULL column to a table with an index, so the default fills old rows.
ALTER TABLE caregivers ADD COLUMN phone VARCHAR;
ALTER TABLE caregivers ADD COLUMN email VARCHAR;
ALTER TABLE caregivers ADD COLUMN reminder_way VARCHAR;
ALTER TABLE caregivers ADD COLUMN contact_consent BOOLEAN DEFAULT FALSE;
ALTER TABLE caregivers ADD COLUMN contact_consent_on DATE;
