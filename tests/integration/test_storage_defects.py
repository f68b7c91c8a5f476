"""The storage defects of issue 17, one test (or a few) each: sequences, restore's checks, the audit
of a restore, odd types, the backups folder, and kept copies."""

from __future__ import annotations

import time
from datetime import date, timedelta

import duckdb
import numpy as np
import pandas as pd
import pytest

from lib import archive, db, store
from lib.errors import NotFound, PoiseError, StoreError, ValidationError
from lib.models import ID_MAX, check_flag, check_id, check_number
from tests.conftest import TODAY

DAY = date(2026, 11, 2)
PLANK = [{"exercise": "Side plank", "sets": 2, "hold_s": 20, "completed": True, "pain_during": 1}]


def save_day(con, day=DAY, **changes):
    values = (
        dict(
            day=day,
            pain_now=3,
            stiffness=2,
            sleep_hours=7.5,
            sleep_quality=7,
            stress=3,
            sitting_hours=6,
            travel=False,
            flare_up=False,
            notes="",
        )
        | changes
    )
    return store.save_checkin(con, **values)


def every_row(con) -> dict[str, list]:
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in store.TABLES}


# --- defect 2: sequences --------------------------------------------------------------------


def test_an_id_near_the_limit_moves_its_sequence_at_once_and_the_next_save_follows_it(fresh_db):
    near = ID_MAX - 5
    started = time.perf_counter()
    store.insert_frames(
        fresh_db,
        {"session": pd.DataFrame([{"id": near, "day": DAY, "focus": "control", "duration_min": 10, "rpe": 3}])},
    )
    assert time.perf_counter() - started < 5  # one nextval per id took 111 s for this row
    assert store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3, exercises=PLANK) == near + 1


def test_an_id_beyond_the_limit_never_reaches_a_sequence(fresh_db):
    frame = pd.DataFrame([{"id": 2**31 - 1, "day": DAY, "focus": "control", "duration_min": 10, "rpe": 3}])
    with pytest.raises(StoreError, match="above the largest"):
        store.insert_frames(fresh_db, {"session": frame})
    assert fresh_db.execute("SELECT count(*) FROM session").fetchone() == (0,)
    assert store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3) == 1


@pytest.mark.parametrize("value", [0, -3, ID_MAX + 1, 2**31, 2.5, "7", None, True])
def test_check_id_takes_only_whole_numbers_from_one_to_the_limit(value):
    with pytest.raises(ValidationError):
        check_id("session_id", value)


def test_an_import_with_an_id_outside_the_range_is_refused_with_file_line_and_column(fresh_db):
    header = "id,day,focus,duration_min,rpe,notes\n"
    for bad in (2147483000, -4, 0):
        report = archive.import_files(fresh_db, {"session.csv": header + f"{bad},{DAY},control,10,3,\n"}, TODAY)
        assert not report.ok
        assert [(p.file, p.line, p.field) for p in report.problems] == [("session.csv", 2, "id")]
    log = "id,session_id,exercise_id,completed,pain_during\n1,2147483000,1,true,1\n"
    report = archive.import_files(fresh_db, {"exercise_log.csv": log}, TODAY)
    assert [(p.file, p.line, p.field) for p in report.problems] == [("exercise_log.csv", 2, "session_id")]
    assert fresh_db.execute("SELECT count(*) FROM session").fetchone() == (0,)


def break_the_session_sequence(con) -> None:
    """What an older Poise left after importing an id near 2**31: the sequence at the INTEGER maximum."""
    con.execute(
        "ALTER TABLE session ALTER COLUMN id DROP DEFAULT; DROP SEQUENCE session_id_seq; "
        "CREATE SEQUENCE session_id_seq START 2147483648; "
        "ALTER TABLE session ALTER COLUMN id SET DEFAULT nextval('session_id_seq')"
    )
    with pytest.raises(StoreError):
        store.save_session(con, day=DAY, focus="control", duration_min=10, rpe=3)


def test_delete_everything_repairs_a_sequence_at_the_integer_maximum(fresh_db):
    break_the_session_sequence(fresh_db)
    archive.delete_everything(fresh_db, "delete everything")
    assert store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3, exercises=PLANK) == 1


def test_restore_repairs_a_sequence_at_the_integer_maximum(fresh_db, tmp_path):
    store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3, exercises=PLANK)
    copy = archive.backup(fresh_db, tmp_path / "copy.duckdb")
    break_the_session_sequence(fresh_db)
    archive.restore(fresh_db, copy)
    assert store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3) == 2


# --- defect 8: restore checks it is a Poise file; a newer Poise's file is refused -----------


