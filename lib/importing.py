"""Reading an export back in: parse every CSV row, validate it through lib.models, plan what to write.

Nothing here writes: `plan_import` returns an ImportPlan (the rows to add, the
keys to replace, and every problem found); lib.archive writes a plan only when
it holds no problem, in one transaction. RULES says what happens to a row that
is already in the database; it travels in every export's README.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from pathlib import PurePosixPath

import duckdb
import pandas as pd

from lib import questionnaires, store
from lib import settings as definitions
from lib.errors import ValidationError
from lib.models import (
    ID_MAX,
    NOTES_MAX,
    VARIABLES,
    Checkin,
    ExerciseDef,
    ExerciseEntry,
    Ritual,
    Session,
    VariableRule,
    check_choice,
    check_day,
    check_id,
    check_prescription,
    check_text,
)
from lib.redflags import RedFlagReport
from lib.store.archive import Column

RULES = """\
Importing the same export twice changes nothing. A row that is already in the database:

- check-ins are matched by date and settings by key: the same row is left alone; a different
  one replaces the stored row, which is kept in the audit table. A column the file leaves out
  keeps its stored value (a check-in file without notes never wipes your notes);
- exercises are matched by name, together with their variables: the same definition is left
  alone; a different one replaces the stored definition (kept in the audit table). Rows that
  point to an exercise follow it to its id in this database;
- ritual ticks are matched by ritual and day, audit rows by their content;
- every other row (sessions, exercise rows, prescriptions, questionnaire answers, PSFS
  activities, progression events, rituals) is matched by id: the same row is left alone; a
  different row under an id that is taken is refused as a duplicate: an import never
  overwrites history.

A key that appears twice in one file is refused as a duplicate too, and so is a new PSFS
activity whose name is already taken (activity names are unique). If any row is refused,
nothing at all is imported, and the report lists every refused row with its file, line and
column.
"""

# The size guard of an import (lib.archive checks it while reading each file; parse_csv again per row).
MAX_IMPORT_BYTES = 50 * 1024 * 1024  # per file, uncompressed
MAX_IMPORT_ROWS = 1_000_000          # lines per file (header and lines inside quoted notes included)

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
            return (f"Nothing was imported: {rows} {'rows need' if rows != 1 else 'row needs'} fixing "
                    f"({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}).")
        added, replaced, same = (sum(d.values()) for d in (self.added, self.replaced, self.unchanged))
        return f"Imported: {added} rows added, {replaced} replaced, {same} already here and left as they were."

    def problems_frame(self) -> pd.DataFrame:
        """Return the problems as a table: file, line, field, reason."""
        return pd.DataFrame([{"file": p.file, "line": p.line, "field": p.field, "reason": p.reason}
                             for p in self.problems], columns=["file", "line", "field", "reason"])


# --- parsing -------------------------------------------------------------------

_TRUE, _FALSE = {"true", "1", "yes", "t", "y"}, {"false", "0", "no", "f", "n"}


def _parse_value(column: Column, text: str) -> object:
    """Return `text` as the column's Python value; raise ValidationError naming the column."""
    name, kind = column.name, column.type
    if text == "" and (kind != "VARCHAR" or column.nullable):
        if not column.nullable:
            raise ValidationError(name, f"{name} needs a value.")
        return None
    try:
        if kind != "VARCHAR" and not (text.isascii() and text.isprintable()):
            # Python reads "१" or "٣" as digits; a Poise export never holds them.
            raise ValidationError(name, f"{name} must be written with the digits 0-9 and plain ASCII "
                                        f"characters; got {text!r}.")
        if kind in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"):
            number = float(text)
            if not math.isfinite(number) or number != int(number):
                raise ValueError
            if is_id(name) and not 1 <= number <= ID_MAX:
                raise ValidationError(name, f"{name} must be a whole number from 1 to {ID_MAX}; got {text.strip()}.")
            if kind == "INTEGER" and not -(2**31) < number < 2**31:  # what the column can hold
                raise ValidationError(name, f"{name} must be a whole number from {-(2**31) + 1} to {2**31 - 1}; "
                                            f"got {text.strip()}.")
            return int(number)
        if kind in ("DOUBLE", "FLOAT", "REAL") or kind.startswith("DECIMAL"):
            number = float(text)
            if not math.isfinite(number):
                raise ValueError
            return number
        if kind == "BOOLEAN":
            if text.strip().lower() in _TRUE:
                return True
            if text.strip().lower() in _FALSE:
                return False
            raise ValueError
        if kind == "DATE":
            return date.fromisoformat(text.strip())
        if kind == "TIME":
            return time.fromisoformat(text.strip())
        if kind == "TIMESTAMP":
            return datetime.fromisoformat(text.strip())
    except ValidationError:
        raise
    except ValueError:
        wanted = {"DATE": "a date (YYYY-MM-DD)", "TIME": "a time of day (HH:MM:SS)",
                  "TIMESTAMP": "a date and time (YYYY-MM-DD HH:MM:SS)", "BOOLEAN": "true or false"}
        whole = kind in ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT")
        raise ValidationError(name, f"{name} must be {wanted.get(kind, 'a whole number' if whole else 'a number')}; "
                                    f"got {text!r}.") from None
    return text


