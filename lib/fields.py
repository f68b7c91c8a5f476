"""The one table of what a person can enter: each field's label and, for numbers, its limits.

The forms draw their labels, bounds and steps from here, the models check against
the same rows, and error messages name a field by its label on a page ("Sleep")
and by its name for scripts ("sleep_hours"), so the two can never drift apart.
Pure data; imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTES_MAX = 2000  # characters of a notes box: the form, the models, the import and the README


@dataclass(frozen=True)
class Limit:
    """A number field: label, inclusive bounds, unit, whole numbers only, and the form's step."""

    name: str
    label: str
    low: float
    high: float
    unit: str = ""
    whole: bool = False
    step: float = 1
    multiple_of: float | None = None  # values must land on this grid (sleep in half hours)

    @property
    def range_words(self) -> str:
        """The range as a person reads it: "0–10", "0–24 h"."""
        return f"{self.low:g}–{self.high:g}{' ' + self.unit if self.unit else ''}"


NUMBERS: dict[str, Limit] = {limit.name: limit for limit in (
    Limit("pain_now", "Pain now", 0, 10, whole=True),
    Limit("stiffness", "Stiffness", 0, 10, whole=True),
    Limit("sleep_hours", "Sleep", 0, 24, "h", step=0.5, multiple_of=0.5),
    Limit("sleep_quality", "Sleep quality", 0, 10, whole=True),
    Limit("stress", "Stress", 0, 10, whole=True),
    Limit("sitting_hours", "Sitting", 0, 24, "h", step=0.5),
    Limit("duration_min", "Duration", 1, 240, "min", whole=True),
    Limit("rpe", "Effort", 0, 10, whole=True),
    Limit("pain_during", "Pain during", 0, 10, whole=True),
    Limit("minutes", "Minutes", 1, 60, "min", whole=True),
)}

TEXT_MAX = {"notes": NOTES_MAX, "exercise": 80, "variant": 80, "cue": 200, "movement": 200}

# Every field a message can name, by the label the person sees.
LABELS: dict[str, str] = {
    **{name: limit.label for name, limit in NUMBERS.items()},
    "day": "Date", "travel": "Travel", "flare_up": "Flare-up", "notes": "Notes", "focus": "Focus",
    "completed": "Done", "exercise": "Exercise", "variant": "Variant", "values": "Values",
    "cue": "Ritual cue", "movement": "Movement", "kind": "Kind", "reminder_time": "Reminder time",
    "skipped": "Skipped", "skip_reason": "Reason for skipping", "exercises": "Exercises",
    "sets": "Sets", "reps": "Reps", "hold_s": "Hold", "tempo_s": "Tempo", "load_kg": "Load",
    "band_level": "Band level", "range_level": "Range level", "support_level": "Support level",
    "distance_m": "Distance",
}


def label(name: str) -> str:
    """Return the label a person sees for field `name` ("hold_s cap" reads "Hold cap"; unknown: the name)."""
    head, _, rest = name.partition(" ")
    return LABELS[name] if name in LABELS else f"{LABELS.get(head, head)}{' ' + rest if rest else ''}"
