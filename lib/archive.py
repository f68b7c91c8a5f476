"""Your data, out and back: export, import, backups, restore and delete everything.

- `export_zip` writes one CSV per table plus README.txt (every column, its type
  and whether a row needs it); `export_parquet` the same tables as Parquet,
  for other tools: only the CSV zip imports back (a Parquet zip is refused
  with a message saying so).
- `import_zip` reads that layout back, validating every row through lib.models;
  it writes all of it in one transaction or nothing (lib.importing.RULES says
  why a second import of the same export duplicates nothing).
- `backup` copies the open database through DuckDB into one `.duckdb` file;
  `daily_backup` keeps one such copy per day in `backups/` next to the
  database (the newest 14); `restore` puts one back after copying the current
  state aside; `delete_everything` empties the file after a final copy.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO

import duckdb
import pandas as pd

from lib import db, media_archive, store
from lib.errors import NotFound, StoreError, ValidationError
from lib.importing import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, ImportReport, Problem, plan_import
from lib.importing import RULES as IMPORT_RULES
from lib.store.bulk import TABLES

KEEP_DAILY = 14
PARQUET_NOTE = (
    "These Parquet files are for reading in other tools (pandas, DuckDB, R). "
    'Poise imports only its CSV zip export ("Download everything (CSV zip)").'
)
NOT_CSV_EXPORT = (
    "This is a Parquet export: Poise imports only the CSV zip export. On the Export tab choose "
    '"Download everything (CSV zip)" and import that file.'
)
BACKUP_FOLDER = "backups"
CONFIRM_PHRASE = "delete everything"
CONFIRM_LABEL = f'Type "{CONFIRM_PHRASE}" to delete all your data (a final backup is made first)'

TABLE_NOTES = {
    "exercise": "The exercise library: name, category, cues and variant chain (one per line), active, anchor, custom.",
    "exercise_variable": (
        "Each exercise's variables in progression order (rank 1 first): start, step, floor, cap, unit."
    ),
    "prescription": (
        "Every prescription version: effective_from (and until, for a deload week), variant, variables, source."
    ),
    "checkin": "One check-in per date: pain_now, stiffness, sleep_quality and stress 0-10, sleep and sitting hours.",
    "red_flag_report": "The red-flag screen's answer per day: flags ticked (comma-separated keys; empty: none).",
    "session": "One row per session: day, focus, duration_min, rpe (CR-10).",
    "exercise_log": "Each exercise in a session, as performed: variables, completed, pain_during (0-10).",
    "questionnaire_response": (
        "TSK-17, TSK-11 and PSFS answers (JSON, item -> answer) with their total, subscales and band."
    ),
    "psfs_activity": "Your own PSFS activities.",
    "progression_event": "Each suggestion shown and what you did with it (accepted or declined), with its reason.",
    "ritual": "Habit anchors and personal rules, with the reminder time.",
    "ritual_log": "The days each ritual was ticked.",
    "setting": "The settings you changed (value as JSON); anything missing uses its default.",
    "audit": "Old versions of edited or deleted rows (JSON), so nothing is lost.",
}


# --- export ----------------------------------------------------------------------


def columns_readme(con: duckdb.DuckDBPyConnection, fmt: str = "csv") -> str:
    """Return the README that travels with an export: every table and its columns; for CSV, the import rules."""
    lines = [f"Poise export, {fmt.upper()} files: one per table, named after it.", ""]
    if fmt == "csv":
        lines += [
            "Dates are YYYY-MM-DD, times HH:MM:SS, true/false for yes/no; an empty cell is no value:",
            "a question left unanswered (unknown), shown as '–' in Poise.",
            "",
        ]
    else:
        lines += [PARQUET_NOTE, ""]
    for table, columns in store.table_schema(con).items():
        lines += [f"{table}.{fmt}", f"  {TABLE_NOTES.get(table, '')}"]
        lines += [f"  - {c.name}: {c.type}{'' if c.nullable or c.has_default else ', required'}" for c in columns]
        lines.append("")
    if fmt == "csv":
        lines += ["How an import treats rows that are already there", "", IMPORT_RULES]
    return "\n".join(lines)


def export_zip(con: duckdb.DuckDBPyConnection, path: str | Path, fmt: str = "csv") -> Path:
    """Write the whole database to the zip `path`: one file per table and README.txt. Returns the path.

    `fmt` is "csv" (the layout `import_zip` reads back) or "parquet". Reads the
    database in one transaction; writes only the zip. Raises StoreError.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="poise-export-") as tmp:
        files = store.copy_tables(con, Path(tmp), fmt)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("README.txt", columns_readme(con, fmt) + media_archive.readme_note(fmt))
            for table_file in files.values():
                z.write(table_file, table_file.name)
            media_archive.add_to_export(con, z, fmt)  # your own photos and clips, under media/ (CSV only)
    return path


