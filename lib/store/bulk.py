"""Bulk writes of whole tables from DataFrames (demo history, imports).

Table names come from TABLES, a fixed allow-list; column names are checked
against the table's own columns before they reach SQL.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.db import read, transaction
from lib.errors import StoreError
from lib.models import ID_MAX

__all__ = ["TABLES", "insert_frames", "table_columns", "table_frame", "advance_sequence", "reset_sequences"]

# Every user-data table, in an order that respects their links, with its id sequence (if any).
TABLES: dict[str, str | None] = {
    "exercise": "exercise_id_seq",
    "exercise_variable": None,
    "prescription": "prescription_id_seq",
    "checkin": None,
    "red_flag_report": None,
    "session": "session_id_seq",
    "exercise_log": "exercise_log_id_seq",
    "questionnaire_response": "questionnaire_response_id_seq",
    "psfs_activity": "psfs_activity_id_seq",
    "progression_event": "progression_event_id_seq",
    "ritual": "ritual_id_seq",
    "ritual_log": None,
    "setting": None,
    "audit": "audit_id_seq",
}


def _checked_table(table: str) -> str:
    if table not in TABLES:
        raise ValueError(f"{table!r} is not one of Poise's tables.")
    return table


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Return the columns of one of Poise's tables, in table order."""
    rows = read(
        con,
        "SELECT column_name FROM duckdb_columns() "
        "WHERE table_name = ? AND database_name = current_database() ORDER BY column_index",
        [_checked_table(table)],
    )
    return [r[0] for r in rows]


def table_frame(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Return a whole table as a DataFrame, ordered by its first column."""
    cur = con.cursor()
    try:
        return cur.table(_checked_table(table)).order(table_columns(con, table)[0]).df()
    finally:
        cur.close()


def insert_frames(
    con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame], cur: duckdb.DuckDBPyConnection | None = None
) -> dict[str, int]:
    """Append each DataFrame to its table, all in one transaction. Writes; returns rows added per table.

    Columns not given take the table's defaults. Frames that carry explicit ids
    move the id sequence past them, so later inserts never collide. With `cur`,
    runs inside the caller's transaction instead of its own.
    """
    if cur is None:
        with transaction(con) as own:
            return insert_frames(con, frames, own)
    added = {}
    for table in TABLES:  # allow-list order, so links land parent-first
        if table not in frames:
            continue
        df = frames[table]
        known = table_columns(con, table)
        unknown = [c for c in df.columns if c not in known]
        if unknown:
            raise ValueError(f"{table} has no column {unknown[0]!r}.")
        _insert_select(cur, table, list(df.columns), df)
        added[table] = len(df)
        if (sequence := TABLES[table]) and "id" in df.columns and len(df):
            advance_sequence(cur, sequence, int(df["id"].max()))
    return added


def _insert_select(cur: duckdb.DuckDBPyConnection, table: str, columns: list[str], df: pd.DataFrame) -> None:
    cur.register("_poise_frame", df)
    try:
        # Table and column names were checked against the allow-list and the table's own columns.
        names = ", ".join(f'"{c}"' for c in columns)
        statement = f"INSERT INTO {table} ({names}) SELECT {names} FROM _poise_frame"
        cur.execute(statement).fetchall()
    finally:
        cur.unregister("_poise_frame")


_TABLE_OF_SEQUENCE = {seq: table for table, seq in TABLES.items() if seq}
_LAST_VALUE = (
    "SELECT coalesce(last_value, start_value - 1) FROM duckdb_sequences() "
    "WHERE sequence_name = ? AND database_name = current_database()"
)
# DuckDB cannot move a sequence (no setval, no ALTER SEQUENCE ... RESTART), and a sequence a column
# uses cannot be dropped. So the column lets go of it, it is made anew starting at the right number,
# and the column takes it back: constant time, where calling nextval up to the id took minutes.
# Names come from TABLES (the allow-list); the start is an int checked against ID_MAX. DDL binds no parameters.
_RESTART = """ALTER TABLE {table} ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE {sequence};
CREATE SEQUENCE {sequence} START {start};
ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{sequence}');"""
_MAX_ID = {t: f"SELECT max(id) FROM {t}" for t, seq in TABLES.items() if seq}


def _restart(cur: duckdb.DuckDBPyConnection, sequence: str, start: int) -> None:
    table = _TABLE_OF_SEQUENCE[sequence]
    start = int(start)
    if not 1 <= start <= ID_MAX + 1:
        raise StoreError(
            f"The {table} table would need ids up to {start - 1}, above the largest Poise keeps "
            f"({ID_MAX}). Nothing was saved."
        )
    cur.execute(_RESTART.format(table=table, sequence=sequence, start=start)).fetchall()


def advance_sequence(cur: duckdb.DuckDBPyConnection, sequence: str, max_id: int) -> None:
    """Move `sequence` past `max_id`, so the next row added never reuses an id written explicitly.

    In constant time, inside the caller's transaction. Raises StoreError for an id above
    lib.models.ID_MAX (the importer refuses those first, with their file and line).
    """
    # current_database(): a backup being attached at the same moment has sequences of the same name.
    last = cur.execute(_LAST_VALUE, [sequence]).fetchall()[0][0]
    if max_id > last:
        _restart(cur, sequence, max_id + 1)


def reset_sequences(cur: duckdb.DuckDBPyConnection) -> None:
    """Put every id sequence right: past its table's largest id, and back within ID_MAX. Writes, in `cur`'s transaction.

    A sequence behind its table's ids moves past them; one beyond ID_MAX (pushed there by an id
    near 2**31 that an older Poise imported, after which every save failed) starts again just past
    the table's largest id, or at 1 for an empty table. A healthy sequence keeps counting. Restore
    and delete-everything call it, so they repair a file a bad import broke.
    """
    for table, sequence in TABLES.items():
        if sequence:
            top = cur.execute(_MAX_ID[table]).fetchall()[0][0] or 0
            last = cur.execute(_LAST_VALUE, [sequence]).fetchall()[0][0]
            if last < top or last > ID_MAX:
                _restart(cur, sequence, top + 1)
