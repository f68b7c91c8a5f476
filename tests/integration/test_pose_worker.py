"""The pose worker in the .venv-motion sidecar: real MediaPipe on scikit-image's astronaut, and no network."""

from __future__ import annotations

import json
import subprocess
import textwrap
from pathlib import Path

import numpy as np
import pytest

from lib import pose_sidecar
from lib.motion import LEFT_SHOULDER, NOSE, RIGHT_SHOULDER, FormCheckRefused, LandmarkSeries

ROOT = Path(__file__).resolve().parents[2]
PYTHON = pose_sidecar.sidecar_python()
pytestmark = pytest.mark.skipif(
    PYTHON is None, reason="the pose sidecar is not built: run `make motion` (.venv-motion with MediaPipe 0.10.21)"
)

# Runs a script in the sidecar with an audit hook that ends the process (status 97) on any network use.
NO_NETWORK = textwrap.dedent("""
    import os, runpy, sys
    def refuse(event, args):
        if event.startswith(("socket.", "urllib.", "http.client.", "ftplib.", "smtplib.")):
            os.write(2, f"NETWORK {event} {args!r}\\n".encode())
            os._exit(97)
    sys.addaudithook(refuse)
    script, *sys.argv[1:] = sys.argv[1:]
    sys.argv[0] = script
    runpy.run_path(script, run_name="__main__")
""")


