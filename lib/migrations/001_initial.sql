-- Home Practice schema, version 1: every table of the domain (DOMAIN.md).
-- Append-only: never edit a migration that has shipped; add 002_... instead.
-- Dates are DATE, moments are UTC TIMESTAMP (no TIMESTAMPTZ: see STACK.md).

CREATE TABLE clinic_settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE SEQUENCE users_id START 1;
CREATE TABLE users (
    id            INTEGER PRIMARY KEY DEFAULT nextval('users_id'),
    username      VARCHAR NOT NULL UNIQUE,
    display_name  VARCHAR NOT NULL,
    role          VARCHAR NOT NULL CHECK (role IN ('lead', 'therapist')),
    discipline    VARCHAR,
    password_hash VARCHAR NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE families_id START 1;
CREATE TABLE families (
    id            INTEGER PRIMARY KEY DEFAULT nextval('families_id'),
    display_name  VARCHAR NOT NULL,
    date_of_birth DATE,
    intake_date   DATE NOT NULL,
    status        VARCHAR NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'paused', 'discharged')),
    discharged_on DATE,
    notes         VARCHAR NOT NULL DEFAULT '',
    practice_word VARCHAR,           -- overrides the clinic's word for "homework"
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE caregivers_id START 1;
CREATE TABLE caregivers (
    id            INTEGER PRIMARY KEY DEFAULT nextval('caregivers_id'),
    family_id     INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    relation      VARCHAR NOT NULL,
    runs_practice BOOLEAN NOT NULL DEFAULT TRUE,
    active        BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE family_therapists (
    family_id    INTEGER NOT NULL,
    therapist_id INTEGER NOT NULL,
    discipline   VARCHAR NOT NULL CHECK (discipline IN ('OT', 'PT', 'SLP', 'psychology', 'other')),
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (family_id, therapist_id, discipline)
);

CREATE SEQUENCE sessions_id START 1;
CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY DEFAULT nextval('sessions_id'),
    family_id      INTEGER NOT NULL,
    therapist_id   INTEGER NOT NULL,
    discipline     VARCHAR NOT NULL,
    starts_at      TIMESTAMP NOT NULL,   -- clinic local time
    duration_min   INTEGER NOT NULL DEFAULT 45,
    status         VARCHAR NOT NULL DEFAULT 'booked'
                   CHECK (status IN ('booked', 'attended', 'cancelled', 'no_show')),
    note           VARCHAR NOT NULL DEFAULT '',
    needs_practice_confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    agenda_done    VARCHAR[] NOT NULL DEFAULT [],
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE assignments_id START 1;
CREATE TABLE assignments (
    id              INTEGER PRIMARY KEY DEFAULT nextval('assignments_id'),
    family_id       INTEGER NOT NULL,
    therapist_id    INTEGER NOT NULL,
    discipline      VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    instructions    VARCHAR NOT NULL DEFAULT '',
    who             VARCHAR NOT NULL DEFAULT 'both' CHECK (who IN ('child', 'parent', 'both')),
    supporter_ids   INTEGER[] NOT NULL DEFAULT [],
    minutes         INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    days_per_week   INTEGER NOT NULL CHECK (days_per_week BETWEEN 1 AND 7),
    weekdays        INTEGER[],            -- 0=Mon..6=Sun; NULL = any days_per_week days
    start_date      DATE NOT NULL,
    end_date        DATE,
    review_date     DATE,
    routine_anchor  VARCHAR NOT NULL DEFAULT '',
    routine_time    TIME,
    materials       VARCHAR NOT NULL DEFAULT '',
    has_materials   BOOLEAN,
    practised_in_session BOOLEAN NOT NULL DEFAULT FALSE,
    family_chose    BOOLEAN NOT NULL DEFAULT FALSE,
    reward_plan     VARCHAR NOT NULL DEFAULT '',
    reward_ticks    INTEGER NOT NULL DEFAULT 5,
    media_ref       VARCHAR NOT NULL DEFAULT '',
    cross_note      VARCHAR NOT NULL DEFAULT '',   -- cross-accountability partner note
    status          VARCHAR NOT NULL DEFAULT 'active'
                    CHECK (status IN ('active', 'paused', 'completed', 'retired')),
    reissued_from   INTEGER,
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX assignments_family ON assignments (family_id);

CREATE TABLE assignment_versions (
    assignment_id INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    changed_on    DATE NOT NULL,
    kind          VARCHAR NOT NULL,      -- created, edited, made_easier, paused, resumed, ...
    reason        VARCHAR NOT NULL DEFAULT '',
    snapshot      JSON,
    changed_by    INTEGER NOT NULL,
    changed_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (assignment_id, version)
);

CREATE TABLE barrier_answers (
    assignment_id INTEGER NOT NULL,
    barrier       VARCHAR NOT NULL,
    answer        VARCHAR NOT NULL CHECK (answer IN ('ok', 'risk', 'not_asked')),
    plan          VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (assignment_id, barrier)
);

CREATE SEQUENCE templates_id START 1;
CREATE TABLE templates (
    id             INTEGER PRIMARY KEY DEFAULT nextval('templates_id'),
    discipline     VARCHAR NOT NULL,
    area           VARCHAR NOT NULL DEFAULT '',
    title          VARCHAR NOT NULL,
    instructions   VARCHAR NOT NULL,
    who            VARCHAR NOT NULL DEFAULT 'both',
    minutes        INTEGER NOT NULL,
    days_per_week  INTEGER NOT NULL,
    routine_anchor VARCHAR NOT NULL DEFAULT '',
    materials      VARCHAR NOT NULL DEFAULT '',
    reward_plan    VARCHAR NOT NULL DEFAULT '',
    active         BOOLEAN NOT NULL DEFAULT TRUE
);

-- One tick per assignment per practice day; unticking deletes it (and is audited).
CREATE TABLE ticks (
    assignment_id INTEGER NOT NULL,
    practice_date DATE NOT NULL,
    family_id     INTEGER NOT NULL,
    minutes       INTEGER,
    caregiver_id  INTEGER,
    how_it_went   VARCHAR CHECK (how_it_went IN ('easy', 'ok', 'hard')),
    distress      BOOLEAN NOT NULL DEFAULT FALSE,
    evidence      VARCHAR NOT NULL DEFAULT 'sheet'
                  CHECK (evidence IN ('sheet', 'photo', 'demonstrated', 'verbal')),
    entered_by    INTEGER NOT NULL,
    entered_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (assignment_id, practice_date)
);
CREATE INDEX ticks_family ON ticks (family_id, practice_date);

-- Days that count neither for nor against; assignment_id NULL = the whole family.
CREATE TABLE skip_days (
    family_id     INTEGER NOT NULL,
    assignment_id INTEGER,
    day           DATE NOT NULL,
    reason        VARCHAR NOT NULL,
    entered_by    INTEGER NOT NULL,
    entered_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX skip_days_family ON skip_days (family_id, day);

CREATE SEQUENCE reviews_id START 1;
CREATE TABLE homework_reviews (
    id            INTEGER PRIMARY KEY DEFAULT nextval('reviews_id'),
    family_id     INTEGER NOT NULL,
    assignment_id INTEGER NOT NULL,
    session_id    INTEGER,
    reviewed_on   DATE NOT NULL,
    outcome       VARCHAR NOT NULL CHECK (outcome IN ('done', 'partly', 'not_done')),
    hardest       VARCHAR NOT NULL DEFAULT '',
    reasons       VARCHAR[] NOT NULL DEFAULT [],
    child_experience VARCHAR NOT NULL DEFAULT '',
    therapist_id  INTEGER NOT NULL,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE guide_runs_id START 1;
CREATE TABLE guide_runs (
    id            INTEGER PRIMARY KEY DEFAULT nextval('guide_runs_id'),
    family_id     INTEGER NOT NULL,
    therapist_id  INTEGER NOT NULL,
    session_id    INTEGER,
    run_on        DATE NOT NULL,
    stage         VARCHAR NOT NULL,
    path          VARCHAR NOT NULL,
    steps_visited VARCHAR[] NOT NULL DEFAULT [],
    reasons       VARCHAR[] NOT NULL DEFAULT [],
    actions       VARCHAR[] NOT NULL DEFAULT [],
    outcome       VARCHAR NOT NULL DEFAULT '',
    note          VARCHAR NOT NULL DEFAULT '',
    guide_version VARCHAR NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE explainer_runs_id START 1;
CREATE TABLE explainer_runs (
    id             INTEGER PRIMARY KEY DEFAULT nextval('explainer_runs_id'),
    family_id      INTEGER NOT NULL,
    therapist_id   INTEGER NOT NULL,
    run_on         DATE NOT NULL,
    minutes_per_day INTEGER,
    days_per_week  INTEGER,
    understood     BOOLEAN NOT NULL DEFAULT FALSE,
    revisit        VARCHAR NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Append-only record of every write.
CREATE SEQUENCE audit_id START 1;
CREATE TABLE audit_log (
    id        BIGINT PRIMARY KEY DEFAULT nextval('audit_id'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    user_id   INTEGER,
    action    VARCHAR NOT NULL,
    entity    VARCHAR NOT NULL,
    entity_id BIGINT,
    detail    JSON
);
