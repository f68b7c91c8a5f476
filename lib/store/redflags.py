"""The red-flag screen's answers (table red_flag_report, migration 004)."""

from __future__ import annotations

from datetime import date

import duckdb

from lib.db import read, transaction
from lib.redflags import RedFlagReport
from lib.store.audit import keep_old

__all__ = ["save_red_flags", "red_flags_on", "red_flag_reports", "red_flag_screened"]


def save_red_flags(
    con: duckdb.DuckDBPyConnection, *, day: date, flags: tuple[str, ...] | list[str] = (), today: date | None = None
) -> RedFlagReport:
    """Record the screen's answer for `day` (replacing the day's earlier answer, kept in audit). Writes.

    Raises ValidationError for an unknown flag or a future day; nothing is written then.
    """
    report = RedFlagReport(day, tuple(flags), today)
    with transaction(con) as cur:
        old = cur.execute("SELECT to_json(r) FROM red_flag_report r WHERE day = ?", [day]).fetchone()
        keep_old(cur, "red_flag_report", day.isoformat(), old[0] if old else None)
        cur.execute(
            "INSERT OR REPLACE INTO red_flag_report (day, flags, answered_at) VALUES (?, ?, current_localtimestamp())",
            [day, ",".join(report.flags)],
        )
    return report


def red_flags_on(con: duckdb.DuckDBPyConnection, day: date) -> tuple[str, ...] | None:
    """The flags ticked on `day` (() if the screen was answered with none), or None if not answered. Reads."""
    rows = read(con, "SELECT flags FROM red_flag_report WHERE day = ?", [day])
    return tuple(f for f in rows[0][0].split(",") if f) if rows else None


def red_flag_reports(con: duckdb.DuckDBPyConnection, start: date, end: date) -> list[tuple[date, tuple[str, ...]]]:
    """Every day in start … end with a red flag ticked, oldest first: [(day, flags)]. Reads."""
    rows = read(
        con,
        "SELECT day, flags FROM red_flag_report WHERE day BETWEEN ? AND ? AND flags <> '' ORDER BY day",
        [start, end],
    )
    return [(d, tuple(f for f in flags.split(",") if f)) for d, flags in rows]


def red_flag_screened(con: duckdb.DuckDBPyConnection) -> bool:
    """True once the screen has been answered at least once (the first-use screen is done). Reads."""
    return bool(read(con, "SELECT count(*) FROM red_flag_report")[0][0])
