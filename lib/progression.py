"""The progression engine: pure functions, plain values in, a Suggestion out, no I/O.

A prescription is a dict {variable: value, ..., "variant": name or None}.
Exactly one variable ever changes, by one step, never past its floor or cap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from lib import units
from lib.models import ExerciseDef, VariableRule

VOLUME_ORDER = ("sets", "hold_s", "duration_min", "distance_m")  # what a deload cuts, first found


def step_size(rule: VariableRule, value: float) -> float:
    """Return one step of `rule` from `value`: its fixed step, or a percentage rounded to the step."""
    if rule.step_percent is None:
        return rule.step
    return max(rule.step, round(value * rule.step_percent / 100 / rule.step) * rule.step)


def _snap(rule: VariableRule, value: float) -> float:
    """Round to the rule's grid (avoids 0.1 + 0.2 drift) and keep floor <= value <= cap."""
    value = round(value, 6)
    return float(min(rule.cap, max(rule.floor, value)))


def step_up(e: ExerciseDef, current: dict) -> tuple[dict, str | None]:
    """Raise the first variable in progression order that is below its cap by one step.

    Every variable at its cap: the next variant with every variable back at its
    start (variable "variant"). Nothing left: (current, None).
    """
    for rule in e.variables:
        value = current.get(rule.variable, rule.start)
        if value < rule.cap:
            return {**current, rule.variable: _snap(rule, value + step_size(rule, value))}, rule.variable
    variants = e.variants
    variant = current.get("variant")
    if variant in variants and variants.index(variant) + 1 < len(variants):
        fresh = {r.variable: r.start for r in e.variables}
        return {**fresh, "variant": variants[variants.index(variant) + 1]}, "variant"
    return dict(current), None


def step_down(e: ExerciseDef, current: dict, last_raised: str | None = None) -> tuple[dict, str | None]:
    """Lower one variable by one step: `last_raised` if it can go down, else the first above its floor.

    `last_raised` "variant" (the latest accepted raise moved on to this variant): back to the
    previous variant, at its start values. Every variable at its floor: the previous variant
    (start values) too. Nothing left: (current, None).
    """
    variants = e.variants
    variant = current.get("variant")
    can_go_back = variant in variants and variants.index(variant) > 0

    def previous_variant() -> tuple[dict, str]:
        fresh = {r.variable: r.start for r in e.variables}
        return {**fresh, "variant": variants[variants.index(variant) - 1]}, "variant"

    if last_raised == "variant" and can_go_back:
        return previous_variant()
    rules = e.rules
    order = ([rules[last_raised]] if last_raised in rules else []) + list(e.variables)
    for rule in order:
        value = current.get(rule.variable, rule.start)
        if value > rule.floor:
            # Down by the step that would have led up to this value.
            size = step_size(rule, value / (1 + rule.step_percent / 100)) if rule.step_percent else rule.step
            return {**current, rule.variable: _snap(rule, value - size)}, rule.variable
    if can_go_back:
        return previous_variant()
    return dict(current), None


def deload(e: ExerciseDef, current: dict, factor: float) -> tuple[dict, str | None]:
    """Cut the volume variable (sets, else hold, else duration, else distance) to `factor` of it.

    Rounded to the variable's step, never below its floor; nothing rises.
    Returns (prescription, variable changed or None).
    """
    variable = next((v for v in VOLUME_ORDER if v in e.rules), None)
    if variable is None:
        return dict(current), None
    rule = e.rules[variable]
    value = current.get(variable, rule.start)
    cut = max(rule.floor, math.floor(value * factor / rule.step + 0.5) * rule.step)
    cut = min(cut, value)
    if cut == value:
        return dict(current), None
    return {**current, variable: float(cut)}, variable


# --- signals -----------------------------------------------------------------

LIGHTS = ("green", "amber", "red")  # ordered: a later light is worse
LIGHT_SYMBOLS = {"green": "● green", "amber": "▲ amber", "red": "■ red", None: "○ no sessions yet"}


