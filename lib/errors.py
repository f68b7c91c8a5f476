"""Poise's error classes: one base with a message a person can act on."""

from __future__ import annotations


class PoiseError(Exception):
    """Base class: `message` says what went wrong and what to do about it."""

    title = "Something went wrong"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(PoiseError, ValueError):
    """A value is outside what Poise accepts; nothing was written."""

    title = "Please check this value"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(PoiseError, LookupError):
    """A record the caller named does not exist."""

    title = "Not found"


class DatabaseLocked(PoiseError):
    """Another process holds the database file."""

    title = "Database in use"


class StoreError(PoiseError):
    """The database refused an operation (translated from a DuckDB error)."""

    title = "The database refused this"
