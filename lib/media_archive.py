"""Your own photos and clips in the export zip: under media/, one file each, with media/manifest.json.

lib.archive calls this from its zip export and import. The CSV export carries every picture an
exercise shows now (its bytes as stored, named by their SHA-256); the Parquet export leaves them
out and its README says so. An import reads and checks every picture (its content, its size, its
hash against the manifest, its exercise) while the CSV rows are checked, so one bad picture refuses
the whole import with nothing written; once the rows are in, the pictures follow in one
transaction, matched by hash (lib.store.media.import_media): importing twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

import duckdb

from lib import media, store
from lib.errors import PoiseError, ValidationError
from lib.importing import ImportReport, Problem

FOLDER = "media"
MANIFEST = f"{FOLDER}/manifest.json"
MANIFEST_FORMAT = 1
MAX_MEDIA_FILES = 500  # pictures per import: one or two per exercise is what a person keeps
MAX_MANIFEST_BYTES = 1024 * 1024  # 500 entries take about 150 kB
MAX_MEDIA_BYTES = 1024**3  # all pictures of one import together (a clip for each of 20 exercises)
TABLE = "exercise_media"  # the key an import's report counts pictures under

CSV_NOTE = f"""
Your own photos and clips ({FOLDER}/)

Each photo or clip an exercise shows is one file in {FOLDER}/, named by the SHA-256 of its bytes;
{MANIFEST} lists each with its exercise, kind, type, size, hash, the name it was given and when it
was added. An import checks each file by its content and its hash and shows it for its exercise,
unless that exercise already shows the same bytes (matched by hash: importing twice adds nothing).
A different picture the exercise showed is replaced and kept in Poise's history. Pictures you
replaced or removed before the export are not in it; they stay in the database file and its backups.
"""
PARQUET_NOTE = (
    "\nYour own photos and clips are left out of the Parquet export (pictures are not table rows); "
    "the CSV zip export carries them under media/, and every backup file holds them.\n"
)


@dataclass(frozen=True)
class Picture:
    """One picture read from an import zip, checked: its exercise, bytes, the name given and when it was added."""

    exercise: str
    data: bytes
    name: str | None
    created_at: datetime | None


def readme_note(fmt: str) -> str:
    """Return what the export's README says about photos and clips, for `fmt` (csv or parquet)."""
    return CSV_NOTE if fmt == "csv" else PARQUET_NOTE


def add_to_export(con: duckdb.DuckDBPyConnection, z: zipfile.ZipFile, fmt: str) -> int:
    """Write every picture shown now, and the manifest, into the CSV export zip `z`. Returns how many.

    Writes nothing for a Parquet export or when no exercise has a picture. Reads the database.
    """
    if fmt != "csv":
        return 0
    entries = []
    for stored, data in store.current_media(con):
        file = f"{FOLDER}/{stored.sha256}.{media.EXTENSIONS[stored.mime]}"
        if file not in z.namelist():  # the same photo for two exercises: one file
            z.writestr(file, data, compress_type=zipfile.ZIP_STORED)  # photos and clips are compressed already
        entries.append(
            {
                "file": file,
                "exercise": stored.exercise,
                "kind": stored.kind,
                "mime": stored.mime,
                "size_bytes": stored.size_bytes,
                "sha256": stored.sha256,
                "name": stored.name,
                "created_at": stored.created_at.isoformat(timespec="seconds"),
            }
        )
    if entries:
        z.writestr(MANIFEST, json.dumps({"format": MANIFEST_FORMAT, "media": entries}, indent=1, ensure_ascii=False))
    return len(entries)