def is_id(column: str) -> bool:
    """Return whether a column holds a row id (`id`, `session_id`, ...): positive and at most ID_MAX."""
    return column == "id" or column.endswith("_id")


@dataclass
class Row:
    line: int
    values: dict[str, object]


@dataclass
class ParsedFile:
    name: str
    table: str
    columns: list[str]
    rows: list[Row]


def table_of(member: str) -> str:
    """Return the table a file in the zip stands for: "poise/checkin.csv" -> "checkin"."""
    return PurePosixPath(member).stem


def parse_csv(name: str, text: str, columns: list[Column], problems: list[Problem]) -> ParsedFile:
    """Parse one CSV file of a table; append every problem to `problems`. Pure.

    Rows with a problem are left out of the result. Line numbers count the
    header as line 1 and follow quoted newlines.
    """
    table = table_of(name)
    by_name = {c.name: c for c in columns}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    parsed = ParsedFile(name, table, [], [])
    try:
        header = next(reader, None)
    except csv.Error as e:
        problems.append(Problem(name, 1, None, f"{name} is damaged: {e}."))
        return parsed
    if not header:
        problems.append(Problem(name, 1, None, "The file is empty; it needs a header line naming the columns."))
        return parsed
    header = [h.strip() for h in header]
    bad_header = False
    for h in header:
        if h not in by_name:
            problems.append(Problem(name, 1, h or None, f"{h!r} is not a column of {table}; its columns are: "
                                                        f"{', '.join(by_name)}."))
            bad_header = True
    for h in {h for h in header if header.count(h) > 1}:
        problems.append(Problem(name, 1, h, f"The column {h} is named twice in the header."))
        bad_header = True
    for c in columns:
        if c.name not in header and not c.nullable and not c.has_default:
            problems.append(Problem(name, 1, c.name, f"The header lacks the column {c.name}, which every row needs."))
            bad_header = True
    if bad_header:
        return parsed
    parsed.columns = header
    try:
        _parse_rows(name, reader, header, by_name, parsed, problems)
    except csv.Error as e:  # a field past csv's size limit, a stray NUL...
        problems.append(Problem(name, reader.line_num or None, None, f"{name} is damaged: {e}."))
    return parsed


def _parse_rows(name: str, reader, header: list[str], by_name: dict[str, Column], parsed: ParsedFile,
                problems: list[Problem]) -> None:
    end = reader.line_num
    for record in reader:
        line, end = end + 1, reader.line_num
        if line > MAX_IMPORT_ROWS:
            problems.append(Problem(name, line, None, f"{name} has more than {MAX_IMPORT_ROWS:,} lines; Poise "
                                                      "imports files up to that many rows."))
            return
        if not record or record == [""]:
            continue
        if len(record) != len(header):
            problems.append(Problem(name, line, None, f"The row has {len(record)} values; the header names {len(header)}."))
            continue
        values, ok = {}, True
        for h, text in zip(header, record, strict=True):
            try:
                values[h] = _parse_value(by_name[h], text)
                if values[h] is not None and (h == "id" or h.endswith("_id")):
                    values[h] = check_id(h, values[h])  # an id near 2**31 would stop the file's sequences
            except ValidationError as e:
                problems.append(Problem(name, line, e.field, e.message))
                ok = False
        if ok:
            parsed.rows.append(Row(line, values))


# --- validation through lib.models -------------------------------------------
#
# Each validator builds the row's record through lib.models (or the scorer), exactly as a form save
# does, and returns the values to write: the validated ones, never the raw parsed cells.


