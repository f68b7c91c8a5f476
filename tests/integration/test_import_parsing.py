"""The import's parse stage is DuckDB's read_csv: its rejects give the line and column, Poise gives the words.

Each file is read by a private in-memory DuckDB (never the person's database); what is then
written is what the models validated, typed as the table's columns.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from lib import archive, store
from lib.importing import Problem, parse_csv
from lib.store.csv_reader import CsvReader
from tests.conftest import TODAY
from tests.integration.test_archive import assert_same_data, snapshot

HEADER = "day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours,notes\n"


def parsed(fresh_db, text: str):
    problems: list[Problem] = []
    result = parse_csv("checkin.csv", text, store.table_schema(fresh_db)["checkin"], problems)
    return result, problems


def test_a_bad_cells_line_and_column_come_from_duckdbs_rejects_table():
    with CsvReader() as reader:
        reader.open("day,pain_now\n2026-01-02,3\n2026-01-03,three\n2026-01-04,4,extra\n")
        rows, rejects = reader.rows({"day": "DATE", "pain_now": "INTEGER"}, 1024)
    assert rows == [(date(2026, 1, 2), 3.0)]
    assert [(r.line, r.column, r.kind, r.value) for r in rejects] == [
        (3, "pain_now", "CAST", "three"),
        (4, None, "TOO MANY COLUMNS", None),
    ]
    assert rejects[1].found == 3


def test_the_report_gives_the_files_own_line_after_a_quoted_newline_and_a_blank_line(fresh_db):
    text = HEADER + '2026-01-02,3,2,7,6,4,6,"two\nlines"\n\n2026-01-03,3,2,7,6,4,6,ok\n2026-01-04,3,2,7,x,4,6,ok\n'
    result, problems = parsed(fresh_db, text)
    assert [r.line for r in result.rows] == [2, 5]
    assert [(p.line, p.field, p.reason) for p in problems] == [
        (6, "sleep_quality", "sleep_quality must be a whole number; got 'x'.")
    ]


def test_a_file_with_a_byte_order_mark_windows_line_endings_and_a_quoted_newline_parses(fresh_db):
    text = (
        "\ufeff" + HEADER.replace("\n", "\r\n") + '2026-01-02,3,2,7,6,4,6,"two\r\nlines"\r\n2026-01-03,4,2,7,6,4,6,\r\n'
    )
    result, problems = parsed(fresh_db, text)
    assert problems == []
    assert [(r.line, r.values["pain_now"], r.values["notes"]) for r in result.rows] == [
        (2, 3, "two\nlines"),
        (4, 4, ""),
    ]  # a newline is stored as the forms store it


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "2026-01-02,3,2,7,6,4,6,ok\r\n2026-01-03,3,2,7,6,4,6,ok\r2026-01-04\n",  # a lone carriage return
        HEADER + '2026-01-02,3,2,7,6,4,6,"cut short\n',  # DuckDB alone drops this row without a word
    ],
    ids=["mixed line endings", "a quote never closed at the end"],
)
def test_a_file_duckdb_cannot_read_whole_is_reported_as_damaged_with_nothing_written(fresh_db, text):
    before = snapshot(fresh_db)
    report = archive.import_files(fresh_db, {"checkin.csv": text}, TODAY)
    assert not report.written and report.problems[0].reason.startswith("checkin.csv is damaged"), report.problems
    assert_same_data(before, snapshot(fresh_db))


def test_what_is_written_is_what_was_validated_a_pain_of_3_point_0_is_the_whole_number_3(fresh_db):
    day = TODAY.isoformat()
    text = HEADER + f"{day},3.0,2.0,7.50,6,4,6,  kept as typed  \n"
    result, problems = parsed(fresh_db, text)
    assert problems == []
    values = result.rows[0].values
    assert (values["pain_now"], type(values["pain_now"]), values["stiffness"], type(values["stiffness"])) == (
        3,
        int,
        2,
        int,
    )
    report = archive.import_files(fresh_db, {"checkin.csv": text}, TODAY)
    assert report.ok, report.problems
    stored = store.get_checkin(fresh_db, TODAY)
    assert (stored["pain_now"], stored["stiffness"], stored["sleep_hours"], stored["notes"]) == (
        3,
        2,
        7.5,
        "  kept as typed  ",
    )


def test_the_frame_written_holds_the_validated_values_typed_as_the_tables_columns(fresh_db):
    rows = [{"day": TODAY, "pain_now": 3, "sleep_hours": 7.5, "travel": True}]
    [frame] = store.frames(rows, store.table_schema(fresh_db)["checkin"])
    assert frame.to_dict("records") == [{"day": pd.Timestamp(TODAY), "pain_now": 3, "sleep_hours": 7.5, "travel": True}]
    assert [str(t) for t in frame.dtypes] == ["datetime64[us]", "Int64", "Float64", "boolean"]


def test_an_exercise_variable_is_written_as_its_validated_rule(fresh_db):
    exercise = "id,name,category,cues,variants,active,anchor,custom\n90,Wall sit,strength,Back flat,,true,false,true\n"
    variables = "exercise_id,variable,start_value,step,floor_value,cap,rank\n90,hold_s,20,5,10,60,1\n"
    report = archive.import_files(fresh_db, {"exercise.csv": exercise, "exercise_variable.csv": variables}, TODAY)
    assert report.ok, report.problems
    rule = store.get_exercise(fresh_db, "Wall sit").rules["hold_s"]
    assert (rule.start, rule.step, rule.floor, rule.cap, rule.unit, rule.step_percent) == (20, 5, 10, 60, "", None)
