"""Check-ins, sessions and rituals on a real file: saved whole, replaced with history, never half-written."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import db, store
from lib.errors import NotFound, ValidationError

DAY = date(2026, 11, 2)
TODAY = date(2026, 11, 22)
CHECKIN = dict(day=DAY, pain_now=3, stiffness=2, sleep_hours=7.5, sleep_quality=7, stress=3, sitting_hours=6,
               travel=False, flare_up=False, notes="", today=TODAY)


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # test-only; names from the allow-list
            for t in store.TABLES}


def test_a_checkin_reads_back_as_saved_with_the_long_desk_day_derived(fresh_db):
    store.save_checkin(fresh_db, **{**CHECKIN, "sitting_hours": 8.5})
    row = store.get_checkin(fresh_db, DAY)
    assert row["pain_now"] == 3 and row["sleep_hours"] == 7.5 and row["sitting_hours"] == 8.5
    assert row["long_desk_day"]  # 8.5 h >= the 8 h default


def test_saving_a_date_again_replaces_it_and_keeps_the_old_values(fresh_db):
    store.save_checkin(fresh_db, **CHECKIN)
    store.save_checkin(fresh_db, **{**CHECKIN, "pain_now": 6, "notes": "worse"})
    assert len(store.list_checkins(fresh_db, DAY, DAY)) == 1
    assert store.get_checkin(fresh_db, DAY)["pain_now"] == 6
    audit = store.list_audit(fresh_db, "checkin", DAY.isoformat())
    assert len(audit) == 1 and json.loads(audit.iloc[0]["old_row"])["pain_now"] == 3


def test_deleting_a_checkin_keeps_it_in_the_audit_trail(fresh_db):
    store.save_checkin(fresh_db, **CHECKIN)
    assert store.delete_checkin(fresh_db, DAY)
    assert store.get_checkin(fresh_db, DAY) is None
    assert list(store.list_audit(fresh_db, "checkin")["action"]) == ["delete"]
    assert not store.delete_checkin(fresh_db, DAY)


def test_a_session_and_its_exercises_read_back_as_logged(fresh_db):
    sid = store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, notes="ok", today=TODAY,
                             exercises=[{"exercise": "side PLANK", "sets": 2, "hold_s": 20, "completed": True,
                                         "pain_during": 1},
                                        {"exercise": "Bird dog", "reps": 6, "completed": False, "pain_during": 3}])
    session = store.get_session(fresh_db, sid)
    assert (session["focus"], session["duration_min"], session["rpe"], session["notes"]) == ("control", 12, 4, "ok")
    assert session["exercises"] == [
        {"exercise": "Side plank", "variant": "On knees", "completed": True, "pain_during": 1, "sets": 2.0,
         "hold_s": 20.0},
        {"exercise": "Bird dog", "variant": None, "completed": False, "pain_during": 3, "reps": 6.0},
    ]
    rows = store.list_sessions(fresh_db, DAY, DAY)
    assert list(rows["exercise"]) == ["Side plank", "Bird dog"]


def test_more_than_one_session_a_day_is_allowed(fresh_db):
    for minutes in (12, 3):
        store.save_session(fresh_db, day=DAY, focus="mobility", duration_min=minutes, rpe=2, today=TODAY)
    assert list(store.list_session_summaries(fresh_db, DAY, DAY)["duration_min"]) == [3, 12]


@pytest.mark.parametrize(("exercise", "message"), [
    ({"exercise": "Handstand", "reps": 3, "pain_during": 0}, "there is no exercise called 'Handstand'"),
    ({"exercise": "Cat-camel", "hold_s": 20, "pain_during": 0}, "hold_s is not a variable of Cat-camel"),
    ({"exercise": "Side plank", "hold_s": 20}, "pain_during"),
    ({"exercise": "Side plank", "hold_s": 20, "pain_during": 11}, "pain_during must be between 0 and 10; got 11"),
    ({"exercise": "Side plank", "variant": "On one hand", "pain_during": 0}, "has no variant 'On one hand'"),
], ids=["unknown exercise", "variable it does not use", "missing pain", "pain 11", "unknown variant"])
def test_a_bad_exercise_row_refuses_the_whole_session(fresh_db, exercise, message):
    good = {"exercise": "Bird dog", "reps": 6, "pain_during": 0}
    before = counts(fresh_db)
    with pytest.raises(ValidationError, match=message):
        store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY,
                           exercises=[good, exercise])
    assert counts(fresh_db) == before


def test_editing_a_session_replaces_its_rows_and_keeps_the_old_version(fresh_db):
    sid = store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY,
                             exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}])
    store.save_session(fresh_db, day=DAY, focus="control", duration_min=15, rpe=5, today=TODAY, session_id=sid,
                       exercises=[{"exercise": "Dead bug", "reps": 5, "pain_during": 0}])
    session = store.get_session(fresh_db, sid)
    assert session["duration_min"] == 15 and [e["exercise"] for e in session["exercises"]] == ["Dead bug"]
    old = json.loads(store.list_audit(fresh_db, "session", sid).iloc[0]["old_row"])
    assert old["session"]["duration_min"] == 12 and len(old["exercises"]) == 1


def test_deleting_a_session_removes_its_rows_and_keeps_both_in_the_audit_trail(fresh_db):
    sid = store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY,
                             exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}])
    store.delete_session(fresh_db, sid)
    assert store.list_sessions(fresh_db, DAY, DAY).empty
    assert fresh_db.execute("SELECT count(*) FROM exercise_log").fetchone() == (0,)
    assert store.list_audit(fresh_db, "session", sid).iloc[0]["action"] == "delete"
    with pytest.raises(NotFound):
        store.delete_session(fresh_db, sid)


def test_rituals_tick_once_a_day_and_retire_without_losing_ticks(fresh_db):
    rid = store.save_ritual(fresh_db, cue="After morning coffee", movement="3 min cat-camel", minutes=3, today=TODAY)
    store.tick_ritual(fresh_db, rid, DAY)
    store.tick_ritual(fresh_db, rid, DAY)
    assert store.ritual_ticks(fresh_db, DAY) == {rid}
    store.retire_ritual(fresh_db, rid, TODAY)
    assert store.list_rituals(fresh_db).empty
    assert store.ritual_ticks(fresh_db, DAY) == {rid}
    store.tick_ritual(fresh_db, rid, DAY, done=False)
    assert store.ritual_ticks(fresh_db, DAY) == set()


HALF_HOURS = st.integers(0, 48).map(lambda n: n / 2)
VALID_CHECKIN = st.fixed_dictionaries({
    "day": st.dates(date(2025, 1, 1), TODAY),
    "pain_now": st.integers(0, 10), "stiffness": st.integers(0, 10), "sleep_hours": HALF_HOURS,
    "sleep_quality": st.integers(0, 10), "stress": st.integers(0, 10), "sitting_hours": HALF_HOURS,
    "travel": st.booleans(), "flare_up": st.booleans(), "notes": st.text(max_size=30),
})
JUNK = st.one_of(st.integers(-5, 30), st.floats(allow_nan=True), st.text(max_size=3), st.none(),
                 st.dates(date(2026, 11, 23), date(2027, 1, 1)))
# A valid check-in, or one with a single field replaced by anything at all.
CHECKIN_VALUES = st.one_of(
    VALID_CHECKIN,
    st.tuples(VALID_CHECKIN, st.sampled_from(list(CHECKIN)[:-1]), JUNK).map(lambda t: {**t[0], t[1]: t[2]}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=CHECKIN_VALUES)
def test_any_checkin_either_reads_back_equal_or_is_refused_with_nothing_written(fresh_path, values):
    con = db.connect(fresh_path)
    try:
        before = con.execute("SELECT * FROM checkin ORDER BY day").fetchall()
        try:
            store.save_checkin(con, **values, today=TODAY)
        except ValidationError:
            assert con.execute("SELECT * FROM checkin ORDER BY day").fetchall() == before
            return
        row = store.get_checkin(con, values["day"])
        for field, value in values.items():
            assert row[field] == value, field
    finally:
        con.execute("DELETE FROM checkin; DELETE FROM audit")
        con.close()


def test_list_checkins_covers_exactly_the_range(fresh_db):
    for offset in range(5):
        store.save_checkin(fresh_db, **{**CHECKIN, "day": DAY + timedelta(days=offset)})
    df = store.list_checkins(fresh_db, DAY + timedelta(days=1), DAY + timedelta(days=3))
    assert list(df["day"]) == [DAY + timedelta(days=i) for i in (1, 2, 3)]
