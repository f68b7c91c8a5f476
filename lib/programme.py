"""Your programme on screen and back: tables to show and form values to records, for the Exercises
and Settings pages. Pure: plain values and DataFrames in, records or DataFrames out; no I/O.

Loads are shown in the chosen unit (lib.units) and stored in kilograms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from lib import plain, units
from lib.errors import ValidationError
from lib.models import VARIABLES, ExerciseDef, VariableRule
from lib.prescription import Prescription, PrescriptionLike
from lib.settings import SETTINGS, Setting

VARIABLE_NAMES = list(VARIABLES)
VARIABLE_COLUMNS = ["variable", "start", "step", "floor", "cap", "unit", "step_percent"]
NEW_EXERCISE_VARIABLES = (VariableRule("reps", 6, 1, 4, 12), VariableRule("sets", 1, 1, 1, 3))


def rule_summary(rule: VariableRule, unit: str) -> str:
    """Return one variable's rule as a person reads it: "Hold 20 s (10–60, +5)": start, (floor–cap, step)."""
    shown = {k: units.show(rule.variable, getattr(rule, k), unit) for k in ("start", "step", "floor", "cap")}
    label = units.unit_of(rule.variable, rule.unit, unit)
    step = f"+{rule.step_percent:g} %" if rule.step_percent else f"+{shown['step']:g}"
    return (
        f"{VARIABLES[rule.variable].label} {shown['start']:g}{' ' + label if label else ''} "
        f"({shown['floor']:g}–{shown['cap']:g}, {step})"
    )


def library_table(library: dict[str, ExerciseDef], unit: str) -> pd.DataFrame:
    """Return one row per exercise: name, category, status, anchor, custom, progression order, variant chain."""
    return pd.DataFrame(
        [
            {
                "Exercise": e.name,
                "Category": e.category,
                "Status": "active" if e.active else "retired",
                "Anchor": "anchor" if e.anchor else "",
                "Custom": "custom" if e.custom else "",
                "Progression order": " → ".join(rule_summary(r, unit) for r in e.variables),
                "Variant chain": " → ".join(e.variants),
            }
            for e in library.values()
        ],
        columns=["Exercise", "Category", "Status", "Anchor", "Custom", "Progression order", "Variant chain"],
    )


def variables_frame(exercise: ExerciseDef | None, unit: str) -> pd.DataFrame:
    """Return an exercise's variables in progression order for an editable table (loads in `unit`)."""
    rules = exercise.variables if exercise is not None else NEW_EXERCISE_VARIABLES
    return pd.DataFrame(
        [
            {
                "variable": r.variable,
                **{k: units.show(r.variable, getattr(r, k), unit) for k in ("start", "step", "floor", "cap")},
                "unit": units.unit_of(r.variable, r.unit, unit),
                "step_percent": r.step_percent,
            }
            for r in rules
        ],
        columns=VARIABLE_COLUMNS,
    )


def variables_table(exercise: ExerciseDef, unit: str) -> pd.DataFrame:
    """Return an exercise's variables to read: progression order, start, step, floor, cap, unit (loads in `unit`)."""
    df = variables_frame(exercise, unit)
    df["variable"] = df["variable"].map(lambda v: VARIABLES[v].label)
    df["step_percent"] = df["step_percent"].map(lambda p: "" if p is None or pd.isna(p) else f"+{p:g} %")
    df.insert(0, "order", range(1, len(df) + 1))
    ladders = [plain.ladder_words(exercise, r.variable) for r in exercise.variables]
    if any(ladders):  # what each level means, level 1 first, beside its name (on a phone the table scrolls)
        df.insert(2, "levels", ladders)
    return df.rename(
        columns={
            "order": "Order",
            "variable": "Variable",
            "start": "Start",
            "step": "Step",
            "floor": "Floor",
            "cap": "Cap",
            "unit": "Unit",
            "step_percent": "Or step %",
            "levels": "Levels (from 1)",
        }
    )


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return value  # type: ignore[return-value]


def rules_from_frame(frame: pd.DataFrame, unit: str) -> tuple[VariableRule, ...]:
    """Return the variable rules of an edited table, top row first; blank rows are skipped.

    Raises ValidationError naming the variable and the bound that is wrong.
    """
    rules = []
    for row in frame.to_dict("records"):
        variable = row.get("variable")
        if _number(variable) is None or not str(variable).strip():
            continue
        variable = str(variable).strip()
        if variable not in VARIABLES:
            raise ValidationError("variable", f"variable must be one of {', '.join(VARIABLES)}; got {variable!r}.")
        values = {}
        for k in ("start", "step", "floor", "cap"):
            value = _number(row.get(k))
            if value is None:
                raise ValidationError(variable, f"{variable}: {k} needs a value.")
            values[k] = units.store_value(variable, float(value), unit)
        stored_unit = VARIABLES[variable].unit if variable in units.LOAD_VARIABLES else str(row.get("unit") or "")
        rules.append(
            VariableRule(
                variable=variable,
                start=values["start"],
                step=values["step"],
                floor=values["floor"],
                cap=values["cap"],
                unit=stored_unit,
                step_percent=_number(row.get("step_percent")),
            )
        )
    return tuple(rules)


