"""A stand-in for the form check's pose worker: a shell script in the sidecar's python's place.

It hands back a landmark series written by the test and one JPEG for the keyframe, after a check of the clip
it was given (the real worker is tested in tests/integration/test_pose_worker.py; it needs the sidecar)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pytest

from lib import pose_sidecar
from lib.motion import LandmarkSeries
from lib.motion_synth import figure_series, tempo_curve

JPEG = b"\xff\xd8\xff\xe0 the frame at the bottom of the first rep"


class StandIn:
    """The installed stand-in: `hand_back` sets the series it returns; `temp` is where temporary files go."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clip_check: str) -> None:
        self._series = tmp_path / "series.npz"
        frame = tmp_path / "frame.jpg"
        frame.write_bytes(JPEG)
        script = tmp_path / "python"
        script.write_text(f"""#!/bin/sh
# called as: python WORKER CLIP OUT [--max-seconds 60 | --frame-at SECONDS]
{clip_check}
if [ "$4" = "--frame-at" ]; then cp {frame} "$3"; else cp {self._series} "$3"; echo '{{"progress": 0.5}}'; fi
echo '{{"done": true}}'
""")
        script.chmod(0o755)
        monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: script)
        self.temp = tmp_path / "tmp"
        self.temp.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(self.temp))

    def hand_back(self, series: LandmarkSeries) -> None:
        np.savez_compressed(self._series, t=series.t, points=series.points, aspect=np.float32(series.aspect))


def sit_to_stand(bottom: float = 90.0, reps: int = 5) -> LandmarkSeries:
    """A series of `reps` sit-to-stands whose knees bend to `bottom` degrees."""
    t, knee = tempo_curve(reps, 170, bottom, 2.0, 1.5)
    return figure_series(t, knee_deg=knee, hip_deg=100.0)
