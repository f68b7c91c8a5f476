"""Poise's error classes: one base with a message a person can act on."""

from __future__ import annotations


class PoiseError(Exception):
    """Base class: `message` says what went wrong and what to do about it."""

    title = "Something went wrong"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


FIELD = "\x1f"  # stands in a message for the field it names: its label on a page, its name for scripts


class ValidationError(PoiseError, ValueError):
    """A value is outside what Poise accepts; nothing was written.

    `message` names the field by the label a person sees ("Sleep must be …"); `str(error)`
    names it as scripts do ("sleep_hours must be …"). `problems` holds every error of one
    save when several were found together (a one-error save holds itself).
    """

    title = "Please check this value"

    def __init__(self, field: str, message: str, problems: tuple[ValidationError, ...] = ()) -> None:
        from lib.fields import label

        self.field = field
        self.template = message
        if problems:  # several errors found together: each keeps the names of its own field
            scripted, shown = " ".join(str(p) for p in problems), " ".join(p.message for p in problems)
        else:
            scripted, shown = message.replace(FIELD, field), message.replace(FIELD, label(field))
        Exception.__init__(self, scripted)
        self.message = shown
        self.problems = problems or (self,)

    def prefixed(self, prefix: str) -> ValidationError:
        """Return this error with `prefix` before its message ("Bird dog: …"), same field."""
        if len(self.problems) > 1:
            return ValidationError.together([p.prefixed(prefix) for p in self.problems])
        return ValidationError(self.field, f"{prefix}{self.template}")

    @classmethod
    def together(cls, errors: list[ValidationError]) -> ValidationError:
        """Return one error that lists all of `errors` (first field first), e.g. for one form save."""
        problems = tuple(p for e in errors for p in e.problems)
        return problems[0] if len(problems) == 1 else cls(problems[0].field, "", problems)


class NotFound(PoiseError, LookupError):
    """A record the caller named does not exist."""

    title = "Not found"


class DatabaseLocked(PoiseError):
    """Another process holds the database file."""

    title = "Database in use"


class StoreError(PoiseError):
    """The database refused an operation (translated from a DuckDB error)."""

    title = "The database refused this"
