"""Progress aggregates, computed in DuckDB: what the Progress page and the reports chart.

Every function reads only. Ranges are inclusive dates. A range longer than a
year (lib.load.is_weekly) comes back as weekly aggregates so a chart never
receives years of raw points: such frames carry a `week` column (the Monday)
instead of `day`. Charts in lib/charts.py take these frames as they are. Their days
are datetime.date (lib.db.read_df `days`), as every store frame's; questionnaire_totals
alone keeps DuckDB's datetime64, like store.questionnaire_series, as their tests ask.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import load, questionnaires
from lib.db import read, read_df
from lib.models import VARIABLES
from lib.progression import Action, DecisionKind
from lib.store.catalog import exercise_id, get_exercise

__all__ = [
    "daily_pain_and_load",
    "progression_events",
    "deload_weeks",
    "next_morning_pairs",
    "prescription_timeline",
    "exercises_by_history",
    "acute_chronic_load",
    "practice_calendar",
    "practice_streaks",
    "questionnaire_totals",
    "context_vs_pain",
    "headline_numbers",
    "first_record_day",
    "progress_range",
]

_VARS = tuple(VARIABLES)  # the allow-list of variable columns
_DAY, _WEEK = ("day",), ("week",)  # the time column of a daily frame and of a weekly one (datetime.date)
_COLS = ", ".join(_VARS)

# Days in range (daily grain): morning pain, its 7-day median (over the days S−6 … S,
# reaching back before the range), the day's session-RPE load, sessions and flare-ups.
_DAILY_PAIN_AND_LOAD = """
    WITH days AS (
        SELECT unnest(generate_series($start - 6, $end::DATE, INTERVAL 1 DAY))::DATE AS day
    ),
    loads AS (
        SELECT day, sum(rpe * duration_min)::DOUBLE AS load, count(*) AS sessions
        FROM session WHERE NOT skipped AND day BETWEEN $start AND $end GROUP BY day
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
        FROM session WHERE NOT skipped AND day BETWEEN $start AND $end GROUP BY ALL
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
    WHERE pe.decision = $accepted AND pe.day BETWEEN $start AND $end
      AND ($ex IS NULL OR pe.exercise_id = $ex)
    ORDER BY pe.day, pe.id"""

# The same, one row per week and action, the exercises named once each.
_WEEKLY_EVENTS = """
    SELECT date_trunc('week', pe.day)::DATE AS week, pe.action,
           string_agg(DISTINCT e.name, ', ' ORDER BY e.name) AS exercise, count(*)::INTEGER AS count
    FROM progression_event pe JOIN exercise e ON e.id = pe.exercise_id
    WHERE pe.decision = $accepted AND pe.day BETWEEN $start AND $end
    GROUP BY ALL ORDER BY week, pe.action"""

# A deload version ends with its week (effective_until); the week is the 7 days ending there.
_DELOAD_WEEKS = """
    WITH d AS (
        SELECT coalesce(effective_until, effective_from + 6) AS week_end, effective_from
        FROM prescription WHERE source = $deload
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
        FROM session WHERE NOT skipped AND day BETWEEN $start AND $end GROUP BY day
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
    SELECT c.day, v.variant, v.source, {", ".join("v." + c for c in _VARS)}
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
        return read_df(con, _WEEKLY_PAIN_AND_LOAD, params, days=_WEEK)
    return read_df(con, _DAILY_PAIN_AND_LOAD, params, days=_DAY)


def progression_events(
    con: duckdb.DuckDBPyConnection, start: date, end: date, exercise: str | None = None
) -> pd.DataFrame:
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
        return read_df(con, _WEEKLY_EVENTS, {"start": start, "end": end, "accepted": DecisionKind.ACCEPTED}, days=_WEEK)
    return read_df(con, _EVENTS, {"start": start, "end": end, "ex": ex, "accepted": DecisionKind.ACCEPTED}, days=_DAY)


def deload_weeks(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return the deload weeks that touch [start, end]: `week_start`, `week_end` (both included). Reads.

    A deload week is found from the prescription versions made for it: each
    ends with its week (effective_until), so the week is the 7 days ending there.
    """
    return read_df(
        con, _DELOAD_WEEKS, {"start": start, "end": end, "deload": Action.DELOAD}, days=("week_start", "week_end")
    )


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
    return read_df(con, _DAILY_PAIRS, params, days=_DAY)


def prescription_timeline(
    con: duckdb.DuckDBPyConnection, exercise: str, start: date | None = None, end: date | None = None
) -> pd.DataFrame:
    """Return the prescription of `exercise` in force at each change point in [start, end]. Reads.

    One row per day the prescription changed (and at `start` and `end`, so a
    step line spans the range): `day`, `variant`, `source` (progress, regress,
    deload, manual, import, or "start" for the library's start values), then
    one column per variable the exercise uses, in progression order. A deload
    version ends with its week: the day after, the version before it applies
    again. Without `start`/`end` the span runs from the first version or log
    to the last change. An exercise never prescribed nor logged gives an
    empty frame. Raises NotFound for an unknown exercise.
    """
    e = get_exercise(con, exercise)
    first, last = read(con, _TIMELINE_SPAN, {"ex": e.id})[0]
    if first is None:  # never prescribed nor done: nothing to chart
        return pd.DataFrame(columns=["day", "variant", "source", *e.rules])
    start, end = start or first, end or last
    df = read_df(con, _TIMELINE, {"ex": e.id, "start": start, "end": end}, days=_DAY)
    return df[["day", "variant", "source", *e.rules]]


# Exercises with the most prescription changes first, then those only logged, then the rest.
_BY_HISTORY = """
    SELECT e.name FROM exercise e
    LEFT JOIN (SELECT exercise_id, count(*) AS changes FROM prescription GROUP BY ALL) p ON p.exercise_id = e.id
    LEFT JOIN (SELECT DISTINCT exercise_id, TRUE AS logged FROM exercise_log) l ON l.exercise_id = e.id
    ORDER BY coalesce(p.changes, 0) DESC, l.logged IS NULL, e.position, e.id"""


def exercises_by_history(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return every exercise name, the most often re-prescribed first, then those logged, then the rest. Reads."""
    return [row[0] for row in read(con, _BY_HISTORY)]


# Daily load from the first session ever (so rolling and EWMA values have their true history),
# with the 7- and 28-day rolling sums and their ratio as window functions. `shown` picks the
# rows to draw: every day in [start, end]; over a year (weekly), each ISO week's last day in
# the range (its Sunday, or `end`), so no week is ever skipped. The EWMA is a recursion over
# every day, added afterwards in pandas (lib.load.add_ewma) before the other rows go.
_ACUTE_CHRONIC = f"""
    WITH loads AS (
        SELECT day, sum(rpe * duration_min)::DOUBLE AS load FROM session WHERE NOT skipped AND day <= $end GROUP BY day
    ),
    days AS (
        SELECT unnest(generate_series((SELECT min(day) FROM loads), $end::DATE, INTERVAL 1 DAY))::DATE AS day
    ),
    daily AS (
        SELECT d.day, coalesce(l.load, 0)::DOUBLE AS load,
               sum(coalesce(l.load, 0)) OVER (ORDER BY d.day ROWS BETWEEN {load.ACUTE_DAYS - 1} PRECEDING
                                                                  AND CURRENT ROW)::DOUBLE AS acute_sum,
               -- Uncoupled from the acute week (Lolli 2019): the 21 days before it.
               coalesce(sum(coalesce(l.load, 0)) OVER (ORDER BY d.day ROWS BETWEEN {load.CHRONIC_DAYS - 1} PRECEDING
                                                       AND {load.ACUTE_DAYS} PRECEDING), 0)::DOUBLE AS chronic_sum,
               row_number() OVER (ORDER BY d.day) AS n
        FROM days d LEFT JOIN loads l USING (day)
    )
    SELECT day, load, acute_sum, chronic_sum,
           CASE WHEN n >= {load.CHRONIC_DAYS} AND chronic_sum > 0
                THEN (acute_sum / {load.ACUTE_DAYS}) / (chronic_sum / {load.CHRONIC_BEFORE_DAYS}) END AS acwr_rolling,
           day >= $start AND (NOT $weekly OR isodow(day) = 7 OR day = $end::DATE) AS shown
    FROM daily ORDER BY day"""

# A practice day holds a session or a ticked ritual.
_PRACTICE_DAILY = """
    WITH days AS (SELECT unnest(generate_series($start::DATE, $end::DATE, INTERVAL 1 DAY))::DATE AS day),
    s AS (SELECT day, count(*) FILTER (WHERE NOT skipped) AS sessions, bool_or(skipped) AS skipped
          FROM session WHERE day BETWEEN $start AND $end GROUP BY day),
    r AS (SELECT day, count(*) AS rituals FROM ritual_log WHERE day BETWEEN $start AND $end GROUP BY day)
    SELECT d.day, coalesce(s.sessions, 0)::INTEGER AS sessions, coalesce(r.rituals, 0)::INTEGER AS rituals,
           (coalesce(s.sessions, 0) > 0 OR r.rituals IS NOT NULL) AS practised,
           coalesce(s.skipped AND s.sessions = 0, FALSE) AS skipped
    FROM days d LEFT JOIN s USING (day) LEFT JOIN r USING (day) ORDER BY d.day"""
_PRACTICE_WEEKLY = f"""
    SELECT date_trunc('week', day)::DATE AS week, count(*) FILTER (WHERE practised)::INTEGER AS days_practised,
           count(*) FILTER (WHERE sessions > 0)::INTEGER AS session_days,
           count(*) FILTER (WHERE rituals > 0 AND sessions = 0)::INTEGER AS ritual_only_days,
           count(*)::INTEGER AS days_in_range
    FROM ({_PRACTICE_DAILY}) GROUP BY ALL ORDER BY week"""
_PRACTICE_DAYS = """
    SELECT day FROM session WHERE NOT skipped AND day <= $today
    UNION SELECT day FROM ritual_log WHERE day <= $today ORDER BY day"""

# Totals over time, each with the one before it (same instrument, looked up over all history).
_TOTALS = """
    SELECT day, instrument, total, previous FROM (
        SELECT day, instrument, total, lag(total) OVER (PARTITION BY instrument ORDER BY day, id) AS previous
        FROM questionnaire_response
    ) WHERE day BETWEEN $start AND $end ORDER BY day, instrument"""

# Morning pain by sleep, stress and sitting (same check-in), with the correlation and days counted.
_CONTEXT = """
    WITH c AS (
        SELECT pain_now::DOUBLE AS pain, factor, value FROM checkin
        UNPIVOT (value FOR factor IN (sleep_hours, stress, sitting_hours))
        WHERE day BETWEEN $start AND $end
    ),
    binned AS (
        SELECT factor, CASE factor WHEN 'sitting_hours' THEN round(value) ELSE value END AS value, pain FROM c
    )
    SELECT factor, value::DOUBLE AS value, avg(pain) AS mean_pain, count(*)::INTEGER AS days
    FROM binned GROUP BY ALL ORDER BY factor, value"""
_CONTEXT_R = """
    SELECT factor, corr(value, pain_now) AS r, count(*)::INTEGER AS factor_days FROM checkin
    UNPIVOT (value FOR factor IN (sleep_hours, stress, sitting_hours))
    WHERE day BETWEEN $start AND $end GROUP BY factor"""
CONTEXT_FACTORS = {"sleep_hours": "Sleep (hours)", "stress": "Stress (0–10)", "sitting_hours": "Sitting (hours)"}

# This week (the 7 days ending today) against the 7 before.
_HEADLINE = """
    WITH w AS (SELECT CASE WHEN day > $today - 7 THEN 'this' ELSE 'last' END AS week, * FROM (
        SELECT day, pain_now, NULL::DOUBLE AS load FROM checkin WHERE day BETWEEN $today - 13 AND $today
        UNION ALL
        SELECT day, NULL, (rpe * duration_min)::DOUBLE FROM session
        WHERE NOT skipped AND day BETWEEN $today - 13 AND $today))
    SELECT week, median(pain_now)::DOUBLE AS median_pain, count(load)::INTEGER AS sessions,
           coalesce(sum(load), 0)::DOUBLE AS load
    FROM w GROUP BY week"""
_LAST_TSK = """
    SELECT instrument, day, total, previous, previous_day FROM (
        SELECT instrument, day, total, lag(total) OVER w AS previous, lag(day) OVER w AS previous_day,
               row_number() OVER (ORDER BY day DESC, id DESC) AS newest
        FROM questionnaire_response WHERE instrument IN ('tsk17', 'tsk11') AND day <= $today
        WINDOW w AS (PARTITION BY instrument ORDER BY day, id)
    ) WHERE newest = 1"""
_FIRST_DAY = """
    SELECT min(day) FROM (SELECT min(day) AS day FROM checkin UNION ALL SELECT min(day) FROM session
                          UNION ALL SELECT min(day) FROM ritual_log
                          UNION ALL SELECT min(day) FROM questionnaire_response)"""


def acute_chronic_load(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return acute (7-day) and chronic (uncoupled: D−27 … D−7) load and their ratio for days in [start, end]. Reads.

    Daily loads (RPE × minutes, AU) and their rolling 7-day and uncoupled 21-day sums are
    computed in SQL from the first session ever, so every rolling and EWMA
    value has its real history; the columns are `day` then those of
    lib.load.acute_chronic (lib.load.ACWR_COLUMNS). Days before the first
    session are left out. Over a year: one row per ISO week, its last day in
    the range (the Sunday, or `end` for the week still open), every week
    present, values as of that day (so `acute_sum` of a Sunday is that week's
    load). The EWMA is computed in pandas on the whole daily series first,
    then the other days are dropped: exact, and under a millisecond for ten
    years of days.
    """
    params = {"start": start, "end": end, "weekly": load.is_weekly(start, end)}
    daily = read_df(con, _ACUTE_CHRONIC, params, days=_DAY)
    if daily.empty:
        return pd.DataFrame(columns=["day", *load.ACWR_COLUMNS])
    load.add_ewma(daily)
    return daily.loc[daily["shown"], ["day", *load.ACWR_COLUMNS]].reset_index(drop=True)


def practice_calendar(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return practice (sessions and ticked rituals) per day in [start, end], or per week over a year. Reads.

    Daily: `day`, `sessions`, `rituals` (ticks), `practised`, `skipped` (a skipped session recorded and no
    session done: told apart from a day with nothing logged). Weekly: `week`
    (Monday), `days_practised`, `session_days`, `ritual_only_days`,
    `days_in_range` (fewer than 7 at the range's ends).
    """
    params = {"start": start, "end": end}
    if load.is_weekly(start, end):
        return read_df(con, _PRACTICE_WEEKLY, params, days=_WEEK)
    return read_df(con, _PRACTICE_DAILY, params, days=_DAY)


def practice_streaks(con: duckdb.DuckDBPyConnection, today: date) -> load.Streaks:
    """Return the current and longest streak of practice days and days practised in the last 7 and 28. Reads."""
    days = [row[0] for row in read(con, _PRACTICE_DAYS, {"today": today})]
    return load.streaks(days, today)


def questionnaire_totals(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return every questionnaire total answered in [start, end], oldest first. Reads.

    Columns: `day` (a date, as every frame the charts read), `instrument` (tsk17, tsk11, psfs), `total`,
    `previous` (the total before it, also from before the range; NaN for the first),
    `change`, `better` and `worse` (the change reached the instrument's
    minimal important change: TSK-11 a fall of 4, PSFS a rise of 2 in the
    mean; TSK-17 has none, so both stay False).
    """
    df = read_df(con, _TOTALS, {"start": start, "end": end}, days=("day",))
    df["change"] = df["total"] - df["previous"]
    mic = df["instrument"].map({k: i.mic for k, i in questionnaires.INSTRUMENTS.items()}).astype("float64")
    direction = df["instrument"].map({k: i.mic_direction for k, i in questionnaires.INSTRUMENTS.items()})
    toward = (df["change"] * direction.astype("float64")).round(9)
    df["better"] = (toward >= mic).fillna(False).astype(bool)
    df["worse"] = (-toward >= mic).fillna(False).astype(bool)
    return df


def context_vs_pain(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return morning pain by sleep hours, stress and sitting hours in [start, end]. Reads.

    One row per factor and value (sitting rounded to the hour): `factor`,
    `label`, `value`, `mean_pain`, `days`; and per factor `r` (the Pearson
    correlation of the factor with pain over the check-ins, NaN when either
    never varies) and `factor_days` (check-ins counted).
    """
    params = {"start": start, "end": end}
    df = read_df(con, _CONTEXT, params)
    r = read_df(con, _CONTEXT_R, params)
    df = df.merge(r, on="factor", how="left")
    df.insert(1, "label", df["factor"].map(CONTEXT_FACTORS))
    order = {f: i for i, f in enumerate(CONTEXT_FACTORS)}
    return df.sort_values(
        ["factor", "value"], key=lambda s: s.map(order) if s.name == "factor" else s, ignore_index=True
    )


def headline_numbers(con: duckdb.DuckDBPyConnection, today: date) -> dict[str, dict | None]:
    """Return this week (the 7 days ending `today`) against the 7 days before. Reads.

    Keys `median_pain` (median morning pain), `sessions` and `load` (sum of
    RPE × minutes, AU) each hold {"this", "last", "change"}; a median is None
    for a week without check-ins, and then so is the change. `tsk` is None
    before any TSK answer, else {"instrument" (short name), "total", "day",
    "change" (since the previous answer of the same form, None if first),
    "since" (that answer's day)}.
    """
    weeks = {row[0]: row[1:] for row in read(con, _HEADLINE, {"today": today})}
    this, last = weeks.get("this", (None, 0, 0.0)), weeks.get("last", (None, 0, 0.0))
    out: dict[str, dict | None] = {}
    for i, name in enumerate(("median_pain", "sessions", "load")):
        change = None if this[i] is None or last[i] is None else this[i] - last[i]
        out[name] = {"this": this[i], "last": last[i], "change": change}
    tsk = read(con, _LAST_TSK, {"today": today})
    out["tsk"] = None
    if tsk:
        instrument, day, total, previous, previous_day = tsk[0]
        out["tsk"] = {
            "instrument": questionnaires.INSTRUMENTS[instrument].short,
            "total": total,
            "day": day,
            "change": None if previous is None else total - previous,
            "since": previous_day,
        }
    return out


def first_record_day(con: duckdb.DuckDBPyConnection) -> date | None:
    """Return the earliest day of any check-in, session, ritual tick or questionnaire, or None. Reads."""
    return read(con, _FIRST_DAY)[0][0]


def progress_range(
    con: duckdb.DuckDBPyConnection, choice: str, today: date, custom: tuple[date, date] | None = None
) -> tuple[date, date]:
    """Return the (start, end) of a range choice from lib.load.RANGES ("All" starts at the first record). Reads.

    Raises ValueError for an unknown choice or a custom range without dates.
    """
    return load.period(choice, today, first_record_day(con) if choice == "All" else None, custom)
