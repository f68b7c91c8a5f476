"""Properties of the progression engine over random histories (hypothesis).

Each example is one exercise (from the default library or a small hand-made
one) with a prescription on its grid, up to five logged sessions, a month of
check-ins with gaps and the odd bad night or flare-up, a few accepted changes
and a programme start. The signals the properties rest on (lights, deload
week, flare-up, context) are worked out here again from the issue's
definitions, independently of lib/progression.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from statistics import median

from hypothesis import given, settings
from hypothesis import strategies as st

from lib import settings as poise_settings
from lib.exercises import LIBRARY
from lib.models import ExerciseDef
from lib.models import VariableRule as V
from lib.progression import (
    AcceptedChange,
    CheckinSignal,
    LoggedExercise,
    Suggestion,
    decide,
    step_down,
    step_up,
    value_down,
    value_up,
)

D = date(2025, 3, 12)
DEFAULTS = poise_settings.defaults()
EXAMPLES = settings(max_examples=200, deadline=None)

EXERCISES = (
    *LIBRARY,
    ExerciseDef("Ruck walk", "walking", ("Easy pace.",), (V("distance_m", 1000, 100, 200, 5000, "m"),)),
    ExerciseDef(
        "Dead hang",
        "strength",
        ("Shoulders packed.",),
        (V("duration_min", 2, 1, 1, 5, "min"), V("hold_s", 20, 5, 10, 40, "s"), V("sets", 1, 1, 1, 3)),
        ("Feet on the floor", "Feet on a box", "Free"),
    ),
)


def grid(rule: V) -> list[float]:
    """Every value a prescription of `rule` can take: floor, floor + step, …, and the cap itself."""
    values, v = [], rule.floor
    while v < rule.cap:
        values.append(round(v, 6))
        v += rule.step
    return [*values, rule.cap]


def prescription_strategy(e: ExerciseDef) -> st.SearchStrategy[dict]:
    """Prescriptions of `e` on its grid, in any of its variants."""
    values = {r.variable: st.sampled_from(grid(r)) for r in e.variables}
    values["variant"] = st.sampled_from(e.variants) if e.variants else st.none()
    return st.fixed_dictionaries(values)


# Built once: strategies made inside a composite are validated again on every draw.
PRESCRIPTIONS = {e.name: prescription_strategy(e) for e in EXERCISES}
# What an accepted change changed: a variable, or (for an exercise with a chain) the variant.
VARIABLES = {
    e.name: st.sampled_from([r.variable for r in e.variables] + (["variant"] if e.variants else [])) for e in EXERCISES
}
SESSION_PAIN = st.sampled_from((0, 1, 1, 2, 2, 2, 3, 5, 6, 8))
COMPLETED = st.sampled_from((True,) * 9 + (False,))
LOG_DAYS = st.sets(st.integers(0, 12), min_size=1, max_size=5)
CHANGES = st.lists(st.tuples(st.integers(0, 30), st.sampled_from(("progress", "regress", "deload"))), max_size=3)
DELOAD_EVERY = st.sampled_from((0, 3, 4, 4))
STARTS = st.one_of(st.none(), st.integers(0, 70).map(lambda n: D - timedelta(days=n)))


# What can be wrong with a morning (each holds progressions, or flags a flare-up), drawn sparsely so that
# most days are unremarkable and every rule, progress too, is reached now and then.
TROUBLES = {
    "short sleep": {"sleep_hours": 5.5},
    "very short sleep": {"sleep_hours": 4.0},
    "just enough sleep": {"sleep_hours": 6.0},
    "poor sleep": {"sleep_quality": 3},
    "fair sleep": {"sleep_quality": 4},
    "stress": {"stress": 7},
    "some stress": {"stress": 6},
    "travel": {"travel": True},
    "desk day": {"sitting_hours": 8.0},
    "long-ish desk day": {"sitting_hours": 7.5},
    "flare-up": {"flare_up": True},
    "very long desk day": {"sitting_hours": 11.0},
    "high stress": {"stress": 10},
    "sleep unanswered": {"sleep_hours": None},
    "stress unanswered": {"stress": None},
    "sitting unanswered": {"sitting_hours": None},
    "red flag": {"red_flags": ("night_pain",)},
}
SPAN = 20  # check-ins D−19 … D: both weeks, and the baseline and next morning of every session
# One digit per morning (base 5, so one draw holds them all and shrinks towards "every morning at the base"):
# 0 … 2 the base pain, 3 one point above it, 4 no check-in.
MORNING_DIGITS = 5


BASE_PAIN = st.integers(0, 4)
PATTERN = st.integers(0, MORNING_DIGITS**SPAN - 1)
WEEK_RISE = st.sampled_from((0, 0, 0, 1))  # sometimes a week-over-week rise
TODAY_MISSING = st.sampled_from((False,) * 5 + (True,))
TROUBLE_LIST = st.lists(
    st.tuples(st.one_of(st.integers(0, 2), st.integers(0, SPAN - 1)), st.sampled_from(sorted(TROUBLES))), max_size=3
)


@st.composite
def mornings(draw) -> dict[date, CheckinSignal]:
    base, pattern, rise = draw(BASE_PAIN), draw(PATTERN), draw(WEEK_RISE)
    out = {}
    for n in range(SPAN):
        digit = pattern // MORNING_DIGITS**n % MORNING_DIGITS
        if digit < 4:
            out[D - timedelta(days=n)] = CheckinSignal(base + (digit == 3) + (rise if n < 7 else 0))
    if draw(TODAY_MISSING):
        out.pop(D, None)
    else:
        out.setdefault(D, CheckinSignal(base + rise))
    for n, trouble in draw(TROUBLE_LIST):
        day = D - timedelta(days=n)
        if day in out:
            out[day] = replace(out[day], **TROUBLES[trouble])
    return out


@dataclass(frozen=True)
class History:
    exercise: ExerciseDef
    current: dict
    logs: list[LoggedExercise]
    checkins: dict[date, CheckinSignal]
    accepted: list[AcceptedChange]
    settings: dict
    start: date | None

    def decide(self) -> Suggestion:
        return decide(
            self.exercise,
            dict(self.current),
            list(self.logs),
            dict(self.checkins),
            list(self.accepted),
            self.settings,
            D,
            self.start,
        )


ANY_EXERCISE = st.sampled_from(EXERCISES)
LEAD_POSITIONS = st.sampled_from([e for e in EXERCISES if e.category in ("breathing", "decompression")])


@st.composite
def histories(draw, exercises: st.SearchStrategy[ExerciseDef] = ANY_EXERCISE) -> History:
    e = draw(exercises)
    current = draw(PRESCRIPTIONS[e.name])
    logs = []
    for n in sorted(draw(LOG_DAYS), reverse=True):
        # Most sessions are done as prescribed, so that the progress rule is reachable.
        done = dict(current) if draw(st.integers(0, 3)) else draw(PRESCRIPTIONS[e.name])
        variant = done.pop("variant")
        completed = draw(COMPLETED)
        pain = draw(SESSION_PAIN) if completed or draw(st.booleans()) else None  # not done: pain may be unknown
        logs.append(LoggedExercise(D - timedelta(days=n), done, pain, completed, variant))
        if draw(st.integers(0, 9)) == 0:  # now and then a second session that day
            logs.append(LoggedExercise(D - timedelta(days=n), dict(done), draw(SESSION_PAIN), True, variant))
    accepted = [
        AcceptedChange(
            D - timedelta(days=n),
            action,
            draw(VARIABLES[e.name]),
            draw(st.one_of(st.none(), PRESCRIPTIONS[e.name])),
            draw(st.one_of(st.none(), PRESCRIPTIONS[e.name])),
        )
        for n, action in sorted(draw(CHANGES), reverse=True)
    ]
    chosen = {**DEFAULTS, "deload_every_weeks": draw(DELOAD_EVERY)}
    return History(e, current, logs, draw(mornings()), accepted, chosen, draw(STARTS))


# --- the signals, worked out again here ----------------------------------------------------------------


def session_light(log: LoggedExercise) -> str:
    if log.pain_during is not None and log.pain_during > DEFAULTS["pain_ceiling"]:
        return "red"
    return "amber" if log.pain_during is None or log.pain_during >= 3 or not log.completed else "green"


def morning_light(h: History, s: date) -> str | None:
    base = [h.checkins[s - timedelta(days=i)].pain_now for i in range(7) if s - timedelta(days=i) in h.checkins]
    after = h.checkins.get(s + timedelta(days=1))
    if after is None or not base:
        return None
    delta = after.pain_now - median(base)
    return "red" if delta >= 2 else "amber" if delta >= 1 else "green"


def latest_day(h: History) -> date | None:
    return max((log.day for log in h.logs), default=None)


def latest_light(h: History) -> str | None:
    """The worst light of the newest session day (its sessions and, if in, its next morning)."""
    if not h.logs:
        return None
    newest = latest_day(h)
    lights = [session_light(log) for log in h.logs if log.day == newest] + [morning_light(h, newest)]
    return max((x for x in lights if x), key=("green", "amber", "red").index)


def red_recently(h: History) -> bool:
    """A red session day at the newest, or behind newer days still waiting for their morning (issue 12)."""
    for day in sorted({log.day for log in h.logs}, reverse=True):
        lights = [session_light(log) for log in h.logs if log.day == day] + [morning_light(h, day)]
        if "red" in lights:
            return True
        if settled(h, day):
            return False
    return False


def settled(h: History, s: date) -> bool:
    """The issue's 24-hour answer: the check-in on S+1 is in, and S+1 is not after D."""
    return s + timedelta(days=1) <= D and (s + timedelta(days=1)) in h.checkins and morning_light(h, s) is not None


