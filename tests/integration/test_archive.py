"""Export, import, backup, restore and delete-everything on real DuckDB files."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib import archive, db, store
from lib.errors import StoreError, ValidationError
from tests.conftest import TODAY


def snapshot(con) -> dict[str, pd.DataFrame]:
    """Every table, sorted by all its columns, so two databases compare row for row."""
    out = {}
    for table in store.TABLES:
        df = store.table_frame(con, table)
        out[table] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return out


def assert_same_data(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in store.TABLES:
        pd.testing.assert_frame_equal(a[table], b[table], obj=table)


def read_zip(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist()}


def write_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def edit_csv(text: str, row: int, column: str, value: str) -> str:
    """Return the CSV with data row `row` (0 = first after the header) changed in `column`."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows[row + 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@pytest.fixture
def demo_export(demo_db, tmp_path) -> Path:
    return archive.export_zip(demo_db, tmp_path / "poise-export.zip")


# --- export ----------------------------------------------------------------------


def test_the_export_holds_one_csv_per_table_and_a_readme_of_columns(demo_export):
    files = read_zip(demo_export)
    assert sorted(files) == sorted(["README.txt", *(f"{t}.csv" for t in store.TABLES)])
    assert files["checkin.csv"].splitlines()[0].startswith("day,pain_now,stiffness,sleep_hours")
    assert len(files["checkin.csv"].splitlines()) == 1 + 120  # header and 120 demo days
    readme = files["README.txt"]
    assert "checkin.csv" in readme and "  - pain_now: INTEGER, required" in readme
    assert "refused as a duplicate" in readme  # the import rule travels with the data


def test_the_parquet_export_holds_every_row(demo_db, tmp_path):
    path = archive.export_parquet(demo_db, tmp_path / "poise-parquet.zip")
    with zipfile.ZipFile(path) as z:
        z.extractall(tmp_path / "pq")
    counts = {t: len(pd.read_parquet(tmp_path / "pq" / f"{t}.parquet")) for t in ("checkin", "exercise_log")}
    assert counts == {"checkin": 120, "exercise_log": len(store.table_frame(demo_db, "exercise_log"))}


# --- import: round trip and idempotence --------------------------------------------


def test_a_demo_export_imported_into_a_fresh_file_equals_the_demo_row_for_row(demo_db, demo_export, fresh_db):
    report = archive.import_zip(fresh_db, demo_export, TODAY)
    assert report.ok and report.written, report.problems
    assert report.added["checkin"] == 120
    assert_same_data(snapshot(demo_db), snapshot(fresh_db))


def test_importing_the_same_export_twice_adds_nothing_the_second_time(demo_export, fresh_db):
    archive.import_zip(fresh_db, demo_export, TODAY)
    before = snapshot(fresh_db)
    again = archive.import_zip(fresh_db, demo_export, TODAY)
    assert again.ok and sum(again.added.values()) == 0 and not again.replaced
    assert again.unchanged["exercise_log"] == len(before["exercise_log"])
    assert_same_data(before, snapshot(fresh_db))


def test_a_changed_checkin_replaces_the_stored_one_and_keeps_the_old_in_the_audit(demo_db, demo_export, tmp_path):
    files = read_zip(demo_export)
    first_day = date.fromisoformat(files["checkin.csv"].splitlines()[1].split(",")[0])
    files["checkin.csv"] = edit_csv(files["checkin.csv"], 0, "pain_now", "7")
    report = archive.import_zip(demo_db, write_zip(tmp_path / "edited.zip", files), TODAY)
    assert report.ok and report.replaced == {"checkin": 1}
    assert store.get_checkin(demo_db, first_day)["pain_now"] == 7
    old = store.list_audit(demo_db, "checkin", first_day.isoformat())
    assert len(old) == 1 and json.loads(old["old_row"][0])["pain_now"] != 7


def test_an_export_comes_back_after_delete_everything_with_exercises_matched_by_name(demo_db, demo_export):
    before = snapshot(demo_db)
    archive.delete_everything(demo_db, "delete everything")
    assert store.exercise_id(demo_db, "Side plank") != before["exercise"].set_index("name").loc["Side plank", "id"]
    report = archive.import_zip(demo_db, demo_export, TODAY)
    assert report.ok, report.problems
    after = snapshot(demo_db)

    # Same history, pointing at the same exercises by name, under the library's new ids.
    def logged(snap):
        names = snap["exercise"].set_index("id")["name"]
        return sorted(zip(snap["exercise_log"]["id"], snap["exercise_log"]["exercise_id"].map(names), strict=True))

    assert logged(after) == logged(before)
    assert len(after["checkin"]) == 120 and len(after["session"]) == len(before["session"])


