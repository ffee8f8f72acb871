-- Home Practice schema, version 10: the shared family screen, and guide actions that act.
-- presenter_state: what the family screen of a session shows, written by the therapist's cue
--   card, read by the family screen every 1.5 s. `state` holds only family-facing ids
--   (agenda step, guide step, reason ids); lib/presenter.py turns them into family words.
--   started_at/ended_at say when the therapist opened and closed session mode.
-- sessions.practice_confirmed_*: the family's "practice done" before a flagged booking.
-- families.paused_from/check_in_on: a planned break and the day to check in again.
-- Append-only: never edit; add a newer migration instead.

CREATE TABLE presenter_state (
    session_id   INTEGER PRIMARY KEY,
    family_id    INTEGER NOT NULL,
    therapist_id INTEGER NOT NULL,
    state        VARCHAR NOT NULL DEFAULT '{}',   -- JSON, family-facing ids only
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    updated_at   TIMESTAMP NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE SEQUENCE practice_flags_id START 1;
CREATE TABLE practice_flags (
    -- "practice done before the next session": open until the family confirms it;
    -- session_id is the booking it holds (NULL until one is booked).
    id            INTEGER PRIMARY KEY DEFAULT nextval('practice_flags_id'),
    family_id     INTEGER NOT NULL,
    session_id    INTEGER,
    flagged_on    DATE NOT NULL,
    flagged_by    INTEGER NOT NULL,
    confirmed_on  DATE,
    confirmed_by  VARCHAR,            -- who in the family confirmed it, as told
    recorded_by   INTEGER
);

ALTER TABLE families ADD COLUMN paused_from DATE;
ALTER TABLE families ADD COLUMN check_in_on DATE;
