"""The import's first stage: read one table's CSV with DuckDB and say, in Poise's words, what it refused.

DuckDB's read_csv does the reading (lib.store.csv_reader): explicit column types,
its rejects table for every bad value or line. This module checks the header,
turns DuckDB's rows into Python values that fit their columns (a whole number is
whole, an id is from 1 to ID_MAX) and each reject into a Problem with the
file's own line number (line 1 is the header; a newline inside quotes counts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from lib.errors import StoreError, ValidationError
from lib.importing.report import Problem
from lib.models import ID_MAX, NOTES_MAX, check_id
from lib.store.archive import Column
from lib.store.csv_reader import CsvReader, Reject

# The size guard of an import (lib.archive checks it while reading each file; parse_csv again per row).
MAX_IMPORT_BYTES = 50 * 1024 * 1024  # per file, uncompressed
MAX_IMPORT_ROWS = 1_000_000  # lines per file (header and lines inside quoted notes included)
MAX_LINE_BYTES = 128 * 1024  # one line: room for the longest note (NOTES_MAX) many times over

UNPAIRED_QUOTES = (
    '{name} is damaged: a quote (") is opened and never closed. A value that holds a quote '
    'goes in quotes, with the quote doubled ("").'
)
_WHOLE = ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT")
_WANTED = {
    "DATE": "a date (YYYY-MM-DD)",
    "TIME": "a time of day (HH:MM:SS)",
    "TIMESTAMP": "a date and time (YYYY-MM-DD HH:MM:SS)",
    "BOOLEAN": "true or false",
}


@dataclass
class Row:
    line: int | None  # None only if the file's lines could not be told apart (see _record_lines)
    values: dict[str, Any]  # a cell's Python value: int, float, bool, date, time, datetime, str or None, as its column


@dataclass
class ParsedFile:
    name: str
    table: str
    columns: list[str]
    rows: list[Row]


def table_of(member: str) -> str:
    """Return the table a file in the zip stands for: "poise/checkin.csv" -> "checkin"."""
    return PurePosixPath(member).stem


def is_id(column: str) -> bool:
    """Return whether a column holds a row id (`id`, `session_id`, ...): positive and at most ID_MAX."""
    return column == "id" or column.endswith("_id")


def parse_csv(
    name: str, text: str, columns: list[Column], problems: list[Problem], reader: CsvReader | None = None
) -> ParsedFile:
    """Parse one CSV file of a table with DuckDB; append every problem to `problems`. Writes nothing.

    Rows with a problem are left out of the result. Line numbers count the
    header as line 1 and follow quoted newlines. `reader` reads the file (an
    import passes one for all its files); without it, one is made for this file.
    """
    if reader is None:
        with CsvReader() as own:
            return parse_csv(name, text, columns, problems, own)
    table = table_of(name)
    by_name = {c.name: c for c in columns}
    parsed = ParsedFile(name, table, [], [])
    # One line ending, as Poise's forms store a newline: strict DuckDB refuses a file mixing \r\n and \n.
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if len(lines) - (lines[-1] == "") > MAX_IMPORT_ROWS:
        problems.append(
            Problem(
                name,
                MAX_IMPORT_ROWS + 1,
                None,
                f"{name} has more than {MAX_IMPORT_ROWS:,} lines; Poise imports files up to that many rows.",
            )
        )
        lines = lines[:MAX_IMPORT_ROWS]
        text = "\n".join(lines) + "\n"
    records = _record_lines(lines)
    if not records or records[0][1] is not False:
        problems.append(Problem(name, 1, None, "The file is empty; it needs a header line naming the columns."))
        return parsed
    header_line = "\n".join(lines[: records[1][0] - 1] if len(records) > 1 else lines)
    reader.open(text)
    try:
        header = [h.strip() for h in reader.header(header_line)]
    except StoreError as e:
        problems.append(Problem(name, 1, None, f"{name} is damaged: {e.message}"))
        return parsed
    if not _header_fits(name, table, header, columns, problems):
        return parsed
    parsed.columns = header
    try:
        rows, rejects = reader.rows({h: by_name[h].type for h in header}, MAX_LINE_BYTES)
    except StoreError as e:
        problems.append(Problem(name, None, None, f"{name} is damaged: DuckDB could not read it as CSV ({e.message})."))
        return parsed
    refused = _report_rejects(name, {h: by_name[h].type for h in header}, rejects, records, problems)
    data_lines: list[int | None] = [
        start for number, (start, blank) in enumerate(records[1:], 2) if blank is False and number not in refused
    ]
    unclosed = records[-1][1] is None and len(records) not in refused  # DuckDB drops that last row without a word
    if unclosed:
        problems.append(Problem(name, records[-1][0], None, UNPAIRED_QUOTES.format(name=name)))
    if len(data_lines) != len(rows):  # quotes that do not pair up: better no line than a wrong one
        if not unclosed:
            problems.append(Problem(name, None, None, UNPAIRED_QUOTES.format(name=name)))
        data_lines = [None] * len(rows)
    for line, record in zip(data_lines, rows, strict=True):
        values, ok = {}, True
        for h, value in zip(header, record, strict=True):
            try:
                values[h] = _cell(by_name[h], value)
            except ValidationError as e:
                problems.append(Problem(name, line, e.field, e.message))
                ok = False
        if ok:
            parsed.rows.append(Row(line, values))
    return parsed


def _record_lines(lines: list[str]) -> list[tuple[int, bool | None]]:
    """Return, for each line as DuckDB counts them, its first line in the file and whether it is blank.

    DuckDB numbers records and blank lines but not the newlines inside quotes; a record
    ends at a newline outside quotes, which is where an even number of quotes has been seen.
    A last record whose quote never closes is marked blank None.
    """
    records: list[tuple[int, bool | None]] = []
    inside, start = False, 1
    if lines and lines[-1] == "":
        lines = lines[:-1]  # the end of the last line, not a line
    for number, line in enumerate(lines, 1):
        if not inside:
            start, blank = number, line == ""
        if line.count('"') % 2:
            inside = not inside
        if not inside:
            records.append((start, blank))
    if inside:
        records.append((start, None))
    return records


def _header_fits(name: str, table: str, header: list[str], columns: list[Column], problems: list[Problem]) -> bool:
    by_name = {c.name: c for c in columns}
    before = len(problems)
    for h in header:
        if h not in by_name:
            problems.append(
                Problem(name, 1, h or None, f"{h!r} is not a column of {table}; its columns are: {', '.join(by_name)}.")
            )
    for h in {h for h in header if header.count(h) > 1}:
        problems.append(Problem(name, 1, h, f"The column {h} is named twice in the header."))
    for c in columns:
        if c.name not in header and not c.nullable and not c.has_default:
            problems.append(Problem(name, 1, c.name, f"The header lacks the column {c.name}, which every row needs."))
    return len(problems) == before


def _report_rejects(
    name: str,
    header: dict[str, str],
    rejects: list[Reject],
    records: list[tuple[int, bool | None]],
    problems: list[Problem],
) -> set[int]:
    """Append a Problem per reject, in the file's line numbers; return DuckDB's numbers of the lines refused."""
    by_line: dict[int, list[Reject]] = {}
    for r in rejects:
        by_line.setdefault(r.line, []).append(r)
    for number, found in by_line.items():
        line = records[number - 1][0] if 0 < number <= len(records) else None
        damage = [r for r in found if r.kind != "CAST" and r.found is None]
        wrong_count = [r for r in found if r.found is not None]
        if damage:  # the line itself is unreadable: say that once
            problems.append(Problem(name, line, None, _reject_words(name, None, damage[0])))
        elif wrong_count:  # a row of the wrong length: its values are not worth naming one by one
            problems.append(
                Problem(name, line, None, f"The row has {wrong_count[0].found} values; the header names {len(header)}.")
            )
        else:
            problems.extend(
                Problem(name, line, r.column, _reject_words(name, header.get(r.column or ""), r)) for r in found
            )
    return set(by_line)


def _reject_words(name: str, kind: str | None, r: Reject) -> str:
    """The words for what DuckDB refused; `kind` is the column's type."""
    if r.kind == "CAST" and r.column is not None:
        return _cast_words(r.column, kind or "VARCHAR", r.value)
    if r.kind == "LINE SIZE OVER MAXIMUM":
        return (
            f"{name} is damaged: the line is longer than {MAX_LINE_BYTES // 1024} KB, the most Poise reads "
            f"(a note holds at most {NOTES_MAX:,} characters)."
        )
    if r.kind == "UNQUOTED VALUE":
        return UNPAIRED_QUOTES.format(name=name)
    if r.kind == "INVALID ENCODING":
        return "The file is not UTF-8 text."
    return f"{name} is damaged: the line is not CSV ({r.detail})."