def exercise_from_form(
    *,
    name: str,
    category: str,
    cues: str,
    variants: str,
    variables: pd.DataFrame,
    unit: str,
    anchor: bool = False,
    active: bool = True,
    custom: bool = True,
) -> ExerciseDef:
    """Return the ExerciseDef a form describes (cues and variants one per line). Raises ValidationError."""
    return ExerciseDef(
        name=name.strip(),
        category=category,
        cues=tuple(line.strip() for line in cues.splitlines() if line.strip()),
        variables=rules_from_frame(variables, unit),
        variants=tuple(line.strip() for line in variants.splitlines() if line.strip()),
        anchor=anchor,
        active=active,
        custom=custom,
    )


@dataclass(frozen=True)
class PrescriptionInput:
    """One number input of the prescribe-by-hand form, in the unit shown."""

    variable: str
    label: str
    value: int | float
    low: int | float
    high: int | float
    step: int | float


def prescription_inputs(exercise: ExerciseDef, current: PrescriptionLike, unit: str) -> list[PrescriptionInput]:
    """Return the inputs for prescribing `exercise` by hand, filled with its current prescription."""
    out = []
    for r in exercise.variables:
        spec = VARIABLES[r.variable]
        label = units.unit_of(r.variable, r.unit or spec.unit, unit)
        value = Prescription.of(current).variables.get(r.variable)
        value = r.start if value is None else float(value)
        kind = int if spec.whole else float  # a number input wants one numeric type throughout
        out.append(
            PrescriptionInput(
                r.variable,
                f"{spec.label}{f' ({label})' if label else ''}",
                kind(units.show(r.variable, value, unit)),
                kind(units.show(r.variable, spec.low, unit)),
                kind(units.show(r.variable, spec.high, unit)),
                kind(1 if spec.whole else units.show(r.variable, r.step, unit)),
            )
        )
    return out


def prescription_from_form(exercise: ExerciseDef, shown: dict[str, float], unit: str) -> dict[str, float]:
    """Return the values typed in the prescribe-by-hand form as stored values (loads in kg)."""
    return {v: units.store_value(v, float(x), unit) for v, x in shown.items() if v in exercise.rules and x is not None}


RITUAL_KINDS = {"anchor": "habit anchor", "rule": "personal rule"}


def ritual_labels(rituals: pd.DataFrame) -> dict[int, str]:
    """Return each ritual's id with the line that names it: "After morning coffee → 3 min cat-camel"."""
    return {
        int(i): f"{cue} → {movement}"
        for i, cue, movement in zip(rituals["id"], rituals["cue"], rituals["movement"], strict=True)
    }


def rituals_table(rituals: pd.DataFrame) -> pd.DataFrame:
    """Return rituals for display: kind, cue, movement, minutes, reminder, status."""
    if rituals.empty:
        return pd.DataFrame(columns=["Kind", "Cue", "Movement", "Minutes", "Reminder", "Status"])
    return pd.DataFrame(
        {
            "Kind": rituals["kind"].map(RITUAL_KINDS),
            "Cue": rituals["cue"],
            "Movement": rituals["movement"],
            "Minutes": rituals["minutes"].map(lambda m: "" if m is None or pd.isna(m) else f"{int(m)}"),
            "Reminder": rituals["reminder_time"].map(lambda t: "" if t is None or pd.isna(t) else f"{t:%H:%M}"),
            "Status": rituals["active"].map({True: "active", False: "retired"}),
        }
    )


def setting_changes(current: dict[str, object], submitted: dict[str, object]) -> dict[str, object]:
    """Return the settings whose submitted value differs from the current one (shown numbers compared as numbers)."""
    changed = {}
    for key, value in submitted.items():
        old = current.get(key)
        if isinstance(value, float) and isinstance(old, int | float) and math.isclose(value, old):
            continue
        if value != old:
            changed[key] = value
    return changed


def setting_step(s: Setting) -> int | float:
    """Return the step of a numeric setting's input: 1 for whole numbers, 0.05 for a factor up to 1, else 0.5."""
    if s.kind is int:
        return 1
    return 0.05 if (s.high or 0) <= 1 else 0.5


def setting_help(s: Setting) -> str:
    """Return a setting's one line of help with its default and range."""
    default = (
        "none" if s.default is None else (s.default.isoformat() if isinstance(s.default, date) else f"{s.default}")
    )
    allowed = f"{s.low:g}–{s.high:g}" if s.low is not None and s.high is not None else ", ".join(s.choices)
    return f"{s.help} Default {default}" + (f"; allowed {allowed}." if allowed else ".")


__all__ = [
    "RITUAL_KINDS",
    "SETTINGS",
    "VARIABLE_NAMES",
    "PrescriptionInput",
    "ritual_labels",
    "exercise_from_form",
    "library_table",
    "prescription_from_form",
    "prescription_inputs",
    "rituals_table",
    "rule_summary",
    "rules_from_frame",
    "variables_table",
    "setting_changes",
    "setting_help",
    "setting_step",
    "variables_frame",
]
