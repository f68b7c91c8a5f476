"""The SQL of export, import, backup, restore and delete-everything (lib/archive.py drives it),
and the period aggregates of the physiotherapist's summary (lib/report.py).

Table names come only from lib.store.bulk.TABLES (a fixed allow-list); every
statement that names a table is built once, here, as a module constant. Paths
travel as bound parameters. A backup or restore attaches a second database
file under a fixed alias; a lock keeps two threads from using it at once.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from lib import exercises as library
from lib.db import checkpoint, read, read_df, transaction
from lib.errors import StoreError
from lib.store.bulk import TABLES, advance_sequence, reset_sequences
from lib.store.catalog import _insert_exercise
from lib.store.media import clear_media, restore_media_from_attached

__all__ = [
    "Column",
    "table_schema",
    "copy_tables",
    "copy_database",
    "stored_table",
    "apply_import",
    "apply_import_rows",
    "frames",
    "replace_all_from",
    "clear_all",
    "period_numbers",
    "period_notes",
]

# --- statements built from the allow-list ------------------------------------

_COPY_CSV = {t: f"COPY (SELECT * FROM {t} ORDER BY ALL) TO $path (FORMAT csv, HEADER, DELIMITER ',')" for t in TABLES}
_COPY_PARQUET = {t: f"COPY (SELECT * FROM {t} ORDER BY ALL) TO $path (FORMAT parquet)" for t in TABLES}
_SELECT_ALL = {t: f"SELECT * FROM {t}" for t in TABLES}
_DELETE_ALL = {t: f"DELETE FROM {t}" for t in TABLES}
_INSERT_FRAME = {t: f"INSERT INTO {t} BY NAME SELECT * FROM _poise_import" for t in TABLES}
_RESTORE = {t: f"INSERT INTO {t} BY NAME SELECT * FROM _poise_restore_source.{t}" for t in TABLES}
# How each table's rows are named in the audit table (row_key), as the store's own edits name them.
_ROW_KEY = {t: "CAST(id AS VARCHAR)" for t in TABLES} | {
    "exercise_variable": "CAST(exercise_id AS VARCHAR) || ':' || variable",
    "checkin": "CAST(day AS VARCHAR)",
    "ritual_log": "CAST(ritual_id AS VARCHAR) || ':' || CAST(day AS VARCHAR)",
    "setting": "key",
    "red_flag_report": "CAST(day AS VARCHAR)",
}
# A restore keeps the state it replaces: every row of every table (as a 'delete' of that row) and every
# audit row it held, gathered before the swap and added to the restored file's audit table after it.
_KEEP_BEFORE_RESTORE = "CREATE TEMP TABLE _poise_before_restore AS " + " UNION ALL ".join(
    ["SELECT changed_at, table_name, row_key, action, old_row FROM audit"]
    + [
        f"SELECT current_localtimestamp(), '{t}', {_ROW_KEY[t]}, 'delete', CAST(to_json(r) AS VARCHAR) FROM {t} r"
        for t in TABLES
        if t != "audit"
    ]
)
_ADD_BEFORE_RESTORE = """INSERT INTO audit (changed_at, table_name, row_key, action, old_row)
    SELECT changed_at, table_name, row_key, action, old_row FROM _poise_before_restore ORDER BY changed_at"""
_DROP_BEFORE_RESTORE = "DROP TABLE _poise_before_restore"

# Rows an import replaces: their old version goes to the audit table first, then they go.
_KEEP_REPLACED = {
    "checkin": """INSERT INTO audit (table_name, row_key, action, old_row)
                  SELECT 'checkin', CAST(c.day AS VARCHAR), 'update', CAST(to_json(c) AS VARCHAR)
                  FROM checkin c WHERE c.day IN (SELECT CAST(unnest($keys) AS DATE))""",
    "setting": """INSERT INTO audit (table_name, row_key, action, old_row)
                  SELECT 'setting', s.key, 'update', CAST(to_json(s) AS VARCHAR)
                  FROM setting s WHERE s.key IN (SELECT unnest($keys))""",
    "exercise": """INSERT INTO audit (table_name, row_key, action, old_row)
                   SELECT 'exercise', CAST(e.id AS VARCHAR), 'update', CAST(to_json(struct_pack(exercise := e,
                          variables := (SELECT list(v ORDER BY v.rank) FROM exercise_variable v
                                        WHERE v.exercise_id = e.id))) AS VARCHAR)
                   FROM exercise e WHERE e.id IN (SELECT CAST(unnest($keys) AS INTEGER))""",
}
_DELETE_REPLACED = {
    "checkin": "DELETE FROM checkin WHERE day IN (SELECT CAST(unnest($keys) AS DATE))",
    "setting": "DELETE FROM setting WHERE key IN (SELECT unnest($keys))",
    "exercise": "DELETE FROM exercise WHERE id IN (SELECT CAST(unnest($keys) AS INTEGER))",
    "exercise_variable": "DELETE FROM exercise_variable WHERE exercise_id IN (SELECT CAST(unnest($keys) AS INTEGER))",
}

_ATTACH_BACKUP = "ATTACH $path AS _poise_backup_copy"
_ATTACH_RESTORE = "ATTACH $path AS _poise_restore_source (READ_ONLY)"
_DETACH_BACKUP = "DETACH _poise_backup_copy"
_BACKUP_ALIAS = "_poise_backup_copy"
_CHECKPOINT_BACKUP = "CHECKPOINT " + _BACKUP_ALIAS  # an identifier: it cannot be a bound parameter
_DETACH_RESTORE = "DETACH _poise_restore_source"
_COPY_DATABASE = "COPY FROM DATABASE {source} TO _poise_backup_copy"  # source: a quoted identifier, see copy_database

# One attached file at a time: the aliases above are shared by every thread of the process.
_ATTACH_LOCK = threading.Lock()


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type name: INTEGER, DOUBLE, VARCHAR, BOOLEAN, DATE, TIME, TIMESTAMP
    nullable: bool
    has_default: bool
    unique: bool = False  # a UNIQUE constraint of its own (not the primary key): no two rows share a value


_SCHEMA = """
    WITH uniq AS (
        SELECT table_name, constraint_column_names[1] AS column_name FROM duckdb_constraints()
        WHERE database_name = current_database() AND schema_name = 'main' AND constraint_type = 'UNIQUE'
          AND len(constraint_column_names) = 1
    )
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default IS NOT NULL,
           u.column_name IS NOT NULL
    FROM duckdb_columns() c LEFT JOIN uniq u USING (table_name, column_name)
    WHERE c.database_name = current_database() AND c.schema_name = 'main' AND c.table_name IN (SELECT unnest(?))
    ORDER BY c.table_name, c.column_index"""


def table_schema(con: duckdb.DuckDBPyConnection) -> dict[str, list[Column]]:
    """Return the columns of every table in TABLES, in table order, with their own UNIQUE constraints. Reads only."""
    schema: dict[str, list[Column]] = {t: [] for t in TABLES}
    for table, name, kind, nullable, has_default, unique in read(con, _SCHEMA, [list(TABLES)]):
        schema[table].append(Column(name, kind, nullable, has_default, unique))
    return schema


def copy_tables(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str = "csv") -> dict[str, Path]:
    """Write every table to `folder` as `<table>.csv` (with a header) or `<table>.parquet`. Writes files only.

    All tables are read in one transaction, so they agree with each other even
    while the app keeps writing. Returns the file of each table.
    """
    statements = {"csv": _COPY_CSV, "parquet": _COPY_PARQUET}[fmt]
    files = {table: folder / f"{table}.{fmt}" for table in TABLES}
    cur = con.cursor()
    try:
        cur.begin()
        for table, path in files.items():
            cur.execute(statements[table], {"path": str(path)}).fetchall()
        cur.commit()
    except duckdb.Error as e:
        with contextlib.suppress(duckdb.Error):
            cur.rollback()
        raise StoreError(f"Poise could not write the export: {e}") from e
    finally:
        cur.close()
    return files


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def copy_database(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Copy the whole open database (schema, sequences, rows) into a new file `target`. Writes that file.

    DuckDB copies from one snapshot, so the copy is consistent while other
    cursors keep working. `target` must not exist yet.
    """
    # The source is this connection's own catalog name (from DuckDB, never from input), quoted as an identifier.
    source, own = read(
        con, "SELECT database_name, path FROM duckdb_databases() WHERE database_name = current_database()"
    )[0]
    _check_room(Path(own) if own else None, target)
    checkpoint(con)  # the file itself up to date first, so a copy by hand of it alone is complete too
    with _ATTACH_LOCK:
        cur = con.cursor()
        try:
            cur.execute(_ATTACH_BACKUP, {"path": str(target)}).fetchall()
            try:
                cur.execute(_COPY_DATABASE.format(source=_quoted(source))).fetchall()
                # Into the copy's own file before it is closed: no .wal may be left beside it.
                cur.execute(_CHECKPOINT_BACKUP).fetchall()
            finally:
                with contextlib.suppress(duckdb.Error):  # after a full disk the first error is the one to tell
                    cur.execute(_DETACH_BACKUP).fetchall()
        except duckdb.Error as e:
            raise StoreError(f"Poise could not write the copy {target.name}: {_reason(e)}") from e
        finally:
            cur.close()


