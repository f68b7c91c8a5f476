-- The guided session in progress, one per day: saved after every exercise so a closed tab,
-- a reload or a restart resumes it. Never a session: nothing reads it but the player, and it
-- is removed when the session is saved or the person discards it.
CREATE TABLE session_draft (
    day        DATE PRIMARY KEY,
    state      VARCHAR NOT NULL,   -- JSON: lib.guided's draft
    started_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
