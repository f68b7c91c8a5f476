-- The whole schema of DESIGN.md §4. CHECK constraints mirror lib/models.py,
-- so a row that slips past the models is still refused by the database.
-- No FOREIGN KEYs: DuckDB checks them eagerly inside a transaction, which would
-- forbid deleting a session and its rows together; lib/store.py keeps the links.

CREATE SEQUENCE exercise_id_seq START 1;
CREATE TABLE exercise (
    id          INTEGER PRIMARY KEY DEFAULT nextval('exercise_id_seq'),
    name        VARCHAR NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 80),
    category    VARCHAR NOT NULL CHECK (category IN
                ('breathing', 'decompression', 'control', 'mobility', 'strength', 'transition', 'walking')),
    cues        VARCHAR NOT NULL DEFAULT '',   -- one cue per line
    variants    VARCHAR NOT NULL DEFAULT '',   -- the variant chain, easiest first, one per line
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    anchor      BOOLEAN NOT NULL DEFAULT FALSE, -- one of the person's anchor movements
    custom      BOOLEAN NOT NULL DEFAULT FALSE,
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE exercise_variable (
    exercise_id  INTEGER NOT NULL,
    variable     VARCHAR NOT NULL CHECK (variable IN ('sets', 'reps', 'hold_s', 'tempo_s', 'load_kg',
                 'band_level', 'range_level', 'support_level', 'duration_min', 'distance_m')),
    start_value  DOUBLE NOT NULL,
    step         DOUBLE NOT NULL CHECK (step > 0),
    step_percent DOUBLE CHECK (step_percent IS NULL OR step_percent BETWEEN 1 AND 50),
    floor_value  DOUBLE NOT NULL,
    cap          DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL DEFAULT '',
    rank         INTEGER NOT NULL,              -- place in the progression order, 1 first
    PRIMARY KEY (exercise_id, variable),
    CHECK (floor_value <= start_value AND start_value <= cap)
);

