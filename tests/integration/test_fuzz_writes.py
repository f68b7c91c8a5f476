"""Fuzz every public write of the store (issue 17): only Poise's error family escapes, a refused call
writes nothing, and afterwards every column is within its documented range (checked with SQL).

Each call draws one write and, for each argument, a plausible value or an odd one (pd.NA, NaN, a
NumPy array or Series, an unhashable list, an object whose == raises, a huge int, a far date, ...).
All calls share one file, so later calls meet what earlier ones wrote. 1,000 calls in make test,
10,000 under make soak. The importer has its own fuzz (intake, issue 17).
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from lib import coach, db, exercises, questionnaires, store
from lib import settings as definitions
from lib.errors import PoiseError
from lib.models import CATEGORIES, FOCI, ID_MAX, NOTES_MAX, VARIABLES, ExerciseDef, VariableRule
from lib.store import archive as archive_store
from lib.store import bulk, catalog, engine, journal
from lib.store import questionnaires as questionnaire_store
from lib.store import settings as settings_store
from tests.conftest import TODAY, scaled

pytestmark = pytest.mark.soak


class EvilEq:
    """An object whose comparisons raise."""

    def __eq__(self, other):
        raise RuntimeError("no comparing me")

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = object.__hash__


class BadStr:
    """An object that cannot be turned into text (its repr works, so a failing example can be shown)."""

    def __str__(self):
        raise RuntimeError("no showing me")

    __format__ = __str__

    def __repr__(self):
        return "BadStr()"


# Made fresh for every draw (a call may keep or change what it is given), drawn by index.
_ODD = (
    lambda: None,
    lambda: pd.NA,
    lambda: pd.NaT,
    lambda: np.nan,
    lambda: float("inf"),
    lambda: -1,
    lambda: 0,
    lambda: 10**30,
    lambda: 2**31,
    lambda: -(2**63),
    lambda: 0.25,
    lambda: True,
    lambda: False,
    lambda: "",
    lambda: " ",
    lambda: "x" * 5000,
    lambda: "\x00",
    lambda: "<b>",
    lambda: [],
    lambda: {},
    lambda: [1],
    lambda: {"a": 1},
    lambda: (1,),
    lambda: np.array([1, 2]),
    lambda: np.array([True]),
    lambda: pd.Series([True]),
    lambda: pd.Series([3]),
    EvilEq,
    BadStr,
    object,
    lambda: date(9999, 12, 31),
    lambda: date(1, 1, 1),
    lambda: datetime(2026, 1, 1, 7),
    lambda: time(7, 0),
    lambda: b"bytes",
    lambda: np.int64(3),
    lambda: np.float64(2.5),
    lambda: np.bool_(True),
    lambda: 3,
    lambda: 7.5,
    lambda: "control",
    lambda: "Side plank",
    lambda: pd.Timestamp("2026-01-01"),
)
ODD = st.integers(0, len(_ODD) - 1).map(lambda i: _ODD[i]())
# Dictionary keys must hash and compare: the odd ones that do.
ODD_KEY = st.sampled_from([None, -1, 0, 10**30, 2**31, "", "x", 2.5, True, (1,), "control"])
NAMES = [e.name for e in exercises.LIBRARY]
DAYS = st.dates(min_value=TODAY - timedelta(days=400), max_value=TODAY)
SCALE = st.integers(0, 10)
HOURS = st.integers(0, 48).map(lambda h: h / 2)
TEXT = st.text(max_size=40)


def exercise_rows():
    def row(name):
        e = next(x for x in exercises.LIBRARY if x.name == name)
        values = {r.variable: st.one_of(st.just(r.start), st.floats(r.floor, r.cap), ODD) for r in e.variables}
        return st.fixed_dictionaries(
            {
                "exercise": st.one_of(st.just(name), ODD),
                "pain_during": st.one_of(SCALE, ODD),
                "completed": st.one_of(st.booleans(), ODD),
            },
            optional=values,
        )

    return st.lists(st.sampled_from(NAMES).flatmap(row), max_size=3)


def exercise_defs():
    def build(name, category, variable, start, step, cap):
        spec = VARIABLES[variable] if isinstance(variable, str) and variable in VARIABLES else VARIABLES["reps"]
        return lambda: ExerciseDef(
            name=name,
            category=category,
            cues=("Breathe",),
            variables=(VariableRule(variable, start, step, spec.low, cap, spec.unit),),
        )

    return st.builds(
        build,
        st.one_of(TEXT, ODD),
        st.one_of(st.sampled_from(CATEGORIES), ODD),
        st.one_of(st.sampled_from(list(VARIABLES)), ODD),
        st.one_of(st.integers(0, 20), ODD),
        st.one_of(st.integers(1, 3), ODD),
        st.one_of(st.integers(5, 30), ODD),
    )


def maybe(strategy):
    """Mostly a plausible value, one time in eight an odd one (so most calls have one odd argument or none)."""
    return st.integers(0, 7).flatmap(lambda i: ODD if i == 0 else strategy)


def ids():
    return st.one_of(st.integers(1, 60), ODD)


TSK = questionnaires.INSTRUMENTS["tsk11"]

# name -> (the call, its arguments' strategies); the connection is always first.
WRITES = {
    "save_checkin": (
        store.save_checkin,
        dict(
            day=maybe(DAYS),
            pain_now=maybe(SCALE),
            stiffness=maybe(SCALE),
            sleep_hours=maybe(HOURS),
            sleep_quality=maybe(SCALE),
            stress=maybe(SCALE),
            sitting_hours=maybe(HOURS),
            travel=maybe(st.booleans()),
            flare_up=maybe(st.booleans()),
            notes=maybe(TEXT),
        ),
    ),
    "delete_checkin": (store.delete_checkin, dict(day=maybe(DAYS))),
    "save_session": (
        store.save_session,
        dict(
            day=maybe(DAYS),
            focus=maybe(st.sampled_from(FOCI)),
            duration_min=maybe(st.integers(1, 240)),
            rpe=maybe(SCALE),
            notes=maybe(TEXT),
            exercises=maybe(exercise_rows()),
            session_id=st.one_of(st.none(), st.none(), ids()),
        ),
    ),
    "delete_session": (store.delete_session, dict(session_id=ids())),
    "save_ritual": (
        store.save_ritual,
        dict(
            cue=maybe(TEXT),
            movement=maybe(TEXT),
            kind=maybe(st.sampled_from(["anchor", "rule"])),
            minutes=maybe(st.integers(1, 60)),
            reminder_time=maybe(st.times()),
            ritual_id=st.one_of(st.none(), ids()),
        ),
    ),
    "set_reminder_times": (
        store.set_reminder_times,
        dict(times=maybe(st.dictionaries(st.one_of(st.integers(1, 60), ODD_KEY), maybe(st.times()), max_size=3))),
    ),
    "retire_ritual": (store.retire_ritual, dict(ritual_id=ids(), day=maybe(DAYS))),
    "tick_ritual": (store.tick_ritual, dict(ritual_id=ids(), day=maybe(DAYS), done=maybe(st.booleans()))),
    "add_exercise": (lambda con, make: store.add_exercise(con, make()), dict(make=exercise_defs())),
    "update_exercise": (
        lambda con, name, make: store.update_exercise(con, name, make()),
        dict(name=maybe(st.sampled_from(NAMES)), make=exercise_defs()),
    ),
    "set_exercise_active": (
        store.set_exercise_active,
        dict(name=maybe(st.sampled_from(NAMES)), active=maybe(st.booleans())),
    ),
    "set_prescription": (
        store.set_prescription,
        dict(
            name=maybe(st.sampled_from(NAMES)),
            day=maybe(DAYS),
            values=maybe(
                st.dictionaries(
                    st.one_of(st.sampled_from(list(VARIABLES)), ODD_KEY), maybe(st.integers(0, 30)), max_size=3
                )
            ),
            variant=st.one_of(st.none(), ODD),
        ),
    ),
    "accept": (
        lambda con, name, day: coach.accept(con, coach.suggest(con, name, TODAY), day),
        dict(name=maybe(st.sampled_from(NAMES)), day=maybe(DAYS)),
    ),
    "decline": (
        lambda con, name, day: coach.decline(con, coach.suggest(con, name, TODAY), day),
        dict(name=maybe(st.sampled_from(NAMES)), day=maybe(DAYS)),
    ),
    "save_questionnaire": (
        store.save_questionnaire,
        dict(
            instrument_id=maybe(st.sampled_from(list(questionnaires.INSTRUMENTS))),
            answers=maybe(st.fixed_dictionaries({n: maybe(st.integers(1, 4)) for n in TSK.items})),
            day=maybe(DAYS),
        ),
    ),
    "delete_questionnaire": (store.delete_questionnaire, dict(response_id=ids())),
    "add_psfs_activity": (store.add_psfs_activity, dict(name=maybe(TEXT), day=maybe(DAYS))),
    "retire_psfs_activity": (store.retire_psfs_activity, dict(name=maybe(TEXT), day=maybe(DAYS))),
    "set_settings": (
        store.set_settings,
        dict(
            changes=maybe(
                st.dictionaries(
                    st.one_of(st.sampled_from(list(definitions.BY_KEY)), ODD_KEY),
                    maybe(st.integers(-5, 30)),
                    max_size=3,
                )
            )
        ),
    ),
    "set_setting": (
        store.set_setting,
        dict(key=maybe(st.sampled_from(list(definitions.BY_KEY))), value=maybe(st.integers(-5, 30))),
    ),
    "reset_setting": (store.reset_setting, dict(key=maybe(st.sampled_from(list(definitions.BY_KEY))))),
}


def fingerprint(con) -> list[tuple]:
    """Every table's row count and a hash of all its rows: equal before and after means nothing was written."""
    return con.execute(
        " UNION ALL ".join(f"SELECT '{t}', count(*), bit_xor(hash(t)) FROM {t} t" for t in store.TABLES)
    ).fetchall()


