"""The one place that opens DuckDB: connect, migrate, and run transactions.

Streamlit serves every browser session from its own thread and a DuckDB
connection must not be shared across threads, so callers keep one connection
per process and take a fresh `cursor()` for each operation (see `transaction`
and `read`).
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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

    Read caches key on it (lib.ui.CachedReads), so a cached answer never outlives a write. Only
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
    `<name>.before-<version>.duckdb`. Seeds the default exercise library into a
    new file. Raises DatabaseLocked when another process holds the file.
    """
    path = Path(path) if path is not None else default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path)
    todo = [m for m in pending(con) if upto is None or m.version <= upto]
    if todo and _holds_data(con):
        con.close()
        shutil.copy2(path, path.with_name(f"{path.stem}.before-{todo[0].version:03d}.duckdb"))
        con = _open(path)
    for migration in todo:
        _apply(con, migration)
    if upto is None:
        from lib import store  # store imports db; import here to keep the layering one-way

        store.seed_library(con)
    _data_changed()
    return con


def _open(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path))
    except duckdb.IOException as e:
        if "lock" not in str(e).lower():
            raise StoreError(f"Poise could not open {path}: {e}") from e
        pid = re.search(r"PID (\d+)", str(e))
        raise DatabaseLocked(
            f"Poise's database is open in another program (PID {pid.group(1) if pid else 'unknown'}). "
            "Close it, or set POISE_DB to another file."
        ) from e
    con.execute(_MIGRATION_TABLE)
    return con


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


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a cursor inside BEGIN … COMMIT; roll back on any error.

    DuckDB errors are translated into StoreError with a readable message.
    """
    cur = con.cursor()
    try:
        cur.begin()
        try:
            yield cur
            cur.commit()
        except BaseException:
            cur.rollback()
            raise
    except duckdb.Error as e:
        raise StoreError(_explain(e) + " Nothing was saved.") from e
    finally:
        cur.close()
        _data_changed()  # after the commit: a read cached before this point is never served again


def read(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None) -> list[tuple]:
    """Run one read-only query on a fresh cursor and return its rows."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).fetchall()
    except duckdb.Error as e:
        raise StoreError(_explain(e)) from e
    finally:
        cur.close()


def read_df(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict | None = None):
    """Run one read-only query on a fresh cursor and return a pandas DataFrame."""
    cur = con.cursor()
    try:
        return cur.execute(sql, params or []).df()
    except duckdb.Error as e:
        raise StoreError(_explain(e)) from e
    finally:
        cur.close()


def _explain(e: duckdb.Error) -> str:
    text = str(e).split("\n")[0].rstrip(".")
    if isinstance(e, duckdb.ConstraintException):
        return f"The database refused a value that breaks its rules ({text})."
    return f"{text}."
