"""lib.logbook and prescription text: defaults, prefilled rows, and loads in the chosen unit."""

from __future__ import annotations

from lib import logbook
from lib.exercises import BY_NAME
from lib.plain import prescription_words
from lib.progression import describe_change

BRIDGE = BY_NAME["glute bridge"]
LIBRARY = {"Glute bridge": BRIDGE}


def test_a_new_checkin_starts_with_nothing_answered():
    values = logbook.checkin_answers(None)
    assert [
        values[k] for k in ("pain_now", "stiffness", "sleep_hours", "sleep_quality", "stress", "sitting_hours")
    ] == [None] * 6
    assert (values["travel"], values["flare_up"], values["notes"]) == (False, False, "")


def test_same_as_yesterday_copies_the_answers_but_never_the_flare_up_travel_or_notes():
    yesterday = {
        "pain_now": 5,
        "stiffness": 4,
        "sleep_hours": 7.0,
        "sleep_quality": float("nan"),
        "stress": 6,
        "sitting_hours": None,
        "travel": True,
        "flare_up": True,
        "notes": "rough night",
    }
    copied = logbook.copied_from(yesterday)
    assert (copied["pain_now"], copied["stiffness"], copied["sleep_hours"], copied["stress"]) == (5, 4, 7.0, 6)
    assert type(copied["sleep_hours"]) is float and type(copied["pain_now"]) is int  # as the widgets take them
    assert (copied["sleep_quality"], copied["sitting_hours"]) == (None, None)  # unknown stays unknown
    assert (copied["travel"], copied["flare_up"], copied["notes"]) == (False, False, "")


def test_a_day_with_a_checkin_shows_its_own_values():
    existing = {**logbook.UNANSWERED, "pain_now": 7, "notes": "rough night"}
    assert logbook.checkin_answers(existing)["pain_now"] == 7


def test_rows_show_only_the_variables_the_exercise_uses_prefilled_from_the_prescription():
    prescription = {"reps": 10, "hold_s": 5, "sets": 2, "load_kg": 4, "variant": "Two feet"}
    (row,) = logbook.exercise_rows(LIBRARY, ["Glute bridge"], {"Glute bridge": prescription}, [])
    assert [f.variable for f in row.fields] == ["reps", "hold_s", "sets", "load_kg"]
    assert [f.value for f in row.fields] == [10, 5, 2, 4]
    assert (row.variant, row.completed, row.pain_during) == ("Two feet", False, None)  # done and pain: the person's


def test_rows_of_a_logged_session_show_what_was_done():
    logged = [{"exercise": "Glute bridge", "reps": 8, "completed": False, "pain_during": 4, "variant": "Single leg"}]
    (row,) = logbook.exercise_rows(LIBRARY, ["Glute bridge"], {"Glute bridge": {"reps": 12}}, logged)
    assert (row.fields[0].value, row.completed, row.pain_during, row.variant) == (8, False, 4, "Single leg")


def test_loads_are_shown_in_pounds_and_stored_back_in_kilograms():
    (row,) = logbook.exercise_rows(LIBRARY, ["Glute bridge"], {"Glute bridge": {"load_kg": 4.0}}, [], unit="lb")
    load = next(f for f in row.fields if f.variable == "load_kg")
    assert load.label == "Load (lb)" and load.value == 8.82
    assert logbook.stored_values({"load_kg": load.value, "reps": 10}, "lb") == {"load_kg": 4.0, "reps": 10}


def test_prescriptions_and_reasons_name_the_chosen_unit():
    # One reading order (sets, reps, … load), and a load in words rounded to its unit's step (issue 16).
    assert prescription_words({"load_kg": 4.0, "reps": 10, "variant": None}, None, "lb") == "10 reps · 9 lb"
    assert prescription_words({"load_kg": 4.0}) == "4 kg"
    assert describe_change({"load_kg": 4.0}, {"load_kg": 5.0}, "load_kg", "lb") == "load 9 lb → 11 lb"
    assert describe_change({"hold_s": 20}, {"hold_s": 25}, "hold_s") == "hold 20 s → 25 s"


def test_a_prescription_names_its_levels_so_a_bare_number_is_never_shown():
    assert (
        prescription_words({"reps": 5, "tempo_s": 2, "range_level": 1, "variant": None})
        == "5 reps · lower in 2 s · range 1, smallest range"
    )
    assert (
        prescription_words({"reps": 2, "support_level": 1, "variant": "With a chair"}, exercise="Floor-to-stand")
        == "With a chair · 2 reps · support: both hands (level 1)"
    )
