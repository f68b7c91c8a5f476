"""Load units: Poise stores every load in kilograms and shows it in the unit the person chose.

Shown pounds are rounded to 0.01 lb and stored kilograms to 0.01 kg, so a
value that goes kg -> lb -> kg (a form shown and saved unchanged) comes back
exactly as it was. In words (`for_people`) a load is rounded further, to the
unit's step (`STEP`): 10 kg reads "22 lb", never "22.05 lb".
"""

from __future__ import annotations

import math

KG_PER_LB = 0.45359237  # exact, by definition
UNITS = ("kg", "lb")
LOAD_VARIABLES = ("load_kg",)  # the variables that hold a load
# The step a load is read to: a quarter kilogram (the smallest plates), half a pound (the grid the
# engine steps loads on in pounds, lib.progression), so no "22.05 lb" is ever read.
STEP = {"kg": 0.25, "lb": 0.5}


def _check(unit: str) -> str:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}; got {unit!r}.")
    return unit


def from_kg(kg: float, unit: str) -> float:
    """Return a stored load (kg) in `unit`: kilograms as they are, pounds rounded to 0.01."""
    return float(kg) if _check(unit) == "kg" else round(float(kg) / KG_PER_LB, 2)


def to_kg(value: float, unit: str) -> float:
    """Return a load typed in `unit` as kilograms to store (rounded to 0.01 kg from pounds)."""
    return float(value) if _check(unit) == "kg" else round(float(value) * KG_PER_LB, 2)


def show(variable: str, value: float, unit: str) -> float:
    """Return a variable's stored value as shown: loads converted to `unit`, everything else unchanged."""
    return from_kg(value, unit) if variable in LOAD_VARIABLES else value


def store_value(variable: str, value: float, unit: str) -> float:
    """Return a shown value as stored: loads back to kilograms, everything else unchanged."""
    return to_kg(value, unit) if variable in LOAD_VARIABLES else value


def unit_of(variable: str, stored_unit: str, unit: str) -> str:
    """Return the unit label a variable is shown in ("lb" for a load when pounds are chosen)."""
    return _check(unit) if variable in LOAD_VARIABLES else stored_unit


def for_people(variable: str, value: float, unit: str) -> float:
    """Return a stored value as a person reads it: a load in `unit` rounded to its step, anything else as it is."""
    if variable not in LOAD_VARIABLES:
        return float(value)
    step = STEP[_check(unit)]
    shown = float(value) / (KG_PER_LB if unit == "lb" else 1)
    return round(math.floor(shown / step + 0.5) * step, 2)  # half up: 2.125 kg reads 2.25, not 2
