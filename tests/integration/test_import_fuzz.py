"""Fuzz the importer: whatever the file holds, only a report (or Poise's own error family) comes back.

Hypothesis edits a small real export (cells replaced by hostile values, lines dropped, repeated
or cut, headers shuffled) and also feeds raw damaged zip bytes. Properties: import_upload returns
an ImportReport and raises nothing else; a refused import writes nothing; an accepted one leaves
every column within its documented range and every page-level read working. `make test` runs
300 edited exports, 150 damaged zips and 150 arbitrary byte strings; `make soak` (POISE_SOAK=1)
5,000 + 2,000 + 2,000.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import zipfile
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import archive, questionnaires, store
from lib.errors import PoiseError
from lib.importing import ImportReport

TODAY = date(2026, 11, 30)
SOAK = bool(os.environ.get("POISE_SOAK"))
CELLS = 5_000 if SOAK else int(os.environ.get("POISE_FUZZ_EXAMPLES", 300))
BYTES = 2_000 if SOAK else 150

# Each column's documented range, checked with SQL after an accepted import (0 rows = fine).
OUT_OF_RANGE = [
    "SELECT count(*) FROM checkin WHERE pain_now NOT BETWEEN 0 AND 10 OR stiffness NOT BETWEEN 0 AND 10 "
    "OR sleep_hours NOT BETWEEN 0 AND 24 OR sleep_quality NOT BETWEEN 0 AND 10 OR stress NOT BETWEEN 0 AND 10 "
    "OR sitting_hours NOT BETWEEN 0 AND 24 OR day > DATE '2026-11-30'",
    "SELECT count(*) FROM session WHERE duration_min NOT BETWEEN 1 AND 240 OR rpe NOT BETWEEN 0 AND 10 "
    "OR day > DATE '2026-11-30'",
    "SELECT count(*) FROM exercise_log WHERE pain_during NOT BETWEEN 0 AND 10",
    "SELECT count(*) FROM questionnaire_response WHERE instrument NOT IN ('tsk17', 'tsk11', 'psfs') "
    "OR try(json(subscales)) IS NULL OR try(json(answers)) IS NULL OR day > DATE '2026-11-30'",
    "SELECT count(*) FROM prescription WHERE effective_from > DATE '2027-12-31'",
    "SELECT count(*) FROM psfs_activity WHERE retired_on IS NULL HAVING count(*) > 5",
    *(f"SELECT count(*) FROM {t} WHERE id NOT BETWEEN 1 AND 2130706432" for t, seq in store.TABLES.items() if seq),
]

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "1",
            "11",
            "1.5",
            "nan",
            "inf",
            "-inf",
            "1e400",
            "1e12",
            "2147483647",
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "true",
            "yes",
            "null",
            "{}",
            "[]",
            '{"1": 5}',
            "not json",
            "\u0967",
            "\uff13",
            "\x00",
            "\r\n",
            '"',
            "<script>x</script>",
            "x" * 3000,
            "tsk17",
            "tsk11",
            "psfs",
            "high",
            "On knees",
            "hold_s",
            "12:00:00",
            "25:00",
        ]
    ),
    st.integers(min_value=-(2**63), max_value=2**63).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=40),
)


def _small_export() -> dict[str, str]:
    """A small, valid export with a row in every table, made through the scripting API."""
    with tempfile.TemporaryDirectory() as tmp:
        con = store.open_database(Path(tmp) / "small.duckdb")
        for d in range(3):
            day = TODAY - timedelta(days=d)
            store.save_checkin(
                con,
                day=day,
                pain_now=2 + d,
                stiffness=2,
                sleep_hours=7.5,
                sleep_quality=6,
                stress=3,
                sitting_hours=5,
                flare_up=d == 2,
                notes=f"note {d}",
                today=TODAY,
            )
            store.save_session(
                con,
                day=day,
                focus="control",
                duration_min=12,
                rpe=4,
                today=TODAY,
                exercises=[{"exercise": "Side plank", "sets": 2, "hold_s": 20, "completed": True, "pain_during": 1}],
            )
        for name in ("Tying shoes", "Gardening", "Carrying shopping"):
            store.add_psfs_activity(con, name, day=TODAY)
        store.save_questionnaire(con, "psfs", dict.fromkeys(store.psfs_activity_names(con), 5), day=TODAY, today=TODAY)
        for inst in ("tsk17", "tsk11"):
            store.save_questionnaire(
                con, inst, dict.fromkeys(questionnaires.INSTRUMENTS[inst].items, 2), day=TODAY, today=TODAY
            )
        store.set_prescription(con, "Side plank", TODAY, {"hold_s": 25})
        ritual = store.save_ritual(
            con, cue="After coffee", movement="cat-camel", minutes=3, reminder_time=time(8, 0), today=TODAY
        )
        store.tick_ritual(con, ritual, TODAY, today=TODAY)
        store.set_setting(con, "pain_ceiling", 6)
        store.save_checkin(
            con,
            day=TODAY,
            pain_now=4,
            stiffness=2,
            sleep_hours=7,
            sleep_quality=6,
            stress=3,
            sitting_hours=5,
            today=TODAY,
        )  # an edit: an audit row
        path = archive.export_zip(con, Path(tmp) / "export.zip")
        con.close()
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".csv")}


BASE = _small_export()
TABLE_FILES = sorted(BASE)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def edited_exports(draw) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(TABLE_FILES), min_size=1, max_size=len(TABLE_FILES), unique=True))
    files = {name: BASE[name] for name in chosen}
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(sorted(files)))
        rows = _rows(files[name])
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop", "repeat", "cut", "header", "extra"]))
        if kind == "cell" and len(rows) > 1:
            r = draw(st.integers(1, len(rows) - 1))
            if rows[r]:
                rows[r][draw(st.integers(0, len(rows[r]) - 1))] = draw(HOSTILE)
        elif kind == "drop" and len(rows) > 1:
            rows.pop(draw(st.integers(0, len(rows) - 1)))
        elif kind == "repeat" and len(rows) > 1:
            rows.append(list(rows[draw(st.integers(1, len(rows) - 1))]))
        elif kind == "header" and rows:
            rows[0] = draw(st.permutations(rows[0]))
        elif kind == "extra" and len(rows) > 1:
            rows[draw(st.integers(0, len(rows) - 1))].append(draw(HOSTILE))
        text = _text(rows)
        if kind == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        files[name] = text
    return files


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory):
    con = store.open_database(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield con
    con.close()


# One query that fingerprints every table's rows (cheaper than comparing DataFrames 500 times).
FINGERPRINT = " UNION ALL ".join(
    f"SELECT '{t}', count(*), md5(coalesce(string_agg(CAST(to_json(x) AS VARCHAR), '|' "
    f"ORDER BY CAST(to_json(x) AS VARCHAR)), '')) FROM {t} x"
    for t in store.TABLES
)


def fingerprint(con) -> set[tuple]:
    return set(con.execute(FINGERPRINT).fetchall())


def _import_and_check(con, name: str, data: bytes) -> None:
    before = fingerprint(con)
    try:
        report = archive.import_upload(con, name, data, TODAY)
    except PoiseError:
        report = None
    assert report is None or isinstance(report, ImportReport)
    if report is None or not report.written:
        assert fingerprint(con) == before, f"a refused import changed {sorted(fingerprint(con) - before)}"
        return
    for sql in OUT_OF_RANGE:
        rows = con.execute(sql).fetchall()
        assert not rows or rows[0][0] == 0, sql
    for inst in questionnaires.INSTRUMENTS:  # what the Questionnaires page reads
        store.list_questionnaires(con, inst)
    store.current_prescriptions(con, TODAY)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


@settings(
    max_examples=CELLS,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=edited_exports())
def test_an_edited_export_gives_a_report_and_a_refusal_writes_nothing(fuzz_db, files):
    _import_and_check(fuzz_db, "poise-export.zip", _zip(files))


BASE_ZIP = _zip(BASE)


@settings(
    max_examples=BYTES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    flips=st.lists(st.tuples(st.integers(0, len(BASE_ZIP) - 1), st.integers(0, 255)), min_size=1, max_size=8),
    cut=st.one_of(st.none(), st.integers(0, len(BASE_ZIP))),
)
def test_damaged_zip_bytes_give_a_report_and_write_nothing(fuzz_db, flips, cut):
    data = bytearray(BASE_ZIP)
    for at, value in flips:
        data[at] = value
    _import_and_check(fuzz_db, "poise-export.zip", bytes(data[:cut] if cut is not None else data))


@settings(max_examples=BYTES, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), name=st.sampled_from(["poise-export.zip", "checkin.csv", "session.csv"]))
def test_arbitrary_bytes_give_a_report(fuzz_db, data, name):
    _import_and_check(fuzz_db, name, data)