-- Versioned prescriptions: a new row per change, never an UPDATE, so history can be charted.
-- A deload version ends with its week (effective_until); the version before it then applies again.
CREATE SEQUENCE prescription_id_seq START 1;
CREATE TABLE prescription (
    id             INTEGER PRIMARY KEY DEFAULT nextval('prescription_id_seq'),
    exercise_id    INTEGER NOT NULL,
    effective_from DATE NOT NULL,
    effective_until DATE,
    variant        VARCHAR,
    sets DOUBLE, reps DOUBLE, hold_s DOUBLE, tempo_s DOUBLE, load_kg DOUBLE,
    band_level DOUBLE, range_level DOUBLE, support_level DOUBLE, duration_min DOUBLE, distance_m DOUBLE,
    source         VARCHAR NOT NULL CHECK (source IN ('progress', 'regress', 'deload', 'manual', 'import')),
    created_at     TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE TABLE checkin (
    day           DATE PRIMARY KEY,
    pain_now      INTEGER NOT NULL CHECK (pain_now BETWEEN 0 AND 10),
    stiffness     INTEGER NOT NULL CHECK (stiffness BETWEEN 0 AND 10),
    sleep_hours   DOUBLE  NOT NULL CHECK (sleep_hours BETWEEN 0 AND 24),
    sleep_quality INTEGER NOT NULL CHECK (sleep_quality BETWEEN 0 AND 10),
    stress        INTEGER NOT NULL CHECK (stress BETWEEN 0 AND 10),
    sitting_hours DOUBLE  NOT NULL CHECK (sitting_hours BETWEEN 0 AND 24),
    travel        BOOLEAN NOT NULL DEFAULT FALSE,
    flare_up      BOOLEAN NOT NULL DEFAULT FALSE,
    notes         VARCHAR NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE session_id_seq START 1;
CREATE TABLE session (
    id           INTEGER PRIMARY KEY DEFAULT nextval('session_id_seq'),
    day          DATE NOT NULL,
    focus        VARCHAR NOT NULL CHECK (focus IN ('control', 'mobility', 'strength', 'decompression')),
    duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 240),
    rpe          INTEGER NOT NULL CHECK (rpe BETWEEN 0 AND 10),
    notes        VARCHAR NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE exercise_log_id_seq START 1;
CREATE TABLE exercise_log (
    id          INTEGER PRIMARY KEY DEFAULT nextval('exercise_log_id_seq'),
    session_id  INTEGER NOT NULL,
    exercise_id INTEGER NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0,
    variant     VARCHAR,
    sets DOUBLE, reps DOUBLE, hold_s DOUBLE, tempo_s DOUBLE, load_kg DOUBLE,
    band_level DOUBLE, range_level DOUBLE, support_level DOUBLE, duration_min DOUBLE, distance_m DOUBLE,
    completed   BOOLEAN NOT NULL DEFAULT TRUE,
    pain_during INTEGER NOT NULL CHECK (pain_during BETWEEN 0 AND 10)
);

CREATE SEQUENCE questionnaire_response_id_seq START 1;
CREATE TABLE questionnaire_response (
    id         INTEGER PRIMARY KEY DEFAULT nextval('questionnaire_response_id_seq'),
    instrument VARCHAR NOT NULL,
    version    VARCHAR NOT NULL,
    day        DATE NOT NULL,
    answers    VARCHAR NOT NULL,  -- JSON object: item number (or PSFS activity) -> answer
    total      DOUBLE NOT NULL,
    subscales  VARCHAR NOT NULL DEFAULT '{}',  -- JSON object: name -> score
    band       VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- The person's own PSFS activities, kept between assessments; retired, never deleted.
CREATE SEQUENCE psfs_activity_id_seq START 1;
CREATE TABLE psfs_activity (
    id         INTEGER PRIMARY KEY DEFAULT nextval('psfs_activity_id_seq'),
    name       VARCHAR NOT NULL UNIQUE CHECK (length(trim(name)) BETWEEN 1 AND 120),
    added_on   DATE NOT NULL,
    retired_on DATE
);

CREATE SEQUENCE progression_event_id_seq START 1;
CREATE TABLE progression_event (
    id          INTEGER PRIMARY KEY DEFAULT nextval('progression_event_id_seq'),
    day         DATE NOT NULL,
    exercise_id INTEGER NOT NULL,
    action      VARCHAR NOT NULL CHECK (action IN ('progress', 'hold', 'regress', 'deload', 'manual')),
    variable    VARCHAR,
    current     VARCHAR NOT NULL,   -- JSON prescription before
    proposed    VARCHAR NOT NULL,   -- JSON prescription after
    reason      VARCHAR NOT NULL,
    decision    VARCHAR NOT NULL CHECK (decision IN ('accepted', 'declined')),
    created_at  TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Habit anchors ("after morning coffee -> 3 min cat-camel") and personal rules.
CREATE SEQUENCE ritual_id_seq START 1;
CREATE TABLE ritual (
    id            INTEGER PRIMARY KEY DEFAULT nextval('ritual_id_seq'),
    kind          VARCHAR NOT NULL DEFAULT 'anchor' CHECK (kind IN ('anchor', 'rule')),
    cue           VARCHAR NOT NULL CHECK (length(trim(cue)) BETWEEN 1 AND 200),
    movement      VARCHAR NOT NULL CHECK (length(trim(movement)) BETWEEN 1 AND 200),
    minutes       INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 60),
    reminder_time TIME,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_on    DATE NOT NULL,
    retired_on    DATE
);

CREATE TABLE ritual_log (
    ritual_id INTEGER NOT NULL,
    day       DATE NOT NULL,
    PRIMARY KEY (ritual_id, day)
);

CREATE TABLE setting (
    key        VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,   -- JSON
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE INDEX session_day_idx ON session (day);
CREATE INDEX exercise_log_session_idx ON exercise_log (session_id);
CREATE INDEX exercise_log_exercise_idx ON exercise_log (exercise_id);
CREATE INDEX prescription_exercise_idx ON prescription (exercise_id, effective_from);
