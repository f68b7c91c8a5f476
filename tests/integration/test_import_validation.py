"""An imported row passes exactly the checks a form save makes, and what is written is what they validated.

Each refusal below was let in before (issue 17, defect 4): the Questionnaires page then crashed on
a non-JSON `subscales`, a prescription sat above its cap, an id of -3 or near 2**31 broke the file.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest

from lib import archive, questionnaires, store
from lib.models import ID_MAX
from tests.conftest import TODAY
from tests.integration.test_archive import assert_same_data, edit_csv, read_zip, snapshot, write_zip


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rules_of(files: dict[str, str]) -> dict[str, dict[str, dict[str, str]]]:
    """{exercise id: {variable: its exercise_variable row}} of an export."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for r in rows_of(files["exercise_variable.csv"]):
        out.setdefault(r["exercise_id"], {})[r["variable"]] = r
    return out


@pytest.fixture
def export_files(demo_db, tmp_path) -> dict[str, str]:
    return read_zip(archive.export_zip(demo_db, tmp_path / "poise-export.zip"))


def refused(con, tmp_path, files: dict[str, str], file: str, line: int, field: str, words: str = "") -> None:
    """Import `files`; assert that the row is refused with its file, line and field, and nothing is written."""
    before = snapshot(con)
    report = archive.import_zip(con, write_zip(tmp_path / "edited.zip", files), TODAY)
    assert not report.ok and not report.written
    assert any(p.file == file and p.line == line and p.field == field and words in p.reason for p in report.problems), (
        report.problems
    )
    assert_same_data(before, snapshot(con))


def _tsk_row(files: dict[str, str]) -> int:
    return next(i for i, r in enumerate(rows_of(files["questionnaire_response.csv"])) if r["instrument"] == "tsk17")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("subscales", "not json", "subscales must be"),
        ("subscales", '{"activity avoidance": 99}', "as the answers score"),
        ("band", "very high", "band must be"),
        ("version", "anything at all", "version must be"),
    ],
)
def test_a_questionnaire_row_keeps_the_scorers_own_band_version_and_subscales(
    export_files, fresh_db, tmp_path, column, value, words
):
    row = _tsk_row(export_files)
    export_files["questionnaire_response.csv"] = edit_csv(
        export_files["questionnaire_response.csv"], row, column, value
    )
    refused(fresh_db, tmp_path, export_files, "questionnaire_response.csv", row + 2, column, words)


def test_an_exercise_row_with_a_variable_its_exercise_does_not_use_is_refused(export_files, fresh_db, tmp_path):
    logs, rules = rows_of(export_files["exercise_log.csv"]), rules_of(export_files)
    row = 0
    unused = next(v for v in ("distance_m", "load_kg", "tempo_s", "reps") if v not in rules[logs[row]["exercise_id"]])
    export_files["exercise_log.csv"] = edit_csv(export_files["exercise_log.csv"], row, unused, "5")
    refused(fresh_db, tmp_path, export_files, "exercise_log.csv", 2, unused, "is not a variable of")


def test_an_exercise_row_with_a_variant_outside_its_chain_is_refused(export_files, fresh_db, tmp_path):
    export_files["exercise_log.csv"] = edit_csv(export_files["exercise_log.csv"], 0, "variant", "On the moon")
    refused(fresh_db, tmp_path, export_files, "exercise_log.csv", 2, "variant", "has no variant 'On the moon'")


def test_a_prescription_above_its_exercises_cap_is_refused(export_files, fresh_db, tmp_path):
    rules = rules_of(export_files)
    prescriptions = rows_of(export_files["prescription.csv"])
    row, variable = next((i, v) for i, r in enumerate(prescriptions) for v in rules[r["exercise_id"]] if r[v])
    cap = float(rules[prescriptions[row]["exercise_id"]][variable]["cap"])
    export_files["prescription.csv"] = edit_csv(export_files["prescription.csv"], row, variable, f"{cap + 1:g}")
    refused(fresh_db, tmp_path, export_files, "prescription.csv", row + 2, variable, "above its cap")


def test_a_prescription_effective_in_year_9999_is_refused(export_files, fresh_db, tmp_path):
    export_files["prescription.csv"] = edit_csv(export_files["prescription.csv"], 0, "effective_from", "9999-01-01")
    refused(fresh_db, tmp_path, export_files, "prescription.csv", 2, "effective_from", "days ahead")


@pytest.mark.parametrize("value", ["-3", "0", str(ID_MAX + 1), str(2**31 - 1), "1e12"])
def test_an_id_that_is_not_positive_or_is_near_the_integer_limit_is_refused(export_files, fresh_db, tmp_path, value):
    export_files["session.csv"] = edit_csv(export_files["session.csv"], 0, "id", value)
    refused(fresh_db, tmp_path, export_files, "session.csv", 2, "id", f"from 1 to {ID_MAX}")


