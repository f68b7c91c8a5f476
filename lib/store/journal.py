"""Check-ins, sessions with their exercise rows, and rituals.

Every write validates through lib.models first and runs in one transaction;
an edit or delete keeps the old row in the audit table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, time

import duckdb
import pandas as pd

from lib.db import read, read_df, returned, transaction
from lib.errors import NotFound, ValidationError
from lib.models import (
    CHECKIN_FIELDS,
    Checkin,
    ExerciseDef,
    ExerciseEntry,
    Ritual,
    Session,
    check_day,
    check_flag,
    shown,
)
from lib.store.audit import keep_old
from lib.store.catalog import VARIABLE_COLUMNS, current_prescriptions, load_library, stored_id
from lib.store.settings import get_setting

__all__ = [
    "save_checkin",
    "get_checkin",
    "list_checkins",
    "delete_checkin",
    "save_session",
    "get_session",
    "list_sessions",
    "list_session_summaries",
    "delete_session",
    "save_draft",
    "get_draft",
    "discard_draft",
    "save_ritual",
    "set_reminder_times",
    "retire_ritual",
    "list_rituals",
    "tick_ritual",
    "ritual_ticks",
]

_COLS = ", ".join(VARIABLE_COLUMNS)
_INSERT_LOG = (
    f"INSERT INTO exercise_log (session_id, exercise_id, position, variant, completed, pain_during, {_COLS}) "
    f"VALUES (?, ?, ?, ?, ?, ?, {', '.join('?' for _ in VARIABLE_COLUMNS)})"
)
_UPSERT_CHECKIN = (
    f"INSERT OR REPLACE INTO checkin ({', '.join(CHECKIN_FIELDS)}, updated_at) "
    f"VALUES ({', '.join('?' for _ in CHECKIN_FIELDS)}, current_localtimestamp())"
)
_WHOLE_FIELDS = ("pain_now", "stiffness", "sleep_quality", "stress")
_SELECT_CHECKINS = f"""
    SELECT {", ".join(CHECKIN_FIELDS)}, sitting_hours >= ? AS long_desk_day
    FROM checkin WHERE day BETWEEN ? AND ? ORDER BY day"""
_SESSION_COLUMNS = f"""
    SELECT s.id AS session_id, s.day, s.focus, s.duration_min AS session_duration_min, s.rpe, s.notes AS session_notes,
           s.skipped, s.skip_reason,
           e.name AS exercise, l.variant, {", ".join("l." + c for c in VARIABLE_COLUMNS)},
           l.completed, l.pain_during
    FROM session s
    LEFT JOIN exercise_log l ON l.session_id = s.id
    LEFT JOIN exercise e ON e.id = l.exercise_id"""
_SESSION_ROWS = _SESSION_COLUMNS + " WHERE s.day BETWEEN ? AND ? ORDER BY s.day, s.id, l.position"
_ONE_SESSION = _SESSION_COLUMNS + " WHERE s.id = ? ORDER BY l.position"


# --- check-ins ---------------------------------------------------------------


def save_checkin(
    con: duckdb.DuckDBPyConnection,
    *,
    day: date,
    pain_now: int,
    stiffness: int | None = None,
    sleep_hours: float | None = None,
    sleep_quality: int | None = None,
    stress: int | None = None,
    sitting_hours: float | None = None,
    travel: bool = False,
    flare_up: bool = False,
    notes: str = "",
    today: date | None = None,
) -> Checkin:
    """Save the check-in for `day`, replacing any there was. Writes; returns the stored record.

    Pain now is required; any other number left as None is stored as unknown (NULL),
    never as a default. The replaced values go to the audit table. Raises
    ValidationError (nothing written) listing every value out of range, or a future date.
    """
    checkin = Checkin(
        day=day,
        pain_now=pain_now,
        stiffness=stiffness,
        sleep_hours=sleep_hours,
        sleep_quality=sleep_quality,
        stress=stress,
        sitting_hours=sitting_hours,
        travel=travel,
        flare_up=flare_up,
        notes=notes,
        today=today or date.today(),
    )
    row = checkin.row()
    with transaction(con) as cur:
        old = cur.execute("SELECT to_json(c) FROM checkin c WHERE day = ?", [day]).fetchone()
        keep_old(cur, "checkin", day.isoformat(), old[0] if old else None)
        cur.execute(_UPSERT_CHECKIN, list(row.values()))
    return checkin


def get_checkin(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, object] | None:
    """Return the check-in of `day` as a dict of its fields (None where unanswered), or None."""
    df = list_checkins(con, day, day)
    if df.empty:
        return None
    return {k: None if pd.isna(v) else int(v) if k in _WHOLE_FIELDS else v for k, v in df.iloc[0].to_dict().items()}


def list_checkins(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return one row per dated check-in in [start, end], with `long_desk_day` derived from settings."""
    return read_df(con, _SELECT_CHECKINS, [get_setting(con, "sitting_hours_long"), start, end], days=("day",))


