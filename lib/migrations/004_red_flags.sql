-- The red-flag screen (issue 12): one row per day it was answered; flags is a comma-separated list of
-- lib.redflags keys, '' when nothing was ticked. Any tick stops the day's plan. Replaced rows go to audit.
CREATE TABLE red_flag_report (
    day         DATE PRIMARY KEY,
    flags       VARCHAR NOT NULL DEFAULT '',
    answered_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
