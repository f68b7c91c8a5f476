"""Exercises, their variables and their versioned prescriptions."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Literal, overload

import duckdb
import pandas as pd

from lib import exercises as library
from lib.db import kept_build, read, read_df, returned, transaction
from lib.errors import NotFound, ValidationError
from lib.models import (
    PRESCRIPTION_AHEAD_DAYS,
    VARIABLES,
    ExerciseDef,
    VariableRule,
    check_flag,
    check_prescription,
    shown,
)
from lib.prescription import Prescription
from lib.progression import Action, DecisionKind
from lib.store.audit import keep_old

__all__ = [
    "seed_library",
    "add_exercise",
    "update_exercise",
    "set_exercise_active",
    "load_library",
    "get_exercise",
    "exercise_names",
    "list_exercises",
    "current_prescription",
    "current_prescriptions",
    "set_prescription",
    "prescription_history",
    "record_prescription",
    "exercise_id",
]

VARIABLE_COLUMNS = tuple(VARIABLES)  # the allow-list of variable column names
_COLS = ", ".join(VARIABLE_COLUMNS)
_INSERT_PRESCRIPTION = (
    f"INSERT INTO prescription (exercise_id, effective_from, effective_until, variant, source, {_COLS}) "
    f"VALUES (?, ?, ?, ?, ?, {', '.join('?' for _ in VARIABLE_COLUMNS)})"
)
_LATEST_PRESCRIPTIONS = f"""
    SELECT p.exercise_id, p.variant, {_COLS}
    FROM prescription p
    WHERE p.effective_from <= $day AND (p.effective_until IS NULL OR p.effective_until >= $day)
      AND ($ex IS NULL OR p.exercise_id = $ex)
    QUALIFY row_number() OVER (PARTITION BY p.exercise_id ORDER BY p.effective_from DESC, p.id DESC) = 1"""
_PRESCRIPTION_HISTORY = f"""
    SELECT effective_from, effective_until, variant, source, {_COLS}
    FROM prescription WHERE exercise_id = ? ORDER BY effective_from, id"""


def seed_library(con: duckdb.DuckDBPyConnection) -> int:
    """Insert the default library into an empty exercise table. Writes; returns how many were added."""
    if read(con, "SELECT count(*) FROM exercise")[0][0]:
        return 0
    with transaction(con) as cur:
        for position, exercise in enumerate(library.LIBRARY):
            _insert_exercise(cur, exercise, position)
    return len(library.LIBRARY)


def _insert_exercise(cur: duckdb.DuckDBPyConnection, e: ExerciseDef, position: int) -> int:
    ex_id: int = returned(
        cur.execute(
            "INSERT INTO exercise (name, category, cues, variants, active, anchor, custom, position) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [
                e.name.strip(),
                e.category,
                "\n".join(e.cues),
                "\n".join(e.variants),
                e.active,
                e.anchor,
                e.custom,
                position,
            ],
        )
    )
    _insert_variables(cur, ex_id, e.variables)
    return ex_id


def _insert_variables(cur: duckdb.DuckDBPyConnection, ex_id: int, rules: tuple[VariableRule, ...]) -> None:
    cur.executemany(
        "INSERT INTO exercise_variable (exercise_id, variable, start_value, step, step_percent, "
        "floor_value, cap, unit, rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [ex_id, r.variable, r.start, r.step, r.step_percent, r.floor, r.cap, r.unit, rank]
            for rank, r in enumerate(rules, start=1)
        ],
    )


def add_exercise(con: duckdb.DuckDBPyConnection, exercise: ExerciseDef) -> int:
    """Store a new (custom) exercise with its variables. Writes; returns its id.

    Raises ValidationError if the name is taken.
    """
    if exercise_id(con, exercise.name, missing_ok=True) is not None:
        raise ValidationError("name", f"An exercise called {exercise.name!r} already exists.")
    with transaction(con) as cur:
        position = returned(cur.execute("SELECT coalesce(max(position), 0) + 1 FROM exercise"))
        return _insert_exercise(cur, exercise, position)


def update_exercise(con: duckdb.DuckDBPyConnection, name: str, exercise: ExerciseDef) -> None:
    """Replace an exercise's definition (cues, variants, variables). Writes.

    The old definition is kept in the audit table; prescriptions and logs are
    untouched, so a new step or cap applies from now on.
    """
    ex_id = exercise_id(con, name)
    with transaction(con) as cur:
        old = returned(
            cur.execute(
                "SELECT to_json(struct_pack(exercise := e, variables := "
                "(SELECT list(v ORDER BY v.rank) FROM exercise_variable v WHERE v.exercise_id = e.id))) "
                "FROM exercise e WHERE e.id = ?",
                [ex_id],
            )
        )
        keep_old(cur, "exercise", ex_id, old)
        cur.execute(
            "UPDATE exercise SET name = ?, category = ?, cues = ?, variants = ?, anchor = ?, active = ? WHERE id = ?",
            [
                exercise.name.strip(),
                exercise.category,
                "\n".join(exercise.cues),
                "\n".join(exercise.variants),
                exercise.anchor,
                exercise.active,
                ex_id,
            ],
        )
        cur.execute("DELETE FROM exercise_variable WHERE exercise_id = ?", [ex_id])
        _insert_variables(cur, ex_id, exercise.variables)


def set_exercise_active(con: duckdb.DuckDBPyConnection, name: str, active: bool) -> None:
    """Retire (active=False) or restore an exercise; its history always stays. Writes."""
    active = check_flag("active", active)
    ex_id = exercise_id(con, name)
    with transaction(con) as cur:
        cur.execute("UPDATE exercise SET active = ? WHERE id = ?", [active, ex_id])


@overload
def exercise_id(con: duckdb.DuckDBPyConnection, name: str, *, missing_ok: Literal[False] = False) -> int: ...
@overload
def exercise_id(con: duckdb.DuckDBPyConnection, name: str, *, missing_ok: bool) -> int | None: ...
def exercise_id(con: duckdb.DuckDBPyConnection, name: str, *, missing_ok: bool = False) -> int | None:
    """Return the id of the exercise called `name` (case-insensitive); raise NotFound if there is none."""
    if not isinstance(name, str):
        raise ValidationError("exercise", f"An exercise is named by text; got {shown(name)}.")
    rows = read(con, "SELECT id FROM exercise WHERE lower(name) = lower(trim(?))", [name])
    if rows:
        return rows[0][0]
    if missing_ok:
        return None
    known = ", ".join(exercise_names(con))
    raise NotFound(f"There is no exercise called {name!r}. Known exercises: {known}.")


def stored_id(e: ExerciseDef) -> int:
    """Return the id of an exercise read from the file (load_library sets it); raise NotFound for one never stored."""
    if e.id is None:
        raise NotFound(f"{e.name} is not in the database.")
    return e.id


def exercise_names(con: duckdb.DuckDBPyConnection, *, active_only: bool = False) -> list[str]:
    """Return exercise display names in library order."""
    sql = "SELECT name FROM exercise WHERE active OR NOT ? ORDER BY position, id"
    return [r[0] for r in read(con, sql, [active_only])]


_LIBRARY = """
    SELECT e.id, e.name, e.category, e.cues, e.variants, e.anchor, e.active, e.custom,
           v.variable, v.start_value, v.step, v.floor_value, v.cap, v.unit, v.step_percent
    FROM exercise e JOIN exercise_variable v ON v.exercise_id = e.id
    WHERE e.active OR NOT ?
    ORDER BY e.position, e.id, v.rank"""


def load_library(
    con: duckdb.DuckDBPyConnection, *, active_only: bool = False, kept: bool = False
) -> dict[str, ExerciseDef]:
    """Return every stored exercise as an ExerciseDef, keyed by display name, in library order.

    `kept`: as built last time on `con` if nothing was written since (lib.db.kept_build; an ExerciseDef is frozen).
    """
    if kept:
        return dict(kept_build(con, _LIBRARY, [active_only], _library_of))
    return _library_of(read(con, _LIBRARY, [active_only]))


def _library_of(rows: list[tuple]) -> dict[str, ExerciseDef]:
    """The library from _LIBRARY's rows: one row per exercise variable, in progression order."""
    grouped: dict[int, tuple[list, list[VariableRule]]] = {}
    for ex_id, *head, variable, start, step, floor, cap, unit, step_percent in rows:
        grouped.setdefault(ex_id, (head, []))[1].append(
            VariableRule(variable, start, step, floor, cap, unit, step_percent)
        )
    out = {}
    for ex_id, ((name, category, cues, variants, anchor, active, custom), rules) in grouped.items():
        out[name] = ExerciseDef(
            name=name,
            category=category,
            cues=_lines(cues),
            variants=_lines(variants),
            variables=tuple(rules),
            anchor=anchor,
            active=active,
            custom=custom,
            id=ex_id,
        )
    return out


