"""A person's own photo or clip per exercise (migration 011): attach, replace, remove, read, import, restore.

The bytes are checked by content (lib.media.check_media) before anything is written, and every
write is one transaction. One row per exercise is shown (retired_at NULL). Replacing or removing
one keeps its row, bytes and all, with retired_at set, and adds its description to the audit
table (JSON without the bytes: a BLOB of up to 50 MB does not belong in the audit's text column).
Attaching bytes the exercise already had brings that row back instead of storing them twice.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from lib import media
from lib.db import read, transaction
from lib.store.audit import keep_old
from lib.store.catalog import exercise_id

__all__ = [
    "attach_media",
    "remove_media",
    "media_index",
    "media_bytes",
    "current_media",
    "import_media",
    "restore_media_from_attached",
    "clear_media",
]

_COLUMNS = "m.id, e.name, m.kind, m.mime, m.size_bytes, m.sha256, m.name, m.created_at"
_INDEX = f"""SELECT {_COLUMNS} FROM exercise_media m JOIN exercise e ON e.id = m.exercise_id
             WHERE m.retired_at IS NULL ORDER BY e.name"""
_CURRENT = f"""SELECT {_COLUMNS}, m.data FROM exercise_media m JOIN exercise e ON e.id = m.exercise_id
               WHERE m.retired_at IS NULL ORDER BY m.id"""
_SHOWN = "SELECT id, sha256 FROM exercise_media WHERE exercise_id = ? AND retired_at IS NULL"
_KEPT_SAME = (
    "SELECT id FROM exercise_media WHERE exercise_id = ? AND sha256 = ? AND retired_at IS NOT NULL "
    "ORDER BY id DESC LIMIT 1"
)
_DESCRIBE = """SELECT CAST(to_json(struct_pack(id := m.id, exercise := e.name, exercise_id := m.exercise_id,
                      kind := m.kind, mime := m.mime, size_bytes := m.size_bytes, sha256 := m.sha256,
                      name := m.name, created_at := m.created_at,
                      bytes_kept := 'in exercise_media row ' || m.id)) AS VARCHAR)
               FROM exercise_media m LEFT JOIN exercise e ON e.id = m.exercise_id WHERE m.id = ?"""
_RETIRE = "UPDATE exercise_media SET retired_at = current_localtimestamp() WHERE id = ?"
_BRING_BACK = "UPDATE exercise_media SET retired_at = NULL, name = ? WHERE id = ?"
_NEXT_ID = "SELECT coalesce(max(id), 0) + 1 FROM exercise_media"
# VALUES, not INSERT … SELECT: DuckDB takes 3.8 s to carry a 50 MB parameter through a SELECT, 0.5 s here.
_INSERT = """INSERT INTO exercise_media (id, exercise_id, kind, mime, size_bytes, sha256, name, data, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, current_localtimestamp()))"""

# A restore (lib.store.archive.replace_all_from, inside its transaction, the backup attached as
# _poise_restore_source, before its tables are swapped): the backup's pictures as they were; the pictures
# here now that the backup lacks are kept after them, retired, so a restore loses no photo either. Their
# descriptions join the rows the restore adds to the audit table (_poise_before_restore).
_KEEP_BEFORE_RESTORE = """CREATE TEMP TABLE _poise_media_before_restore AS
    SELECT m.*, e.name AS exercise,
           (SELECT coalesce(max(id), 0) FROM _poise_restore_source.exercise_media)
               + row_number() OVER (ORDER BY m.id) AS new_id
    FROM exercise_media m LEFT JOIN exercise e ON e.id = m.exercise_id
    WHERE m.sha256 NOT IN (SELECT sha256 FROM _poise_restore_source.exercise_media)"""
_DESCRIBE_KEPT = """INSERT INTO _poise_before_restore (changed_at, table_name, row_key, action, old_row)
    SELECT current_localtimestamp(), 'exercise_media', CAST(new_id AS VARCHAR), 'delete',
           CAST(to_json(struct_pack(id := new_id, exercise := exercise, exercise_id := exercise_id, kind := kind,
                                    mime := mime, size_bytes := size_bytes, sha256 := sha256, name := name,
                                    created_at := created_at, bytes_kept := 'in exercise_media row ' || new_id))
                AS VARCHAR)
    FROM _poise_media_before_restore WHERE retired_at IS NULL"""
_DELETE_ALL = "DELETE FROM exercise_media"
_RESTORE = "INSERT INTO exercise_media BY NAME SELECT * FROM _poise_restore_source.exercise_media"
_ADD_KEPT = """INSERT INTO exercise_media (id, exercise_id, kind, mime, size_bytes, sha256, name, data, created_at,
                                         retired_at)
    SELECT new_id, exercise_id, kind, mime, size_bytes, sha256, name, data, created_at,
           coalesce(retired_at, current_localtimestamp())
    FROM _poise_media_before_restore"""
_DROP_KEPT = "DROP TABLE _poise_media_before_restore"


def _stored(row: tuple) -> media.StoredMedia:
    return media.StoredMedia(*row[:8])


def _attach(
    cur: duckdb.DuckDBPyConnection,
    ex_id: int,
    checked: media.Media,
    data: bytes,
    name: str | None,
    created_at: datetime | None = None,
) -> tuple[int, str]:
    """Inside the caller's transaction: show `data` for the exercise. Returns (row id, 'added'|'replaced'|'same')."""
    shown = cur.execute(_SHOWN, [ex_id]).fetchall()
    if shown and shown[0][1] == checked.sha256:
        return shown[0][0], "same"
    if shown:
        keep_old(cur, "exercise_media", shown[0][0], cur.execute(_DESCRIBE, [shown[0][0]]).fetchall()[0][0])
        cur.execute(_RETIRE, [shown[0][0]])
    if kept := cur.execute(_KEPT_SAME, [ex_id, checked.sha256]).fetchall():
        cur.execute(_BRING_BACK, [name, kept[0][0]])
        media_id = kept[0][0]
    else:
        media_id = cur.execute(_NEXT_ID).fetchall()[0][0]
        cur.execute(
            _INSERT,
            [media_id, ex_id, checked.kind, checked.mime, checked.size_bytes, checked.sha256, name, data, created_at],
        )
    return media_id, "replaced" if shown else "added"


