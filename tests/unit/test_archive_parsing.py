"""Pure parts of the import and of the programme forms: CSV parsing, units, form values, the calendar file."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pandas as pd
import pytest
from icalendar import Calendar

from lib import calendar_export, programme, settings, units
from lib.errors import ValidationError
from lib.importing import ImportReport, Problem, parse_csv
from lib.models import ExerciseDef, VariableRule
from lib.store.archive import Column

CHECKIN_COLUMNS = [
    Column("day", "DATE", False, False),
    Column("pain_now", "INTEGER", False, False),
    Column("sleep_hours", "DOUBLE", False, False),
    Column("travel", "BOOLEAN", False, True),
    Column("notes", "VARCHAR", False, True),
    Column("variant", "VARCHAR", True, False),
]


def parse(text: str, columns=CHECKIN_COLUMNS):
    problems: list[Problem] = []
    parsed = parse_csv("checkin.csv", text, columns, problems)
    return parsed, problems


# --- parsing --------------------------------------------------------------------


def test_values_are_parsed_to_the_column_types():
    parsed, problems = parse('day,pain_now,sleep_hours,travel,notes,variant\n2026-01-02,3,7.5,true,"",\n')
    assert problems == []
    assert parsed.rows[0].values == {
        "day": date(2026, 1, 2),
        "pain_now": 3,
        "sleep_hours": 7.5,
        "travel": True,
        "notes": "",
        "variant": None,
    }


def test_line_numbers_follow_quoted_newlines():
    text = 'day,pain_now,sleep_hours,notes\n2026-01-02,3,7,"two\nlines"\n2026-01-03,x,7,ok\n'
    parsed, problems = parse(text)
    assert [r.line for r in parsed.rows] == [2]
    assert [(p.line, p.field) for p in problems] == [(4, "pain_now")]


@pytest.mark.parametrize(
    ("cell", "field", "words"),
    [
        ("2026-02-30", "day", "must be a date (YYYY-MM-DD); got '2026-02-30'"),
        ("", "day", "day needs a value"),
    ],
    ids=["an impossible date", "an empty required cell"],
)
def test_a_bad_date_cell_names_the_column_and_the_value(cell, field, words):
    _, problems = parse(f"day,pain_now,sleep_hours\n{cell},3,7\n")
    assert [(p.line, p.field) for p in problems] == [(2, field)] and words in problems[0].reason


@pytest.mark.parametrize(
    ("cell", "words"),
    [("3.5", "whole number"), ("three", "whole number"), ("inf", "whole number")],
    ids=["a fraction", "a word", "infinity"],
)
def test_a_whole_number_column_refuses_anything_else(cell, words):
    _, problems = parse(f"day,pain_now,sleep_hours\n2026-01-02,{cell},7\n")
    assert problems[0].field == "pain_now" and words in problems[0].reason


def test_a_header_with_an_unknown_or_missing_column_is_refused_on_line_one():
    parsed, problems = parse("day,pain,sleep_hours\n2026-01-02,3,7\n")
    assert parsed.rows == []
    assert {(p.line, p.field) for p in problems} == {(1, "pain"), (1, "pain_now")}


def test_a_row_with_too_few_values_is_refused():
    _, problems = parse("day,pain_now,sleep_hours\n2026-01-02,3\n")
    assert problems[0].line == 2 and "2 values" in problems[0].reason


def test_the_report_sums_up_and_lists_problems_as_a_table():
    report = ImportReport(
        problems=[Problem("checkin.csv", 3, "pain_now", "bad"), Problem("checkin.csv", 3, "stress", "bad")]
    )
    assert report.summary() == "Nothing was imported: 1 row needs fixing (2 problems)."
    assert list(report.problems_frame().columns) == ["file", "line", "field", "reason"]
    assert ImportReport(added={"checkin": 2}, unchanged={"session": 1}).summary() == (
        "Imported: 2 rows added, 0 replaced, 1 already here and left as they were."
    )


# --- units ------------------------------------------------------------------------


@pytest.mark.parametrize("kg", [0.0, 0.5, 1.0, 2.5, 10.0, 12.34, 300.0])
def test_a_load_shown_in_pounds_and_saved_unchanged_comes_back_exactly(kg):
    assert units.to_kg(units.from_kg(kg, "lb"), "lb") == kg


def test_kilograms_pass_through_and_only_loads_convert():
    assert units.from_kg(5, "kg") == 5.0 and units.from_kg(5, "lb") == 11.02
    assert units.show("reps", 8, "lb") == 8 and units.show("load_kg", 1, "lb") == 2.2
    with pytest.raises(ValueError, match="unit must be one of kg, lb"):
        units.from_kg(1, "stone")


# --- programme forms ---------------------------------------------------------------

PLANK = ExerciseDef(
    "Side plank",
    "strength",
    ("Stack the hips.",),
    (VariableRule("hold_s", 20, 5, 10, 45, "s"), VariableRule("load_kg", 0, 1, 0, 10, "kg")),
    ("On knees", "On feet"),
)


def test_an_edited_variables_table_becomes_rules_in_row_order_with_loads_back_in_kg():
    table = programme.variables_frame(PLANK, "lb")
    assert list(table["cap"]) == [45, 22.05]
    table.loc[0, "step"] = 10
    table.loc[2] = ["sets", 1, 1, 1, 3, "", None]
    rules = programme.rules_from_frame(table, "lb")
    assert [(r.variable, r.step, r.cap) for r in rules] == [("hold_s", 10, 45), ("load_kg", 1.0, 10.0), ("sets", 1, 3)]


def test_a_blank_row_is_skipped_and_a_missing_bound_is_refused():
    table = pd.concat([programme.variables_frame(PLANK, "kg"), pd.DataFrame([{"variable": None}])], ignore_index=True)
    assert len(programme.rules_from_frame(table, "kg")) == 2
    table.loc[0, "cap"] = float("nan")
    with pytest.raises(ValidationError, match="hold_s: cap needs a value"):
        programme.rules_from_frame(table, "kg")


def test_a_form_with_a_start_above_its_cap_is_refused_naming_the_variable():
    table = programme.variables_frame(PLANK, "kg")
    table.loc[0, "start"] = 60
    with pytest.raises(ValidationError, match="hold_s: the floor .* nor the start above the cap"):
        programme.exercise_from_form(
            name="Side plank", category="strength", cues="", variants="", variables=table, unit="kg"
        )


def test_the_prescribe_form_is_filled_with_the_current_values_in_the_shown_unit():
    inputs = programme.prescription_inputs(PLANK, {"hold_s": 25.0, "load_kg": 2.0, "variant": "On feet"}, "lb")
    assert [(i.variable, i.label, i.value) for i in inputs] == [
        ("hold_s", "Hold (s)", 25.0),
        ("load_kg", "Load (lb)", 4.41),
    ]
    assert programme.prescription_from_form(PLANK, {"hold_s": 30, "load_kg": 4.41}, "lb") == {
        "hold_s": 30.0,
        "load_kg": 2.0,
    }


def test_only_changed_settings_are_saved_and_each_is_validated():
    current = {"pain_ceiling": 5, "sleep_hours_min": 6.0, "units": "kg"}
    assert programme.setting_changes(current, {"pain_ceiling": 5, "sleep_hours_min": 6.0, "units": "lb"}) == {
        "units": "lb"
    }
    with pytest.raises(ValidationError, match="pain_ceiling must be between 3 and 7; got 11"):
        settings.validate_changes({"units": "lb", "pain_ceiling": 11}, {})
    with pytest.raises(ValidationError, match="got green_max 4 and pain_ceiling 4"):
        settings.validate_changes({"green_max": 4}, {"pain_ceiling": 4})


# --- the calendar file ------------------------------------------------------------

RITUALS = pd.DataFrame(
    [
        dict(
            id=1,
            kind="anchor",
            cue="After morning coffee",
            movement="3 min cat-camel",
            minutes=3,
            reminder_time=time(7, 30),
        ),
        dict(
            id=3,
            kind="rule",
            cue="If I sit more than 45 minutes",
            movement="I move for two",
            minutes=None,
            reminder_time=None,
        ),
    ]
)


def test_the_calendar_file_parses_back_with_one_daily_event_per_chosen_ritual():
    table = calendar_export.reminder_table(RITUALS)
    assert list(table["include"]) == [True, False]  # anchors are offered, rules left to the person
    table.loc[1, ["include", "time"]] = [True, time(10, 15)]
    raw = calendar_export.calendar_from_table(table, date(2026, 11, 23), now=datetime(2026, 11, 22, tzinfo=UTC))
    events = Calendar.from_ical(raw).walk("VEVENT")
    assert [e["RRULE"].to_ical() for e in events] == [b"FREQ=DAILY", b"FREQ=DAILY"]
    assert [e.decoded("DTSTART") for e in events] == [datetime(2026, 11, 23, 7, 30), datetime(2026, 11, 23, 10, 15)]
    assert [e.decoded("DURATION").total_seconds() / 60 for e in events] == [3, 5]
    # Short titles: the calendar is named "Poise rituals", so no "Poise:" in front of each event.
    assert str(Calendar.from_ical(raw)["X-WR-CALNAME"]) == "Poise rituals"
    assert [str(e["SUMMARY"]) for e in events] == [
        "After morning coffee: 3 min cat-camel",
        "If I sit more than 45 minutes, I move for two",
    ]
    assert [str(e["UID"]) for e in events] == ["poise-ritual-1@poise.local", "poise-ritual-3@poise.local"]
    assert all(e.walk("VALARM") for e in events)
    assert b"http" not in raw


def test_a_long_ritual_gets_a_short_title_and_keeps_the_whole_line_in_the_description():
    long = pd.DataFrame(
        [
            dict(
                id=4,
                kind="anchor",
                cue="After I close the laptop at the end of the working day",
                movement="five minutes of supine 90/90 breathing",
                minutes=5,
                reminder_time=None,
            )
        ]
    )
    [reminder] = calendar_export.reminders(long)
    assert len(reminder.summary) <= calendar_export.TITLE_MAX and reminder.summary.endswith("…")
    assert reminder.summary.startswith("After I close the laptop at the end of the working day")
    assert reminder.description == (
        "After I close the laptop at the end of the working day: five minutes of supine 90/90 breathing"
    )


def test_only_times_the_person_changed_are_picked_up_for_saving():
    table = calendar_export.reminder_table(RITUALS)
    assert calendar_export.changed_times(RITUALS, table) == {}  # the 08:00 offered for the rule is not stored unasked
    table.loc[0, "time"] = time(6, 45)
    table.loc[1, "time"] = "21:30"  # a cell can come back as text
    assert calendar_export.changed_times(RITUALS, table) == {1: time(6, 45), 3: time(21, 30)}
    table.loc[0, "time"] = None  # a cleared cell changes nothing
    saved = RITUALS.assign(reminder_time=[time(7, 30), time(21, 30)])
    assert calendar_export.changed_times(saved, table) == {}  # already stored: nothing to save again
