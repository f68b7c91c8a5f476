"""The progression engine: pure functions, plain values in, a Suggestion out, no I/O.

A prescription is a lib.prescription.Prescription: each variable's number, and the variant.
Exactly one thing ever changes (one variable by one step, or the variant),
never past a floor or a cap. The rules are the table RULES (first match wins);
each reads a Facts record worked out by gather_facts, and its reason is a
template the Today page shows as it is. README "How a suggestion is decided"
states the same rules in words, with their sources.

Unknown is never fine: a session whose next morning has not come yet is
*pending*, one whose next morning passed without a check-in is *unknown*, and
neither counts toward a step up; an unanswered context field never holds and
is never counted as aligned (the reason names it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import overload

from lib import plain, units
from lib.models import FLARE_LEAD_CATEGORIES, ExerciseDef, VariableRule
from lib.prescription import Prescription, PrescriptionLike
from lib.settings import Settings

VOLUME_ORDER = ("sets", "hold_s", "duration_min", "distance_m")  # what a deload may cut (ties: first listed)
LEAD_CATEGORIES = FLARE_LEAD_CATEGORIES  # lib.plan orders the bad day's minimum by it (breathing first)
# Rounding tolerance of each unit: a logged value within it of the prescription is "at the prescription".
TOLERANCE = {"load_kg": 0.5, "hold_s": 1.0, "tempo_s": 1.0, "duration_min": 1 / 60, "distance_m": 1.0}
WHOLE_TOLERANCE = 1.0  # reps, sets and levels: whole numbers, so only the value itself
MISSES_TO_STEP_BACK = 3  # sessions in a row not completed or below the prescription
USUAL_CHECKINS = 28  # "your usual": the median of this many latest check-ins before today
USUAL_MIN_CHECKINS = 7  # with fewer earlier answers, the absolute thresholds alone apply
WEEK_MIN_CHECKINS = 3  # week over week compares weeks with at least this many mornings each
SETTLE_DAYS = 1  # a raise accepted today or yesterday settles before the next one


class Action(StrEnum):
    """What a suggestion does (or an accepted change did; "manual" is a change by hand). Equal to its stored text."""

    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    DELOAD = "deload"
    MANUAL = "manual"


class Light(StrEnum):
    """A session's light, in order: a later one is worse."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class DecisionKind(StrEnum):
    """What the person did with a suggestion (progression_event.decision)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


def tolerance(variable: str, load_unit: str = "kg") -> float:
    """The rounding tolerance of `variable`, in its stored unit (1 lb for loads shown in pounds)."""
    if variable == "load_kg" and load_unit == "lb":
        return units.KG_PER_LB
    return TOLERANCE.get(variable, WHOLE_TOLERANCE)


# --- steps ---------------------------------------------------------------------------------------------------


def step_size(rule: VariableRule, value: float) -> float:
    """Return one step of `rule` from `value`: its fixed step, or a percentage rounded to the step."""
    if rule.step_percent is None:
        return rule.step
    return max(rule.step, round(value * rule.step_percent / 100 / rule.step) * rule.step)


def _snap(rule: VariableRule, value: float) -> float:
    """Round away float drift (0.1 + 0.2) and keep floor <= value <= cap."""
    return float(min(rule.cap, max(rule.floor, round(value, 6))))


def _half_lb(kg: float) -> float:
    """A load in pounds on the half-pound grid."""
    return round(kg / units.KG_PER_LB * 2) / 2


def _lb_step(rule: VariableRule) -> float:
    """The load step in whole or half pounds (1 kg -> 2 lb), never zero."""
    return max(0.5, round(rule.step / units.KG_PER_LB * 2) / 2)


def value_up(rule: VariableRule, value: float, load_unit: str = "kg") -> float:
    """One step up from `value`, capped. Loads shown in pounds move on the half-pound grid (stored in kg)."""
    if rule.variable in units.LOAD_VARIABLES and load_unit == "lb":
        return _snap(rule, units.to_kg(_half_lb(value) + _lb_step(rule), "lb"))
    return _snap(rule, value + step_size(rule, value))


def value_down(rule: VariableRule, value: float, load_unit: str = "kg") -> float:
    """One step down from `value`, never below the floor: the inverse of value_up where there is one.

    A percentage step (walking +10 %) is rounded to the fixed step, so the way
    down looks for the value x whose step up lands on `value` (the largest such
    x, found from the smallest step): then up(down(v)) == v and down(up(x)) == x
    on the grid. Where no x leads up to `value` (a value typed by hand, a capped
    raise), it goes down by the step that would have led up to it.
    """
    if rule.variable in units.LOAD_VARIABLES and load_unit == "lb":
        return _snap(rule, units.to_kg(_half_lb(value) - _lb_step(rule), "lb"))
    if rule.step_percent is None:
        return _snap(rule, value - rule.step)
    for k in range(1, 1000):
        below = round(value - k * rule.step, 6)
        if below < rule.floor:
            break
        if math.isclose(below + step_size(rule, below), value):
            return _snap(rule, below)
    return _snap(rule, value - step_size(rule, value / (1 + rule.step_percent / 100)))


def step_up(e: ExerciseDef, current: PrescriptionLike, load_unit: str = "kg") -> tuple[Prescription, str | None]:
    """Raise the first variable in progression order that is below its cap by one step.

    Every variable at its cap: the next variant with every variable back at its
    start (variable "variant"). Nothing left: (current, None).
    """
    current = Prescription.of(current)
    for rule in e.variables:
        value = current.variables.get(rule.variable, rule.start)
        if value < rule.cap:
            return current.with_values({rule.variable: value_up(rule, value, load_unit)}), rule.variable
    variants = e.variants
    variant = current.variant
    if variant in variants and variants.index(variant) + 1 < len(variants):
        fresh = {r.variable: r.start for r in e.variables}
        return Prescription(fresh, variants[variants.index(variant) + 1]), "variant"
    return current, None


def step_down(
    e: ExerciseDef, current: PrescriptionLike, undo: AcceptedChange | str | None = None, load_unit: str = "kg"
) -> tuple[Prescription, str | None]:
    """Lower one thing by one step; never raises a variable on the same variant.

    `undo` is the latest accepted raise not yet undone (or just its variable's name):
    - a move on to this variant goes back to the previous variant at the
      prescription held before the move (every cap, if that is not recorded);
    - a raise of a variable whose value is still the raised one goes back to the
      value before it exactly (a raise capped at 44 → 45 min returns to 44);
    - otherwise that variable (or, failing it, the first above its floor) goes
      down one step.
    Every variable at its floor: the previous variant, no variable above its
    current value. Nothing left: (current, None).
    """
    current = Prescription.of(current)
    variants, variant = e.variants, current.variant
    position = variants.index(variant) if variant in variants else None
    rules = e.rules
    change = undo if isinstance(undo, AcceptedChange) else None
    raised = change.variable if change else undo
    if raised == "variant" and position:
        before = change.before if change else None
        previous = variants[position - 1]
        if before is not None and before.variant == previous:
            values = {r.variable: before.variables.get(r.variable, r.cap) for r in e.variables}
        else:
            values = {r.variable: r.cap for r in e.variables}  # a move on needs every cap
        return Prescription({**current.variables, **values}, previous), "variant"
    if change and raised in rules and change.before and change.after:
        rule, now = rules[raised], current.variables.get(raised, rules[raised].start)
        old, new = change.before.variables.get(raised), change.after.variables.get(raised)
        if (
            old is not None
            and new is not None
            and old < now
            and abs(now - new) < 1e-6
            and change.after.variant == variant
        ):
            return current.with_values({raised: float(max(rule.floor, old))}), raised
    order = ([rules[raised]] if raised in rules else []) + list(e.variables)
    for rule in order:
        value = current.variables.get(rule.variable, rule.start)
        if value > rule.floor:
            return current.with_values({rule.variable: value_down(rule, value, load_unit)}), rule.variable
    if position:
        # The easier variant, with nothing higher than it is now (a step back never raises).
        values = {r.variable: min(r.start, current.variables.get(r.variable, r.start)) for r in e.variables}
        return Prescription({**current.variables, **values}, variants[position - 1]), "variant"
    return current, None


def deload(e: ExerciseDef, current: PrescriptionLike, factor: float) -> tuple[Prescription, str | None]:
    """Cut volume to about `factor`, on the one variable that gets closest to it without going below its floor.

    The candidates are sets, hold, duration and distance (ties: in that order);
    an exercise with none of them (only reps and levels) cuts reps. Rounded to
    the variable's step; nothing rises. Returns (prescription, variable cut or None).
    """
    current = Prescription.of(current)
    rules = e.rules
    candidates = [v for v in VOLUME_ORDER if v in rules] or (["reps"] if "reps" in rules else [])
    best: tuple[float, str, float] | None = None
    for variable in candidates:
        rule = rules[variable]
        value = current.variables.get(variable, rule.start)
        if value <= 0:
            continue
        cut = min(value, max(rule.floor, math.floor(value * factor / rule.step + 0.5) * rule.step))
        if cut >= value:
            continue
        distance = abs(cut / value - factor)
        if best is None or distance < best[0] - 1e-9:
            best = (distance, variable, float(round(cut, 6)))
    if best is None:
        return current, None
    return current.with_values({best[1]: best[2]}), best[1]


# --- inputs --------------------------------------------------------------------------------------------------

LIGHTS = tuple(Light)  # ordered: a later light is worse
LIGHT_SYMBOLS = {Light.GREEN: "● green", Light.AMBER: "▲ amber", Light.RED: "■ red", None: "○ no sessions yet"}
ANSWERS = ("settled", "pending", "unknown")  # a session's next-morning answer


@dataclass(frozen=True)
class CheckinSignal:
    """What the engine reads from one morning's check-in. None is unknown (unanswered), never fine.

    The defaults describe an unremarkable day, for tests; the store passes every field.
    """

    pain_now: int
    sleep_hours: float | None = 7.5
    sleep_quality: int | None = 7
    stress: int | None = 3
    sitting_hours: float | None = 4.0
    travel: bool | None = False
    flare_up: bool = False
    stiffness: int | None = None
    red_flags: tuple[str, ...] = ()  # the red-flag screen's ticks that day (lib.redflags)


@dataclass(frozen=True)
class LoggedExercise:
    """One exercise as it was performed in one session (pain_during None: not done, so not known)."""

    day: date
    values: dict[str, float]
    pain_during: int | None
    completed: bool = True
    variant: str | None = None


@dataclass(frozen=True)
class AcceptedChange:
    """A prescription change the person accepted, or made by hand ("manual").

    `before`/`after` are the prescriptions either side (None when not recorded);
    `lowered` says a change by hand made something easier.
    """

    day: date
    action: str  # progress | regress | deload | manual
    variable: str | None
    before: Prescription | None = None
    after: Prescription | None = None
    lowered: bool = False

    def __post_init__(self) -> None:
        for side in ("before", "after"):  # a plain mapping (a script's, a test's) read as the Prescription it states
            if getattr(self, side) is not None:
                object.__setattr__(self, side, Prescription.of(getattr(self, side)))

    @property
    def steps_back(self) -> bool:
        """A step back, or an easier prescription set by hand (either answers a red session or a flare)."""
        return self.action == Action.REGRESS or (self.action == Action.MANUAL and self.lowered)


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    action: Action  # progress | hold | regress | deload
    variable: str | None  # the one variable changed; "variant" for a variant change; None for hold
    current: Prescription
    proposed: Prescription
    reason: str
    rule: str  # the name of the rule that decided
    light: Light | None = None  # the latest session's light as far as known, None if never logged
    until: date | None = None  # a deload-week prescription applies up to this day (the end of its week)
    returns: Prescription | None = None  # a step back in a deload week: what comes back after the week
    answer: str | None = None  # the latest session's next-morning answer: settled, pending or unknown


def median(values: Sequence[float]) -> float | None:
    """Return the median of `values`, or None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


@overload
def worse(a: str, b: str | None) -> Light: ...
@overload
def worse(a: str | None, b: str | None) -> Light | None: ...
def worse(a: str | None, b: str | None) -> Light | None:
    """Return the worse of two lights (None counts as no light)."""
    known = [Light(x) for x in (a, b) if x]
    return max(known, key=LIGHTS.index) if known else None


def session_light(log: LoggedExercise, settings: Settings) -> Light:
    """Red above the pain ceiling; amber above green_max, not completed or pain not known; else green."""
    if log.pain_during is not None and log.pain_during > settings["pain_ceiling"]:
        return Light.RED
    if log.pain_during is None or log.pain_during > settings["green_max"] or not log.completed:
        return Light.AMBER
    return Light.GREEN


def _pains(checkins: Mapping[date, CheckinSignal], end: date, days: int) -> list[int]:
    """Morning pain of the check-ins dated end−days+1 … end (by lookup, not by scanning)."""
    found = (checkins.get(end - timedelta(days=i)) for i in range(days))
    return [c.pain_now for c in found if c is not None]


def morning_delta(checkins: Mapping[date, CheckinSignal], session_day: date) -> float | None:
    """Return next morning's pain minus the baseline (median of S−6 … S), or None without both."""
    after = checkins.get(session_day + timedelta(days=1))
    baseline = median(_pains(checkins, session_day, 7))
    if after is None or baseline is None:
        return None
    return after.pain_now - baseline


def delta_light(delta: float | None, settings: Settings) -> Light | None:
    """Light of a next-morning change: red at +red rise, amber at +amber rise, else green; None if unknown."""
    if delta is None:
        return None
    if delta >= settings["morning_red_delta"]:
        return Light.RED
    return Light.AMBER if delta >= settings["morning_amber_delta"] else Light.GREEN


def morning_light(checkins: Mapping[date, CheckinSignal], session_day: date, settings: Settings) -> Light | None:
    """Light of the morning after `session_day`; None if unknown."""
    return delta_light(morning_delta(checkins, session_day), settings)


def answer_of(checkins: Mapping[date, CheckinSignal], session_day: date, day: date) -> str:
    """A session's next-morning answer as seen on `day`: settled, pending or unknown.

    Pending until the calendar day after the session has passed (today's session
    always; yesterday's until this morning's check-in); unknown if that day passed
    with no check-in, or with no morning to compare it with (S−6 … S).
    """
    after = session_day + timedelta(days=1)
    if after > day or (after == day and day not in checkins):
        return "pending"
    if after not in checkins or not _pains(checkins, session_day, 7):
        return "unknown"
    return "settled"


def combined_light(log: LoggedExercise, checkins: Mapping[date, CheckinSignal], settings: Settings) -> Light:
    """A session's light: the worse of how it went and how the back answered next morning (if known)."""
    return worse(session_light(log, settings), morning_light(checkins, log.day, settings))


def at_prescription(log: LoggedExercise, prescription: PrescriptionLike, e: ExerciseDef, load_unit: str = "kg") -> bool:
    """True if the log did at least the prescription, within the unit's rounding tolerance.

    Same or later variant, every variable above prescribed − tolerance; a
    variable left out of the log counts as done as prescribed (the page prefills it).
    """
    p = Prescription.of(prescription)
    wanted = p.variant
    if wanted in e.variants and (
        log.variant not in e.variants or e.variants.index(log.variant) < e.variants.index(wanted)
    ):
        return False
    return all(
        log.values.get(v, p.variables[v]) > p.variables[v] - tolerance(v, load_unit) + 1e-9
        for v in e.rules
        if v in p.variables
    )


def not_above(log: LoggedExercise, prescription: PrescriptionLike, e: ExerciseDef, load_unit: str = "kg") -> bool:
    """True if the log did no more than the prescription (within tolerance): done after it was lowered."""
    p = Prescription.of(prescription)
    wanted = p.variant
    if wanted in e.variants and log.variant in e.variants and e.variants.index(log.variant) > e.variants.index(wanted):
        return False
    return all(
        log.values.get(v, p.variables[v]) < p.variables[v] + tolerance(v, load_unit) - 1e-9
        for v in e.rules
        if v in p.variables
    )


# --- the day: what every exercise shares ---------------------------------------------------------------------


def programme_week(day: date, start: date | None) -> int:
    """Week k = ⌊(D − start)/7⌋ + 1; week 1 when the programme has not started."""
    if start is None or day < start:
        return 1
    return (day - start).days // 7 + 1


def is_deload_week(week: int, every: int) -> bool:
    """Every Nth week is a deload week; N = 0 turns deloads off."""
    return every > 0 and week % every == 0


def week_start(day: date, start: date | None) -> date:
    """The first day of `day`'s programme week (`day` itself without a programme)."""
    if start is None or day < start:
        return day
    return start + timedelta(days=7 * (programme_week(day, start) - 1))


def flare_day(checkins: Mapping[date, CheckinSignal], day: date, lookback: int) -> date | None:
    """Return the latest day in D−lookback … D with a flare-up flagged, or None."""
    for back in range(lookback + 1):
        d = day - timedelta(days=back)
        if d in checkins and checkins[d].flare_up:
            return d
    return None


def episode_start(checkins: Mapping[date, CheckinSignal], flagged: date) -> date:
    """The first day of the flare-up episode holding `flagged`: flagged days, gaps of one day joining them.

    A day with no check-in is not a flagged day (two such days end an episode,
    so a new one steps back again: the careful direction).
    """
    first, d = flagged, flagged - timedelta(days=1)
    while True:
        if d in checkins and checkins[d].flare_up:
            first, d = d, d - timedelta(days=1)
        elif (d - timedelta(days=1)) in checkins and checkins[d - timedelta(days=1)].flare_up:
            first, d = d - timedelta(days=1), d - timedelta(days=2)
        else:
            return first


def _usual(checkins: Mapping[date, CheckinSignal], day: date, lookback_days: int = 120) -> list[CheckinSignal]:
    """The latest USUAL_CHECKINS check-ins before `day` (newest first), looked up day by day."""
    found: list[CheckinSignal] = []
    for back in range(1, lookback_days + 1):
        c = checkins.get(day - timedelta(days=back))
        if c is not None:
            found.append(c)
            if len(found) == USUAL_CHECKINS:
                break
    return found


@dataclass(frozen=True)
class ContextRead:
    """Today's context against the absolute thresholds and the person's own usual."""

    holds: list[str]  # what holds, each naming its comparison
    unknown: list[str]  # what today's check-in left unanswered


CONTEXT_FIELDS = (  # (field, how it is named when unknown)
    ("sleep_hours", "hours of sleep"),
    ("sleep_quality", "sleep quality"),
    ("stress", "stress"),
    ("sitting_hours", "hours of sitting"),
    ("travel", "travel"),
)


def read_context(checkins: Mapping[date, CheckinSignal], day: date, settings: Settings) -> ContextRead:
    """Judge today's context (empty without a check-in: the no_checkin rule speaks for that).

    Sitting holds at ≥ the threshold and ≥ usual + margin; short sleep under the
    threshold and ≥ margin under the usual, or under the floor; stress at ≥ the
    threshold and ≥ usual + margin. Fewer than USUAL_MIN_CHECKINS earlier answers
    of a field: its absolute threshold alone. Sleep quality and travel: absolute.
    """
    today = checkins.get(day)
    if today is None:
        return ContextRead([], [])
    earlier = _usual(checkins, day)

    def usual(name: str) -> float | None:
        known = [getattr(c, name) for c in earlier if getattr(c, name) is not None]
        return median(known) if len(known) >= USUAL_MIN_CHECKINS else None

    holds: list[str] = []
    sleep = today.sleep_hours
    if sleep is not None:
        base = usual("sleep_hours")
        if sleep < settings["sleep_hours_floor"]:
            holds.append(f"very short sleep ({sleep:g} h, under {settings['sleep_hours_floor']:g} h)")
        elif sleep < settings["sleep_hours_min"]:
            if base is None:
                holds.append(f"short sleep ({sleep:g} h)")
            elif base - sleep >= settings["sleep_below_usual_h"]:
                holds.append(f"short sleep ({sleep:g} h, {base - sleep:g} h less than your usual {base:g} h)")
    if today.sleep_quality is not None and today.sleep_quality <= settings["sleep_quality_poor"]:
        holds.append(f"poor sleep quality ({today.sleep_quality}/10)")
    if today.stress is not None and today.stress >= settings["stress_high"]:
        base = usual("stress")
        if base is None:
            holds.append(f"high stress ({today.stress}/10)")
        elif today.stress - base >= settings["stress_above_usual"]:
            holds.append(f"high stress ({today.stress}/10, {today.stress - base:g} above your usual {base:g})")
    if today.travel:
        holds.append("a travel day")
    sitting = today.sitting_hours
    if sitting is not None and sitting >= settings["sitting_hours_long"]:
        base = usual("sitting_hours")
        if base is None:
            holds.append(f"a long desk day ({sitting:g} h sitting)")
        elif sitting - base >= settings["sitting_above_usual_h"]:
            holds.append(
                f"a long desk day ({sitting:g} h sitting, {sitting - base:g} h more than your usual {base:g} h)"
            )
    unknown = [words for name, words in CONTEXT_FIELDS if getattr(today, name) is None]
    return ContextRead(holds, unknown)


def context_flags(checkin: CheckinSignal | None, settings: Settings) -> list[str]:
    """Today's context holds against the absolute thresholds alone (no history to compare with)."""
    if checkin is None:
        return []
    return read_context({date.min: checkin}, date.min, settings).holds


@dataclass(frozen=True)
class WeekComparison:
    """This week's median morning pain (and stiffness) against last week's."""

    counts: tuple[int, int]  # check-ins (last week, this week)
    pain: tuple[float, float] | None  # (last, this) medians, None with too few mornings
    stiffness: tuple[float, float] | None


def compare_weeks(checkins: Mapping[date, CheckinSignal], day: date) -> WeekComparison:
    """D−6 … D against D−13 … D−7, each week needing WEEK_MIN_CHECKINS known values."""
    weeks = [[checkins.get(day - timedelta(days=first + i)) for i in range(7)] for first in (7, 0)]

    def medians(name: str) -> tuple[float, float] | None:
        values = [[getattr(c, name) for c in week if c is not None and getattr(c, name) is not None] for week in weeks]
        if min(len(v) for v in values) < WEEK_MIN_CHECKINS:
            return None
        last, this = median(values[0]), median(values[1])
        return (last, this) if last is not None and this is not None else None

    counts = (sum(c is not None for c in weeks[0]), sum(c is not None for c in weeks[1]))
    return WeekComparison(counts, medians("pain_now"), medians("stiffness"))


def week_over_week_rise(checkins: Mapping[date, CheckinSignal], day: date) -> tuple[float, float] | None:
    """Return (last week's, this week's) median pain when both weeks have enough check-ins, else None."""
    return compare_weeks(checkins, day).pain


@dataclass(frozen=True)
class DayFacts:
    """What every exercise shares on one day, worked out once."""

    day: date
    week: int
    deload_week: bool
    flare: date | None  # the latest flagged day in the look-back
    episode: date | None  # the first day of that flare-up episode
    checked_in: bool
    red_flags: tuple[str, ...]  # today's red-flag ticks
    holds: list[str]  # context, this morning's pain, week over week: each holds, named
    unknown: list[str]  # what today's check-in left unanswered
    notes: list[str]  # what is not judged yet (the week comparison waiting for mornings)


def day_facts(
    checkins: Mapping[date, CheckinSignal], settings: Settings, day: date, programme_start: date | None
) -> DayFacts:
    """Work out the day-level signals once, for every exercise's decision and the Today banner."""
    week = programme_week(day, programme_start)
    flare = flare_day(checkins, day, settings["flare_lookback_days"])
    today = checkins.get(day)
    context = read_context(checkins, day, settings)
    holds = list(context.holds)
    notes: list[str] = []
    if today is not None:
        baseline = median(_pains(checkins, day - timedelta(days=1), 7))
        if baseline is not None and today.pain_now - baseline >= settings["morning_red_delta"]:
            holds.insert(
                0,
                f"your back is {today.pain_now - baseline:g} points above your usual this morning "
                f"(pain {today.pain_now} against a 7-day baseline of {baseline:g})",
            )
        weeks = compare_weeks(checkins, day)
        rise = settings["week_rise_hold"]
        if weeks.pain is None:
            notes.append(
                f"the week-over-week comparison waits for more mornings: {weeks.counts[1]} this week and "
                f"{weeks.counts[0]} last week, {WEEK_MIN_CHECKINS} each needed"
            )
        elif weeks.pain[1] - weeks.pain[0] >= rise:
            holds.append(f"morning pain up from a median of {weeks.pain[0]:g} last week to {weeks.pain[1]:g} this week")
        if weeks.stiffness is not None and weeks.stiffness[1] - weeks.stiffness[0] >= rise:
            holds.append(
                f"morning stiffness up from a median of {weeks.stiffness[0]:g} last week "
                f"to {weeks.stiffness[1]:g} this week"
            )
    return DayFacts(
        day=day,
        week=week,
        deload_week=is_deload_week(week, settings["deload_every_weeks"]),
        flare=flare,
        episode=episode_start(checkins, flare) if flare else None,
        checked_in=today is not None,
        red_flags=today.red_flags if today is not None else (),
        holds=holds,
        unknown=context.unknown,
        notes=notes,
    )


def day_holds(checkins: Mapping[date, CheckinSignal], day: date, settings: Settings) -> list[str]:
    """Everything that holds progressions on `day`: context, this morning's pain, a week-over-week rise."""
    return day_facts(checkins, settings, day, None).holds


# --- one exercise --------------------------------------------------------------------------------------------

NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
AMBER_COUNTS = "amber counts"  # the setting progress_with_amber: settled amber counts, one more needed
GREEN_ONLY = "green only"


@dataclass(frozen=True)
class SessionDay:
    """One exercise's sessions of one calendar day, judged as one (they share one next morning)."""

    day: date
    light: Light  # the worse session light of the day, and the morning's if settled
    answer: str  # settled | pending | unknown
    delta: float | None  # next morning against the baseline, when settled
    done: bool  # one session that day completed at the prescription
    missed: bool  # every session that day not completed or below the prescription
    pain: int | None  # the day's highest known pain during
    cut_short: bool  # a session not completed


def _session_days(
    logs: Sequence[LoggedExercise],
    current: Prescription,
    e: ExerciseDef,
    checkins: Mapping[date, CheckinSignal],
    settings: Settings,
    day: date,
    unit: str,
) -> list[SessionDay]:
    """Group the logs by day, newest first."""
    by_day: dict[date, list[LoggedExercise]] = {}
    for log in logs:
        by_day.setdefault(log.day, []).append(log)
    out = []
    for d in sorted(by_day, reverse=True):
        group = by_day[d]
        light: Light = Light.GREEN
        for log in group:
            light = worse(light, session_light(log, settings))
        answer = answer_of(checkins, d, day)
        delta = morning_delta(checkins, d) if answer == "settled" else None
        if answer == "settled":
            light = worse(light, delta_light(delta, settings))
        done = [log.completed and at_prescription(log, current, e, unit) for log in group]
        pains = [log.pain_during for log in group if log.pain_during is not None]
        out.append(
            SessionDay(
                d,
                light,
                answer,
                delta,
                any(done),
                not any(done),
                max(pains) if pains else None,
                any(not log.completed for log in group),
            )
        )
    return out


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one exercise on one day, already worked out."""

    day: DayFacts
    lead: bool  # a position a flare-up day leads with (ExerciseDef.leads_flare_day): never cut
    latest: SessionDay | None  # the newest session day
    light: Light | None  # its light as far as known
    red: SessionDay | None  # a red day not yet answered by a step back
    red_answered: bool  # the newest day is red and a step back came after it
    stepped_back: date | None  # the latest step back (accepted, or lowered by hand)
    misses: int  # session days in a row cut short or below the prescription
    away: int | None  # days since the newest session (None: never logged)
    welcomed: bool  # a step back accepted since the newest session (a comeback answered)
    deloaded: bool  # a deload taken this programme week
    deload_cut: tuple[Prescription, str | None]
    ready: bool
    streak: int
    amber_in_run: bool
    missing: str

    @property
    def flare_answered(self) -> bool:
        return self.day.episode is not None and self.stepped_back is not None and self.stepped_back >= self.day.episode


def _counting_since(
    accepted: Sequence[AcceptedChange], day: date, kinds: Callable[[AcceptedChange], bool]
) -> date | None:
    days = [a.day for a in accepted if a.day <= day and kinds(a)]
    return max(days) if days else None


def _after(
    log_day: date,
    since: date | None,
    logs_that_day: Sequence[LoggedExercise],
    current: Prescription,
    e: ExerciseDef,
    unit: str,
) -> bool:
    """True if a session day came after the change of `since` (same day: logged at the new prescription)."""
    if since is None or log_day > since:
        return True
    return log_day == since and any(not_above(log, current, e, unit) for log in logs_that_day)


def gather_facts(
    e: ExerciseDef,
    current: PrescriptionLike,
    logs: Sequence[LoggedExercise],
    checkins: Mapping[date, CheckinSignal],
    accepted: Sequence[AcceptedChange],
    settings: Settings,
    day: date,
    programme_start: date | None,
    facts_of_day: DayFacts | None = None,
) -> Facts:
    """Work out every signal the rules read, for one exercise on `day` (logs and changes oldest first)."""
    today = facts_of_day or day_facts(checkins, settings, day, programme_start)
    current = Prescription.of(current)
    unit = settings["units"]
    logs = [log for log in logs if log.day <= day]
    accepted = [a for a in accepted if a.day <= day]
    by_day: dict[date, list[LoggedExercise]] = {}
    for log in logs:
        by_day.setdefault(log.day, []).append(log)
    days = _session_days(logs, current, e, checkins, settings, day, unit)
    latest = days[0] if days else None

    stepped_back = _counting_since(accepted, day, lambda a: a.steps_back)
    changes = [a for a in accepted if a.action in (Action.PROGRESS, Action.REGRESS, Action.MANUAL, Action.DELOAD)]
    changed = changes[-1].day if changes else None
    changed_down = bool(changes) and all(a.steps_back for a in changes if a.day == changed)
    every, start = settings["deload_every_weeks"], programme_start
    this_week = today.week if today.deload_week else None

    # Red: walk back from the newest day after the latest step back, past days still waiting for their answer.
    red = None
    for d in days:
        if not _after(d.day, stepped_back, by_day[d.day], current, e, unit):
            break
        if d.light == Light.RED:
            red = d
            break
        if d.answer == "settled":
            break
    red_answered = red is None and latest is not None and latest.light == Light.RED

    # Misses: days judged against this prescription (after its latest change, outside earlier deload weeks).
    misses = 0
    gap_days = settings["comeback_hold_days"]
    for i, d in enumerate(days):
        week = programme_week(d.day, start)
        # On the day of a raise (or a deload) the order is unknown, so that day's sessions are not judged.
        after_change = _after(d.day, changed, by_day[d.day], current, e, unit) and (d.day != changed or changed_down)
        if not after_change or (is_deload_week(week, every) and week != this_week) or not d.missed:
            break
        misses += 1
        if i + 1 < len(days) and (d.day - days[i + 1].day).days >= gap_days:
            break

    # The run toward a step up: newest first, settled, done at this prescription, not red, after the latest
    # step back and after any comeback gap.
    amber_ok = settings["progress_with_amber"] == AMBER_COUNTS
    streak, amber_in_run = 0, False
    broke: SessionDay | str | None = None  # what ended the run: a session day, or "gap"
    for i, d in enumerate(days):
        if i and (days[i - 1].day - d.day).days >= gap_days:
            broke = broke or "gap"
            break
        if not _after(d.day, stepped_back, by_day[d.day], current, e, unit):
            break
        if d.answer != "settled" or not d.done or d.light == Light.RED or (d.light == Light.AMBER and not amber_ok):
            broke = d
            break
        streak += 1
        amber_in_run = amber_in_run or d.light == Light.AMBER
    needed = settings["sessions_to_progress"]
    green_first = streak >= needed and all(x.light == Light.GREEN for x in days[:needed])
    ready_count = green_first or (amber_ok and streak >= needed + 1)
    raised = [a.day for a in accepted if a.action == Action.PROGRESS and day - timedelta(days=SETTLE_DAYS) <= a.day]
    missing = _missing(e, raised, ready_count, streak, amber_in_run, needed, amber_ok, latest, broke, day)
    away = (day - latest.day).days if latest else None
    deloaded = today.deload_week and any(
        a.action == Action.DELOAD and week_start(day, start) <= a.day for a in accepted
    )
    return Facts(
        day=today,
        lead=e.leads_flare_day,
        latest=latest,
        light=latest.light if latest else None,
        red=red,
        red_answered=red_answered,
        stepped_back=stepped_back,
        misses=misses,
        away=away,
        welcomed=latest is not None and stepped_back is not None and stepped_back > latest.day,
        deloaded=deloaded,
        deload_cut=deload(e, current, settings["deload_factor"]),
        ready=bool(ready_count and not raised),
        streak=streak,
        amber_in_run=amber_in_run,
        missing=missing,
    )


def sessions_words(n: int, kind: str = "green", more: bool = False) -> str:
    """(2) -> "two green sessions"; (1, more=True) -> "one more green session" (above six, digits)."""
    word = NUMBER_WORDS[n].lower() if n in NUMBER_WORDS else str(n)
    kind = f" {kind}" if kind else ""
    return f"{word}{' more' if more else ''}{kind} session{'s' if n != 1 else ''}"


green_sessions = sessions_words  # the earlier name


def _missing(
    e: ExerciseDef,
    raised: list[date],
    ready: bool,
    streak: int,
    amber_in_run: bool,
    needed: int,
    amber_ok: bool,
    latest: SessionDay | None,
    broke: SessionDay | str | None,
    day: date,
) -> str:
    """What the step up still needs, in words ("" when nothing)."""
    in_a_row = " in a row" if needed > 1 else ""
    rule = f"{sessions_words(needed)}{in_a_row} at this prescription"
    if amber_ok:
        rule += f", or {NUMBER_WORDS.get(needed + 1, str(needed + 1)).lower()} when one is amber"
    if raised:
        return f"it went up on {max(raised):%a %d %b}; give it a day to settle before the next step"
    if ready:
        return ""
    if latest is None:
        return "log your first session of it"
    if isinstance(broke, SessionDay) and broke is latest and broke.answer == "pending":
        waiting = (
            "today's session is waiting for tomorrow morning's check-in"
            if broke.day == day
            else "yesterday's session is waiting for this morning's check-in"
        )
        return f"{waiting}; it needs {rule}, each answered by the next morning"
    if isinstance(broke, SessionDay) and broke is latest and broke.answer == "unknown":
        return (
            f"no check-in the morning after {broke.day:%A}'s session, so how your back answered it is "
            f"unknown; it needs {rule}, each answered by the next morning"
        )
    if streak == 0 and isinstance(broke, SessionDay):
        what = "below the prescription" if not broke.done and broke.light == Light.GREEN else broke.light
        why = f"pain {broke.pain} during" if broke.pain is not None else "pain during not recorded"
        if broke.cut_short:
            why += ", not completed"
        if broke.delta is not None:
            why += f", next morning {broke.delta:+g} against your baseline"
        return f"it needs {rule}; the last was {what} ({why})"
    if amber_in_run and amber_ok:
        left = needed + 1 - streak
        return f"it needs {sessions_words(left, kind='', more=True)} at this prescription ({rule})"
    return f"it needs {sessions_words(needed - streak, more=True)} at this prescription"


# --- the decision --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[Facts, Settings], bool]
    action: Action  # what the rule does: progress, hold, regress or deload
    reason: str  # a template over the words of describe_facts, plus {change}


def _comeback_step(f: Facts, settings: Settings) -> bool:
    return f.away is not None and f.away >= settings["comeback_step_back_days"] and not f.welcomed


# First match wins; each rule reads (facts, settings). The reasons are what the person reads on the Today page.
RULES: tuple[Rule, ...] = (
    Rule(
        "red_flag",
        lambda f, s: bool(f.day.red_flags),
        Action.HOLD,
        "Stop: you ticked {red_flags} today. Do no exercise today and seek urgent medical care "
        "(see the message at the top).",
    ),
    Rule(
        "deload_week",
        lambda f, s: f.day.deload_week and not f.deloaded and not f.lead and f.deload_cut[1] is not None,
        Action.DELOAD,
        "Deload week (week {week} of your programme): {change} for this week, so the gains can settle; "
        "nothing rises this week and the usual prescription comes back after it.",
    ),
    # One episode, one step back; a red session logged after that step back is news, for red_session.
    Rule(
        "flare_answered",
        lambda f, s: f.day.flare is not None and f.flare_answered and f.red is None,
        Action.HOLD,
        "Flare-up flagged {flare_words}: you already stepped back on {stepped_back:%a %d %b} for this episode. "
        "Hold here and lead with the decompression and breathing positions.",
    ),
    # The positions the day leads with are not cut back by the flare-up (only by a red session of their own).
    Rule(
        "flare_lead",
        lambda f, s: f.day.flare is not None and f.lead and f.red is None,
        Action.HOLD,
        "Flare-up flagged {flare_words}: this is one of today's lead positions; keep it as it is and stay "
        "comfortable. Gentle movement is safe, and rest is fine too.",
    ),
    Rule(
        "flare_up",
        lambda f, s: f.day.flare is not None and not f.lead and not f.flare_answered,
        Action.REGRESS,
        "Flare-up flagged {flare_words}: {change}. Lead with the decompression and breathing positions.",
    ),
    Rule("red_session", lambda f, s: f.red is not None, Action.REGRESS, "{red_subject} was red ({red_why}): {change}."),
    Rule(
        "red_answered",
        lambda f, s: f.red_answered,
        Action.HOLD,
        "Your last session of this was red ({light_why}) and you have stepped back since: "
        "hold here until a green session.",
    ),
    Rule(
        "misses",
        lambda f, s: f.misses >= MISSES_TO_STEP_BACK,
        Action.REGRESS,
        "{misses_word} sessions cut short or below the prescription: one step back to rebuild ({change}).",
    ),
    Rule(
        "comeback_step_back",
        _comeback_step,
        Action.REGRESS,
        "Welcome back: {away} days since your last session of this, so one step back to start again gently "
        "({change}); the count toward a step up starts fresh.",
    ),
    Rule(
        "comeback",
        lambda f, s: f.away is not None and f.away >= s["comeback_hold_days"],
        Action.HOLD,
        "Welcome back: {away} days since your last session of this. {needed_word} sessions at this level first; "
        "the count toward a step up starts fresh.",
    ),
    Rule(
        "deload_taken",
        lambda f, s: f.day.deload_week and f.deloaded,
        Action.HOLD,
        "Deload week (week {week} of your programme): you already took the lighter prescription; "
        "nothing rises this week.",
    ),
    Rule(
        "deload_lead",
        lambda f, s: f.day.deload_week and f.lead,
        Action.HOLD,
        "Deload week (week {week} of your programme): breathing and decompression positions are never cut; "
        "keep it as it is. Nothing rises this week.",
    ),
    Rule(
        "deload_nothing",
        lambda f, s: f.day.deload_week,
        Action.HOLD,
        "Deload week (week {week} of your programme): nothing here can be cut without going below its floor; "
        "hold, and nothing rises this week.",
    ),
    Rule(
        "no_checkin",
        lambda f, s: not f.day.checked_in,
        Action.HOLD,
        "Holding today: you have not checked in yet. The suggestion waits for this morning's check-in "
        "(it takes under 30 seconds).",
    ),
    Rule(
        "context",
        lambda f, s: bool(f.day.holds),
        Action.HOLD,
        "Holding today: {holds}. Progressions wait for a day when your back, sleep, stress and sitting are "
        "back to your usual.",
    ),
    Rule(
        "step_up",
        lambda f, s: f.ready,
        Action.PROGRESS,
        "{run_words} in a row at this prescription, each answered by the next morning, and a clear check-in "
        "today: {change}.",
    ),
    Rule("not_yet", lambda f, s: True, Action.HOLD, "Holding for now: {missing}."),
)


def describe_change(
    current: PrescriptionLike,
    proposed: PrescriptionLike,
    variable: str | None,
    load_unit: str = "kg",
    action: str = Action.PROGRESS,
    exercise: ExerciseDef | None = None,
) -> str:
    """Return the change in words (lib.plain): "hold 20 s → 25 s", a level by its meaning, or the variant move."""
    if variable is None:
        return "keep it as it is"
    current, proposed = Prescription.of(current), Prescription.of(proposed)
    if variable == "variant":
        if action == Action.PROGRESS:
            return f"move on to {proposed.variant} ({current.variant} → {proposed.variant}), from the start values"
        values = plain.prescription_words(
            Prescription(proposed.variables), exercise, load_unit
        )  # the variant named once
        return f"one step back to {proposed.variant} ({current.variant} → {proposed.variant}, {values})"
    return plain.change_text(
        variable,
        float(current.variables[variable]),
        float(proposed.variables[variable]),
        load_unit,
        action,
        exercise,
    )


def join_words(items: Sequence[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b and c"; [] -> ""."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def latest_raise(accepted: Sequence[AcceptedChange], day: date) -> AcceptedChange | None:
    """The latest accepted raise up to `day` not yet undone: each step back undoes one raise, newest first."""
    stack: list[AcceptedChange] = []
    for a in accepted:
        if a.day > day:
            continue
        if a.action == Action.PROGRESS:
            stack.append(a)
        elif a.action == Action.REGRESS and stack:
            stack.pop()
    return stack[-1] if stack else None


def last_raised(accepted: Sequence[AcceptedChange], day: date) -> str | None:
    """The variable of latest_raise ("variant" for a variant change), or None."""
    found = latest_raise(accepted, day)
    return found.variable if found else None


def _light_why(d: SessionDay) -> str:
    parts = [f"pain {d.pain} during" if d.pain is not None else "pain during not recorded"]
    if d.cut_short:
        parts.append("not completed")
    if d.delta is not None:
        parts.append(f"next morning {d.delta:+g} against your baseline")
    elif d.answer != "settled":
        parts.append("next morning " + ("not in yet" if d.answer == "pending" else "unknown"))
    return ", ".join(parts)


def decide(
    e: ExerciseDef,
    current: PrescriptionLike,
    logs: Sequence[LoggedExercise],
    checkins: Mapping[date, CheckinSignal],
    accepted: Sequence[AcceptedChange],
    settings: Settings,
    day: date,
    programme_start: date | None = None,
    facts_of_day: DayFacts | None = None,
    usual: PrescriptionLike | None = None,
    supported: Sequence[str] = (),
) -> Suggestion:
    """Return the one suggestion for exercise `e` on `day`. Pure: reads only its arguments.

    `logs` and `accepted` are this exercise's, oldest first; `checkins` are keyed by date
    (the last USUAL_CHECKINS before D, D itself, and around each recent session); `settings`
    holds every key of lib.settings; `facts_of_day` (day_facts) may be shared by every
    exercise of the day; `usual` is the permanent prescription behind a deload week's
    (default: the one the latest deload replaced); `supported` names the active positions a
    flare-up day leads with, offered when nothing is left to step back. Exactly one thing changes, by one step,
    within floor and cap.
    """
    current = Prescription.of(current)
    unit = settings["units"]
    f = gather_facts(e, current, logs, checkins, accepted, settings, day, programme_start, facts_of_day)
    rule = next(r for r in RULES if r.applies(f, settings))
    proposed, variable, until, returns = current, None, None, None
    deload_end = week_start(day, programme_start) + timedelta(days=6) if programme_start else day
    if rule.action == Action.PROGRESS:
        proposed, variable = step_up(e, current, unit)
    elif rule.action == Action.REGRESS:
        undo = latest_raise(accepted, day)
        proposed, variable = step_down(e, current, undo, unit)
        if f.day.deload_week and f.deloaded:
            # Answered this week from the deloaded values; the week's end brings back one step lower.
            until = deload_end
            base = usual or next((a.before for a in reversed(accepted) if a.action == Action.DELOAD and a.before), None)
            if base is not None:
                returns, _ = step_down(e, base, undo, unit)
    elif rule.action == Action.DELOAD:
        proposed, variable = f.deload_cut
        until = deload_end
    flare_words = ""
    if f.day.flare is not None:
        flare_words = (
            f"on {f.day.flare:%a %d %b}"
            if f.day.episode in (None, f.day.flare)
            else f"since {f.day.episode:%a %d %b} (one episode)"
        )
    run = f.streak
    values = {
        "week": f.day.week,
        "flare_words": flare_words,
        "stepped_back": f.stepped_back,
        "red_flags": join_words(f.day.red_flags),
        "holds": join_words(f.day.holds),
        "missing": f.missing,
        "red_subject": (
            "Your last session of this" if f.red is f.latest else f"Your session of this on {f.red.day:%a %d %b}"
        )
        if f.red
        else "",
        "red_why": _light_why(f.red) if f.red else "",
        "light_why": _light_why(f.latest) if f.latest else "",
        "misses_word": NUMBER_WORDS.get(f.misses, str(f.misses)),
        "away": f.away,
        "needed_word": NUMBER_WORDS.get(settings["sessions_to_progress"], str(settings["sessions_to_progress"])),
        "run_words": (
            sessions_words(run, kind="").capitalize() + " (green or settled amber)"
            if f.amber_in_run
            else sessions_words(run).capitalize()
        ),
        "change": describe_change(current, proposed, variable, unit, rule.action, e),
    }
    action, reason = rule.action, rule.reason.format(**values)
    if variable is None and rule.action == Action.PROGRESS:
        action, reason = (
            Action.HOLD,
            (
                f"{values['run_words']} in a row, and every variable is at its cap in the last "
                "variant: this one is mastered. Keep it as it is."
            ),
        )
    elif variable is None and rule.action == Action.REGRESS:
        action, reason = (
            Action.HOLD,
            (
                reason.split(":")[0] + ": it is already at its easiest, and there is no easier "
                "variant. Hold, and rest in the supported positions instead: "
                + (f"{join_words(supported)}." if supported else "breathing and decompression.")
            ),
        )
    if action in (Action.PROGRESS, Action.HOLD) and rule.name in ("step_up", "not_yet"):
        extra = [f"{join_words(f.day.unknown)} not answered today, so not counted as aligned"] if f.day.unknown else []
        for sentence in extra + f.day.notes:
            reason += f" {sentence[0].upper()}{sentence[1:]}."
    answer = f.latest.answer if f.latest else None
    return Suggestion(
        exercise=e.name,
        action=action,
        variable=variable,
        current=current,
        proposed=proposed,
        reason=reason,
        rule=rule.name,
        light=f.light,
        until=until,
        returns=returns,
        answer=answer,
    )


# --- the temporary prescription of a deload week -------------------------------------------------------------


def in_force(
    permanent: PrescriptionLike,
    temporary: PrescriptionLike | None,
    temporary_from: date | None,
    settings: Settings,
    day: date,
    programme_start: date | None,
) -> Prescription:
    """The prescription that applies on `day`: a deload-week version only within its own deload week.

    When the week ends, deloads are switched off or the programme start moves,
    the permanent prescription (from before the deload, or one step lower if
    the week answered a red session or a flare) applies again.
    """
    if temporary is None or temporary_from is None:
        return Prescription.of(permanent)
    week = programme_week(day, programme_start)
    if is_deload_week(week, settings["deload_every_weeks"]) and programme_week(temporary_from, programme_start) == week:
        return Prescription.of(temporary)
    return Prescription.of(permanent)


@dataclass(frozen=True)
class DayStatus:
    """The day-level signals, for the banner on the Today page."""

    week: int
    deload_week: bool
    flare: date | None
    holds: list[str]
    red_flags: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)


def day_status(
    checkins: Mapping[date, CheckinSignal], settings: Settings, day: date, programme_start: date | None
) -> DayStatus:
    """Return the programme week, whether it is a deload week, any flare-up, the holds and any red flags."""
    f = day_facts(checkins, settings, day, programme_start)
    return DayStatus(f.week, f.deload_week, f.flare, f.holds, f.red_flags, f.notes)


# --- deciding from a day's pre-read inputs (lib.coach reads them through the store) --------


def decide_from(inputs, name: str) -> Suggestion:
    """Decide one exercise from pre-read EngineInputs (see lib.store.engine). Pure."""
    return decide(
        inputs.library[name],
        inputs.prescriptions[name],
        inputs.logs[name],
        inputs.checkins,
        inputs.accepted[name],
        inputs.settings,
        inputs.day,
        inputs.programme_start,
        inputs.day_facts,
        inputs.usual.get(name) if inputs.usual else None,
        [n for n, e in inputs.library.items() if e.active and e.leads_flare_day],
    )
