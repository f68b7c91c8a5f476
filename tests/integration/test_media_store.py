"""Your own photo or clip lives in the DuckDB file: attached, replaced and removed with nothing lost,
refused files leave nothing behind, and a daily backup restored brings it back."""

from __future__ import annotations

import hashlib
import io
from datetime import date, datetime

import pytest
from PIL import Image

from lib import archive, db, media, store
from lib.errors import NotFound, ValidationError

EXERCISE = "Side plank"


def photo(colour=(47, 111, 98), fmt="PNG", size=(16, 12)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


CLIP = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def media_rows(con) -> list[tuple]:
    return db.read(con, "SELECT exercise_id, kind, sha256, retired_at IS NULL FROM exercise_media ORDER BY id")


def test_a_photo_attached_is_stored_in_the_file_with_its_type_size_hash_and_name(fresh_db):
    data = photo()
    media_id = store.attach_media(fresh_db, EXERCISE, data, "C:\\Users\\me\\physio plank.png")
    shown = store.media_index(fresh_db)[EXERCISE]
    assert (shown.id, shown.kind, shown.mime, shown.size_bytes) == (media_id, "photo", "image/png", len(data))
    assert shown.sha256 == hashlib.sha256(data).hexdigest()
    assert shown.name == "physio plank.png"  # the name, never the folders of the person's computer
    assert store.media_bytes(fresh_db, media_id) == data


def test_replacing_keeps_the_old_picture_retired_and_describes_it_in_the_audit(fresh_db):
    first, second = photo(), photo((200, 120, 40), "JPEG")
    old = store.attach_media(fresh_db, EXERCISE, first, "first.png")
    new = store.attach_media(fresh_db, EXERCISE, second, "second.jpg")
    assert store.media_index(fresh_db)[EXERCISE].id == new != old
    assert store.media_bytes(fresh_db, old) == first  # kept, bytes and all
    audit = store.list_audit(fresh_db, "exercise_media")
    assert list(audit["action"]) == ["update"] and audit["row_key"].iloc[0] == str(old)
    described = audit["old_row"].iloc[0]
    assert hashlib.sha256(first).hexdigest() in described and "first.png" in described
    assert len(described) < 1000  # a description, not the bytes


def test_attaching_the_same_bytes_again_stores_nothing_new(fresh_db):
    data = photo()
    first = store.attach_media(fresh_db, EXERCISE, data)
    assert store.attach_media(fresh_db, EXERCISE, data) == first
    assert len(media_rows(fresh_db)) == 1 and store.list_audit(fresh_db, "exercise_media").empty


def test_a_picture_put_back_after_a_replace_is_the_kept_row_not_a_second_copy(fresh_db):
    first = store.attach_media(fresh_db, EXERCISE, photo())
    store.attach_media(fresh_db, EXERCISE, CLIP)
    assert store.attach_media(fresh_db, EXERCISE, photo()) == first
    assert [r[3] for r in media_rows(fresh_db)] == [True, False]


def test_removing_stops_showing_it_and_keeps_it_in_the_audit(fresh_db):
    media_id = store.attach_media(fresh_db, EXERCISE, CLIP, "plank.mp4")
    assert store.remove_media(fresh_db, EXERCISE) is True
    assert EXERCISE not in store.media_index(fresh_db)
    assert list(store.list_audit(fresh_db, "exercise_media")["action"]) == ["delete"]
    assert store.media_bytes(fresh_db, media_id) == CLIP
    assert store.remove_media(fresh_db, EXERCISE) is False  # nothing shown: nothing to remove


def test_the_picture_follows_its_exercise_when_it_is_renamed(fresh_db):
    store.attach_media(fresh_db, EXERCISE, photo())
    renamed = store.get_exercise(fresh_db, EXERCISE)
    from dataclasses import replace

    store.update_exercise(fresh_db, EXERCISE, replace(renamed, name="My side plank"))
    assert list(store.media_index(fresh_db)) == ["My side plank"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"not a png at all, whatever x.png says", "whatever its name says"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (media.PHOTO_LIMIT + 1), "up to 5.0 MB"),
        (CLIP + b"\x00" * media.CLIP_LIMIT, "up to 50.0 MB"),
    ],
    ids=["empty", "wrong-content", "photo-too-big", "clip-too-big"],
)
def test_a_refused_file_leaves_nothing_behind(fresh_db, data, words):
    store.attach_media(fresh_db, EXERCISE, photo())
    before = media_rows(fresh_db), store.list_audit(fresh_db).shape
    with pytest.raises(ValidationError) as refused:
        store.attach_media(fresh_db, EXERCISE, data, "x.png")
    assert words in refused.value.message
    assert (media_rows(fresh_db), store.list_audit(fresh_db).shape) == before


