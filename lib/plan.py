"""Today's plan: the focus of the day and a 7–12 minute sequence. Pure: plain values in, a Plan out.

The focus rotates control/stability → mobility/fluidity → gentle strength after
the last logged focus. A breathing or decompression opener starts every
session, one transition drill ends it, and focus exercises fill the time in
between. A flare-up turns the day into a decompression day.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from lib.engine_inputs import EngineInputs
from lib.models import ExerciseDef
from lib.prescription import Prescription, PrescriptionLike
from lib.progression import LEAD_CATEGORIES, flare_day, join_words
from lib.settings import defaults

ROTATION = ("control", "mobility", "strength")
FOCUS_LABELS = {
    "control": "Control and stability",
    "mobility": "Mobility and fluidity",
    "strength": "Gentle strength",
    "decompression": "Decompression and calm",
}
FOCUS_CATEGORIES = {  # which library categories fill each focus
    "control": ("control",),
    "mobility": ("mobility",),
    "strength": ("strength",),
    "decompression": ("decompression", "mobility"),
}
REST_BETWEEN_SETS_S = defaults()["rest_between_sets_s"]  # the setting's default: one number for both
SETUP_S = 20
SECONDS_PER_REP_WITHOUT_TEMPO = 4


@dataclass(frozen=True)
class PlannedExercise:
    name: str
    role: str  # opener, focus, transition
    minutes: float  # estimated from the prescription


@dataclass(frozen=True)
class Plan:
    focus: str
    exercises: tuple[PlannedExercise, ...]

    @property
    def minutes(self) -> float:
        """The estimated length of the whole sequence."""
        return sum(p.minutes for p in self.exercises)

    @property
    def label(self) -> str:
        return FOCUS_LABELS[self.focus]


def next_focus(last_focus: str | None, flare: bool = False) -> str:
    """The focus after `last_focus` in the rotation; decompression on a flare-up; control to begin."""
    if flare:
        return "decompression"
    if last_focus not in ROTATION:
        return ROTATION[0]
    return ROTATION[(ROTATION.index(last_focus) + 1) % len(ROTATION)]


def estimate_minutes(prescription: PrescriptionLike) -> float:
    """Minutes a prescription takes: its duration, or sets × reps × (2 × tempo + hold) plus rests.

    Hold-only exercises (a plank) count one hold per set; a short set-up is added.
    """
    values = Prescription.of(prescription).variables
    if values.get("duration_min"):
        return float(values["duration_min"])
    sets = values.get("sets") or 1
    reps = values.get("reps") or 1
    tempo = values.get("tempo_s")
    per_rep = (2 * tempo if tempo else SECONDS_PER_REP_WITHOUT_TEMPO) if values.get("reps") else 0
    per_rep += values.get("hold_s") or 0
    seconds = sets * reps * per_rep + (sets - 1) * REST_BETWEEN_SETS_S + SETUP_S
    return round(seconds / 60, 1)


def plan_day(
    library: Mapping[str, ExerciseDef],
    prescriptions: Mapping[str, PrescriptionLike],
    focus: str,
    minutes_min: float,
    minutes_max: float,
    day_number: int = 0,
) -> Plan:
    """Return the day's sequence from the active exercises: opener, focus exercises, one transition.

    Focus exercises are added (anchors first) while the estimate stays within
    `minutes_max`; when none fits, the single shortest one is taken, so the day
    still has its focus. If the sequence is still under `minutes_min`, anchor
    movements from other categories are added (never a second transition drill).
    Walking is not part of the sequence. `day_number` alternates between
    transition drills.
    """
    active = {n: e for n, e in library.items() if e.active}

    def pick(name: str, role: str) -> PlannedExercise:
        return PlannedExercise(name, role, estimate_minutes(prescriptions[name]))

    opener_category = "decompression" if focus == "decompression" else "breathing"
    openers = [n for n, e in active.items() if e.category == opener_category] or [
        n for n, e in active.items() if e.category in LEAD_CATEGORIES
    ]
    transitions = [n for n, e in active.items() if e.category == "transition"]
    chosen = [pick(openers[0], "opener")] if openers else []
    closing = [pick(transitions[day_number % len(transitions)], "transition")] if transitions else []

    def fill(names: list[str]) -> None:
        for name in names:
            item = pick(name, "focus")
            if sum(p.minutes for p in chosen + closing) + item.minutes <= minutes_max:
                chosen.append(item)

    taken = {p.name for p in chosen + closing}
    focus_names = sorted(
        (n for n, e in active.items() if e.category in FOCUS_CATEGORIES[focus] and n not in taken),
        key=lambda n: not active[n].anchor,
    )
    fill(focus_names)
    if focus_names and not any(p.role == "focus" for p in chosen):
        # Nothing fits the budget: the shortest focus exercise keeps the day's focus at the least cost.
        chosen.append(min((pick(n, "focus") for n in focus_names), key=lambda p: p.minutes))
    if sum(p.minutes for p in chosen + closing) < minutes_min:
        taken = {p.name for p in chosen + closing}
        fill(
            [
                n
                for n, e in active.items()
                if e.anchor and n not in taken and e.category not in ("transition", "walking")
            ]
        )
    return Plan(focus, tuple(chosen + closing))


def plan_for(inputs: EngineInputs, last_focus: str | None) -> Plan:
    """Return the plan for `inputs.day` from the day's EngineInputs and the last logged focus.

    The one way to plan a day, for every page: a flare-up in the look-back makes it a
    decompression day. Pure.
    """
    settings = inputs.settings
    flare = flare_day(inputs.checkins, inputs.day, settings["flare_lookback_days"]) is not None
    return plan_day(
        inputs.library,
        inputs.prescriptions,
        next_focus(last_focus, flare=flare),
        settings["daily_minutes_min"],
        settings["daily_minutes_max"],
        inputs.day.toordinal(),
    )


# The bad-day plan: on a flare-up day, the breathing and decompression positions alone, logged as a short session.
MINIMUM_LABEL = "Today I'll only do the minimum"
MINIMUM_NOTE = "Today I'll only do the minimum: the breathing and decompression positions."
BAD_DAY_MESSAGE = (
    "A bad day: gentle movement is safe, and rest is fine too. The plan leads with the supported "
    "breathing and decompression positions. If that is all you feel like, do only those: "
    f'"{MINIMUM_LABEL}" logs them as a short session.'
)


def minimum_plan(inputs: EngineInputs) -> Plan:
    """Return the bad day's minimum: every active breathing and decompression position, breathing first. Pure."""
    lead = sorted(
        (n for n, e in inputs.library.items() if e.active and e.category in LEAD_CATEGORIES),
        key=lambda n: LEAD_CATEGORIES.index(inputs.library[n].category),
    )
    return Plan(
        "decompression", tuple(PlannedExercise(n, "opener", estimate_minutes(inputs.prescriptions[n])) for n in lead)
    )