def test_a_link_to_a_negative_id_is_refused_too(export_files, fresh_db, tmp_path):
    export_files["exercise_log.csv"] = edit_csv(export_files["exercise_log.csv"], 0, "session_id", "-1")
    refused(fresh_db, tmp_path, export_files, "exercise_log.csv", 2, "session_id")


@pytest.mark.parametrize(
    ("file", "column", "value"),
    [
        ("checkin.csv", "pain_now", "\u0967"),  # Devanagari one, which float() reads as 1
        ("checkin.csv", "sleep_hours", "\u0667.5"),  # Arabic-Indic seven
        ("session.csv", "rpe", "\uff13"),  # a full-width three
        ("checkin.csv", "day", "\uff12\uff10\uff12\uff16-01-01"),
    ],
)
def test_digits_other_than_ascii_are_refused_not_read_as_numbers(export_files, fresh_db, tmp_path, file, column, value):
    export_files[file] = edit_csv(export_files[file], 0, column, value)
    refused(fresh_db, tmp_path, export_files, file, 2, column, "digits 0-9")


def test_a_sixth_kept_psfs_activity_is_refused_as_the_form_refuses_it(fresh_db, tmp_path):
    for name in ("Tying shoes", "Gardening", "Carrying shopping"):
        store.add_psfs_activity(fresh_db, name, day=TODAY)
    text = "id,name,added_on,retired_on\n" + "".join(
        f"{10 + i},Activity {i},{TODAY},{retired}\n" for i, retired in enumerate(["", TODAY, "", ""])
    )
    before = snapshot(fresh_db)
    report = archive.import_files(fresh_db, {"psfs_activity.csv": text}, TODAY)
    assert not report.written
    # Kept: 3 stored + line 2 + line 4 = 5; line 5 would be the sixth. Line 3 is retired, so it fits.
    assert [(p.line, p.field) for p in report.problems] == [(5, "retired_on")]
    assert "at most 5" in report.problems[0].reason
    assert_same_data(before, snapshot(fresh_db))


def test_a_psfs_activity_added_in_the_future_is_refused(fresh_db):
    text = f"id,name,added_on,retired_on\n1,Gardening,{TODAY + timedelta(days=1)},\n"
    report = archive.import_files(fresh_db, {"psfs_activity.csv": text}, TODAY)
    assert [(p.line, p.field) for p in report.problems] == [(2, "added_on")]


def test_what_is_written_is_what_the_scorer_and_models_validated(fresh_db):
    answers = {str(n): 3 for n in questionnaires.INSTRUMENTS["tsk11"].items}
    scored = questionnaires.score("tsk11", answers)
    responses = (
        "id,instrument,version,day,answers,total\n"
        f'1,tsk11,,{TODAY},"{json.dumps(answers).replace(chr(34), chr(34) * 2)}",{scored.total}\n'
    )
    activities = f"id,name,added_on,retired_on\n1,  Gardening  ,{TODAY},\n"
    report = archive.import_files(
        fresh_db, {"questionnaire_response.csv": responses, "psfs_activity.csv": activities}, TODAY
    )
    assert report.ok, report.problems
    stored = store.get_questionnaire(fresh_db, 1)
    assert stored["version"] == questionnaires.INSTRUMENTS["tsk11"].version
    assert stored["subscales"] == scored.subscales  # from the scorer, not left at the column default '{}'
    assert store.psfs_activity_names(fresh_db) == ["Gardening"]  # trimmed, as the form stores it


def test_a_prescription_set_by_hand_above_its_cap_is_refused_too(fresh_db):
    plank = store.get_exercise(fresh_db, "Side plank")
    with pytest.raises(ValueError, match="above its cap"):
        store.set_prescription(fresh_db, plank.name, TODAY, {"hold_s": plank.rules["hold_s"].cap + 5})


def test_a_whole_number_too_large_for_its_column_is_refused_with_its_line_not_by_the_database(
    export_files, fresh_db, tmp_path
):
    export_files["exercise_log.csv"] = edit_csv(export_files["exercise_log.csv"], 0, "position", str(2**40))
    refused(fresh_db, tmp_path, export_files, "exercise_log.csv", 2, "position", "whole number from")


def test_a_setting_of_infinity_is_refused_with_its_line_not_an_overflow(fresh_db):
    # Found by `make soak`'s fuzz: JSON's Infinity reached int() in settings.validate.
    report = archive.import_files(fresh_db, {"setting.csv": "key,value\ndeload_every_weeks,Infinity\n"}, TODAY)
    assert not report.written and [(p.line, p.field) for p in report.problems] == [(2, "value")]
