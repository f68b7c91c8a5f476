"""Plain words on paper and on screen: labels, never variable names; every number rounded."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib import plain, report
from lib.models import VARIABLES


@pytest.mark.parametrize("variable, value, cap, words", [
    ("sets", 2.0, 3, "2 sets"), ("sets", 1.0, 3, "1 set"), ("reps", 8.0, 12, "8 reps"),
    ("hold_s", 20.000000001, 45, "20 s hold"), ("tempo_s", 2.0, 4, "lower in 2 s"),
    ("load_kg", 2.5, 10, "2.5 kg"), ("support_level", 1.0, 3, "support 1 of 3, most support"),
    ("range_level", 2.0, 4, "range 2 of 4, further"), ("band_level", 1.0, None, "band 1, lightest band"),
    ("duration_min", 12.333333, 30, "12.33 min"), ("distance_m", 400.0, None, "400 m"),
], ids=lambda v: str(v))
def test_each_value_reads_in_words(variable, value, cap, words):
    assert plain.value_words(variable, value, "kg", cap) == words


def test_a_prescription_names_only_the_variables_the_exercise_uses():
    prescription = {"variant": "On knees", "sets": 2.0, "hold_s": 20.0, "load_kg": 0.0, "tempo_s": 0.0, "reps": None}
    # One reading order whatever the progression order (issue 16): sets before hold.
    assert plain.prescription_words(prescription, {"hold_s": 45, "sets": 3}) == "On knees · 2 sets · 20 s hold"


@pytest.mark.parametrize("action, variable, before, after, words", [
    ("progress", "hold_s", 20.0, 25.0, "Hold up one step: 20 → 25 s"),
    ("regress", "sets", 3.0, 2.0, "Sets back one step: 3 → 2"),
    ("progress", "duration_min", 10.0, 11.000000002, "Duration up one step: 10 → 11 min"),
    ("progress", "tempo_s", 2.0, 3.0, "Tempo up one step: 2 → 3 s"),
    ("progress", "load_kg", 1.0, 2.0, "Load up one step: 1 → 2 kg"),
    ("deload", "sets", 3.0, 2.0, "Sets deload (lighter week): 3 → 2"),
    ("progress", None, float("nan"), float("nan"), "One step up"),
], ids=lambda v: str(v))
def test_a_change_reads_with_labels_and_rounded_numbers(action, variable, before, after, words):
    assert plain.change_words(action, variable, before, after) == words


def test_a_stored_reason_with_a_variable_name_reads_with_its_label():
    assert plain.words("Two green sessions in a row: hold_s up one step.") == \
        "Two green sessions in a row: hold up one step."
    assert plain.words("duration_min and support_level") == "duration and support"


def summary(events: pd.DataFrame, prescriptions: list) -> report.Summary:
    return report.Summary(
        start=date(2026, 10, 1), end=date(2026, 10, 28), today=date(2026, 10, 28),
        numbers=dict.fromkeys(["first_pain", "last_pain", "median_sleep", "completed_share",
                               "median_pain_during", "max_pain_during"])
        | {"checkins": 20, "flare_days": 0, "sessions": 9, "practice_days": 9, "minutes": 90, "load": 400.4444,
           "exercises_done": 30, "median_pain": 4.33333, "median_rpe": 3.6666666},
        pain_and_load=None, next_morning=None, next_morning_text="", scores=[], prescriptions=prescriptions,
        events=events, notes=pd.DataFrame(columns=["day", "source", "notes"]), words=["Not enough data yet."])


def test_the_summary_prescription_and_change_lines_use_labels_never_variable_names_and_round_every_number():
    events = pd.DataFrame({"day": [date(2026, 10, 5), date(2026, 10, 9)], "exercise": ["Side plank", "Walk"],
                           "action": ["progress", "regress"], "variable": ["hold_s", "duration_min"],
                           "reason": ["Two green sessions in a row: hold_s up one step.", "Red session."],
                           "before": [20.0000001, 12.0], "after": [25.0, 10.799999999]})
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
