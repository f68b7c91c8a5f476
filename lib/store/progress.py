"""Progress aggregates, computed in DuckDB: what the Progress page and the reports chart.

Every function reads only. Ranges are inclusive dates. A range longer than a
year (lib.load.is_weekly) comes back as weekly aggregates so a chart never
receives years of raw points: such frames carry a `week` column (the Monday)
instead of `day`. Charts in lib/charts.py take these frames as they are.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import load
from lib.db import read, read_df
from lib.models import VARIABLES
from lib.store.catalog import exercise_id, get_exercise

__all__ = [
    "daily_pain_and_load", "progression_events", "deload_weeks", "next_morning_pairs",
    "prescription_timeline",
]

_VARS = tuple(VARIABLES)  # the allow-list of variable columns
_COLS = ", ".join(_VARS)

# Days in range (daily grain): morning pain, its 7-day median (over the days S−6 … S,
# reaching back before the range), the day's session-RPE load, sessions and flare-ups.
_DAILY_PAIN_AND_LOAD = """
    WITH days AS (
        SELECT unnest(generate_series($start - 6, $end::DATE, INTERVAL 1 DAY))::DATE AS day
    ),
    loads AS (
        SELECT day, sum(rpe * duration_min)::DOUBLE AS load, count(*) AS sessions
        FROM session WHERE day BETWEEN $start AND $end GROUP BY day
    ),
    pain AS (
        SELECT d.day, c.pain_now::DOUBLE AS pain, coalesce(c.flare_up, FALSE) AS flare_up,
               median(c.pain_now) OVER (ORDER BY d.day RANGE BETWEEN 6 PRECEDING AND CURRENT ROW)
                   AS pain_median_7d
        FROM days d LEFT JOIN checkin c ON c.day = d.day
    )
    SELECT p.day, p.pain, p.pain_median_7d, coalesce(l.load, 0)::DOUBLE AS load,
           coalesce(l.sessions, 0)::INTEGER AS sessions, p.flare_up
    FROM pain p LEFT JOIN loads l ON l.day = p.day
    WHERE p.day BETWEEN $start AND $end
    ORDER BY p.day"""

# Weeks in range: weekly median pain, the week's load, sessions, and whether a flare-up was flagged.
_WEEKLY_PAIN_AND_LOAD = """
    WITH pain AS (
        SELECT date_trunc('week', day)::DATE AS week, median(pain_now)::DOUBLE AS pain_median,
               bool_or(flare_up) AS flare_up, count(*) AS checkins
        FROM checkin WHERE day BETWEEN $start AND $end GROUP BY ALL
    ),
    loads AS (
        SELECT date_trunc('week', day)::DATE AS week, sum(rpe * duration_min)::DOUBLE AS load,
               count(*) AS sessions
        FROM session WHERE day BETWEEN $start AND $end GROUP BY ALL
    ),
    weeks AS (
        SELECT unnest(generate_series(date_trunc('week', $start::DATE), $end::DATE, INTERVAL 7 DAY))::DATE AS week
    )
    SELECT w.week, p.pain_median, coalesce(l.load, 0)::DOUBLE AS load,
           coalesce(l.sessions, 0)::INTEGER AS sessions, coalesce(p.flare_up, FALSE) AS flare_up,
           coalesce(p.checkins, 0)::INTEGER AS checkins
    FROM weeks w LEFT JOIN pain p USING (week) LEFT JOIN loads l USING (week)
    ORDER BY w.week"""

# Accepted progression events, with the changed variable's value before and after.
_EVENTS = """
    SELECT pe.day, e.name AS exercise, pe.action, pe.variable, pe.reason,
           TRY_CAST(json_extract_string(pe.current, '$.' || pe.variable) AS DOUBLE) AS before,
           TRY_CAST(json_extract_string(pe.proposed, '$.' || pe.variable) AS DOUBLE) AS after
    FROM progression_event pe JOIN exercise e ON e.id = pe.exercise_id
    WHERE pe.decision = 'accepted' AND pe.day BETWEEN $start AND $end
      AND ($ex IS NULL OR pe.exercise_id = $ex)
    ORDER BY pe.day, pe.id"""

# The same, one row per week and action, the exercises named once each.
_WEEKLY_EVENTS = """
    SELECT date_trunc('week', pe.day)::DATE AS week, pe.action,
           string_agg(DISTINCT e.name, ', ' ORDER BY e.name) AS exercise, count(*)::INTEGER AS count
    FROM progression_event pe JOIN exercise e ON e.id = pe.exercise_id
    WHERE pe.decision = 'accepted' AND pe.day BETWEEN $start AND $end
    GROUP BY ALL ORDER BY week, pe.action"""

# A deload version ends with its week (effective_until); the week is the 7 days ending there.
_DELOAD_WEEKS = """
    WITH d AS (
        SELECT coalesce(effective_until, effective_from + 6) AS week_end, effective_from
        FROM prescription WHERE source = 'deload'
    )
    SELECT least(min(effective_from), week_end - 6) AS week_start, week_end
    FROM d GROUP BY week_end
    HAVING week_end >= $start AND least(min(effective_from), week_end - 6) <= $end
    ORDER BY week_start"""

# Session days with a check-in the next morning: load, baseline (median pain_now of the
# check-ins dated S−6 … S) and the change next morning. Mirrors lib.load.morning_delta.
_PAIRS = """
    WITH loads AS (
        SELECT day, sum(rpe * duration_min)::DOUBLE AS load
        FROM session WHERE day BETWEEN $start AND $end GROUP BY day
    ),
    pairs AS (
        SELECT l.day, l.load, median(c.pain_now)::DOUBLE AS baseline, any_value(n.pain_now)::DOUBLE AS next_pain
        FROM loads l
        JOIN checkin n ON n.day = l.day + 1
        JOIN checkin c ON c.day BETWEEN l.day - 6 AND l.day
        GROUP BY l.day, l.load
    )
    SELECT day, load, baseline, next_pain, next_pain - baseline AS delta, 1 AS n FROM pairs"""
_DAILY_PAIRS = _PAIRS + " ORDER BY day"
# Over a year: identical (load, delta) pairs grouped with their count; statistics stay exact.
_GROUPED_PAIRS = f"SELECT load, delta, count(*)::INTEGER AS n FROM ({_PAIRS}) GROUP BY ALL ORDER BY load, delta"

# The prescription in force at every change point of one exercise: each version's first
# day, the day after a deload version ends, and the range's ends. Before any stored
# version the exercise is on its start values (as in catalog.current_prescription).
_START_VALUES = ", ".join(f"max(start_value) FILTER (WHERE variable = '{v}') AS {v}" for v in _VARS)
_TIMELINE = f"""
    WITH versions AS (
        SELECT id, effective_from, effective_until, variant, source, {_COLS}
        FROM prescription WHERE exercise_id = $ex
        UNION ALL
        SELECT -1, DATE '0001-01-01', NULL,
               (SELECT nullif(split_part(variants, chr(10), 1), '') FROM exercise WHERE id = $ex),
               'start', {_START_VALUES}
        FROM exercise_variable WHERE exercise_id = $ex
    ),
    changes AS (
        SELECT DISTINCT day FROM (
            SELECT effective_from AS day FROM prescription WHERE exercise_id = $ex
            UNION ALL SELECT effective_until + 1 FROM prescription
                      WHERE exercise_id = $ex AND effective_until IS NOT NULL
            UNION ALL SELECT $start::DATE UNION ALL SELECT $end::DATE
        )
        WHERE day IS NOT NULL AND day >= $start AND day <= $end
    )
    SELECT c.day, v.variant, v.source, {', '.join('v.' + c for c in _VARS)}
    FROM changes c JOIN versions v
      ON v.effective_from <= c.day AND (v.effective_until IS NULL OR v.effective_until >= c.day)
    QUALIFY row_number() OVER (PARTITION BY c.day ORDER BY v.effective_from DESC, v.id DESC) = 1
    ORDER BY c.day"""
_TIMELINE_SPAN = """
    SELECT least(
        (SELECT min(effective_from) FROM prescription WHERE exercise_id = $ex),
        (SELECT min(s.day) FROM exercise_log l JOIN session s ON s.id = l.session_id WHERE l.exercise_id = $ex)),
      greatest(
        (SELECT max(coalesce(effective_until + 1, effective_from)) FROM prescription WHERE exercise_id = $ex),
        (SELECT max(s.day) FROM exercise_log l JOIN session s ON s.id = l.session_id WHERE l.exercise_id = $ex))"""


def _dates(df: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        if column in df:
            df[column] = pd.to_datetime(df[column]).dt.date
    return df


def daily_pain_and_load(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return pain and training load per day in [start, end] (per week if the range is over a year). Reads.

    Daily: one row per day — `day`, `pain` (that morning's pain_now or NaN),
    `pain_median_7d` (median pain_now of the check-ins dated day−6 … day, NaN
    with none), `load` (sum of RPE × minutes, AU; 0 on a rest day),
    `sessions`, `flare_up`.
    Weekly: one row per ISO week touching the range — `week` (Monday),
    `pain_median` (median pain_now of the week's check-ins), `load` (AU per
    week), `sessions`, `flare_up` (any flagged that week), `checkins`.
    """
    params = {"start": start, "end": end}
    if load.is_weekly(start, end):
        return _dates(read_df(con, _WEEKLY_PAIN_AND_LOAD, params), "week")
    return _dates(read_df(con, _DAILY_PAIN_AND_LOAD, params), "day")


