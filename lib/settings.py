"""Every threshold and cadence Poise uses, with its default, range and help.

This table is the one source of truth: the engine, the pages, the docs and the
tests read a setting's default and bounds from here, and the database only
stores what the person changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.errors import ValidationError


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
    Setting("pain_ceiling", "Pain ceiling during exercise", 5, int, 1, 10,
            help="Peak pain during an exercise above this makes the session red: the next suggestion steps back."),
    Setting("green_max", "Highest pain that still counts as green", 2, int, 0, 5,
            help="Peak pain at or below this, with the exercise completed, is a green session."),
    Setting("morning_amber_delta", "Next-morning rise that is amber", 1, int, 1, 5,
            help="Morning pain this many points above your 7-day baseline makes the day before amber."),
    Setting("morning_red_delta", "Next-morning rise that is red", 2, int, 1, 10,
            help="Morning pain this many points above your baseline makes the day before red (2 is the smallest change that matters on a 0–10 scale)."),
    Setting("week_rise_hold", "Week-over-week pain rise that holds", 1, int, 1, 5,
            help="If this week's median morning pain is this much above last week's, nothing progresses."),
    Setting("deload_every_weeks", "Deload every N weeks", 4, int, 0, 12,
            help="Every Nth week of the programme is a lighter week with no progressions; 0 turns deloads off."),
    Setting("deload_factor", "Deload volume factor", 0.6, float, 0.3, 0.9,
            help="In a deload week the volume variable (sets, hold or duration) is multiplied by this."),
    Setting("programme_start", "Programme start", None, date,
            help="Week 1 of the programme begins here; left empty, your first logged session starts it."),
    Setting("sessions_to_progress", "Green sessions needed to progress", 2, int, 1, 5,
            help="How many of an exercise's latest sessions must be green, at prescription, before it moves up a step."),
    Setting("flare_lookback_days", "Flare-up look-back (days)", 2, int, 0, 14,
            help="A flare-up flagged today or in this many days before leads with decompression and steps back."),
    Setting("sleep_hours_min", "Short sleep (hours)", 6.0, float, 0, 12,
            help="Sleeping fewer hours than this holds progressions for the day."),
    Setting("sleep_quality_poor", "Poor sleep quality", 3, int, 0, 10,
            help="Sleep quality at or below this holds progressions for the day."),
    Setting("stress_high", "High stress", 7, int, 1, 10,
            help="Stress at or above this holds progressions for the day."),
    Setting("sitting_hours_long", "Long desk day (hours sitting)", 8.0, float, 1, 24,
            help="Sitting this many hours or more makes a long desk day, which holds progressions."),
    Setting("daily_minutes_min", "Shortest daily sequence (min)", 7, int, 3, 60,
            help="Today's plan aims for at least this many minutes."),
    Setting("daily_minutes_max", "Longest daily sequence (min)", 12, int, 5, 90,
            help="Today's plan stops adding exercises at about this many minutes."),
    Setting("tsk17_cadence_days", "TSK-17 every (days)", 14, int, 1, 365,
            help="How often the Today page reminds you to answer the TSK-17."),
    Setting("tsk11_cadence_days", "TSK-11 every (days)", 14, int, 1, 365,
            help="How often the Today page reminds you to answer the TSK-11."),
    Setting("psfs_cadence_days", "PSFS every (days)", 14, int, 1, 365,
            help="How often the Today page reminds you to rate your PSFS activities."),
    Setting("units", "Load units", "kg", str, choices=("kg", "lb"),
            help="Loads are stored in kilograms and shown in the unit you choose."),
    Setting("guided_ready_s", "Guided session: get ready (s)", 5, int, 0, 30,
            help="The countdown before each exercise, to get into the start position."),
    Setting("rest_between_sets_s", "Rest between sets (s)", 30, int, 5, 180,
            help="The rest the guided session times between two sets (and today's plan counts in its minutes)."),
    Setting("rest_between_exercises_s", "Rest between exercises (s)", 45, int, 0, 300,
            help="The rest the guided session times before the next exercise."),
    Setting("breath_in_s", "Breath pacer: in (s)", 4, int, 2, 10,
            help="How long the breath pacer's circle grows: breathe in."),
    Setting("breath_out_s", "Breath pacer: out (s)", 6, int, 2, 12,
            help="How long it shrinks: breathe out, slowly."),
    Setting("guided_sound", "Guided session: tones", "on", str, choices=("on", "off"),
            help="A short tone at each change of phase and in the last 3 seconds, made in the browser."),
    Setting("guided_voice", "Guided session: spoken cues", "off", str, choices=("on", "off"),
            help="Speaks each phase with a voice installed on this computer (never a voice from the internet)."),
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
    Together("green_max", "pain_ceiling", True,
             "a green session must stay below the pain that makes it red"),
    Together("morning_amber_delta", "morning_red_delta", True,
             "an amber morning must be a smaller rise than a red one"),
    Together("daily_minutes_min", "daily_minutes_max", False,
             "the shortest daily sequence cannot be longer than the longest"),
)


def defaults() -> dict[str, object]:
    """Return every setting's default value, keyed by setting name."""
    return {s.key: s.default for s in SETTINGS}


def validate(key: str, value: object) -> object:
    """Return `value` converted to the setting's type; raise ValidationError if it is not allowed."""
    if key not in BY_KEY:
        raise ValidationError(key, f"There is no setting called {key!r}.")
    s = BY_KEY[key]
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
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(float("inf"))
        raise ValidationError(key, f"{s.label} must be a number; got {value!r}.") from None
    if isinstance(value, bool) or (s.kind is int and float(value) != int(number)):
        raise ValidationError(key, f"{s.label} must be a whole number; got {value!r}.")
    if not s.low <= number <= s.high:
        raise ValidationError(key, f"{key} must be between {s.low:g} and {s.high:g}; got {value}.")
    return number


def check_together(values: dict[str, object], changed: set[str] | frozenset[str] = frozenset()) -> None:
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
        raise ValidationError(field, f"{BY_KEY[rule.lower].label} ({rule.lower}) must be {word} "
                                     f"{BY_KEY[rule.upper].label.lower()} ({rule.upper}): {rule.why}; "
                                     f"got {rule.lower} {low:g} and {rule.upper} {high:g}.")


def validate_changes(changes: dict[str, object], current: dict[str, object]) -> dict[str, object]:
    """Return `changes` validated one by one, then together with the `current` values of every other setting.

    Raises ValidationError for the first value out of its range, or for a
    combination that breaks a rule of TOGETHER; nothing should be saved then.
    """
    validated = {key: validate(key, value) for key, value in changes.items()}
    check_together({**defaults(), **current, **validated}, changed=set(validated))
    return validated
