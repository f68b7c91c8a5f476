"""Every threshold and cadence Poise uses, with its default, range and help.

This table is the one source of truth: the engine, the pages, the docs and the
tests read a setting's default and bounds from here, and the database only
stores what the person changed.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, cast

from lib.errors import ValidationError
from lib.models import _is_nan, shown


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: object
    kind: type  # int, float, str or date
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "pain_ceiling",
        "Pain ceiling during exercise",
        5,
        int,
        3,
        7,
        help="Peak pain during an exercise above this makes the session red: the next suggestion steps back "
        "one step. 3 to 7 (pain-monitoring model: 0–2 safe, 3–5 acceptable, above 5 too much). "
        "A change applies to every judgement from then on, past sessions included; raising it never "
        "raises a prescription by itself.",
    ),
    Setting(
        "green_max",
        "Highest pain that still counts as green",
        2,
        int,
        0,
        5,
        help="Peak pain at or below this, with the exercise completed, is a green session; above it, up to "
        "the ceiling, amber (acceptable if settled by the next morning). Must be below the ceiling.",
    ),
    Setting(
        "morning_amber_delta",
        "Next-morning rise that is amber",
        1,
        int,
        1,
        3,
        help="Morning pain this many points above your 7-day baseline makes the session the day before amber.",
    ),
    Setting(
        "morning_red_delta",
        "Next-morning rise that is red",
        2,
        int,
        1,
        4,
        help="Morning pain this many points above your 7-day baseline makes the session the day before red "
        "(it steps back), and on any morning holds every progression that day. 1 to 4; 2 is the "
        "smallest change that matters on a 0–10 scale.",
    ),
    Setting(
        "week_rise_hold",
        "Week-over-week rise that holds",
        1,
        int,
        1,
        5,
        help="If this week's median morning pain (or stiffness) is this much above last week's, nothing "
        "progresses. Compared only when each week has at least 3 check-ins.",
    ),
    Setting(
        "deload_every_weeks",
        "Deload every N weeks",
        4,
        int,
        0,
        12,
        help="Every Nth week of the programme is a lighter week with no progressions; 0 turns deloads off. "
        "The lighter prescription lasts that week only; the usual one comes back after it.",
    ),
    Setting(
        "deload_factor",
        "Deload volume factor",
        0.6,
        float,
        0.3,
        0.9,
        help="In a deload week, once, one volume variable (sets, hold, duration or distance; reps if there "
        "is none) is cut to about this share. Breathing and decompression are never cut.",
    ),
    Setting(
        "programme_start",
        "Programme start",
        None,
        date,
        help="Week 1 of the programme begins here; left empty, your first logged session starts it.",
    ),
    Setting(
        "sessions_to_progress",
        "Sessions needed to progress",
        2,
        int,
        1,
        5,
        help="How many of an exercise's latest sessions in a row, at this prescription and each answered by "
        "the next morning's check-in, must be green before it moves up a step (one more if one is amber).",
    ),
    Setting(
        "progress_with_amber",
        "Amber sessions toward a step up",
        "amber counts",
        str,
        choices=("amber counts", "green only"),
        help="'amber counts': a settled amber session counts toward a step up, with one more session needed. "
        "'green only': only green sessions count.",
    ),
    Setting(
        "flare_lookback_days",
        "Flare-up look-back (days)",
        2,
        int,
        0,
        14,
        help="A flare-up flagged today or in this many days before leads with decompression and steps back "
        "once per episode (flagged days with gaps of one day are one episode).",
    ),
    Setting(
        "comeback_hold_days",
        "Coming back: hold after (days away)",
        14,
        int,
        2,
        60,
        help="An exercise not done for this many days holds on its first suggestion back, and the count "
        "toward a step up starts fresh.",
    ),
    Setting(
        "comeback_step_back_days",
        "Coming back: step back after (days away)",
        28,
        int,
        3,
        120,
        help="An exercise not done for this many days starts again one step back.",
    ),
    Setting(
        "sleep_hours_min",
        "Short sleep (hours)",
        6.0,
        float,
        0,
        12,
        help="Sleeping fewer hours than this, and at least 1.5 h less than your usual, holds progressions "
        "for the day (with fewer than 7 earlier check-ins, the hours alone).",
    ),
    Setting(
        "sleep_hours_floor",
        "Very short sleep (hours)",
        5.0,
        float,
        0,
        12,
        help="Sleeping fewer hours than this holds progressions whatever your usual.",
    ),
    Setting(
        "sleep_below_usual_h",
        "Short sleep: hours under your usual",
        1.5,
        float,
        0,
        6,
        help="How far under your usual sleep (median of your last 28 check-ins) a short night must be to hold.",
    ),
    Setting(
        "sleep_quality_poor",
        "Poor sleep quality",
        3,
        int,
        0,
        10,
        help="Sleep quality at or below this holds progressions for the day.",
    ),
    Setting(
        "stress_high",
        "High stress",
        7,
        int,
        1,
        10,
        help="Stress at or above this, and at least 2 above your usual, holds progressions for the day.",
    ),
    Setting(
        "stress_above_usual",
        "High stress: points above your usual",
        2,
        int,
        0,
        10,
        help="How far above your usual stress (median of your last 28 check-ins) a high-stress day must be.",
    ),
    Setting(
        "sitting_hours_long",
        "Long desk day (hours sitting)",
        8.0,
        float,
        1,
        24,
        help="Sitting this many hours or more, and at least 2 h more than your usual, makes a long desk day, "
        "which holds progressions.",
    ),
    Setting(
        "sitting_above_usual_h",
        "Long desk day: hours above your usual",
        2.0,
        float,
        0,
        12,
        help="How far above your usual sitting (median of your last 28 check-ins) a long desk day must be.",
    ),
    Setting(
        "daily_minutes_min",
        "Shortest daily sequence (min)",
        7,
        int,
        3,
        60,
        help="Today's plan aims for at least this many minutes.",
    ),
    Setting(
        "daily_minutes_max",
        "Longest daily sequence (min)",
        12,
        int,
        5,
        90,
        help="Today's plan stops adding exercises at about this many minutes.",
    ),
    Setting(
        "tsk17_cadence_days",
        "TSK-17 every (days)",
        14,
        int,
        1,
        365,
        help="How often the Today page reminds you to answer the TSK-17.",
    ),
    Setting(
        "tsk11_cadence_days",
        "TSK-11 every (days)",
        14,
        int,
        1,
        365,
        help="How often the Today page reminds you to answer the TSK-11.",
    ),
    Setting(
        "psfs_cadence_days",
        "PSFS every (days)",
        14,
        int,
        1,
        365,
        help="How often the Today page reminds you to rate your PSFS activities.",
    ),
    Setting(
        "units",
        "Load units",
        "kg",
        str,
        choices=("kg", "lb"),
        help="Loads are stored in kilograms and shown in the unit you choose.",
    ),
    Setting(
        "guided_ready_s",
        "Guided session: get ready (s)",
        5,
        int,
        0,
        30,
        help="The countdown before each exercise, to get into the start position.",
    ),
    Setting(
        "rest_between_sets_s",
        "Rest between sets (s)",
        30,
        int,
        5,
        180,
        help="The rest the guided session times between two sets (and today's plan counts in its minutes).",
    ),
    Setting(
        "rest_between_exercises_s",
        "Rest between exercises (s)",
        45,
        int,
        0,
        300,
        help="The rest the guided session times before the next exercise.",
    ),
    Setting(
        "breath_in_s",
        "Breath pacer: in (s)",
        4,
        int,
        2,
        10,
        help="How long the breath pacer's circle grows: breathe in.",
    ),
    Setting("breath_out_s", "Breath pacer: out (s)", 6, int, 2, 12, help="How long it shrinks: breathe out, slowly."),
    Setting(
        "guided_sound",
        "Guided session: tones",
        "on",
        str,
        choices=("on", "off"),
        help="A short tone at each change of phase and in the last 3 seconds, made in the browser.",
    ),
    Setting(
        "guided_voice",
        "Guided session: spoken cues",
        "off",
        str,
        choices=("on", "off"),
        help="Speaks each phase with a voice installed on this computer (never a voice from the internet).",
    ),
)

BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


@dataclass(frozen=True)
class Together:
    """A rule between two settings: `lower` must be below `upper` (or at most `upper`, if not strict)."""

    lower: str
    upper: str
    strict: bool
    why: str


# Each setting's own range cannot say these: they hold between two settings.
TOGETHER: tuple[Together, ...] = (
    Together("green_max", "pain_ceiling", True, "a green session must stay below the pain that makes it red"),
    Together(
        "morning_amber_delta", "morning_red_delta", True, "an amber morning must be a smaller rise than a red one"
    ),
    Together(
        "daily_minutes_min", "daily_minutes_max", False, "the shortest daily sequence cannot be longer than the longest"
    ),
    Together("sleep_hours_floor", "sleep_hours_min", False, "very short sleep cannot be more hours than short sleep"),
    Together("comeback_hold_days", "comeback_step_back_days", True, "a comeback holds before it steps back"),
)


class Settings(TypedDict):
    """Every setting's value, as the engine, the plan and the pages read them (`settings["pain_ceiling"]`).

    One key per row of SETTINGS, typed by its `kind` (a date setting may be unset: None);
    tests/unit/test_settings_rules.py checks the two stay the same list.
    """

    pain_ceiling: int
    green_max: int
    morning_amber_delta: int
    morning_red_delta: int
    week_rise_hold: int
    deload_every_weeks: int
    deload_factor: float
    programme_start: date | None
    sessions_to_progress: int
    progress_with_amber: str
    flare_lookback_days: int
    comeback_hold_days: int
    comeback_step_back_days: int
    sleep_hours_min: float
    sleep_hours_floor: float
    sleep_below_usual_h: float
    sleep_quality_poor: int
    stress_high: int
    stress_above_usual: int
    sitting_hours_long: float
    sitting_above_usual_h: float
    daily_minutes_min: int
    daily_minutes_max: int
    tsk17_cadence_days: int
    tsk11_cadence_days: int
    psfs_cadence_days: int
    units: str
    guided_ready_s: int
    rest_between_sets_s: int
    rest_between_exercises_s: int
    breath_in_s: int
    breath_out_s: int
    guided_sound: str
    guided_voice: str


def as_settings(values: Mapping[str, object]) -> Settings:
    """Return `values` (every key of SETTINGS, already validated) typed as Settings. Pure; checks the keys only.

    Raises KeyError naming a missing setting, so a half-filled dict never passes for the whole set.
    """
    missing = [s.key for s in SETTINGS if s.key not in values]
    if missing:
        raise KeyError(f"settings missing: {', '.join(missing)}")
    return cast(Settings, {s.key: values[s.key] for s in SETTINGS})


def defaults() -> Settings:
    """Return every setting's default value, keyed by setting name."""
    return as_settings({s.key: s.default for s in SETTINGS})