def test_a_custom_exercise_whose_id_is_taken_here_gets_a_new_id_and_its_rows_follow(fresh_db, tmp_path):
    other = store.open_database(tmp_path / "other.duckdb")
    from lib.models import ExerciseDef, VariableRule

    store.add_exercise(
        other,
        ExerciseDef(
            "Pallof press", "control", ("Resist the turn.",), (VariableRule("reps", 6, 1, 4, 12),), custom=True
        ),
    )
    store.save_session(
        other,
        day=TODAY,
        focus="control",
        duration_min=10,
        rpe=3,
        exercises=[{"exercise": "Pallof press", "reps": 6, "pain_during": 1}],
    )
    store.add_exercise(
        fresh_db,
        ExerciseDef(
            "Farmer walk", "strength", ("Tall.",), (VariableRule("distance_m", 20, 5, 10, 100, "m"),), custom=True
        ),
    )
    export = archive.export_zip(other, tmp_path / "other.zip")
    other.close()
    report = archive.import_zip(fresh_db, export, TODAY)
    assert report.ok, report.problems
    session = store.list_sessions(fresh_db, TODAY, TODAY)
    assert list(session["exercise"]) == ["Pallof press"]
    assert store.exercise_id(fresh_db, "Pallof press") != store.exercise_id(fresh_db, "Farmer walk")


# --- import: refusals --------------------------------------------------------------

REFUSALS = [
    # (id, file, data row, column, new value, expected line, expected field, words in the reason)
    ("a wrong header", "checkin.csv", -1, "pain_now", "pain", 1, "pain", "not a column of checkin"),
    ("a bad date", "checkin.csv", 2, "day", "2026-02-30", 4, "day", "must be a date"),
    ("pain 11", "checkin.csv", 0, "pain_now", "11", 2, "pain_now", "between 0 and 10; got 11"),
    ("text in a number column", "session.csv", 1, "duration_min", "twelve", 3, "duration_min", "whole number"),
    ("an unknown exercise", "exercise_log.csv", 4, "exercise_id", "999", 6, "exercise_id", "no exercise with id 999"),
    ("a future date", "checkin.csv", 119, "day", (TODAY + timedelta(days=3)).isoformat(), 121, "day", "future"),
    ("a wrong questionnaire total", "questionnaire_response.csv", 0, "total", "12", 2, "total", "does not match"),
    ("a setting of the wrong kind", "setting.csv", 0, "value", '"soon"', 2, "value", "must be a date"),
]


def _edit(files: dict[str, str], name: str, row: int, column: str, value: str) -> None:
    if row < 0:  # the header line
        files[name] = files[name].replace(column, value, 1)
    else:
        files[name] = edit_csv(files[name], row, column, value)


@pytest.mark.parametrize(
    ("file", "row", "column", "value", "line", "field", "words"),
    [r[1:] for r in REFUSALS],
    ids=[r[0] for r in REFUSALS],
)
def test_a_bad_row_is_reported_with_file_line_and_field_and_nothing_is_written(
    demo_export, fresh_db, tmp_path, file, row, column, value, line, field, words
):
    files = read_zip(demo_export)
    _edit(files, file, row, column, value)
    before = snapshot(fresh_db)
    report = archive.import_zip(fresh_db, write_zip(tmp_path / "bad.zip", files), TODAY)
    assert not report.ok and not report.written
    assert any(p.file == file and p.line == line and p.field == field and words in p.reason for p in report.problems), (
        report.problems
    )
    assert_same_data(before, snapshot(fresh_db))


def test_a_row_repeated_in_one_file_is_refused_as_a_duplicate(demo_export, fresh_db, tmp_path):
    files = read_zip(demo_export)
    lines = files["checkin.csv"].splitlines()
    files["checkin.csv"] = "\n".join([*lines, lines[5]]) + "\n"
    before = snapshot(fresh_db)
    report = archive.import_zip(fresh_db, write_zip(tmp_path / "dup.zip", files), TODAY)
    [problem] = report.problems
    assert (problem.file, problem.line, problem.field) == ("checkin.csv", 122, "day")
    assert "Duplicate" in problem.reason and "line 6" in problem.reason
    assert_same_data(before, snapshot(fresh_db))