@dataclass(frozen=True)
class CheckinSignal:
    """What the engine reads from one morning's check-in (defaults: an unremarkable day)."""

    pain_now: int
    sleep_hours: float | None = 7.5
    sleep_quality: int | None = 7
    stress: int | None = 3
    sitting_hours: float | None = 4.0
    travel: bool = False
    flare_up: bool = False


@dataclass(frozen=True)
class LoggedExercise:
    """One exercise as it was performed in one session."""

    day: date
    values: dict[str, float]
    pain_during: int
    completed: bool = True
    variant: str | None = None


@dataclass(frozen=True)
class AcceptedChange:
    """A prescription change the person accepted (from an earlier suggestion)."""

    day: date
    action: str  # progress | regress | deload | manual
    variable: str | None


@dataclass(frozen=True)
class Suggestion:
    exercise: str
    action: str               # progress | hold | regress | deload
    variable: str | None      # the one variable changed; "variant" for a variant change; None for hold
    current: dict[str, object]
    proposed: dict[str, object]
    reason: str
    rule: str                 # the name of the rule that decided
    light: str | None = None  # the latest session's light (green, amber, red), None if never logged
    until: date | None = None  # a deload applies up to this day (the end of its week)


def median(values: list[float]) -> float | None:
    """Return the median of `values`, or None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def worse(a: str | None, b: str | None) -> str | None:
    """Return the worse of two lights (None counts as no light)."""
    known = [x for x in (a, b) if x]
    return max(known, key=LIGHTS.index) if known else None


def session_light(log: LoggedExercise, settings: Mapping[str, object]) -> str:
    """Red above the pain ceiling; amber above green_max or not completed; else green.

    Pain is unknown (None) only on a row not completed, which is amber at least.
    """
    if log.pain_during is not None and log.pain_during > settings["pain_ceiling"]:
        return "red"
    if not log.completed or log.pain_during > settings["green_max"]:
        return "amber"
    return "green"


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


def morning_light(checkins: Mapping[date, CheckinSignal], session_day: date,
                  settings: Mapping[str, object]) -> str | None:
    """Light of the morning after `session_day`: red at +red delta, amber at +amber delta; None if unknown."""
    delta = morning_delta(checkins, session_day)
    if delta is None:
        return None
    if delta >= settings["morning_red_delta"]:
        return "red"
    return "amber" if delta >= settings["morning_amber_delta"] else "green"


def combined_light(log: LoggedExercise, checkins: Mapping[date, CheckinSignal],
                   settings: Mapping[str, object]) -> str:
    """A session's light: the worse of how it went and how the back answered next morning."""
    return worse(session_light(log, settings), morning_light(checkins, log.day, settings))


def context_flags(checkin: CheckinSignal | None, settings: Mapping[str, object]) -> list[str]:
    """Name each thing in today's check-in that holds progressions ([] when all is aligned, or no check-in).

    A missing check-in holds too, but through its own rule ("no_checkin"), worded for it.
    """
    if checkin is None:
        return []
    flags = []  # an unanswered field (None) is unknown: it never holds (the engine's second pass names it)
    if checkin.sleep_hours is not None and checkin.sleep_hours < settings["sleep_hours_min"]:
        flags.append(f"short sleep ({checkin.sleep_hours:g} h)")
    if checkin.sleep_quality is not None and checkin.sleep_quality <= settings["sleep_quality_poor"]:
        flags.append(f"poor sleep quality ({checkin.sleep_quality}/10)")
    if checkin.stress is not None and checkin.stress >= settings["stress_high"]:
        flags.append(f"high stress ({checkin.stress}/10)")
    if checkin.travel:
        flags.append("a travel day")
    if checkin.sitting_hours is not None and checkin.sitting_hours >= settings["sitting_hours_long"]:
        flags.append(f"a long desk day ({checkin.sitting_hours:g} h sitting)")
    return flags


