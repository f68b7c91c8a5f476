"""What the progression engine reads, in a few bulk queries, and where its decisions go."""

from __future__ import annotations

import functools
import json
from datetime import date, timedelta

import duckdb

from lib.db import read, read_kept, transaction
from lib.engine_inputs import Decision, EngineInputs
from lib.errors import ValidationError
from lib.models import ExerciseDef, check_choice, check_day, shown
from lib.prescription import Prescription
from lib.progression import (
    USUAL_CHECKINS,
    AcceptedChange,
    CheckinSignal,
    DecisionKind,
    LoggedExercise,
    Suggestion,
    day_facts,
    in_force,
)
from lib.settings import Settings
from lib.store.catalog import VARIABLE_COLUMNS, exercise_id, load_library, prescription_of, record_prescription
from lib.store.settings import all_settings

# Decision and EngineInputs (lib.engine_inputs) stay reachable as store.<name>, as before.
__all__ = ["Decision", "EngineInputs", "engine_inputs", "record_decision", "decisions_on", "last_focus"]

RECENT_LOGS = 10  # per exercise: the step-up run (3 days, two sessions a day), misses and the latest light
# Sessions and accepted changes older than a year no longer steer suggestions (and the queries
# stay bounded as the years pass); each exercise's latest raise is the exception (_ACCEPTED).
RECENT_DAYS = 365

# Each query reads every exercise at once, or only exercise $ex (one suggestion reads only its own).
# They stay plain scans where they can: on data this small DuckDB spends more on a sort, a window or
# an aggregate than on the rows, so the latest of each kind is picked here in Python.
_ONLY = "($ex IS NULL OR {} = $ex)"
_COLS = ", ".join("l." + c for c in VARIABLE_COLUMNS)

# `s.day + 0`: DuckDB answers a year's range of the session day index with an index scan, twice the cost
# of scanning the whole table. max_by(…, $n): each exercise's latest $n, newest first (cheaper than a window).
_RECENT_LOGS = f"""
    SELECT l.exercise_id, max_by(row(s.day, l.variant, l.completed, l.pain_during, {_COLS}), (s.day, s.id, l.id), $n)
    FROM exercise_log l JOIN session s ON s.id = l.session_id
    WHERE s.day + 0 BETWEEN $since AND $day AND {_ONLY.format("l.exercise_id")}
    GROUP BY l.exercise_id"""

# The accepted changes of the last RECENT_DAYS (raises, step backs, deloads and changes by hand), and the
# raises from before them, of which each exercise keeps only its latest: that one may still be what a step
# back undoes, however long ago it was accepted. With the prescriptions either side (JSON), so a step back
# can undo a raise exactly.
_ACCEPTED = f"""
    SELECT exercise_id, day, action, variable, current, proposed, id FROM progression_event
    WHERE decision = 'accepted' AND day <= $day AND action IN ('progress', 'regress', 'deload', 'manual')
      AND (day >= $since OR action = 'progress') AND {_ONLY.format("exercise_id")}"""  # sorted in Python: cheaper

# The prescription versions that may be in force on $day: permanent ones, and temporary ones (a deload week's,
# with an end day) not yet ended. Of each kind the latest wins; lib.progression.in_force picks between them.
_VERSIONS = f"""
    SELECT exercise_id, effective_until IS NOT NULL AS temporary, effective_from, id, variant,
           {", ".join(VARIABLE_COLUMNS)}
    FROM prescription
    WHERE effective_from <= $day AND (effective_until IS NULL OR effective_until >= $day)
      AND {_ONLY.format("exercise_id")}"""

# Check-ins from $since to $day, with that day's red-flag ticks. A plain range scan: the engine's window (the
# earliest of: the USUAL_CHECKINS-th latest before $day, two weeks back, the baseline of the oldest recent
# session) is cut in _checkins, which reads further back only when the range holds too few for the usual.
_CHECKINS = """
    SELECT c.day, c.pain_now, c.sleep_hours, c.sleep_quality, c.stress, c.sitting_hours, c.travel, c.flare_up,
           c.stiffness, r.flags
    FROM checkin c LEFT JOIN red_flag_report r ON r.day = c.day
    WHERE c.day + 0 BETWEEN $since AND $day"""
_USUAL_DAYS = 2 * USUAL_CHECKINS  # the first range read: the usual's check-ins, with room for a missed morning a day