def test_a_different_session_under_a_taken_id_is_refused_not_overwritten(demo_db, demo_export, tmp_path):
    files = read_zip(demo_export)
    files["session.csv"] = edit_csv(files["session.csv"], 0, "rpe", "9")
    before = snapshot(demo_db)
    report = archive.import_zip(demo_db, write_zip(tmp_path / "clash.zip", files), TODAY)
    [problem] = report.problems
    assert (problem.file, problem.line, problem.field) == ("session.csv", 2, "id")
    assert "never overwrites history" in problem.reason
    assert_same_data(before, snapshot(demo_db))


def test_every_bad_row_is_listed_not_just_the_first(demo_export, fresh_db, tmp_path):
    files = read_zip(demo_export)
    for row in (0, 3, 9):
        files["checkin.csv"] = edit_csv(files["checkin.csv"], row, "stress", "12")
    report = archive.import_zip(fresh_db, write_zip(tmp_path / "bad.zip", files), TODAY)
    assert [(p.line, p.field) for p in report.problems] == [(2, "stress"), (5, "stress"), (11, "stress")]
    assert report.summary().startswith("Nothing was imported: 3 rows need fixing")


def test_a_file_that_is_not_a_zip_is_refused_with_a_message(fresh_db, tmp_path):
    path = tmp_path / "notes.zip"
    path.write_text("hello")
    report = archive.import_zip(fresh_db, path, TODAY)
    assert not report.ok and "not a zip file" in report.problems[0].reason


def test_one_table_csv_imports_on_its_own(fresh_db, tmp_path):
    path = tmp_path / "checkin.csv"
    path.write_text(
        f"day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours\n{TODAY.isoformat()},3,2,7.5,6,4,6\n"
    )
    report = archive.import_zip(fresh_db, path, TODAY)
    assert report.ok and report.added == {"checkin": 1}
    assert store.get_checkin(fresh_db, TODAY)["sleep_hours"] == 7.5


def test_a_new_psfs_activity_whose_name_is_taken_is_refused_with_file_line_and_field(fresh_db):
    store.add_psfs_activity(fresh_db, "Tying shoes", day=TODAY)
    before = snapshot(fresh_db)
    text = f"id,name,added_on,retired_on\n7,Tying shoes,{TODAY},\n8,Gardening,{TODAY},\n9,gardening ,{TODAY},\n"
    report = archive.import_files(fresh_db, {"psfs_activity.csv": text}, TODAY)
    assert not report.written
    assert [(p.file, p.line, p.field) for p in report.problems] == [
        ("psfs_activity.csv", 2, "name"),
        ("psfs_activity.csv", 4, "name"),
    ]
    assert "'Tying shoes' is already stored here (id 1)" in report.problems[0].reason
    assert "already on line 3" in report.problems[1].reason  # names compare trimmed and ignoring case
    assert_same_data(before, snapshot(fresh_db))


def test_a_write_the_database_refuses_reports_its_own_reason_not_an_aborted_transaction(fresh_db):
    store.add_psfs_activity(fresh_db, "Tying shoes", day=TODAY)
    clash = pd.DataFrame({"id": [7], "name": ["Tying shoes"], "added_on": [pd.Timestamp(TODAY)]})
    with pytest.raises(StoreError) as refused:
        store.apply_import(fresh_db, {}, {"psfs_activity": [clash]})
    assert "unique" in refused.value.message and "Tying shoes" in refused.value.message
    assert "aborted" not in refused.value.message
    assert list(store.table_frame(fresh_db, "psfs_activity")["id"]) == [1]


def test_a_checkin_file_without_some_columns_keeps_their_stored_values_when_it_replaces_a_day(fresh_db):
    day = TODAY - timedelta(days=3)
    store.save_checkin(
        fresh_db,
        day=day,
        pain_now=3,
        stiffness=2,
        sleep_hours=7,
        sleep_quality=7,
        stress=3,
        sitting_hours=6,
        travel=True,
        flare_up=True,
        notes="long drive",
        today=TODAY,
    )
    text = (
        "day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours\n"
        f"{day},5,2,7,7,3,6\n{TODAY},1,1,8,8,1,2\n"
    )
    report = archive.import_files(fresh_db, {"checkin.csv": text}, TODAY)
    assert report.ok and report.replaced == {"checkin": 1} and report.added == {"checkin": 1}
    replaced = store.get_checkin(fresh_db, day)
    assert (replaced["pain_now"], replaced["travel"], replaced["flare_up"], replaced["notes"]) == (
        5,
        True,
        True,
        "long drive",
    )
    new = store.get_checkin(fresh_db, TODAY)
    assert (new["pain_now"], new["travel"], new["flare_up"], new["notes"]) == (1, False, False, "")


