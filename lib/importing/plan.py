"""The import's third stage: match every validated row against the database and plan what to write.

Nothing here writes: `plan_import` returns an ImportPlan (the rows to add, the
keys to replace, and every problem found); lib.archive writes a plan only when
it holds no problem, in one transaction. RULES says what happens to a row that
is already in the database; it travels in every export's README.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

import duckdb

from lib import questionnaires, store
from lib import settings as definitions
from lib.errors import ValidationError
from lib.importing.parse import ParsedFile, Row, parse_csv, table_of
from lib.importing.report import Problem
from lib.importing.validate import VALIDATORS, Context
from lib.models import ExerciseDef, VariableRule
from lib.store.csv_reader import CsvReader

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

# How a row is matched against the database (see the module docstring); default: by id.
KEYS: dict[str, tuple[str, ...]] = {
    "checkin": ("day",),
    "red_flag_report": ("day",),
    "setting": ("key",),
    "ritual_log": ("ritual_id", "day"),
    "exercise": ("id",),
    "exercise_variable": ("exercise_id", "variable"),
}
REPLACE_BY_KEY = ("checkin", "red_flag_report", "setting")  # a different row replaces the stored one
STAMPED = ("updated_at",)  # set by the database when a row is written: never carried over
MATCH_BY_CONTENT = ("audit",)  # a log: the same content is the same row
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
    with CsvReader() as reader:
        for name, text in files.items():
            table = table_of(name)
            if table not in schema:
                plan.problems.append(
                    Problem(
                        name,
                        None,
                        None,
                        f"{name} is not one of Poise's tables; the files are named after them: {', '.join(schema)}.",
                    )
                )
            elif table in parsed:
                plan.problems.append(Problem(name, None, None, f"A second file for the table {table}."))
            else:
                parsed[table] = parse_csv(name, text, schema[table], plan.problems, reader)
    if ("exercise" in parsed) != ("exercise_variable" in parsed):
        present = "exercise.csv" if "exercise" in parsed else "exercise_variable.csv"
        plan.problems.append(
            Problem(
                present,
                None,
                None,
                "exercise.csv and exercise_variable.csv travel together: an exercise needs its variables.",
            )
        )
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


def _context(
    parsed: dict[str, ParsedFile], stored: Stored, mapping: dict[int, int], defs: dict[int, ExerciseDef], today: date
) -> Context:
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
    seen: dict[tuple, int | None] = {}
    kept = []
    for row in pf.rows:
        k = tuple(row.values.get(c) for c in key)
        if k in seen:
            shown = ", ".join(f"{c} {v}" for c, v in zip(key, k, strict=True))
            plan.problems.append(
                Problem(pf.name, row.line, key[0], f"Duplicate: {shown} is already on line {seen[k]}.")
            )
        else:
            seen[k] = row.line
            kept.append(row)
    return kept


def _plan_exercises(
    parsed: dict[str, ParsedFile], stored: Stored, plan: ImportPlan, defs: dict[int, ExerciseDef]
) -> dict[int, int]:
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
            plan.problems.append(
                Problem(
                    var_file.name,
                    row.line,
                    "exercise_id",
                    f"There is no exercise with id {row.values['exercise_id']} in exercise.csv.",
                )
            )
        else:
            variables.setdefault(row.values["exercise_id"], []).append(row)
    by_name = {r["name"].strip().casefold(): r for r in stored.rows("exercise")}
    stored_vars: dict[int, list[dict]] = {}
    for v in stored.rows("exercise_variable"):
        stored_vars.setdefault(v["exercise_id"], []).append(v)
    taken = {r["id"] for r in stored.rows("exercise")}
    next_id = max(taken | import_ids | {0}) + 1
    mapping: dict[int, int] = {}
    names_seen: dict[str, int | None] = {}
    for row in exercises:
        v, rows = row.values, sorted(variables.get(row.values["id"], []), key=lambda r: r.values.get("rank") or 0)
        key = str(v["name"]).strip().casefold()
        if key in names_seen:
            plan.problems.append(
                Problem(
                    ex_file.name,
                    row.line,
                    "name",
                    f"Duplicate: an exercise called {v['name']!r} is already on line {names_seen[key]}.",
                )
            )
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
        new_vars = [
            {**r.values, **_rule_columns(rule), "exercise_id": target}
            for r, rule in zip(rows, definition.variables, strict=True)
        ]
        if match is not None:
            old_vars = {x["variable"]: x for x in stored_vars.get(target, [])}
            same = (
                _same(new_row, match)
                and len(old_vars) == len(new_vars)
                and all(x["variable"] in old_vars and _same(x, old_vars[x["variable"]]) for x in new_vars)
            )
            if same:
                plan.unchanged["exercise"] = plan.unchanged.get("exercise", 0) + 1
                plan.unchanged["exercise_variable"] = plan.unchanged.get("exercise_variable", 0) + len(new_vars)
                continue
            plan.replace.setdefault("exercise", []).append(target)
            plan.replace.setdefault("exercise_variable", []).append(target)
        plan.insert.setdefault("exercise", []).append(new_row)
        plan.insert.setdefault("exercise_variable", []).extend(new_vars)
    return mapping


def _rule_columns(rule: VariableRule) -> dict[str, object]:
    """The exercise_variable columns of a rule the model validated (its unit "" where the file left it empty)."""
    return {
        "variable": rule.variable,
        "start_value": rule.start,
        "step": rule.step,
        "floor_value": rule.floor,
        "cap": rule.cap,
        "unit": rule.unit,
        "step_percent": rule.step_percent,
    }


def _valid_exercise(row: Row, var_rows: list[Row], ex_name: str, var_name: str, plan: ImportPlan) -> ExerciseDef | None:
    rules, ok = [], True
    for r in var_rows:
        x = r.values
        try:
            rules.append(
                VariableRule(
                    variable=x["variable"],
                    start=x["start_value"],
                    step=x["step"],
                    floor=x["floor_value"],
                    cap=x["cap"],
                    unit=x.get("unit") or "",
                    step_percent=x.get("step_percent"),
                )
            )
        except ValidationError as e:
            plan.problems.append(Problem(var_name, r.line, e.field, e.message))
            ok = False
        except (KeyError, TypeError) as e:
            plan.problems.append(Problem(var_name, r.line, None, f"The row lacks a value the record needs ({e})."))
            ok = False
    v = row.values
    try:
        definition = ExerciseDef(
            name=v["name"],
            category=v["category"],
            cues=tuple(str(v.get("cues") or "").splitlines()),
            variables=tuple(rules),
            variants=tuple(x for x in str(v.get("variants") or "").splitlines() if x.strip()),
        )
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


def _plan_table(
    pf: ParsedFile,
    ctx: Context,
    stored: Stored,
    mapping: dict[int, int],
    plan: ImportPlan,
    unique: tuple[str, ...] = (),
) -> None:
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
            plan.problems.append(
                Problem(
                    pf.name,
                    row.line,
                    key[0],
                    f"Duplicate: {shown} is already used here by a different {table} row; "
                    "an import never overwrites history.",
                )
            )
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

    def __init__(
        self, pf: ParsedFile, key: tuple[str, ...], unique: tuple[str, ...], stored: Stored, plan: ImportPlan
    ) -> None:
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
                self._plan.problems.append(
                    Problem(
                        self._pf.name,
                        row.line,
                        c,
                        f"Duplicate: the {c} {value!r} is already {holder[1]}; "
                        f"no two {self._pf.table} rows may share a {c}.",
                    )
                )
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
                plan.problems.append(
                    Problem(
                        pf.name,
                        row.line,
                        "retired_on",
                        (
                            f"The PSFS keeps at most {high} activities not retired; this would be number {kept}. "
                            "Give it a retired_on day or leave it out."
                        ),
                    )
                )


def _check_settings_together(pf: ParsedFile, stored: Stored, plan: ImportPlan) -> None:
    """Refuse imported settings that, with the stored ones, break a rule between two settings."""
    lines = {r.values.get("key"): r.line for r in pf.rows}
    bad = {p.line for p in plan.problems if p.file == pf.name}
    if bad & set(lines.values()):
        return  # a setting is already refused on its own
    values: dict[str, object] = dict(definitions.defaults())  # filled by key from the rows: a plain dict
    for r in [*stored.rows("setting"), *(row.values for row in pf.rows)]:
        if r.get("key") in values:
            try:
                values[r["key"]] = definitions.validate(r["key"], json.loads(str(r["value"])))
            except ValueError:
                return
    try:
        definitions.check_together(values, changed={str(k) for k in lines})
    except ValidationError as e:
        plan.problems.append(Problem(pf.name, lines.get(e.field), "value", e.message))
