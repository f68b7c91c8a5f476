"""Records as frozen dataclasses, validated on construction.

Every write path (the pages, the import, scripts) builds these, so a bad value
is refused here with a message that names the field, the allowed range and
the value given, before anything reaches the database.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from lib.errors import ValidationError

FOCI = ("control", "mobility", "strength", "decompression")
CATEGORIES = ("breathing", "decompression", "control", "mobility", "strength", "transition", "walking")
NOTES_MAX = 2000
# The highest id any row may carry (an import is refused above it): ids are INTEGER columns
# (2**31 - 1 at most), and this margin leaves room for millions of later rows after an imported one.
ID_MAX = 2**31 - 2**24
# A prescription may start at most this many days ahead (a physiotherapist's "from next month"),
# and a version that ends (a deload week) may last at most this long.
PRESCRIPTION_AHEAD_DAYS = 366

# CR-10 session effort (Foster's modified Borg scale): the word a person picks by.
RPE_LABELS = {
    0: "Rest", 1: "Very, very easy", 2: "Easy", 3: "Moderate", 4: "Somewhat hard", 5: "Hard",
    6: "Between hard and very hard", 7: "Very hard", 8: "Between very hard and maximal", 9: "Almost maximal",
    10: "Maximal",
}


@dataclass(frozen=True)
class VariableSpec:
    name: str
    label: str
    unit: str
    low: float
    high: float
    whole: bool


# The variables an exercise can use, with the absolute bounds any value must keep.
VARIABLES: dict[str, VariableSpec] = {v.name: v for v in (
    VariableSpec("sets", "Sets", "", 1, 10, True),
    VariableSpec("reps", "Reps", "", 1, 100, True),
    VariableSpec("hold_s", "Hold", "s", 0, 600, False),
    VariableSpec("tempo_s", "Tempo", "s", 0, 20, False),
    VariableSpec("load_kg", "Load", "kg", 0, 300, False),
    VariableSpec("band_level", "Band level", "", 0, 10, True),
    VariableSpec("range_level", "Range level", "", 0, 10, True),
    VariableSpec("support_level", "Support level", "", 0, 10, True),
    VariableSpec("duration_min", "Duration", "min", 0, 240, False),
    VariableSpec("distance_m", "Distance", "m", 0, 50000, False),
)}


def check_number(name: str, value: object, low: float, high: float, *, whole: bool = False,
                 multiple_of: float | None = None) -> float:
    """Return `value` as a plain int (`whole`) or float if it is a number within [low, high].

    Any real number is accepted, NumPy's and pandas' too (numbers.Real, as the
    questionnaire scorer takes numbers.Integral); bool and NaN are not numbers
    here. Raises ValidationError naming `name`, the range and the value.
    """
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:  # NaN
        raise ValidationError(name, f"{name} must be {kind} from {low:g} to {high:g}; got {value!r}.")
    if not low <= value <= high:  # compared before float(): an int too large for a float is just out of range
        shown = f"{float(value):g}" if abs(value) < 1e300 else f"{value!r}"
        raise ValidationError(name, f"{name} must be between {low:g} and {high:g}; got {shown}.")
    number = float(value)
    if whole and number != int(number):
        raise ValidationError(name, f"{name} must be a whole number from {low:g} to {high:g}; got {number:g}.")
    if multiple_of and not math.isclose(number / multiple_of, round(number / multiple_of)):
        raise ValidationError(name, f"{name} must be in steps of {multiple_of:g} between {low:g} and {high:g}; got {number:g}.")
    return int(number) if whole else number


def check_flag(name: str, value: object) -> bool:
    """Return `value` as a bool; only True/False (or 1/0) are accepted."""
    if value in (True, False) and not isinstance(value, str | float):
        return bool(value)
    raise ValidationError(name, f"{name} must be yes or no (True/False); got {value!r}.")


def check_text(name: str, value: object, *, required: bool = False, limit: int = NOTES_MAX) -> str:
    """Return `value` as given if it is text within `limit` characters."""
    if not isinstance(value, str):
        raise ValidationError(name, f"{name} must be text; got {value!r}.")
    if required and not value.strip():
        raise ValidationError(name, f"{name} must not be empty.")
    if len(value) > limit:
        raise ValidationError(name, f"{name} must be at most {limit} characters; got {len(value)}.")
    return value


def check_day(name: str, value: object, today: date) -> date:
    """Return `value` if it is a date that is not in the future; raise ValidationError otherwise.

    A datetime (or pandas Timestamp) is refused rather than cut to its date:
    which day a time belongs to is the caller's choice (time zone, late nights).
    """
    if isinstance(value, datetime):
        raise ValidationError(name, f"{name} must be a date (YYYY-MM-DD); got datetime {value}.")
    if not isinstance(value, date):
        raise ValidationError(name, f"{name} must be a date (YYYY-MM-DD); got {value!r}.")
    if value > today:
        raise ValidationError(name, f"{name} cannot be in the future (today is {today.isoformat()}); got {value.isoformat()}.")
    return value


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices`."""
    if value not in choices:
        raise ValidationError(name, f"{name} must be one of {', '.join(choices)}; got {value!r}.")
    return value  # type: ignore[return-value]


