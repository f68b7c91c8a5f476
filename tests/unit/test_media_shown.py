"""How a person's own photo is shown and named: upright, small, and only the file's own name kept."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pytest
from PIL import Image

from lib import media


def test_a_thumbnail_is_a_jpeg_within_the_size_asked_and_upright_as_the_phone_meant_it():
    image = Image.new("RGB", (400, 200), (47, 111, 98))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned; shown rotated 90°
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    with Image.open(io.BytesIO(media.thumbnail(out.getvalue(), (100, 100)))) as shown:
        assert shown.format == "JPEG" and shown.size == (50, 100)  # portrait, as the person saw it


def test_a_transparent_png_is_shown_on_white_not_black():
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 0, 0, 0)).save(out, format="PNG")
    with Image.open(io.BytesIO(media.thumbnail(out.getvalue(), (40, 40)))) as shown:
        assert min(shown.getpixel((20, 10))) > 245


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("plank.png", "plank.png"),
        ("C:\\Users\\me\\Pictures\\plank.png", "plank.png"),
        ("/home/me/physio/bird dog.mp4", "bird dog.mp4"),
        ("  ", None),
        (None, None),
        ("x" * 300 + ".png", "x" * media.NAME_MAX),
    ],
    ids=["plain", "windows-path", "posix-path", "blank", "none", "too-long"],
)
def test_only_the_files_own_name_is_kept_cut_to_its_limit(given, kept):
    assert media.given_name(given) == kept


def test_the_caption_says_whose_what_and_how_big():
    stored = media.StoredMedia(
        1, "Side plank", "clip", "video/mp4", 3 * 1024 * 1024, "0" * 64, "plank.mp4", datetime(2026, 1, 1)
    )
    assert stored.caption() == "Your own clip · plank.mp4, 3.0 MB"
    assert replace(stored, size_bytes=5_500, name=None).caption() == "Your own clip, 5 kB"


def test_streamlit_lets_a_clip_of_the_largest_size_through():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= media.CLIP_LIMIT
