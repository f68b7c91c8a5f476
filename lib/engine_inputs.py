"""The engine's input contract: what the store reads for one day, and what the person decided. Pure.

lib.store.engine builds these records; lib.progression decides from them and lib.plan plans from
them, so neither needs the store to know their shape. The per-record types (CheckinSignal,
LoggedExercise, AcceptedChange, DayFacts) are the engine's own, in lib.progression.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from lib.models import ExerciseDef
from lib.prescription import Prescription
from lib.progression import AcceptedChange, CheckinSignal, DayFacts, LoggedExercise
from lib.settings import Settings

__all__ = ["Decision", "EngineInputs"]


class Decision(NamedTuple):
    """What the person did with a suggestion, and the prescription it proposed."""

    decision: str  # accepted | declined
    proposed: Prescription


@dataclass(frozen=True)
class EngineInputs:
    """Everything the engine needs for one day: the library, and the records (prescriptions, logs, accepted
    changes) of every exercise in it, or of the one a single suggestion asked for; check-ins shared."""

    day: date
    library: dict[str, ExerciseDef]
    prescriptions: dict[str, Prescription]
    logs: dict[str, list[LoggedExercise]]
    accepted: dict[str, list[AcceptedChange]]
    checkins: dict[date, CheckinSignal]
    settings: Settings
    programme_start: date | None
    day_facts: DayFacts | None = None  # the day-level signals, worked out once for every exercise
    usual: dict[str, Prescription] | None = None  # the permanent prescription behind a deload week's