def validate(key: str, value: object) -> object:
    """Return `value` converted to the setting's type; raise ValidationError if it is not allowed."""
    if not isinstance(key, str) or key not in BY_KEY:
        raise ValidationError(
            str(key) if isinstance(key, str) else "setting", f"There is no setting called {shown(key)}."
        )
    s = BY_KEY[key]
    if value is not None and (not isinstance(value, str | numbers.Real | date) or _is_nan(value)):
        wanted = "a date" if s.kind is date else f"one of {', '.join(s.choices)}" if s.choices else "a number"
        raise ValidationError(key, f"{s.label} must be {wanted}; got {shown(value)}.")  # pd.NA, an array, ...
    if value is None or value == "":
        if s.default is None:
            return None
        raise ValidationError(key, f"{s.label} needs a value.")
    if s.kind is date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(key, f"{s.label} must be a date (YYYY-MM-DD); got {value!r}.") from None
    if s.kind is str:
        if value not in s.choices:
            raise ValidationError(key, f"{s.label} must be one of {', '.join(s.choices)}; got {value!r}.")
        return value
    try:
        number = s.kind(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
        raise ValidationError(key, f"{s.label} must be a number; got {value!r}.") from None
    # A str or a Real here (a date was refused by s.kind above), which float() takes.
    if isinstance(value, bool) or (s.kind is int and not float(value) == int(number)):  # type: ignore[arg-type]
        raise ValidationError(key, f"{s.label} must be a whole number; got {value!r}.")
    if not s.low <= number <= s.high:
        raise ValidationError(key, f"{key} must be between {s.low:g} and {s.high:g}; got {value}.")
    return number


def within_range(key: str, value: object) -> object:
    """Return a stored number moved into its setting's current range (a value saved before a range narrowed).

    A pain ceiling of 9 saved by an older Poise reads as 7, the careful end (issue 12).
    """
    s = BY_KEY[key]
    if s.low is None or s.high is None or not isinstance(value, int | float) or isinstance(value, bool):
        return value
    return s.kind(min(s.high, max(s.low, value)))


def check_together(values: Mapping[str, Any], changed: set[str] | frozenset[str] = frozenset()) -> None:
    """Raise ValidationError if `values` (every setting) break a rule of TOGETHER; return None if not.

    The message names both settings and both values; its field is the one
    in `changed` (the one the person just set), else the lower one. With
    `changed`, only the rules that involve a changed setting are checked, so
    an old stored pair never blocks saving something unrelated.
    """
    for rule in TOGETHER:
        if changed and rule.lower not in changed and rule.upper not in changed:
            continue
        low, high = values[rule.lower], values[rule.upper]
        if low is None or high is None or (low < high if rule.strict else low <= high):
            continue
        word = "below" if rule.strict else "at most"
        field = rule.upper if rule.upper in changed and rule.lower not in changed else rule.lower
        raise ValidationError(
            field,
            f"{BY_KEY[rule.lower].label} ({rule.lower}) must be {word} "
            f"{BY_KEY[rule.upper].label.lower()} ({rule.upper}): {rule.why}; "
            f"got {rule.lower} {low:g} and {rule.upper} {high:g}.",
        )


def validate_changes(changes: dict[str, object], current: Mapping[str, object]) -> dict[str, object]:
    """Return `changes` validated one by one, then together with the `current` values of every other setting.

    Raises ValidationError for the first value out of its range, or for a
    combination that breaks a rule of TOGETHER; nothing should be saved then.
    """
    if not isinstance(changes, Mapping):
        raise ValidationError(
            "settings", f"The settings to change must be a dict of setting to value; got {shown(changes)}."
        )
    validated = {key: validate(key, value) for key, value in changes.items()}
    check_together({**defaults(), **current, **validated}, changed=set(validated))
    return validated
