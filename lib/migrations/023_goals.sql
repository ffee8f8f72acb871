-- Home Practice schema, version 23: the family's goals, their 5-level scales and dated ratings.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- goals: one goal of a family in the family's own words, with a goal-attainment scale written with
--   the family at the start: level_m2 (-2, where the child is now), level_m1 (-1, some progress),
--   level_0 (0, the expected outcome by review_date), level_p1 (+1) and level_p2 (+2, better than
--   expected). status: 'active', 'achieved' or 'stopped'. Edited with an optimistic version (007).
-- goal_tasks: which goal a task serves (a task serves one goal; a goal has many tasks). A task given
--   again (re-issued) keeps its goal. No row: the task serves no goal yet.
-- goal_ratings: where the child is on a goal's scale on a day (-2..+2), rated with the family; with
--   the evidence ('session': seen in session, 'family': the family's report, 'media': a video or
--   photo), an optional note, the session it was rated in (NULL outside one) and who rated it.
--   A goal's first rating is its starting point, -2, on the day it was written. Corrected with an
--   optimistic version; every write is audited (lib/goals).
CREATE SEQUENCE goals_id START 1;
CREATE TABLE goals (
    id          INTEGER PRIMARY KEY DEFAULT nextval('goals_id'),
    family_id   INTEGER NOT NULL,
    discipline  VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    level_m2    VARCHAR NOT NULL,
    level_m1    VARCHAR NOT NULL,
    level_0     VARCHAR NOT NULL,
    level_p1    VARCHAR NOT NULL,
    level_p2    VARCHAR NOT NULL,
    review_date DATE,
    status      VARCHAR NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'achieved', 'stopped')),
    started_on  DATE NOT NULL,
    created_by  INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE goal_tasks (
    assignment_id INTEGER PRIMARY KEY,
    goal_id       INTEGER NOT NULL
);

CREATE SEQUENCE goal_ratings_id START 1;
CREATE TABLE goal_ratings (
    id         INTEGER PRIMARY KEY DEFAULT nextval('goal_ratings_id'),
    goal_id    INTEGER NOT NULL,
    family_id  INTEGER NOT NULL,
    rated_on   DATE NOT NULL,
    level      INTEGER NOT NULL CHECK (level BETWEEN -2 AND 2),
    evidence   VARCHAR NOT NULL CHECK (evidence IN ('session', 'family', 'media')),
    note       VARCHAR NOT NULL DEFAULT '',
    session_id INTEGER,
    rated_by   INTEGER NOT NULL,
    rated_at   TIMESTAMP NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