def engine_inputs(
    con: duckdb.DuckDBPyConnection, day: date, *, active_only: bool = False, exercise: str | None = None
) -> EngineInputs:
    """Read what the engine needs to decide every exercise on `day` (records up to and including `day`).

    Reads only, in one pass: each kind of record (logs, accepted changes, prescriptions, check-ins) in one
    query for every exercise. `exercise` (a name, case-insensitive): the records of that exercise alone,
    for a single suggestion (the library stays whole: the day's lead positions are the library's); they
    are keyed by its name as the library spells it. Raises NotFound for a name the library does not know.
    """
    # What changes only when the person changes it (the settings, the library, the prescription versions and
    # the accepted changes behind them) is kept between calls until the next write (lib.db.read_kept); the
    # records every day adds (logs, check-ins) are read every time.
    settings = all_settings(con, kept=True)
    library = load_library(con, active_only=active_only, kept=True)
    chosen = library
    if exercise is not None:
        wanted = exercise.strip(" ").lower() if isinstance(exercise, str) else None  # as exercise_id matches
        chosen = {name: e for name, e in library.items() if name.lower() == wanted}
        if not chosen:
            exercise_id(con, exercise)  # a name that is not text, or unknown: refused, naming the known exercises
    by_id = {e.id: name for name, e in chosen.items() if e.id is not None}  # every stored exercise has one
    only = None if exercise is None else next(iter(by_id), 0)  # 0: no exercise (an inactive one, active_only)
    start = settings["programme_start"] or read_kept(con, "SELECT min(day) FROM session")[0][0]
    prescriptions, usual = _prescriptions(con, day, chosen, settings, start, only)
    logs = _recent_logs(con, day, by_id, only)
    accepted = _accepted(con, day, chosen, by_id, only)

    earliest = min([day - timedelta(days=13)] + [log.day - timedelta(days=6) for e in logs.values() for log in e])
    checkins = _checkins(con, day, earliest)
    facts = day_facts(checkins, settings, day, start)
    return EngineInputs(day, library, prescriptions, logs, accepted, checkins, settings, start, facts, usual)


def _checkins(con: duckdb.DuckDBPyConnection, day: date, earliest: date) -> dict[date, CheckinSignal]:
    """The check-ins from the earlier of `earliest` and the USUAL_CHECKINS-th latest before `day`, up to `day`."""
    rows = read(con, _CHECKINS, {"since": min(earliest, day - timedelta(days=_USUAL_DAYS)), "day": day})
    before = sorted((row[0] for row in rows if row[0] < day), reverse=True)
    if len(before) < USUAL_CHECKINS:  # gaps: the usual reaches further back than the range read
        rows = read(con, _CHECKINS, {"since": date.min, "day": day})
        before = sorted((row[0] for row in rows if row[0] < day), reverse=True)
    since = min([earliest] + before[:USUAL_CHECKINS][-1:])  # the oldest of the usual, as few as there are
    return {
        row[0]: CheckinSignal(
            pain_now=row[1],
            sleep_hours=row[2],
            sleep_quality=row[3],
            stress=row[4],
            sitting_hours=row[5],
            travel=row[6],
            flare_up=bool(row[7]),
            stiffness=row[8],
            red_flags=tuple(f for f in (row[9] or "").split(",") if f),
        )
        for row in rows
        if row[0] >= since
    }


def _prescriptions(
    con: duckdb.DuckDBPyConnection,
    day: date,
    library: dict[str, ExerciseDef],
    settings: Settings,
    start: date | None,
    only: int | None,
) -> tuple[dict[str, Prescription], dict[str, Prescription]]:
    """Each exercise's prescription in force on `day` (a deload-week version only within its week), and the
    permanent one behind it."""
    latest: dict[tuple[int | None, bool], tuple] = {}  # (exercise, temporary) -> the latest (from, id) row
    for row in read_kept(con, _VERSIONS, {"day": day, "ex": only}):
        key = (row[0], row[1])
        if key not in latest or row[2:4] > latest[key][2:4]:
            latest[key] = row

    def version(row: tuple | None) -> tuple | None:
        """((effective from, id), prescription) of a version row, or None."""
        return None if row is None else ((row[2], row[3]), prescription_of(row[4], row[5:]))

    out, usual = {}, {}
    for name, e in library.items():
        permanent = version(latest.get((e.id, False))) or (None, e.start_prescription())
        temporary = version(latest.get((e.id, True)))
        if temporary is not None and permanent[0] is not None and temporary[0] < permanent[0]:
            temporary = None  # a permanent version set after the deload replaces it
        out[name] = in_force(
            permanent[1],
            temporary[1] if temporary else None,
            temporary[0][0] if temporary else None,
            settings,
            day,
            start,
        )
        usual[name] = permanent[1]
    return out, usual


def _accepted(
    con: duckdb.DuckDBPyConnection, day: date, library: dict[str, ExerciseDef], by_id: dict[int, str], only: int | None
) -> dict[str, list[AcceptedChange]]:
    """Each exercise's accepted changes of the last RECENT_DAYS, oldest first, after its latest raise before them."""
    since = day - timedelta(days=RECENT_DAYS)
    earlier: dict[str, tuple] = {}
    recent: dict[str, list[tuple]] = {name: [] for name in library}
    rows = read_kept(con, _ACCEPTED, {"since": since, "day": day, "ex": only})
    for row in sorted(rows, key=lambda r: (r[1], r[6])):  # oldest first: by day, then as recorded
        row = row[:6]
        if row[0] in by_id:
            name = by_id[row[0]]
            if row[1] < since:
                earlier[name] = row  # oldest first, so the last one kept is the latest
            else:
                recent[name].append(row)
    return {
        name: [_change(library[name], *row[1:]) for row in ([earlier[name]] if name in earlier else []) + rows]
        for name, rows in recent.items()
    }


