-- Honest entry (issue 11): what the person did not say is stored as unknown (NULL).
-- Check-in: only pain now is required. Session: may be saved as skipped (nothing done,
-- no minutes or effort). Exercise row: a row not done needs no pain.
-- DuckDB cannot alter a table that an index or a sequence default depends on, so session
-- and exercise_log are rebuilt: copied aside, recreated, refilled with every row, ids kept.

ALTER TABLE checkin ALTER COLUMN stiffness DROP NOT NULL;
ALTER TABLE checkin ALTER COLUMN sleep_hours DROP NOT NULL;
ALTER TABLE checkin ALTER COLUMN sleep_quality DROP NOT NULL;
ALTER TABLE checkin ALTER COLUMN stress DROP NOT NULL;
ALTER TABLE checkin ALTER COLUMN sitting_hours DROP NOT NULL;

CREATE TABLE session_before_003 AS SELECT * FROM session;
DROP INDEX session_day_idx;
DROP TABLE session;
CREATE TABLE session (
    id           INTEGER PRIMARY KEY DEFAULT nextval('session_id_seq'),
    day          DATE NOT NULL,
    focus        VARCHAR NOT NULL CHECK (focus IN ('control', 'mobility', 'strength', 'decompression')),
    duration_min INTEGER CHECK (duration_min BETWEEN 1 AND 240),
    rpe          INTEGER CHECK (rpe BETWEEN 0 AND 10),
    notes        VARCHAR NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    skipped      BOOLEAN NOT NULL DEFAULT FALSE,
    skip_reason  VARCHAR CHECK (skip_reason IN ('pain', 'time', 'travel', 'other')),
    CHECK (skipped OR (duration_min IS NOT NULL AND rpe IS NOT NULL)),
    CHECK (skip_reason IS NULL OR skipped)
);
INSERT INTO session (id, day, focus, duration_min, rpe, notes, created_at)
    SELECT id, day, focus, duration_min, rpe, notes, created_at FROM session_before_003;
DROP TABLE session_before_003;
CREATE INDEX session_day_idx ON session (day);

CREATE TABLE exercise_log_before_003 AS SELECT * FROM exercise_log;
DROP INDEX exercise_log_session_idx;
DROP INDEX exercise_log_exercise_idx;
DROP TABLE exercise_log;
CREATE TABLE exercise_log (
    id          INTEGER PRIMARY KEY DEFAULT nextval('exercise_log_id_seq'),
    session_id  INTEGER NOT NULL,
    exercise_id INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    variant     VARCHAR,
    sets DOUBLE, reps DOUBLE, hold_s DOUBLE, tempo_s DOUBLE, load_kg DOUBLE,
    band_level DOUBLE, range_level DOUBLE, support_level DOUBLE, duration_min DOUBLE, distance_m DOUBLE,
    completed   BOOLEAN NOT NULL DEFAULT TRUE,
    pain_during INTEGER CHECK (pain_during BETWEEN 0 AND 10),
    CHECK (pain_during IS NOT NULL OR NOT completed)
);
INSERT INTO exercise_log SELECT * FROM exercise_log_before_003;
DROP TABLE exercise_log_before_003;
CREATE INDEX exercise_log_session_idx ON exercise_log (session_id);
CREATE INDEX exercise_log_exercise_idx ON exercise_log (exercise_id);
