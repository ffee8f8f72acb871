-- Home Practice schema, version 20: where the therapist is in a session, kept with the session.
-- session_places: the cue card's agenda step and, when the conversation guide is open, its task,
--   path and step (JSON of ids: assignment_id, path, step, trail, visited, reasons, actions,
--   outcome, stage, saved_run), so a reload of the therapist's window comes back where it was,
--   as session mode itself does (signin_sessions.session_id). Written by lib.sessions.session_mode.
-- clinic_settings gains session_idle_minutes through lib/settings.py (no schema change).
-- Append-only: never edit; add a newer migration instead.

CREATE TABLE session_places (
    session_id  INTEGER PRIMARY KEY,
    agenda_step INTEGER NOT NULL DEFAULT 0,
    guide       VARCHAR,                -- JSON, ids only; NULL when the guide is not open
    updated_at  TIMESTAMP NOT NULL
);
