"""The coach: today's suggestions read through the store, decided by the pure engine, decisions written back.

The service between the pages (and scripts) and the engine: lib.progression decides from plain
values and never reads the database; this module reads its inputs (lib.store.engine_inputs),
asks it, and records what the person chose.
"""

from __future__ import annotations

from datetime import date

import duckdb

from lib import store
from lib.models import check_day
from lib.progression import DecisionKind, Suggestion, decide_from


def suggest(con: duckdb.DuckDBPyConnection, name: str, day: date) -> Suggestion:
    """Return the suggestion for one exercise on `day`, from everything recorded up to and including it.

    Reads only. Raises NotFound for an unknown exercise name (case-insensitive).
    """
    inputs = store.engine_inputs(con, day, exercise=name)  # the whole library, that exercise's records alone
    return decide_from(inputs, next(iter(inputs.prescriptions)))  # its name as the library spells it


def suggest_all(con: duckdb.DuckDBPyConnection, day: date, names: list[str] | None = None) -> dict[str, Suggestion]:
    """Return suggestions for the active exercises (or `names`) on `day`, from one bulk read. Reads only."""
    inputs = store.engine_inputs(con, day, active_only=names is None)
    return {name: decide_from(inputs, name) for name in (names or inputs.library)}


def accept(con: duckdb.DuckDBPyConnection, s: Suggestion, day: date, *, today: date | None = None) -> None:
    """Accept a suggestion: a new prescription version effective `day` (if it changes anything), event recorded.

    Writes. Raises ValidationError for a `day` after `today` (default: the computer's date).
    """
    check_day("day", day, today or date.today())
    store.record_decision(con, s, day, DecisionKind.ACCEPTED)


def decline(con: duckdb.DuckDBPyConnection, s: Suggestion, day: date, *, today: date | None = None) -> None:
    """Decline a suggestion: the event is recorded, the prescription stays as it is.

    Writes. Raises ValidationError for a `day` after `today` (default: the computer's date), as accept does.
    """
    check_day("day", day, today or date.today())
    store.record_decision(con, s, day, DecisionKind.DECLINED)
