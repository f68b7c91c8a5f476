"""The Exercises page under AppTest: add a custom exercise, edit one, retire and restore, prescribe by hand."""

from __future__ import annotations

import json
from datetime import date

from lib import store
from tests.app.pages import read, shown

TODAY = date.today()


def in_order(elements, label: str) -> list:
    """Every element of a kind whose label starts with `label`, in page order."""
    return [w for w in elements if w.label.startswith(label)]


def submit(at, label: str):
    return next(b for b in at.get("form_submit_button") if b.label == label)


def pick(at, name: str):
    at.selectbox(key="exercises_pick").set_value(name)
    return at.run()


def test_the_library_lists_every_exercise_with_its_progression_order(open_page, fresh_path):
    at = open_page("exercises", fresh_path)
    library = at.dataframe[0].value
    assert len(library) == len(read(fresh_path, store.load_library))
    plank = library.set_index("Exercise").loc["Side plank"]
    assert plank["Progression order"] == "Hold 20 s (10–45, +5) → Sets 2 (1–3, +1)"
    assert plank["Variant chain"] == "On knees → On feet"


def test_a_custom_exercise_is_added_with_its_cues_and_the_default_variables(open_page, fresh_path):
    at = open_page("exercises", fresh_path)
    in_order(at.text_input, "Name")[1].input("Pallof press")  # [0] is the edit form of the picked exercise
    in_order(at.selectbox, "Category")[1].set_value("control")
    in_order(at.text_area, "Cues")[1].input("Stand side-on to the band.\nResist the turn.")
    submit(at, "Add exercise").click()
    at.run()
    assert not at.exception and not at.error
    added = read(fresh_path, store.get_exercise, "Pallof press")
    assert (added.category, added.cues, added.custom) == (
        "control",
        ("Stand side-on to the band.", "Resist the turn."),
        True,
    )
    assert [r.variable for r in added.variables] == ["reps", "sets"]
    assert at.selectbox(key="exercises_pick").value == "Pallof press"  # the new exercise is shown


def test_a_name_already_taken_is_refused_with_a_message(open_page, fresh_path):
    at = open_page("exercises", fresh_path)
    in_order(at.text_input, "Name")[1].input("Side plank")
    submit(at, "Add exercise").click()
    at.run()
    assert "already exists" in shown(at.error[0].value)
    assert read(fresh_path, store.exercise_names).count("Side plank") == 1


def test_editing_an_exercise_keeps_the_old_definition_in_the_audit(open_page, fresh_path):
    at = pick(open_page("exercises", fresh_path), "Bird dog")
    in_order(at.text_area, "Cues")[0].input("Reach long, not high.")
    in_order(at.checkbox, "One of my anchor movements")[0].uncheck()
    submit(at, "Save exercise").click()
    at.run()
    assert not at.exception and not at.error
    edited = read(fresh_path, store.get_exercise, "Bird dog")
    assert (edited.cues, edited.anchor) == (("Reach long, not high.",), False)
    old = read(fresh_path, store.list_audit, "exercise", edited.id)
    assert json.loads(old["old_row"][0])["exercise"]["anchor"] is True