def attach_media(con: duckdb.DuckDBPyConnection, exercise: str, data: bytes, name: str | None = None) -> int:
    """Show `data` (a photo or clip, checked by content) for `exercise`, replacing what it showed.

    Writes; returns the row id.

    Raises ValidationError (empty, too big, not a PNG/JPEG/WebP/MP4/WebM) or NotFound (no such exercise);
    nothing is written then. A replaced picture is kept (retired) and described in the audit table.
    """
    checked = media.check_media(data)
    ex_id = exercise_id(con, exercise)
    with transaction(con) as cur:
        return _attach(cur, ex_id, checked, bytes(data), media.given_name(name))[0]


def remove_media(con: duckdb.DuckDBPyConnection, exercise: str) -> bool:
    """Stop showing the exercise's own picture; return whether it had one. Writes (one transaction).

    The row stays, retired, with its bytes, and its description lands in the audit table ('delete').
    """
    ex_id = exercise_id(con, exercise)
    with transaction(con) as cur:
        shown = cur.execute(_SHOWN, [ex_id]).fetchall()
        if not shown:
            return False
        keep_old(cur, "exercise_media", shown[0][0], cur.execute(_DESCRIBE, [shown[0][0]]).fetchall()[0][0], "delete")
        cur.execute(_RETIRE, [shown[0][0]])
        return True


def media_index(con: duckdb.DuckDBPyConnection) -> dict[str, media.StoredMedia]:
    """Return the picture each exercise shows, by exercise name, without the bytes. Reads (small and quick)."""
    return {row[1]: _stored(row) for row in read(con, _INDEX)}


def media_bytes(con: duckdb.DuckDBPyConnection, media_id: int) -> bytes | None:
    """Return one stored picture's bytes (None if there is no such row). Reads."""
    rows = read(con, "SELECT data FROM exercise_media WHERE id = ?", [int(media_id)])
    return bytes(rows[0][0]) if rows else None


def current_media(con: duckdb.DuckDBPyConnection) -> list[tuple[media.StoredMedia, bytes]]:
    """Return every picture shown now with its bytes, oldest first (for the export). Reads."""
    return [(_stored(row), bytes(row[8])) for row in read(con, _CURRENT)]


def import_media(
    con: duckdb.DuckDBPyConnection, entries: list[tuple[str, bytes, str | None, datetime | None]]
) -> dict[str, int]:
    """Show each (exercise, bytes, name, created_at) as attach_media would, all in one transaction. Writes.

    Matched by hash: bytes the exercise already shows are left alone, so importing twice adds nothing.
    Returns how many were added, replaced and already there. Raises ValidationError or NotFound
    (the exercise is not in this database) before anything is written.
    """
    checked = [
        (exercise_id(con, exercise), media.check_media(data), data, media.given_name(name), created)
        for exercise, data, name, created in entries
    ]
    counts = {"added": 0, "replaced": 0, "same": 0}
    with transaction(con) as cur:
        for ex_id, check, data, name, created in checked:
            counts[_attach(cur, ex_id, check, data, name, created)[1]] += 1
    return counts


def restore_media_from_attached(cur: duckdb.DuckDBPyConnection) -> None:
    """Inside a restore's transaction (the backup attached as _poise_restore_source): take its pictures.

    Call it after the restore gathered the rows it replaces (_poise_before_restore) and before the
    tables are swapped. Pictures here that the backup does not hold are kept, retired, and described
    in the audit table.
    """
    for statement in (_KEEP_BEFORE_RESTORE, _DESCRIBE_KEPT, _DELETE_ALL, _RESTORE, _ADD_KEPT, _DROP_KEPT):
        cur.execute(statement).fetchall()


def clear_media(cur: duckdb.DuckDBPyConnection) -> None:
    """Inside delete-everything's transaction (after its final backup): every picture goes, kept ones too."""
    cur.execute(_DELETE_ALL).fetchall()