def test_an_exercise_that_is_not_there_is_refused_and_nothing_is_stored(fresh_db):
    with pytest.raises(NotFound):
        store.attach_media(fresh_db, "Handstand", photo())
    assert media_rows(fresh_db) == []


def test_a_daily_backup_restored_keeps_the_photo_and_keeps_the_one_added_since(fresh_db, fresh_path):
    data, later = photo(), photo((10, 10, 200))
    store.attach_media(fresh_db, EXERCISE, data, "plank.png")
    daily = archive.daily_backup(fresh_db, date(2026, 1, 5))
    store.attach_media(fresh_db, EXERCISE, later, "later.png")
    store.attach_media(fresh_db, "Bird dog", CLIP)

    safety = archive.restore(fresh_db, daily, now=datetime(2026, 1, 6, 9, 0))

    shown = store.media_index(fresh_db)
    assert list(shown) == [EXERCISE]
    assert store.media_bytes(fresh_db, shown[EXERCISE].id) == data  # the backup's photo, same bytes
    kept = db.read(fresh_db, "SELECT sha256 FROM exercise_media WHERE retired_at IS NOT NULL ORDER BY sha256")
    assert sorted(r[0] for r in kept) == sorted(hashlib.sha256(b).hexdigest() for b in (later, CLIP))
    assert store.media_index(fresh_db)[EXERCISE].name == "plank.png"
    audit = store.list_audit(fresh_db, "exercise_media")
    assert set(audit["action"]) == {"delete", "update"}  # the restore's replaced pictures, and the earlier replace
    with db.connect(safety) as before:  # the copy aside holds the state the restore replaced
        assert set(store.media_index(before)) == {EXERCISE, "Bird dog"}


def test_delete_everything_takes_the_pictures_too_after_its_final_backup(fresh_db):
    store.attach_media(fresh_db, EXERCISE, photo())
    final = archive.delete_everything(fresh_db, archive.CONFIRM_PHRASE)
    assert media_rows(fresh_db) == []
    with db.connect(final) as kept:
        assert list(store.media_index(kept)) == [EXERCISE]


def test_odd_values_given_to_the_media_writes_are_refused_by_poise_and_write_nothing(fresh_db):
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from lib.errors import PoiseError
    from tests.conftest import scaled
    from tests.integration.test_fuzz_writes import ODD

    datas = st.one_of(
        ODD, st.binary(max_size=64), st.sampled_from([photo(), CLIP, b"\x89PNG\r\n\x1a\n" + b"\x00" * 30])
    )
    exercises = st.one_of(ODD, st.sampled_from([EXERCISE, "side PLANK ", "Handstand"]))
    calls = {"written": 0, "refused": 0}

    @settings(
        max_examples=scaled(80, 2000),
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(write=st.sampled_from(["attach", "remove"]), exercise=exercises, data=datas, name=st.one_of(ODD, st.text()))
    def one_call(write, exercise, data, name):
        before = media_rows(fresh_db), store.list_audit(fresh_db).shape
        try:
            if write == "attach":
                store.attach_media(fresh_db, exercise, data, name)
            else:
                store.remove_media(fresh_db, exercise)
            calls["written"] += 1
        except PoiseError:
            calls["refused"] += 1
            assert (media_rows(fresh_db), store.list_audit(fresh_db).shape) == before

    one_call()
    assert calls["written"] and calls["refused"]
    assert db.read(fresh_db, "SELECT count(*) FROM exercise_media WHERE retired_at IS NULL")[0][0] <= 1
