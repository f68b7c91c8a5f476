"""A test clip for the pose worker, made from scikit-image's bundled astronaut photograph. Sidecar only.

    .venv-motion/bin/python tools/astronaut_clip.py OUT.mp4 [--seconds 2] [--fps 15] [--blank]

Each frame is the photograph shifted and turned a little with OpenCV (a hand-held phone),
written as MP4 (mp4v). `--blank` writes the same number of grey frames: a clip with no one
in it. Prints the number of frames written. Makes no network call: the photograph ships
inside the scikit-image wheel.
"""

from __future__ import annotations

import argparse
import math


def make_clip(out: str, seconds: float = 2.0, fps: float = 15.0, blank: bool = False, size: int = 512) -> int:
    """Write the clip; return how many frames it holds."""
    import cv2
    import numpy as np
    from skimage import data

    photo = cv2.cvtColor(cv2.resize(data.astronaut(), (size, size)), cv2.COLOR_RGB2BGR)
    writer = cv2.VideoWriter(out, cv2.VideoWriter_fourcc(*"mp4v"), fps, (size, size))
    if not writer.isOpened():
        raise SystemExit(f"OpenCV cannot write {out}")
    frames = int(round(seconds * fps))
    for i in range(frames):
        phase = 2 * math.pi * i / max(frames, 1)
        turn = cv2.getRotationMatrix2D((size / 2, size / 2), 4 * math.sin(phase), 1.0)
        turn[:, 2] += (12 * math.sin(phase), 8 * math.cos(phase))
        frame = (
            np.full_like(photo, 128)
            if blank
            else cv2.warpAffine(photo, turn, (size, size), borderMode=cv2.BORDER_REFLECT)
        )
        writer.write(frame)
    writer.release()
    return frames


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--fps", type=float, default=15.0)
    parser.add_argument("--blank", action="store_true")
    args = parser.parse_args()
    print(make_clip(args.out, args.seconds, args.fps, args.blank))