def test_a_checkin_file_without_some_columns_that_matches_the_stored_day_changes_nothing(fresh_db):
    store.save_checkin(
        fresh_db,
        day=TODAY,
        pain_now=3,
        stiffness=2,
        sleep_hours=7,
        sleep_quality=7,
        stress=3,
        sitting_hours=6,
        notes="sore after the flight",
        today=TODAY,
    )
    text = f"day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours\n{TODAY},3,2,7,7,3,6\n"
    report = archive.import_files(fresh_db, {"checkin.csv": text}, TODAY)
    assert report.ok and not report.replaced and report.unchanged == {"checkin": 1}
    assert store.get_checkin(fresh_db, TODAY)["notes"] == "sore after the flight"


def test_imported_settings_that_break_a_rule_between_two_settings_are_refused(fresh_db):
    store.set_setting(fresh_db, "pain_ceiling", 4)
    report = archive.import_files(fresh_db, {"setting.csv": "key,value\nsleep_hours_min,5.5\ngreen_max,4\n"}, TODAY)
    [problem] = report.problems
    assert (problem.file, problem.line, problem.field) == ("setting.csv", 3, "value")
    assert (
        "green_max" in problem.reason
        and "pain_ceiling" in problem.reason
        and "got green_max 4 and pain_ceiling 4" in problem.reason
    )
    assert store.all_settings(fresh_db)["sleep_hours_min"] == 6.0  # nothing written


def test_a_parquet_export_is_refused_with_a_plain_message(demo_db, fresh_db, tmp_path):
    path = archive.export_parquet(demo_db, tmp_path / "poise-parquet.zip")
    report = archive.import_zip(fresh_db, path, TODAY)
    [problem] = report.problems
    assert not report.written and "Parquet export" in problem.reason
    assert "only the CSV zip export" in problem.reason and "no CSV files" not in problem.reason
    single = archive.import_upload(fresh_db, "checkin.parquet", b"PAR1", TODAY)
    assert "only the CSV zip export" in single.problems[0].reason


def test_the_parquet_readme_lists_columns_but_no_import_rules(demo_db, tmp_path):
    path = archive.export_parquet(demo_db, tmp_path / "poise-parquet.zip")
    readme = read_zip_text(path, "README.txt")
    assert "checkin.parquet" in readme and "  - pain_now: INTEGER" in readme
    assert "refused as a duplicate" not in readme and "How an import treats" not in readme
    assert "Poise imports only its CSV zip export" in readme


