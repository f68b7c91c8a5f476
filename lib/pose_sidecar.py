"""The app's door to the pose worker: check a clip by its content, run the worker, delete the clip.

The worker (tools/pose_worker.py) runs as a subprocess in `.venv-motion`, the sidecar
that `make motion` builds (MediaPipe cannot live in the app's environment). The clip is
written to a temporary folder only for as long as the worker reads it (its landmarks,
then one keyframe), and that folder is removed whatever happens. Reads and deletes
temporary files only; writes nothing of the person's.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lib.motion import FormCheckRefused, LandmarkSeries

__all__ = [
    "SIDECAR_PYTHON",
    "WORKER",
    "MISSING",
    "MAX_BYTES",
    "MAX_SECONDS",
    "sidecar_python",
    "clip_kind",
    "ClipOnDisk",
    "clip_on_disk",
    "landmarks_from_clip",
]

ROOT = Path(__file__).resolve().parent.parent
SIDECAR_PYTHON = ROOT / ".venv-motion" / "bin" / "python"
WORKER = ROOT / "tools" / "pose_worker.py"
MISSING = "Form check needs one more install: `make motion`"
MAX_BYTES = 200 * 1024 * 1024
MAX_SECONDS = 60.0
TIMEOUT_S = 15 * 60  # 60 s of 4K video on two slow cores still ends well inside this
KEYFRAME_TIMEOUT_S = 120

# The first bytes that make a clip what it says (a name or a browser's type is not enough).
_MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")  # MP4 and QuickTime MOV start with a box
_WEBM = b"\x1a\x45\xdf\xa3"  # Matroska/WebM's EBML header


def sidecar_python() -> Path | None:
    """Return the sidecar's python if `make motion` has built it, else None. Reads the file system only."""
    return (
        SIDECAR_PYTHON if SIDECAR_PYTHON.exists() and (SIDECAR_PYTHON.parent.parent / ".installed").exists() else None
    )


def clip_kind(head: bytes, size: int) -> str:
    """Return ".mp4", ".mov" or ".webm" from a clip's first bytes; raise FormCheckRefused otherwise.

    `size` is the whole file's size in bytes: over 200 MB is refused before anything is read.
    """
    if size > MAX_BYTES:
        raise FormCheckRefused(
            f"The clip is {size / 1024 / 1024:.0f} MB; the form check reads clips of up to "
            f"{MAX_BYTES // 1024 // 1024} MB (about a minute from a phone)."
        )
    if head[:4] == _WEBM:
        return ".webm"
    if len(head) >= 12 and head[4:8] in _MP4_BOXES:
        return ".mov" if head[8:10] == b"qt" else ".mp4"
    raise FormCheckRefused("This file is not a video Poise can read: choose an MP4, WebM or MOV clip.")


class ClipOnDisk:
    """A clip in its temporary folder, for as long as its `clip_on_disk` block lasts."""

    def __init__(self, python: Path, clip: Path) -> None:
        self._python, self._clip = python, clip

    def landmarks(self, on_progress: Callable[[float], None] | None = None) -> LandmarkSeries:
        """Return the clip's landmark series; `on_progress` gets a fraction 0–1. Raises FormCheckRefused."""
        out = self._clip.with_name("landmarks.npz")
        error = _run(self._python, self._clip, out, on_progress)
        if error:
            raise FormCheckRefused(error)
        return LandmarkSeries.from_bytes(out.read_bytes())

    def frame_at(self, seconds: float) -> bytes | None:
        """Return the frame at `seconds` as a small JPEG, or None if it cannot be read (a keyframe is a bonus)."""
        out = self._clip.with_name("keyframe.jpg")
        command = [str(self._python), str(WORKER), str(self._clip), str(out), "--frame-at", f"{seconds:.4f}"]
        try:
            done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, timeout=KEYFRAME_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return None
        return out.read_bytes() if done.returncode == 0 and out.exists() else None


@contextmanager
def clip_on_disk(data: bytes, *, python: Path | None = None, tmp_root: str | None = None) -> Iterator[ClipOnDisk]:
    """Hold a clip's bytes in a temporary folder for the block, and delete the folder after it, whatever happens.

    Raises FormCheckRefused before writing anything when the sidecar is missing or the bytes are
    no video Poise reads (by content) or too large.
    """
    python = python or sidecar_python()
    if python is None:
        raise FormCheckRefused(MISSING)
    suffix = clip_kind(data[:16], len(data))
    with tempfile.TemporaryDirectory(prefix="poise-clip-", dir=tmp_root) as folder:
        clip = Path(folder) / f"clip{suffix}"
        clip.write_bytes(data)
        yield ClipOnDisk(python, clip)


def landmarks_from_clip(
    data: bytes,
    on_progress: Callable[[float], None] | None = None,
    *,
    python: Path | None = None,
    tmp_root: str | None = None,
) -> LandmarkSeries:
    """Return the landmark series of a clip's bytes; the clip lives in a temporary folder only meanwhile.

    Raises FormCheckRefused when the sidecar is missing, the file is no video, too large or too long,
    or the worker fails. `on_progress` gets a fraction 0–1 as frames are processed.
    """
    with clip_on_disk(data, python=python, tmp_root=tmp_root) as clip:
        return clip.landmarks(on_progress)


def _run(python: Path, clip: Path, out: Path, on_progress) -> str | None:
    """Run the worker; return its error message, or None when it wrote `out`."""
    command = [str(python), str(WORKER), str(clip), str(out), "--max-seconds", str(MAX_SECONDS)]
    log = clip.with_name("worker.log")  # a file, not a pipe: a chatty worker can never block on a full pipe
    with (
        log.open("w+") as errors,
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, stdin=subprocess.DEVNULL) as worker,
    ):
        assert worker.stdout is not None  # a pipe, asked for above
        error = None
        try:
            for line in worker.stdout:
                try:
                    said = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if "error" in said:
                    error = said["error"]
                elif on_progress and said.get("progress") is not None:
                    on_progress(float(said["progress"]))
            worker.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            worker.kill()
            return "The form check took too long on this clip; try a shorter one."
        errors.seek(0)
        stderr = errors.read()
    if error:
        return error
    if worker.returncode != 0 or not out.exists():
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {worker.returncode}"
        return f"The pose worker failed ({last}). Rebuild it with `make motion`."
    if on_progress:
        on_progress(1.0)
    return None
