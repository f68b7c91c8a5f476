"""Questionnaire responses (TSK-17, TSK-11, PSFS), the person's PSFS activities, and when each is due.

A response is scored through lib.questionnaires before anything is written and
stored with every answer (JSON keyed by TSK-17 item number or PSFS activity
name), the instrument version, and the scores, so it can be recomputed later
while charts read the stored total. Deletes and edits keep the old row in the
audit table.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Literal, TypedDict, cast, overload

import duckdb
import pandas as pd

from lib import load, questionnaires
from lib.db import read, read_df, transaction
from lib.errors import NotFound, ValidationError
from lib.models import check_day, check_text
from lib.store.audit import keep_old
from lib.store.settings import all_settings

__all__ = [
    "save_questionnaire",
    "get_questionnaire",
    "list_questionnaires",
    "delete_questionnaire",
    "questionnaire_on",
    "questionnaire_change",
    "questionnaire_series",
    "questionnaire_last_answered",
    "questionnaires_due",
    "psfs_activities",
    "psfs_activity_names",
    "add_psfs_activity",
    "retire_psfs_activity",
]


_INSERT = """
    INSERT INTO questionnaire_response (instrument, version, day, answers, total, subscales, band)
    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"""
_ONE = (
    "SELECT id, instrument, version, day, answers, total, subscales, band, created_at "
    "FROM questionnaire_response WHERE id = ?"
)
_LIST = """
    SELECT id, day, total, band, subscales, version FROM questionnaire_response
    WHERE instrument = ? ORDER BY day DESC, id DESC"""
_PREVIOUS = """
    SELECT p.id FROM questionnaire_response p, questionnaire_response r
    WHERE r.id = ? AND p.instrument = r.instrument AND (p.day < r.day OR (p.day = r.day AND p.id < r.id))
    ORDER BY p.day DESC, p.id DESC LIMIT 1"""
_SERIES = """
    SELECT day, total, 1 AS responses FROM questionnaire_response WHERE instrument = ? ORDER BY day, id"""
_SERIES_WEEKLY = """
    SELECT date_trunc('week', day)::DATE AS day, avg(total) AS total, count(*) AS responses
    FROM questionnaire_response WHERE instrument = ? GROUP BY 1 ORDER BY 1"""
_LAST = "SELECT instrument, max(day) FROM questionnaire_response GROUP BY instrument"
_ACTIVITIES = """
    SELECT id, name, added_on, retired_on FROM psfs_activity
    WHERE ? OR retired_on IS NULL ORDER BY retired_on IS NOT NULL, added_on, id"""


# --- responses -----------------------------------------------------------------


def save_questionnaire(
    con: duckdb.DuckDBPyConnection,
    instrument_id: str,
    answers: dict,
    *,
    day: date,
    today: date | None = None,
    replace_id: int | None = None,
) -> int:
    """Score and store one response. Writes (one transaction); returns the new response's id.

    `replace_id` names an earlier response this one replaces: it is deleted in the same
    transaction and kept in the audit table (NotFound if it is gone).

    `answers` as lib.questionnaires.score takes them. A PSFS response rates
    exactly the activities on the person's kept list (psfs_activity_names),
    each once: names are matched ignoring case and surrounding spaces and
    stored as the list spells them, and a name given twice that way is
    refused. The stored scores are those of exactly the stored answers.
    Raises ValidationError naming the item, the activity or the day; nothing
    is written then.
    """
    scored = questionnaires.score(instrument_id, answers)
    check_day("day", day, today or date.today())
    inst = questionnaires.INSTRUMENTS[instrument_id]
    if not inst.items:  # score what is stored: the ratings under the list's own spelling
        scored = questionnaires.score(inst.id, _match_psfs_list(psfs_activity_names(con), scored.answers))
    with transaction(con) as cur:
        if replace_id is not None:
            _delete_response(cur, replace_id)
        return cur.execute(
            _INSERT,
            [
                inst.id,
                inst.version,
                day,
                json.dumps({str(k): v for k, v in scored.answers.items()}),
                scored.total,
                json.dumps(scored.subscales),
                scored.band,
            ],
        ).fetchall()[0][0]  # RETURNING id: always one row


def questionnaire_on(con: duckdb.DuckDBPyConnection, instrument_id: str, day: date) -> dict[str, object] | None:
    """Return the latest response to `instrument_id` dated `day` (id, created_at), or None. Reads."""
    rows = read(
        con,
        "SELECT id, created_at FROM questionnaire_response WHERE instrument = ? AND day = ? "
        "ORDER BY created_at DESC, id DESC LIMIT 1",
        [instrument_id, day],
    )
    return {"id": rows[0][0], "created_at": rows[0][1]} if rows else None


def _match_psfs_list(kept: list[str], ratings: dict) -> dict[str, int]:
    # Names are matched without regard to case, and stored as the list spells them. The scorer has
    # already refused two names that match each other, so no two ratings can land on one activity.
    by_fold = {name.casefold(): name for name in kept}
    out = {}
    for name, rating in ratings.items():
        if name.casefold() not in by_fold:
            raise ValidationError(
                "activity",
                f"PSFS activity {name!r} is not on your activity list; add it first "
                f"(your list: {', '.join(kept) or 'empty'}).",
            )
        out[by_fold[name.casefold()]] = rating
    missing = [name for name in kept if name not in out]
    if missing:
        raise ValidationError(
            "activity",
            f"PSFS activity {missing[0]!r} on your list has no rating; rate every "
            "activity on the list (or retire it first).",
        )
    return out


class StoredResponse(TypedDict):
    """One stored questionnaire response, as get_questionnaire returns it."""

    id: int
    instrument: str
    version: str
    day: date
    answers: dict  # int item number → rating (TSK), or activity name → rating (PSFS)
    total: float  # an int for a summed instrument (TSK)
    subscales: dict[str, float]
    band: str | None
    created_at: object  # the timestamp DuckDB gives


@overload
def get_questionnaire(
    con: duckdb.DuckDBPyConnection, response_id: int, missing_ok: Literal[False] = False
) -> StoredResponse: ...
@overload
def get_questionnaire(con: duckdb.DuckDBPyConnection, response_id: int, missing_ok: bool) -> StoredResponse | None: ...
def get_questionnaire(
    con: duckdb.DuckDBPyConnection, response_id: int, missing_ok: bool = False
) -> StoredResponse | None:
    """Return one stored response: id, instrument, version, day, answers, total, subscales, band, created_at.

    TSK answers come back keyed by int item number, PSFS answers by activity
    name; TSK totals as int. Reads only; raises NotFound (or, with
    `missing_ok`, returns None) when there is no such response.
    """
    rows = read(con, _ONE, [response_id])
    if not rows and missing_ok:
        return None
    if not rows:
        raise NotFound(f"There is no questionnaire response with id {response_id}.")
    rid, inst_id, version, day, answers, total, subscales, band, created_at = rows[0]
    inst = questionnaires.INSTRUMENTS.get(inst_id)
    decoded = json.loads(answers)
    if inst is not None and inst.items:
        decoded = {int(k): v for k, v in decoded.items()}
    whole = inst is not None and inst.aggregate == "sum"
    return {
        "id": rid,
        "instrument": inst_id,
        "version": version,
        "day": day,
        "answers": decoded,
        "total": int(total) if whole else float(total),
        "subscales": json.loads(subscales),
        "band": band,
        "created_at": created_at,
    }


def list_questionnaires(con: duckdb.DuckDBPyConnection, instrument_id: str) -> pd.DataFrame:
    """Return one instrument's responses, newest first: id, day, total, band (only where the instrument has
    one), one column per subscale, version.

    Reads only; raises ValidationError for an unknown instrument.
    """
    inst = questionnaires.instrument(instrument_id)
    df = read_df(con, _LIST, [inst.id], days=("day",))
    subscales = pd.DataFrame([json.loads(s) for s in df.pop("subscales")], index=df.index, columns=list(inst.subscales))
    df = pd.concat([df.drop(columns="version"), subscales, df[["version"]]], axis=1)
    if inst.band_above is None:  # no validated band: no column of empty values
        df = df.drop(columns="band")
    df["total"] = df["total"].map(inst.rounded)  # as people read it: 4.3, not 4.3333
    if inst.aggregate == "sum":
        df["total"] = df["total"].astype("int64")
    return df


def delete_questionnaire(con: duckdb.DuckDBPyConnection, response_id: int) -> None:
    """Delete one response, keeping it in the audit table. Writes; raises NotFound (nothing written)."""
    with transaction(con) as cur:
        _delete_response(cur, response_id)


def _delete_response(cur: duckdb.DuckDBPyConnection, response_id: int) -> None:
    old = cur.execute("SELECT to_json(q) FROM questionnaire_response q WHERE id = ?", [response_id]).fetchone()
    if not old:
        raise NotFound(f"There is no questionnaire response with id {response_id}.")
    keep_old(cur, "questionnaire_response", response_id, old[0], "delete")
    cur.execute("DELETE FROM questionnaire_response WHERE id = ?", [response_id])


def questionnaire_change(con: duckdb.DuckDBPyConnection, response_id: int) -> questionnaires.Change | None:
    """Return how a response differs from the one before it (same instrument, earlier day), or None if first.

    Reads only; raises NotFound for an unknown response.
    """
    after = get_questionnaire(con, response_id)
    previous = read(con, _PREVIOUS, [response_id])
    if not previous:
        return None
    before = get_questionnaire(con, previous[0][0])
    return questionnaires.compare(
        after["instrument"],
        before["total"],
        after["total"],
        before["answers"],
        after["answers"],
        since=before["day"],
    )


def questionnaire_series(con: duckdb.DuckDBPyConnection, instrument_id: str) -> pd.DataFrame:
    """Return the totals to chart, oldest first: day, total, responses.

    One row per response; past load.CHART_POINTS_MAX responses, one row per week
    (mean total). Reads only.
    """
    inst = questionnaires.instrument(instrument_id)
    count = read(con, "SELECT count(*) FROM questionnaire_response WHERE instrument = ?", [inst.id])[0][0]
    return read_df(con, _SERIES_WEEKLY if count > load.CHART_POINTS_MAX else _SERIES, [inst.id], days=("day",))


def questionnaire_last_answered(con: duckdb.DuckDBPyConnection) -> dict[str, date | None]:
    """Return the day each instrument was last answered (None if never). Reads only."""
    last: dict[str, date | None] = dict.fromkeys(questionnaires.INSTRUMENTS)
    last.update({inst_id: day for inst_id, day in read(con, _LAST) if inst_id in last})
    return last


def questionnaires_due(con: duckdb.DuckDBPyConnection, today: date) -> list[str]:
    """Return the ids of the instruments due on `today` (e.g. ["tsk11"]), in the order TSK-17, TSK-11, PSFS.

    Due when never answered, or when its cadence setting (tsk17_cadence_days,
    tsk11_cadence_days, psfs_cadence_days) in days has passed since its last
    response. The two TSK versions share one reminder (lib.questionnaires.due
    says how), so a new file lists ["tsk17", "psfs"]. Reads only.
    """
    values = all_settings(con)
    by_key = cast(Mapping[str, int], values)  # every cadence_setting names an int setting (lib/settings.py)
    cadences = {i.id: int(by_key[i.cadence_setting]) for i in questionnaires.INSTRUMENTS.values()}
    return questionnaires.due(questionnaire_last_answered(con), cadences, today)


# --- the person's PSFS activities ----------------------------------------------


def psfs_activities(con: duckdb.DuckDBPyConnection, include_retired: bool = False) -> pd.DataFrame:
    """Return the PSFS activities (id, name, added_on, retired_on), kept ones first. Reads only."""
    return read_df(con, _ACTIVITIES, [include_retired], days=("added_on", "retired_on"))


def psfs_activity_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the names on the kept PSFS list (not retired), oldest first. Reads only."""
    return [r[0] for r in read(con, "SELECT name FROM psfs_activity WHERE retired_on IS NULL ORDER BY added_on, id")]