@dataclass
class Context:
    """What row validation may look up: today, and the exercises, sessions and rituals in the import or the database."""

    today: date
    exercises: dict[int, ExerciseDef]  # exercise id (as the import uses it) -> its definition
    session_ids: set[int]
    ritual_ids: set[int]


def _exercise(ctx: Context, values: dict) -> ExerciseDef:
    ex_id = values.get("exercise_id")
    if ex_id not in ctx.exercises:
        raise ValidationError("exercise_id", f"There is no exercise with id {ex_id} in the import or in this database.")
    return ctx.exercises[ex_id]


def _json_object(name: str, text: object) -> dict:
    try:
        value = json.loads(str(text))
    except ValueError:
        raise ValidationError(name, f"{name} must be a JSON object; got {text!r}.") from None
    if not isinstance(value, dict):
        raise ValidationError(name, f"{name} must be a JSON object; got {text!r}.")
    return value


def _model_fields(model: type, v: dict, skip: tuple[str, ...] = ()) -> dict:
    """The row's values for the fields of `model` it carries (so a field the model adds is checked too)."""
    return {f.name: v[f.name] for f in fields(model) if f.name in v and f.name not in skip}


def _check_checkin(v: dict, ctx: Context) -> dict:
    return Checkin(**_model_fields(Checkin, v, ("today",)), today=ctx.today).row()


def _check_session(v: dict, ctx: Context) -> dict:
    values = _model_fields(Session, v, ("today", "exercises"))
    if values.get("notes") is None:
        values["notes"] = ""
    for name in ("duration_min", "rpe"):  # a skipped session leaves them unknown
        values.setdefault(name, None)
    session = Session(**values, today=ctx.today)
    return {k: getattr(session, k) for k in values}


def _check_exercise_log(v: dict, ctx: Context) -> dict:
    if v["session_id"] not in ctx.session_ids:
        raise ValidationError("session_id", f"There is no session with id {v['session_id']} in the import or in this database.")
    e = _exercise(ctx, v)
    values = {k: v[k] for k in VARIABLES if v.get(k) is not None}
    unknown = sorted(set(values) - set(e.rules))
    if unknown:  # as save_session refuses it
        raise ValidationError(unknown[0], f"{unknown[0]} is not a variable of {e.name}; it uses: {', '.join(e.rules)}.")
    variant = v.get("variant")
    if variant is not None and variant not in e.variants:
        raise ValidationError("variant", f"{e.name} has no variant {variant!r}; "
                                         f"its variants are: {', '.join(e.variants) or 'none'}.")
    entry = ExerciseEntry(exercise=e.name, pain_during=v.get("pain_during"),
                          completed=True if v.get("completed") is None else v["completed"],
                          variant=variant, values=values)
    return {**{k: entry.values.get(k) for k in VARIABLES if k in v}, "pain_during": entry.pain_during,
            "completed": entry.completed, "variant": entry.variant}


def _check_prescription(v: dict, ctx: Context) -> dict:
    e = _exercise(ctx, v)
    check_choice("source", v["source"], ("progress", "regress", "deload", "manual", "import"))
    values = check_prescription(e, {k: v[k] for k in VARIABLES if v.get(k) is not None}, v.get("variant"),
                                v["effective_from"], ctx.today, v.get("effective_until"))
    return {k: values.get(k) for k in VARIABLES if k in v}


def _check_questionnaire(v: dict, ctx: Context) -> dict:
    check_choice("instrument", v["instrument"], tuple(questionnaires.INSTRUMENTS))
    inst = questionnaires.INSTRUMENTS[v["instrument"]]
    check_day("day", v["day"], ctx.today)
    scored = questionnaires.score(inst.id, _json_object("answers", v["answers"]))
    if not math.isclose(scored.total, v["total"], abs_tol=0.005):
        raise ValidationError("total", f"total {v['total']:g} does not match the answers, which score {scored.total:g}.")
    if v.get("version") not in (None, "") and v["version"] != inst.version:
        raise ValidationError("version", f"version must be {inst.version!r} for {inst.short}; got {v['version']!r}.")
    if v.get("band") != scored.band and not (v.get("band") in (None, "") and scored.band is None):
        raise ValidationError("band", f"band must be {scored.band!r} for a total of {scored.total:g}; got {v.get('band')!r}.")
    if "subscales" in v:
        given = _json_object("subscales", v["subscales"]) if v["subscales"] is not None else None
        if given != scored.subscales:
            raise ValidationError("subscales", f"subscales must be {json.dumps(scored.subscales)}, as the answers "
                                               f"score; got {v['subscales']!r}.")
    # What a form save stores: the scorer's own answers, total, subscales, band and the instrument's version.
    return {"version": inst.version, "answers": json.dumps({str(k): a for k, a in scored.answers.items()}),
            "total": scored.total, "subscales": json.dumps(scored.subscales), "band": scored.band}


