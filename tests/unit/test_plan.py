"""Today's plan: one transition drill, the day kept within its minutes, and one way to plan a day for every page.

The library's prescriptions are taken at three stages of a programme: the start
values, every variable one step below its cap ("near cap"), and every variable
at its cap. Day numbers are odd and even, since they alternate the transition
drill (Sit-to-stand 0.7 min at the start, Floor-to-stand 0.5 min).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import plan, settings
from lib.engine_inputs import EngineInputs
from lib.exercises import LIBRARY
from lib.progression import CheckinSignal

D = date(2025, 3, 12)
DEFAULTS = settings.defaults()
BY_NAME = {e.name: e for e in LIBRARY}
FOCI = ("control", "mobility", "strength", "decompression")
MIN, MAX = DEFAULTS["daily_minutes_min"], DEFAULTS["daily_minutes_max"]


def steps_below_cap(k: int) -> dict[str, dict]:
    """Every exercise with every variable k steps below its cap (never below its floor)."""
    return {
        e.name: {
            **{r.variable: max(r.floor, r.cap - k * r.step) for r in e.variables},
            "variant": e.variants[-1] if e.variants else None,
        }
        for e in LIBRARY
    }


STAGES = {
    "start": {e.name: e.start_prescription() for e in LIBRARY},
    "near cap": steps_below_cap(1),
    "at cap": steps_below_cap(0),
}
PLANS = [
    pytest.param(stage, focus, day_number, id=f"{stage}, {focus}, day {day_number}")
    for stage in STAGES
    for focus in FOCI
    for day_number in (0, 1, 7, 738_000)
]


def make_plan(stage: str, focus: str, day_number: int) -> plan.Plan:
    return plan.plan_day(BY_NAME, STAGES[stage], focus, MIN, MAX, day_number)


def category(item: plan.PlannedExercise) -> str:
    return BY_NAME[item.name].category


# --- one transition drill ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("stage", "focus", "day_number"), PLANS)
def test_every_day_has_exactly_one_transition_drill_and_it_closes_the_day(stage, focus, day_number):
    day_plan = make_plan(stage, focus, day_number)
    transitions = [p for p in day_plan.exercises if category(p) == "transition"]
    assert [p.role for p in transitions] == ["transition"], [(p.name, p.role) for p in day_plan.exercises]
    assert day_plan.exercises[-1] == transitions[0]


def test_a_short_mobility_day_is_topped_up_with_anchors_but_not_with_sit_to_stand_next_to_floor_to_stand():
    # At the start values a mobility day comes to 7.2 min before the top-up; Sit-to-stand (an anchor)
    # used to join as "focus" next to Floor-to-stand, the day's transition drill.
    day_plan = make_plan("start", "mobility", 1)
    assert [(p.name, p.role) for p in day_plan.exercises] == [
        ("Diaphragmatic breathing", "opener"),
        ("Cat-camel", "focus"),
        ("Prone press-up", "focus"),
        ("Open book", "focus"),
        ("Supported 90/90 rest", "focus"),
        ("Bird dog", "focus"),
        ("Floor-to-stand", "transition"),
    ]
    assert day_plan.minutes == pytest.approx(9.7)


def test_walking_is_never_added_to_top_up_a_short_day():
    for stage, focus, day_number in ((s, f, n) for s in STAGES for f in FOCI for n in (0, 1)):
        assert "Walking" not in [p.name for p in make_plan(stage, focus, day_number).exercises]


# --- the 12-minute budget ----------------------------------------------------------------------------------------


def focus_candidates(stage: str, focus: str) -> dict[str, float]:
    """The day's focus exercises (not its opener) with their minutes, worked out from the library."""
    openers = {"decompression": "Supported 90/90 rest"}
    opener = openers.get(focus, "Diaphragmatic breathing")
    return {
        e.name: plan.estimate_minutes(STAGES[stage][e.name])
        for e in LIBRARY
        if e.category in plan.FOCUS_CATEGORIES[focus] and e.name != opener
    }


@pytest.mark.parametrize(("stage", "focus", "day_number"), PLANS)
def test_the_day_stays_within_twelve_minutes_whenever_one_focus_exercise_fits(stage, focus, day_number):
    day_plan = make_plan(stage, focus, day_number)
    fixed = sum(p.minutes for p in day_plan.exercises if p.role != "focus")
    candidates = focus_candidates(stage, focus)
    focus_items = [p for p in day_plan.exercises if p.role == "focus"]
    assert focus_items, "the day keeps a focus exercise"
    if fixed + min(candidates.values()) <= MAX:
        assert day_plan.minutes <= MAX + 1e-9, [(p.name, p.minutes) for p in day_plan.exercises]
    else:  # nothing fits: the single shortest focus exercise, and nothing else
        assert [p.name for p in focus_items] == [min(candidates, key=candidates.get)]


