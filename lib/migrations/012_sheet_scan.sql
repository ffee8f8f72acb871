-- Home Practice schema, version 12: printed sheets that can be read back from a photo.
-- Append-only: never edit a migration that has shipped; add a newer one instead.
--
-- Every marked fridge sheet or star chart is registered when it is printed: its code holds
-- only the sheet id and a clinic check; the rows here say which family, which task (at which
-- version) and which day each box stands for, and where the box lies on the page (mm).
CREATE SEQUENCE printed_sheets_id START 1;
CREATE TABLE printed_sheets (
    id          INTEGER PRIMARY KEY DEFAULT nextval('printed_sheets_id'),
    family_id   INTEGER NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('fridge', 'stars')),
    first_day   DATE NOT NULL,
    page_w      DOUBLE NOT NULL,          -- page size in mm
    page_h      DOUBLE NOT NULL,
    fingerprint VARCHAR NOT NULL,         -- the boxes' tasks, versions, days and places: reprints reuse the id
    printed_by  INTEGER NOT NULL,
    printed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX printed_sheets_family ON printed_sheets (family_id, fingerprint);

CREATE TABLE printed_sheet_boxes (
    sheet_id      INTEGER NOT NULL,
    box           INTEGER NOT NULL,       -- 0.. in reading order
    page          INTEGER NOT NULL,       -- 1.. (a long star chart runs over pages)
    assignment_id INTEGER NOT NULL,
    task_version  INTEGER NOT NULL,
    practice_date DATE,                   -- NULL: a star the family dates by hand
    shape         VARCHAR NOT NULL CHECK (shape IN ('box', 'star')),
    x DOUBLE NOT NULL, y DOUBLE NOT NULL, w DOUBLE NOT NULL, h DOUBLE NOT NULL,
    PRIMARY KEY (sheet_id, box)
);

-- The clinic's key for the check on every sheet code (made on first print; never exported).
CREATE TABLE sheet_secret (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value BLOB NOT NULL
);

-- A photo of a returned sheet, kept in the family's record with the ticks it gave.
-- photo is NULL once deleted; the row (who read it, when, how many ticks) stays.
CREATE SEQUENCE sheet_photos_id START 1;
CREATE TABLE sheet_photos (
    id          INTEGER PRIMARY KEY DEFAULT nextval('sheet_photos_id'),
    sheet_id    INTEGER NOT NULL,
    family_id   INTEGER NOT NULL,
    photo       BLOB,
    mime        VARCHAR NOT NULL DEFAULT 'image/jpeg',
    digest      VARCHAR NOT NULL,         -- sha256 of the upload: the same photo is not saved twice
    ticks_saved INTEGER NOT NULL DEFAULT 0,
    saved_by    INTEGER NOT NULL,
    saved_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX sheet_photos_family ON sheet_photos (family_id);

-- Which ticks came from which photo (evidence 'sheet' on the tick itself).
CREATE TABLE sheet_photo_ticks (
    photo_id      INTEGER NOT NULL,
    assignment_id INTEGER NOT NULL,
    practice_date DATE NOT NULL,
    PRIMARY KEY (photo_id, assignment_id, practice_date)
);
