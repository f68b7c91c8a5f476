"""The summary for the physiotherapist: one self-contained HTML file (filled in below)."""

from __future__ import annotations

from datetime import date

import duckdb


def file_name(start: date, end: date) -> str:
    """Return the file name the summary is offered under."""
    return f"poise-summary-{start.isoformat()}-to-{end.isoformat()}.html"


def physio_summary(con: duckdb.DuckDBPyConnection, start: date, end: date, today: date) -> str:
    """Return the summary of [start, end] as one HTML document. Reads only."""
    return "<!doctype html><title>Poise summary</title>"