def delete_checkin(con: duckdb.DuckDBPyConnection, day: date) -> bool:
    """Delete the check-in of `day`, keeping it in the audit table. Writes; returns whether one existed."""
    with transaction(con) as cur:
        old = cur.execute("SELECT to_json(c) FROM checkin c WHERE day = ?", [day]).fetchone()
        if not old:
            return False
        keep_old(cur, "checkin", day.isoformat(), old[0], "delete")
        cur.execute("DELETE FROM checkin WHERE day = ?", [day])
    return True


# --- sessions ----------------------------------------------------------------


def save_session(
    con: duckdb.DuckDBPyConnection,
    *,
    day: date,
    focus: str,
    duration_min: int | None = None,
    rpe: int | None = None,
    notes: str = "",
    exercises: list[dict] | tuple = (),
    session_id: int | None = None,
    skipped: bool = False,
    skip_reason: str | None = None,
    draft_day: date | None = None,
    today: date | None = None,
) -> int:
    """Save a session and its exercise rows together. Writes; returns the session id.

    `exercises` is a list of dicts: "exercise" (display name, case-insensitive),
    its variables as performed, "completed" (default True), "pain_during" (required
    on a row completed; None on a row not done), optionally "variant" (default: the
    prescribed one). A `skipped` session records that nothing was done (no rows, no
    minutes or effort; `skip_reason` one of pain, time, travel, other, or None).
    With `session_id`, the session is replaced and the old one kept in the audit
    table. `draft_day`: the guided session's draft of that day is removed in the same
    transaction (the draft became this session). Raises ValidationError listing every problem (a row's names its
    exercise) or NotFound; nothing is written then. A failure inside the write
    (StoreError) rolls the whole session back.
    """
    # The session's own fields first: the day must be valid before anything is read for it.
    problems: list[ValidationError] = []
    try:
        session = Session(
            day=day,
            focus=focus,
            duration_min=duration_min,
            rpe=rpe,
            notes=notes,
            skipped=skipped,
            skip_reason=skip_reason,
            today=today or date.today(),
        )
    except ValidationError as e:
        if any(p.field == "day" for p in e.problems):
            raise
        problems.append(e)
    if isinstance(exercises, str | bytes | Mapping) or not isinstance(exercises, list | tuple):
        shown = "a dict" if isinstance(exercises, Mapping) else repr(exercises)
        raise ValidationError("exercises", f"exercises must be a list of exercise rows; got {shown}.")
    library_now = {name.casefold(): e for name, e in load_library(con).items()}
    prescribed = current_prescriptions(con, day)
    entries = []
    for i, raw in enumerate(exercises, start=1):
        try:
            entries.append(_entry(i, raw, library_now, prescribed))
        except ValidationError as e:
            problems.append(e)
    if problems:
        raise ValidationError.together(problems)
    session = replace(session, exercises=tuple(entry for _, entry in entries))  # checks a skipped one has none
    with transaction(con) as cur:
        if session_id is None:
            session_id = returned(
                cur.execute(
                    "INSERT INTO session (day, focus, duration_min, rpe, notes, skipped, skip_reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [*_session_values(session)],
                )
            )
        else:
            _keep_session(cur, session_id, "update")
            cur.execute("DELETE FROM exercise_log WHERE session_id = ?", [session_id])
            cur.execute(
                "UPDATE session SET day = ?, focus = ?, duration_min = ?, rpe = ?, notes = ?, skipped = ?, "
                "skip_reason = ? WHERE id = ?",
                [*_session_values(session), session_id],
            )
        if draft_day is not None:
            cur.execute("DELETE FROM session_draft WHERE day = ?", [draft_day])
        for position, (ex_id, entry) in enumerate(entries, start=1):
            cur.execute(
                _INSERT_LOG,
                [
                    session_id,
                    ex_id,
                    position,
                    entry.variant,
                    entry.completed,
                    entry.pain_during,
                    *(entry.values.get(c) for c in VARIABLE_COLUMNS),
                ],
            )
    return session_id


