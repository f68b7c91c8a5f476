"""Plain words for what a person (or their physiotherapist) reads: no internal names, numbers rounded. Pure.

- `prescription_words` is the one prescription formatter (Today, the Exercises
  page, the check-in, the guided player, the physio summary), of a lib.prescription
  Prescription (or the mapping of one, as a guided draft keeps it): the variant, then
  only the variables the exercise uses, always in one reading order (`ORDER`:
  sets, reps, hold, tempo, load, levels, duration, distance): "On knees · 2 sets ·
  20 s hold", never "0 s hold · 0 kg"; tempo reads "lower in 2 s"; a load is
  rounded to its unit's step (lib.units: "22 lb", never "22.05 lb").
- A level says what it means, from the exercise (lib.exercises: "support: hands
  on the thighs (2 of 3)"); a person's own exercise reads "support 2 of 3, less support".
- A change reads "hold up one step: 20 → 25 s" (`change_words`, on paper) or
  "hold 20 s → 25 s" (`change_text`, in a suggestion's reason); a level
  "support down one step: hands on the thighs → no hands" (less support is harder).
- `words` replaces any variable name left in a stored text ("hold_s") by its label.
- The traffic lights of a suggestion have one legend (`LIGHTS_LEGEND`).

Progress's sentences ("Am I getting better?") stay in lib.progress_words: they judge frames of
check-ins and answers, not values; they round with this module's `number`.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from typing import TypeGuard

from lib import units
from lib.exercises import level_meanings
from lib.models import VARIABLES, ExerciseDef
from lib.prescription import Prescription, PrescriptionLike

ORDER = tuple(VARIABLES)  # the one reading order of a prescription

# What each variable is called in a sentence (lower case, as in "hold up one step").
NAMES = {
    "sets": "sets",
    "reps": "reps",
    "hold_s": "hold",
    "tempo_s": "tempo (lowering time)",
    "load_kg": "load",
    "band_level": "band",
    "range_level": "range",
    "support_level": "support",
    "duration_min": "duration",
    "distance_m": "distance",
}
UNITS = {"hold_s": "s", "tempo_s": "s", "duration_min": "min", "distance_m": "m"}
# What a higher level means, for each levelled variable.
LEVEL_MEANING = {
    "band_level": ("lightest band", "stronger band"),
    "range_level": ("smallest range", "further"),
    "support_level": ("most support", "less support"),
}
ACTION_WORDS = {
    "progress": "one step up",
    "regress": "one step back",
    "deload": "deload (lighter week)",
    "manual": "set by hand",
    "hold": "held",
    "import": "imported",
}
LIGHTS_LEGEND = (
    "Lights: ● green — a good session, ready to build · ▲ amber — some pain, not all done, or a "
    "stiffer next morning: hold · ■ red — pain above your ceiling or a clearly worse next morning: one "
    "step back · ○ no session of it logged yet"
)

_NAME = re.compile(r"\b(" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")\b")


def number(value: float, digits: int = 1) -> str:
    """A number as people read it: 4.3, 20, 0.7 (no trailing zeros, no float noise)."""
    rounded = round(float(value), digits)
    return f"{rounded:g}" if rounded != 0 else "0"


def signed(value: float, digits: int = 1) -> str:
    """A change as people read it: +0.7, −1, 0."""
    rounded = round(float(value), digits)
    return "0" if rounded == 0 else f"{rounded:+g}".replace("-", "−")


def _known(value: object) -> TypeGuard[float]:
    """A number that was said: not None, NaN or pd.NA (unknown is never shown as a value)."""
    return isinstance(value, numbers.Real) and not math.isnan(value)


def _levels(exercise: ExerciseDef | str | None, variable: str) -> tuple[str, ...]:
    """The meanings of an exercise's levels: the library's, never for a person's own exercise."""
    if isinstance(exercise, ExerciseDef):
        return () if exercise.custom else level_meanings(exercise.name, variable)
    return level_meanings(exercise, variable) if exercise else ()


def _shown(variable: str, value: float, unit: str) -> str:
    return number(units.for_people(variable, value, unit), 2)


def _name(variable: str) -> str:
    """What a variable is called in a change: "tempo", not "tempo (lowering time)"."""
    return NAMES[variable].split(" (")[0]


def _unit(variable: str, unit: str) -> str:
    return UNITS.get(variable, unit if variable in units.LOAD_VARIABLES else "")


def _meaning(levels: tuple[str, ...], value: float) -> str | None:
    index = round(float(value)) - 1
    return levels[index] if 0 <= index < len(levels) else None