def _check_psfs_activity(v: dict, ctx: Context) -> dict:
    name = check_text("name", v["name"], required=True, limit=questionnaires.PSFS_NAME_MAX).strip()
    check_day("added_on", v["added_on"], ctx.today)
    if v.get("retired_on") is not None:
        check_day("retired_on", v["retired_on"], ctx.today)
        if v["retired_on"] < v["added_on"]:
            raise ValidationError("retired_on", f"retired_on ({v['retired_on']}) is before added_on ({v['added_on']}).")
    return {"name": name}


def _check_progression_event(v: dict, ctx: Context) -> dict:
    _exercise(ctx, v)
    check_day("day", v["day"], ctx.today)
    check_choice("action", v["action"], ("progress", "hold", "regress", "deload", "manual"))
    check_choice("decision", v["decision"], ("accepted", "declined"))
    _json_object("current", v["current"])
    _json_object("proposed", v["proposed"])
    check_text("reason", v["reason"], limit=NOTES_MAX)
    if v.get("variable") is not None:
        check_choice("variable", v["variable"], (*VARIABLES, "variant"))
    return {}


def _check_ritual(v: dict, ctx: Context) -> dict:
    ritual = Ritual(cue=v["cue"], movement=v["movement"], kind="anchor" if v.get("kind") is None else v["kind"],
                    minutes=v.get("minutes"), reminder_time=v.get("reminder_time"))
    if v.get("created_on") is not None:
        check_day("created_on", v["created_on"], ctx.today)
    if v.get("retired_on") is not None:
        check_day("retired_on", v["retired_on"], ctx.today)
    out = {"cue": ritual.cue, "movement": ritual.movement, "kind": ritual.kind, "minutes": ritual.minutes,
           "reminder_time": ritual.reminder_time}
    return {k: out[k] for k in out if k in v}


def _check_ritual_log(v: dict, ctx: Context) -> dict:
    if v["ritual_id"] not in ctx.ritual_ids:
        raise ValidationError("ritual_id", f"There is no ritual with id {v['ritual_id']} in the import or in this database.")
    check_day("day", v["day"], ctx.today)
    return {}


def _check_setting(v: dict, ctx: Context) -> dict:
    try:
        value = definitions.validate(v["key"], json.loads(str(v["value"])))
    except ValueError as e:
        field_name = "key" if v["key"] not in definitions.BY_KEY else "value"
        raise ValidationError(field_name, getattr(e, "message", f"value must be JSON; got {v['value']!r}.")) from None
    # Stored as set_setting stores it: the validated value as JSON (a date as its ISO text).
    return {"value": json.dumps(value.isoformat() if isinstance(value, date) else value)}


def _check_red_flag_report(v: dict, ctx: Context) -> dict:
    report = RedFlagReport(v["day"], tuple(f for f in str(v.get("flags") or "").split(",") if f), ctx.today)
    return {"flags": ",".join(report.flags)}  # as save_red_flags stores them: known keys, in the screen's order


def _check_audit(v: dict, ctx: Context) -> dict:
    check_choice("action", v["action"], ("update", "delete"))
    check_text("table_name", v["table_name"], required=True, limit=80)
    check_text("row_key", v["row_key"], required=True, limit=200)
    try:
        json.loads(str(v["old_row"]))
    except ValueError:
        raise ValidationError("old_row", f"old_row must be JSON; got {v['old_row']!r}.") from None
    return {}


VALIDATORS: dict[str, Callable[[dict, Context], dict]] = {
    "checkin": _check_checkin, "session": _check_session, "exercise_log": _check_exercise_log,
    "prescription": _check_prescription, "questionnaire_response": _check_questionnaire,
    "psfs_activity": _check_psfs_activity, "progression_event": _check_progression_event,
    "ritual": _check_ritual, "ritual_log": _check_ritual_log, "setting": _check_setting, "audit": _check_audit,
    "red_flag_report": _check_red_flag_report,
}

