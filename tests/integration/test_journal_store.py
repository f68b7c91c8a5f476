"""Check-ins, sessions and rituals on a real file: saved whole, replaced with history, never half-written."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import store
from lib.errors import NotFound, StoreError, ValidationError
from lib.models import FOCI, VARIABLES

DAY = date(2026, 11, 2)
TODAY = date(2026, 11, 22)
CHECKIN = dict(
    day=DAY,
    pain_now=3,
    stiffness=2,
    sleep_hours=7.5,
    sleep_quality=7,
    stress=3,
    sitting_hours=6,
    travel=False,
    flare_up=False,
    notes="",
    today=TODAY,
)


def counts(con) -> dict[str, int]:
    return {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # test-only; names from the allow-list
        for t in store.TABLES
    }


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
    sid = store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=12,
        rpe=4,
        notes="ok",
        today=TODAY,
        exercises=[
            {"exercise": "side PLANK", "sets": 2, "hold_s": 20, "completed": True, "pain_during": 1},
            {"exercise": "Bird dog", "reps": 6, "completed": False, "pain_during": 3},
        ],
    )
    session = store.get_session(fresh_db, sid)
    assert (session["focus"], session["duration_min"], session["rpe"], session["notes"]) == ("control", 12, 4, "ok")
    assert session["exercises"] == [
        {
            "exercise": "Side plank",
            "variant": "On knees",
            "completed": True,
            "pain_during": 1,
            "sets": 2.0,
            "hold_s": 20.0,
        },
        {"exercise": "Bird dog", "variant": None, "completed": False, "pain_during": 3, "reps": 6.0},
    ]
    rows = store.list_sessions(fresh_db, DAY, DAY)
    assert list(rows["exercise"]) == ["Side plank", "Bird dog"]


def test_more_than_one_session_a_day_is_allowed(fresh_db):
    for minutes in (12, 3):
        store.save_session(fresh_db, day=DAY, focus="mobility", duration_min=minutes, rpe=2, today=TODAY)
    assert list(store.list_session_summaries(fresh_db, DAY, DAY)["duration_min"]) == [3, 12]


@pytest.mark.parametrize(
    ("exercise", "message"),
    [
        ({"exercise": "Handstand", "reps": 3, "pain_during": 0}, "there is no exercise called 'Handstand'"),
        ({"exercise": "Cat-camel", "hold_s": 20, "pain_during": 0}, "hold_s is not a variable of Cat-camel"),
        ({"exercise": "Side plank", "hold_s": 20}, "pain_during"),
        ({"exercise": "Side plank", "hold_s": 20, "pain_during": 11}, "pain_during must be between 0 and 10; got 11"),
        (
            {"exercise": "side plank", "hold_s": 601, "pain_during": 0},
            "^Side plank: hold_s must be between 0 and 600; got 601",
        ),
        ({"exercise": "Side plank", "variant": "On one hand", "pain_during": 0}, "has no variant 'On one hand'"),
    ],
    ids=["unknown exercise", "variable it does not use", "missing pain", "pain 11", "hold 601", "unknown variant"],
)
def test_a_bad_exercise_row_refuses_the_whole_session(fresh_db, exercise, message):
    good = {"exercise": "Bird dog", "reps": 6, "pain_during": 0}
    before = counts(fresh_db)
    with pytest.raises(ValidationError, match=message):
        store.save_session(
            fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY, exercises=[good, exercise]
        )
    assert counts(fresh_db) == before


def test_editing_a_session_replaces_its_rows_and_keeps_the_old_version(fresh_db):
    sid = store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=12,
        rpe=4,
        today=TODAY,
        exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}],
    )
    store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=15,
        rpe=5,
        today=TODAY,
        session_id=sid,
        exercises=[{"exercise": "Dead bug", "reps": 5, "pain_during": 0}],
    )
    session = store.get_session(fresh_db, sid)
    assert session["duration_min"] == 15 and [e["exercise"] for e in session["exercises"]] == ["Dead bug"]
    old = json.loads(store.list_audit(fresh_db, "session", sid).iloc[0]["old_row"])
    assert old["session"]["duration_min"] == 12 and len(old["exercises"]) == 1


def test_deleting_a_session_removes_its_rows_and_keeps_both_in_the_audit_trail(fresh_db):
    sid = store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=12,
        rpe=4,
        today=TODAY,
        exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}],
    )
    store.delete_session(fresh_db, sid)
    assert store.list_sessions(fresh_db, DAY, DAY).empty
    assert fresh_db.execute("SELECT count(*) FROM exercise_log").fetchone() == (0,)
    assert store.list_audit(fresh_db, "session", sid).iloc[0]["action"] == "delete"
    with pytest.raises(NotFound):
        store.delete_session(fresh_db, sid)


def test_an_exercise_rows_error_says_which_exercise(fresh_db):
    with pytest.raises(ValidationError) as caught:
        store.save_session(
            fresh_db,
            day=DAY,
            focus="control",
            duration_min=12,
            rpe=4,
            today=TODAY,
            exercises=[
                {"exercise": "Bird dog", "reps": 6, "pain_during": 0},
                {"exercise": "side plank", "hold_s": 20, "pain_during": 11},
            ],
        )
    assert caught.value.field == "pain_during"
    assert caught.value.message == "Side plank: Pain during must be between 0 and 10; got 11."
    assert str(caught.value) == "Side plank: pain_during must be between 0 and 10; got 11."


def test_numpy_numbers_from_a_dataframe_save_as_plain_numbers(fresh_db):
    import numpy as np

    sid = store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=np.int64(12),
        rpe=np.int64(4),
        today=TODAY,
        exercises=[
            {"exercise": "Bird dog", "reps": np.int64(6), "pain_during": np.int64(1), "completed": np.bool_(True)}
        ],
    )
    session = store.get_session(fresh_db, sid)
    assert (session["duration_min"], session["rpe"]) == (12, 4)
    assert session["exercises"][0] == {
        "exercise": "Bird dog",
        "variant": None,
        "completed": True,
        "pain_during": 1,
        "reps": 6.0,
    }
    store.save_checkin(fresh_db, **{**CHECKIN, "pain_now": np.int64(4), "sleep_hours": np.float64(7.0)})
    assert store.get_checkin(fresh_db, DAY)["pain_now"] == 4


@pytest.mark.parametrize(
    ("exercises", "message"),
    [
        (None, "exercises must be a list of exercise rows; got None."),
        ("Side plank", "exercises must be a list of exercise rows; got 'Side plank'."),
        ({"exercise": "Side plank"}, "exercises must be a list of exercise rows; got a dict."),
        (
            [{"exercise": "Bird dog", "reps": 6, "pain_during": 0}, "Side plank"],
            "exercises: row 2 must be a dict with the exercise and what was done; got 'Side plank'.",
        ),
        ([None], "exercises: row 1 must be a dict with the exercise and what was done; got None."),
    ],
    ids=["none", "a string", "one dict", "a string row", "a None row"],
)
def test_exercises_that_are_not_a_list_of_rows_are_refused_by_name(fresh_db, exercises, message):
    before = counts(fresh_db)
    with pytest.raises(ValidationError) as caught:
        store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY, exercises=exercises)
    assert (caught.value.field, caught.value.message) == ("exercises", message)
    assert counts(fresh_db) == before


def test_a_session_dated_in_the_future_is_refused_and_nothing_is_written(fresh_db):
    before = counts(fresh_db)
    with pytest.raises(ValidationError) as caught:
        store.save_session(
            fresh_db,
            day=TODAY + timedelta(days=1),
            focus="control",
            duration_min=12,
            rpe=4,
            today=TODAY,
            exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 0}],
        )
    assert caught.value.field == "day"
    assert caught.value.message == ("Date cannot be in the future (today is 2026-11-22); got 2026-11-23.")
    assert counts(fresh_db) == before


def test_a_datetime_is_refused_as_the_day_of_a_session(fresh_db):
    from datetime import datetime

    with pytest.raises(ValidationError, match=r"^day must be a date \(YYYY-MM-DD\); got datetime 2026-11-02 07:30:00"):
        store.save_session(
            fresh_db, day=datetime(2026, 11, 2, 7, 30), focus="control", duration_min=12, rpe=4, today=TODAY
        )
    assert store.list_session_summaries(fresh_db, DAY, TODAY).empty


class FailingOnSecondRow:
    """A cursor that passes everything through but fails the second exercise row, as a full disk would."""

    def __init__(self, cur):
        self._cur, self._rows = cur, 0

    def execute(self, sql, params=None):
        if sql.startswith("INSERT INTO exercise_log"):
            self._rows += 1
            if self._rows == 2:
                raise duckdb.IOException("disk full (simulated)")
        return self._cur.execute(sql, params)


@pytest.fixture
def second_row_fails(monkeypatch):
    """A switch: once called, the journal's transactions fail on the second exercise row they write."""
    from contextlib import contextmanager

    from lib.store import journal

    real = journal.transaction

    @contextmanager
    def failing(con):
        with real(con) as cur:
            yield FailingOnSecondRow(cur)

    return lambda: monkeypatch.setattr(journal, "transaction", failing)


