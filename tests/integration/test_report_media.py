"""The physiotherapist's summary prints the person's own photo of an exercise inline, small; a clip is left out."""

from __future__ import annotations

import base64
import io
import re
from datetime import timedelta

from PIL import Image

from lib import media, report, store
from tests.conftest import TODAY

CLIP = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def test_the_summary_shows_the_own_photo_inline_as_a_small_jpeg_and_leaves_a_clip_out(fresh_db):
    big = io.BytesIO()
    Image.new("RGB", (2000, 1000), (47, 111, 98)).save(big, format="PNG")
    store.attach_media(fresh_db, "Side plank", big.getvalue(), "plank.png")
    store.attach_media(fresh_db, "Bird dog", CLIP, "bird dog.mp4")
    page = report.physio_summary(fresh_db, TODAY - timedelta(days=27), TODAY, TODAY)
    assert "<figcaption>Side plank — your own photo</figcaption>" in page
    assert "Bird dog — your own" not in page
    (uri,) = re.findall(r'<img src="(data:image/jpeg;base64,[^"]+)"', page)
    with Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))) as printed:
        assert max(printed.size) == media.SUMMARY_PHOTO_PX  # small: the summary stays a light single file