def make_file(path, sql: str):
    con = duckdb.connect(str(path))
    if sql:
        con.execute(sql)
    con.close()
    return path


@pytest.mark.parametrize(
    "sql, reason",
    [
        ("", "no schema_migration table"),
        (
            "CREATE TABLE invoices (id INTEGER, amount DOUBLE); INSERT INTO invoices VALUES (1, 9.5)",
            "no schema_migration table",
        ),
        (
            "CREATE TABLE schema_migration (version INTEGER, name VARCHAR, applied_at TIMESTAMP); "
            "INSERT INTO schema_migration VALUES (1, 'schema', now())",
            "lacks the table",
        ),
        (
            "CREATE TABLE schema_migration (version INTEGER, name VARCHAR, applied_at TIMESTAMP); "
            "INSERT INTO schema_migration VALUES (1, 'schema', now()), (999, 'future', now())",
            "newer version of Poise",
        ),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_poise_database_before_touching_anything(demo_db, tmp_path, sql, reason):
    source = make_file(tmp_path / "other.duckdb", sql)
    before = every_row(demo_db)
    with pytest.raises(StoreError, match=reason):
        archive.restore(demo_db, source)
    assert every_row(demo_db) == before
    assert not [b for b in archive.list_backups(demo_db) if b.kind == "before restore"]  # not even a safety copy


def test_restore_refuses_a_file_that_is_not_a_database_at_all(fresh_db, tmp_path):
    junk = tmp_path / "notes.duckdb"
    junk.write_bytes(b"my shopping list\n" * 100)
    with pytest.raises(StoreError, match="not a Poise database"):
        archive.restore(fresh_db, junk)


def test_a_file_from_a_newer_poise_does_not_open_silently(fresh_path):
    con = store.open_database(fresh_path)
    con.execute("INSERT INTO schema_migration (version, name) VALUES (999, 'from_the_future')")
    con.close()
    with pytest.raises(StoreError, match="newer version of Poise"):
        store.open_database(fresh_path)
    raw = duckdb.connect(str(fresh_path), read_only=True)
    assert raw.execute("SELECT max(version) FROM schema_migration").fetchone() == (999,)  # untouched
    raw.close()


# --- defect 9: a restore keeps the state it replaced in the audit table -----------------------


def test_a_restore_keeps_every_replaced_row_in_the_restored_audit_table(fresh_db, tmp_path):
    save_day(fresh_db, notes="before the backup")
    copy = archive.backup(fresh_db, tmp_path / "copy.duckdb")
    save_day(fresh_db, day=DAY + timedelta(days=1), notes="after the backup")
    sid = store.save_session(fresh_db, day=DAY, focus="control", duration_min=10, rpe=3, exercises=PLANK)
    archive.restore(fresh_db, copy)
    assert store.get_checkin(fresh_db, DAY + timedelta(days=1)) is None
    kept = store.list_audit(fresh_db)
    assert set(kept["row_key"][kept["table_name"] == "checkin"]) >= {
        DAY.isoformat(),
        (DAY + timedelta(days=1)).isoformat(),
    }
    assert str(sid) in set(kept["row_key"][kept["table_name"] == "session"])
    assert "after the backup" in " ".join(kept["old_row"])


# --- defect 11: odd types raise ValidationError naming the field -------------------------------


class EvilEq:
    def __eq__(self, other):
        raise RuntimeError("no comparing me")

    __ne__ = __eq__
    __hash__ = object.__hash__


ODD = [pd.NA, np.array([True, False]), pd.Series([True]), [1], EvilEq(), np.nan]


@pytest.mark.parametrize("odd", ODD, ids=lambda v: type(v).__name__)
def test_an_odd_value_in_a_checkin_is_refused_naming_the_field(fresh_db, odd):
    before = every_row(fresh_db)
    for field in ("pain_now", "travel", "flare_up", "notes", "day"):  # required (the others may be unknown: None)
        with pytest.raises(ValidationError) as refused:
            save_day(fresh_db, **{field: odd})
        assert refused.value.field == field
        assert every_row(fresh_db) == before


@pytest.mark.parametrize("odd", ODD, ids=lambda v: type(v).__name__)
def test_odd_values_elsewhere_are_refused_naming_the_field(fresh_db, odd):
    before = every_row(fresh_db)
    writes = {
        "instrument": lambda: store.save_questionnaire(fresh_db, odd, {}, day=DAY),
        "active": lambda: store.set_exercise_active(fresh_db, "Side plank", odd),
        "done": lambda: store.tick_ritual(fresh_db, 1, DAY, odd),
        "completed": lambda: store.save_session(
            fresh_db, day=DAY, focus="control", duration_min=10, rpe=3, exercises=[{**PLANK[0], "completed": odd}]
        ),
        "focus": lambda: store.save_session(fresh_db, day=DAY, focus=odd, duration_min=10, rpe=3),
        "deload_every_weeks": lambda: store.set_setting(fresh_db, "deload_every_weeks", odd),
        "settings": lambda: store.set_settings(fresh_db, odd),
    }
    if not isinstance(odd, list | np.ndarray | pd.Series):  # a dict key must hash: the unhashable ones cannot be one
        writes["setting"] = lambda: store.reset_setting(fresh_db, odd)
    for field, write in writes.items():
        if field == "done":
            store.save_ritual(fresh_db, cue="After coffee", movement="Cat-camel")
            before = every_row(fresh_db)
        with pytest.raises(ValidationError) as refused:
            write()
        assert refused.value.field in {field, "settings", "setting"}, (field, refused.value.field)
        assert every_row(fresh_db) == before, field


@pytest.mark.parametrize("odd", ODD, ids=lambda v: type(v).__name__)
def test_the_checks_themselves_refuse_odd_values_with_validation_error(odd):
    with pytest.raises(ValidationError):
        check_number("pain_now", odd, 0, 10)
    with pytest.raises(ValidationError):
        check_flag("travel", odd)


def test_numpy_booleans_are_flags_and_not_numbers():
    assert check_flag("travel", np.bool_(True)) is True
    with pytest.raises(ValidationError):
        check_number("pain_now", np.bool_(True), 0, 10)


# --- defect 12 and 15: the backups folder, kept copies ------------------------------------------


def test_a_file_named_backups_gives_a_clear_message_and_no_partial_copy(fresh_db, fresh_path):
    (fresh_path.parent / "backups").write_text("not a folder")
    for make in (lambda: archive.daily_backup(fresh_db, TODAY), lambda: archive.backup_now(fresh_db)):
        with pytest.raises(StoreError, match="a file has that name|a file stands where"):
            make()
    assert archive.list_backups(fresh_db) == []
    assert sorted(p.name for p in fresh_path.parent.iterdir()) == ["backups", "poise.duckdb"]


def test_a_file_where_the_database_folder_should_be_gives_a_clear_message(tmp_path):
    (tmp_path / "data").write_text("not a folder")
    with pytest.raises(StoreError, match="a file has that name|not a folder"):
        store.open_database(tmp_path / "data" / "poise.duckdb")


def test_a_kept_copy_can_be_deleted_by_its_listed_name_only(fresh_db, fresh_path):
    manual = archive.backup_now(fresh_db)
    assert [b.path for b in archive.list_backups(fresh_db)] == [manual]
    for name in ("../poise.duckdb", "poise.duckdb", "elsewhere.duckdb"):
        with pytest.raises(NotFound):
            archive.delete_backup(fresh_db, name)
    assert fresh_path.exists()
    assert archive.delete_backup(fresh_db, manual.name) == manual
    assert not manual.exists() and archive.list_backups(fresh_db) == []


def test_a_backup_leaves_no_wal_beside_it_and_holds_every_row_alone(fresh_db, tmp_path):
    for n in range(30):
        save_day(fresh_db, day=DAY - timedelta(days=n), notes=f"day {n}")
    copy = archive.backup(fresh_db, tmp_path / "copy.duckdb")
    assert not copy.with_name(copy.name + ".wal").exists() and not list(tmp_path.glob("*.partial*"))
    raw = duckdb.connect(str(copy), read_only=True)
    assert raw.execute("SELECT count(*) FROM checkin").fetchone() == (30,)
    raw.close()


def test_every_store_error_is_a_poise_error():
    assert issubclass(StoreError, PoiseError)


def test_the_tables_a_poise_file_must_hold_follow_a_migration_that_rebuilds_a_table(monkeypatch, tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    for m in db.migrations():
        (folder / f"{m.version:03d}_{m.name}.sql").write_text(m.sql)
    (folder / "900_rebuild.sql").write_text(
        "-- CREATE TABLE not_this_one (x INTEGER);\n"
        "CREATE TABLE session_new AS SELECT * FROM session;\nDROP TABLE session;\n"
        "ALTER TABLE session_new RENAME TO session;\nCREATE TEMP TABLE scratch (x INTEGER);"
    )
    monkeypatch.setattr(db, "MIGRATIONS_DIR", folder)
    assert db.created_tables() == db.created_tables(899)
    assert "session" in db.created_tables() and "not_this_one" not in db.created_tables()
