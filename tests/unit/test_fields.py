"""lib.fields: one table of labels and limits that the models and the forms both read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from lib import calendar_export, fields, models
from lib.errors import ValidationError
from lib.fields import LABELS, NOTES_MAX, NUMBERS, TEXT_MAX
from lib.models import Checkin, ExerciseDef, ExerciseEntry, Ritual, Session, VariableRule, check_variables

TODAY = date(2026, 11, 22)
# Each number field of the table, and how to build the record that holds it with a given value.
RECORDS = {
    "pain_now": lambda v: Checkin(day=TODAY, pain_now=v, today=TODAY),
    "stiffness": lambda v: Checkin(day=TODAY, pain_now=1, stiffness=v, today=TODAY),
    "sleep_hours": lambda v: Checkin(day=TODAY, pain_now=1, sleep_hours=v, today=TODAY),
    "sleep_quality": lambda v: Checkin(day=TODAY, pain_now=1, sleep_quality=v, today=TODAY),
    "stress": lambda v: Checkin(day=TODAY, pain_now=1, stress=v, today=TODAY),
    "sitting_hours": lambda v: Checkin(day=TODAY, pain_now=1, sitting_hours=v, today=TODAY),
    "duration_min": lambda v: Session(day=TODAY, focus="control", duration_min=v, rpe=3, today=TODAY),
    "rpe": lambda v: Session(day=TODAY, focus="control", duration_min=10, rpe=v, today=TODAY),
    "pain_during": lambda v: ExerciseEntry(exercise="Bird dog", values={}, pain_during=v),
    "minutes": lambda v: Ritual(cue="After coffee", movement="Cat-camel", minutes=v),
}


def test_every_number_field_of_the_table_has_a_record_that_checks_it():
    assert set(RECORDS) == set(NUMBERS)


@pytest.mark.parametrize("name", sorted(NUMBERS))
def test_a_model_takes_exactly_the_tables_range_and_names_the_field_by_its_label(name):
    limit, build = NUMBERS[name], RECORDS[name]
    build(limit.low)
    build(limit.high)
    for bad in (limit.low - 1, limit.high + 1):
        with pytest.raises(ValidationError) as caught:
            build(bad)
        assert caught.value.field == name
        assert limit.label in caught.value.message and name not in caught.value.message  # the page's words
        assert name in str(caught.value)  # the script's


def test_the_notes_limit_is_the_tables():
    Checkin(day=TODAY, pain_now=1, notes="x" * NOTES_MAX, today=TODAY)
    with pytest.raises(ValidationError, match=f"notes must be at most {NOTES_MAX} characters"):
        Checkin(day=TODAY, pain_now=1, notes="x" * (NOTES_MAX + 1), today=TODAY)


@pytest.mark.parametrize(
    "bad",
    [
        dict(day=20261122),
        dict(pain_now=11),
        dict(stiffness=-1),
        dict(sleep_hours=6.3),
        dict(stress=2.5),
        dict(travel="no"),
        dict(flare_up=3),
        dict(notes=4),
    ],
    ids=lambda d: next(iter(d)),
)
def test_no_checkin_message_shows_a_person_an_internal_field_name(bad):
    with pytest.raises(ValidationError) as caught:
        Checkin(**{"day": TODAY, "pain_now": 1, "today": TODAY, **bad})
    (field,) = bad
    assert field in LABELS
    assert caught.value.message.startswith(LABELS[field])
    if LABELS[field].lower() != field:
        assert field not in caught.value.message


# --- every check reads the table at the moment it checks (so no copy of a number can drift) ----------


def test_an_exercises_name_and_variants_are_held_to_the_tables_text_lengths(monkeypatch):
    def exercise(name="Bird dog", variants=()):
        return ExerciseDef(name, "control", (), (VariableRule("reps", 5, 1, 1, 10),), variants)

    monkeypatch.setitem(TEXT_MAX, "exercise", 8)
    monkeypatch.setitem(TEXT_MAX, "variant", 5)
    exercise("Bird dog", ("Short",))
    with pytest.raises(ValidationError, match="at most 8 characters"):
        exercise("Bird dogs")
    with pytest.raises(ValidationError, match="at most 5 characters"):
        exercise(variants=("Longer",))


def test_an_exercise_variables_bounds_are_the_tables_row_not_a_copy(monkeypatch):
    assert models.VARIABLES is fields.VARIABLES
    monkeypatch.setitem(fields.VARIABLES, "reps", replace(fields.VARIABLES["reps"], high=30))
    assert check_variables({"reps": 30}) == {"reps": 30}
    with pytest.raises(ValidationError, match="between 1 and 30"):
        check_variables({"reps": 31})


def test_a_calendar_events_length_is_kept_within_the_tables_session_range(monkeypatch):
    limit = NUMBERS["duration_min"]
    assert [calendar_export.event_minutes(m) for m in (None, 0, 30, limit.high + 1)] == [
        calendar_export.DEFAULT_MINUTES,
        limit.low,
        30,
        limit.high,
    ]
    monkeypatch.setitem(NUMBERS, "duration_min", replace(limit, high=90))
    assert calendar_export.event_minutes(200) == 90
