"""A person's own photo or clip is checked by its content, not its name: bad, empty or too big files are refused."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from lib import media
from lib.errors import ValidationError


def _image(fmt: str, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (47, 111, 98)).save(out, format=fmt)
    return out.getvalue()


MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\x82\x84webm" + b"\x00" * 64


@pytest.mark.parametrize(
    ("data", "kind", "mime"),
    [
        (_image("PNG"), "photo", "image/png"),
        (_image("JPEG"), "photo", "image/jpeg"),
        (_image("WEBP"), "photo", "image/webp"),
        (MP4, "clip", "video/mp4"),
        (WEBM, "clip", "video/webm"),
    ],
    ids=["png", "jpeg", "webp", "mp4", "webm"],
)
def test_photos_and_clips_poise_keeps_are_recognised_with_their_hash(data, kind, mime):
    checked = media.check_media(data)
    assert (checked.kind, checked.mime, checked.size_bytes) == (kind, mime, len(data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"this is not a png, whatever the name x.png says", "not a photo or clip"),
        (_image("PNG")[:40], "not a photo or clip"),  # a cut-off PNG
        (_image("GIF"), "this one is GIF"),  # a real image, of a kind Poise does not keep
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (media.PHOTO_LIMIT + 1), "up to 5.0 MB"),
        (MP4 + b"\x00" * media.CLIP_LIMIT, "up to 50.0 MB"),
    ],
    ids=["empty", "text-named-png", "truncated-png", "gif", "photo-too-big", "clip-too-big"],
)
def test_bad_empty_and_too_big_files_are_refused_saying_why(data, words):
    with pytest.raises(ValidationError) as refused:
        media.check_media(data)
    assert refused.value.field == "photo or clip"
    assert words in refused.value.message


def _one_bit_png(size) -> bytes:
    out = io.BytesIO()
    Image.new("1", size).save(out, format="PNG")  # a few kB of file for a great many pixels
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_one_bit_png((8000, 7000)), "up to 50 megapixels"),
        (_one_bit_png((20000, 10000)), "too large to show"),
        ("x.png", "the bytes of a file"),
        (None, "the bytes of a file"),
    ],
    ids=["56-megapixels", "decompression-bomb", "text", "none"],
)
def test_huge_images_and_things_that_are_not_bytes_are_refused_saying_why(data, words):
    with pytest.raises(ValidationError) as refused:
        media.check_media(data)
    assert words in refused.value.message