COPY_ROOM = 16 * 1024 * 1024  # free bytes a copy needs beyond the size of the file and its .wal


def _check_room(own: Path | None, target: Path) -> None:
    """Refuse a copy the disk has no room for, before any of it is written (DuckDB gives up on a full disk)."""
    if own is None:
        return
    try:
        wal = own.with_name(own.name + ".wal")
        needed = own.stat().st_size + (wal.stat().st_size if wal.exists() else 0) + COPY_ROOM
        free = shutil.disk_usage(target.parent).free
    except OSError:
        return  # the copy itself will say what is wrong
    if free < needed:
        raise StoreError(
            f"The disk is full: a copy of {own.name} needs about {needed // 2**20 + 1} MB and "
            f"{target.parent} has {free // 2**20} MB free. Free some space; nothing was copied."
        )


def _reason(e: duckdb.Error) -> str:
    text = str(e).split("\n")[0]
    return f"the disk is full ({text})" if "no space left" in text.lower() else text


def stored_table(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[str], list[tuple]]:
    """Return (column names, every row) of one table, as Python values. Reads only."""
    cur = con.cursor()
    try:
        result = cur.execute(_SELECT_ALL[table])
        names = [d[0] for d in result.description]
        return names, result.fetchall()
    finally:
        cur.close()