TWO_ROWS = [
    {"exercise": "Bird dog", "reps": 6, "pain_during": 0},
    {"exercise": "Dead bug", "reps": 5, "pain_during": 1},
]


def test_a_new_session_that_fails_midway_leaves_nothing_behind(fresh_db, second_row_fails):
    before = counts(fresh_db)
    second_row_fails()
    with pytest.raises(StoreError, match="Nothing was saved"):
        store.save_session(fresh_db, day=DAY, focus="control", duration_min=12, rpe=4, today=TODAY, exercises=TWO_ROWS)
    assert counts(fresh_db) == before
    assert store.list_sessions(fresh_db, DAY, DAY).empty


def test_an_edit_that_fails_midway_keeps_the_session_as_it_was(fresh_db, second_row_fails):
    sid = store.save_session(
        fresh_db,
        day=DAY,
        focus="control",
        duration_min=12,
        rpe=4,
        today=TODAY,
        exercises=[{"exercise": "Side plank", "hold_s": 20, "pain_during": 1}],
    )
    before, kept = counts(fresh_db), store.get_session(fresh_db, sid)
    second_row_fails()
    with pytest.raises(StoreError):
        store.save_session(
            fresh_db, day=DAY, focus="strength", duration_min=30, rpe=6, today=TODAY, session_id=sid, exercises=TWO_ROWS
        )
    assert counts(fresh_db) == before  # no audit row, no half-replaced exercise rows
    assert store.get_session(fresh_db, sid) == kept


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