def deload_week(h: History) -> bool:
    every = h.settings["deload_every_weeks"]
    if every == 0 or h.start is None or h.start > D:
        return False
    return ((D - h.start).days // 7 + 1) % every == 0


def flare_up(h: History) -> bool:
    return any(h.checkins.get(D - timedelta(days=n), CheckinSignal(0)).flare_up for n in range(3))


def usual(h: History, name: str) -> float | None:
    earlier = [h.checkins[D - timedelta(days=n)] for n in range(1, 60) if D - timedelta(days=n) in h.checkins][:28]
    known = [getattr(c, name) for c in earlier if getattr(c, name) is not None]
    return median(known) if len(known) >= 7 else None


def context_flags(h: History) -> list[str]:
    c = h.checkins.get(D)
    if c is None:
        return []
    sleep, sitting, stress = usual(h, "sleep_hours"), usual(h, "sitting_hours"), usual(h, "stress")
    flags = {
        "very short sleep": c.sleep_hours is not None and c.sleep_hours < 5,
        "short sleep": c.sleep_hours is not None
        and c.sleep_hours < 6
        and (sleep is None or sleep - c.sleep_hours >= 1.5),
        "poor sleep": c.sleep_quality is not None and c.sleep_quality <= 3,
        "stress": c.stress is not None and c.stress >= 7 and (stress is None or c.stress - stress >= 2),
        "travel": bool(c.travel),
        "long desk day": c.sitting_hours is not None
        and c.sitting_hours >= 8
        and (sitting is None or c.sitting_hours - sitting >= 2),
    }
    return [name for name, on in flags.items() if on]


def morning_up(h: History) -> bool:
    """This morning's pain at or above the 7-day baseline (D−7 … D−1) plus the red rise."""
    base = [h.checkins[D - timedelta(days=n)].pain_now for n in range(1, 8) if D - timedelta(days=n) in h.checkins]
    return D in h.checkins and bool(base) and h.checkins[D].pain_now - median(base) >= 2


def week_over_week_rise(h: History) -> bool:
    def pains(first: int) -> list[int]:
        days = (D - timedelta(days=n) for n in range(first, first + 7))
        return [h.checkins[d].pain_now for d in days if d in h.checkins]

    this, last = pains(0), pains(7)
    return len(this) >= 3 and len(last) >= 3 and median(this) - median(last) >= 1


def numbers(prescription: dict) -> dict:
    return {k: v for k, v in prescription.items() if k != "variant"}


# --- properties --------------------------------------------------------------------------------------------------


@EXAMPLES
@given(histories())
def test_at_most_one_variable_changes_and_a_move_on_restarts_from_the_start_values(h):
    # Issue 12: a step back to the previous variant returns to the values held there (not the start values).
    s = h.decide()
    changed = {k for k in s.current.keys() | s.proposed.keys() if s.proposed.get(k) != s.current.get(k)}
    if s.variable is None:
        assert changed == set(), s.reason
    elif s.variable == "variant" and s.action == "regress":
        assert "variant" in changed
    elif s.variable == "variant":
        assert "variant" in changed
        assert numbers(s.proposed) == {r.variable: r.start for r in h.exercise.variables}
    else:
        assert changed == {s.variable}, s.reason


@EXAMPLES
@given(histories())
def test_every_proposed_value_stays_within_its_floor_and_cap(h):
    s = h.decide()
    for rule in h.exercise.variables:
        assert rule.floor <= s.proposed[rule.variable] <= rule.cap, (rule, s.proposed)
    assert s.proposed.get("variant") in (h.exercise.variants or (None,))


@EXAMPLES
@given(histories())
def test_never_progress_unless_the_latest_day_is_settled_and_not_red_and_the_day_is_clear(h):
    # Issue 12 replaces "only after a green session": a settled amber counts too (with one more session).
    s = h.decide()
    if s.action != "progress":
        return
    assert latest_light(h) in ("green", "amber"), s.reason
    assert settled(h, latest_day(h)), s.reason  # never on a pending or unknown answer
    assert not h.checkins[D].red_flags, s.reason
    assert not morning_up(h), s.reason
    assert not deload_week(h), s.reason
    assert not flare_up(h), s.reason
    assert context_flags(h) == [], s.reason
    assert not week_over_week_rise(h), s.reason


@EXAMPLES
@given(histories())
def test_a_red_flag_day_suggests_no_change_at_all(h):
    if D not in h.checkins:
        return
    h = replace(h, checkins={**h.checkins, D: replace(h.checkins[D], red_flags=("fall_injury",))})
    s = h.decide()
    assert (s.action, s.proposed, s.rule) == ("hold", s.current, "red_flag")


@EXAMPLES
@given(histories())
def test_no_step_back_ever_raises_a_variable(h):
    s = h.decide()
    if s.action != "regress":
        return
    if s.variable == "variant":
        variants = h.exercise.variants
        assert variants.index(s.proposed["variant"]) < variants.index(s.current["variant"]), s.reason
        return
    assert s.proposed.get("variant") == s.current.get("variant")
    for variable, value in numbers(s.proposed).items():
        assert value <= s.current[variable], (variable, s.current, s.proposed)


@EXAMPLES
@given(histories(), st.sampled_from(("kg", "lb")))
def test_a_step_up_followed_by_a_step_back_returns_exactly(h, unit):
    current = dict(h.current)
    raised, variable = step_up(h.exercise, current, unit)
    if variable is None:
        return
    change = AcceptedChange(D, "progress", variable, current, raised)
    back, undone = step_down(h.exercise, raised, change, unit)
    assert (back, undone) == (current, variable)


@EXAMPLES
@given(st.sampled_from([e for e in EXERCISES if any(r.step_percent for r in e.variables)]), st.data())
def test_percentage_steps_are_reversible_on_their_grid_without_any_record(e, data):
    rule = next(r for r in e.variables if r.step_percent)
    value = data.draw(st.sampled_from(grid(rule)))
    up = value_up(rule, value)
    if up < rule.cap:  # a capped raise is undone from its record, not from the grid
        assert value_down(rule, up) == value


@EXAMPLES
@given(histories())
def test_a_deload_is_never_applied_twice_in_one_week(h):
    if not deload_week(h):
        return
    week_first = h.start + timedelta(days=7 * ((D - h.start).days // 7))
    h = replace(h, accepted=[*h.accepted, AcceptedChange(week_first, "deload", "sets")])
    assert h.decide().action != "deload"


@EXAMPLES
@given(histories())
def test_a_deload_never_raises_anything(h):
    s = h.decide()
    if s.action != "deload":
        return
    assert s.proposed.get("variant") == s.current.get("variant")
    for variable, value in numbers(s.proposed).items():
        assert value <= s.current[variable], (variable, s.current, s.proposed)


@EXAMPLES
@given(histories())
def test_a_step_back_only_lowers_and_a_step_up_only_raises(h):
    s = h.decide()
    if s.variable in (None, "variant"):
        return
    before, after = s.current[s.variable], s.proposed[s.variable]
    if s.action == "progress":
        assert after > before
    else:
        assert after < before, s.reason


@settings(max_examples=50, deadline=None)
@given(histories())
def test_deciding_leaves_its_inputs_untouched(h):
    before = (dict(h.current), list(h.logs), dict(h.checkins), list(h.accepted))
    h.decide()
    assert (h.current, h.logs, h.checkins, h.accepted) == before


@EXAMPLES
@given(histories(LEAD_POSITIONS), st.integers(0, 2))
def test_on_a_flare_day_a_breathing_or_decompression_position_holds_unless_its_own_last_session_was_red(h, back):
    flagged = D - timedelta(days=back)
    h = replace(h, checkins={**h.checkins, flagged: replace(h.checkins.get(flagged, CheckinSignal(2)), flare_up=True)})
    s = h.decide()
    if deload_week(h) or red_recently(h):
        return
    assert (s.action, s.variable, s.proposed) == ("hold", None, s.current), s.reason