def add_psfs_activity(con: duckdb.DuckDBPyConnection, name: str, *, day: date) -> int:
    """Put an activity on the PSFS list; a retired one of the same name comes back with its history.

    Writes (one transaction); returns the activity's id. Raises ValidationError
    for an empty or too long name, a name already on the list, or a sixth
    activity; nothing is written then.
    """
    name = check_text("name", name, required=True, limit=questionnaires.PSFS_NAME_MAX).strip()
    check_day("day", day, date.today())
    low, high = questionnaires.PSFS_ACTIVITIES_ADVISED
    with transaction(con) as cur:
        rows = cur.execute("SELECT id, name, retired_on, to_json(a) FROM psfs_activity a").fetchall()
        same = [r for r in rows if r[1].casefold() == name.casefold()]
        if same and same[0][2] is None:
            raise ValidationError("name", f"{same[0][1]!r} is already on your PSFS list.")
        if sum(r[2] is None for r in rows) >= high:
            raise ValidationError(
                "name", f"The PSFS keeps {low} to {high} activities; you have {high}. Retire one before adding another."
            )
        if same:
            keep_old(cur, "psfs_activity", same[0][0], same[0][3])
            cur.execute("UPDATE psfs_activity SET retired_on = NULL WHERE id = ?", [same[0][0]])
            return same[0][0]
        return cur.execute(
            "INSERT INTO psfs_activity (name, added_on) VALUES (?, ?) RETURNING id", [name, day]
        ).fetchall()[0][0]  # RETURNING id: always one row


def retire_psfs_activity(con: duckdb.DuckDBPyConnection, name: str, *, day: date) -> None:
    """Take an activity off the PSFS list; its past ratings stay in the responses.

    Writes (one transaction; the row before is kept in the audit table).
    Raises NotFound when no kept activity has that name.
    """
    check_text("name", name, required=True, limit=questionnaires.PSFS_NAME_MAX)
    check_day("day", day, date.today())
    with transaction(con) as cur:
        kept = cur.execute("SELECT id, name, to_json(a) FROM psfs_activity a WHERE retired_on IS NULL").fetchall()
        row = next(((r[0], r[2]) for r in kept if r[1].casefold() == str(name).strip().casefold()), None)
        if row is None:
            raise NotFound(f"{name!r} is not on your PSFS list.")
        keep_old(cur, "psfs_activity", row[0], row[1])
        cur.execute("UPDATE psfs_activity SET retired_on = ? WHERE id = ?", [day, row[0]])
