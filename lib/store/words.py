"""The reads behind Progress in plain words (lib/progress_words.py) and its range-following headline numbers.

Every function reads only; ranges are inclusive dates.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TypedDict

import duckdb
import pandas as pd

from lib.db import read, read_df
from lib.store.progress import _FIRST_DAY, _PAIRS

__all__ = ["progress_word_inputs", "range_headline"]

_PAIN = "SELECT day, pain_now::DOUBLE AS pain FROM checkin WHERE day BETWEEN $start AND $end ORDER BY day"

# Days practised (a session done or a ritual ticked) and days counted, from the first record in the range.
_PRACTICE = f"""
    WITH first AS (SELECT greatest($start::DATE, coalesce(({_FIRST_DAY}), $end::DATE)) AS day),
    practised AS (
        SELECT day FROM session WHERE NOT skipped AND day BETWEEN $start AND $end
        UNION SELECT day FROM ritual_log WHERE day BETWEEN $start AND $end
    )
    SELECT (SELECT count(*) FROM practised WHERE day >= (SELECT day FROM first))::INTEGER,
           CASE WHEN ({_FIRST_DAY}) IS NULL OR ({_FIRST_DAY}) > $end THEN 0
                ELSE datediff('day', (SELECT day FROM first), $end::DATE) + 1 END::INTEGER"""

# Every answer in the range, and the latest of each instrument before it (`before`).
_ANSWERS = """
    SELECT day, instrument, total, answers, before FROM (
        SELECT day, instrument, total, answers, id, day < $start AS before,
               row_number() OVER (PARTITION BY instrument, day < $start ORDER BY day DESC, id DESC) AS newest
        FROM questionnaire_response WHERE day <= $end
    ) WHERE NOT before OR newest = 1 ORDER BY day, id"""

# The range and the same length before it: median morning pain, sessions done, load, days practised.
_HEADLINE = """
    WITH r AS (
        SELECT CASE WHEN day >= $start THEN 'this' ELSE 'last' END AS part, * FROM (
            SELECT day, pain_now::DOUBLE AS pain, NULL::DOUBLE AS load, FALSE AS ritual FROM checkin
            WHERE day BETWEEN $before AND $end
            UNION ALL
            SELECT day, NULL, (rpe * duration_min)::DOUBLE, FALSE FROM session
            WHERE NOT skipped AND day BETWEEN $before AND $end
            UNION ALL
            SELECT DISTINCT day, NULL, NULL, TRUE FROM ritual_log WHERE day BETWEEN $before AND $end))
    SELECT part, median(pain)::DOUBLE, count(load)::INTEGER, coalesce(sum(load), 0)::DOUBLE,
           count(DISTINCT day) FILTER (WHERE load IS NOT NULL OR ritual)::INTEGER
    FROM r GROUP BY part"""


class WordInputs(TypedDict):
    """lib.progress_words.sentences' keyword arguments that come from the file."""

    pain: pd.DataFrame
    practised: int
    practice_days: int
    pairs: pd.DataFrame
    answers: pd.DataFrame


def progress_word_inputs(con: duckdb.DuckDBPyConnection, start: date, end: date) -> WordInputs:
    """Return what lib.progress_words.sentences needs for [start, end], as its keyword names. Reads.

    Keys: `pain` (`day`, `pain` of each check-in in the range), `practised` and
    `practice_days` (days practised, days counted from the first record in the
    range), `pairs` (store.next_morning_pairs, daily), `answers` (every
    questionnaire answer in the range and the latest of each before it:
    `day`, `instrument`, `total`, `answers` as a dict, `before`).
    """
    params = {"start": start, "end": end}
    practised, days = read(con, _PRACTICE, params)[0]
    answers = read_df(con, _ANSWERS, params, days=("day",))
    answers["answers"] = answers["answers"].map(json.loads)
    answers["before"] = answers["before"].astype(bool)
    return {
        "pain": read_df(con, _PAIN, params, days=("day",)),
        "practised": practised,
        "practice_days": days,
        "pairs": read_df(con, _PAIRS, params, days=("day",)),
        "answers": answers,
    }


def range_headline(con: duckdb.DuckDBPyConnection, start: date, end: date) -> dict[str, object]:
    """Return [start, end] against the same number of days just before it. Reads.

    Keys `median_pain` (median morning pain), `sessions` (done, not skipped),
    `load` (sum of effort × minutes) and `practice_days` each hold {"this",
    "last", "change"} (a median of no check-ins is None, and so is its change);
    `days` is the range's length and `before` the first day of the period before.
    """
    days = (end - start).days + 1
    before = start - timedelta(days=days)
    parts = {row[0]: row[1:] for row in read(con, _HEADLINE, {"start": start, "end": end, "before": before})}
    # Nothing recorded in the period before: no change to show (not "+205 sessions" against nothing).
    this, last = parts.get("this", (None, 0, 0.0, 0)), parts.get("last", (None, None, None, None))
    out: dict[str, object] = {"days": days, "before": before}
    for i, name in enumerate(("median_pain", "sessions", "load", "practice_days")):
        change = None if this[i] is None or last[i] is None else this[i] - last[i]
        out[name] = {"this": this[i], "last": last[i], "change": change}
    return out
