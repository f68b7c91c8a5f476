"""lib.db: a real file gets the schema, upgrades keep every row, a locked file says so."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from lib import db, store
from lib.errors import DatabaseLocked

EXPECTED_TABLES = {
    "exercise",
    "exercise_variable",
    "prescription",
    "checkin",
    "session",
    "exercise_log",
    "questionnaire_response",
    "psfs_activity",
    "progression_event",
    "ritual",
    "ritual_log",
    "setting",
    "audit",
    "schema_migration",
    "red_flag_report",
    "session_draft",
    "form_check",
    "exercise_media",
}


def tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_a_new_file_gets_the_whole_schema_and_the_default_library(fresh_db):
    assert tables(fresh_db) == EXPECTED_TABLES
    assert db.applied_versions(fresh_db) == [m.version for m in db.migrations()]
    assert len(store.exercise_names(fresh_db)) == 14


def test_the_default_path_follows_poise_db(monkeypatch, tmp_path):
    monkeypatch.setenv("POISE_DB", str(tmp_path / "elsewhere.duckdb"))
    assert db.default_path() == tmp_path / "elsewhere.duckdb"
    monkeypatch.delenv("POISE_DB")
    assert db.default_path() == db.ROOT / "data" / "poise.duckdb"


def test_reopening_an_up_to_date_file_changes_nothing(fresh_path):
    con = store.open_database(fresh_path)
    before = con.execute("SELECT version, applied_at FROM schema_migration ORDER BY version").fetchall()
    con.close()
    con = store.open_database(fresh_path)
    assert con.execute("SELECT version, applied_at FROM schema_migration ORDER BY version").fetchall() == before
    assert db.pending(con) == []
    assert con.execute("SELECT count(*) FROM exercise").fetchone()[0] == 14
    con.close()
    assert not list(fresh_path.parent.glob("*.before-*"))  # nothing to back up when nothing migrates


def test_an_older_file_upgrades_with_every_row_kept_and_a_copy_set_aside(fresh_path):
    old = store.open_database(fresh_path, upto=1)
    assert "audit" not in tables(old)
    old.execute(
        "INSERT INTO checkin (day, pain_now, stiffness, sleep_hours, sleep_quality, stress, sitting_hours) "
        "VALUES ('2026-11-01', 4, 3, 7.5, 6, 3, 6)"
    )
    old.execute("INSERT INTO session (day, focus, duration_min, rpe) VALUES ('2026-11-01', 'control', 10, 4)")
    old.close()

    con = store.open_database(fresh_path)
    assert "audit" in tables(con)
    assert con.execute("SELECT pain_now FROM checkin WHERE day = '2026-11-01'").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM session").fetchone() == (1,)
    con.close()
    backup = fresh_path.with_name("poise.before-002.duckdb")
    assert backup.exists()
    copy = store.open_database(backup, upto=1)  # the copy is the file as it was: still at version 1
    assert db.applied_versions(copy) == [1]
    copy.close()


def test_a_failing_migration_rolls_back_with_its_record(fresh_path, monkeypatch, tmp_path):
    store.open_database(fresh_path).close()
    broken = tmp_path / "migrations"
    broken.mkdir()
    for m in db.migrations():
        (broken / f"{m.version:03d}_{m.name}.sql").write_text(m.sql)
    (broken / "999_broken.sql").write_text("CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr(db, "MIGRATIONS_DIR", broken)
    with pytest.raises(Exception, match="no_such_table"):
        store.open_database(fresh_path)
    monkeypatch.undo()
    con = store.open_database(fresh_path)
    assert "half_done" not in tables(con)
    assert 999 not in db.applied_versions(con)
    con.close()


def test_a_second_process_gets_a_clear_message_naming_the_holder(fresh_path):
    store.open_database(fresh_path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(fresh_path)!r})
            print("held", flush=True)
            time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLocked) as caught:
            store.open_database(fresh_path)
        assert caught.value.message == (
            f"Poise's database is open in another program (PID {holder.pid}). "
            "Close it, or set POISE_DB to another file."
        )
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    store.open_database(fresh_path).close()  # free again once the other program closes


def test_a_write_that_fails_half_way_leaves_nothing_behind(fresh_db):
    with pytest.raises(ValueError), db.transaction(fresh_db) as cur:
        cur.execute(
            "INSERT INTO session (day, focus, duration_min, rpe) VALUES (?, 'control', 10, 4)", [date(2026, 11, 1)]
        )
        raise ValueError("stop half way")
    assert fresh_db.execute("SELECT count(*) FROM session").fetchone() == (0,)


def test_db_connect_migrates_a_new_file_but_seeds_nothing_and_never_imports_the_store(fresh_path):
    code = textwrap.dedent(f"""
        import sys
        from lib import db
        con = db.connect({str(fresh_path)!r})
        print(con.execute("SELECT count(*) FROM exercise").fetchone()[0], "lib.store" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=db.ROOT)
    assert out.stdout.split() == ["0", "False"]


def test_open_database_seeds_a_file_left_without_its_library_and_only_once(fresh_path):
    db.connect(fresh_path).close()  # migrated, no library (as after a kill between the two steps)
    con = store.open_database(fresh_path)
    assert len(store.exercise_names(con)) == 14
    con.close()
    con = store.open_database(fresh_path)
    assert con.execute("SELECT count(*) FROM exercise").fetchone()[0] == 14
    con.close()
