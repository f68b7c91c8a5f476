"""What an import tells the person: every refused row with its file, line and column, or what it wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# --- the report ----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One refused row: the file, its line (1 is the header), the column and why."""

    file: str
    line: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "") + (f", {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did, or why it did nothing: `problems` empty means it was written."""

    problems: list[Problem] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    written: bool = False

    @property
    def ok(self) -> bool:
        """Return whether the import found no problem."""
        return not self.problems

    def summary(self) -> str:
        """Return one sentence a person reads after the import."""
        if self.problems:
            rows = len({(p.file, p.line) for p in self.problems})
            return (
                f"Nothing was imported: {rows} {'rows need' if rows != 1 else 'row needs'} fixing "
                f"({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''})."
            )
        added, replaced, same = (sum(d.values()) for d in (self.added, self.replaced, self.unchanged))
        return f"Imported: {added} rows added, {replaced} replaced, {same} already here and left as they were."

    def problems_frame(self) -> pd.DataFrame:
        """Return the problems as a table: file, line, field, reason."""
        return pd.DataFrame(
            [{"file": p.file, "line": p.line, "field": p.field, "reason": p.reason} for p in self.problems],
            columns=["file", "line", "field", "reason"],
        )