def _entry(
    i: int, raw: object, library: Mapping[str, ExerciseDef], prescribed: Mapping[str, Mapping[str, object]]
) -> tuple[int, ExerciseEntry]:
    """Check one exercise row of a session as save_session takes it; return (exercise id, entry)."""
    if not isinstance(raw, Mapping):
        raise ValidationError(
            "exercises", f"exercises: row {i} must be a dict with the exercise and what was done; got {raw!r}."
        )
    raw = dict(raw)
    name = raw.pop("exercise", None)
    e = library.get(str(name).strip().casefold()) if isinstance(name, str) else None
    if e is None:
        raise ValidationError("exercise", f"Exercise {i}: there is no exercise called {name!r}.")
    unknown = set(raw) - set(e.rules) - {"completed", "pain_during", "variant"}
    if unknown:
        field = sorted(unknown)[0]
        raise ValidationError(field, f"{field} is not a variable of {e.name}; it uses: {', '.join(e.rules)}.")
    variant = raw.pop("variant", None) or prescribed[e.name].get("variant")
    if variant is not None and variant not in e.variants:
        raise ValidationError(
            "variant", f"{e.name} has no variant {variant!r}; its variants are: {', '.join(e.variants) or 'none'}."
        )
    return stored_id(e), ExerciseEntry(
        exercise=e.name,
        pain_during=raw.pop("pain_during", None),
        completed=raw.pop("completed", True),
        variant=variant,
        values=raw,
    )


def _session_values(session: Session) -> tuple:
    return (
        session.day,
        session.focus,
        session.duration_min,
        session.rpe,
        session.notes,
        session.skipped,
        session.skip_reason,
    )


def _keep_session(cur: duckdb.DuckDBPyConnection, session_id: int, action: str) -> None:
    old = cur.execute(
        "SELECT to_json(struct_pack(session := s, exercises := "
        "(SELECT list(l ORDER BY l.position) FROM exercise_log l WHERE l.session_id = s.id))) "
        "FROM session s WHERE s.id = ?",
        [session_id],
    ).fetchone()
    if not old:
        raise NotFound(f"There is no session with id {session_id}.")
    keep_old(cur, "session", session_id, old[0], action)


def get_session(con: duckdb.DuckDBPyConnection, session_id: int) -> dict[str, object]:
    """Return one session: its fields and "exercises", a list of dicts as save_session takes them."""
    rows = read_df(con, _ONE_SESSION, [session_id], days=("day",))
    if rows.empty:
        raise NotFound(f"There is no session with id {session_id}.")
    first = rows.iloc[0]
    exercises = []
    for _, r in rows.dropna(subset=["exercise"]).iterrows():
        entry = {
            "exercise": r["exercise"],
            "variant": None if pd.isna(r["variant"]) else r["variant"],
            "completed": bool(r["completed"]),
            "pain_during": None if pd.isna(r["pain_during"]) else int(r["pain_during"]),
        }
        entry.update({c: float(r[c]) for c in VARIABLE_COLUMNS if not pd.isna(r[c])})
        exercises.append(entry)
    return {
        "id": int(first["session_id"]),
        "day": first["day"],
        "focus": first["focus"],
        "duration_min": _whole_or_none(first["session_duration_min"]),
        "rpe": _whole_or_none(first["rpe"]),
        "notes": first["session_notes"],
        "skipped": bool(first["skipped"]),
        "skip_reason": None if pd.isna(first["skip_reason"]) else first["skip_reason"],
        "exercises": exercises,
    }