def test_retiring_a_ritual_keeps_the_row_before_in_the_audit_table(fresh_db):
    rid = store.save_ritual(fresh_db, cue="After morning coffee", movement="3 min cat-camel", today=TODAY)
    store.retire_ritual(fresh_db, rid, TODAY, today=TODAY)
    audit = store.list_audit(fresh_db, "ritual", rid)
    assert audit["action"].tolist() == ["update"]
    old = json.loads(audit.iloc[0]["old_row"])
    assert (old["cue"], old["active"], old["retired_on"]) == ("After morning coffee", True, None)
    retired = store.list_rituals(fresh_db, include_retired=True).iloc[0]
    assert (bool(retired["active"]), retired["retired_on"].date()) == (False, TODAY)


def test_editing_a_ritual_keeps_the_old_version(fresh_db):
    rid = store.save_ritual(fresh_db, cue="After morning coffee", movement="3 min cat-camel", today=TODAY)
    store.save_ritual(fresh_db, cue="After lunch", movement="5 min walk", ritual_id=rid, today=TODAY)
    assert store.list_rituals(fresh_db).iloc[0]["cue"] == "After lunch"
    old = json.loads(store.list_audit(fresh_db, "ritual", rid).iloc[0]["old_row"])
    assert (old["cue"], old["movement"]) == ("After morning coffee", "3 min cat-camel")


