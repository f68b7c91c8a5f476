"""What the Check-in & log page needs beyond the store: defaults and prefilled exercise rows. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

import pandas as pd

from lib import plain, units
from lib.errors import ValidationError
from lib.exercises import LIBRARY
from lib.fields import NUMBERS
from lib.models import VARIABLES, ExerciseDef
from lib.prescription import Prescription, PrescriptionLike

UNANSWERED = {
    "pain_now": None,
    "stiffness": None,
    "sleep_hours": None,
    "sleep_quality": None,
    "stress": None,
    "sitting_hours": None,
    "travel": False,
    "flare_up": False,
    "notes": "",
}  # a form nobody touched
CHECKIN_ANSWERS = tuple(UNANSWERED)  # the form's fields, top to bottom (one column: the same order on a phone)
UNKNOWN = "–"  # how an unanswered value is shown everywhere


# Readable column names for the history tables.
COLUMN_LABELS = {
    "day": "Date",
    "pain_now": "Pain",
    "stiffness": "Stiffness",
    "sleep_hours": "Sleep (h)",
    "sleep_quality": "Sleep quality",
    "stress": "Stress",
    "sitting_hours": "Sitting (h)",
    "travel": "Travel",
    "flare_up": "Flare-up",
    "notes": "Notes",
    "long_desk_day": "Long desk day",
    "id": "Session",
    "focus": "Focus",
    "duration_min": "Minutes",
    "rpe": "RPE",
    "load": "Load (RPE × min)",
    "exercises": "Exercises",
    "completed": "Completed",
    "peak_pain": "Peak pain",
    "skipped": "Skipped",
    "skip_reason": "Why skipped",
}


def checkin_answers(checkin: Mapping | None) -> dict[str, object]:
    """The form's starting values: the person's own answers for the day, or nothing answered.

    Never a default that looks like an answer; "Same as yesterday" passes yesterday's check-in.
    A flare-up is never copied: it is today's news or it isn't.
    """
    if not checkin:
        return dict(UNANSWERED)
    return {k: _plain(k, checkin.get(k)) for k in CHECKIN_ANSWERS}


def copied_from(checkin: Mapping) -> dict[str, object]:
    """Yesterday's answers for "Same as yesterday": all but the flare-up, notes and travel, which are each day's own."""
    return {**checkin_answers(checkin), "flare_up": False, "travel": False, "notes": ""}


def _plain(name: str, value: object) -> object:
    """A stored value as the form's widget takes it: NaN/NA/None unanswered; numbers plain, int or float."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return UNANSWERED[name]
    if name not in NUMBERS:
        return bool(value) if name in ("travel", "flare_up") else value
    number = cast(float, value)  # a stored number (NumPy's too): None and NA are handled above, text is not a NUMBER
    return int(number) if NUMBERS[name].whole else float(number)


@dataclass(frozen=True)
class Field:
    variable: str
    label: str
    step: float | int  # int when both step and value are whole, so the form shows "6", not "6.00"
    value: float | int
    help: str | None = None  # what the levels mean, for a level of the default library


@dataclass(frozen=True)
class ExerciseRow:
    """One exercise of the session form: only the variables it uses, prefilled."""

    name: str
    variant: str | None
    fields: tuple[Field, ...]
    completed: bool  # ticked as done: only when a logged session says so, never by default
    pain_during: int | None  # None: not answered yet
    planned: str = ""  # the day's prescription in words (lib.plain), when the row is prefilled from it


def exercise_rows(
    library: Mapping[str, ExerciseDef],
    names: list[str],
    prescriptions: Mapping[str, PrescriptionLike],
    logged: list[dict],
    unit: str = "kg",
) -> list[ExerciseRow]:
    """Rows for `names`: what was logged (when editing a session), else the prescription of the day.

    Loads are shown in `unit`; `stored_values` turns what the form returns back into kilograms.
    """
    done = {entry["exercise"]: entry for entry in logged}
    rows = []
    for name in names:
        e = library[name]
        source = Prescription.of(prescriptions[name]) if name not in done else _performed(done[name], e)
        fields = tuple(
            _field(
                r.variable,
                units.unit_of(r.variable, r.unit, unit),
                units.show(r.variable, r.step, unit),
                units.show(r.variable, source.variables.get(r.variable, r.start), unit),
                plain.ladder_words(e, r.variable),
            )
            for r in e.variables
        )
        logged_pain = done[name]["pain_during"] if name in done else None
        planned = "" if name in done else plain.prescription_words(source, e, unit)
        rows.append(
            ExerciseRow(
                name,
                source.variant,
                fields,
                bool(done[name]["completed"]) if name in done else False,
                None if logged_pain is None else int(logged_pain),
                planned,
            )
        )
    return rows


