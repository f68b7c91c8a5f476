"""Your own photos and clips travel in the CSV export zip under media/ and come back the same bytes;
importing twice adds nothing; a bad picture in the zip refuses the whole import; Parquet leaves them out."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from PIL import Image

from lib import archive, db, media_archive, store

PLANK, BIRD_DOG = "Side plank", "Bird dog"
CLIP = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


def photo(colour=(47, 111, 98)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), colour).save(out, format="JPEG")
    return out.getvalue()


def open_file(path):
    """A Poise file with the default library: store.open_database once db.connect stops seeding (issue 16)."""
    return getattr(store, "open_database", db.connect)(path)


def shown_bytes(con) -> dict[str, bytes]:
    return {name: store.media_bytes(con, m.id) for name, m in store.media_index(con).items()}


@pytest.fixture
def export_with_pictures(fresh_db, tmp_path):
    store.attach_media(fresh_db, PLANK, photo(), "plank from my physio.jpg")
    store.attach_media(fresh_db, BIRD_DOG, CLIP, "bird dog.webm")
    return archive.export_zip(fresh_db, tmp_path / "export.zip")


def test_the_export_carries_each_picture_under_media_with_a_manifest(export_with_pictures):
    with zipfile.ZipFile(export_with_pictures) as z:
        manifest = json.loads(z.read("media/manifest.json"))
        entries = {e["exercise"]: e for e in manifest["media"]}
        assert set(entries) == {PLANK, BIRD_DOG}
        plank = entries[PLANK]
        assert z.read(plank["file"]) == photo()
        assert plank["sha256"] == hashlib.sha256(photo()).hexdigest() and plank["file"].startswith("media/")
        assert (plank["kind"], plank["mime"], plank["name"]) == ("photo", "image/jpeg", "plank from my physio.jpg")
        assert "media/" in z.read("README.txt").decode()


def test_an_export_imported_into_a_fresh_file_shows_the_same_bytes_and_twice_adds_nothing(
    export_with_pictures, tmp_path
):
    with open_file(tmp_path / "other.duckdb") as other:
        first = archive.import_zip(other, export_with_pictures)
        assert first.ok and first.added["exercise_media"] == 2
        got = shown_bytes(other)
        assert {k: hashlib.sha256(v).hexdigest() for k, v in got.items()} == {
            PLANK: hashlib.sha256(photo()).hexdigest(),
            BIRD_DOG: hashlib.sha256(CLIP).hexdigest(),
        }
        assert store.media_index(other)[PLANK].name == "plank from my physio.jpg"

        again = archive.import_zip(other, export_with_pictures)
        assert again.ok and again.added["exercise_media"] == 0 and again.unchanged["exercise_media"] == 2
        assert db.read(other, "SELECT count(*) FROM exercise_media")[0][0] == 2


def test_an_import_replaces_a_different_picture_and_keeps_the_old_one(export_with_pictures, tmp_path):
    with open_file(tmp_path / "other.duckdb") as other:
        store.attach_media(other, PLANK, photo((200, 0, 0)))
        report = archive.import_zip(other, export_with_pictures)
        assert report.replaced["exercise_media"] == 1
        assert shown_bytes(other)[PLANK] == photo()
        assert list(store.list_audit(other, "exercise_media")["action"]) == ["update"]


def rewritten(source, target, change) -> str:
    """Copy the export zip `source` to `target`, passing each member's bytes through change(name, data)."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = change(info.filename, z.read(info.filename))
            if data is not None:
                out.writestr(info.filename, data)
    return target


def plank_file(source) -> str:
    with zipfile.ZipFile(source) as z:
        return next(e["file"] for e in json.loads(z.read("media/manifest.json"))["media"] if e["exercise"] == PLANK)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda file: lambda n, d: b"not a photo at all" if n == file else d, "whatever its name says"),
        (lambda file: lambda n, d: photo((0, 0, 0)) if n == file else d, "hash differs"),
        (lambda file: lambda n, d: None if n == file else d, "is not in the zip"),
        (lambda file: lambda n, d: b"" if n == file else d, "empty"),
        (
            lambda file: lambda n, d: d.replace(b'"Side plank"', b'"Handstand"') if n.endswith(".json") else d,
            "neither in this database nor in the import",
        ),
        (lambda file: lambda n, d: b"{" if n.endswith(".json") else d, "cannot read the list"),
    ],
    ids=["not-a-photo", "other-bytes", "missing-file", "empty-file", "unknown-exercise", "broken-manifest"],
)
def test_a_bad_picture_in_the_zip_refuses_the_whole_import_and_writes_nothing(
    export_with_pictures, tmp_path, change, words
):
    bad = rewritten(export_with_pictures, tmp_path / "bad.zip", change(plank_file(export_with_pictures)))
    with open_file(tmp_path / "other.duckdb") as other:
        before = db.read(other, "SELECT count(*) FROM audit")[0][0], store.exercise_names(other)
        report = archive.import_zip(other, bad)
        assert not report.ok and not report.written
        assert any(words in p.reason for p in report.problems), report.problems
        assert db.read(other, "SELECT count(*) FROM exercise_media")[0][0] == 0
        assert (db.read(other, "SELECT count(*) FROM audit")[0][0], store.exercise_names(other)) == before


def test_a_custom_exercise_and_its_photo_come_in_together(fresh_db, tmp_path):
    from lib.models import ExerciseDef, VariableRule

    store.add_exercise(
        fresh_db,
        ExerciseDef(
            name="Pallof press",
            category="control",
            cues=("Resist the turn.",),
            variables=(VariableRule("reps", 8, 1, 4, 15),),
            custom=True,
        ),
    )
    store.attach_media(fresh_db, "Pallof press", photo())
    export = archive.export_zip(fresh_db, tmp_path / "export.zip")
    with open_file(tmp_path / "other.duckdb") as other:
        assert archive.import_zip(other, export).ok
        assert shown_bytes(other) == {"Pallof press": photo()}


def test_the_parquet_export_leaves_pictures_out_and_says_so(export_with_pictures, fresh_db, tmp_path):
    parquet = archive.export_parquet(fresh_db, tmp_path / "export-parquet.zip")
    with zipfile.ZipFile(parquet) as z:
        assert not [n for n in z.namelist() if n.startswith("media/")]
        assert "photos and clips are left out of the Parquet export" in z.read("README.txt").decode()


def test_an_export_without_pictures_has_no_media_folder(fresh_db, tmp_path):
    with zipfile.ZipFile(archive.export_zip(fresh_db, tmp_path / "export.zip")) as z:
        assert not [n for n in z.namelist() if n.startswith("media/")]


def test_pictures_over_the_imports_total_limit_refuse_the_import(export_with_pictures, tmp_path, monkeypatch):
    monkeypatch.setattr(media_archive, "MAX_MEDIA_BYTES", len(photo()) + 10)  # the photo fits, the clip does not
    with open_file(tmp_path / "other.duckdb") as other:
        report = archive.import_zip(other, export_with_pictures)
        assert not report.written and any("come to more than" in p.reason for p in report.problems)
        assert db.read(other, "SELECT count(*) FROM exercise_media")[0][0] == 0
