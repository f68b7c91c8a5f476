"""Plain words for what a person (or their physiotherapist) reads: no internal names, numbers rounded. Pure.

- A prescription names only the variables the exercise uses, in its order:
  "2 sets · 20 s hold", never "0 s hold · 0 kg"; tempo reads "lower in 2 s";
  a level says what it means ("support 1 of 3, most support").
- A change reads "hold up one step: 20 → 25 s", never "hold_s up one step".
- `words` replaces any variable name left in a stored text ("hold_s") by its label.
- The traffic lights of a suggestion have one legend (`LIGHTS_LEGEND`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from lib import units

# What each variable is called in a sentence (lower case, as in "hold up one step").
NAMES = {"sets": "sets", "reps": "reps", "hold_s": "hold", "tempo_s": "tempo (lowering time)", "load_kg": "load",
         "band_level": "band", "range_level": "range", "support_level": "support", "duration_min": "duration",
         "distance_m": "distance"}
UNITS = {"hold_s": "s", "tempo_s": "s", "duration_min": "min", "distance_m": "m"}
# What a higher level means, for each levelled variable.
LEVEL_MEANING = {"band_level": ("lightest band", "stronger band"), "range_level": ("smallest range", "further"),
                 "support_level": ("most support", "less support")}
ACTION_WORDS = {"progress": "one step up", "regress": "one step back", "deload": "deload (lighter week)",
                "manual": "set by hand", "hold": "held", "import": "imported"}
LIGHTS_LEGEND = ("Lights: ● green — a good session, ready to build · ▲ amber — some pain, not all done, or a "
                 "stiffer next morning: hold · ■ red — pain above your ceiling or a clearly worse next morning: one "
                 "step back · ○ no session of it logged yet")

_NAME = re.compile(r"\b(" + "|".join(sorted(NAMES, key=len, reverse=True)) + r")\b")


def number(value: float, digits: int = 1) -> str:
    """A number as people read it: 4.3, 20, 0.7 (no trailing zeros, no float noise)."""
    rounded = round(float(value), digits)
    return f"{rounded:g}" if rounded != 0 else "0"


def signed(value: float, digits: int = 1) -> str:
    """A change as people read it: +0.7, −1, 0."""
    rounded = round(float(value), digits)
    return "0" if rounded == 0 else f"{rounded:+g}".replace("-", "−")


def value_words(variable: str, value: float, unit: str = "kg", cap: float | None = None) -> str:
    """One variable's value in words: "20 s hold", "lower in 2 s", "support 1 of 3, most support"."""
    shown = number(units.show(variable, value, unit), 2)
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
        low, high = LEVEL_MEANING[variable]
        of = f" of {number(cap)}" if cap else ""
        meaning = low if float(value) <= 1 else high
        return f"{NAMES[variable]} {shown}{of}, {meaning}"
    return f"{shown} {UNITS.get(variable, '')}".strip()


def prescription_words(prescription: Mapping[str, object], uses: Mapping[str, float | None] | None = None,
                       unit: str = "kg") -> str:
    """A prescription in words: the variant, then only the variables the exercise uses, in its order.

    `uses` maps each variable the exercise uses to its cap (the exercise's rules, in progression order);
    without it every variable with a value is shown. A value of None is left out (unknown, not zero).
    """
    names = list(uses) if uses is not None else [k for k in prescription if k in NAMES]
    parts = [str(prescription["variant"])] if prescription.get("variant") else []
    for name in names:
        value = prescription.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        parts.append(value_words(name, float(value), unit, (uses or {}).get(name)))
    return " · ".join(parts)


def change_words(action: str, variable: str | None, before: float | None, after: float | None,
                 unit: str = "kg") -> str:
    """A change in words: "hold up one step: 20 → 25 s", "sets back one step: 3 → 2", "deload (lighter week)"."""
    what = ACTION_WORDS.get(action, action)
    if not variable or variable not in NAMES or before is None or after is None \
            or any(isinstance(v, float) and math.isnan(v) for v in (before, after)):
        return what[0].upper() + what[1:]
    name = NAMES[variable].split(" (")[0]
    step = {"progress": "up one step", "regress": "back one step"}.get(action, what)
    shown = UNITS.get(variable, unit if variable in units.LOAD_VARIABLES else "")
    b, a = (number(units.show(variable, v, unit), 2) for v in (before, after))
    return f"{name[0].upper() + name[1:]} {step}: {b} → {a}{' ' + shown if shown else ''}"


def words(text: str) -> str:
    """A stored text with any variable name in it replaced by its label ("hold_s up" → "hold up")."""
    return _NAME.sub(lambda m: NAMES[m.group(1)].split(" (")[0], str(text))


def shared_hold(suggestions) -> str | None:
    """Return the one hold reason when every suggestion (two or more) holds for that same reason, else None."""
    suggestions = list(suggestions)
    reasons = {s.reason for s in suggestions}
    if len(suggestions) < 2 or len(reasons) != 1 or any(s.action != "hold" for s in suggestions):
        return None
    return reasons.pop()