def sidecar(script: str | Path, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    """Run a script (a file, or `code`) in the sidecar under the no-network audit hook."""
    if code is not None:
        path = Path(args[0]).parent / "inline.py"
        path.write_text(code)
        script = path
    return subprocess.run(
        [str(PYTHON), "-c", NO_NETWORK, str(script), *args], capture_output=True, text=True, timeout=600, cwd=ROOT
    )


@pytest.fixture(scope="module")
def astronaut_clip(tmp_path_factory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("clip")
    clip = folder / "astronaut.mp4"
    made = sidecar(ROOT / "tools" / "astronaut_clip.py", str(clip), "--seconds", "2", "--fps", "15")
    assert made.returncode == 0, made.stderr[-2000:]
    return clip, int(made.stdout.strip().splitlines()[-1])


def test_the_audit_hook_stops_a_script_that_opens_a_connection(tmp_path):
    done = sidecar(
        "", str(tmp_path / "x"), code="import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9', timeout=1)\n"
    )
    assert done.returncode == 97
    assert "NETWORK urllib.Request" in done.stderr


def test_the_astronaut_photograph_shows_nose_and_shoulders_surely(tmp_path):
    code = textwrap.dedent("""
        import json, mediapipe as mp
        from skimage import data
        with mp.solutions.pose.Pose(static_image_mode=True, model_complexity=1) as pose:
            found = pose.process(data.astronaut()).pose_landmarks.landmark
        print(json.dumps([found[i].visibility for i in range(33)]))
    """)
    done = sidecar("", str(tmp_path / "x"), code=code)
    assert done.returncode == 0, done.stderr[-2000:]
    visibility = json.loads(done.stdout.strip().splitlines()[-1])
    for index in (NOSE, LEFT_SHOULDER, RIGHT_SHOULDER):
        assert visibility[index] > 0.9


def test_a_clip_made_from_the_photograph_yields_a_series_of_the_right_length(astronaut_clip, tmp_path):
    clip, frames = astronaut_clip
    out = tmp_path / "landmarks.npz"
    done = sidecar(ROOT / "tools" / "pose_worker.py", str(clip), str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    said = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert said[-1]["done"] is True and said[-1]["frames"] == frames == 30
    assert [s["progress"] for s in said[:-1]] == sorted(s["progress"] for s in said[:-1])
    series = LandmarkSeries.from_bytes(out.read_bytes())
    assert len(series) == frames and series.points.shape == (frames, 1, 33, 4)
    assert np.all(np.diff(series.t) > 0)
    found = np.isfinite(series.points[:, 0, NOSE, 0])
    assert found.mean() > 0.9
    assert np.nanmin(series.points[found][:, 0, [NOSE, LEFT_SHOULDER, RIGHT_SHOULDER], 3]) > 0.9


def test_a_30_fps_clip_is_read_at_every_second_frame(tmp_path):
    clip, out = tmp_path / "fast.mp4", tmp_path / "landmarks.npz"
    assert sidecar(ROOT / "tools" / "astronaut_clip.py", str(clip), "--seconds", "1", "--fps", "30").returncode == 0
    done = sidecar(ROOT / "tools" / "pose_worker.py", str(clip), str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    series = LandmarkSeries.from_bytes(out.read_bytes())
    assert len(series) == 15
    np.testing.assert_allclose(np.diff(series.t), 1 / 15, atol=1e-4)


def test_the_app_reads_a_clip_through_the_sidecar_and_keeps_no_copy(astronaut_clip, tmp_path):
    clip, frames = astronaut_clip
    seen = []
    series = pose_sidecar.landmarks_from_clip(clip.read_bytes(), seen.append, tmp_root=str(tmp_path))
    assert len(series) == frames
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert list(tmp_path.iterdir()) == []  # the temporary clip and its landmarks are gone


def test_a_clip_with_no_one_in_it_gives_an_empty_series_the_analysis_refuses(tmp_path):
    from lib.motion import analyse
    from lib.motion_specs import SPECS

    clip = tmp_path / "grey.mp4"
    assert sidecar(ROOT / "tools" / "astronaut_clip.py", str(clip), "--blank").returncode == 0
    series = pose_sidecar.landmarks_from_clip(clip.read_bytes(), tmp_root=str(tmp_path))
    assert np.isnan(series.points).all()
    with pytest.raises(FormCheckRefused, match="No one found in the clip"):
        analyse(series, SPECS["Sit-to-stand"])


def test_a_file_that_is_no_video_is_refused_by_the_worker_too(tmp_path):
    fake = tmp_path / "fake.mp4"
    fake.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 500)
    done = sidecar(ROOT / "tools" / "pose_worker.py", str(fake), str(tmp_path / "out.npz"))
    assert done.returncode == 2
    assert "could not be read" in done.stdout or "no frames" in done.stdout


def test_the_keyframe_is_the_frame_read_at_that_time_small_and_the_clip_is_gone_after(astronaut_clip, tmp_path):
    clip, frames = astronaut_clip
    with pose_sidecar.clip_on_disk(clip.read_bytes(), tmp_root=str(tmp_path)) as on_disk:
        series = on_disk.landmarks()
        jpeg = on_disk.frame_at(float(series.t[15]))
        beyond = on_disk.frame_at(series.t[-1] + 5.0)
    assert list(tmp_path.iterdir()) == []
    assert beyond is None
    assert jpeg[:3] == b"\xff\xd8\xff" and len(jpeg) < 100_000
    code = textwrap.dedent(f"""
        import cv2, numpy as np
        frame = cv2.imdecode(np.frombuffer(open({str(tmp_path / "k.jpg")!r}, "rb").read(), np.uint8), cv2.IMREAD_COLOR)
        video = cv2.VideoCapture({str(clip)!r})
        for _ in range(16):
            ok, wanted = video.read()
        wanted = cv2.resize(wanted, frame.shape[1::-1], interpolation=cv2.INTER_AREA)
        print(frame.shape[1], frame.shape[0], float(np.abs(frame.astype(int) - wanted.astype(int)).mean()))
    """)
    (tmp_path / "k.jpg").write_bytes(jpeg)
    done = sidecar("", str(tmp_path / "x"), code=code)
    assert done.returncode == 0, done.stderr[-2000:]
    width, height, difference = done.stdout.split()
    assert (int(width), int(height)) == (480, 480)  # the long side at most 480 px
    assert float(difference) < 6  # the very frame the landmarks at that time came from


def test_a_clip_on_disk_is_deleted_when_its_check_fails_too(tmp_path):
    blank = tmp_path / "made" / "grey.mp4"
    blank.parent.mkdir()
    assert sidecar(ROOT / "tools" / "astronaut_clip.py", str(blank), "--blank").returncode == 0
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(FormCheckRefused), pose_sidecar.clip_on_disk(blank.read_bytes(), tmp_root=str(work)) as clip:
        from lib.motion import analyse
        from lib.motion_specs import SPECS

        analyse(clip.landmarks(), SPECS["Sit-to-stand"])
    assert list(work.iterdir()) == []
