"""The one place that opens DuckDB: connect, migrate, and run transactions.

Streamlit serves every browser session from its own thread and a DuckDB
connection must not be shared across threads, so callers keep one connection
per process and take a fresh `cursor()` for each operation (see `transaction`
and `read`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb

from lib.errors import DatabaseLocked, StoreError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "poise.duckdb"
DEMO_PATH = Path(os.environ.get("POISE_DEMO_DB") or ROOT / "data" / "demo.duckdb")  # tests point it elsewhere
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_MIGRATION_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
)"""


_version = 0
_version_lock = threading.Lock()


def data_version() -> int:
    """A number that moves on whenever this process opens a database or ends a transaction.

    Read caches key on it (lib.ui.CachedReads, read_kept), so a cached answer never outlives a write. Only
    this process can write the file while it holds it (DuckDB locks it), so a local count is enough.
    """
    return _version


def _data_changed() -> None:
    global _version
    with _version_lock:
        _version += 1


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Return every migration in lib/migrations, oldest first (files `NNN_name.sql`)."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql")):
        version, _, name = path.stem.partition("_")
        found.append(Migration(int(version), name, path.read_text(encoding="utf-8")))
    return found


def default_path() -> Path:
    """Return the database path: `$POISE_DB` if set, else data/poise.duckdb."""
    return Path(os.environ.get("POISE_DB") or DEFAULT_PATH)


def database_path(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Return the file behind `con` (None for an in-memory database). Reads only."""
    row = read(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    return Path(row[0][0]) if row and row[0][0] else None


def connect(path: str | Path | None = None, *, upto: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database and apply pending migrations.

    `upto` stops after that migration version (tests use it to build old files).
    Before migrating a file that already holds data, it is copied aside as
    `<name>.before-<version>.duckdb`. Checkpoints, so the file alone (without
    its `.wal`) holds everything. Seeds nothing: lib.store.open_database is the
    door that also puts the default library into a new file. Makes no daily
    backup (the app does; a script can call lib.archive.daily_backup). Raises DatabaseLocked when another process holds
    the file, StoreError (with what to do) for a file from a newer Poise, a
    folder it cannot make or a file it cannot open.
    """
    path = Path(path) if path is not None else default_path()
    _make_folder(path.parent)
    con = _open(path)
    try:
        todo = [m for m in pending(con) if upto is None or m.version <= upto]
        if todo and _holds_data(con):
            con.close()  # _open checkpointed: the file alone holds every row, so copying it alone is enough
            safety = path.with_name(f"{path.stem}.before-{todo[0].version:03d}.duckdb")
            _copy_file(path, safety)
            con = _open(path)
        for migration in todo:
            _apply(con, migration)
        checkpoint(con)  # a new or upgraded file: its schema and rows in the file itself, not only in the .wal
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.close()
        raise
    _data_changed()
    return con


def checkpoint(con: duckdb.DuckDBPyConnection, database: str | None = None) -> bool:
    """Write everything the `.wal` file holds into the database file itself. Returns whether it ran.

    Done after opening (a crash leaves the last writes in the `.wal` beside the file), after
    migrating, and before any copy, so the `.duckdb` file alone always holds every row. When another
    cursor is inside a transaction DuckDB declines; the copy that follows is still complete (backups
    copy through DuckDB), so that is not an error. `database` names an attached file (an identifier
    Poise chose, never input).
    """
    cur = con.cursor()
    try:
        # A checkpoint that runs out of disk makes DuckDB give up on the whole database until Poise
        # restarts; on a nearly full disk the rows stay safe in the .wal instead.
        files = cur.execute(
            "SELECT path FROM duckdb_databases() WHERE database_name = coalesce(?, current_database())", [database]
        ).fetchall()
        if files and files[0][0] and not _room_to_checkpoint(Path(files[0][0])):
            return False
        # A database name cannot be a bound parameter: only a plain identifier (Poise's own aliases) is let in.
        if database is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", database):
            raise ValueError(f"not a database name: {database!r}")
        sql = "CHECKPOINT" if database is None else "CHECKPOINT " + database
        cur.execute(sql).fetchall()
        return True
    except duckdb.Error:
        return False
    finally:
        cur.close()


CHECKPOINT_ROOM = 64 * 1024 * 1024  # free bytes a checkpoint needs beyond twice the .wal's size


def _room_to_checkpoint(path: Path) -> bool:
    try:
        wal = path.with_name(path.name + ".wal")
        pending_bytes = wal.stat().st_size if wal.exists() else 0
        return shutil.disk_usage(path.parent).free > 2 * pending_bytes + CHECKPOINT_ROOM
    except OSError:
        return False


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as e:
        raise StoreError(
            f"Poise keeps its database in the folder {folder}, but a file has that name. "
            "Move the file away, or set POISE_DB to a file in another folder."
        ) from e
    except OSError as e:
        raise StoreError(
            f"Poise could not create the folder {folder} for its database: {_os_reason(e)}. "
            "Set POISE_DB to a file in a folder you can write to."
        ) from e
    if not folder.is_dir():
        raise StoreError(
            f"Poise keeps its database in the folder {folder}, but that is not a folder. "
            "Set POISE_DB to a file in another folder."
        )


def _os_reason(e: OSError) -> str:
    """Return an OSError's cause in words ("the disk is read-only", "the disk is full", ...)."""
    words: dict[int | None, str] = {
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a file stands where a folder should be",
        errno.EEXIST: "a file of that name exists",
    }
    return words.get(e.errno, e.strerror or str(e))


def _copy_file(source: Path, target: Path) -> None:
    """Copy a closed, checkpointed database file (and a `.wal` beside it, should one remain)."""
    try:
        shutil.copy2(source, target)
        wal = source.with_name(source.name + ".wal")
        if wal.exists() and wal.stat().st_size:
            shutil.copy2(wal, target.with_name(target.name + ".wal"))
    except OSError as e:
        target.unlink(missing_ok=True)
        raise StoreError(
            f"Poise could not copy {source.name} aside before upgrading it ({_os_reason(e)}); "
            "nothing was changed. Free some space, or move the file to a disk you can write to."
        ) from e


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as e:
        if not isinstance(e, duckdb.IOException) or "lock" not in str(e).lower():
            raise StoreError(f"Poise could not open {path}: {_explain(e)}") from e
        pid = re.search(r"PID (\d+)", str(e))
        raise DatabaseLocked(
            f"Poise's database is open in another program (PID {pid.group(1) if pid else 'unknown'}). "
            "Close it, or set POISE_DB to another file."
        ) from e
    try:
        newer = _newer_versions(con)
        if newer:
            raise StoreError(
                f"{path.name} was written by a newer version of Poise (its schema is at version {max(newer)}; "
                f"this one knows up to {latest_version()}). Update Poise to open it; nothing was changed."
            )
        con.execute(_MIGRATION_TABLE)
        checkpoint(con)  # after a crash DuckDB replays the .wal into memory; write it into the file itself
    except BaseException:
        con.close()
        raise
    return con


def latest_version() -> int:
    """Return the newest schema version this Poise knows (its last migration)."""
    return max((m.version for m in migrations()), default=0)


def _newer_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    has_table = (
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migration' "
            "AND database_name = current_database()"
        ).fetchone()
        or (0,)
    )[0]
    if not has_table:
        return []
    top = latest_version()
    return [r[0] for r in con.execute("SELECT version FROM schema_migration WHERE version > ?", [top]).fetchall()]


