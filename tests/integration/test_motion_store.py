"""Form checks in the database: stored small with exercise and day, compared with the last one, never the clip."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import store
from lib.errors import ValidationError
from lib.motion import LandmarkSeries, analyse
from lib.motion_specs import SPECS
from lib.motion_synth import figure_series, tempo_curve

DAY = date(2026, 11, 20)


def a_check(bottom: float = 90.0):
    t, knee = tempo_curve(5, 170, bottom, 3.0, 1.5)
    series = figure_series(t, knee_deg=knee, hip_deg=100.0, noise=0.002)
    return series, analyse(series, SPECS["Sit-to-stand"], tempo_s=4)


def test_a_check_is_stored_with_its_result_and_a_small_landmark_series(fresh_db):
    series, check = a_check()
    check_id = store.save_form_check(
        fresh_db, day=DAY, exercise="Sit-to-stand", summary=check.summary(), landmarks=series.to_bytes(), today=DAY
    )
    [row] = store.list_form_checks(fresh_db, "sit-to-stand")
    assert (row["id"], row["day"], row["exercise"], row["reps"]) == (check_id, DAY, "Sit-to-stand", 5)
    assert row["range_deg"] == pytest.approx(80, abs=3)
    assert row["result"]["words"] == check.words
    back = LandmarkSeries.from_bytes(store.form_check_landmarks(fresh_db, check_id))
    assert len(analyse(back, SPECS["Sit-to-stand"]).reps) == 5


def test_the_last_check_before_a_day_gives_range_against_last_time(fresh_db):
    for offset, bottom in ((7, 100.0), (0, 90.0)):
        series, check = a_check(bottom)
        store.save_form_check(
            fresh_db,
            day=DAY - timedelta(days=offset),
            exercise="Sit-to-stand",
            summary=check.summary(),
            landmarks=series.to_bytes(),
            today=DAY,
        )
    before = store.previous_form_check(fresh_db, "Sit-to-stand", DAY - timedelta(days=1))
    assert before["day"] == DAY - timedelta(days=7) and before["range_deg"] == pytest.approx(70, abs=3)
    assert store.previous_form_check(fresh_db, "Hip hinge", DAY) is None


def test_a_check_in_the_future_or_without_landmarks_writes_nothing(fresh_db):
    series, check = a_check()
    with pytest.raises(ValidationError, match="day"):
        store.save_form_check(
            fresh_db,
            day=DAY + timedelta(days=1),
            exercise="Sit-to-stand",
            summary=check.summary(),
            landmarks=series.to_bytes(),
            today=DAY,
        )
    with pytest.raises(ValidationError, match="landmark series"):
        store.save_form_check(
            fresh_db, day=DAY, exercise="Sit-to-stand", summary=check.summary(), landmarks=b"", today=DAY
        )
    assert store.list_form_checks(fresh_db) == []


def test_deleting_everything_deletes_the_form_checks_too(fresh_db):
    series, check = a_check()
    store.save_form_check(
        fresh_db, day=DAY, exercise="Sit-to-stand", summary=check.summary(), landmarks=series.to_bytes(), today=DAY
    )
    store.clear_all(fresh_db)
    assert store.list_form_checks(fresh_db) == []