def apply_import_rows(con: duckdb.DuckDBPyConnection, replace: dict[str, list], insert: dict[str, list[dict]]) -> None:
    """Write an import's validated rows ({column: Python value} per table) in one transaction. Writes.

    The rows travel as frames typed after the table's columns (`frames`), so what is written
    is exactly the values given; see `apply_import` for `replace` and the errors.
    """
    schema = table_schema(con)
    apply_import(con, replace, {table: frames(rows, schema[table]) for table, rows in insert.items() if rows})


def apply_import(
    con: duckdb.DuckDBPyConnection, replace: dict[str, list], insert: dict[str, list[pd.DataFrame]]
) -> None:
    """Write an import in one transaction: replace rows by key, then append frames. Writes.

    `replace` maps a table (checkin, setting, exercise, exercise_variable) to the
    keys whose stored rows go (the old row kept in the audit table first);
    `insert` maps a table to the frames of rows to add (one per set of columns
    the rows carry, `frames`). Tables are handled in the allow-list order,
    parents first. Any error rolls everything back and raises StoreError with
    the database's own reason.
    """
    with transaction(con) as cur:
        for table, keys in replace.items():
            if not keys:
                continue
            if table in _KEEP_REPLACED:
                cur.execute(_KEEP_REPLACED[table], {"keys": [str(k) for k in keys]}).fetchall()
            cur.execute(_DELETE_REPLACED[table], {"keys": [str(k) for k in keys]}).fetchall()
        for table in TABLES:
            for frame in insert.get(table, []):
                if frame.empty:
                    continue
                cur.register("_poise_import", frame)
                try:
                    cur.execute(_INSERT_FRAME[table]).fetchall()
                finally:
                    # After a refused insert the transaction is aborted and this cleanup fails too;
                    # its error must not replace the real one.
                    with contextlib.suppress(duckdb.Error):
                        cur.unregister("_poise_import")
                if (sequence := TABLES[table]) and "id" in frame.columns and frame["id"].notna().any():
                    advance_sequence(cur, sequence, int(frame["id"].max()))


