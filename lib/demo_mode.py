"""The demo as its own mode: chosen explicitly, remembered outside the person's own file, on until turned off.

The mode is a small marker file beside the demo database (`data/demo-mode.txt`
next to `data/demo.duckdb`). A file, not the browser session or the address:
it survives a reload, a new tab and a restart of Poise alike, and every page
reads it on every run, so what the page shows (the demo banner) and the file a
save lands in are decided by one thing. The person's own database never holds
a trace of the demo. Writes files only; no streamlit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lib import db, demo

BANNER = "Demo history — nothing here is yours."
BACK = "Back to my diary"


def marker_path() -> Path:
    """Return the marker file whose presence means "demo mode is on"."""
    return db.DEMO_PATH.with_name("demo-mode.txt")


def is_on() -> bool:
    """Return whether demo mode is on (the marker and the demo database both exist)."""
    return marker_path().exists() and db.DEMO_PATH.exists()


def database_path() -> Path:
    """Return the file every page works on: the demo database in demo mode, else the person's own file."""
    return db.DEMO_PATH if is_on() else db.default_path()


def turn_on(day: date | None = None, fresh: bool = True) -> Path:
    """Turn demo mode on; with `fresh` (or no demo file yet) write a new demo history ending `day` first.

    Writes the demo database and the marker; returns the demo database's path.
    The caller must have closed any connection to the old demo file.
    """
    if fresh or not db.DEMO_PATH.exists():
        db.DEMO_PATH.parent.mkdir(parents=True, exist_ok=True)
        demo.write_demo(db.DEMO_PATH, day)
    marker_path().write_text(
        f"Poise is showing the demo history. Delete this file (or press '{BACK}') to go back to your own diary.\n",
        encoding="utf-8",
    )
    return db.DEMO_PATH


def turn_off() -> None:
    """Turn demo mode off (back to the person's own file). Removes the marker; the demo file stays."""
    marker_path().unlink(missing_ok=True)


if __name__ == "__main__":  # `make demo`: a fresh demo history, opened the same way as from the app
    print(f"Demo mode on: {turn_on(date.today())} (press '{BACK}' in Poise to return to your own diary)")