@pytest.mark.parametrize(
    ("day_number", "focus_names", "minutes"),
    [
        # Breathing 5 min + Sit-to-stand 1.9 min leave 5.1 min: nothing fits, so the shortest (Hip hinge
        # 6.1 min) rather than the anchor Bird dog (10.8 min, a 17.7-minute day).
        pytest.param(0, ["Hip hinge"], 13.0, id="even day: no control exercise fits -> the shortest, Hip hinge"),
        # Floor-to-stand 0.7 min leaves 6.3 min: Hip hinge fits, the day stays at 11.8 min.
        pytest.param(1, ["Hip hinge"], 11.8, id="odd day: Hip hinge fits next to Floor-to-stand -> 11.8 min"),
    ],
)
def test_a_control_day_at_the_caps_takes_a_control_exercise_that_fits_not_the_long_anchor(
    day_number, focus_names, minutes
):
    day_plan = make_plan("at cap", "control", day_number)
    assert [p.name for p in day_plan.exercises if p.role == "focus"] == focus_names
    assert "Bird dog" not in [p.name for p in day_plan.exercises]
    assert day_plan.minutes == pytest.approx(minutes)


def test_a_strength_day_at_the_caps_skips_the_long_glute_bridge_for_the_side_plank():
    # Glute bridge at its caps takes 11.8 min on its own; Side plank (3 × 45 s) takes 3.6.
    day_plan = make_plan("at cap", "strength", 1)
    assert [p.name for p in day_plan.exercises if p.role == "focus"] == ["Side plank"]
    assert day_plan.minutes == pytest.approx(9.3)


# --- one way to plan a day, for every page ---------------------------------------------------------------------


def inputs_for(checkins: dict[date, CheckinSignal], day: date = D) -> EngineInputs:
    return EngineInputs(
        day=day,
        library=BY_NAME,
        prescriptions=STAGES["start"],
        logs={},
        accepted={},
        checkins=checkins,
        settings=DEFAULTS,
        programme_start=None,
    )


CALM = {D - timedelta(days=n): CheckinSignal(2) for n in range(14)}


@pytest.mark.parametrize(
    ("flare_days_ago", "last_focus", "expected"),
    [
        pytest.param(None, "control", "mobility", id="no flare-up, control last -> mobility"),
        pytest.param(None, None, "control", id="no flare-up, nothing logged -> control"),
        pytest.param(0, "control", "decompression", id="flare-up this morning -> decompression"),
        pytest.param(2, "mobility", "decompression", id="flare-up two days ago, in the look-back -> decompression"),
        pytest.param(3, "mobility", "strength", id="flare-up three days ago, outside the look-back -> strength"),
    ],
)
def test_plan_for_turns_a_flare_day_into_a_decompression_day(flare_days_ago, last_focus, expected):
    checkins = dict(CALM)
    if flare_days_ago is not None:
        day = D - timedelta(days=flare_days_ago)
        checkins[day] = CheckinSignal(2, flare_up=True)
    assert plan.plan_for(inputs_for(checkins), last_focus).focus == expected


def test_plan_for_is_plan_day_with_the_days_settings_and_its_ordinal():
    for day in (D, D + timedelta(days=1)):
        expected = plan.plan_day(BY_NAME, STAGES["start"], "mobility", MIN, MAX, day.toordinal())
        assert plan.plan_for(inputs_for(CALM, day), "control") == expected


# --- minutes in words --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        pytest.param(0.5, "under a minute", id="0.5 min -> under a minute, not about 0 min"),
        pytest.param(0.7, "under a minute", id="0.7 min -> under a minute"),
        pytest.param(1.0, "about 1 minute", id="1 min -> about 1 minute"),
        pytest.param(1.4, "about 1 minute", id="1.4 min -> about 1 minute"),
        pytest.param(2.5, "about 3 minutes", id="2.5 min -> about 3 minutes (half rounds up)"),
        pytest.param(9.7, "about 10 minutes", id="9.7 min -> about 10 minutes"),
    ],
)
def test_minutes_read_as_words(minutes, words):
    assert plan.minutes_words(minutes) == words
