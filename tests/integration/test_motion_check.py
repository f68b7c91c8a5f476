"""A clip's bytes to a stored form check (lib.motion_check.check_clip), through a stand-in for the pose worker.

The stand-in (tests/pose_stand_in.py) hands back a landmark series made from a hand-written knee curve and
one JPEG for the keyframe, and it fails unless the clip is on disk while it runs.
"""

from __future__ import annotations

import base64
from datetime import date

import pytest

from lib import store
from lib.motion import FormCheckRefused
from lib.motion_check import check_clip
from tests.pose_stand_in import JPEG, StandIn, sit_to_stand

DAY = date(2026, 11, 20)
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + b"\x00" * 200


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """Install the stand-in worker, which fails unless the clip is on disk while it runs."""
    return StandIn(
        tmp_path, monkeypatch, """test -s "$2" || { echo '{"error": "the clip was not on disk"}'; exit 2; }"""
    )


def test_a_clip_becomes_a_stored_check_with_its_keyframe_in_memory_and_nothing_left_on_disk(fresh_db, worker):
    worker.hand_back(sit_to_stand())
    progress = []
    shown = check_clip(fresh_db, "Sit-to-stand", DAY, {"reps": 5, "tempo_s": 4}, MP4, progress.append)
    assert shown.check.words[0] == "5 reps counted."
    assert progress == [0.5, 1.0]
    [row] = store.list_form_checks(fresh_db, "Sit-to-stand")
    assert (row["id"], row["day"], row["reps"]) == (shown.check_id, DAY, 5)
    assert base64.b64encode(JPEG).decode() in shown.keyframe_svg
    assert row["result"]["keyframe_s"] == pytest.approx(shown.check.keyframe_s)  # when it was, never the frame
    assert base64.b64encode(JPEG).decode() not in str(row["result"])
    assert list(worker.temp.iterdir()) == []  # the clip, its landmarks and the keyframe are gone


def test_the_next_check_says_how_its_range_compares_with_the_last(fresh_db, worker):
    worker.hand_back(sit_to_stand(bottom=100.0))
    check_clip(fresh_db, "Sit-to-stand", date(2026, 11, 13), {}, MP4)
    worker.hand_back(sit_to_stand(bottom=90.0))
    again = check_clip(fresh_db, "Sit-to-stand", DAY, {}, MP4)
    assert "10° more than on 13 Nov (70°)." in again.check.words[2]


def test_a_clip_with_no_one_in_it_writes_nothing_and_leaves_nothing(fresh_db, worker):
    empty = sit_to_stand()
    empty.points[..., 3] = 0.0
    worker.hand_back(empty)
    with pytest.raises(FormCheckRefused, match="No one found in the clip"):
        check_clip(fresh_db, "Sit-to-stand", DAY, {}, MP4)
    assert store.list_form_checks(fresh_db) == []
    assert list(worker.temp.iterdir()) == []


def test_an_exercise_without_a_form_check_is_refused_before_the_clip_is_written(fresh_db, worker):
    with pytest.raises(FormCheckRefused, match="not available for this one yet"):
        check_clip(fresh_db, "Cat-camel", DAY, {}, MP4)
    assert list(worker.temp.iterdir()) == []