def get_exercise(con: duckdb.DuckDBPyConnection, name: str) -> ExerciseDef:
    """Return one exercise by name (case-insensitive); raise NotFound if unknown."""
    ex_id = exercise_id(con, name)
    return next(e for e in load_library(con).values() if e.id == ex_id)


def list_exercises(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return one row per exercise: name, category, active, anchor, custom, variables, variants."""
    return read_df(
        con,
        """
        SELECT e.name, e.category, e.active, e.anchor, e.custom,
               string_agg(v.variable, ', ' ORDER BY v.rank) AS progression_order,
               replace(e.variants, chr(10), ' → ') AS variants
        FROM exercise e JOIN exercise_variable v ON v.exercise_id = e.id
        GROUP BY e.id, e.name, e.category, e.active, e.anchor, e.custom, e.variants, e.position
        ORDER BY e.position, e.id""",
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.split("\n") if line.strip())


def current_prescriptions(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, Prescription]:
    """Return every exercise's prescription in force on `day`, keyed by name.

    An exercise with no stored version yet is on its start values.
    """
    library_now = load_library(con)
    latest = versions_in_force(con, day)
    return {name: latest.get(stored_id(e)) or e.start_prescription() for name, e in library_now.items()}


def versions_in_force(con: duckdb.DuckDBPyConnection, day: date, ex_id: int | None = None) -> dict[int, Prescription]:
    rows = read(con, _LATEST_PRESCRIPTIONS, {"day": day, "ex": ex_id})
    return {ex: prescription_of(variant, values) for ex, variant, *values in rows}


def prescription_of(variant: str | None, values: Sequence[float | None]) -> Prescription:
    """The Prescription of a row's variant and VARIABLE_COLUMNS (a NULL column: a variable it does not use)."""
    return Prescription({k: v for k, v in zip(VARIABLE_COLUMNS, values, strict=True) if v is not None}, variant)


def current_prescription(con: duckdb.DuckDBPyConnection, name: str, day: date) -> Prescription:
    """Return the prescription of `name` in force on `day` ({variable: value, ..., "variant": name or None})."""
    e = get_exercise(con, name)
    return versions_in_force(con, day, e.id).get(stored_id(e)) or e.start_prescription()


def set_prescription(
    con: duckdb.DuckDBPyConnection, name: str, day: date, values: dict[str, object], *, variant: str | None = None
) -> Prescription:
    """Prescribe `name` by hand from `day` (e.g. what a physiotherapist set). Writes.

    Variables not given keep their current value. The change is a new version
    (nothing is overwritten) and a 'manual' progression event. Returns the new
    prescription. Raises ValidationError for a variable the exercise does not
    use, a value outside its bounds or above its cap, an unknown variant, or a
    `day` more than lib.models.PRESCRIPTION_AHEAD_DAYS ahead.
    """
    e = get_exercise(con, name)
    if not isinstance(day, date) or isinstance(day, datetime):
        raise ValidationError("day", f"day must be a date (YYYY-MM-DD); got {shown(day)}.")
    if day > date.today() + timedelta(days=PRESCRIPTION_AHEAD_DAYS):
        raise ValidationError(
            "day", f"A prescription can start at most {PRESCRIPTION_AHEAD_DAYS} days ahead; got {day.isoformat()}."
        )
    if not isinstance(values, Mapping):
        raise ValidationError("values", f"The variables must be a dict of variable to value; got {shown(values)}.")
    before = current_prescription(con, e.name, day)
    values = dict(values)
    # Anything the caller passed, not yet text: check_prescription and the check below refuse it unless in the chain.
    variant = values.pop("variant", None) or variant  # type: ignore[assignment]
    # The same check as an imported prescription row: the exercise's variables, its cap, its variants.
    after = {**before, **check_prescription(e, values, variant, day, date.today())}
    if variant is not None:
        if not isinstance(variant, str) or variant not in e.variants:
            raise ValidationError(
                "variant",
                f"{e.name} has no variant {shown(variant)}; its variants are: {', '.join(e.variants) or 'none'}.",
            )
        after["variant"] = variant
    with transaction(con) as cur:
        record_prescription(cur, stored_id(e), day, after, Action.MANUAL)
        cur.execute(
            "INSERT INTO progression_event (day, exercise_id, action, variable, current, proposed, reason, decision) "
            "VALUES (?, ?, ?, NULL, ?, ?, 'Set by hand', ?)",
            [day, e.id, Action.MANUAL, json.dumps(dict(before)), json.dumps(after), DecisionKind.ACCEPTED],
        )
    return Prescription.of(after)


def record_prescription(
    cur: duckdb.DuckDBPyConnection,
    ex_id: int,
    day: date,
    prescription: Mapping[str, object],
    source: str,
    until: date | None = None,
) -> None:
    """Insert one prescription version inside the caller's transaction (`until`: last day it applies)."""
    cur.execute(
        _INSERT_PRESCRIPTION,
        [ex_id, day, until, prescription.get("variant"), source, *(prescription.get(c) for c in VARIABLE_COLUMNS)],
    )


def prescription_history(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Return every prescription version of `name`, oldest first (one row per version)."""
    ex_id = exercise_id(con, name)
    return read_df(con, _PRESCRIPTION_HISTORY, [ex_id])