def test_retiring_keeps_the_history_and_restoring_brings_it_back(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_session(
        con,
        day=TODAY,
        focus="strength",
        duration_min=10,
        rpe=4,
        today=TODAY,
        exercises=[{"exercise": "Wall squat", "pain_during": 1}],
    )
    con.close()
    at = pick(open_page("exercises", fresh_path), "Wall squat")
    at.button(key="retire_exercise").click()
    at.run()
    assert "Wall squat" not in read(fresh_path, store.exercise_names, active_only=True)
    assert list(read(fresh_path, store.list_sessions, TODAY, TODAY)["exercise"]) == ["Wall squat"]
    assert at.dataframe[0].value.set_index("Exercise").loc["Wall squat", "Status"] == "retired"
    assert at.button(key="retire_exercise").label == "Restore to the plan"
    at.button(key="retire_exercise").click()
    at.run()
    assert "Wall squat" in read(fresh_path, store.exercise_names, active_only=True)


def test_a_prescription_set_by_hand_is_a_new_version_recorded_as_manual(open_page, fresh_path):
    at = pick(open_page("exercises", fresh_path), "Side plank")
    at.number_input(key="exercises_prescribe_Side plank_hold_s").set_value(30.0)
    submit(at, "Set prescription").click()
    at.run()
    assert not at.exception and not at.error
    assert read(fresh_path, store.current_prescription, "Side plank", TODAY) == {
        "hold_s": 30.0,
        "sets": 2.0,
        "variant": "On knees",
    }
    history = read(fresh_path, store.prescription_history, "Side plank")
    assert list(history["source"]) == ["manual"]


def test_a_load_is_typed_in_pounds_and_stored_in_kilograms(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.set_setting(con, "units", "lb")
    con.close()
    at = pick(open_page("exercises", fresh_path), "Glute bridge")
    load = at.number_input(key="exercises_prescribe_Glute bridge_load_kg")
    assert load.label == "Load (lb)"
    load.set_value(11.02)  # 5 kg
    submit(at, "Set prescription").click()
    at.run()
    assert read(fresh_path, store.current_prescription, "Glute bridge", TODAY)["load_kg"] == 5.0


def test_a_ritual_is_added_and_retired_with_its_ticks_kept(open_page, fresh_path):
    at = open_page("exercises", fresh_path)
    at.text_input[-2].input("After morning coffee")  # the ritual form's cue and movement come last
    at.text_input[-1].input("3 min cat-camel")
    submit(at, "Add ritual").click()
    at.run()
    rituals = read(fresh_path, store.list_rituals)
    assert list(rituals["cue"]) == ["After morning coffee"]
    con = store.open_database(fresh_path)
    store.tick_ritual(con, int(rituals["id"][0]), TODAY)
    con.close()
    at.run()
    next(b for b in at.button if b.label.startswith("Retire this ritual")).click()
    at.run()
    assert read(fresh_path, store.list_rituals).empty
    assert read(fresh_path, store.ritual_ticks, TODAY) == {int(rituals["id"][0])}


def test_the_prescription_history_chart_is_drawn_when_its_tab_is_open(open_page, demo_path):
    at = pick(open_page("exercises", demo_path), "Side plank")
    assert not at.get("plotly_chart")  # hidden tabs cost nothing
    at.session_state["exercises_tab"] = "Prescription history"
    at.run()
    assert not at.exception
    [chart] = at.get("plotly_chart")
    assert "Side plank: prescription over time" in chart.proto.spec


def test_the_prescription_reads_as_on_today_and_on_the_summary_loads_rounded_to_the_pound(open_page, fresh_path):
    from lib import report

    con = store.open_database(fresh_path)
    store.set_setting(con, "units", "lb")
    store.set_prescription(
        con, "Glute bridge", TODAY, {"reps": 8, "hold_s": 5, "sets": 2, "load_kg": 10}, variant="Two feet"
    )
    summary_lines = {name: line for name, _, line in report.build_summary(con, TODAY, TODAY, TODAY).prescriptions}
    con.close()
    at = pick(open_page("exercises", fresh_path), "Glute bridge")
    expected = "Two feet · 2 sets · 8 reps · 5 s hold · 22 lb"  # 10 kg is 22.05 lb: read to the half pound
    assert any(t.value.endswith(f"Now: {expected}") for t in at.text)
    assert summary_lines["Glute bridge"] == expected


def test_the_details_say_what_each_level_means(open_page, fresh_path):
    at = pick(open_page("exercises", fresh_path), "Sit-to-stand")
    rows = at.dataframe[1].value.set_index("Variable")
    assert rows.loc["Support level", "Levels (from 1)"] == "push from the armrests → hands on the thighs → no hands"
    now = next(t.value for t in at.text if "Now: " in t.value)
    assert now.endswith("support: push from the armrests (1 of 3)") and "support level" not in now