@functools.lru_cache(maxsize=4096)
def _stored_prescription(text: str) -> Prescription:
    """An accepted change's stored JSON as a Prescription, parsed once: the engine reads the same few hundred changes
    on every call, and a Prescription is never changed in place (with_values makes a new one)."""
    return Prescription.of(json.loads(text))


def _change(
    e: ExerciseDef, day: date, action: str, variable: str | None, before: str | None, after: str | None
) -> AcceptedChange:
    """One accepted change, with the prescriptions either side; a change by hand says whether it lowered.

    Lowered: any variable set lower, or an easier variant in the chain.
    """
    old, new = (_stored_prescription(x) if x else None for x in (before, after))
    lowered = False
    if action == "manual" and old and new:
        chain = e.variants
        lowered = any(
            isinstance(n := new.variables.get(k), int | float) and isinstance(v, int | float) and n < v
            for k, v in old.variables.items()
        ) or (old.variant in chain and new.variant in chain and chain.index(new.variant) < chain.index(old.variant))
    return AcceptedChange(day, action, variable, old, new, lowered)


def _recent_logs(
    con: duckdb.DuckDBPyConnection, day: date, by_id: dict[int, str], only: int | None
) -> dict[str, list[LoggedExercise]]:
    """The latest RECENT_LOGS logs of each exercise within RECENT_DAYS up to `day`, oldest first."""
    logs: dict[str, list[LoggedExercise]] = {name: [] for name in by_id.values()}
    params = {"since": day - timedelta(days=RECENT_DAYS), "day": day, "n": RECENT_LOGS, "ex": only}
    for ex_id, newest_first in read(con, _RECENT_LOGS, params):
        if ex_id in by_id:
            logs[by_id[ex_id]] = [
                LoggedExercise(
                    day=log_day,
                    variant=variant,
                    completed=completed,
                    pain_during=pain,
                    values={c: v for c, v in zip(VARIABLE_COLUMNS, values, strict=True) if v is not None},
                )
                for log_day, variant, completed, pain, *values in reversed(newest_first)
            ]
    return logs


def record_decision(con: duckdb.DuckDBPyConnection, s: Suggestion, day: date, decision: str) -> None:
    """Record what the person did with a suggestion; an accepted change becomes a new prescription version.

    Writes, in one transaction. `decision` is "accepted" or "declined". Raises ValidationError for
    a `day` that is not a date or is after today, or another decision; nothing is written then.
    """
    if not isinstance(s, Suggestion):
        raise ValidationError("suggestion", f"A decision is about a Suggestion (lib.progression); got {shown(s)}.")
    check_day("day", day, date.today())
    check_choice("decision", decision, tuple(DecisionKind))
    ex_id = exercise_id(con, s.exercise)
    with transaction(con) as cur:
        cur.execute(
            "INSERT INTO progression_event (day, exercise_id, action, variable, current, proposed, reason, decision) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                day,
                ex_id,
                s.action,
                s.variable,
                json.dumps(dict(s.current)),
                json.dumps(dict(s.proposed)),
                s.reason,
                decision,
            ],
        )
        if decision == DecisionKind.ACCEPTED and s.returns is not None:
            # A step back in a deload week: what comes back after the week first, so the week's version,
            # inserted next on the same day, stays in force until its end.
            record_prescription(cur, ex_id, day, s.returns, s.action)
        if decision == DecisionKind.ACCEPTED and s.proposed != s.current:
            record_prescription(cur, ex_id, day, s.proposed, s.action, until=s.until)


def decisions_on(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, Decision]:
    """Return {exercise name: Decision(decision, proposed)} for the suggestions decided on `day` (latest wins).

    Reads only. `decision` is "accepted" or "declined"; `proposed` the prescription the suggestion proposed.
    """
    return {
        name: Decision(decision, Prescription.of(json.loads(proposed)))
        for name, decision, proposed in read(
            con,
            """
        SELECT e.name, p.decision, p.proposed FROM progression_event p JOIN exercise e ON e.id = p.exercise_id
        WHERE p.day = ? AND p.action <> 'manual'
        QUALIFY row_number() OVER (PARTITION BY p.exercise_id ORDER BY p.id DESC) = 1""",
            [day],
        )
    }


def last_focus(con: duckdb.DuckDBPyConnection, before: date) -> str | None:
    """Return the focus of the latest session before `before` that was not a decompression day."""
    rows = read(
        con,
        """
        SELECT focus FROM session WHERE NOT skipped AND day < ? AND focus <> 'decompression'
        ORDER BY day DESC, id DESC LIMIT 1""",
        [before],
    )
    return rows[0][0] if rows else None
