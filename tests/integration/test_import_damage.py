"""A damaged, hostile or oversized import file becomes a report, and nothing is written.

Each zip below is built byte by byte to raise what a real damaged file raises inside zipfile,
zlib, bz2 or csv (issue 17, defects 5 and 6); before, each escaped as a raw exception, and a
306 KB zip of newlines took 82 s and 2 GB.
"""

from __future__ import annotations

import io
import struct
import time
import zipfile
from collections.abc import Callable

import pytest

from lib import archive
from lib.importing import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS
from tests.conftest import TODAY
from tests.integration.test_archive import assert_same_data, snapshot

HEADER = "day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours\n"
GOOD_CSV = HEADER + "".join(f"2026-01-{d:02d},3,2,7.5,6,4,6\n" for d in range(1, 29))


def zipped(files: dict[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _patch(data: bytes, signature: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite a field of the first local header (PK\\3\\4) or central entry (PK\\1\\2)."""
    at = data.index(signature) + offset
    return data[:at] + struct.pack(fmt, value) + data[at + struct.calcsize(fmt) :]


def _member_data_offset(data: bytes) -> int:
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def broken_deflate() -> bytes:  # zlib.error: invalid block type
    data = zipped({"checkin.csv": GOOD_CSV})
    at = _member_data_offset(data)
    return data[:at] + b"\xff" * 16 + data[at + 16 :]


def unknown_method() -> bytes:  # NotImplementedError: that compression method is not supported
    data = zipped({"checkin.csv": GOOD_CSV}, zipfile.ZIP_STORED)
    data = _patch(data, b"PK\x03\x04", 8, "<H", 99)
    return _patch(data, b"PK\x01\x02", 10, "<H", 99)


def encrypted() -> bytes:  # RuntimeError: file is encrypted, password required
    data = zipped({"checkin.csv": GOOD_CSV}, zipfile.ZIP_STORED)
    data = _patch(data, b"PK\x03\x04", 6, "<H", 1)
    return _patch(data, b"PK\x01\x02", 8, "<H", 1)


def broken_bzip2() -> bytes:  # OSError: invalid data stream
    data = zipped({"checkin.csv": GOOD_CSV}, zipfile.ZIP_BZIP2)
    at = _member_data_offset(data)
    return data[:at] + b"\x00" * 16 + data[at + 16 :]


def bad_crc() -> bytes:  # BadZipFile: Bad CRC-32
    data = zipped({"checkin.csv": GOOD_CSV}, zipfile.ZIP_STORED)
    at = _member_data_offset(data) + 40
    return data[:at] + b"9" + data[at + 1 :]


def truncated() -> bytes:  # BadZipFile at open: the central directory is cut off
    data = zipped({"checkin.csv": GOOD_CSV * 20})
    return data[: len(data) // 2]


def huge_field() -> bytes:  # csv.Error: field larger than field limit
    return zipped({"checkin.csv": HEADER + '2026-01-01,3,2,7.5,6,4,6\n"' + "x" * 200_000 + '",1\n'})


def nul_bytes() -> bytes:
    return zipped({"checkin.csv": HEADER + "2026-01-01,3\x00,2,7.5,6,4,6\n"})


DAMAGE: dict[str, tuple[Callable[[], bytes], str]] = {
    "zlib.error": (broken_deflate, "is damaged"),
    "NotImplementedError": (unknown_method, "is damaged"),
    "RuntimeError (encrypted)": (encrypted, "is damaged"),
    "OSError (bzip2)": (broken_bzip2, "is damaged"),
    "BadZipFile (CRC)": (bad_crc, "is damaged"),
    "BadZipFile (truncated)": (truncated, "is damaged"),
    "csv.Error (huge field)": (huge_field, "is damaged"),
    "NUL byte": (nul_bytes, ""),
}


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_zip_becomes_a_report_and_nothing_is_written(fresh_db, kind):
    build, words = DAMAGE[kind]
    before = snapshot(fresh_db)
    report = archive.import_upload(fresh_db, "poise-export.zip", build(), TODAY)
    assert not report.ok and not report.written
    assert words in " ".join(p.reason for p in report.problems), report.problems
    assert_same_data(before, snapshot(fresh_db))


def test_the_damage_report_names_the_file_in_the_persons_words(fresh_db):
    report = archive.import_upload(fresh_db, "poise-export.zip", encrypted(), TODAY)
    [problem] = report.problems
    assert problem.reason.startswith("poise-export.zip is damaged: ")
    assert "Export it again" in problem.reason


@pytest.mark.parametrize("error", [OverflowError("Python int too large"), EOFError(), ValueError("negative seek")])
def test_every_error_a_zip_reader_raises_becomes_a_report(fresh_db, monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    data = zipped({"checkin.csv": GOOD_CSV})
    monkeypatch.setattr(zipfile.ZipFile, "open", fail)
    report = archive.import_upload(fresh_db, "poise-export.zip", data, TODAY)
    assert not report.written and "poise-export.zip is damaged" in report.problems[0].reason


def test_a_file_that_is_not_a_zip_at_all_says_so(fresh_db):
    report = archive.import_upload(fresh_db, "poise-export.zip", b"hello, not a zip", TODAY)
    assert "This is not a zip file" in report.problems[0].reason


# --- the size guard ---------------------------------------------------------------


def test_a_small_zip_of_a_million_newlines_is_refused_quickly_while_streaming(fresh_db):
    data = zipped({"checkin.csv": HEADER + "\n" * (MAX_IMPORT_ROWS + 1)})
    assert len(data) < 10_000  # about 2 KB compressed
    before, started = snapshot(fresh_db), time.perf_counter()
    report = archive.import_upload(fresh_db, "poise-export.zip", data, TODAY)
    assert time.perf_counter() - started < 5
    assert not report.written and f"more than {MAX_IMPORT_ROWS:,} lines" in report.problems[0].reason
    assert_same_data(before, snapshot(fresh_db))


def test_a_member_larger_than_the_limit_uncompressed_is_refused(fresh_db):
    data = zipped({"checkin.csv": HEADER + "2026-01-01,3,2,7.5,6,4,6," + "x" * MAX_IMPORT_BYTES + "\n"})
    report = archive.import_upload(fresh_db, "poise-export.zip", data, TODAY)
    assert not report.written and "larger than 50 MB uncompressed" in report.problems[0].reason


def test_a_lone_csv_over_the_limit_is_refused_too(fresh_db):
    report = archive.import_upload(fresh_db, "checkin.csv", (HEADER + "\n" * (MAX_IMPORT_ROWS + 1)).encode(), TODAY)
    assert not report.written and "lines" in report.problems[0].reason


def test_a_file_at_the_row_limit_is_parsed_with_its_lines_counted(fresh_db):
    from lib.importing import parse_csv
    from lib.store import table_schema

    problems: list = []
    parse_csv("checkin.csv", HEADER + "\n" * (MAX_IMPORT_ROWS + 5), table_schema(fresh_db)["checkin"], problems)
    assert [p.line for p in problems] == [MAX_IMPORT_ROWS + 1]


def test_a_zip_of_many_files_is_refused(fresh_db):
    data = zipped({f"t{i}.csv": "a\n" for i in range(60)})
    report = archive.import_upload(fresh_db, "poise-export.zip", data, TODAY)
    assert not report.written and "60 CSV files" in report.problems[0].reason
