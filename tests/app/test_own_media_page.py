"""Your own photo or clip on the Exercises page under AppTest: attach, replace (asks first), remove (asks first),
a refused file stores nothing, and the photo attached shows on Today's card and in the guided player."""

from __future__ import annotations

import io

from PIL import Image

from lib import media, store
from tests.app.pages import read, shown

EXERCISE = "Side plank"


def photo(colour=(47, 111, 98), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format=fmt)
    return out.getvalue()


def exercises_page(open_page, path, exercise=EXERCISE):
    at = open_page("exercises", path)
    at.selectbox(key="exercises_pick").set_value(exercise)
    return at.run()


def upload(at, name: str, data: bytes, mime: str = "image/png"):
    (uploader,) = [u for u in at.file_uploader if u.key.startswith("own_media_")]
    uploader.set_value((name, data, mime))
    return at.run()


def own_captions(at) -> list[str]:
    return [c for element in at.get("image") for c in element.captions if c.startswith("Your own")]


def shown_media(path) -> dict[str, media.StoredMedia]:
    return read(path, store.media_index)


def test_a_photo_is_attached_and_shown_beside_the_drawing(open_page, fresh_path):
    at = upload(exercises_page(open_page, fresh_path), "plank.png", photo())
    at.button(key=f"own_media_attach_{EXERCISE}").click()
    at = at.run()
    assert not at.exception and not at.error
    assert shown_media(fresh_path)[EXERCISE].sha256 == media.check_media(photo()).sha256
    assert own_captions(at) == [f"Your own photo · plank.png, {len(photo()) // 1024 or 1} kB"]
    assert at.file_uploader[0].label == "Replace my photo with"


def test_replacing_asks_first_and_keeps_the_old_photo(open_page, fresh_path):
    read(fresh_path, store.attach_media, EXERCISE, photo(), "first.png")
    at = upload(exercises_page(open_page, fresh_path), "second.jpg", photo((200, 90, 30), "JPEG"), "image/jpeg")
    at.button(key=f"ask_own_media_replace_{EXERCISE}").click()
    at = at.run()
    assert "instead of first.png" in shown(at.warning[0].value)
    assert shown_media(fresh_path)[EXERCISE].name == "first.png"  # asked, not yet replaced
    at.button(key=f"yes_own_media_replace_{EXERCISE}").click()
    at = at.run()
    assert not at.exception
    assert shown_media(fresh_path)[EXERCISE].name == "second.jpg"
    assert list(read(fresh_path, store.list_audit, "exercise_media")["action"]) == ["update"]


def test_removing_asks_first_then_the_drawing_stands_alone(open_page, fresh_path):
    read(fresh_path, store.attach_media, EXERCISE, photo(), "plank.png")
    at = exercises_page(open_page, fresh_path)
    at.button(key=f"ask_own_media_remove_{EXERCISE}").click()
    at = at.run()
    assert "Stop showing your photo of Side plank" in shown(at.warning[0].value)
    at.button(key=f"no_own_media_remove_{EXERCISE}").click()  # Cancel keeps it
    at = at.run()
    assert EXERCISE in shown_media(fresh_path)
    at.button(key=f"ask_own_media_remove_{EXERCISE}").click()
    at = at.run()
    at.button(key=f"yes_own_media_remove_{EXERCISE}").click()
    at = at.run()
    assert not at.exception and shown_media(fresh_path) == {}
    assert own_captions(at) == [] and at.file_uploader[0].label == "Attach a photo or clip"


def test_a_file_named_png_that_is_not_one_is_refused_at_once_and_nothing_is_stored(open_page, fresh_path):
    at = upload(exercises_page(open_page, fresh_path), "x.png", b"GIF87a? no: just some text pretending")
    assert "whatever its name says" in shown(at.error[0].value)
    assert not [b for b in at.button if b.key == f"own_media_attach_{EXERCISE}"]  # nothing to press
    assert shown_media(fresh_path) == {}


def test_an_empty_file_is_refused_and_nothing_is_stored(open_page, fresh_path):
    at = upload(exercises_page(open_page, fresh_path), "empty.png", b"")
    assert "empty" in shown(at.error[0].value)
    assert shown_media(fresh_path) == {}


def test_the_photo_attached_shows_on_todays_card_and_in_the_guided_player(open_page, fresh_path):
    today = open_page("today", fresh_path)
    first = next(m.value for m in today.markdown if m.value.startswith("**")).split("**")[1]
    first = shown(first)
    at = upload(exercises_page(open_page, fresh_path, first), "mine.png", photo())
    at.button(key=f"own_media_attach_{first}").click()
    at.run()

    today = open_page("today", fresh_path)
    assert not today.exception
    assert any(c.startswith("Your own photo · mine.png") for c in own_captions(today))
    guided = open_page("guided", fresh_path)
    next(b for b in guided.button if b.label == "Start today's session").click().run()
    assert not guided.exception
    assert any(c.startswith("Your own photo · mine.png") for c in own_captions(guided))


def test_a_photo_uploaded_shows_on_today_and_comes_back_the_same_bytes_from_an_export(open_page, fresh_path, tmp_path):
    import hashlib

    from lib import archive

    today = open_page("today", fresh_path)
    first = shown(next(m.value for m in today.markdown if m.value.startswith("**")).split("**")[1])
    mine = photo((120, 80, 200), "WEBP")
    at = upload(exercises_page(open_page, fresh_path, first), "from my physio.webp", mine, "image/webp")
    at.button(key=f"own_media_attach_{first}").click()
    at.run()
    assert any(
        c.startswith("Your own photo · from my physio.webp") for c in own_captions(open_page("today", fresh_path))
    )

    export = read(fresh_path, archive.export_zip, tmp_path / "export.zip")
    with store.open_database(tmp_path / "fresh.duckdb") as fresh:
        assert archive.import_zip(fresh, export).ok
        back = store.media_index(fresh)[first]
        assert hashlib.sha256(store.media_bytes(fresh, back.id)).hexdigest() == hashlib.sha256(mine).hexdigest()
        assert (back.mime, back.name) == ("image/webp", "from my physio.webp")


def test_a_clip_attached_plays_beside_the_drawing_looped_and_muted(open_page, fresh_path):
    clip = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64
    at = upload(exercises_page(open_page, fresh_path), "plank.webm", clip, "video/webm")
    at.button(key=f"own_media_attach_{EXERCISE}").click()
    at = at.run()
    assert not at.exception
    (video,) = at.get("video")
    assert (video.proto.loop, video.proto.muted, video.proto.autoplay) == (True, True, False)
    assert any(shown(c.value).startswith("Your own clip · plank.webm") for c in at.caption)


def test_a_file_name_is_shown_as_typed_never_as_markdown(open_page, fresh_path):
    read(fresh_path, store.attach_media, EXERCISE, photo(), "first.png")
    at = upload(exercises_page(open_page, fresh_path), "[click](http://example.com) **big**.png", photo((1, 2, 3)))
    at.button(key=f"ask_own_media_replace_{EXERCISE}").click()
    at = at.run()
    question = at.warning[0].value
    assert "\\[click\\]" in question and "\\*\\*big" in question  # escaped: no link, no bold
    assert shown(question).startswith("Show [click](http://example.com) **big**.png for Side plank")


def test_the_same_file_again_is_said_to_be_the_one_shown_and_nothing_is_asked(open_page, fresh_path):
    read(fresh_path, store.attach_media, EXERCISE, photo(), "first.png")
    at = upload(exercises_page(open_page, fresh_path), "again.png", photo())
    assert "This is the photo shown now." in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == f"ask_own_media_replace_{EXERCISE}"]
