"""Form checks: what a clip showed (the result and a small landmark series), with the exercise and day.

The clip itself is never stored (lib.pose_sidecar reads it from a temporary file and
deletes it). A check is kept by the exercise's name as the person saw it; the last
check before a day gives "range against last time".
"""

from __future__ import annotations

import json
from datetime import date

import duckdb

from lib.db import read, transaction
from lib.errors import ValidationError
from lib.models import check_day

__all__ = ["save_form_check", "list_form_checks", "previous_form_check", "form_check_landmarks", "delete_form_check"]

LANDMARKS_MAX_BYTES = 2_000_000  # a minute at 15 frames a second is ~100 kB; far more is not a check

_INSERT = """
    INSERT INTO form_check (day, exercise, reps, range_deg, hold_s, result, landmarks)
    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"""
_LIST = """
    SELECT id, day, exercise, reps, range_deg, hold_s, result, created_at FROM form_check
    WHERE ? IS NULL OR lower(exercise) = lower(?) ORDER BY day DESC, id DESC LIMIT ?"""
_PREVIOUS = """
    SELECT id, day, range_deg, reps, hold_s FROM form_check
    WHERE lower(exercise) = lower(?) AND day <= ? AND range_deg IS NOT NULL
    ORDER BY day DESC, id DESC LIMIT 1"""


def save_form_check(
    con: duckdb.DuckDBPyConnection,
    *,
    day: date,
    exercise: str,
    summary: dict,
    landmarks: bytes,
    today: date | None = None,
) -> int:
    """Store one form check (lib.motion.FormCheck.summary() and LandmarkSeries.to_bytes()). Writes; returns its id.

    Raises ValidationError naming the day, the exercise or the landmarks; nothing is written then.
    """
    check_day("day", day, today or date.today())
    if not isinstance(exercise, str) or not exercise.strip():
        raise ValidationError("exercise", "The exercise of a form check must be named.")
    if not isinstance(landmarks, bytes | bytearray) or not landmarks or len(landmarks) > LANDMARKS_MAX_BYTES:
        raise ValidationError(
            "landmarks", f"A form check's landmark series must be 1 to {LANDMARKS_MAX_BYTES:,} bytes."
        )
    reps = summary.get("reps") or []
    with transaction(con) as cur:
        return cur.execute(
            _INSERT,
            [
                day,
                exercise.strip(),
                len(reps) if reps else None,
                summary.get("range_deg"),
                summary.get("hold_s"),
                json.dumps(summary),
                bytes(landmarks),
            ],
        ).fetchall()[0][0]  # RETURNING id: always one row


def list_form_checks(con: duckdb.DuckDBPyConnection, exercise: str | None = None, limit: int = 50) -> list[dict]:
    """Return the latest form checks (of one exercise, or all), newest first, with their results. Reads."""
    rows = read(con, _LIST, [exercise, exercise, int(limit)])
    keys = ("id", "day", "exercise", "reps", "range_deg", "hold_s", "result", "created_at")
    out = [dict(zip(keys, r, strict=True)) for r in rows]
    for row in out:
        row["result"] = json.loads(row["result"])
    return out


def previous_form_check(con: duckdb.DuckDBPyConnection, exercise: str, day: date) -> dict | None:
    """Return the latest check of `exercise` on or before `day` with a range (id, day, range_deg, …), or None. Reads."""
    rows = read(con, _PREVIOUS, [exercise, day])
    return dict(zip(("id", "day", "range_deg", "reps", "hold_s"), rows[0], strict=True)) if rows else None


def form_check_landmarks(con: duckdb.DuckDBPyConnection, check_id: int) -> bytes | None:
    """Return one check's stored landmark series (npz bytes), or None if there is no such check. Reads."""
    rows = read(con, "SELECT landmarks FROM form_check WHERE id = ?", [int(check_id)])
    return bytes(rows[0][0]) if rows else None


def delete_form_check(con: duckdb.DuckDBPyConnection, check_id: int) -> bool:
    """Delete one form check; return whether there was one. Writes (one transaction)."""
    with transaction(con) as cur:
        return bool(cur.execute("DELETE FROM form_check WHERE id = ? RETURNING id", [int(check_id)]).fetchall())