# The pandas type each column's values travel in, so DuckDB reads every value exactly (a TIME
# travels as its ISO text: pandas has no time-of-day type).
_DTYPES = {
    "INTEGER": "Int64",
    "BIGINT": "Int64",
    "SMALLINT": "Int64",
    "DOUBLE": "Float64",
    "FLOAT": "Float64",
    "BOOLEAN": "boolean",
    "DATE": "datetime64[us]",
    "TIMESTAMP": "datetime64[us]",
}


def frames(rows: list[dict], columns: list[Column]) -> list[pd.DataFrame]:
    """Return `rows` as typed DataFrames, one per set of columns the rows carry (see `frame`)."""
    groups: dict[frozenset, list[dict]] = {}
    for r in rows:
        groups.setdefault(frozenset(r), []).append(r)
    return [frame(group, columns) for group in groups.values()]


def frame(rows: list[dict], columns: list[Column]) -> pd.DataFrame:
    """Return `rows` as a DataFrame typed after the table's columns, so DuckDB reads every value exactly."""
    names = [c.name for c in columns if c.name in rows[0]]
    df = pd.DataFrame({n: [r.get(n) for r in rows] for n in names}, dtype=object)
    for c in columns:
        if c.name not in df.columns:
            continue
        if c.type == "TIME":
            df[c.name] = df[c.name].map(lambda t: None if t is None else t.isoformat())
        elif c.type in _DTYPES:
            df[c.name] = df[c.name].astype(_DTYPES[c.type])
    return df


def replace_all_from(con: duckdb.DuckDBPyConnection, source: Path) -> dict[str, int]:
    """Replace every row of every table with those of the database file `source`, in one transaction. Writes.

    `source` must have the same schema (migrate it first). The state replaced is kept: each of its
    rows lands in the restored audit table (action 'delete', the row as JSON), and so do its own audit
    rows. Every id sequence is then set just past its table's largest id. Returns rows per table
    (as restored, before the kept rows are added to the audit table).
    """
    counts = {}
    with _ATTACH_LOCK:
        cur = con.cursor()
        try:
            cur.execute(_ATTACH_RESTORE, {"path": str(source)}).fetchall()
        except duckdb.Error as e:
            cur.close()
            raise StoreError(f"Poise could not open the backup {source.name}: {e}") from e
        try:
            with transaction(con) as tx:
                tx.execute(_KEEP_BEFORE_RESTORE).fetchall()
                restore_media_from_attached(tx)  # photos and clips: not in TABLES (never in a CSV), kept all the same
                tx.execute("DELETE FROM session_draft")  # the restored diary's own state, not today's draft
                for table in TABLES:
                    tx.execute(_DELETE_ALL[table]).fetchall()
                    counts[table] = tx.execute(_RESTORE[table]).fetchall()[0][0]
                reset_sequences(tx)
                tx.execute(_ADD_BEFORE_RESTORE).fetchall()
                tx.execute(_DROP_BEFORE_RESTORE).fetchall()
        finally:
            cur.execute(_DETACH_RESTORE).fetchall()
            cur.close()
    return counts


def clear_all(con: duckdb.DuckDBPyConnection) -> None:
    """Delete every row of every table and put the default library back, in one transaction. Writes.

    Every id sequence starts again at 1 (the library takes the first ids), so nothing an import
    pushed far ahead survives.
    """
    with transaction(con) as cur:
        cur.execute("DELETE FROM session_draft")  # a session in progress goes too (it is not exported)
        cur.execute("DELETE FROM form_check")  # form checks go too (not exported either)
        clear_media(cur)  # and the person's own photos and clips (in the final backup, like everything)
        for table in TABLES:
            cur.execute(_DELETE_ALL[table]).fetchall()
        reset_sequences(cur)
        for position, exercise in enumerate(library.LIBRARY):
            _insert_exercise(cur, exercise, position)


