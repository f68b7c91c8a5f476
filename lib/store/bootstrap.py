"""Opening Poise's file: connect and migrate (lib.db), then seed the default library into a new file.

The one door every page (lib.ui's cached connection), script, demo, benchmark and test fixture opens
a database through. It lives in the store, not in lib.db, so the layers point one way: the store
uses db, and db knows nothing of the library.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb

from lib import db
from lib.store.catalog import seed_library

__all__ = ["open_database"]


def open_database(path: str | Path | None = None, *, upto: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) Poise's database, migrate it, and seed the default library into a new file.

    Writes. `path` defaults to `$POISE_DB` or data/poise.duckdb; `upto` stops the migrations after that
    version and then seeds nothing (tests build old files with it). Checkpoints after seeding, so the file
    alone holds the library. Raises what lib.db.connect raises (DatabaseLocked, StoreError).
    """
    con = db.connect(path, upto=upto)
    if upto is not None:
        return con
    try:
        if seed_library(con):
            db.checkpoint(con)  # a new file: its library in the file itself, not only in the .wal
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.close()
        raise
    return con
