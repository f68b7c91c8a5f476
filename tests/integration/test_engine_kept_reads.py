"""The engine keeps the library, the settings, the prescription versions and the accepted changes between
calls (lib.db.read_kept): after any write through the store, the next suggestion reads them afresh."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from lib import archive, coach, db, store
from lib.models import ExerciseDef, VariableRule

D = date(2025, 3, 12)
PLANK = "Side plank"
PALLOF = ExerciseDef(
    "Pallof press", "control", ("Resist the turn.",), (VariableRule("reps", 6, 1, 4, 12),), custom=True
)


def same_as_fresh(con) -> store.EngineInputs:
    """The day's inputs as the engine gets them (kept reads allowed), checked against a fresh cursor's,
    which no kept read has seen: a kept row that outlived a write shows as a difference."""
    kept = store.engine_inputs(con, D, active_only=True)
    cur = con.cursor()
    try:
        assert kept == store.engine_inputs(cur, D, active_only=True)
    finally:
        cur.close()
    return kept


@pytest.fixture
def warm(fresh_db):
    """A connection whose kept reads are filled: a day's suggestions and one, asked twice."""
    for _ in range(2):
        coach.suggest_all(fresh_db, D)
        coach.suggest(fresh_db, PLANK, D)
    return fresh_db


def test_a_second_call_reads_the_kept_rows_and_a_write_empties_them(fresh_db, monkeypatch):
    queries = []
    real = db.read
    monkeypatch.setattr(db, "read", lambda *a, **k: queries.append(a[1]) or real(*a, **k))
    store.load_library(fresh_db, kept=True)
    store.load_library(fresh_db, kept=True)
    assert len(queries) == 1  # the second one came from what was kept
    cur = fresh_db.cursor()
    store.load_library(cur, kept=True)  # another cursor is another reader: it reads for itself
    assert len(queries) == 2
    cur.close()
    store.set_setting(fresh_db, "deload_every_weeks", 6)
    store.load_library(fresh_db, kept=True)
    assert len(queries) == 3  # every write moves the data version on, and what was kept goes


def test_a_settings_change_from_another_cursor(warm):
    cur = warm.cursor()
    store.set_setting(cur, "deload_every_weeks", 6)
    cur.close()
    assert same_as_fresh(warm).settings["deload_every_weeks"] == 6


def test_an_exercise_added(warm):
    store.add_exercise(warm, PALLOF)
    assert "Pallof press" in same_as_fresh(warm).library
    assert "Pallof press" in coach.suggest_all(warm, D)
    assert coach.suggest(warm, "pallof press", D).exercise == "Pallof press"


def test_an_exercise_retired(warm):
    store.set_exercise_active(warm, PLANK, False)
    assert PLANK not in same_as_fresh(warm).library
    assert PLANK not in coach.suggest_all(warm, D)


def test_an_exercise_edited(warm):
    before = store.get_exercise(warm, PLANK)
    edited = dataclasses.replace(before, cues=("Stack the hips.",), variants=tuple(reversed(before.variants)))
    store.update_exercise(warm, PLANK, edited)
    kept = same_as_fresh(warm).library[PLANK]
    assert (kept.cues, kept.variants) == (edited.cues, edited.variants)
    assert coach.suggest(warm, PLANK, D).current["variant"] == edited.variants[0]  # its new first variant


def test_a_prescription_set_by_hand(warm):
    store.set_prescription(warm, PLANK, D, {"hold_s": 35, "sets": 3})
    inputs = same_as_fresh(warm)
    assert inputs.prescriptions[PLANK]["hold_s"] == 35
    assert [c.action for c in inputs.accepted[PLANK]] == ["manual"]  # the change by hand, as accepted changes
    assert coach.suggest(warm, PLANK, D).current["hold_s"] == 35


def test_an_import(warm, tmp_path):
    other = store.open_database(tmp_path / "other.duckdb")
    store.add_exercise(other, PALLOF)
    store.set_setting(other, "deload_every_weeks", 6)
    export = archive.export_zip(other, tmp_path / "other.zip")
    other.close()
    coach.suggest_all(warm, D)  # opening the other file moved the version on: keep the reads again
    assert archive.import_zip(warm, export, D).ok
    inputs = same_as_fresh(warm)
    assert "Pallof press" in inputs.library and inputs.settings["deload_every_weeks"] == 6


def test_a_restore(fresh_db, tmp_path, monkeypatch):
    backup = archive.backup(fresh_db, tmp_path / "before.duckdb")
    store.add_exercise(fresh_db, PALLOF)
    store.set_setting(fresh_db, "deload_every_weeks", 6)
    swap = store.replace_all_from

    def kept_then_swapped(con, source):
        # Opening the backup's copy to migrate it moved the version already: keep the reads again, so only
        # the swap's own transaction is left to empty them.
        for _ in range(2):
            assert "Pallof press" in coach.suggest_all(con, D)
        return swap(con, source)

    monkeypatch.setattr(store, "replace_all_from", kept_then_swapped)
    archive.restore(fresh_db, backup)
    inputs = same_as_fresh(fresh_db)
    assert "Pallof press" not in inputs.library
    assert inputs.settings["deload_every_weeks"] != 6


def test_delete_everything(warm):
    store.add_exercise(warm, PALLOF)
    coach.suggest_all(warm, D)
    archive.delete_everything(warm, archive.CONFIRM_PHRASE)
    assert "Pallof press" not in same_as_fresh(warm).library