def week_over_week_rise(checkins: Mapping[date, CheckinSignal], day: date) -> tuple[float, float] | None:
    """Return (last week's, this week's) median pain when both weeks have 4+ check-ins, else None."""
    this, last = _pains(checkins, day, 7), _pains(checkins, day - timedelta(days=7), 7)
    if len(this) < 4 or len(last) < 4:
        return None
    return median(last), median(this)


def day_holds(checkins: Mapping[date, CheckinSignal], day: date, settings: Mapping[str, object]) -> list[str]:
    """Everything that holds progressions on `day`: today's context flags and a week-over-week rise.

    A missing check-in is not listed (the page asks for the check-in itself; the no_checkin rule holds).
    """
    holds = context_flags(checkins.get(day), settings)
    weeks = week_over_week_rise(checkins, day)
    if weeks and weeks[1] - weeks[0] >= settings["week_rise_hold"]:
        holds.append(f"morning pain up from a median of {weeks[0]:g} last week to {weeks[1]:g} this week")
    return holds


def programme_week(day: date, start: date | None) -> int:
    """Week k = ⌊(D − start)/7⌋ + 1; week 1 when the programme has not started."""
    if start is None or day < start:
        return 1
    return (day - start).days // 7 + 1


def is_deload_week(week: int, every: int) -> bool:
    """Every Nth week is a deload week; N = 0 turns deloads off."""
    return every > 0 and week % every == 0


def flare_day(checkins: Mapping[date, CheckinSignal], day: date, lookback: int) -> date | None:
    """Return the latest day in D−lookback … D with a flare-up flagged, or None."""
    for back in range(lookback + 1):
        d = day - timedelta(days=back)
        if d in checkins and checkins[d].flare_up:
            return d
    return None


def at_prescription(log: LoggedExercise, prescription: Mapping[str, object], e: ExerciseDef) -> bool:
    """True if the log did at least the prescription: same or later variant, every variable >= prescribed.

    A variable left out of the log counts as done as prescribed (the page prefills it).
    """
    wanted = prescription.get("variant")
    if wanted in e.variants and (log.variant not in e.variants
                                 or e.variants.index(log.variant) < e.variants.index(wanted)):
        return False
    return all(log.values.get(v, prescription[v]) >= prescription[v] for v in e.rules if v in prescription)


# --- the decision --------------------------------------------------------------

NUMBER_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}
CHANGE_LABELS = {"sets": "sets", "reps": "reps", "hold_s": "hold", "tempo_s": "tempo", "load_kg": "load",
                 "band_level": "band level", "range_level": "range level", "support_level": "support level",
                 "duration_min": "duration", "distance_m": "distance"}
UNITS = {"hold_s": " s", "tempo_s": " s", "duration_min": " min", "distance_m": " m"}
# The categories a session opens with and a flare-up day leads with (lib.plan reads this too).
LEAD_CATEGORIES = ("breathing", "decompression")


@dataclass(frozen=True)
class Facts:
    """What the rules look at for one exercise on one day, already worked out."""

    week: int
    deload_week: bool
    deloaded_this_week: bool
    flare: date | None
    stepped_back: date | None     # the latest accepted regress, if any
    light: str | None             # the latest session's combined light
    light_why: str                # what made it that light, in words
    latest_day: date | None
    checked_in: bool              # there is a check-in on the day decided
    holds: str                    # context flags and week-over-week rise, in words ("" if none)
    ready: bool                   # the progress rule's conditions all hold
    streak: int                   # latest sessions in a row green at prescription
    missing: str                  # what progress still needs, in words
    category: str                 # the exercise's library category (breathing, control, …)

    def stepped_back_since(self, since: date | None) -> bool:
        return since is not None and self.stepped_back is not None and self.stepped_back >= since

    @property
    def red_since_step_back(self) -> bool:
        """The latest session is red and was logged on a later day than the latest step back.

        Sessions and decisions carry only a date, so the order within one day is unknown: a red
        session on the day of the step back counts as already answered by it.
        """
        return (self.light == "red" and self.stepped_back is not None and self.latest_day is not None
                and self.latest_day > self.stepped_back)

    @property
    def lead(self) -> bool:
        """A breathing or decompression position: what a flare-up day leads with."""
        return self.category in LEAD_CATEGORIES


