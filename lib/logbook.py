"""What the Check-in & log page needs beyond the store: defaults and prefilled exercise rows. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lib import units
from lib.exercises import LIBRARY
from lib.models import VARIABLES, ExerciseDef

# A new check-in starts from an ordinary night and day; pain carries over from yesterday.
CHECKIN_DEFAULTS = {"pain_now": 2, "stiffness": 2, "sleep_hours": 7.5, "sleep_quality": 7, "stress": 3,
                    "sitting_hours": 6.0, "travel": False, "flare_up": False, "notes": ""}


# Readable column names for the history tables.
COLUMN_LABELS = {
    "day": "Date", "pain_now": "Pain", "stiffness": "Stiffness", "sleep_hours": "Sleep (h)",
    "sleep_quality": "Sleep quality", "stress": "Stress", "sitting_hours": "Sitting (h)", "travel": "Travel",
    "flare_up": "Flare-up", "notes": "Notes", "long_desk_day": "Long desk day", "id": "Session",
    "focus": "Focus", "duration_min": "Minutes", "rpe": "RPE", "load": "Load (RPE × min)",
    "exercises": "Exercises", "completed": "Completed", "peak_pain": "Peak pain",
}


def checkin_defaults(existing: Mapping | None, yesterday: Mapping | None) -> dict[str, object]:
    """Values to show in the check-in form: the day's own check-in, else defaults with yesterday's pain."""
    if existing:
        return {k: existing[k] for k in CHECKIN_DEFAULTS}
    values = dict(CHECKIN_DEFAULTS)
    if yesterday:
        values.update(pain_now=int(yesterday["pain_now"]), stiffness=int(yesterday["stiffness"]))
    return values


@dataclass(frozen=True)
class Field:
    variable: str
    label: str
    step: float | int    # int when both step and value are whole, so the form shows "6", not "6.00"
    value: float | int


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise of the session form: only the variables it uses, prefilled."""

    name: str
    variant: str | None
    fields: tuple[Field, ...]
    completed: bool
    pain_during: int


def exercise_rows(library: Mapping[str, ExerciseDef], names: list[str],
                  prescriptions: Mapping[str, Mapping[str, object]], logged: list[dict],
                  unit: str = "kg") -> list[ExerciseRow]:
    """Rows for `names`: what was logged (when editing a session), else the prescription of the day.

    Loads are shown in `unit`; `stored_values` turns what the form returns back into kilograms.
    """
    done = {entry["exercise"]: entry for entry in logged}
    rows = []
    for name in names:
        e = library[name]
        source = done.get(name) or prescriptions[name]
        fields = tuple(_field(r.variable, units.unit_of(r.variable, r.unit, unit), units.show(r.variable, r.step, unit),
                              units.show(r.variable, source.get(r.variable, r.start), unit)) for r in e.variables)
        rows.append(ExerciseRow(name, source.get("variant"), fields,
                                bool(done[name]["completed"]) if name in done else True,
                                int(done[name]["pain_during"]) if name in done else 0))
    return rows


def stored_values(values: Mapping[str, float], unit: str) -> dict[str, float]:
    """Return form values as stored: loads back to kilograms, everything else unchanged."""
    return {k: units.store_value(k, v, unit) for k, v in values.items()}


def entry(row: ExerciseRow, completed: bool, pain_during: int, values: Mapping[str, float], unit: str) -> dict:
    """Return one exercise row of the form as store.save_session takes it (loads back in kilograms)."""
    return {"exercise": row.name, "variant": row.variant, "completed": completed, "pain_during": pain_during,
            **stored_values(values, unit)}


def _field(variable: str, unit: str, step: float, value: float) -> Field:
    label = f"{VARIABLES[variable].label} ({unit})" if unit else VARIABLES[variable].label
    if float(step).is_integer() and float(value).is_integer():
        return Field(variable, label, int(step), int(value))
    return Field(variable, label, float(step), float(value))


MAX_FIELDS = max(len(e.variables) for e in LIBRARY)  # the form's grid: name, the fields, pain


def session_label(summary: Mapping[str, object]) -> str:
    """One line naming a stored session: "Session 12 · control · 11 min · RPE 4"."""
    return f"Session {summary['id']} · {summary['focus']} · {summary['duration_min']} min · RPE {summary['rpe']}"