# How a row is matched against the database (see the module docstring); default: by id.
KEYS: dict[str, tuple[str, ...]] = {
    "checkin": ("day",), "red_flag_report": ("day",), "setting": ("key",), "ritual_log": ("ritual_id", "day"),
    "exercise": ("id",), "exercise_variable": ("exercise_id", "variable"),
}
REPLACE_BY_KEY = ("checkin", "red_flag_report", "setting")   # a different row replaces the stored one
STAMPED = ("updated_at",)                 # set by the database when a row is written: never carried over
MATCH_BY_CONTENT = ("audit",)             # a log: the same content is the same row
POINTS_TO_EXERCISE = ("exercise_log", "prescription", "progression_event")


# --- the plan ------------------------------------------------------------------


@dataclass
class ImportPlan:
    """What an import would write: rows to add per table, stored keys to replace, and the problems."""

    problems: list[Problem] = field(default_factory=list)
    insert: dict[str, list[dict]] = field(default_factory=dict)
    replace: dict[str, list] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)


class Stored:
    """The database's current rows, fetched once per table as they are needed."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._tables: dict[str, list[dict]] = {}

    def rows(self, table: str) -> list[dict]:
        if table not in self._tables:
            names, rows = store.stored_table(self.con, table)
            self._tables[table] = [dict(zip(names, r, strict=True)) for r in rows]
        return self._tables[table]

    def by(self, table: str, key: tuple[str, ...]) -> dict[tuple, dict]:
        return {tuple(r[k] for k in key): r for r in self.rows(table)}


def _same(imported: dict, stored: dict, skip: tuple[str, ...] = ()) -> bool:
    return all(stored.get(k) == v for k, v in imported.items() if k not in skip)


def plan_import(con: duckdb.DuckDBPyConnection, files: dict[str, str], today: date) -> ImportPlan:
    """Parse, validate and match every row of `files` ({file name: CSV text}). Reads only; returns the plan."""
    plan = ImportPlan()
    schema = store.table_schema(con)
    parsed: dict[str, ParsedFile] = {}
    for name, text in files.items():
        table = table_of(name)
        if table not in schema:
            plan.problems.append(Problem(name, None, None, f"{name} is not one of Poise's tables; "
                                                           f"the files are named after them: {', '.join(schema)}."))
        elif table in parsed:
            plan.problems.append(Problem(name, None, None, f"A second file for the table {table}."))
        else:
            parsed[table] = parse_csv(name, text, schema[table], plan.problems)
    if ("exercise" in parsed) != ("exercise_variable" in parsed):
        present = "exercise.csv" if "exercise" in parsed else "exercise_variable.csv"
        plan.problems.append(Problem(present, None, None,
                                     "exercise.csv and exercise_variable.csv travel together: an exercise needs its variables."))
    stored = Stored(con)
    defs: dict[int, ExerciseDef] = {}
    mapping = _plan_exercises(parsed, stored, plan, defs)
    ctx = _context(parsed, stored, mapping, defs, today)
    for table, pf in parsed.items():
        if table in ("exercise", "exercise_variable"):
            continue
        unique = tuple(c.name for c in schema[table] if c.unique)
        _plan_table(pf, ctx, stored, mapping, plan, unique)
    if "setting" in parsed:
        _check_settings_together(parsed["setting"], stored, plan)
    if "psfs_activity" in parsed:
        _check_psfs_list(parsed["psfs_activity"], stored, plan)
    return plan


def _context(parsed: dict[str, ParsedFile], stored: Stored, mapping: dict[int, int], defs: dict[int, ExerciseDef],
             today: date) -> Context:
    if "exercise" in parsed:  # rows point to the exercises of the same export
        names = {ex_id: e for ex_id, e in defs.items() if ex_id in mapping}
    else:
        names = {e.id: e for e in store.load_library(stored.con).values() if e.id is not None}
    sessions = {r["id"] for r in stored.rows("session")}
    sessions |= {r.values["id"] for r in parsed["session"].rows} if "session" in parsed else set()
    rituals = {r["id"] for r in stored.rows("ritual")}
    rituals |= {r.values["id"] for r in parsed["ritual"].rows} if "ritual" in parsed else set()
    return Context(today, names, sessions, rituals)


def _duplicates(pf: ParsedFile, key: tuple[str, ...], plan: ImportPlan) -> list[Row]:
    """Return the rows whose key is new in the file; refuse the repeats."""
    seen: dict[tuple, int] = {}
    kept = []
    for row in pf.rows:
        k = tuple(row.values.get(c) for c in key)
        if k in seen:
            shown = ", ".join(f"{c} {v}" for c, v in zip(key, k, strict=True))
            plan.problems.append(Problem(pf.name, row.line, key[0], f"Duplicate: {shown} is already on line {seen[k]}."))
        else:
            seen[k] = row.line
            kept.append(row)
    return kept


def _plan_exercises(parsed: dict[str, ParsedFile], stored: Stored, plan: ImportPlan,
                    defs: dict[int, ExerciseDef]) -> dict[int, int]:
    """Validate exercises with their variables; return import id -> id in this database.

    Each valid exercise's definition lands in `defs` under its import id.
    """
    if "exercise" not in parsed or "exercise_variable" not in parsed:
        return {}
    ex_file, var_file = parsed["exercise"], parsed["exercise_variable"]
    if "id" not in ex_file.columns or "name" not in ex_file.columns:
        return {}
    exercises = _duplicates(ex_file, ("id",), plan)
    variables: dict[int, list[Row]] = {}
    import_ids = {r.values["id"] for r in exercises}
    for row in _duplicates(var_file, ("exercise_id", "variable"), plan):
        if row.values["exercise_id"] not in import_ids:
            plan.problems.append(Problem(var_file.name, row.line, "exercise_id",
                                         f"There is no exercise with id {row.values['exercise_id']} in exercise.csv."))
        else:
            variables.setdefault(row.values["exercise_id"], []).append(row)
    by_name = {r["name"].strip().casefold(): r for r in stored.rows("exercise")}
    stored_vars: dict[int, list[dict]] = {}
    for v in stored.rows("exercise_variable"):
        stored_vars.setdefault(v["exercise_id"], []).append(v)
    taken = {r["id"] for r in stored.rows("exercise")}
    next_id = max(taken | import_ids | {0}) + 1
    mapping: dict[int, int] = {}
    names_seen: dict[str, int] = {}
    for row in exercises:
        v, rows = row.values, sorted(variables.get(row.values["id"], []), key=lambda r: r.values.get("rank") or 0)
        key = str(v["name"]).strip().casefold()
        if key in names_seen:
            plan.problems.append(Problem(ex_file.name, row.line, "name",
                                         f"Duplicate: an exercise called {v['name']!r} is already on line {names_seen[key]}."))
            continue
        names_seen[key] = row.line
        definition = _valid_exercise(row, rows, ex_file.name, var_file.name, plan)
        if definition is None:
            continue
        defs[v["id"]] = definition
        match = by_name.get(key)
        if match is not None:
            target = match["id"]
        elif v["id"] not in taken:
            target = v["id"]
        else:
            target, next_id = next_id, next_id + 1
        taken.add(target)
        mapping[v["id"]] = target
        # What the model validated, as the Exercises page stores it.
        new_row = {**v, "id": target, "name": definition.name.strip(), "category": definition.category}
        new_row |= {k: "\n".join(getattr(definition, k)) for k in ("cues", "variants") if k in v}
        new_vars = [{**r.values, "exercise_id": target} for r in rows]
        if match is not None:
            old_vars = {x["variable"]: x for x in stored_vars.get(target, [])}
            same = _same(new_row, match) and len(old_vars) == len(new_vars) and all(
                x["variable"] in old_vars and _same(x, old_vars[x["variable"]]) for x in new_vars)
            if same:
                plan.unchanged["exercise"] = plan.unchanged.get("exercise", 0) + 1
                plan.unchanged["exercise_variable"] = plan.unchanged.get("exercise_variable", 0) + len(new_vars)
                continue
            plan.replace.setdefault("exercise", []).append(target)
            plan.replace.setdefault("exercise_variable", []).append(target)
        plan.insert.setdefault("exercise", []).append(new_row)
        plan.insert.setdefault("exercise_variable", []).extend(new_vars)
    return mapping


def _valid_exercise(row: Row, var_rows: list[Row], ex_name: str, var_name: str,
                    plan: ImportPlan) -> ExerciseDef | None:
    rules, ok = [], True
    for r in var_rows:
        x = r.values
        try:
            rules.append(VariableRule(variable=x["variable"], start=x["start_value"], step=x["step"],
                                      floor=x["floor_value"], cap=x["cap"], unit=x.get("unit") or "",
                                      step_percent=x.get("step_percent")))
        except ValidationError as e:
            plan.problems.append(Problem(var_name, r.line, e.field, e.message))
            ok = False
        except (KeyError, TypeError) as e:
            plan.problems.append(Problem(var_name, r.line, None, f"The row lacks a value the record needs ({e})."))
            ok = False
    v = row.values
    try:
        definition = ExerciseDef(
            name=v["name"], category=v["category"], cues=tuple(str(v.get("cues") or "").splitlines()),
            variables=tuple(rules), variants=tuple(x for x in str(v.get("variants") or "").splitlines() if x.strip()))
    except ValidationError as e:
        if ok:  # a bad variable already explains an exercise without valid variables
            plan.problems.append(Problem(ex_name, row.line, e.field, e.message))
        return None
    except (KeyError, TypeError) as e:
        plan.problems.append(Problem(ex_name, row.line, None, f"The row lacks a value the record needs ({e})."))
        return None
    return definition if ok else None


def _fill_from_stored(pf: ParsedFile, key: tuple[str, ...], existing: dict[tuple, dict]) -> None:
    """Give each row that replaces a stored one the stored values of the columns its file leaves out."""
    for row in pf.rows:
        old = existing.get(tuple(row.values.get(c) for c in key))
        if old is not None:
            row.values = {**{c: v for c, v in old.items() if c not in pf.columns and c not in STAMPED}, **row.values}


def _plan_table(pf: ParsedFile, ctx: Context, stored: Stored, mapping: dict[int, int], plan: ImportPlan,
                unique: tuple[str, ...] = ()) -> None:
    table = pf.table
    key = KEYS.get(table, ("id",) if "id" in pf.columns else tuple(pf.columns))
    if table in MATCH_BY_CONTENT:
        key = tuple(c for c in pf.columns if c != "id")
    if any(k not in pf.columns for k in key):
        key = tuple(pf.columns)
    existing = stored.by(table, key)
    if table in REPLACE_BY_KEY:  # an import never loses a value it did not mention
        _fill_from_stored(pf, key, existing)
    check = VALIDATORS.get(table)
    rows = []
    for row in _duplicates(pf, key, plan):
        try:
            if check:  # what is written is what the model validated
                row.values.update(check(row.values, ctx))
        except ValidationError as e:
            plan.problems.extend(Problem(pf.name, row.line, p.field, p.message) for p in e.problems)
            continue
        except (KeyError, TypeError) as e:  # a hand-made file that leaves out a column a record needs
            plan.problems.append(Problem(pf.name, row.line, None, f"The row lacks a value the record needs ({e})."))
            continue
        if table in POINTS_TO_EXERCISE and mapping and "exercise_id" in row.values:
            row.values["exercise_id"] = mapping[row.values["exercise_id"]]
        rows.append(row)
    ids_taken = {r["id"] for r in stored.rows(table)} if "id" in pf.columns else set()
    next_id = max(ids_taken | {r.values["id"] for r in rows} | {0}) + 1 if ids_taken else 0
    names = _UniqueValues(pf, key, unique, stored, plan)
    for row in rows:
        k = tuple(row.values[c] for c in key)
        old = existing.get(k)
        if old is not None and _same(row.values, old):
            plan.unchanged[table] = plan.unchanged.get(table, 0) + 1
            continue
        if old is not None and table in REPLACE_BY_KEY:
            plan.replace.setdefault(table, []).append(k[0])
        elif table in MATCH_BY_CONTENT and row.values.get("id") in ids_taken:
            row.values["id"], next_id = next_id, next_id + 1  # a log entry keeps its content, not its number
        elif old is not None:
            shown = ", ".join(f"{c} {v}" for c, v in zip(key, k, strict=True))
            plan.problems.append(Problem(pf.name, row.line, key[0],
                                         f"Duplicate: {shown} is already used here by a different {table} row; "
                                         "an import never overwrites history."))
            continue
        if not names.free(row, k):
            continue
        plan.insert.setdefault(table, []).append(row.values)


class _UniqueValues:
    """The values of a table's UNIQUE columns already taken (stored, or earlier in the file), to refuse a clash.

    The database would refuse such a row anyway, but only inside the write, with no file or line;
    here it is reported like every other bad row. Text compares as Poise's own forms do: trimmed
    and ignoring case. A row may keep its own value (the same key is the same row).
    """

    def __init__(self, pf: ParsedFile, key: tuple[str, ...], unique: tuple[str, ...], stored: Stored,
                 plan: ImportPlan) -> None:
        self._pf, self._key, self._plan = pf, key, plan
        self._columns = tuple(c for c in unique if c in pf.columns)
        self._taken: dict[str, dict[object, tuple[tuple, str]]] = {c: {} for c in self._columns}
        for r in stored.rows(pf.table):
            k = tuple(r.get(c) for c in key)
            for c in self._columns:
                if r.get(c) is not None:
                    self._taken[c][self._norm(r[c])] = (k, f"stored here ({self._shown(k)})")

    @staticmethod
    def _norm(value: object) -> object:
        return value.strip().casefold() if isinstance(value, str) else value

    def _shown(self, k: tuple) -> str:
        return ", ".join(f"{c} {v}" for c, v in zip(self._key, k, strict=True))

    def free(self, row: Row, k: tuple) -> bool:
        """Return whether the row's unique values are all free; refuse it (and say why) if not."""
        ok = True
        for c in self._columns:
            value = row.values.get(c)
            if value is None:
                continue
            holder = self._taken[c].get(self._norm(value))
            if holder is not None and holder[0] != k:
                self._plan.problems.append(Problem(
                    self._pf.name, row.line, c,
                    f"Duplicate: the {c} {value!r} is already {holder[1]}; no two {self._pf.table} rows may share a {c}."))
                ok = False
            else:
                self._taken[c][self._norm(value)] = (k, f"on line {row.line}")
        return ok