@dataclass(frozen=True)
class Rule:
    name: str
    applies: Callable[[Facts], bool]
    action: str   # what the rule does: progress, hold, regress or deload
    reason: str   # a template over Facts' fields plus {change}


# First match wins. The reasons are what the person reads on the Today page.
RULES: tuple[Rule, ...] = (
    Rule("deload_taken", lambda f: f.deload_week and f.deloaded_this_week, "hold",
         "Deload week (week {week} of your programme): you already took the lighter prescription; "
         "nothing rises this week."),
    Rule("deload_week", lambda f: f.deload_week, "deload",
         "Deload week (week {week} of your programme): {change}, so the gains can settle; nothing rises this week."),
    # One flag, one step back; a red session logged after that step back is news, for red_session.
    Rule("flare_answered",
         lambda f: f.flare is not None and f.stepped_back_since(f.flare) and not f.red_since_step_back, "hold",
         "Flare-up flagged on {flare:%a %d %b}: you already stepped back on {stepped_back:%a %d %b}. "
         "Hold here and lead with the decompression and breathing positions."),
    # The positions the day leads with are not cut back by the flare-up (only by a red session of their own).
    Rule("flare_lead", lambda f: f.flare is not None and f.lead and f.light != "red", "hold",
         "Flare-up flagged on {flare:%a %d %b}: this is one of today's lead positions; "
         "keep it as it is and stay comfortable."),
    # Not once stepped back for this flag: reached then only by a red session since, which red_session answers.
    Rule("flare_up", lambda f: f.flare is not None and not f.lead and not f.stepped_back_since(f.flare), "regress",
         "Flare-up flagged on {flare:%a %d %b}: {change}. Lead with the decompression and breathing positions."),
    Rule("red_answered", lambda f: f.light == "red" and f.stepped_back_since(f.latest_day), "hold",
         "Your last session of this was red ({light_why}) and you have stepped back since: "
         "hold here until a green session."),
    Rule("red_session", lambda f: f.light == "red", "regress",
         "Your last session of this was red ({light_why}): {change}."),
    Rule("no_checkin", lambda f: not f.checked_in, "hold",
         "Holding today: you have not checked in yet. The suggestion waits for this morning's check-in "
         "(it takes under 30 seconds)."),
    Rule("context", lambda f: bool(f.holds), "hold",
         "Holding today because of {holds}. Progressions wait for a day when sleep, stress and sitting are aligned."),
    Rule("green_streak", lambda f: f.ready, "progress",
         "{streak_word} green sessions in a row at this prescription and a clear check-in today: {change}."),
    Rule("not_yet", lambda f: True, "hold", "Holding for now: {missing}."),
)


def describe_change(current: Mapping[str, object], proposed: Mapping[str, object], variable: str | None,
                    load_unit: str = "kg") -> str:
    """Return the change in words: "hold 20 s → 25 s", or the variant move (loads in `load_unit`)."""
    if variable is None:
        return "keep it as it is"
    if variable == "variant":
        return f"move on to {proposed['variant']} ({current.get('variant')} → {proposed['variant']}), from the start values"
    unit = f" {load_unit}" if variable in units.LOAD_VARIABLES else UNITS.get(variable, "")
    before, after = (units.show(variable, v, load_unit) for v in (current[variable], proposed[variable]))
    return f"{CHANGE_LABELS[variable]} {before:g}{unit} → {after:g}{unit}"


