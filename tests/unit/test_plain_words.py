"""Plain words on paper and on screen: labels, never variable names; every number rounded."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from lib import charts, guided, logbook, plain, report, units
from lib.exercises import BY_NAME, LIBRARY
from lib.models import VARIABLES, ExerciseDef, VariableRule
from lib.progression import describe_change


@pytest.mark.parametrize(
    "variable, value, cap, words",
    [
        ("sets", 2.0, 3, "2 sets"),
        ("sets", 1.0, 3, "1 set"),
        ("reps", 8.0, 12, "8 reps"),
        ("hold_s", 20.000000001, 45, "20 s hold"),
        ("tempo_s", 2.0, 4, "lower in 2 s"),
        ("load_kg", 2.5, 10, "2.5 kg"),
        ("support_level", 1.0, 3, "support 1 of 3, most support"),
        ("range_level", 2.0, 4, "range 2 of 4, further"),
        ("band_level", 1.0, None, "band 1, lightest band"),
        ("duration_min", 12.333333, 30, "12.33 min"),
        ("distance_m", 400.0, None, "400 m"),
    ],
    ids=lambda v: str(v),
)
def test_each_value_reads_in_words(variable, value, cap, words):
    assert plain.value_words(variable, value, "kg", cap) == words


def test_a_prescription_names_only_the_variables_the_exercise_uses():
    prescription = {"variant": "On knees", "sets": 2.0, "hold_s": 20.0, "load_kg": 0.0, "tempo_s": 0.0, "reps": None}
    # One reading order whatever the progression order (issue 16): sets before hold.
    assert plain.prescription_words(prescription, {"hold_s": 45, "sets": 3}) == "On knees · 2 sets · 20 s hold"


@pytest.mark.parametrize(
    "action, variable, before, after, words",
    [
        ("progress", "hold_s", 20.0, 25.0, "Hold up one step: 20 → 25 s"),
        ("regress", "sets", 3.0, 2.0, "Sets back one step: 3 → 2"),
        ("progress", "duration_min", 10.0, 11.000000002, "Duration up one step: 10 → 11 min"),
        ("progress", "tempo_s", 2.0, 3.0, "Tempo up one step: 2 → 3 s"),
        ("progress", "load_kg", 1.0, 2.0, "Load up one step: 1 → 2 kg"),
        ("deload", "sets", 3.0, 2.0, "Sets deload (lighter week): 3 → 2"),
        ("progress", None, float("nan"), float("nan"), "One step up"),
    ],
    ids=lambda v: str(v),
)
def test_a_change_reads_with_labels_and_rounded_numbers(action, variable, before, after, words):
    assert plain.change_words(action, variable, before, after) == words


def test_a_stored_reason_with_a_variable_name_reads_with_its_label():
    assert (
        plain.words("Two green sessions in a row: hold_s up one step.")
        == "Two green sessions in a row: hold up one step."
    )
    assert plain.words("duration_min and support_level") == "duration and support"


def summary(events: pd.DataFrame, prescriptions: list) -> report.Summary:
    return report.Summary(
        start=date(2026, 10, 1),
        end=date(2026, 10, 28),
        today=date(2026, 10, 28),
        numbers=dict.fromkeys(
            ["first_pain", "last_pain", "median_sleep", "completed_share", "median_pain_during", "max_pain_during"]
        )
        | {
            "checkins": 20,
            "flare_days": 0,
            "sessions": 9,
            "practice_days": 9,
            "minutes": 90,
            "load": 400.4444,
            "exercises_done": 30,
            "median_pain": 4.33333,
            "median_rpe": 3.6666666,
        },
        pain_and_load=None,
        next_morning=None,
        next_morning_text="",
        scores=[],
        prescriptions=prescriptions,
        events=events,
        notes=pd.DataFrame(columns=["day", "source", "notes"]),
        words=["Not enough data yet."],
    )


def test_the_summary_prescription_and_change_lines_use_labels_never_variable_names_and_round_every_number():
    events = pd.DataFrame(
        {
            "day": [date(2026, 10, 5), date(2026, 10, 9)],
            "exercise": ["Side plank", "Walk"],
            "action": ["progress", "regress"],
            "variable": ["hold_s", "duration_min"],
            "reason": ["Two green sessions in a row: hold_s up one step.", "Red session."],
            "before": [20.0000001, 12.0],
            "after": [25.0, 10.799999999],
        }
    )
    line = plain.prescription_words({"sets": 2.0, "hold_s": 25.0000001, "load_kg": 0.0}, {"sets": 3, "hold_s": 45})
    page = report.render(summary(events, [("Side plank", "strength", line)]))
    body = page.split("</script>", 1)[1]
    assert "<td>Hold up one step: 20 → 25 s</td>" in body
    assert "<td>Duration back one step: 12 → 10.8 min</td>" in body
    assert "<td>Side plank</td><td>strength</td><td>2 sets · 25 s hold</td>" in body
    assert "hold up one step." in body
    for name in (v for v in VARIABLES if "_" in v):  # "sets" and "reps" are words; "hold_s" is not
        assert name not in body, name
    assert "0 kg" not in body and "0 s hold" not in body
    assert "4.3 (first 14 days" in body and "<td>400; effort (0–10) median 3.7</td>" in body
    assert not any(len(d) > 2 for d in __import__("re").findall(r"\d+\.(\d+)", body)), "an unrounded number"


# --- one prescription formatter, loads rounded to the unit's step, levels by their meaning (issues 15 and 16) ---

GOBLET = ExerciseDef(
    "Goblet squat",
    "strength",
    (),
    (VariableRule("load_kg", 10, 1, 0, 20, "kg"), VariableRule("sets", 2, 1, 1, 3), VariableRule("reps", 8, 1, 5, 12)),
    ("Goblet",),
    custom=True,
)
GOBLET_NOW = {"variant": "Goblet", "load_kg": 10.0, "sets": 2.0, "reps": 8.0}


@pytest.mark.parametrize(
    "kg, unit, words",
    [
        (10.0, "lb", "22 lb"),  # 22.05 lb on a scale that steps in half pounds
        (4.0, "lb", "9 lb"),  # 8.82
        (units.to_kg(10.5, "lb"), "lb", "10.5 lb"),  # a half pound the engine stepped to stays
        (2.27, "kg", "2.25 kg"),  # 5 lb typed, read in kilograms
        (10.1, "kg", "10 kg"),
    ],
    ids=lambda v: str(v),
)
def test_a_load_in_words_is_rounded_to_its_units_step(kg, unit, words):
    assert plain.value_words("load_kg", kg, unit) == words


def test_the_same_prescription_reads_the_same_on_every_path_in_one_order_whatever_the_progression_order():
    expected = "Goblet · 2 sets · 8 reps · 22 lb"
    today_and_exercises = plain.prescription_words(GOBLET_NOW, GOBLET, "lb")  # app.py, pages/4, the guided player
    summary_line = plain.prescription_words(GOBLET_NOW, {v: r.cap for v, r in GOBLET.rules.items()}, "lb")
    draft = guided.new_draft(["Goblet squat"], {"Goblet squat": GOBLET_NOW}, "strength", datetime(2026, 10, 1, 8))
    draft = guided.rated(guided.timed(draft, 60), GOBLET, 1, "done")
    review = guided.review_lines(draft, "lb")[0]
    (check_in_row,) = logbook.exercise_rows(
        {"Goblet squat": GOBLET}, ["Goblet squat"], {"Goblet squat": GOBLET_NOW}, [], "lb"
    )
    assert today_and_exercises == summary_line == check_in_row.planned == expected
    assert review == f"Goblet squat: done as planned · {expected} · pain 1 during"
    assert plain.prescription_words(GOBLET_NOW, GOBLET, "kg") == "Goblet · 2 sets · 8 reps · 10 kg"


def test_a_level_of_the_library_reads_by_its_meaning_everywhere_it_is_worded():
    stand = BY_NAME["sit-to-stand"]
    now = {"variant": "Chair height", "reps": 5.0, "tempo_s": 2.0, "support_level": 2.0}
    assert (
        plain.prescription_words(now, stand)
        == "Chair height · 5 reps · lower in 2 s · support: hands on the thighs (2 of 3)"
    )
    assert plain.ladder_words(stand, "support_level") == "push from the armrests → hands on the thighs → no hands"
    # Less support is the harder step: the reason and the summary say "down".
    assert (
        describe_change(now, {**now, "support_level": 3.0}, "support_level", exercise=stand)
        == "support down one step: hands on the thighs → no hands"
    )
    assert (
        plain.change_words("regress", "support_level", 2.0, 1.0, exercise="Sit-to-stand")
        == "Support up one step: hands on the thighs → push from the armrests"
    )
    assert (
        plain.change_words("progress", "range_level", 1.0, 2.0, exercise="Wall squat")
        == "Range up one step: a short slide → halfway down"
    )


def test_a_persons_own_exercise_reads_its_levels_generically_even_under_a_library_name():
    own = ExerciseDef("Sit-to-stand", "transition", (), (VariableRule("support_level", 1, 1, 1, 5),), custom=True)
    assert plain.prescription_words({"support_level": 2.0}, own) == "support 2 of 5, less support"
    assert plain.ladder_words(own, "support_level") == ""
    assert (
        describe_change({"support_level": 1.0}, {"support_level": 2.0}, "support_level", exercise=own)
        == "support level 1 → 2"
    )


def test_every_level_of_the_library_has_a_meaning_from_its_floor_to_its_cap():
    levelled = [(e, r) for e in LIBRARY for r in e.variables if r.variable.endswith("_level")]
    assert levelled
    for e, r in levelled:
        assert len(r.levels) == r.cap and all(r.levels), (e.name, r.variable)


def test_the_prescription_chart_writes_each_level_by_its_meaning_on_its_panel():
    timeline = pd.DataFrame(
        {
            "day": pd.to_datetime(["2026-10-01", "2026-10-08"]),
            "variant": ["High seat"] * 2,
            "source": ["start", "engine"],
            "reps": [5.0, 5.0],
            "support_level": [1.0, 2.0],
        }
    )
    figure = charts.prescription_history(timeline, None, "Sit-to-stand")
    written = [(a.y, a.text) for a in figure.layout.annotations if a.yref == "y2"]
    assert written == [(1, "push from the armrests"), (2, "hands on the thighs"), (3, "no hands")]
    assert tuple(figure.layout.yaxis2.range) == (0.5, 3.5)  # "no hands", not reached yet, still has its line
