"""What the progression engine reads, in a few bulk queries, and where its decisions go."""

from __future__ import annotations

import json
from datetime import date, timedelta

import duckdb

from lib.db import read, transaction
from lib.engine_inputs import Decision, EngineInputs
from lib.errors import ValidationError
from lib.models import ExerciseDef, check_choice, check_day, shown
from lib.progression import (
    USUAL_CHECKINS,
    AcceptedChange,
    CheckinSignal,
    LoggedExercise,
    Suggestion,
    day_facts,
    in_force,
)
from lib.store.catalog import VARIABLE_COLUMNS, exercise_id, load_library, record_prescription
from lib.store.settings import all_settings

# Decision and EngineInputs (lib.engine_inputs) stay reachable as store.<name>, as before.
__all__ = ["Decision", "EngineInputs", "engine_inputs", "record_decision", "decisions_on", "last_focus"]

RECENT_LOGS = 10  # per exercise: the step-up run (3 days, two sessions a day), misses and the latest light
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

# The accepted changes of the last RECENT_DAYS (raises, step backs, deloads and changes by hand), oldest first,
# after each exercise's latest raise from before them: that one may still be what a step back undoes, however
# long ago it was accepted. With the prescriptions either side (JSON), so a step back can undo a raise exactly.
# One query (arg_max: a window here costs twice as much).
_ACCEPTED = """
    SELECT * FROM (
        SELECT exercise_id, max(day) AS day, arg_max(action, (day, id)), arg_max(variable, (day, id)),
               arg_max(current, (day, id)), arg_max(proposed, (day, id)), 0 AS recent, 0 AS id
        FROM progression_event
        WHERE decision = 'accepted' AND day < $since AND action = 'progress'
        GROUP BY exercise_id
        UNION ALL
        SELECT exercise_id, day, action, variable, current, proposed, 1, id FROM progression_event
        WHERE decision = 'accepted' AND day BETWEEN $since AND $day
          AND action IN ('progress', 'regress', 'deload', 'manual'))
    ORDER BY recent, day, id"""

# The prescription in force on $day, per exercise: the latest permanent version and the latest temporary one
# (a deload week's, with an end day); lib.progression.in_force picks between them.
_IN_FORCE = f"""
    SELECT exercise_id, effective_until IS NOT NULL AS temporary, effective_from, id, variant, {", ".join(VARIABLE_COLUMNS)}
    FROM prescription
    WHERE effective_from <= $day AND (effective_until IS NULL OR effective_until >= $day)
    QUALIFY row_number() OVER (PARTITION BY exercise_id, effective_until IS NULL
                               ORDER BY effective_from DESC, id DESC) = 1"""

# Check-ins from the earliest of: the 28th latest before $day (the person's usual), two weeks back, and the
# baseline of the oldest recent session; with that day's red-flag ticks.
_CHECKINS = """
    SELECT c.day, c.pain_now, c.sleep_hours, c.sleep_quality, c.stress, c.sitting_hours, c.travel, c.flare_up,
           c.stiffness, r.flags
    FROM checkin c LEFT JOIN red_flag_report r ON r.day = c.day
    WHERE c.day BETWEEN least($earliest, coalesce(
              (SELECT min(day) FROM (SELECT day FROM checkin WHERE day < $day ORDER BY day DESC LIMIT $usual)),
              $earliest)) AND $day"""


def engine_inputs(con: duckdb.DuckDBPyConnection, day: date, *, active_only: bool = False) -> EngineInputs:
    """Read what the engine needs to decide every exercise on `day` (records up to and including `day`)."""
    settings = all_settings(con)
    start = settings["programme_start"] or read(con, "SELECT min(day) FROM session")[0][0]
    library = load_library(con, active_only=active_only)
    by_id = {e.id: name for name, e in library.items()}
    prescriptions, usual = _prescriptions(con, day, library, settings, start)

    logs = _recent_logs(con, day, by_id)

    accepted: dict[str, list[AcceptedChange]] = {name: [] for name in library}
    since = day - timedelta(days=RECENT_DAYS)
    for ex_id, event_day, action, variable, before, after, *_ in read(con, _ACCEPTED, {"since": since, "day": day}):
        if ex_id in by_id:
            name = by_id[ex_id]
            accepted[name].append(_change(library[name], event_day, action, variable, before, after))

    earliest = min([day - timedelta(days=13)] + [log.day - timedelta(days=6) for e in logs.values() for log in e])
    checkins = {
        row[0]: CheckinSignal(pain_now=row[1], sleep_hours=row[2], sleep_quality=row[3], stress=row[4],
                              sitting_hours=row[5], travel=row[6], flare_up=bool(row[7]), stiffness=row[8],
                              red_flags=tuple(f for f in (row[9] or "").split(",") if f))
        for row in read(con, _CHECKINS, {"earliest": earliest, "day": day, "usual": USUAL_CHECKINS})
    }
    facts = day_facts(checkins, settings, day, start)
    return EngineInputs(day, library, prescriptions, logs, accepted, checkins, settings, start, facts, usual)


def _prescriptions(con: duckdb.DuckDBPyConnection, day: date, library: dict[str, ExerciseDef],
                   settings: dict[str, object], start: date | None
                   ) -> tuple[dict[str, dict[str, object]], dict[str, dict[str, object]]]:
    """Each exercise's prescription in force on `day` (a deload-week version only within its week), and the
    permanent one behind it."""
    found: dict[int, dict[bool, tuple]] = {}
    for ex_id, temporary, since, version, variant, *values in read(con, _IN_FORCE, {"day": day}):
        p: dict[str, object] = {k: v for k, v in zip(VARIABLE_COLUMNS, values, strict=True) if v is not None}
        p["variant"] = variant
        found.setdefault(ex_id, {})[temporary] = ((since, version), p)
    out, usual = {}, {}
    for name, e in library.items():
        versions = found.get(e.id, {})
        permanent = versions.get(False, (None, e.start_prescription()))
        temporary = versions.get(True)
        if temporary is not None and permanent[0] is not None and temporary[0] < permanent[0]:
            temporary = None  # a permanent version set after the deload replaces it
        out[name] = in_force(permanent[1], temporary[1] if temporary else None,
                             temporary[0][0] if temporary else None, settings, day, start)
        usual[name] = dict(permanent[1])
    return out, usual


def _change(e: ExerciseDef, day: date, action: str, variable: str | None, before: str | None,
            after: str | None) -> AcceptedChange:
    """One accepted change, with the prescriptions either side; a change by hand says whether it lowered.

    Lowered: any variable set lower, or an easier variant in the chain.
    """
    old, new = (json.loads(x) if x else None for x in (before, after))
    lowered = False
    if action == "manual" and old and new:
        chain = e.variants
        lowered = any(isinstance(new.get(k), int | float) and isinstance(v, int | float) and new[k] < v
                      for k, v in old.items() if k != "variant") or (
            old.get("variant") in chain and new.get("variant") in chain
            and chain.index(new["variant"]) < chain.index(old["variant"]))
    return AcceptedChange(day, action, variable, old, new, lowered)


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
        if decision == "accepted" and s.returns is not None:
            # A step back in a deload week: what comes back after the week first, so the week's version,
            # inserted next on the same day, stays in force until its end.
            record_prescription(cur, ex_id, day, s.returns, s.action)
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
        SELECT focus FROM session WHERE NOT skipped AND day < ? AND focus <> 'decompression'
        ORDER BY day DESC, id DESC LIMIT 1""", [before])
    return rows[0][0] if rows else None