def green_sessions(n: int, more: bool = False) -> str:
    """2 -> "two green sessions"; (1, more) -> "one more green session" (above five, digits)."""
    word = NUMBER_WORDS[n].lower() if n in NUMBER_WORDS else str(n)
    return f"{word}{' more' if more else ''} green session{'s' if n != 1 else ''}"


def gather_facts(e: ExerciseDef, current: Mapping[str, object], logs: list[LoggedExercise],
                 checkins: Mapping[date, CheckinSignal], accepted: list[AcceptedChange],
                 settings: Mapping[str, object], day: date, programme_start: date | None) -> Facts:
    """Work out every signal the rules read, for one exercise on `day` (logs and changes oldest first)."""
    week = programme_week(day, programme_start)
    week_start = programme_start + timedelta(days=7 * (week - 1)) if programme_start else day
    logs = [log for log in logs if log.day <= day]
    latest = logs[-1] if logs else None
    light = combined_light(latest, checkins, settings) if latest else None
    regresses = [a.day for a in accepted if a.action == "regress" and a.day <= day]

    needed = settings["sessions_to_progress"]
    streak = 0
    for log in reversed(logs):
        if combined_light(log, checkins, settings) != "green" or not at_prescription(log, current, e):
            break
        streak += 1
    raised = [a.day for a in accepted if a.action == "progress" and day - timedelta(days=1) <= a.day <= day]
    in_a_row = " in a row" if needed > 1 else ""
    if raised:
        missing = f"it went up on {max(raised):%a %d %b}; give it a day to settle before the next step"
    elif streak >= needed:
        missing = ""
    elif not logs:
        missing = "log your first session of it"
    elif streak == 0:
        missing = f"it needs {green_sessions(needed)}{in_a_row} at this prescription; the last was " + (
            light if light != "green" else "below the prescription") + f" ({_light_reason(latest, checkins, settings)})"
    else:
        missing = f"it needs {green_sessions(needed - streak, more=True)} at this prescription"
    return Facts(
        week=week,
        deload_week=is_deload_week(week, settings["deload_every_weeks"]),
        deloaded_this_week=any(a.action == "deload" and week_start <= a.day <= day for a in accepted),
        flare=flare_day(checkins, day, settings["flare_lookback_days"]),
        stepped_back=max(regresses) if regresses else None,
        light=light,
        light_why=_light_reason(latest, checkins, settings) if latest else "",
        latest_day=latest.day if latest else None,
        checked_in=day in checkins,
        holds=join_words(day_holds(checkins, day, settings)),
        ready=not raised and streak >= needed,
        streak=streak,
        missing=missing,
        category=e.category,
    )


def _light_reason(log: LoggedExercise, checkins: Mapping[date, CheckinSignal], settings: Mapping[str, object]) -> str:
    parts = [f"pain {log.pain_during} during" if log.pain_during is not None else "pain during not given"]
    if not log.completed:
        parts.append("not completed")
    delta = morning_delta(checkins, log.day)
    if delta is not None:
        parts.append(f"next morning {delta:+g} against your baseline")
    return ", ".join(parts)