def _check_psfs_list(pf: ParsedFile, stored: Stored, plan: ImportPlan) -> None:
    """Refuse new kept PSFS activities past the list's limit (as add_psfs_activity refuses a sixth)."""
    high = questionnaires.PSFS_ACTIVITIES_ADVISED[1]
    kept = sum(r["retired_on"] is None for r in stored.rows("psfs_activity"))
    new = {id(values) for values in plan.insert.get("psfs_activity", [])}
    for row in pf.rows:
        if id(row.values) in new and row.values.get("retired_on") is None:
            kept += 1
            if kept > high:
                plan.problems.append(Problem(pf.name, row.line, "retired_on", (
                    f"The PSFS keeps at most {high} activities not retired; this would be number {kept}. "
                    "Give it a retired_on day or leave it out.")))


def _check_settings_together(pf: ParsedFile, stored: Stored, plan: ImportPlan) -> None:
    """Refuse imported settings that, with the stored ones, break a rule between two settings."""
    lines = {r.values.get("key"): r.line for r in pf.rows}
    bad = {p.line for p in plan.problems if p.file == pf.name}
    if bad & set(lines.values()):
        return  # a setting is already refused on its own
    values = definitions.defaults()
    for r in [*stored.rows("setting"), *(row.values for row in pf.rows)]:
        if r.get("key") in values:
            try:
                values[r["key"]] = definitions.validate(r["key"], json.loads(str(r["value"])))
            except ValueError:
                return
    try:
        definitions.check_together(values, changed=set(lines))
    except ValidationError as e:
        plan.problems.append(Problem(pf.name, lines.get(e.field), "value", e.message))