def minimum_session(inputs: EngineInputs, pain_during: int | None, rpe: int | None) -> dict[str, object]:
    """Return store.save_session's arguments for the minimum done at today's prescriptions. Pure.

    A short session (focus decompression, its estimated minutes, at least 1), not a skipped one:
    each position is logged as completed, with the peak pain and effort the person gave (None, not
    given: store.save_session refuses it by name, so nothing is logged that was not said).
    """
    minimum = minimum_plan(inputs)
    rows = []
    for item in minimum.exercises:
        prescribed = inputs.prescriptions[item.name]
        rows.append(
            {
                "exercise": item.name,
                "pain_during": pain_during,
                "completed": True,
                **{k: v for k, v in prescribed.variables.items() if v is not None},
                **({"variant": prescribed.variant} if prescribed.variant else {}),
            }
        )
    return {
        "day": inputs.day,
        "focus": "decompression",
        "duration_min": max(1, math.ceil(minimum.minutes)),
        "rpe": rpe,
        "notes": MINIMUM_NOTE,
        "exercises": rows,
    }


def minutes_words(minutes: float) -> str:
    """An estimate as a person says it: "under a minute", "about 1 minute", "about 8 minutes"."""
    if minutes < 1:
        return "under a minute"
    whole = math.floor(minutes + 0.5)
    return f"about {whole} minute{'s' if whole != 1 else ''}"


def day_messages(status) -> list[tuple[str, str]]:
    """Return the Today banner as (kind, text) pairs, kind "warning" or "info", from a DayStatus."""
    messages = []
    if status.deload_week:
        messages.append(
            (
                "warning",
                f"Deload week (week {status.week} of your programme): lighter volume and no "
                "progressions, so what you have gained can settle.",
            )
        )
    if status.flare:
        messages.append(
            (
                "warning",
                f"Flare-up flagged on {status.flare:%a %d %b}: today is a decompression day. "
                "Gentle movement is safe, and rest is fine too. Move gently, lead with the "
                "supported positions, stay well below your pain ceiling.",
            )
        )
    if status.holds:
        messages.append(("info", f"Progressions hold today: {join_words(status.holds)}."))
    return messages