def join_words(items: list[str]) -> str:
    """["a"] -> "a"; ["a", "b", "c"] -> "a, b and c"; [] -> ""."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def last_raised(accepted: list[AcceptedChange], day: date) -> str | None:
    """The variable the latest accepted raise up to `day` changed ("variant" for a variant change), or None.

    A variant raise already undone by an accepted step back to the previous variant no longer
    counts: one raise, one step back (the next regress lowers a variable on that variant instead).
    """
    for a in reversed([a for a in accepted if a.day <= day]):
        if a.action == "progress":
            return a.variable
        if a.action == "regress" and a.variable == "variant":
            return None
    return None


def decide(e: ExerciseDef, current: Mapping[str, object], logs: list[LoggedExercise],
           checkins: Mapping[date, CheckinSignal], accepted: list[AcceptedChange],
           settings: Mapping[str, object], day: date, programme_start: date | None = None) -> Suggestion:
    """Return the one suggestion for exercise `e` on `day`. Pure: reads only its arguments.

    `logs` and `accepted` are this exercise's, oldest first; `checkins` are keyed by date
    (at least D−13 … D and around each recent session); `settings` holds every key of
    lib.settings. Exactly one variable changes, by one step, within floor and cap.
    """
    current = dict(current)
    facts = gather_facts(e, current, logs, checkins, accepted, settings, day, programme_start)
    rule = next(r for r in RULES if r.applies(facts))
    proposed, variable, until = dict(current), None, None
    if rule.action == "progress":
        proposed, variable = step_up(e, current)
    elif rule.action == "regress":
        proposed, variable = step_down(e, current, last_raised(accepted, day))
    elif rule.action == "deload":
        proposed, variable = deload(e, current, settings["deload_factor"])
        until = programme_start + timedelta(days=7 * facts.week - 1) if programme_start else day
    values = {**facts.__dict__, "streak_word": NUMBER_WORDS.get(facts.streak, str(facts.streak)),
              "change": describe_change(current, proposed, variable, settings["units"])}
    action, reason = rule.action, rule.reason.format(**values)
    if variable is None and rule.action == "progress":
        action, reason = "hold", (f"{values['streak_word']} green sessions in a row, and every variable is at its "
                                  "cap in the last variant: this one is mastered. Keep it as it is.")
    elif variable is None and rule.action == "regress":
        action, reason = "hold", (reason.split(":")[0] + ": it is already at its easiest. Rest in the supported "
                                  "positions instead: Supported 90/90 rest and side-lying breathing.")
    return Suggestion(exercise=e.name, action=action, variable=variable, current=current, proposed=proposed,
                      reason=reason, rule=rule.name, light=facts.light, until=until)


@dataclass(frozen=True)
class DayStatus:
    """The day-level signals, for the banner on the Today page."""

    week: int
    deload_week: bool
    flare: date | None
    holds: list[str]


def day_status(checkins: Mapping[date, CheckinSignal], settings: Mapping[str, object], day: date,
               programme_start: date | None) -> DayStatus:
    """Return the programme week, whether it is a deload week, any flare-up and the context holds."""
    week = programme_week(day, programme_start)
    return DayStatus(week, is_deload_week(week, settings["deload_every_weeks"]),
                     flare_day(checkins, day, settings["flare_lookback_days"]), day_holds(checkins, day, settings))


# --- the doors: the scripting API reads through the store, then decides purely --------

def decide_from(inputs, name: str) -> Suggestion:
    """Decide one exercise from pre-read EngineInputs (see lib.store.engine). Pure."""
    return decide(inputs.library[name], inputs.prescriptions[name], inputs.logs[name], inputs.checkins,
                  inputs.accepted[name], inputs.settings, inputs.day, inputs.programme_start)


def suggest(con, name: str, day: date) -> Suggestion:
    """Return today's suggestion for one exercise, from everything recorded up to and including `day`.

    Reads only. Raises NotFound for an unknown exercise name (case-insensitive).
    """
    from lib import store

    exercise = store.get_exercise(con, name)
    return decide_from(store.engine_inputs(con, day), exercise.name)


def suggest_all(con, day: date, names: list[str] | None = None) -> dict[str, Suggestion]:
    """Return suggestions for the active exercises (or `names`) on `day`, from one bulk read."""
    from lib import store

    inputs = store.engine_inputs(con, day, active_only=names is None)
    return {name: decide_from(inputs, name) for name in (names or inputs.library)}


def accept(con, s: Suggestion, day: date) -> None:
    """Accept a suggestion: a new prescription version effective `day` (if it changes anything), event recorded."""
    from lib import store

    store.record_decision(con, s, day, "accepted")


def decline(con, s: Suggestion, day: date) -> None:
    """Decline a suggestion: the event is recorded, the prescription stays as it is."""
    from lib import store

    store.record_decision(con, s, day, "declined")
