"""The one table of what a person can enter: each field's label and, for numbers, its limits.

The forms draw their labels, bounds and steps from here, the models check against
the same rows, and error messages name a field by its label on a page ("Sleep")
and by its name for scripts ("sleep_hours"), so the two can never drift apart.
`NUMBERS` holds the fields of the forms (check-in, session, ritual), `VARIABLES`
the absolute bounds of an exercise's variables, `TEXT_MAX` the length of each
text; the calendar export and the import read the same rows. Pure data; imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

NOTES_MAX = 2000  # characters of a notes box: the form, the models, the import and the README
SESSION_MINUTES_MAX = 240  # a session, and an exercise's duration within one: four hours is already generous
RITUAL_MINUTES_MAX = 60  # a ritual is a small daily habit, not a session


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


NUMBERS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit("pain_now", "Pain now", 0, 10, whole=True),
        Limit("stiffness", "Stiffness", 0, 10, whole=True),
        Limit("sleep_hours", "Sleep", 0, 24, "h", step=0.5, multiple_of=0.5),
        Limit("sleep_quality", "Sleep quality", 0, 10, whole=True),
        Limit("stress", "Stress", 0, 10, whole=True),
        Limit("sitting_hours", "Sitting", 0, 24, "h", step=0.5),
        Limit("duration_min", "Duration", 1, SESSION_MINUTES_MAX, "min", whole=True),
        Limit("rpe", "Effort", 0, 10, whole=True),
        Limit("pain_during", "Pain during", 0, 10, whole=True),
        Limit("minutes", "Minutes", 1, RITUAL_MINUTES_MAX, "min", whole=True),
    )
}

# The variables an exercise can use, with the absolute bounds any value must keep (an exercise's
# own floor and cap lie within them).
VARIABLES: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit("sets", "Sets", 1, 10, whole=True),
        Limit("reps", "Reps", 1, 100, whole=True),
        Limit("hold_s", "Hold", 0, 600, "s"),
        Limit("tempo_s", "Tempo", 0, 20, "s"),
        Limit("load_kg", "Load", 0, 300, "kg"),
        Limit("band_level", "Band level", 0, 10, whole=True),
        Limit("range_level", "Range level", 0, 10, whole=True),
        Limit("support_level", "Support level", 0, 10, whole=True),
        Limit("duration_min", "Duration", 0, SESSION_MINUTES_MAX, "min"),
        Limit("distance_m", "Distance", 0, 50000, "m"),
    )
}
STEP_PERCENT = Limit("step_percent", "Step", 1, 50, "%")  # walking grows by a share of itself

TEXT_MAX = {"notes": NOTES_MAX, "exercise": 80, "variant": 80, "cue": 200, "movement": 200, "activity": 120}

# Every field a message can name, by the label the person sees.
LABELS: dict[str, str] = {
    **{name: limit.label for name, limit in NUMBERS.items()},
    "day": "Date",
    "travel": "Travel",
    "flare_up": "Flare-up",
    "notes": "Notes",
    "focus": "Focus",
    "completed": "Done",
    "exercise": "Exercise",
    "variant": "Variant",
    "values": "Values",
    "cue": "Ritual cue",
    "movement": "Movement",
    "kind": "Kind",
    "reminder_time": "Reminder time",
    "skipped": "Skipped",
    "skip_reason": "Reason for skipping",
    "exercises": "Exercises",
    **{name: limit.label for name, limit in VARIABLES.items() if name not in NUMBERS},
}


def label(name: str) -> str:
    """Return the label a person sees for field `name` ("hold_s cap" reads "Hold cap"; unknown: the name)."""
    head, _, rest = name.partition(" ")
    return LABELS[name] if name in LABELS else f"{LABELS.get(head, head)}{' ' + rest if rest else ''}"