def created_tables(upto: int | None = None) -> set[str]:
    """Return the tables a file has after the migrations up to `upto` (default: all), by name.

    Read from the migrations' SQL, in order: CREATE TABLE and RENAME TO add a name, DROP TABLE and
    the old name of a RENAME take it away (a migration that rebuilds a table leaves only its last name).
    """
    tables: set[str] = set()
    steps = re.compile(
        r"CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)"
        r"|DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)"
        r"|ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)",
        re.IGNORECASE,
    )
    for m in migrations():
        if upto is not None and m.version > upto:
            break
        for created, dropped, old, new in steps.findall(re.sub(r"--[^\n]*", "", m.sql)):
            tables -= {dropped.lower(), old.lower()}
            tables |= {name.lower() for name in (created, new) if name}
    return tables


def check_poise_file(path: Path, shown_as: str | None = None) -> int:
    """Check that `path` is a Poise database this version can read; return its schema version. Reads only.

    A Poise file has the schema_migration table, only versions this Poise knows (none newer), and
    every table those versions create. Raises StoreError saying which of these fails; the file is
    opened read-only and never changed.
    """
    name = shown_as or path.name
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise StoreError(f"{name} is not a Poise database (DuckDB cannot read it: {_explain(e)})") from e
    try:
        tables = {
            r[0].lower()
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        }
        if "schema_migration" not in tables:
            raise StoreError(f"{name} is not a Poise database: it has no schema_migration table. Nothing was changed.")
        versions = {r[0] for r in con.execute("SELECT version FROM schema_migration").fetchall()}
    except duckdb.Error as e:
        raise StoreError(f"{name} is not a Poise database ({_explain(e)}) Nothing was changed.") from e
    finally:
        con.close()
    known = {m.version for m in migrations()}
    if versions - known and max(versions) > latest_version():
        raise StoreError(
            f"{name} was written by a newer version of Poise (schema version {max(versions)}; this one "
            f"knows up to {latest_version()}). Update Poise to restore it. Nothing was changed."
        )
    if not versions or versions - known:
        raise StoreError(
            f"{name} is not a Poise database: its schema versions {sorted(versions)} are not Poise's. "
            "Nothing was changed."
        )
    missing = created_tables(max(versions)) - tables
    if missing:
        raise StoreError(
            f"{name} is not a complete Poise database: it lacks the table(s) {', '.join(sorted(missing))}. "
            "Nothing was changed."
        )
    return max(versions)


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Return the migration versions recorded in the file. Reads only."""
    return [r[0] for r in read(con, "SELECT version FROM schema_migration ORDER BY version")]


def pending(con: duckdb.DuckDBPyConnection) -> list[Migration]:
    """Return the migrations not yet applied to this file, oldest first. Reads only."""
    done = set(applied_versions(con))
    return [m for m in migrations() if m.version not in done]


def _holds_data(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(applied_versions(con))


def _apply(con: duckdb.DuckDBPyConnection, migration: Migration) -> None:
    # The migration and its record land together, or neither does.
    with transaction(con) as cur:
        cur.execute(migration.sql)
        cur.execute(
            "INSERT INTO schema_migration (version, name) VALUES (?, ?)",
            [migration.version, migration.name],
        )


# One write at a time in this process. Every browser tab is a thread on the one shared connection;
# two transactions writing the same row (two tabs saving one day) would make DuckDB refuse the second
# ("Conflict on update", "Duplicate key"). Taking turns makes both succeed, the later one last. Writes
# take milliseconds; reads never wait. Re-entrant, so a write may call a helper that opens its own.
_WRITE_LOCK = threading.RLock()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a cursor inside BEGIN … COMMIT; roll back on any error.

    DuckDB errors are translated into StoreError with a readable message.
    """
    with _WRITE_LOCK:
        cur = con.cursor()
        try:
            cur.begin()
            try:
                yield cur
                cur.commit()
            except BaseException:
                # A failed COMMIT (a full disk) has already ended the transaction; the rollback's own
                # "no transaction is active" must not hide the first error.
                with contextlib.suppress(duckdb.Error):
                    cur.rollback()
                raise
        except duckdb.Error as e:
            raise StoreError(_explain(e) + " Nothing was saved.") from e
        finally:
            cur.close()
            _data_changed()  # after the commit: a read cached before this point is never served again