def _whole_or_none(value: float | None) -> int | None:  # a number column of a DataFrame row, NaN when unknown
    return None if value is None or pd.isna(value) else int(value)


def list_sessions(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return one row per exercise performed in sessions dated [start, end] (a session with none: one row)."""
    return read_df(con, _SESSION_ROWS, [start, end], days=("day",))


def list_session_summaries(con: duckdb.DuckDBPyConnection, start: date, end: date) -> pd.DataFrame:
    """Return one row per session in [start, end]: id, day, focus, minutes, RPE, load, exercises, notes."""
    return read_df(
        con,
        """
        SELECT s.id, s.day, s.focus, s.duration_min, s.rpe, s.rpe * s.duration_min AS load,
               count(l.id) AS exercises, count(l.id) FILTER (WHERE l.completed) AS completed,
               max(l.pain_during) AS peak_pain, s.skipped, s.skip_reason, s.notes
        FROM session s LEFT JOIN exercise_log l ON l.session_id = s.id
        WHERE s.day BETWEEN ? AND ?
        GROUP BY ALL ORDER BY s.day DESC, s.id DESC""",
        [start, end],
        days=("day",),
    )


def delete_session(con: duckdb.DuckDBPyConnection, session_id: int) -> None:
    """Delete a session and its exercise rows, keeping both in the audit table. Writes."""
    with transaction(con) as cur:
        _keep_session(cur, session_id, "delete")
        cur.execute("DELETE FROM exercise_log WHERE session_id = ?", [session_id])
        cur.execute("DELETE FROM session WHERE id = ?", [session_id])


# --- the guided session in progress --------------------------------------------


def save_draft(con: duckdb.DuckDBPyConnection, day: date, state: Mapping[str, object]) -> None:
    """Keep the guided session in progress for `day` (lib.guided's draft), replacing the one before. Writes.

    A draft is never a session: it is not in any count, chart or export of sessions.
    """
    with transaction(con) as cur:
        cur.execute(
            "INSERT INTO session_draft (day, state, started_at) VALUES (?, ?, ?) ON CONFLICT (day) DO UPDATE "
            "SET state = excluded.state, updated_at = current_localtimestamp()",
            [day, json.dumps(dict(state)), state["started_at"]],
        )


def get_draft(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, object] | None:
    """Return the guided session in progress for `day`, or None. Reads."""
    rows = read(con, "SELECT state FROM session_draft WHERE day = ?", [day])
    return json.loads(rows[0][0]) if rows else None


def discard_draft(con: duckdb.DuckDBPyConnection, day: date) -> None:
    """Remove the guided session in progress for `day` (the person chose to). Writes."""
    with transaction(con) as cur:
        cur.execute("DELETE FROM session_draft WHERE day = ?", [day])


# --- rituals -----------------------------------------------------------------


def save_ritual(
    con: duckdb.DuckDBPyConnection,
    *,
    cue: str,
    movement: str,
    kind: str = "anchor",
    minutes: int | None = None,
    reminder_time: time | None = None,
    ritual_id: int | None = None,
    today: date | None = None,
) -> int:
    """Create a ritual, or edit one (`ritual_id`), keeping the old version. Writes; returns its id."""
    ritual = Ritual(cue=cue, movement=movement, kind=kind, minutes=minutes, reminder_time=reminder_time)
    values = [ritual.kind, ritual.cue, ritual.movement, ritual.minutes, ritual.reminder_time]
    with transaction(con) as cur:
        if ritual_id is None:
            return returned(
                cur.execute(
                    "INSERT INTO ritual (kind, cue, movement, minutes, reminder_time, created_on) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    [*values, today or date.today()],
                )
            )
        old = cur.execute("SELECT to_json(r) FROM ritual r WHERE id = ?", [ritual_id]).fetchone()
        if not old:
            raise NotFound(f"There is no ritual with id {ritual_id}.")
        keep_old(cur, "ritual", ritual_id, old[0])
        cur.execute(
            "UPDATE ritual SET kind = ?, cue = ?, movement = ?, minutes = ?, reminder_time = ? WHERE id = ?",
            [*values, ritual_id],
        )
        return ritual_id


def set_reminder_times(con: duckdb.DuckDBPyConnection, times: Mapping[int, time]) -> None:
    """Set the reminder time of each ritual in `times` ({ritual id: time}), in one transaction. Writes.

    The rows before go to the audit table. Raises NotFound for an unknown id; nothing is written then.
    No times: no transaction at all (the Calendar tab calls this on every rerun).
    """
    if not isinstance(times, Mapping):
        raise ValidationError(
            "reminder_time", f"The reminder times must be a dict of ritual id to time; got {shown(times)}."
        )
    if not times:
        return
    with transaction(con) as cur:
        for ritual_id, at in times.items():
            old = cur.execute("SELECT to_json(r) FROM ritual r WHERE id = ?", [ritual_id]).fetchone()
            if not old:
                raise NotFound(f"There is no ritual with id {ritual_id}.")
            if not isinstance(at, time):
                raise ValidationError("reminder_time", f"reminder_time must be a time of day; got {at!r}.")
            keep_old(cur, "ritual", ritual_id, old[0])
            cur.execute("UPDATE ritual SET reminder_time = ? WHERE id = ?", [at, ritual_id])


def retire_ritual(con: duckdb.DuckDBPyConnection, ritual_id: int, day: date, *, today: date | None = None) -> None:
    """Retire a ritual from `day` on; its ticks stay. Writes (the row before goes to the audit table).

    Raises ValidationError for a `day` that is not a date or is after `today`,
    NotFound for an unknown id; nothing is written then. Retiring a retired
    ritual again changes nothing.
    """
    check_day("day", day, today or date.today())
    with transaction(con) as cur:
        old = cur.execute("SELECT to_json(r), active FROM ritual r WHERE id = ?", [ritual_id]).fetchone()
        if not old:
            raise NotFound(f"There is no ritual with id {ritual_id}.")
        if not old[1]:
            return
        keep_old(cur, "ritual", ritual_id, old[0])
        cur.execute("UPDATE ritual SET active = FALSE, retired_on = ? WHERE id = ?", [day, ritual_id])


def list_rituals(con: duckdb.DuckDBPyConnection, *, include_retired: bool = False) -> pd.DataFrame:
    """Return rituals (id, kind, cue, movement, minutes, reminder_time, active), oldest first."""
    return read_df(
        con,
        """
        SELECT id, kind, cue, movement, minutes, reminder_time, active, created_on, retired_on
        FROM ritual WHERE active OR ? ORDER BY kind, id""",
        [include_retired],
    )


def tick_ritual(
    con: duckdb.DuckDBPyConnection, ritual_id: int, day: date, done: bool = True, *, today: date | None = None
) -> None:
    """Mark a ritual done (or not) on `day`. Writes; ticking twice is harmless.

    Raises ValidationError for a `day` that is not a date or is after `today`
    (default: the real today), NotFound for an unknown ritual id; nothing is
    written then.
    """
    check_day("day", day, today or date.today())
    done = check_flag("done", done)
    with transaction(con) as cur:
        if not cur.execute("SELECT 1 FROM ritual WHERE id = ?", [ritual_id]).fetchone():
            raise NotFound(f"There is no ritual with id {ritual_id}.")
        cur.execute("DELETE FROM ritual_log WHERE ritual_id = ? AND day = ?", [ritual_id, day])
        if done:
            cur.execute("INSERT INTO ritual_log (ritual_id, day) VALUES (?, ?)", [ritual_id, day])


def ritual_ticks(con: duckdb.DuckDBPyConnection, day: date) -> set[int]:
    """Return the ids of the rituals ticked on `day`."""
    return {r[0] for r in read(con, "SELECT ritual_id FROM ritual_log WHERE day = ?", [day])}