def export_parquet(con: duckdb.DuckDBPyConnection, path: str | Path) -> Path:
    """Write every table as Parquet into the zip `path` (with README.txt). Returns the path."""
    return export_zip(con, path, "parquet")


def export_bytes(con: duckdb.DuckDBPyConnection, fmt: str = "csv") -> bytes:
    """Return an export zip as bytes (for a download button). Writes nothing lasting."""
    with tempfile.TemporaryDirectory(prefix="poise-export-") as tmp:
        return export_zip(con, Path(tmp) / "export.zip", fmt).read_bytes()


DOWNLOADS = {  # format -> (button label, file name pattern, MIME type)
    "csv": ("Download everything (CSV zip)", "poise-export-{day}.zip", "application/zip"),
    "parquet": ("Download as Parquet (zip)", "poise-export-{day}-parquet.zip", "application/zip"),
    "duckdb": ("Download a backup file (.duckdb)", "poise-backup-{day}.duckdb", "application/octet-stream"),
}


def export_name(today: date, fmt: str = "csv") -> str:
    """Return the file name a download of `fmt` (csv, parquet, duckdb) is offered under."""
    return DOWNLOADS[fmt][1].format(day=today.isoformat())


def download_bytes(con: duckdb.DuckDBPyConnection, fmt: str) -> bytes:
    """Return the bytes of a download: an export zip (csv, parquet) or a single-file backup (duckdb)."""
    return backup_bytes(con) if fmt == "duckdb" else export_bytes(con, fmt)


# --- import ----------------------------------------------------------------------


def import_zip(con: duckdb.DuckDBPyConnection, path: str | Path, today: date | None = None) -> ImportReport:
    """Import an export zip (or one `<table>.csv`). Writes all of it in one transaction, or nothing.

    Returns an ImportReport: `report.ok` and `report.written` are True when it
    was written; otherwise `report.problems` lists every bad row (file, line,
    field, reason) and the database is unchanged.
    """
    path = Path(path)
    return import_upload(con, path.name, path.read_bytes(), today)


def import_upload(con: duckdb.DuckDBPyConnection, name: str, data: bytes, today: date | None = None) -> ImportReport:
    """Import the bytes of an uploaded zip or single `<table>.csv` named `name`. See `import_zip`.

    A Parquet export (or a lone `.parquet` file) is refused with a report that
    says only the CSV zip export can be imported.
    """
    if name.lower().endswith(".parquet"):
        return ImportReport(problems=[Problem(name, None, None, NOT_CSV_EXPORT)])
    files: dict[str, str] = {}
    problems: list[Problem] = []
    pictures: list[media_archive.Picture] = []
    try:
        if name.lower().endswith(".csv"):
            members = {name: _read_limited(io.BytesIO(data), name)}
        else:
            members, pictures = read_export_zip(con, name, data, problems)
    except _Refused as e:
        return ImportReport(problems=[Problem(name, None, None, str(e))])
    for member, raw in members.items():
        try:
            files[member] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(member, None, None, "The file is not UTF-8 text."))
    return media_archive.import_pictures(con, import_files(con, files, today or date.today(), problems), pictures)


