-- Home Practice schema, version 5: the clinic's own wording for the conversation guide.
-- The shipped guide lives in data/guide.json; the clinic lead may adapt any text in it.
-- One row per adapted field (e.g. "paths.initial.steps.ask.prompt"); deleting the rows
-- resets to the shipped wording. Append-only: never edit; add a newer migration instead.

CREATE TABLE guide_wording (
    field           VARCHAR PRIMARY KEY,
    text            VARCHAR NOT NULL,
    shipped_version VARCHAR NOT NULL,   -- data/guide.json version the text was written for
    changed_by      INTEGER NOT NULL,
    changed_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
