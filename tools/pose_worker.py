"""The form check's pose worker: a video file in, a landmark series out. Run with .venv-motion's python.

    .venv-motion/bin/python tools/pose_worker.py CLIP OUT.npz [--max-seconds 60] [--max-fps 15]
    .venv-motion/bin/python tools/pose_worker.py CLIP OUT.jpg --frame-at SECONDS

Frames are read at up to 15 a second (`--max-fps`). Writes OUT.npz with `t` (frames,) seconds,
`points` (frames, 1, 33, 4) x, y, z, visibility
(NaN where no one was found; x and y are fractions of the frame's width and height),
`aspect` (width / height) and `fps`. Prints one JSON line per step on stdout:
{"progress": 0.42, "frame": 120, "frames": 284} while it runs, then {"done": true, ...},
or {"error": "..."} with exit status 2 when the clip cannot be read or is too long.
With `--frame-at`, it writes instead the one frame at that time (the frame whose landmarks the
series holds for it) as a small JPEG, for the result's keyframe; no pose model is loaded then.

Only MediaPipe's legacy `solutions.pose.Pose(model_complexity=1)`: its model ships in the
wheel. Complexity 0 and 2 download their model at run time and are never asked for. The
worker opens no socket and no URL (its test runs it under an audit hook that fails on any).
It never imports the app's lib: this environment pins numpy<2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

MAX_SIDE = 640  # frames are scaled down to this long side before the pose model sees them
MODEL_COMPLEXITY = 1  # the bundled model; 0 and 2 would download theirs
MAX_FPS = 15.0  # a 30 or 60 fps clip is read at every 2nd or 4th frame: enough for a tempo of seconds
KEYFRAME_SIDE = 480  # the keyframe's long side: enough to see a posture, small enough to keep in memory
KEYFRAME_QUALITY = 80


def say(**fields) -> None:
    print(json.dumps(fields), flush=True)


def extract(clip: str, out: str, max_seconds: float = 60.0, max_fps: float = MAX_FPS) -> int:
    """Extract the landmark series of `clip` into `out`; return the process exit status."""
    import cv2
    import mediapipe as mp
    import numpy as np

    video = cv2.VideoCapture(clip)
    if not video.isOpened():
        say(error="This file could not be read as a video. Poise reads MP4, WebM and MOV clips.")
        return 2
    fps = _fps(video)
    total = int(video.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
    if total and total / fps > max_seconds + 0.5:
        say(error=f"The clip is {total / fps:.0f} s long; the form check reads clips of up to {max_seconds:.0f} s.")
        return 2
    stride = max(1, round(fps / max_fps))
    times, frames, width, height, started = [], [], 0, 0, time.perf_counter()
    with mp.solutions.pose.Pose(
        static_image_mode=False,
        model_complexity=MODEL_COMPLEXITY,
        smooth_landmarks=True,
        min_detection_confidence=0.5,
        min_tracking_confidence=0.5,
    ) as pose:
        index = 0
        while True:
            ok, bgr = video.read()
            if not ok:
                break
            at = index / fps
            index += 1
            if (index - 1) % stride:
                continue
            if at > max_seconds + 0.5:
                say(error=f"The clip is longer than {max_seconds:.0f} s; the form check reads clips of up to that.")
                return 2
            height, width = bgr.shape[:2]  # the clip's own shape: the landmarks' aspect
            bgr = _fit(bgr, MAX_SIDE)
            result = pose.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB))
            frame = np.full((33, 4), np.nan, dtype=np.float32)
            if result.pose_landmarks:
                frame[:] = [(p.x, p.y, p.z, p.visibility) for p in result.pose_landmarks.landmark]
            times.append(at)
            frames.append(frame)
            if len(frames) % 10 == 0:
                say(progress=round(min(index / total, 1.0), 3) if total else None, frame=index, frames=total)
    video.release()
    if not frames:
        say(error="This file has no frames Poise can read. Poise reads MP4, WebM and MOV clips.")
        return 2
    points = np.stack(frames)[:, None]
    np.savez_compressed(
        out, t=np.array(times, dtype=np.float32), points=points, aspect=np.float32(width / height), fps=np.float32(fps)
    )
    seconds = time.perf_counter() - started
    say(
        done=True,
        frames=len(frames),
        clip_frames=index,
        found=int(np.isfinite(points[:, 0, 0, 0]).sum()),
        seconds=round(seconds, 2),
        frames_per_second=round(len(frames) / seconds, 1),
    )
    return 0


def _fps(video) -> float:
    """The clip's frame rate as both passes read it (an odd or missing one counts as 30)."""
    import cv2

    fps = video.get(cv2.CAP_PROP_FPS) or 30.0
    return fps if 1 <= fps <= 240 else 30.0


def _fit(bgr, side: int):
    """The frame scaled down (never up) so that its longer side is at most `side` pixels."""
    import cv2

    height, width = bgr.shape[:2]
    scale = side / max(width, height)
    if scale >= 1:
        return bgr
    return cv2.resize(bgr, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)


def keyframe(clip: str, out: str, seconds: float) -> int:
    """Write the frame at `seconds` (frame index seconds × fps, as `extract` times it) as a JPEG; return the status."""
    import cv2

    video = cv2.VideoCapture(clip)
    if not video.isOpened():
        say(error="This file could not be read as a video. Poise reads MP4, WebM and MOV clips.")
        return 2
    wanted = max(0, round(seconds * _fps(video)))
    for _ in range(wanted):  # decoding in order, not seeking: a seek may land on another frame than extract read
        if not video.grab():
            break
    ok, bgr = video.read()
    video.release()
    if not ok:
        say(error=f"The clip has no frame at {seconds:.1f} s.")
        return 2
    bgr = _fit(bgr, KEYFRAME_SIDE)
    ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, KEYFRAME_QUALITY])
    if not ok:
        say(error="The keyframe could not be written.")
        return 2
    with open(out, "wb") as f:
        f.write(jpeg.tobytes())
    say(done=True, frame=wanted, width=int(bgr.shape[1]), height=int(bgr.shape[0]))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("clip")
    parser.add_argument("out")
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--max-fps", type=float, default=MAX_FPS)
    parser.add_argument("--frame-at", type=float, default=None, help="write the frame at this time as a JPEG")
    args = parser.parse_args(argv)
    if args.frame_at is not None:
        return keyframe(args.clip, args.out, args.frame_at)
    return extract(args.clip, args.out, args.max_seconds, args.max_fps)


if __name__ == "__main__":
    sys.exit(main())