def read_export_zip(
    con: duckdb.DuckDBPyConnection, name: str, data: bytes, problems: list[Problem]
) -> tuple[dict[str, bytes], list[media_archive.Picture]]:
    """Return the CSV files of the export zip `data` ({member name: bytes}), each within the size guard,
    and its pictures under media/ (lib.media_archive; a bad one is added to `problems`).

    The one place an import reads its zip. Raises _Refused, saying why in the person's
    words, for a file that is no zip, a damaged one, too many or too large files, or a
    zip without CSV files (a Parquet export says so). Writes nothing.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        if data[:4] == b"PK\x03\x04":  # it starts as a zip: cut short or broken, not some other file
            raise _Refused(damaged(name, e)) from None
        raise _Refused("This is not a zip file; choose a Poise export (.zip) or one table's .csv.") from None
    except DAMAGED_ZIP as e:
        raise _Refused(damaged(name, e)) from None
    try:
        with z:
            names = [m for m in z.namelist() if not m.startswith("__MACOSX")]
            csvs = [m for m in names if m.lower().endswith(".csv")]
            if len(csvs) > MAX_IMPORT_FILES:
                raise _Refused(
                    f"The zip holds {len(csvs)} CSV files; a Poise export has one per table "
                    f"({len(TABLES)}), and at most {MAX_IMPORT_FILES} are read."
                )
            members = {}
            for m in csvs:
                with z.open(m) as stream:
                    members[m] = _read_limited(stream, m)
            pictures = media_archive.read_pictures(con, z, members, problems)  # media/: checked with the rows
    except (zipfile.BadZipFile, *DAMAGED_ZIP) as e:  # a bad CRC, a broken stream, an encrypted file…
        raise _Refused(damaged(name, e)) from None
    if not members and any(m.lower().endswith(".parquet") for m in names):
        raise _Refused(NOT_CSV_EXPORT)
    if not members:
        raise _Refused("The zip holds no CSV files; choose a Poise CSV export (.zip) or one table's .csv.")
    return members, pictures


# The import's size guard (README, "Importing an export"), checked while each file is read.
MAX_IMPORT_FILES = 50  # CSV files per zip (an export has one per table)
_CHUNK = 1024 * 1024

# What a damaged or unreadable zip raises while it is read: a broken deflate stream (zlib.error), an
# unknown compression (NotImplementedError), an encrypted member (RuntimeError), a truncated file
# (EOFError, OSError), absurd sizes in its headers (OverflowError, ValueError).
DAMAGED_ZIP = (zlib.error, NotImplementedError, RuntimeError, EOFError, OSError, OverflowError, ValueError)


def damaged(name: str, error: BaseException) -> str:
    """Return the report line for a zip that cannot be read: "poise-export.zip is damaged: …"."""
    why = str(error) or type(error).__name__
    return f"{name} is damaged: {why}. Export it again, or import a backup file instead."


class _Refused(Exception):
    """An upload that is not read at all: no zip, a damaged one, a file over the size guard (the message says why)."""


def _read_limited(stream: IO[bytes], member: str) -> bytes:
    """Return the bytes of `stream`, reading at most MAX_IMPORT_BYTES and MAX_IMPORT_ROWS lines; raise _Refused."""
    chunks, size, lines = [], 0, 0
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        lines += chunk.count(b"\n")
        if size > MAX_IMPORT_BYTES:
            raise _Refused(
                f"{member} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB uncompressed; "
                "Poise imports files up to that size (ten years of history is a few MB)."
            )
        if lines > MAX_IMPORT_ROWS:
            raise _Refused(
                f"{member} has more than {MAX_IMPORT_ROWS:,} lines; Poise imports files up to that "
                "many rows (ten years of history is about 25,000)."
            )
        chunks.append(chunk)
    return b"".join(chunks)


def import_files(
    con: duckdb.DuckDBPyConnection, files: dict[str, str], today: date, problems: list[Problem] | None = None
) -> ImportReport:
    """Import CSV texts keyed by file name (`checkin.csv`, ...). Writes all or nothing; returns the report."""
    plan = plan_import(con, files, today)
    report = ImportReport(problems=[*(problems or []), *plan.problems], unchanged=plan.unchanged)
    if report.problems:
        return report
    try:
        store.apply_import_rows(con, plan.replace, plan.insert)
    except StoreError as e:
        report.problems.append(Problem("(the database)", None, None, e.message))
        return report
    replaced_exercises = set(plan.replace.get("exercise", []))
    report.replaced = {t: len(keys) for t, keys in plan.replace.items() if t != "exercise_variable" and keys}
    report.added = {t: len(rows) - report.replaced.get(t, 0) for t, rows in plan.insert.items()}
    if "exercise_variable" in plan.insert:
        report.added["exercise_variable"] = sum(
            1 for r in plan.insert["exercise_variable"] if r["exercise_id"] not in replaced_exercises
        )
    report.written = True
    return report


# --- backups ---------------------------------------------------------------------


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # "daily", "by hand", "before restore", "before delete"
    taken: datetime
    size_kb: int


def _own_path(con: duckdb.DuckDBPyConnection) -> Path:
    path = db.database_path(con)
    if path is None:
        raise StoreError("This database lives in memory; there is no file to back up.")
    return path.resolve()


def backups_dir(con: duckdb.DuckDBPyConnection) -> Path:
    """Return the folder for this database's backups: `backups/` next to its file."""
    return _own_path(con).parent / BACKUP_FOLDER