def test_reminder_times_are_set_together_keep_the_old_rows_and_an_unknown_id_sets_none(fresh_db):
    coffee = store.save_ritual(fresh_db, cue="After morning coffee", movement="3 min cat-camel", today=TODAY)
    lunch = store.save_ritual(fresh_db, cue="Before lunch", movement="2 min breathing", today=TODAY)
    store.set_reminder_times(fresh_db, {coffee: time(6, 45), lunch: time(12, 15)})
    times = store.list_rituals(fresh_db).set_index("id")["reminder_time"]
    assert (times[coffee], times[lunch]) == (time(6, 45), time(12, 15))
    assert json.loads(store.list_audit(fresh_db, "ritual", coffee).iloc[0]["old_row"])["reminder_time"] is None
    with pytest.raises(NotFound, match="There is no ritual with id 99"):
        store.set_reminder_times(fresh_db, {lunch: time(13, 0), 99: time(8, 0)})
    assert store.list_rituals(fresh_db).set_index("id")["reminder_time"][lunch] == time(12, 15)  # all or nothing


def test_retiring_an_unknown_ritual_is_refused_and_writes_nothing(fresh_db):
    before = counts(fresh_db)
    with pytest.raises(NotFound, match="There is no ritual with id 99"):
        store.retire_ritual(fresh_db, 99, TODAY, today=TODAY)
    assert counts(fresh_db) == before


@pytest.mark.parametrize("done", [True, False])
def test_ticking_an_unknown_ritual_is_refused_and_writes_nothing(fresh_db, done):
    before = counts(fresh_db)
    with pytest.raises(NotFound, match="There is no ritual with id 99"):
        store.tick_ritual(fresh_db, 99, DAY, done, today=TODAY)
    assert counts(fresh_db) == before


def test_a_ritual_cannot_be_ticked_or_retired_on_a_future_day(fresh_db):
    rid = store.save_ritual(fresh_db, cue="After morning coffee", movement="3 min cat-camel", today=TODAY)
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError, match="^day cannot be in the future") as caught:
        store.tick_ritual(fresh_db, rid, tomorrow, today=TODAY)
    assert caught.value.field == "day"
    with pytest.raises(ValidationError, match="^day must be a date"):
        store.tick_ritual(fresh_db, rid, "2026-11-02", today=TODAY)
    with pytest.raises(ValidationError, match="^day cannot be in the future"):
        store.retire_ritual(fresh_db, rid, tomorrow, today=TODAY)
    assert store.ritual_ticks(fresh_db, tomorrow) == set()
    assert len(store.list_rituals(fresh_db)) == 1