def read_zip_text(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


# --- backups -----------------------------------------------------------------------


def test_a_backup_taken_while_the_connection_is_open_holds_every_row(demo_db, tmp_path):
    store.save_checkin(
        demo_db,
        day=TODAY,
        pain_now=6,
        stiffness=2,
        sleep_hours=7,
        sleep_quality=7,
        stress=3,
        sitting_hours=6,
        notes="just before the copy",
        today=TODAY,
    )
    copy = archive.backup(demo_db, tmp_path / "copy.duckdb")
    assert store.get_checkin(demo_db, TODAY)["pain_now"] == 6  # the app's connection still works
    assert not Path(str(copy) + ".wal").exists() and not copy.with_name(copy.name + ".partial").exists()
    other = duckdb.connect(str(copy), read_only=True)
    try:
        assert other.execute("SELECT notes FROM checkin WHERE day = ?", [TODAY]).fetchall() == [
            ("just before the copy",)
        ]
    finally:
        other.close()
    reopened = store.open_database(copy)  # a backup is a whole Poise database: migrations recorded, ids continue
    try:
        assert_same_data(snapshot(demo_db), snapshot(reopened))
        assert db.pending(reopened) == []
        new_id = store.save_session(reopened, day=TODAY, focus="control", duration_min=5, rpe=2, today=TODAY)
        assert new_id == int(snapshot(demo_db)["session"]["id"].max()) + 1
    finally:
        reopened.close()


def test_a_backup_never_overwrites_the_database_itself(fresh_db, fresh_path):
    with pytest.raises(StoreError, match="cannot overwrite"):
        archive.backup(fresh_db, fresh_path)


def test_the_first_open_of_a_day_makes_one_dated_copy(fresh_db, fresh_path):
    first = archive.daily_backup(fresh_db, TODAY)
    assert first == fresh_path.parent / "backups" / f"poise-{TODAY.isoformat()}.duckdb" and first.exists()
    assert archive.daily_backup(fresh_db, TODAY) is None  # the second open that day copies nothing


def test_daily_copies_keep_the_newest_fourteen_and_leave_other_backups_alone(fresh_db, fresh_path):
    manual = archive.backup_now(fresh_db, datetime(2026, 1, 1, 9, 0, 0))
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(20)]
    for day in days:
        archive.daily_backup(fresh_db, day)
    folder = fresh_path.parent / "backups"
    daily = sorted(p.name for p in folder.glob("poise-????-??-??.duckdb"))
    assert daily == [f"poise-{d.isoformat()}.duckdb" for d in days[-14:]]
    assert manual.exists()
    kinds = [b.kind for b in archive.list_backups(fresh_db)]
    assert kinds.count("daily") == 14 and kinds.count("by hand") == 1


def test_restore_brings_back_the_backup_and_copies_the_current_state_aside(demo_db, tmp_path):
    before = snapshot(demo_db)
    copy = archive.backup(demo_db, tmp_path / "copy.duckdb")
    store.save_checkin(
        demo_db,
        day=TODAY,
        pain_now=9,
        stiffness=9,
        sleep_hours=3,
        sleep_quality=1,
        stress=9,
        sitting_hours=12,
        notes="a bad day",
        today=TODAY,
    )
    replaced = snapshot(demo_db)
    safety = archive.restore(demo_db, copy)
    after = snapshot(demo_db)
    for table in store.TABLES:
        if table != "audit":
            pd.testing.assert_frame_equal(before[table], after[table], obj=table)
    # The audit table is the backup's, plus the state the restore replaced (issue 17, defect 9):
    # each row of it as a 'delete', and every audit row it held.
    restored_audit = after["audit"].sort_values("id").reset_index(drop=True)
    old_ids = set(before["audit"]["id"])
    rows = lambda df: [tuple(r) for r in df.sort_values("id").itertuples(index=False)]  # noqa: E731
    assert rows(restored_audit[restored_audit["id"].isin(old_ids)]) == rows(before["audit"])
    kept = restored_audit[~restored_audit["id"].isin(old_ids)]
    assert len(kept) == len(replaced["audit"]) + sum(len(replaced[t]) for t in store.TABLES if t != "audit")
    bad_day = kept[
        (kept["table_name"] == "checkin") & (kept["row_key"] == TODAY.isoformat()) & (kept["action"] == "delete")
    ]
    assert [json.loads(r)["notes"] for r in bad_day["old_row"]] == ["a bad day"]
    assert "before-restore" in safety.name
    undo = duckdb.connect(str(safety), read_only=True)
    try:
        assert undo.execute("SELECT notes FROM checkin WHERE day = ?", [TODAY]).fetchall() == [("a bad day",)]
    finally:
        undo.close()


def test_restore_refuses_a_file_that_is_not_there(fresh_db, tmp_path):
    with pytest.raises(StoreError, match="no backup file"):
        archive.restore(fresh_db, tmp_path / "missing.duckdb")


def test_delete_everything_needs_the_typed_phrase_and_keeps_a_final_backup(demo_db):
    with pytest.raises(ValidationError, match="delete everything"):
        archive.delete_everything(demo_db, "yes")
    assert len(store.table_frame(demo_db, "checkin")) == 120
    final = archive.delete_everything(demo_db, " Delete everything ")
    assert all(store.table_frame(demo_db, t).empty for t in store.TABLES if t not in ("exercise", "exercise_variable"))
    assert len(store.list_exercises(demo_db)) == len(store.load_library(demo_db)) > 0  # the default library is back
    kept = duckdb.connect(str(final), read_only=True)
    try:
        assert kept.execute("SELECT count(*) FROM checkin").fetchone()[0] == 120
    finally:
        kept.close()
