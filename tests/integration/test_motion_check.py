"""A clip's bytes to a stored form check (lib.motion_check.check_clip), through a stand-in for the pose worker.

The stand-in is a shell script in the worker's place: it hands back a landmark series made from a
hand-written knee curve, and one JPEG for the keyframe, and it fails unless the clip is on disk while it
runs. The real worker is tested in test_pose_worker.py (it needs the sidecar); this needs none.
"""

from __future__ import annotations

import base64
import tempfile
from datetime import date

import numpy as np
import pytest

from lib import pose_sidecar, store
from lib.motion import FormCheckRefused
from lib.motion_check import check_clip
from lib.motion_synth import figure_series, tempo_curve

DAY = date(2026, 11, 20)
MP4 = b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00" + b"\x00" * 200
JPEG = b"\xff\xd8\xff\xe0 the frame at the bottom of the first rep"


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """Install the stand-in worker; return a function that sets the series it hands back. Temp files go in tmp/."""
    series_file, frame_file = tmp_path / "series.npz", tmp_path / "frame.jpg"
    frame_file.write_bytes(JPEG)
    script = tmp_path / "python"
    script.write_text(f"""#!/bin/sh
# called as: python WORKER CLIP OUT [--max-seconds 60 | --frame-at SECONDS]
test -s "$2" || {{ echo '{{"error": "the clip was not on disk"}}'; exit 2; }}
if [ "$4" = "--frame-at" ]; then cp {frame_file} "$3"; else cp {series_file} "$3"; echo '{{"progress": 0.5}}'; fi
echo '{{"done": true}}'
""")
    script.chmod(0o755)
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: script)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    def hand_back(series) -> None:
        np.savez_compressed(series_file, t=series.t, points=series.points, aspect=np.float32(series.aspect))

    hand_back.temp = temp
    return hand_back


def sit_to_stand(bottom: float = 90.0, reps: int = 5):
    t, knee = tempo_curve(reps, 170, bottom, 2.0, 1.5)
    return figure_series(t, knee_deg=knee, hip_deg=100.0)


def test_a_clip_becomes_a_stored_check_with_its_keyframe_in_memory_and_nothing_left_on_disk(fresh_db, worker):
    worker(sit_to_stand())
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
    worker(sit_to_stand(bottom=100.0))
    check_clip(fresh_db, "Sit-to-stand", date(2026, 11, 13), {}, MP4)
    worker(sit_to_stand(bottom=90.0))
    again = check_clip(fresh_db, "Sit-to-stand", DAY, {}, MP4)
    assert "10° more than on 13 Nov (70°)." in again.check.words[2]


def test_a_clip_with_no_one_in_it_writes_nothing_and_leaves_nothing(fresh_db, worker):
    empty = sit_to_stand()
    empty.points[..., 3] = 0.0
    worker(empty)
    with pytest.raises(FormCheckRefused, match="No one found in the clip"):
        check_clip(fresh_db, "Sit-to-stand", DAY, {}, MP4)
    assert store.list_form_checks(fresh_db) == []
    assert list(worker.temp.iterdir()) == []


def test_an_exercise_without_a_form_check_is_refused_before_the_clip_is_written(fresh_db, worker):
    with pytest.raises(FormCheckRefused, match="not available for this one yet"):
        check_clip(fresh_db, "Cat-camel", DAY, {}, MP4)
    assert list(worker.temp.iterdir()) == []
