"""The form check's numbers for `make bench`: the pose worker's frames per second, and the analysis of 30 s.

Extraction runs only when the sidecar is built (`make motion`): a 10-second clip made from the
astronaut photograph (512 × 512, 30 frames a second) through tools/pose_worker.py, then the
result's keyframe read from the middle of that clip (`--frame-at 5`). The analysis
is timed on a synthetic 30-second series at 30 frames a second (lib.motion_synth), median of 5.
Returns the lines to print and the numbers for latest.json; no budget (yet).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from lib import pose_sidecar
from lib.motion import analyse
from lib.motion_specs import SPECS
from lib.motion_synth import figure_series, tempo_curve

ROOT = Path(__file__).resolve().parent.parent


def analysis_ms() -> float:
    t, knee = tempo_curve(6, 170, 90, 2.5, 1.5, pause_top_s=0.5, pause_bottom_s=0.5, fps=30)
    t, knee = t[t < 30], knee[t < 30]
    series = figure_series(t, knee_deg=knee, hip_deg=100.0, noise=0.002)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        analyse(series, SPECS["Sit-to-stand"], tempo_s=3)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def extraction() -> tuple[float, float, float] | None:
    """(pose frames per second, seconds to read a 30 s clip at 30 fps, ms for the keyframe).

    None without the sidecar."""
    python = pose_sidecar.sidecar_python()
    if python is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        clip, out = Path(folder) / "clip.mp4", Path(folder) / "out.npz"
        subprocess.run(
            [str(python), str(ROOT / "tools" / "astronaut_clip.py"), str(clip), "--seconds", "10", "--fps", "30"],
            check=True,
            capture_output=True,
        )
        done = subprocess.run(
            [str(python), str(ROOT / "tools" / "pose_worker.py"), str(clip), str(out)],
            check=True,
            capture_output=True,
            text=True,
        )
        said = json.loads(done.stdout.strip().splitlines()[-1])
        started = time.perf_counter()
        subprocess.run(
            [
                str(python),
                str(ROOT / "tools" / "pose_worker.py"),
                str(clip),
                str(Path(folder) / "k.jpg"),
                "--frame-at",
                "5",
            ],
            check=True,
            capture_output=True,
        )
        keyframe_ms = (time.perf_counter() - started) * 1000
        return float(said["frames_per_second"]), 3 * float(said["seconds"]), keyframe_ms


def measure() -> tuple[list[str], dict]:
    ms, read = analysis_ms(), extraction()
    lines = [f"{'form check: analysis of a 30 s clip':34} {ms:8.1f}ms"]
    if read is None:
        lines.append(f"{'form check: pose extraction':34} not measured: run `make motion`")
        return lines, {"analysis_30s_ms": ms, "extraction_fps": None, "extraction_30s_s": None, "keyframe_ms": None}
    fps, seconds, keyframe_ms = read
    lines.append(
        f"{'form check: pose extraction':34} {fps:6.1f} frames/s (512×512, model_complexity=1, "
        f"every 2nd frame of 30 fps); a 30 s clip in {seconds:.0f} s"
    )
    lines.append(f"{'form check: keyframe at 5 s':34} {keyframe_ms:8.1f}ms (a second worker run, no pose model)")
    return lines, {
        "analysis_30s_ms": ms,
        "extraction_fps": fps,
        "extraction_30s_s": seconds,
        "keyframe_ms": keyframe_ms,
    }


if __name__ == "__main__":
    print("\n".join(measure()[0]))