def _scale(column: str) -> str:
    return f"({column} IS NULL OR ({column} BETWEEN 0 AND 10 AND {column} = round({column})))"


def _variables(table: str) -> str:
    return " AND ".join(f"({v} IS NULL OR {v} BETWEEN {s.low} AND {s.high})" for v, s in VARIABLES.items())


# Each query counts the rows that break a documented range; every count must be 0.
RANGES = {
    "checkin": f"""SELECT count(*) FROM checkin WHERE NOT (pain_now BETWEEN 0 AND 10 AND {_scale("stiffness")}
        AND {_scale("sleep_quality")} AND {_scale("stress")}
        AND (sleep_hours IS NULL OR (sleep_hours BETWEEN 0 AND 24 AND sleep_hours * 2 = round(sleep_hours * 2)))
        AND (sitting_hours IS NULL OR sitting_hours BETWEEN 0 AND 24)
        AND day <= $today AND length(notes) <= {NOTES_MAX} AND travel IS NOT NULL AND flare_up IS NOT NULL)""",
    "session": f"""SELECT count(*) FROM session WHERE NOT (id BETWEEN 1 AND {ID_MAX} AND day <= $today
        AND focus IN {FOCI} AND (duration_min IS NULL OR duration_min BETWEEN 1 AND 240) AND {_scale("rpe")}
        AND length(notes) <= {NOTES_MAX})""",
    "exercise_log": f"""SELECT count(*) FROM exercise_log l WHERE NOT ({_scale("pain_during")} AND {_variables("l")}
        AND session_id IN (SELECT id FROM session) AND exercise_id IN (SELECT id FROM exercise)
        AND id BETWEEN 1 AND {ID_MAX})""",
    "prescription": f"""SELECT count(*) FROM prescription WHERE NOT ({_variables("prescription")}
        AND exercise_id IN (SELECT id FROM exercise) AND effective_from <= $today + INTERVAL 366 DAY
        AND id BETWEEN 1 AND {ID_MAX})""",
    "exercise": f"""SELECT count(*) FROM exercise WHERE NOT (id BETWEEN 1 AND {ID_MAX}
        AND length(trim(name)) BETWEEN 1 AND 80 AND category IN {CATEGORIES})""",
    "exercise_variable": """SELECT count(*) FROM exercise_variable WHERE NOT (floor_value <= start_value
        AND start_value <= cap AND step > 0 AND exercise_id IN (SELECT id FROM exercise))""",
    "questionnaire_response": f"""SELECT count(*) FROM questionnaire_response WHERE NOT (
        instrument IN {tuple(questionnaires.INSTRUMENTS)} AND day <= $today AND total >= 0
        AND json_valid(answers) AND json_valid(subscales) AND id BETWEEN 1 AND {ID_MAX})""",
    "psfs_activity": f"""SELECT count(*) FROM psfs_activity WHERE NOT (added_on <= $today
        AND length(trim(name)) BETWEEN 1 AND {questionnaires.PSFS_NAME_MAX}
        AND (retired_on IS NULL OR retired_on <= $today))""",
    "psfs_kept": f"""SELECT greatest(count(*) - {questionnaires.PSFS_ACTIVITIES_ADVISED[1]}, 0) FROM psfs_activity
        WHERE retired_on IS NULL""",
    "progression_event": f"""SELECT count(*) FROM progression_event WHERE NOT (day <= $today
        AND decision IN ('accepted', 'declined') AND json_valid(current) AND json_valid(proposed)
        AND exercise_id IN (SELECT id FROM exercise) AND id BETWEEN 1 AND {ID_MAX})""",
    "ritual": """SELECT count(*) FROM ritual WHERE NOT ((minutes IS NULL OR minutes BETWEEN 1 AND 60)
        AND created_on <= $today AND (retired_on IS NULL OR retired_on <= $today)
        AND length(trim(cue)) BETWEEN 1 AND 200 AND length(trim(movement)) BETWEEN 1 AND 200)""",
    "ritual_log": """SELECT count(*) FROM ritual_log WHERE NOT (day <= $today
        AND ritual_id IN (SELECT id FROM ritual))""",
    "setting": f"SELECT count(*) FROM setting WHERE NOT (key IN {tuple(definitions.BY_KEY)} AND json_valid(value))",
    "audit": "SELECT count(*) FROM audit WHERE NOT (action IN ('update', 'delete') AND json_valid(old_row))",
}


