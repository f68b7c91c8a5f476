"""Check my form with the clip attached to the exercise (issue 18): offered beside the upload when a clip (not a
photo) is attached, on the Exercises page and in the guided player, and checked from the stored bytes through a
stand-in for the pose worker (tests/pose_stand_in.py)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lib import store
from tests.app.pages import read
from tests.app.test_form_check_guided import rating
from tests.pose_stand_in import StandIn, sit_to_stand

EXERCISE = "Sit-to-stand"
CLIP = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + b"\x00" * 200 + b"the attached clip"


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """The stand-in worker: it refuses any clip but the attached one's bytes, and hands back 5 sit-to-stands."""
    stand_in = StandIn(
        tmp_path,
        monkeypatch,
        """grep -q 'the attached clip' "$2" || { echo '{"error": "not the attached clip"}'; exit 2; }""",
    )
    stand_in.hand_back(sit_to_stand())
    return stand_in.temp


def exercises_page(open_page, path):
    at = open_page("exercises", path)
    at.selectbox(key="exercises_pick").set_value(EXERCISE)
    return at.run()


def offered(at) -> list[str]:
    return [b.label for b in at.button if b.label.startswith("Use the clip you attached")]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (47, 111, 98)).save(out, format="PNG")
    return out.getvalue()


def test_the_attached_clip_is_offered_and_checked_from_its_stored_bytes(open_page, fresh_path, worker):
    read(fresh_path, store.attach_media, EXERCISE, CLIP, "set.mp4")
    attached = read(fresh_path, store.media_index)[EXERCISE]
    at = exercises_page(open_page, fresh_path)
    assert not at.exception
    assert offered(at) == [f"Use the clip you attached on {attached.created_at:%d %b %Y}"]
    at.button(key=f"form_check_attached_{EXERCISE}").click()
    at = at.run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["5 reps counted."]
    assert [row["reps"] for row in read(fresh_path, store.list_form_checks, EXERCISE)] == [5]
    assert read(fresh_path, store.media_index)[EXERCISE].sha256 == attached.sha256  # still attached, unchanged
    assert list(worker.iterdir()) == []  # the copy read for the check is gone


@pytest.mark.parametrize("attach", [None, photo], ids=["nothing", "a photo"])
def test_without_an_attached_clip_none_is_offered(open_page, fresh_path, worker, attach):
    if attach is not None:
        read(fresh_path, store.attach_media, EXERCISE, attach(), "stand.png")
    at = exercises_page(open_page, fresh_path)
    assert not at.exception
    assert "A clip of one set" in [u.label for u in at.get("file_uploader")]  # the upload is still there
    assert offered(at) == []


def test_the_guided_player_offers_the_attached_clip_too(open_page, fresh_path, worker):
    read(fresh_path, store.attach_media, EXERCISE, CLIP, "set.mp4")
    at = rating(open_page, fresh_path, [EXERCISE])
    assert len(offered(at)) == 1
    at.button(key="form_check_attached_guided_0").click()
    at = at.run()
    assert not at.exception
    assert [s.value for s in at.success] == ["5 reps counted."]
