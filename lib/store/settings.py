"""Stored settings: only what the person changed; defaults come from lib.settings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date

import duckdb

from lib import settings as definitions
from lib.db import read, read_kept, transaction
from lib.errors import ValidationError
from lib.models import shown

__all__ = ["get_setting", "all_settings", "set_setting", "set_settings", "reset_setting"]


def _decode(key: str, raw: str) -> object:
    value = json.loads(raw)
    if definitions.BY_KEY[key].kind is date and value is not None:
        return date.fromisoformat(value)
    return value


_STORED = "SELECT key, value FROM setting"


def _with_defaults(rows: list[tuple[str, str]]) -> definitions.Settings:
    stored = {key: definitions.within_range(key, _decode(key, raw)) for key, raw in rows if key in definitions.BY_KEY}
    return definitions.as_settings({**definitions.defaults(), **stored})


def _known(key: object) -> str:
    """Return `key` if it names a setting; raise ValidationError otherwise (a list or an array too)."""
    if not isinstance(key, str) or key not in definitions.BY_KEY:
        raise ValidationError(key if isinstance(key, str) else "setting", f"There is no setting called {shown(key)}.")
    return key


def all_settings(con: duckdb.DuckDBPyConnection, *, kept: bool = False) -> definitions.Settings:
    """Return every setting: the stored value where the person set one, else the default.

    `kept`: from the rows as last read on `con` if nothing was written since (lib.db.read_kept).
    """
    return _with_defaults((read_kept if kept else read)(con, _STORED))


def get_setting(con: duckdb.DuckDBPyConnection, key: str) -> object:
    """Return one setting's value (stored or default). Raises ValidationError for an unknown key."""
    _known(key)
    rows = read(con, "SELECT value FROM setting WHERE key = ?", [key])
    return _decode(key, rows[0][0]) if rows else definitions.BY_KEY[key].default


def set_settings(con: duckdb.DuckDBPyConnection, changes: dict[str, object]) -> dict[str, object]:
    """Validate and store several settings in one transaction. Writes; returns the stored values.

    Each value is checked against its range, then all of them together with
    the stored settings against the rules between settings (lib.settings.TOGETHER).
    Raises ValidationError naming the setting(s), range and value; nothing is written then.
    """
    if not isinstance(changes, Mapping):
        raise ValidationError(
            "settings", f"The settings to change must be a dict of setting to value; got {shown(changes)}."
        )
    if not changes:
        return {}
    with transaction(con) as cur:
        # Read inside the transaction, so the rules see exactly what this write lands on.
        values = definitions.validate_changes(changes, _with_defaults(cur.execute(_STORED).fetchall()))
        for key, value in values.items():
            encoded = json.dumps(value.isoformat() if isinstance(value, date) else value)
            cur.execute(
                "INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES (?, ?, current_localtimestamp())",
                [key, encoded],
            )
    return values


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: object) -> object:
    """Validate and store one setting. Writes; returns the stored value.

    Raises ValidationError naming the setting and its range, or both settings
    when the change breaks a rule between two (green_max below pain_ceiling,
    ...); nothing is written then.
    """
    return set_settings(con, {_known(key): value})[key]


def reset_setting(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """Forget a stored setting so its default applies again. Writes.

    Raises ValidationError (nothing written) when the default would break a
    rule between two settings with the others as stored.
    """
    _known(key)
    with transaction(con) as cur:
        cur.execute("DELETE FROM setting WHERE key = ?", [key])
        definitions.check_together(_with_defaults(cur.execute(_STORED).fetchall()), changed={key})