def check_variables(values: dict[str, object], allowed: set[str] | None = None, *, context: str = "") -> dict[str, float]:
    """Validate a prescription-like dict {variable: value}; None values are dropped."""
    out: dict[str, float] = {}
    where = f" for {context}" if context else ""
    for name, value in values.items():
        if name not in VARIABLES or (allowed is not None and name not in allowed):
            uses = ", ".join(sorted(allowed)) if allowed is not None else ", ".join(VARIABLES)
            raise ValidationError(name, f"{name} is not a variable{where}; it uses: {uses}.")
        if value is None:
            continue
        spec = VARIABLES[name]
        out[name] = check_number(name, value, spec.low, spec.high, whole=spec.whole)
    return out


@dataclass(frozen=True)
class Checkin:
    day: date
    pain_now: int
    stiffness: int
    sleep_hours: float
    sleep_quality: int
    stress: int
    sitting_hours: float
    travel: bool = False
    flare_up: bool = False
    notes: str = ""
    today: date = field(default_factory=date.today, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_day("day", self.day, self.today)
        for name in ("pain_now", "stiffness", "sleep_quality", "stress"):
            object.__setattr__(self, name, check_number(name, getattr(self, name), 0, 10, whole=True))
        object.__setattr__(self, "sleep_hours", check_number("sleep_hours", self.sleep_hours, 0, 24, multiple_of=0.5))
        # Sleep in half hours (issue 3); sitting is any number of hours from 0 to 24.
        object.__setattr__(self, "sitting_hours", check_number("sitting_hours", self.sitting_hours, 0, 24))
        object.__setattr__(self, "travel", check_flag("travel", self.travel))
        object.__setattr__(self, "flare_up", check_flag("flare_up", self.flare_up))
        check_text("notes", self.notes)

    def row(self) -> dict[str, object]:
        """Return the columns of the `checkin` table."""
        return {k: getattr(self, k) for k in CHECKIN_FIELDS}


CHECKIN_FIELDS = ("day", "pain_now", "stiffness", "sleep_hours", "sleep_quality", "stress",
                  "sitting_hours", "travel", "flare_up", "notes")


@dataclass(frozen=True)
class ExerciseEntry:
    """One exercise as performed in a session; `values` holds only the variables it uses.

    An error names the exercise first ("Side plank: pain_during must be between
    0 and 10; got 11."), so a session with many rows says which row is wrong.
    """

    exercise: str
    values: dict[str, float]
    pain_during: int
    completed: bool = True
    variant: str | None = None

    def __post_init__(self) -> None:
        check_text("exercise", self.exercise, required=True, limit=80)
        try:
            if not isinstance(self.values, dict):
                raise ValidationError("values", f"values must be a dict of variable to value; got {self.values!r}.")
            object.__setattr__(self, "values", check_variables(self.values))
            object.__setattr__(self, "pain_during", check_number("pain_during", self.pain_during, 0, 10, whole=True))
            object.__setattr__(self, "completed", check_flag("completed", self.completed))
            if self.variant is not None:
                check_text("variant", self.variant, limit=80)
        except ValidationError as e:
            raise ValidationError(e.field, f"{self.exercise}: {e.message}") from None


@dataclass(frozen=True)
class Session:
    day: date
    focus: str
    duration_min: int
    rpe: int
    notes: str = ""
    exercises: tuple[ExerciseEntry, ...] = ()
    today: date = field(default_factory=date.today, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_day("day", self.day, self.today)
        check_choice("focus", self.focus, FOCI)
        object.__setattr__(self, "duration_min", check_number("duration_min", self.duration_min, 1, 240, whole=True))
        object.__setattr__(self, "rpe", check_number("rpe", self.rpe, 0, 10, whole=True))
        check_text("notes", self.notes)
        object.__setattr__(self, "exercises", tuple(self.exercises))


@dataclass(frozen=True)
class Ritual:
    cue: str
    movement: str
    kind: str = "anchor"
    minutes: int | None = None
    reminder_time: time | None = None

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, ("anchor", "rule"))
        check_text("cue", self.cue, required=True, limit=200)
        check_text("movement", self.movement, required=True, limit=200)
        if self.minutes is not None:
            object.__setattr__(self, "minutes", check_number("minutes", self.minutes, 1, 60, whole=True))
        if self.reminder_time is not None and not isinstance(self.reminder_time, time):
            raise ValidationError("reminder_time", f"reminder_time must be a time of day; got {self.reminder_time!r}.")


@dataclass(frozen=True)
class VariableRule:
    """How one variable of an exercise moves: start, step, floor, cap and unit."""

    variable: str
    start: float
    step: float
    floor: float
    cap: float
    unit: str = ""
    step_percent: float | None = None  # walking grows by a percentage, rounded to `step`

    def __post_init__(self) -> None:
        if self.variable not in VARIABLES:
            raise ValidationError("variable", f"variable must be one of {', '.join(VARIABLES)}; got {self.variable!r}.")
        spec = VARIABLES[self.variable]
        for name in ("start", "floor", "cap"):
            check_number(f"{self.variable} {name}", getattr(self, name), spec.low, spec.high, whole=spec.whole)
        check_number(f"{self.variable} step", self.step, 0.01, spec.high)
        if self.step_percent is not None:
            check_number(f"{self.variable} step_percent", self.step_percent, 1, 50)
        if not self.floor <= self.start <= self.cap:
            raise ValidationError(
                self.variable,
                f"{self.variable}: the floor ({self.floor:g}) must not be above the start ({self.start:g}), "
                f"nor the start above the cap ({self.cap:g}).",
            )


@dataclass(frozen=True)
class ExerciseDef:
    """An exercise of the library: what it is, how it is cued, and how it progresses."""

    name: str
    category: str
    cues: tuple[str, ...]
    variables: tuple[VariableRule, ...]  # in progression order
    variants: tuple[str, ...] = ()       # easiest first
    anchor: bool = False
    active: bool = True
    custom: bool = False
    id: int | None = None                # set once stored

    @property
    def rules(self) -> dict[str, VariableRule]:
        """Return the variable rules keyed by variable name, in progression order."""
        return {v.variable: v for v in self.variables}

    def start_prescription(self) -> dict[str, object]:
        """Return the prescription a new person starts on: every start value, the easiest variant."""
        values: dict[str, object] = {v.variable: v.start for v in self.variables}
        values["variant"] = self.variants[0] if self.variants else None
        return values

    def __post_init__(self) -> None:
        check_text("name", self.name, required=True, limit=80)
        check_choice("category", self.category, CATEGORIES)
        if not self.variables:
            raise ValidationError("variables", f"{self.name} needs at least one variable.")
        names = [v.variable for v in self.variables]
        if len(set(names)) != len(names):
            raise ValidationError("variables", f"{self.name} lists a variable twice.")
        if len(set(self.variants)) != len(self.variants):
            raise ValidationError("variants", f"{self.name} lists a variant twice.")
        for variant in self.variants:
            check_text("variant", variant, required=True, limit=80)


def check_prescription(exercise: ExerciseDef, values: dict[str, object], variant: str | None,
                       effective_from: date, today: date, effective_until: date | None = None) -> dict[str, float]:
    """Return a prescription's variables if they fit `exercise`; raise ValidationError naming the field. Pure.

    Every variable must be one the exercise uses, within the absolute bounds and
    not above the exercise's cap; the variant one of its chain; the first day
    at most PRESCRIPTION_AHEAD_DAYS after `today`, and a last day (a deload
    week's) not before the first nor more than that many days after it.
    """
    out = check_variables(values, set(exercise.rules), context=exercise.name)
    for name, value in out.items():
        cap = exercise.rules[name].cap
        if value > cap:
            raise ValidationError(name, f"{exercise.name}: {name} must not be above its cap of {cap:g}; got {value:g}.")
    if variant is not None and variant not in exercise.variants:
        raise ValidationError("variant", f"{exercise.name} has no variant {variant!r}; "
                                         f"its variants are: {', '.join(exercise.variants) or 'none'}.")
    ahead = timedelta(days=PRESCRIPTION_AHEAD_DAYS)
    if not isinstance(effective_from, date) or isinstance(effective_from, datetime):
        raise ValidationError("effective_from", f"effective_from must be a date (YYYY-MM-DD); got {effective_from!r}.")
    if effective_from > today + ahead:
        raise ValidationError("effective_from", f"effective_from may be at most {PRESCRIPTION_AHEAD_DAYS} days ahead "
                                                f"(until {(today + ahead).isoformat()}); got {effective_from.isoformat()}.")
    if effective_until is not None:
        if not isinstance(effective_until, date) or isinstance(effective_until, datetime):
            raise ValidationError("effective_until", f"effective_until must be a date (YYYY-MM-DD); got {effective_until!r}.")
        if not effective_from <= effective_until or effective_until - effective_from > ahead:  # no date overflow
            raise ValidationError("effective_until", "effective_until must be on or after effective_from and at most "
                                                     f"{PRESCRIPTION_AHEAD_DAYS} days after it; got {effective_until.isoformat()} "
                                                     f"for effective_from {effective_from.isoformat()}.")
    return out


def format_value(variable: str, value: float, unit: str = "kg") -> str:
    """Return one variable's value as a person reads it ("20 s", "3 reps", "level 2"); loads in `unit`."""
    from lib import units

    number = f"{units.show(variable, value, unit):g}"
    return {
        "sets": f"{number} sets" if value != 1 else "1 set",
        "reps": f"{number} reps" if value != 1 else "1 rep",
        "hold_s": f"{number} s hold",
        "tempo_s": f"{number} s tempo",
        "load_kg": f"{number} {unit}",
        "band_level": f"band level {number}",
        "range_level": f"range level {number}",
        "support_level": f"support level {number}",
        "duration_min": f"{number} min",
        "distance_m": f"{number} m",
    }[variable]


def format_prescription(prescription: dict[str, object], unit: str = "kg") -> str:
    """Return a prescription as one line: "On knees · 2 sets · 25 s hold" (loads in `unit`)."""
    parts = [str(prescription["variant"])] if prescription.get("variant") else []
    parts += [format_value(k, v, unit) for k, v in prescription.items() if k in VARIABLES and v is not None]
    return " · ".join(parts)
