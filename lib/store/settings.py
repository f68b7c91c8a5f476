"""Stored settings: only what the person changed; defaults come from lib.settings."""

from __future__ import annotations

import json
from datetime import date

import duckdb

from lib import settings as definitions
from lib.db import read, transaction
from lib.errors import ValidationError

__all__ = ["get_setting", "all_settings", "set_setting", "reset_setting"]


def _decode(key: str, raw: str) -> object:
    value = json.loads(raw)
    if definitions.BY_KEY[key].kind is date and value is not None:
        return date.fromisoformat(value)
    return value


def all_settings(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Return every setting: the stored value where the person set one, else the default."""
    values = definitions.defaults()
    for key, raw in read(con, "SELECT key, value FROM setting"):
        if key in values:
            values[key] = _decode(key, raw)
    return values


def get_setting(con: duckdb.DuckDBPyConnection, key: str) -> object:
    """Return one setting's value (stored or default). Raises ValidationError for an unknown key."""
    if key not in definitions.BY_KEY:
        raise ValidationError(key, f"There is no setting called {key!r}.")
    rows = read(con, "SELECT value FROM setting WHERE key = ?", [key])
    return _decode(key, rows[0][0]) if rows else definitions.BY_KEY[key].default


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: object) -> object:
    """Validate and store one setting. Writes; returns the stored value.

    Raises ValidationError naming the setting and its range; nothing is written then.
    """
    value = definitions.validate(key, value)
    encoded = json.dumps(value.isoformat() if isinstance(value, date) else value)
    with transaction(con) as cur:
        cur.execute("INSERT OR REPLACE INTO setting (key, value, updated_at) VALUES (?, ?, current_localtimestamp())",
                    [key, encoded])
    return value


def reset_setting(con: duckdb.DuckDBPyConnection, key: str) -> None:
    """Forget a stored setting so its default applies again. Writes."""
    with transaction(con) as cur:
        cur.execute("DELETE FROM setting WHERE key = ?", [key])
