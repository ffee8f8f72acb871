-- Home Practice schema, version 17: sign-in attempts that cannot fill the disk or keep a typed password.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- signin_attempts.client: the address an attempt came from, for the per-computer limit.
-- signin_attempts.username now holds a known username (cut to 64 characters) or, for a name no
-- account has, only a keyed hash of it ('?' + hex): a password typed into the username box is
-- never kept. Attempts are kept 30 days (lib/accounts/signin.py prunes older ones).
-- signin_secret: the key of that hash (made on first use; never exported, like sheet_secret).
ALTER TABLE signin_attempts ADD COLUMN client VARCHAR;
DELETE FROM signin_attempts WHERE user_id IS NULL AND username <> '(setup)';
CREATE TABLE signin_secret (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BLOB NOT NULL
);
-- One row the readiness check (GET /ready) writes, to prove the database can still commit.
CREATE TABLE readiness_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    written_at TIMESTAMP NOT NULL
);