def test_every_public_write_lets_only_poise_errors_out_and_keeps_every_column_in_range(tmp_path, monkeypatch):
    con = store.open_database(tmp_path / "fuzz.duckdb")
    calls = {"refused": 0, "written": 0}
    commits = []
    real_transaction = db.transaction

    @contextmanager
    def counted(con):  # every write's transaction, counted once it has committed
        with real_transaction(con) as cur:
            yield cur
        commits.append(1)

    for module in (journal, catalog, settings_store, questionnaire_store, engine, archive_store, bulk):
        monkeypatch.setattr(module, "transaction", counted)

    @settings(
        max_examples=scaled(1000, 10000),
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def one_call(data):
        name = data.draw(st.sampled_from(sorted(WRITES)), label="write")
        call, arguments = WRITES[name]
        kwargs = {arg: data.draw(strategy, label=arg) for arg, strategy in arguments.items()}
        # A refused call commits nothing; every tenth call also compares a hash of every row.
        committed, full = len(commits), sum(calls.values()) % 10 == 0
        before = fingerprint(con) if full else None
        try:
            call(con, **kwargs)
            calls["written"] += 1
        except PoiseError:
            calls["refused"] += 1
            assert len(commits) == committed, f"{name} was refused but committed a transaction"
            assert not full or fingerprint(con) == before, f"{name} was refused but wrote"

    try:
        one_call()
        broken = {
            table: n
            for table, sql in RANGES.items()
            if (n := con.execute(sql, {"today": TODAY} if "$today" in sql else {}).fetchone()[0])
        }
        assert not broken, f"rows outside their documented range: {broken}"
        definitions.validate_changes(store.all_settings(con), {})  # each stored setting within its range
        assert calls["written"] > calls["refused"] / 20  # the fuzz wrote, not only refused
        print(
            f"\nfuzz: {sum(calls.values())} calls ({calls['written']} written, {calls['refused']} refused), "
            "0 escaped, 0 rows out of range"
        )
    finally:
        con.close()


def test_the_range_checks_can_fail(tmp_path):
    """The SQL above finds a row out of range (here one the database's own checks let through)."""
    con = store.open_database(tmp_path / "bad.duckdb")
    try:
        con.execute(
            "INSERT INTO checkin (day, pain_now, stiffness, sleep_hours, sleep_quality, stress, sitting_hours, "
            "notes) VALUES (?, 3, 2, 7.25, 5, 3, 4, '')",
            [TODAY + timedelta(days=3)],
        )
        assert con.execute(RANGES["checkin"], {"today": TODAY}).fetchone()[0] == 1
    finally:
        con.close()


def test_the_fingerprint_sees_a_change_to_one_value(fresh_db):
    before = fingerprint(fresh_db)
    fresh_db.execute("UPDATE exercise SET cues = cues || '.' WHERE id = (SELECT min(id) FROM exercise)")
    assert fingerprint(fresh_db) != before
    assert json.dumps  # json is used by the range checks' JSON columns only through SQL
