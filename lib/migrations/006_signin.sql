-- Home Practice schema, version 6: sign-in that survives a reload.
-- A browser holds a random token in an HttpOnly cookie; only its SHA-256 is stored here.
-- Every attempt to sign in is kept (for the lockout) next to its audit_log row.
-- Times are the app's clock (lib.clock.now()). Append-only: add a newer migration instead.

CREATE SEQUENCE signin_sessions_id START 1;
CREATE TABLE signin_sessions (
    id                INTEGER PRIMARY KEY DEFAULT nextval('signin_sessions_id'),
    token_hash        VARCHAR NOT NULL,      -- sha256 of the cookie's token
    user_id           INTEGER NOT NULL,
    password_mark     VARCHAR NOT NULL,      -- sha256 of the password hash at sign-in
    created_at        TIMESTAMP NOT NULL,
    last_seen         TIMESTAMP NOT NULL,
    ended_at          TIMESTAMP,
    ended_why         VARCHAR,               -- signed_out, idle, lifetime, password_changed, deactivated
    session_family_id INTEGER,               -- session mode: the one family on screen
    session_id        INTEGER                -- session mode: the therapy session on screen
);

CREATE SEQUENCE signin_attempts_id START 1;
CREATE TABLE signin_attempts (
    id        INTEGER PRIMARY KEY DEFAULT nextval('signin_attempts_id'),
    username  VARCHAR NOT NULL,              -- as typed, lower-cased; '(setup)' for the setup code
    user_id   INTEGER,                       -- NULL when no such account
    tried_at  TIMESTAMP NOT NULL,
    outcome   VARCHAR NOT NULL CHECK (outcome IN ('ok', 'failed', 'locked'))
);

-- The one-time code printed in the terminal of a new, empty clinic (argon2 hash).
CREATE TABLE setup_codes (
    code_hash  VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);