# --- frames for the writer -------------------------------------------------------

_DTYPES = {"INTEGER": "Int64", "BIGINT": "Int64", "SMALLINT": "Int64", "DOUBLE": "Float64", "FLOAT": "Float64",
           "BOOLEAN": "boolean", "DATE": "datetime64[us]", "TIMESTAMP": "datetime64[us]"}


def frames(rows: list[dict], columns: list[Column]) -> list[pd.DataFrame]:
    """Return `rows` as typed DataFrames, one per set of columns the rows carry (see `frame`)."""
    groups: dict[frozenset, list[dict]] = {}
    for r in rows:
        groups.setdefault(frozenset(r), []).append(r)
    return [frame(group, columns) for group in groups.values()]


def frame(rows: list[dict], columns: list[Column]) -> pd.DataFrame:
    """Return `rows` as a DataFrame typed after the table's columns, so DuckDB reads every value exactly."""
    names = [c.name for c in columns if c.name in rows[0]]
    df = pd.DataFrame({n: [r.get(n) for r in rows] for n in names}, dtype=object)
    for c in columns:
        if c.name not in df.columns:
            continue
        if c.type == "TIME":
            df[c.name] = df[c.name].map(lambda t: None if t is None else t.isoformat())
        elif c.type in _DTYPES:
            df[c.name] = df[c.name].astype(_DTYPES[c.type])
    return df