def _cast_words(column: str, kind: str, value: str | None) -> str:
    """The words for a value DuckDB could not read as the column's type `kind`."""
    if value is not None and not (value.isascii() and value.isprintable()):
        # "१" or "٣" are digits to Python; a Poise export never holds them.
        return f"{column} must be written with the digits 0-9 and plain ASCII characters; got {value!r}."
    wanted = _WANTED.get(kind, "a whole number" if kind in _WHOLE else "a number")
    return f"{column} must be {wanted}" + (f"; got {value!r}." if value is not None else ".")


def _cell(column: Column, value: Any) -> Any:
    """Return DuckDB's `value` as the column's Python value; raise ValidationError naming the column."""
    name, kind = column.name, column.type
    if value is None:
        if kind == "VARCHAR" and not column.nullable:
            return ""  # an empty text cell is empty text
        if not column.nullable:
            raise ValidationError(name, f"{name} needs a value.")
        return None
    if kind in _WHOLE:
        number = float(value)  # read as DOUBLE (csv_reader.READ_AS)
        if not math.isfinite(number) or number != int(number):
            raise ValidationError(name, f"{name} must be a whole number; got {_shown(number)!r}.")
        if is_id(name):
            if not 1 <= number <= ID_MAX:
                raise ValidationError(name, f"{name} must be a whole number from 1 to {ID_MAX}; got {_shown(number)}.")
            return check_id(name, int(number))  # an id near 2**31 would stop the file's sequences
        if kind == "INTEGER" and not -(2**31) < number < 2**31:  # what the column can hold
            raise ValidationError(
                name, f"{name} must be a whole number from {-(2**31) + 1} to {2**31 - 1}; got {_shown(number)}."
            )
        return int(number)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValidationError(name, f"{name} must be a number; got {_shown(value)!r}.")
    return value


def _shown(number: float) -> str:
    return f"{number:.15g}"
