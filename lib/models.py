"""Records as frozen dataclasses, validated on construction.

Every write path (the pages, the import, scripts) builds these, so a bad value
is refused here with a message that names the field, the allowed range and
the value given, before anything reaches the database.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import cast

import numpy as np

from lib import fields
from lib.errors import FIELD, ValidationError
from lib.fields import NOTES_MAX, NUMBERS, TEXT_MAX, Limit
from lib.prescription import Prescription

FOCI = ("control", "mobility", "strength", "decompression")
CATEGORIES = ("breathing", "decompression", "control", "mobility", "strength", "transition", "walking")
# The supported positions a flare-up day leads with (and a session opens with), breathing first; never cut.
FLARE_LEAD_CATEGORIES = ("breathing", "decompression")
# The highest id any row may carry (an import is refused above it): ids are INTEGER columns
# (2**31 - 1 at most), and this margin leaves room for millions of later rows after an imported one.
ID_MAX = 2**31 - 2**24
# A prescription may start at most this many days ahead (a physiotherapist's "from next month"),
# and a version that ends (a deload week) may last at most this long.
PRESCRIPTION_AHEAD_DAYS = 366

# CR-10 session effort (Foster's modified Borg scale): the word a person picks by.
RPE_LABELS = {
    0: "Rest",
    1: "Very, very easy",
    2: "Easy",
    3: "Moderate",
    4: "Somewhat hard",
    5: "Hard",
    6: "Between hard and very hard",
    7: "Very hard",
    8: "Between very hard and maximal",
    9: "Almost maximal",
    10: "Maximal",
}


# The variables an exercise can use, with the absolute bounds any value must keep: lib.fields' table.
VARIABLES = fields.VARIABLES
VariableSpec = Limit  # the name a variable's row had before the table moved to lib.fields


def shown(value: object, limit: int = 60) -> str:
    """Return `repr(value)` cut to `limit` characters, for a message; never raises (a broken __repr__ too)."""
    try:
        text = repr(value)
    except Exception:  # an object whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_nan(value: object) -> bool:
    try:
        return bool(value != value)
    except Exception:  # an __eq__/__ne__ that raises: not a number Poise can use
        return True


def check_number(
    name: str, value: object, low: float, high: float, *, whole: bool = False, multiple_of: float | None = None
) -> float:
    """Return `value` as a plain int (`whole`) or float if it is a number within [low, high].

    Any real number is accepted, NumPy's and pandas' too (numbers.Real, as the
    questionnaire scorer takes numbers.Integral); bool and NaN are not numbers
    here, nor pd.NA, an array or an object whose comparisons fail. Raises
    ValidationError naming `name`, the range and the value.
    """
    kind = "a whole number" if whole else "a number"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real) or _is_nan(value):
        raise ValidationError(name, f"{FIELD} must be {kind} from {low:g} to {high:g}; got {shown(value)}.")
    real = cast(float, value)  # any numbers.Real compares as a float does (typeshed's Real lacks __ge__)
    try:
        inside = bool(low <= real <= high)  # compared before float(): an int too large for a float is out of range
        number = float(value) if inside else None
    except Exception:
        raise ValidationError(name, f"{FIELD} must be {kind} from {low:g} to {high:g}; got {shown(value)}.") from None
    if number is None:  # outside the range
        big = abs(real) >= 1e300
        raise ValidationError(
            name,
            f"{FIELD} must be between {low:g} and {high:g}; got {shown(value) if big else format(float(value), 'g')}.",
        )
    if whole and number != int(number):
        raise ValidationError(name, f"{FIELD} must be a whole number from {low:g} to {high:g}; got {number:g}.")
    if multiple_of and not math.isclose(number / multiple_of, round(number / multiple_of)):
        raise ValidationError(
            name, f"{FIELD} must be in steps of {multiple_of:g} between {low:g} and {high:g}; got {number:g}."
        )
    return int(number) if whole else number


def check_id(name: str, value: object) -> int:
    """Return `value` as an int if it is a usable id: a whole number from 1 to ID_MAX.

    The one check of an id written explicitly (an import's `id`, `session_id`, ...): the importer
    calls it for every id column, so an id near 2**31 is refused with its file, line and column
    before it can push a sequence to the INTEGER maximum. Raises ValidationError naming `name`.
    """
    return int(check_number(name, value, 1, ID_MAX, whole=True))  # already an int: whole


def check_flag(name: str, value: object) -> bool:
    """Return `value` as a bool; only True/False (or 1/0, NumPy's too) are accepted."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, numbers.Integral) and not _is_nan(value):
        try:
            if value in (0, 1):
                return bool(value)
        except Exception:
            pass
    raise ValidationError(name, f"{FIELD} must be yes or no (True/False); got {shown(value)}.")


def check_text(name: str, value: object, *, required: bool = False, limit: int = NOTES_MAX) -> str:
    """Return `value` as given if it is text within `limit` characters."""
    if not isinstance(value, str):
        raise ValidationError(name, f"{FIELD} must be text; got {shown(value)}.")
    if required and not value.strip():
        raise ValidationError(name, f"{FIELD} must not be empty.")
    if len(value) > limit:
        raise ValidationError(name, f"{FIELD} must be at most {limit} characters; got {len(value)}.")
    return value


def check_day(name: str, value: object, today: date) -> date:
    """Return `value` if it is a date that is not in the future; raise ValidationError otherwise.

    A datetime (or pandas Timestamp) is refused rather than cut to its date:
    which day a time belongs to is the caller's choice (time zone, late nights).
    """
    if isinstance(value, datetime):
        raise ValidationError(name, f"{FIELD} must be a date (YYYY-MM-DD); got datetime {value}.")
    if not isinstance(value, date):
        raise ValidationError(name, f"{FIELD} must be a date (YYYY-MM-DD); got {shown(value)}.")
    if value > today:
        raise ValidationError(
            name, f"{FIELD} cannot be in the future (today is {today.isoformat()}); got {value.isoformat()}."
        )
    return value


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return `value` if it is one of `choices` (text only: nothing else is compared with them)."""
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(name, f"{FIELD} must be one of {', '.join(choices)}; got {shown(value)}.")
    return value


def check_variables(
    values: Mapping[str, object], allowed: set[str] | None = None, *, context: str = ""
) -> dict[str, float]:
    """Validate a prescription-like dict {variable: value}; None values are dropped."""
    if not isinstance(values, Mapping):
        raise ValidationError("values", f"The variables must be a dict of variable to value; got {shown(values)}.")
    out: dict[str, float] = {}
    where = f" for {context}" if context else ""
    for name, value in values.items():
        if not isinstance(name, str) or name not in VARIABLES or (allowed is not None and name not in allowed):
            uses = ", ".join(sorted(allowed)) if allowed is not None else ", ".join(VARIABLES)
            label = name if isinstance(name, str) else shown(name)
            raise ValidationError(label, f"{label} is not a variable{where}; it uses: {uses}.")
        if value is None:
            continue
        spec = VARIABLES[name]
        out[name] = check_number(name, value, spec.low, spec.high, whole=spec.whole)
    return out


def check_limit(name: str, value: object, *, required: bool = True, ask: str = "") -> float | int | None:
    """Check `value` against field `name`'s row of lib.fields.NUMBERS; return it, or None if unanswered.

    None is an answer only where the field is optional (`required` False): it means unknown.
    A required field left unanswered is refused with `ask` ("pick how your back feels now").
    """
    limit: Limit = NUMBERS[name]
    if value is None:
        if not required:
            return None
        raise ValidationError(name, f"{FIELD}: {ask or 'pick a value'}, {limit.range_words}.")
    return check_number(name, value, limit.low, limit.high, whole=limit.whole, multiple_of=limit.multiple_of)


def _check_all(record: object, checks: dict[str, Callable[[], object]]) -> None:
    """Run every check, set each field to its checked value, and raise all problems together."""
    problems = []
    for name, check in checks.items():
        try:
            object.__setattr__(record, name, check())
        except ValidationError as e:
            problems.append(e)
    if problems:
        raise ValidationError.together(problems)


CHECKIN_OPTIONAL = ("stiffness", "sleep_hours", "sleep_quality", "stress", "sitting_hours")  # unanswered: unknown


@dataclass(frozen=True)
class Checkin:
    """One morning's check-in. Only pain now must be answered; None elsewhere means not answered (unknown)."""

    day: date
    pain_now: int
    stiffness: int | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    sitting_hours: float | None = None
    travel: bool = False
    flare_up: bool = False
    notes: str = ""
    today: date = field(default_factory=date.today, compare=False, repr=False)

    def __post_init__(self) -> None:
        _check_all(
            self,
            {
                "day": lambda: check_day("day", self.day, self.today),
                "pain_now": lambda: check_limit("pain_now", self.pain_now, ask="pick how your back feels now"),
                **{name: self._optional(name) for name in CHECKIN_OPTIONAL},
                "travel": lambda: check_flag("travel", self.travel),
                "flare_up": lambda: check_flag("flare_up", self.flare_up),
                "notes": lambda: check_text("notes", self.notes),
            },
        )

    def _optional(self, name: str) -> Callable[[], object]:
        """The check of an optional answer: unanswered (None) means unknown."""
        return lambda: check_limit(name, getattr(self, name), required=False)

    def row(self) -> dict[str, object]:
        """Return the columns of the `checkin` table."""
        return {k: getattr(self, k) for k in CHECKIN_FIELDS}


CHECKIN_FIELDS = (
    "day",
    "pain_now",
    "stiffness",
    "sleep_hours",
    "sleep_quality",
    "stress",
    "sitting_hours",
    "travel",
    "flare_up",
    "notes",
)


@dataclass(frozen=True)
class ExerciseEntry:
    """One exercise as performed in a session; `values` holds only the variables it uses.

    Pain during is the person's answer: required on a row done, optional (None) on a
    row not done. An error names the exercise first ("Bird dog: pick the peak pain
    during, 0–10."), so a session with many rows says which row is wrong.
    """

    exercise: str
    values: dict[str, float]
    pain_during: int | None
    completed: bool = True
    variant: str | None = None

    def __post_init__(self) -> None:
        check_text("exercise", self.exercise, required=True, limit=TEXT_MAX["exercise"])
        try:
            if not isinstance(self.values, dict):
                raise ValidationError("values", f"values must be a dict of variable to value; got {self.values!r}.")
            _check_all(
                self,
                {
                    "values": lambda: check_variables(self.values),
                    "completed": lambda: check_flag("completed", self.completed),
                    "pain_during": lambda: check_limit(
                        "pain_during",
                        self.pain_during,
                        required=self.completed is not False,
                        ask="pick the peak pain during",
                    ),
                    "variant": lambda: (
                        self.variant
                        if self.variant is None
                        else check_text("variant", self.variant, limit=TEXT_MAX["variant"])
                    ),
                },
            )
        except ValidationError as e:
            raise e.prefixed(f"{self.exercise}: ") from None


SKIP_REASONS = ("pain", "time", "travel", "other")


@dataclass(frozen=True)
class Session:
    """A session: done (minutes and effort required, its exercise rows) or skipped (nothing done, a reason optional)."""

    day: date
    focus: str
    duration_min: int | None
    rpe: int | None
    notes: str = ""
    exercises: tuple[ExerciseEntry, ...] = ()
    skipped: bool = False
    skip_reason: str | None = None
    today: date = field(default_factory=date.today, compare=False, repr=False)

    def __post_init__(self) -> None:
        skipped = self.skipped is True
        _check_all(
            self,
            {
                "day": lambda: check_day("day", self.day, self.today),
                "focus": lambda: check_choice("focus", self.focus, FOCI),
                "skipped": lambda: check_flag("skipped", self.skipped),
                "duration_min": lambda: (
                    None
                    if skipped and self.duration_min is None
                    else check_limit("duration_min", self.duration_min, ask="how many minutes did it take")
                ),
                "rpe": lambda: (
                    None
                    if skipped and self.rpe is None
                    else check_limit("rpe", self.rpe, ask="pick how hard the whole session felt")
                ),
                "skip_reason": lambda: self._checked_reason(),
                "notes": lambda: check_text("notes", self.notes),
            },
        )
        object.__setattr__(self, "exercises", tuple(self.exercises))
        if self.skipped and self.exercises:
            raise ValidationError(
                "exercises", "A skipped session has no exercises: untick the rows, or save it as done."
            )

    def _checked_reason(self) -> str | None:
        if self.skip_reason is None:
            return None
        if not self.skipped:
            raise ValidationError("skip_reason", f"{FIELD} is only for a skipped session.")
        return check_choice("skip_reason", self.skip_reason, SKIP_REASONS)


@dataclass(frozen=True)
class Ritual:
    cue: str
    movement: str
    kind: str = "anchor"
    minutes: int | None = None
    reminder_time: time | None = None

    def __post_init__(self) -> None:
        check_choice("kind", self.kind, ("anchor", "rule"))
        check_text("cue", self.cue, required=True, limit=TEXT_MAX["cue"])
        check_text("movement", self.movement, required=True, limit=TEXT_MAX["movement"])
        object.__setattr__(self, "minutes", check_limit("minutes", self.minutes, required=False))
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
    levels: tuple[str, ...] = field(default=(), compare=False)  # a level variable's meanings, level 1 first

    def __post_init__(self) -> None:
        if not isinstance(self.variable, str) or self.variable not in VARIABLES:
            raise ValidationError(
                "variable", f"variable must be one of {', '.join(VARIABLES)}; got {shown(self.variable)}."
            )
        spec = VARIABLES[self.variable]
        for name in ("start", "floor", "cap"):
            check_number(f"{self.variable} {name}", getattr(self, name), spec.low, spec.high, whole=spec.whole)
        check_number(f"{self.variable} step", self.step, 0.01, spec.high)
        if self.step_percent is not None:
            bound = fields.STEP_PERCENT
            check_number(f"{self.variable} step_percent", self.step_percent, bound.low, bound.high)
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
    variants: tuple[str, ...] = ()  # easiest first
    anchor: bool = False
    active: bool = True
    custom: bool = False
    id: int | None = None  # set once stored

    @property
    def leads_flare_day(self) -> bool:
        """A supported position (breathing, decompression): a flare-up day leads with it and never cuts it."""
        return self.category in FLARE_LEAD_CATEGORIES

    @property
    def rules(self) -> dict[str, VariableRule]:
        """Return the variable rules keyed by variable name, in progression order."""
        return {v.variable: v for v in self.variables}

    def start_prescription(self) -> Prescription:
        """Return the prescription a new person starts on: every start value, the easiest variant."""
        return Prescription({v.variable: v.start for v in self.variables}, self.variants[0] if self.variants else None)

    def __post_init__(self) -> None:
        check_text("name", self.name, required=True, limit=TEXT_MAX["exercise"])
        check_choice("category", self.category, CATEGORIES)
        for name, kind in (("variables", VariableRule), ("variants", str), ("cues", str)):
            items = getattr(self, name)
            if not isinstance(items, tuple | list) or not all(isinstance(i, kind) for i in items):
                raise ValidationError(
                    name, f"{self.name}: {name} must be a list of {kind.__name__}; got {shown(items)}."
                )
        if not self.variables:
            raise ValidationError("variables", f"{self.name} needs at least one variable.")
        for variant in self.variants:
            check_text("variant", variant, required=True, limit=TEXT_MAX["variant"])
        names = [v.variable for v in self.variables]
        if len(set(names)) != len(names):
            raise ValidationError("variables", f"{self.name} lists a variable twice.")
        if len(set(self.variants)) != len(self.variants):
            raise ValidationError("variants", f"{self.name} lists a variant twice.")


def check_prescription(
    exercise: ExerciseDef,
    values: dict[str, object],
    variant: str | None,
    effective_from: date,
    today: date,
    effective_until: date | None = None,
) -> dict[str, float]:
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
            raise ValidationError(
                name, f"{exercise.name}: {FIELD} must not be above its cap of {cap:g}; got {value:g}."
            )
    if variant is not None and (not isinstance(variant, str) or variant not in exercise.variants):
        raise ValidationError(
            "variant",
            f"{exercise.name} has no variant {variant!r}; its variants are: {', '.join(exercise.variants) or 'none'}.",
        )
    ahead = timedelta(days=PRESCRIPTION_AHEAD_DAYS)
    if not isinstance(effective_from, date) or isinstance(effective_from, datetime):
        raise ValidationError("effective_from", f"{FIELD} must be a date (YYYY-MM-DD); got {effective_from!r}.")
    if effective_from > today + ahead:
        raise ValidationError(
            "effective_from",
            f"{FIELD} may be at most {PRESCRIPTION_AHEAD_DAYS} days ahead "
            f"(until {(today + ahead).isoformat()}); got {effective_from.isoformat()}.",
        )
    if effective_until is not None:
        if not isinstance(effective_until, date) or isinstance(effective_until, datetime):
            raise ValidationError("effective_until", f"{FIELD} must be a date (YYYY-MM-DD); got {effective_until!r}.")
        if not effective_from <= effective_until or effective_until - effective_from > ahead:  # no date overflow
            raise ValidationError(
                "effective_until",
                "effective_until must be on or after effective_from and at most "
                f"{PRESCRIPTION_AHEAD_DAYS} days after it; got {effective_until.isoformat()} "
                f"for effective_from {effective_from.isoformat()}.",
            )
    return out