def read_pictures(
    con: duckdb.DuckDBPyConnection, z: zipfile.ZipFile, csv_files: dict[str, bytes], problems: list[Problem]
) -> list[Picture]:
    """Read and check every picture the manifest of `z` lists; add a Problem for each that is refused. Reads.

    A picture is refused when the manifest is not Poise's, its file is missing, over its limit, not a
    photo or clip by content, or not the bytes its hash says, or when its exercise is neither in the
    database nor in the import's exercise.csv (`csv_files`, member name -> bytes). Returns the pictures.
    """
    if MANIFEST not in z.namelist():
        return []
    try:
        if z.getinfo(MANIFEST).file_size > MAX_MANIFEST_BYTES:
            raise ValueError(f"it is larger than {MAX_MANIFEST_BYTES // 1024} kB")
        manifest = json.loads(z.read(MANIFEST).decode("utf-8"))
        entries = manifest["media"]
        if manifest.get("format") != MANIFEST_FORMAT or not isinstance(entries, list):
            raise ValueError(f"it is not format {MANIFEST_FORMAT} of Poise's manifest")
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        problems.append(Problem(MANIFEST, None, None, f"Poise cannot read the list of photos and clips: {e}."))
        return []
    if len(entries) > MAX_MEDIA_FILES:
        problems.append(
            Problem(
                MANIFEST,
                None,
                None,
                f"The zip lists {len(entries)} photos and clips; Poise imports at most {MAX_MEDIA_FILES}.",
            )
        )
        return []
    known = {n.lower() for n in store.exercise_names(con)} | _exercises_in(csv_files)
    pictures, total = [], 0
    for number, entry in enumerate(entries, start=1):
        try:
            pictures.append(_picture(z, entry, known))
        except (PoiseError, KeyError, TypeError, ValueError, AttributeError) as e:
            why = e.message if isinstance(e, PoiseError) else f"its entry is incomplete ({e})"
            problems.append(Problem(MANIFEST, None, f"entry {number}", why))
            continue
        total += len(pictures[-1].data)
        if total > MAX_MEDIA_BYTES:
            problems.append(
                Problem(
                    MANIFEST,
                    None,
                    None,
                    f"The photos and clips come to more than {MAX_MEDIA_BYTES // 2**20} MB; Poise imports up to that.",
                )
            )
            return []
    return pictures


def _picture(z: zipfile.ZipFile, entry: dict, known: set[str]) -> Picture:
    file, exercise = str(entry["file"]), str(entry["exercise"])
    if PurePosixPath(file).parent != PurePosixPath(FOLDER) or file not in z.namelist():
        raise ValidationError("file", f"{file} is not in the zip's {FOLDER}/ folder.")
    if exercise.strip().lower() not in known:
        raise ValidationError(
            "exercise",
            f"{file} belongs to the exercise {exercise!r}, which is neither in this database nor in the import.",
        )
    if z.getinfo(file).file_size > media.CLIP_LIMIT:
        raise ValidationError("file", f"{file} is larger than a clip may be ({media.CLIP_LIMIT // 2**20} MB).")
    with z.open(file) as stream:
        data = stream.read(media.CLIP_LIMIT + 1)  # the header's size may lie: never read more than a clip
    checked = media.check_media(data)
    if checked.sha256 != entry["sha256"]:
        raise ValidationError(
            "sha256", f"{file} is not the file the list names (its hash differs): it was changed or damaged."
        )
    created = datetime.fromisoformat(entry["created_at"]) if entry.get("created_at") else None
    if created is not None and (created.tzinfo is not None or created > datetime.now()):
        created = None  # not a time Poise wrote: the picture counts as added now
    return Picture(exercise, data, entry.get("name"), created)


def _exercises_in(csv_files: dict[str, bytes]) -> set[str]:
    """Return the exercise names (lower case) the import's exercise.csv brings, if it has one."""
    for member, raw in csv_files.items():
        if PurePosixPath(member).name.lower() == "exercise.csv":
            text = raw.decode("utf-8-sig", errors="replace")
            return {row["name"].strip().lower() for row in csv.DictReader(io.StringIO(text)) if row.get("name")}
    return set()


def import_pictures(con: duckdb.DuckDBPyConnection, report: ImportReport, pictures: list[Picture]) -> ImportReport:
    """After the rows of an import were written, show its pictures (one transaction). Returns the report, counted.

    Nothing happens when the rows were not written (the import refused something) or there are no pictures.
    """
    if not report.written or not pictures:
        return report
    try:
        counts = store.import_media(con, [(p.exercise, p.data, p.name, p.created_at) for p in pictures])
    except PoiseError as e:  # the file changed under the import (another tab deleted an exercise)
        report.problems.append(
            Problem(MANIFEST, None, None, f"The rows were imported; the photos and clips were not: {e.message}")
        )
        return report
    report.added[TABLE], report.replaced[TABLE], report.unchanged[TABLE] = (
        counts["added"],
        counts["replaced"],
        counts["same"],
    )
    return report
