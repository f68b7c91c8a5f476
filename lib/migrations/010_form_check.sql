-- Check my form: what a clip showed, kept small. Never the clip itself: it is read from a
-- temporary file and deleted. `landmarks` is the 13 body landmarks at up to 15 frames a second
-- (lib.motion.LandmarkSeries.to_bytes, an .npz of a few tens of kB); `result` the numbers and
-- words the page showed (JSON: lib.motion.FormCheck.summary()). The exercise is kept by name,
-- as the person saw it, so a check outlives a renamed or retired exercise.
CREATE SEQUENCE form_check_id_seq START 1;
CREATE TABLE form_check (
    id         INTEGER PRIMARY KEY DEFAULT nextval('form_check_id_seq'),
    day        DATE NOT NULL,
    exercise   VARCHAR NOT NULL,
    reps       INTEGER,          -- NULL: a hold, no reps counted
    range_deg  DOUBLE,
    hold_s     DOUBLE,           -- NULL: no hold measured
    result     VARCHAR NOT NULL,
    landmarks  BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
CREATE INDEX form_check_exercise_day ON form_check (exercise, day);