def progression_events(con: duckdb.DuckDBPyConnection, start: date, end: date,
                       exercise: str | None = None) -> pd.DataFrame:
    """Return accepted progression events in [start, end], oldest first. Reads.

    One row per event: `day`, `exercise`, `action` (progress, hold, regress,
    deload, manual), `variable` (None when several or none changed), `reason`,
    `before` and `after` (the changed variable's value; NaN for a variant or
    none). With no `exercise` and a range over a year: one row per week and
    action instead — `week`, `action`, `exercise` (the names, comma-separated),
    `count`. Raises NotFound for an unknown exercise.
    """
    ex = exercise_id(con, exercise) if exercise is not None else None
    if ex is None and load.is_weekly(start, end):
        return _dates(read_df(con, _WEEKLY_EVENTS, {"start": start, "end": end}), "week")
    return _dates(read_df(con, _EVENTS, {"start": start, "end": end, "ex": ex}), "day")


def deload_weeks(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return the deload weeks that touch [start, end]: `week_start`, `week_end` (both included). Reads.

    A deload week is found from the prescription versions made for it: each
    ends with its week (effective_until), so the week is the 7 days ending there.
    """
    return _dates(read_df(con, _DELOAD_WEEKS, {"start": start, "end": end}), "week_start", "week_end")


def next_morning_pairs(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return each session day S in [start, end] that has a check-in on S+1, with its morning response. Reads.

    Columns: `day`, `load` (the day's RPE × minutes, AU), `baseline` (median
    pain_now of the check-ins dated S−6 … S), `next_pain` (pain_now on S+1),
    `delta` (next_pain − baseline), `n` (1). Session days with no check-in the
    next morning, or none in the baseline window, are left out (as
    lib.load.morning_delta does). Over a year: identical (`load`, `delta`)
    pairs are grouped with their count `n`, so correlations stay exact.
    """
    params = {"start": start, "end": end}
    if load.is_weekly(start, end):
        return read_df(con, _GROUPED_PAIRS, params)
    return _dates(read_df(con, _DAILY_PAIRS, params), "day")


def prescription_timeline(con: duckdb.DuckDBPyConnection, exercise: str, start: date | None = None,
                          end: date | None = None) -> pd.DataFrame:
    """Return the prescription of `exercise` in force at each change point in [start, end]. Reads.

    One row per day the prescription changed (and at `start` and `end`, so a
    step line spans the range): `day`, `variant`, `source` (progress, regress,
    deload, manual, import, or "start" for the library's start values), then
    one column per variable the exercise uses, in progression order. A deload
    version ends with its week: the day after, the version before it applies
    again. Without `start`/`end` the span runs from the first version or log
    to the last change. Raises NotFound for an unknown exercise.
    """
    e = get_exercise(con, exercise)
    if start is None or end is None:
        first, last = read(con, _TIMELINE_SPAN, {"ex": e.id})[0]
        start = start or first
        end = end or last
    if start is None or end is None:
        return pd.DataFrame(columns=["day", "variant", "source", *e.rules])
    df = read_df(con, _TIMELINE, {"ex": e.id, "start": start, "end": end})
    return _dates(df[["day", "variant", "source", *e.rules]], "day")