def _performed(entry: Mapping[str, object], e: ExerciseDef) -> Prescription:
    """What a logged row of `e` did (store.get_session's exercise dict), as a prescription reads."""
    variant = entry.get("variant")
    return Prescription(
        {v: cast(float, entry[v]) for v in e.rules if v in entry}, None if variant is None else str(variant)
    )


def stored_values(values: Mapping[str, float | None], unit: str) -> dict[str, float | None]:
    """Return form values as stored: loads back to kilograms, everything else unchanged."""
    return {k: v if v is None else units.store_value(k, v, unit) for k, v in values.items()}


def entry(
    row: ExerciseRow, completed: bool, pain_during: int | None, values: Mapping[str, float | None], unit: str
) -> dict:
    """Return one exercise row of the form as store.save_session takes it (loads back in kilograms)."""
    return {
        "exercise": row.name,
        "variant": row.variant,
        "completed": completed,
        "pain_during": pain_during,
        **stored_values(values, unit),
    }


def _field(variable: str, unit: str, step: float, value: float, ladder: str = "") -> Field:
    label = f"{VARIABLES[variable].label} ({unit})" if unit else VARIABLES[variable].label
    help = f"Levels from 1: {ladder}" if ladder else None
    if float(step).is_integer() and float(value).is_integer():
        return Field(variable, label, int(step), int(value), help)
    return Field(variable, label, float(step), float(value), help)


MAX_FIELDS = max(len(e.variables) for e in LIBRARY)  # the form's grid: name, the fields, pain


def session_label(summary: Mapping[str, object]) -> str:
    """One line naming a stored session: "Session 12 · control · 11 min · RPE 4", or "Session 13 · skipped (time)"."""
    if summary.get("skipped"):
        reason = summary.get("skip_reason")
        return f"Session {summary['id']} · skipped" + (f" ({reason})" if isinstance(reason, str) else "")
    return f"Session {summary['id']} · {summary['focus']} · {summary['duration_min']} min · RPE {summary['rpe']}"


def session_labels(summaries: pd.DataFrame) -> dict[int | None, str]:
    """The session picker's choices: a new session first, then each of the day's (store.list_session_summaries)."""
    return {None: "New session"} | {s["id"]: session_label(s) for s in summaries.to_dict("records")}


def row_keys(form_key: str, name: str) -> dict[str, str]:
    """The session-state keys of one exercise row's done tick and pain."""
    return {"done": f"{form_key}_{name}_done", "pain": f"{form_key}_{name}_pain"}


def done_keys(form_key: str, rows: list[ExerciseRow]) -> list[str]:
    """The keys of every row's done tick ("Did all of it as planned" ticks them)."""
    return [row_keys(form_key, r.name)["done"] for r in rows]


def session_form_values(form_key: str, rows: list[ExerciseRow], logged: Mapping | None) -> dict[str, object]:
    """The session form's starting values by widget key: what was logged, else nothing ticked and no pain."""
    values: dict[str, object] = {
        f"{form_key}_notes": logged["notes"] if logged else "",
        f"{form_key}_duration_min": logged["duration_min"] if logged else None,
        f"{form_key}_rpe": logged["rpe"] if logged else None,
    }
    for r in rows:
        keys = row_keys(form_key, r.name)
        values |= {keys["done"]: r.completed, keys["pain"]: r.pain_during}
    return values


def nothing_done(entries: list[dict]) -> ValidationError | None:
    """The refusal for a session form with rows but none ticked as done (an untouched form), else None."""
    if entries and not any(e["completed"] for e in entries):
        return ValidationError(
            "completed",
            "Nothing is ticked as done: tick each exercise you did (or use "
            '"Did all of it as planned"), or save the day as skipped.',
        )
    return None


def logged_today(sessions: pd.DataFrame) -> tuple[str, dict[str, str]]:
    """What Today says of the day's logged sessions (store.list_sessions rows): a headline and a mark per exercise.

    Headline: "" (nothing logged), "Today's session is logged." or "Today is logged as skipped.".
    Marks: "Done today · pain 2" (the day's worst), or "Logged today, not done" for a row not completed.
    """
    if sessions.empty:
        return "", {}
    if sessions["skipped"].all():
        return "Today is logged as skipped.", {}
    marks = {}
    for name, rows in sessions.dropna(subset=["exercise"]).groupby("exercise", sort=False):
        done = rows[rows["completed"].astype(bool)]
        marks[str(name)] = (
            f"Done today · pain {int(done['pain_during'].max())}" if not done.empty else "Logged today, not done"
        )
    return "Today's session is logged.", marks


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table as a person reads it: readable column names, "–" wherever a value is unknown."""
    return table.rename(columns=COLUMN_LABELS).astype(object).where(table.notna().to_numpy(), UNKNOWN)
