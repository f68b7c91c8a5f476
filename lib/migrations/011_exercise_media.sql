-- A person's own photo or clip of an exercise (issue 14), kept inside the database file so the
-- one-file promise, the daily backups and restore carry it. `data` holds the file's bytes as
-- uploaded, checked by content first (lib.media.check_media); `sha256` is their hash (hex), which
-- an import matches on. One row per exercise has retired_at NULL: the one shown. Replacing or
-- removing a picture sets retired_at instead of deleting the row, because the audit table keeps old
-- rows as JSON text and a clip of up to 50 MB does not belong in a text column; the audit gets the
-- row's description (no bytes) with a pointer to the row kept here. No foreign key on exercise_id:
-- an import replaces an exercise by deleting and re-inserting it under the same id. No sequence
-- either: lib.store.media numbers a row max(id) + 1 inside its write (one writer at a time), so a
-- restore that brings rows with their own ids leaves no sequence behind them.
CREATE TABLE exercise_media (
    id          INTEGER PRIMARY KEY,
    exercise_id INTEGER NOT NULL,
    kind        VARCHAR NOT NULL CHECK (kind IN ('photo', 'clip')),
    mime        VARCHAR NOT NULL,
    size_bytes  INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256      VARCHAR NOT NULL CHECK (length(sha256) = 64),
    name        VARCHAR,          -- the file name it was given, as the person chose it (NULL: none)
    data        BLOB NOT NULL,
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    retired_at  TIMESTAMP         -- NULL: shown; else when it was replaced or removed
);
