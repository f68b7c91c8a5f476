"""The forms' widgets draw their ranges from lib.fields: change a row of the table and the page follows."""

from __future__ import annotations

from dataclasses import replace

from lib import fields


def test_the_ritual_minutes_field_shows_the_tables_range(open_page, fresh_path, monkeypatch):
    monkeypatch.setitem(fields.NUMBERS, "minutes", replace(fields.NUMBERS["minutes"], high=45))
    at = open_page("exercises", fresh_path)
    assert not at.exception
    assert "Minutes (1–45 min)" in [w.label for w in at.number_input]


def test_the_prescribe_by_hand_inputs_are_bounded_by_the_tables_variable_rows(open_page, fresh_path, monkeypatch):
    monkeypatch.setitem(fields.VARIABLES, "duration_min", replace(fields.VARIABLES["duration_min"], high=90))
    at = open_page("exercises", fresh_path)  # the first exercise, Diaphragmatic breathing, is prescribed in minutes
    assert not at.exception
    (duration,) = [
        w for w in at.number_input if w.key.startswith("exercises_prescribe") and w.key.endswith("_duration_min")
    ]
    assert (duration.min, duration.max) == (0, 90)