def returned(cur: duckdb.DuckDBPyConnection) -> Any:
    """Return the first value of the one row the statement just run on `cur` yields (RETURNING id, count(*)).

    Such a statement always yields a row; raises StoreError if it did not.
    """
    row = cur.fetchone()
    if row is None:
        raise StoreError("The database gave back no row where it always gives one. Nothing was saved.")
    return row[0]


def read(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[tuple]:
    """Run one read-only query on a fresh cursor and return its rows."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).fetchall()
    except duckdb.Error as e:
        raise StoreError(_explain(e)) from e
    finally:
        cur.close()


# What read_kept keeps between writes; a read per day asked adds one, so a loop over many days stays bounded.
KEPT_READS = 64
_kept: tuple[int, dict[tuple, tuple[weakref.ref, object]]] = (-1, {})
_Built = TypeVar("_Built")


def kept_build(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    params: list | dict | None,
    build: Callable[[list[tuple]], _Built],
) -> _Built:
    """`build` of one read-only query's rows, or the value it built last time on `con` if nothing was written since.

    For what rarely changes and costs a query (and its building) each time: the library, the settings. Kept per
    connection or cursor (compared by identity, never by a reused id) and per data_version(), so any write through
    a transaction, from any cursor, a migration, an import or a restore, empties it. The value is shared between
    callers, so `build` must make something no one changes in place, and be a module-level function (its identity
    is part of the key).
    """
    global _kept
    version = _version  # before the query: a write committed while it runs moves the version past these rows
    key = (id(con), sql, tuple(sorted(params.items())) if isinstance(params, dict) else tuple(params or ()), build)
    kept_version, built_by_read = _kept
    if kept_version == version and (hit := built_by_read.get(key)) and hit[0]() is con:
        return cast(_Built, hit[1])
    value = build(read(con, sql, params))
    if kept_version != version or len(built_by_read) >= KEPT_READS:
        built_by_read = {}
        _kept = (version, built_by_read)
    built_by_read[key] = (weakref.ref(con), value)
    return value


def read_kept(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[tuple]:
    """Run one read-only query as `read` does, or give back its rows as last read on `con` (see `kept_build`)."""
    return list(kept_build(con, sql, params, tuple))


def read_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None, *, days: tuple[str, ...] = ()):
    """Run one read-only query on a fresh cursor and return a pandas DataFrame.

    The DATE columns named in `days` come back as datetime.date (DuckDB hands them to pandas as
    datetime64): the one day type of the store's frames, from here to the charts, which convert it
    once for plotly (lib.charts.plotly_days).
    """
    cur = con.cursor()
    try:
        df = cur.execute(sql, params or []).df()
        for column in days:
            df[column] = df[column].dt.date
        return df
    except duckdb.Error as e:
        raise StoreError(_explain(e)) from e
    finally:
        cur.close()


def _explain(e: duckdb.Error) -> str:
    text = str(e).split("\n")[0].rstrip(".")
    if "no space left" in str(e).lower():
        return f"The disk is full ({text}). Free some space and try again."
    if isinstance(e, duckdb.ConstraintException):
        return f"The database refused a value that breaks its rules ({text})."
    return f"{text}."