def backup(con: duckdb.DuckDBPyConnection, path: str | Path) -> Path:
    """Copy the open database, consistently, into the single file `path` (replacing it). Returns the path.

    The copy is made by DuckDB from one snapshot while the connection stays
    open and usable; the database and the copy are both checkpointed, so each
    `.duckdb` file alone holds every row. Raises StoreError if `path` is the
    database itself or cannot be written (a full disk, a read-only folder, a
    file where the folder should be); a failed copy leaves no file behind.
    """
    path = Path(path).resolve()
    if db.database_path(con) is not None and path == _own_path(con):
        raise StoreError("A backup cannot overwrite the database it copies; choose another file name.")
    _folder(path.parent)
    partial = path.with_name(path.name + ".partial")
    leftovers = (partial, partial.with_name(partial.name + ".wal"))
    try:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        store.copy_database(con, partial)
        partial.replace(path)  # a half-written copy never carries the final name
    except (StoreError, OSError) as e:
        for leftover in leftovers:
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        if isinstance(e, StoreError):
            raise
        raise StoreError(f"Poise could not write the copy {path.name}: {db._os_reason(e)}.") from e
    return path


def _folder(folder: Path) -> None:
    """Make sure `folder` exists and is a folder; raise StoreError saying what stands in the way."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        pass  # told below: a file has that name
    except OSError as e:
        raise StoreError(f"Poise could not make the backups folder {folder}: {db._os_reason(e)}.") from e
    if not folder.is_dir():
        raise StoreError(f"Poise keeps backups in the folder {folder}, but a file has that name. Move the file away.")


def backup_bytes(con: duckdb.DuckDBPyConnection) -> bytes:
    """Return a single-file backup (`.duckdb`) as bytes, for a download button. Writes nothing lasting."""
    with tempfile.TemporaryDirectory(prefix="poise-backup-") as tmp:
        return backup(con, Path(tmp) / "poise-backup.duckdb").read_bytes()


def _named_backup(con: duckdb.DuckDBPyConnection, kind: str, now: datetime | None) -> Path:
    now = now or datetime.now()
    stem = _own_path(con).stem
    slug = kind.replace(" ", "-")
    return backup(con, backups_dir(con) / f"{stem}-{now:%Y-%m-%d-%H%M%S}-{slug}.duckdb")


def backup_now(con: duckdb.DuckDBPyConnection, now: datetime | None = None) -> Path:
    """Take a backup by hand into the backups folder. Writes a file; returns its path."""
    return _named_backup(con, "by hand", now)


def _daily_pattern(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + r"-(\d{4}-\d{2}-\d{2})\.duckdb")


def daily_backup(con: duckdb.DuckDBPyConnection, today: date, keep: int = KEEP_DAILY) -> Path | None:
    """On the first call of a day, copy the database to `backups/<name>-<date>.duckdb`; keep the newest `keep`.

    Returns the new copy, or None when today's copy exists (or the database is
    the demo or in memory). Writes files; raises StoreError if the copy fails.
    """
    path = db.database_path(con)
    if path is None or path.name == db.DEMO_PATH.name:
        return None
    folder = backups_dir(con)
    target = folder / f"{path.stem}-{today.isoformat()}.duckdb"
    if target.exists():
        return None
    backup(con, target)
    prune_daily(folder, path.stem, keep)
    return target


def prune_daily(folder: Path, stem: str, keep: int = KEEP_DAILY) -> list[Path]:
    """Delete all but the newest `keep` daily copies of `stem` in `folder`. Returns the deleted files."""
    pattern = _daily_pattern(stem)
    daily = sorted((p for p in folder.glob(f"{stem}-*.duckdb") if pattern.fullmatch(p.name)), key=lambda p: p.name)
    old = daily[:-keep] if keep > 0 else daily
    for p in old:
        p.unlink()
    return old


def list_backups(con: duckdb.DuckDBPyConnection) -> list[BackupFile]:
    """Return this database's backups, newest first. Reads the folder only."""
    folder = backups_dir(con)
    stem = _own_path(con).stem
    daily = _daily_pattern(stem)
    named = re.compile(re.escape(stem) + r"-\d{4}-\d{2}-\d{2}-\d{6}-([a-z-]+)\.duckdb")
    found = []
    for p in folder.glob(f"{stem}-*.duckdb") if folder.is_dir() else ():
        if daily.fullmatch(p.name):
            kind = "daily"
        elif m := named.fullmatch(p.name):
            kind = m.group(1).replace("-", " ")
        else:
            continue
        stat = p.stat()
        found.append(BackupFile(p, kind, datetime.fromtimestamp(stat.st_mtime), max(1, stat.st_size // 1024)))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def backups_frame(backups: list[BackupFile]) -> pd.DataFrame:
    """Return backups as a table to show: file, kind, taken, size."""
    return pd.DataFrame(
        [
            {"File": b.path.name, "Kind": b.kind, "Taken": b.taken.strftime("%Y-%m-%d %H:%M"), "Size (KB)": b.size_kb}
            for b in backups
        ],
        columns=["File", "Kind", "Taken", "Size (KB)"],
    )


def restore(con: duckdb.DuckDBPyConnection, source: str | Path, now: datetime | None = None) -> Path:
    """Replace everything in the database with the contents of the backup `source`. Writes.

    First checks, on a private copy, that `source` is a Poise database this version can read
    (lib.db.check_poise_file: its schema table, a known version, every table) and refuses it
    before anything is touched otherwise. Then copies the current state aside ("before restore"),
    so a restore can itself be undone, brings the backup up to the current schema on the private
    copy, and swaps in one transaction; the rows replaced land in the restored audit table too.
    Returns the safety copy. Raises StoreError when `source` is missing or not a Poise database.
    """
    source = Path(source)
    if not source.is_file():
        raise StoreError(f"There is no backup file {source}.")
    with tempfile.TemporaryDirectory(prefix="poise-restore-") as tmp:
        work = Path(tmp) / "restore.duckdb"
        try:
            shutil.copy2(source, work)
            wal = source.with_name(source.name + ".wal")  # a copy made by hand may have left its last rows here
            if wal.is_file() and wal.stat().st_size:
                shutil.copy2(wal, work.with_name(work.name + ".wal"))
        except OSError as e:
            raise StoreError(f"Poise could not read the backup {source.name}: {db._os_reason(e)}.") from e
        db.check_poise_file(work, source.name)
        safety = _named_backup(con, "before restore", now)
        store.open_database(work).close()  # upgrades an older backup to the current schema
        store.replace_all_from(con, work)
    return safety


def delete_everything(con: duckdb.DuckDBPyConnection, typed: str, now: datetime | None = None) -> Path:
    """Empty every table (the default library comes back) after a final backup. Writes; returns the backup.

    `typed` must be the confirmation phrase; otherwise ValidationError and nothing happens.
    """
    if typed.strip().lower() != CONFIRM_PHRASE:
        raise ValidationError("confirmation", f'Type "{CONFIRM_PHRASE}" to confirm; got {typed!r}.')
    final = _named_backup(con, "before delete", now)
    store.clear_all(con)
    return final


def delete_backup(con: duckdb.DuckDBPyConnection, name: str) -> Path:
    """Delete one of this database's backups, named as `list_backups` lists it. Writes; returns the deleted path.

    Only a file `list_backups` shows can go (no other file, no path). Raises NotFound otherwise.
    """
    for b in list_backups(con):
        if b.path.name == name:
            try:
                b.path.unlink()
            except OSError as e:
                raise StoreError(f"Poise could not delete {name}: {db._os_reason(e)}.") from e
            return b.path
    raise NotFound(f"There is no backup called {name!r} in {backups_dir(con)}.")


def backups_size_kb(backups: list[BackupFile]) -> int:
    """Return how much room the backups take together, in KB."""
    return sum(b.size_kb for b in backups)


__all__ = [
    "TABLES",
    "delete_backup",
    "backups_size_kb",
    "CONFIRM_LABEL",
    "CONFIRM_PHRASE",
    "KEEP_DAILY",
    "NOT_CSV_EXPORT",
    "PARQUET_NOTE",
    "BackupFile",
    "ImportReport",
    "Problem",
    "backup",
    "backup_bytes",
    "backup_now",
    "backups_dir",
    "backups_frame",
    "DOWNLOADS",
    "download_bytes",
    "columns_readme",
    "daily_backup",
    "delete_everything",
    "export_bytes",
    "export_name",
    "export_parquet",
    "export_zip",
    "import_files",
    "import_upload",
    "import_zip",
    "list_backups",
    "prune_daily",
    "restore",
]