HALF_HOURS = st.integers(0, 48).map(lambda n: n / 2)
VALID_CHECKIN = st.fixed_dictionaries(
    {
        "day": st.dates(date(2025, 1, 1), TODAY),
        "pain_now": st.integers(0, 10),
        "stiffness": st.integers(0, 10),
        "sleep_hours": HALF_HOURS,
        "sleep_quality": st.integers(0, 10),
        "stress": st.integers(0, 10),
        "sitting_hours": HALF_HOURS,
        "travel": st.booleans(),
        "flare_up": st.booleans(),
        "notes": st.text(max_size=30),
    }
)
JUNK = st.one_of(
    st.integers(-5, 30),
    st.floats(allow_nan=True),
    st.text(max_size=3),
    st.none(),
    st.dates(date(2026, 11, 23), date(2027, 1, 1)),
)
# A valid check-in, or one with a single field replaced by anything at all.
CHECKIN_VALUES = st.one_of(
    VALID_CHECKIN,
    st.tuples(VALID_CHECKIN, st.sampled_from(list(CHECKIN)[:-1]), JUNK).map(lambda t: {**t[0], t[1]: t[2]}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=CHECKIN_VALUES)
def test_any_checkin_either_reads_back_equal_or_is_refused_with_nothing_written(fresh_path, values):
    con = store.open_database(fresh_path)
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


# Exercise rows: real library exercises (any spelling of the name) with values of their own variables.
EXERCISE_VARIABLES = {
    "Side plank": ("hold_s", "sets"),
    "BIRD DOG": ("reps", "hold_s", "sets"),
    "walking": ("duration_min",),
    "Glute bridge": ("reps", "load_kg"),
}


def _variable_value(name: str):
    spec = VARIABLES[name]
    if spec.whole:
        return st.integers(int(spec.low), int(spec.high))
    return st.floats(spec.low, spec.high, allow_nan=False)


VALID_ROW = st.sampled_from(list(EXERCISE_VARIABLES)).flatmap(
    lambda name: st.fixed_dictionaries(
        {"exercise": st.just(name), "pain_during": st.integers(0, 10), "completed": st.booleans()},
        optional={v: _variable_value(v) for v in EXERCISE_VARIABLES[name]},
    )
)
ROW = st.one_of(
    VALID_ROW,
    st.tuples(VALID_ROW, st.sampled_from(["pain_during", "completed", "reps", "hold_s"]), JUNK).map(
        lambda t: {**t[0], t[1]: t[2]}
    ),
)
VALID_SESSION = st.fixed_dictionaries(
    {
        "day": st.dates(date(2025, 1, 1), TODAY),
        "focus": st.sampled_from(FOCI),
        "duration_min": st.integers(1, 240),
        "rpe": st.integers(0, 10),
        "notes": st.text(max_size=30),
        "exercises": st.lists(ROW, max_size=4),
    }
)
SESSION_VALUES = st.one_of(
    VALID_SESSION,
    st.tuples(VALID_SESSION, st.sampled_from(["day", "focus", "duration_min", "rpe", "notes"]), JUNK).map(
        lambda t: {**t[0], t[1]: t[2]}
    ),
)


def everything(con) -> dict[str, list]:
    return {
        t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()  # test-only; names from the allow-list
        for t in ("session", "exercise_log", "audit")
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=SESSION_VALUES)
def test_any_session_either_reads_back_equal_or_is_refused_with_nothing_written(fresh_path, values):
    con = store.open_database(fresh_path)
    try:
        before = everything(con)
        try:
            sid = store.save_session(con, **values, today=TODAY)
        except ValidationError:
            assert everything(con) == before
            return
        got = store.get_session(con, sid)
        for field in ("day", "focus", "duration_min", "rpe", "notes"):
            assert got[field] == values[field], field
        assert len(got["exercises"]) == len(values["exercises"])
        for given_row, stored in zip(values["exercises"], got["exercises"], strict=True):
            given_values = {k: v for k, v in given_row.items() if v is not None}  # None: not given
            assert stored.pop("exercise").casefold() == given_values.pop("exercise").casefold()
            stored.pop("variant")  # the prescribed one, as none was given
            assert {k: v for k, v in stored.items() if v is not None} == given_values  # None: unknown, both sides
    finally:
        con.execute("DELETE FROM exercise_log; DELETE FROM session; DELETE FROM audit")
        con.close()


def test_list_checkins_covers_exactly_the_range(fresh_db):
    for offset in range(5):
        store.save_checkin(fresh_db, **{**CHECKIN, "day": DAY + timedelta(days=offset)})
    df = store.list_checkins(fresh_db, DAY + timedelta(days=1), DAY + timedelta(days=3))
    assert list(df["day"]) == [DAY + timedelta(days=i) for i in (1, 2, 3)]
