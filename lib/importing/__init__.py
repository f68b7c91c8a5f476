"""Reading an export back in, by stage: parse (DuckDB's read_csv), validate (lib.models), plan, report.

- `parse`: each file's CSV read by DuckDB with explicit types; every value or line it
  refuses becomes a Problem with its file, line and column.
- `validate`: each row through the model a form save uses; what is written is what it returns.
- `plan`: each row matched against the database (RULES); `plan_import` returns the ImportPlan.
- `report`: Problem and ImportReport, what the person reads.

Nothing here writes; lib.archive writes a plan with no problem in one transaction.
"""

from lib.importing.parse import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, MAX_LINE_BYTES, ParsedFile, Row, parse_csv, table_of
from lib.importing.plan import RULES, ImportPlan, plan_import
from lib.importing.report import ImportReport, Problem
from lib.importing.validate import VALIDATORS, Context

__all__ = [
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "MAX_LINE_BYTES",
    "RULES",
    "VALIDATORS",
    "Context",
    "ImportPlan",
    "ImportReport",
    "ParsedFile",
    "Problem",
    "Row",
    "parse_csv",
    "plan_import",
    "table_of",
]