# --- the physiotherapist's summary ------------------------------------------------

_PERIOD_NUMBERS = """
    WITH c AS (SELECT * FROM checkin WHERE day BETWEEN $start AND $end),
         s AS (SELECT * FROM session WHERE day BETWEEN $start AND $end AND NOT skipped),
         l AS (SELECT l.* FROM exercise_log l JOIN s ON s.id = l.session_id)
    SELECT (SELECT count(*) FROM c) AS checkins,
           (SELECT median(pain_now) FROM c) AS median_pain,
           (SELECT median(pain_now) FROM c WHERE day < CAST($start AS DATE) + 14) AS first_pain,
           (SELECT median(pain_now) FROM c WHERE day > CAST($end AS DATE) - 14) AS last_pain,
           (SELECT count(*) FROM c WHERE flare_up) AS flare_days,
           (SELECT median(sleep_hours) FROM c) AS median_sleep,
           (SELECT count(*) FROM s) AS sessions,
           (SELECT count(*) FROM session WHERE day BETWEEN $start AND $end AND skipped) AS skipped_sessions,
           (SELECT count(DISTINCT day) FROM s) AS practice_days,
           (SELECT coalesce(sum(duration_min), 0) FROM s) AS minutes,
           (SELECT coalesce(sum(duration_min * rpe), 0) FROM s) AS load,
           (SELECT median(rpe) FROM s) AS median_rpe,
           (SELECT count(*) FROM l) AS exercises_done,
           (SELECT avg(CAST(completed AS INTEGER)) FROM l) AS completed_share,
           (SELECT median(pain_during) FROM l) AS median_pain_during,
           (SELECT max(pain_during) FROM l) AS max_pain_during"""

# The newest `limit` notes (a long period keeps its latest, not its oldest), shown oldest first,
# each with how many the period holds in all.
_PERIOD_NOTES = """
    WITH notes AS (
        SELECT day, 'check-in' AS source, notes, 0 AS id FROM checkin
        WHERE day BETWEEN $start AND $end AND trim(notes) <> ''
        UNION ALL
        SELECT day, 'session' AS source, notes, id FROM session
        WHERE day BETWEEN $start AND $end AND trim(notes) <> ''
    ),
    latest AS (
        SELECT *, count(*) OVER () AS total FROM notes ORDER BY day DESC, source DESC, id DESC LIMIT $limit
    )
    SELECT day, source, notes, total::INTEGER AS total FROM latest ORDER BY day, source, id"""


def period_numbers(con: duckdb.DuckDBPyConnection, start: date, end: date) -> dict[str, object]:
    """Return the headline numbers of [start, end]: check-ins, pain, sessions, load, completion. Reads.

    Keys: checkins, median_pain, first_pain and last_pain (median morning pain
    of the first and of the last 14 days), flare_days, median_sleep, sessions,
    practice_days, minutes, load (RPE x minutes, AU), median_rpe,
    exercises_done, completed_share (0-1), median_pain_during,
    max_pain_during. A median of nothing is None.
    """
    cur = con.cursor()
    try:
        result = cur.execute(_PERIOD_NUMBERS, {"start": start, "end": end})
        names = [d[0] for d in result.description]
        return dict(zip(names, result.fetchall()[0], strict=True))
    finally:
        cur.close()


def period_notes(con: duckdb.DuckDBPyConnection, start: date, end: date, limit: int = 200) -> pd.DataFrame:
    """Return the newest `limit` non-empty notes of check-ins and sessions in [start, end], oldest first. Reads.

    Columns: `day`, `source` ("check-in" or "session"), `notes`, and `total`
    (how many notes the period holds in all, the same on every row), so a
    reader can say "the latest 200 of 310".
    """
    return read_df(con, _PERIOD_NOTES, {"start": start, "end": end, "limit": limit}, days=("day",))
