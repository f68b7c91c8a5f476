"""Honest entry on real files: unknown is stored as NULL, carried by export and import, and an old file upgrades."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import pytest

from lib import archive, db, store
from lib.errors import ValidationError
from tests.conftest import TODAY

YESTERDAY = TODAY - timedelta(days=1)


def test_a_checkin_with_only_pain_stores_every_other_answer_as_unknown(fresh_db):
    store.save_checkin(fresh_db, day=TODAY, pain_now=3, today=TODAY)
    row = fresh_db.execute(
        "SELECT stiffness, sleep_hours, sleep_quality, stress, sitting_hours FROM checkin"
    ).fetchone()
    assert row == (None, None, None, None, None)
    assert store.get_checkin(fresh_db, TODAY)["sleep_hours"] is None


def test_a_script_names_the_field_and_a_page_its_label_from_one_table(fresh_db):
    with pytest.raises(ValidationError) as caught:
        store.save_checkin(fresh_db, day=TODAY, pain_now=2, sleep_hours=30, sitting_hours=30, today=TODAY)
    assert str(caught.value) == (
        "sleep_hours must be between 0 and 24; got 30. sitting_hours must be between 0 and 24; got 30."
    )
    assert caught.value.message == "Sleep must be between 0 and 24; got 30. Sitting must be between 0 and 24; got 30."
    assert [p.field for p in caught.value.problems] == ["sleep_hours", "sitting_hours"]
    assert store.get_checkin(fresh_db, TODAY) is None


def test_a_skipped_session_keeps_its_reason_and_is_neither_practice_nor_load(fresh_db):
    sid = store.save_session(fresh_db, day=TODAY, focus="control", skipped=True, skip_reason="pain", today=TODAY)
    got = store.get_session(fresh_db, sid)
    assert (got["skipped"], got["skip_reason"], got["duration_min"], got["rpe"], got["exercises"]) == (
        True,
        "pain",
        None,
        None,
        [],
    )
    daily = store.daily_pain_and_load(fresh_db, TODAY, TODAY)
    assert (daily["sessions"].iloc[0], daily["load"].iloc[0]) == (0, 0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            dict(skipped=True, skip_reason="bored"),
            "Reason for skipping must be one of pain, time, travel, other; got 'bored'.",
        ),
        (dict(duration_min=10, rpe=3, skip_reason="time"), "Reason for skipping is only for a skipped session."),
        (
            dict(skipped=True, exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}]),
            "A skipped session has no exercises: untick the rows, or save it as done.",
        ),
        (
            dict(),
            "Duration: how many minutes did it take, 1–240 min. Effort: pick how hard the whole session felt, 0–10.",
        ),
    ],
    ids=["unknown-reason", "reason-on-a-done-session", "rows-on-a-skipped-one", "a-done-one-without-minutes"],
)
def test_a_session_that_says_two_things_at_once_is_refused_and_nothing_is_written(fresh_db, values, message):
    with pytest.raises(ValidationError) as caught:
        store.save_session(fresh_db, day=TODAY, focus="control", today=TODAY, **values)
    assert caught.value.message == message
    assert fresh_db.execute("SELECT count(*) FROM session").fetchone() == (0,)


def test_a_row_not_done_needs_no_pain_and_a_row_done_does(fresh_db):
    sid = store.save_session(
        fresh_db,
        day=TODAY,
        focus="control",
        duration_min=8,
        rpe=3,
        today=TODAY,
        exercises=[{"exercise": "Bird dog", "reps": 6, "completed": False}],
    )
    assert store.get_session(fresh_db, sid)["exercises"][0]["pain_during"] is None
    with pytest.raises(ValidationError) as caught:
        store.save_session(
            fresh_db,
            day=TODAY,
            focus="control",
            duration_min=8,
            rpe=3,
            today=TODAY,
            exercises=[{"exercise": "Bird dog", "reps": 6}],
        )
    assert caught.value.message == "Bird dog: Pain during: pick the peak pain during, 0–10."


def test_a_file_of_the_previous_schema_upgrades_keeping_every_row(fresh_path):
    old = store.open_database(fresh_path, upto=2)
    old.execute(
        "INSERT INTO checkin (day, pain_now, stiffness, sleep_hours, sleep_quality, stress, sitting_hours) "
        "VALUES (?, 3, 2, 7.5, 6, 4, 5)",
        [YESTERDAY],
    )
    sid = old.execute(
        "INSERT INTO session (day, focus, duration_min, rpe, notes) VALUES (?, 'control', 12, 4, 'ok') RETURNING id",
        [YESTERDAY],
    ).fetchone()[0]
    old.execute(
        "INSERT INTO exercise_log (session_id, exercise_id, position, reps, completed, pain_during) "
        "VALUES (?, 1, 1, 6, TRUE, 2)",
        [sid],
    )
    old.close()
    con = store.open_database(fresh_path)
    try:
        assert db.applied_versions(con)[-1] >= 3
        got = store.get_session(con, sid)
        assert (got["day"], got["duration_min"], got["rpe"], got["notes"], got["skipped"]) == (
            YESTERDAY,
            12,
            4,
            "ok",
            False,
        )
        assert [e["pain_during"] for e in got["exercises"]] == [2]
        assert store.get_checkin(con, YESTERDAY)["sleep_hours"] == 7.5
        # The ids go on from where they were: a new session takes the next id, not one already used.
        assert store.save_session(con, day=TODAY, focus="control", skipped=True, today=TODAY) > sid
    finally:
        con.close()
    assert fresh_path.with_name(f"{fresh_path.stem}.before-003.duckdb").exists()


def test_unknowns_survive_an_export_and_an_import_into_a_fresh_file(fresh_db, tmp_path):
    store.save_checkin(fresh_db, day=YESTERDAY, pain_now=4, stress=6, today=TODAY)
    store.save_session(fresh_db, day=YESTERDAY, focus="control", skipped=True, skip_reason="travel", today=TODAY)
    store.save_session(
        fresh_db,
        day=YESTERDAY,
        focus="control",
        duration_min=9,
        rpe=3,
        today=TODAY,
        exercises=[{"exercise": "Bird dog", "reps": 6, "completed": False}],
    )
    path = archive.export_zip(fresh_db, tmp_path / "export.zip")
    other = store.open_database(tmp_path / "other.duckdb")
    try:
        assert archive.import_zip(other, path, TODAY).ok
        checkin = store.get_checkin(other, YESTERDAY)
        assert (checkin["pain_now"], checkin["stress"], checkin["sleep_hours"], checkin["stiffness"]) == (
            4,
            6,
            None,
            None,
        )
        summaries = store.list_session_summaries(other, YESTERDAY, YESTERDAY).sort_values("id")
        assert summaries["skipped"].tolist() == [True, False]
        assert summaries["skip_reason"].tolist()[0] == "travel"
        assert other.execute("SELECT pain_during FROM exercise_log").fetchall() == [(None,)]
    finally:
        other.close()


def test_a_csv_empty_cell_is_unknown_where_allowed_and_refused_by_name_where_not(fresh_db, tmp_path):
    allowed = tmp_path / "checkin.csv"
    allowed.write_text(f"day,pain_now,stiffness,sleep_hours\n{TODAY.isoformat()},3,,\n")
    assert archive.import_zip(fresh_db, allowed, TODAY).ok
    assert store.get_checkin(fresh_db, TODAY)["stiffness"] is None
    refused = tmp_path / "poise-export.zip"
    with zipfile.ZipFile(refused, "w") as z:
        z.writestr("checkin.csv", f"day,pain_now,stiffness\n{YESTERDAY.isoformat()},,2\n")
    report = archive.import_zip(fresh_db, refused, TODAY)
    assert not report.ok
    assert [(p.line, p.field) for p in report.problems] == [(2, "pain_now")]
    assert store.get_checkin(fresh_db, YESTERDAY) is None
