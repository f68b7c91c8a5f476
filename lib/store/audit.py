"""The audit trail: every edit and delete keeps the old row as JSON."""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.db import read_df

__all__ = ["keep_old", "list_audit"]


def keep_old(
    cur: duckdb.DuckDBPyConnection, table: str, key: object, old_json: str | None, action: str = "update"
) -> None:
    """Inside the caller's transaction, keep `old_json` (the row before the change) if there was one."""
    if old_json is not None:
        cur.execute(
            "INSERT INTO audit (table_name, row_key, action, old_row) VALUES (?, ?, ?, ?)",
            [table, str(key), action, old_json],
        )


def list_audit(con: duckdb.DuckDBPyConnection, table: str | None = None, key: object = None) -> pd.DataFrame:
    """Return the kept old rows, newest first, optionally for one table and key."""
    return read_df(
        con,
        """
        SELECT changed_at, table_name, row_key, action, old_row FROM audit
        WHERE (? IS NULL OR table_name = ?) AND (? IS NULL OR row_key = ?)
        ORDER BY id DESC""",
        [table, table, None if key is None else str(key), None if key is None else str(key)],
    )
