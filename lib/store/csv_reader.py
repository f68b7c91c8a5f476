"""Reading one CSV file of an import with DuckDB's read_csv: typed values, and every cell it refused.

Each file is read by a private in-memory DuckDB (CsvReader: never the person's database,
so parsing touches none of their data) from a temporary copy of its text, with
explicit column types and `store_rejects`: DuckDB's rejects table then holds the
line, column and kind of every value or line it could not read, and the rows it
could read come back in file order. lib.importing.parse turns both into Poise's
words and the file's own line numbers.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lib.errors import StoreError

__all__ = ["CsvReader", "Reject", "READ_AS"]

# The type each column is read as. Whole numbers are read as DOUBLE, because DuckDB's INTEGER
# would round "3.5" to 4 and refuse "1e12" without saying it is too large: the parse stage
# checks that a number is whole and fits its column, and says so in the person's words.
READ_AS = {
    "INTEGER": "DOUBLE",
    "BIGINT": "DOUBLE",
    "SMALLINT": "DOUBLE",
    "TINYINT": "DOUBLE",
    "HUGEINT": "DOUBLE",
    "DOUBLE": "DOUBLE",
    "FLOAT": "DOUBLE",
    "REAL": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIME": "TIME",
    "TIMESTAMP": "TIMESTAMP",
}

# One dialect for every read: the one Poise's export writes (comma, double quotes, "" inside
# quotes), no sniffing, and strict: a quote left open is refused, never swallowed (except in
# the file's last line, which DuckDB drops without a word: lib.importing.parse checks for it).
_DIALECT = "delim = ',', quote = '\"', escape = '\"', auto_detect = false, strict_mode = true, parallel = false"
_READ_ROWS = (
    f"SELECT * FROM read_csv($path, header = true, columns = $columns, {_DIALECT}, "
    "max_line_size = $max_line, store_rejects = true, "
    "rejects_table = 'poise_rejects', rejects_scan = 'poise_reject_scans')"
)
_REJECTS = (
    "SELECT line, column_name, CAST(error_type AS VARCHAR), error_message FROM poise_rejects ORDER BY line, column_idx"
)
# The header alone, every field as text; `null_padding` fills the fields a quoted comma saved,
# and the lines after it are not looked at (`ignore_errors`: one of them may be longer).
_READ_HEADER = (
    f"SELECT * FROM read_csv($path, header = false, columns = $columns, {_DIALECT}, "
    "all_varchar = true, null_padding = true, allow_quoted_nulls = false, ignore_errors = true) LIMIT 1"
)
_FORGET_REJECTS = "DELETE FROM poise_rejects"
_CAST_VALUE = re.compile(r'Could not convert string "(.*)" to \'', re.DOTALL)
_FOUND = re.compile(r"Found: (\d+)")


@dataclass(frozen=True)
class Reject:
    """One thing DuckDB could not read: its line, the column (for a value) and what went wrong.

    `line` is DuckDB's count: the header is line 1 and every record or blank line adds one
    (a newline inside quotes does not). `kind` is DuckDB's error type: CAST, MISSING COLUMNS,
    TOO MANY COLUMNS, UNQUOTED VALUE, LINE SIZE OVER MAXIMUM, INVALID ENCODING, INVALID STATE.
    `value` is the cell as written (CAST only); `found` how many values the line has
    (MISSING or TOO MANY COLUMNS only).
    """

    line: int
    column: str | None
    kind: str
    value: str | None
    found: int | None
    detail: str


class CsvReader:
    """A private in-memory DuckDB that reads an import's files; use it `with`, once per import.

    One for all the files of an import: opening a DuckDB costs more than reading a small file.
    Not shared between threads (each import makes its own).
    """

    def __init__(self) -> None:
        self._con = duckdb.connect(":memory:")
        self._folder = tempfile.TemporaryDirectory(prefix="poise-import-")
        self._path = Path(self._folder.name) / "table.csv"

    def __enter__(self) -> CsvReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._con.close()
        self._folder.cleanup()

    def _read(self, sql: str, params: dict) -> list[tuple]:
        try:
            return self._con.execute(sql, {"path": str(self._path), **params}).fetchall()
        except duckdb.Error as e:
            raise StoreError(str(e).split("\n")[0]) from e

    def open(self, text: str) -> None:
        """Make `text` the file that `header` and `rows` read (a temporary copy, deleted on exit)."""
        self._path.write_text(text, encoding="utf-8", newline="")

    def header(self, line: str) -> list[str]:
        """Return the names of the file's first record `line` as written (a missing one as "").

        Raises StoreError with DuckDB's reason when the line is not CSV at all.
        """
        if '"' not in line:  # no quotes (every Poise export): the names are what the commas part
            return line.rstrip("\r").split(",")
        rows = self._read(_READ_HEADER, {"columns": _positional(["VARCHAR"] * (line.count(",") + 1))})
        return ["" if v is None else v for v in rows[0]] if rows else []

    def rows(self, columns: dict[str, str], max_line_bytes: int) -> tuple[list[tuple], list[Reject]]:
        """Read the file (its header naming `columns`, {name: Poise's column type}) with DuckDB.

        Returns the rows it read, in file order, as tuples of Python values in the order of
        `columns` (an empty cell is None), and every Reject. A line longer than
        `max_line_bytes` is a Reject too. Raises StoreError with DuckDB's reason when it
        cannot read the file at all (line endings mixed within it, say).
        """
        names = list(columns)
        read_as = _positional(READ_AS.get(kind, "VARCHAR") for kind in columns.values())
        rows = self._read(_READ_ROWS, {"columns": read_as, "max_line": max_line_bytes})
        rejects = [_reject(names, *r) for r in self._con.execute(_REJECTS).fetchall()]
        if rejects:
            self._con.execute(_FORGET_REJECTS)  # DuckDB adds each scan's rejects to the same table
        return rows, rejects


def _positional(types) -> dict[str, str]:
    # Columns go by position (c0, c1, ...), not by name: a Python dict of exactly "key" and
    # "value" would reach DuckDB as a MAP, not the STRUCT read_csv wants (the setting table).
    return {f"c{i}": kind for i, kind in enumerate(types)}


def _reject(names: list[str], line: int, column: str | None, kind: str, detail: str) -> Reject:
    value = found = None
    if kind == "CAST" and (match := _CAST_VALUE.search(detail)):
        value = match.group(1)
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and (match := _FOUND.search(detail)):
        found = int(match.group(1))
    named = names[int(column[1:])] if column else None
    return Reject(int(line), named, kind, value, found, detail)
