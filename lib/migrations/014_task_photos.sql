-- Home Practice schema, version 14: photos from the session, kept with the task.
-- task_photos: a photo the therapist took (or uploaded) while practising a task with the
--   family, so helpers at home see how it is done. `image` is a JPEG made by lib/task_photos.py:
--   upright, at most 1280 px a side, re-encoded without any metadata (no EXIF, no GPS).
--   Clinic-local like every other record; deleted with its task. `on_family_screen` is the
--   therapist's choice to show it on the shared family screen (off until chosen).
-- Append-only: never edit; add a newer migration instead.

CREATE SEQUENCE task_photos_id START 1;
CREATE TABLE task_photos (
    id               INTEGER PRIMARY KEY DEFAULT nextval('task_photos_id'),
    assignment_id    INTEGER NOT NULL,
    family_id        INTEGER NOT NULL,
    image            BLOB NOT NULL,       -- JPEG, no metadata
    width            INTEGER NOT NULL,
    height           INTEGER NOT NULL,
    on_family_screen BOOLEAN NOT NULL DEFAULT FALSE,
    taken_on         DATE NOT NULL,
    added_by         INTEGER NOT NULL,
    added_at         TIMESTAMP NOT NULL DEFAULT current_timestamp
);
