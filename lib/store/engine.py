"""What the progression engine reads, in a few bulk queries, and where its decisions go."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

import duckdb

from lib.db import read, transaction
from lib.errors import ValidationError
from lib.models import ExerciseDef, check_choice, check_day, shown
from lib.progression import AcceptedChange, CheckinSignal, LoggedExercise, Suggestion
from lib.store.catalog import VARIABLE_COLUMNS, exercise_id, load_library, record_prescription, versions_in_force
from lib.store.settings import all_settings

__all__ = ["Decision", "EngineInputs", "engine_inputs", "record_decision", "decisions_on", "last_focus"]

RECENT_LOGS = 6  # per exercise: enough for the progress rule and the latest light
# Sessions and accepted changes older than a year no longer steer suggestions (and the queries
# stay bounded as the years pass); each exercise's latest raise is the exception (_ACCEPTED).
RECENT_DAYS = 365

_COLS = ", ".join("l." + c for c in VARIABLE_COLUMNS)
_RECENT_LOGS = f"""
    SELECT l.exercise_id, s.day, l.variant, l.completed, l.pain_during, {_COLS}
    FROM exercise_log l JOIN session s ON s.id = l.session_id
    WHERE s.day BETWEEN $since AND $day
    QUALIFY row_number() OVER (PARTITION BY l.exercise_id ORDER BY s.day DESC, s.id DESC, l.id DESC) <= $n
    ORDER BY l.exercise_id, s.day, s.id, l.id"""

# The accepted changes of the last RECENT_DAYS, oldest first, after each exercise's latest raise (or
# step back to the previous variant) from before them: that one still sets what a step back lowers,
# however long ago it was accepted. One query (arg_max: a window here costs twice as much).
_ACCEPTED = """
    SELECT * FROM (
        SELECT exercise_id, max(day) AS day, arg_max(action, (day, id)), arg_max(variable, (day, id)), 0 AS recent,
               0 AS id
        FROM progression_event
        WHERE decision = 'accepted' AND day < $since
          AND (action = 'progress' OR action = 'regress' AND variable = 'variant')
        GROUP BY exercise_id
        UNION ALL
        SELECT exercise_id, day, action, variable, 1, id FROM progression_event
        WHERE decision = 'accepted' AND day BETWEEN $since AND $day AND action IN ('progress', 'regress', 'deload'))
    ORDER BY recent, day, id"""


class Decision(NamedTuple):
    """What the person did with a suggestion, and the prescription it proposed."""

    decision: str                 # accepted | declined
    proposed: dict[str, object]


@dataclass(frozen=True)
class EngineInputs:
    """Everything the engine needs for one day, shared by every exercise."""

    day: date
    library: dict[str, ExerciseDef]
    prescriptions: dict[str, dict[str, object]]
    logs: dict[str, list[LoggedExercise]]
    accepted: dict[str, list[AcceptedChange]]
    checkins: dict[date, CheckinSignal]
    settings: dict[str, object]
    programme_start: date | None


def engine_inputs(con: duckdb.DuckDBPyConnection, day: date, *, active_only: bool = False) -> EngineInputs:
    """Read what the engine needs to decide every exercise on `day` (records up to and including `day`)."""
    library = load_library(con, active_only=active_only)
    by_id = {e.id: name for name, e in library.items()}
    latest = versions_in_force(con, day)
    prescriptions = {name: latest.get(e.id) or e.start_prescription() for name, e in library.items()}

    logs = _recent_logs(con, day, by_id)

    accepted: dict[str, list[AcceptedChange]] = {name: [] for name in library}
    since = day - timedelta(days=RECENT_DAYS)
    for ex_id, event_day, action, variable, *_ in read(con, _ACCEPTED, {"since": since, "day": day}):
        if ex_id in by_id:
            accepted[by_id[ex_id]].append(AcceptedChange(event_day, action, variable))

    # Check-ins around each recent session (baseline S−6 … S, next morning S+1) and the last two weeks.
    earliest = min([day - timedelta(days=13)] + [log.day - timedelta(days=6) for e in logs.values() for log in e])
    checkins = {
        row[0]: CheckinSignal(*row[1:])
        for row in read(con, """
            SELECT day, pain_now, sleep_hours, sleep_quality, stress, sitting_hours, travel, flare_up
            FROM checkin WHERE day BETWEEN ? AND ?""", [earliest, day])
    }
    settings = all_settings(con)
    start = settings["programme_start"] or read(con, "SELECT min(day) FROM session")[0][0]
    return EngineInputs(day, library, prescriptions, logs, accepted, checkins, settings, start)


def _recent_logs(con: duckdb.DuckDBPyConnection, day: date, by_id: dict[int, str]) -> dict[str, list[LoggedExercise]]:
    """The latest RECENT_LOGS logs of each exercise within RECENT_DAYS up to `day`, oldest first."""
    logs: dict[str, list[LoggedExercise]] = {name: [] for name in by_id.values()}
    params = {"since": day - timedelta(days=RECENT_DAYS), "day": day, "n": RECENT_LOGS}
    for ex_id, log_day, variant, completed, pain, *values in read(con, _RECENT_LOGS, params):
        if ex_id in by_id:
            logs[by_id[ex_id]].append(LoggedExercise(
                day=log_day, variant=variant, completed=completed, pain_during=pain,
                values={c: v for c, v in zip(VARIABLE_COLUMNS, values, strict=True) if v is not None}))
    return logs


def record_decision(con: duckdb.DuckDBPyConnection, s: Suggestion, day: date, decision: str) -> None:
    """Record what the person did with a suggestion; an accepted change becomes a new prescription version.

    Writes, in one transaction. `decision` is "accepted" or "declined". Raises ValidationError for
    a `day` that is not a date or is after today, or another decision; nothing is written then.
    """
    if not isinstance(s, Suggestion):
        raise ValidationError("suggestion", f"A decision is about a Suggestion (lib.progression); got {shown(s)}.")
    check_day("day", day, date.today())
    check_choice("decision", decision, ("accepted", "declined"))
    ex_id = exercise_id(con, s.exercise)
    with transaction(con) as cur:
        cur.execute(
            "INSERT INTO progression_event (day, exercise_id, action, variable, current, proposed, reason, decision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [day, ex_id, s.action, s.variable, json.dumps(s.current), json.dumps(s.proposed), s.reason, decision])
        if decision == "accepted" and s.proposed != s.current:
            record_prescription(cur, ex_id, day, s.proposed, s.action, until=s.until)


def decisions_on(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, Decision]:
    """Return {exercise name: Decision(decision, proposed)} for the suggestions decided on `day` (latest wins).

    Reads only. `decision` is "accepted" or "declined"; `proposed` the prescription the suggestion proposed.
    """
    return {name: Decision(decision, json.loads(proposed)) for name, decision, proposed in read(con, """
        SELECT e.name, p.decision, p.proposed FROM progression_event p JOIN exercise e ON e.id = p.exercise_id
        WHERE p.day = ? AND p.action <> 'manual'
        QUALIFY row_number() OVER (PARTITION BY p.exercise_id ORDER BY p.id DESC) = 1""", [day])}


def last_focus(con: duckdb.DuckDBPyConnection, before: date) -> str | None:
    """Return the focus of the latest session before `before` that was not a decompression day."""
    rows = read(con, """
        SELECT focus FROM session WHERE day < ? AND focus <> 'decompression'
        ORDER BY day DESC, id DESC LIMIT 1""", [before])
    return rows[0][0] if rows else None