def value_words(
    variable: str, value: float, unit: str = "kg", cap: float | None = None, levels: tuple[str, ...] = ()
) -> str:
    """One variable's value in words: "20 s hold", "lower in 2 s", "support: no hands (3 of 3)".

    `levels` are what the exercise's levels mean (level 1 first); without them a level reads
    "support 1 of 3, most support".
    """
    shown = _shown(variable, value, unit)
    if variable == "sets":
        return "1 set" if shown == "1" else f"{shown} sets"
    if variable == "reps":
        return "1 rep" if shown == "1" else f"{shown} reps"
    if variable == "hold_s":
        return f"{shown} s hold"
    if variable == "tempo_s":
        return f"lower in {shown} s"
    if variable == "load_kg":
        return f"{shown} {unit}"
    if variable in LEVEL_MEANING:
        of = f" of {number(cap)}" if cap else ""
        if meaning := _meaning(levels, value):
            return (
                f"{NAMES[variable]}: {meaning} ({shown}{of})"
                if cap
                else f"{NAMES[variable]}: {meaning} (level {shown})"
            )
        low, high = LEVEL_MEANING[variable]
        return f"{NAMES[variable]} {shown}{of}, {low if float(value) <= 1 else high}"
    return f"{shown} {UNITS.get(variable, '')}".strip()


def prescription_words(
    prescription: PrescriptionLike,
    uses: ExerciseDef | Mapping[str, float | None] | None = None,
    unit: str = "kg",
    *,
    exercise: str = "",
) -> str:
    """The one prescription formatter: the variant, then only the variables the exercise uses, in `ORDER`.

    `uses` is the exercise (its variables, caps and level meanings), or a mapping of each variable it uses
    to its cap; without it every variable with a value is shown. `exercise` names the exercise for its
    level meanings when `uses` is not one. A value of None is left out (unknown, not zero).
    """
    p = Prescription.of(prescription)
    if isinstance(uses, ExerciseDef):
        exercise_def: ExerciseDef | str = uses
        caps: Mapping[str, float | None] = {v: r.cap for v, r in uses.rules.items()}
    else:
        exercise_def, caps = exercise, uses if uses is not None else dict.fromkeys(p.variables)
    parts = [p.variant] if p.variant else []
    for name in (n for n in ORDER if n in caps):
        value = p.variables.get(name)
        if _known(value):  # None or NaN: unknown, left out
            parts.append(value_words(name, float(value), unit, caps[name], _levels(exercise_def, name)))
    return " · ".join(parts)


def ladder_words(exercise: ExerciseDef | str, variable: str) -> str:
    """A level variable's ladder, level 1 first ("push from the armrests → hands on the thighs → no hands").

    "" if none."""
    return " → ".join(_levels(exercise, variable))


STEPS = {"progress": "up one step", "regress": "back one step"}
SUPPORT_STEPS = {"progress": "down one step", "regress": "up one step"}  # less support is the harder step


def _step(action: str, variable: str) -> str:
    steps = SUPPORT_STEPS if variable == "support_level" else STEPS
    return steps.get(action, ACTION_WORDS.get(action, action))


def _level_change(before: float, after: float, levels: tuple[str, ...]) -> str | None:
    """ "hands on the thighs → no hands" when both levels have a meaning, else None."""
    was, now = _meaning(levels, before), _meaning(levels, after)
    return f"{was} → {now}" if was and now else None


def change_text(
    variable: str,
    before: float,
    after: float,
    unit: str = "kg",
    action: str = "progress",
    exercise: ExerciseDef | str | None = None,
) -> str:
    """One variable's change inside a reason: "hold 20 s → 25 s", "load 9 lb → 11 lb",
    "support down one step: hands on the thighs → no hands"."""
    if levelled := _level_change(before, after, _levels(exercise, variable)):
        return f"{_name(variable)} {_step(action, variable)}: {levelled}"
    label = _unit(variable, unit)
    b, a = (f"{_shown(variable, v, unit)}{' ' + label if label else ''}" for v in (before, after))
    return f"{_name(variable)}{' level' if variable in LEVEL_MEANING else ''} {b} → {a}"


def change_words(
    action: str,
    variable: str | None,
    before: float | None,
    after: float | None,
    unit: str = "kg",
    exercise: ExerciseDef | str | None = None,
) -> str:
    """A change in words: "Hold up one step: 20 → 25 s", "Sets back one step: 3 → 2", "Deload (lighter week)";
    a level with its meanings: "Support down one step: hands on the thighs → no hands"."""
    what = ACTION_WORDS.get(action, action)
    if not variable or variable not in NAMES or not _known(before) or not _known(after):
        return what[0].upper() + what[1:]
    levelled = _level_change(before, after, _levels(exercise, variable))
    if levelled is None:
        label = _unit(variable, unit)
        b, a = (_shown(variable, v, unit) for v in (before, after))
        levelled = f"{b} → {a}{' ' + label if label else ''}"
    name = _name(variable)
    return f"{name[0].upper() + name[1:]} {_step(action, variable)}: {levelled}"


def words(text: str) -> str:
    """A stored text with any variable name in it replaced by its label ("hold_s up" → "hold up")."""
    return _NAME.sub(lambda m: _name(m.group(1)), str(text))


def shared_hold(suggestions) -> str | None:
    """Return the one hold reason when every suggestion (two or more) holds for that same reason, else None."""
    suggestions = list(suggestions)
    reasons = {s.reason for s in suggestions}
    if len(suggestions) < 2 or len(reasons) != 1 or any(s.action != "hold" for s in suggestions):
        return None
    return reasons.pop()
