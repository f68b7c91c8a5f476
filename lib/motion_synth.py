"""Synthetic landmark series from hand-written joint-angle curves, for tests and the benchmark.

A side-on stick figure facing right: the ankle stays put, the shin stands upright, the
thigh turns with the knee angle and the trunk with the hip angle; the near side (left)
is seen surely, the far side a little behind it and less surely, as MediaPipe sees a
person filmed from the side. Pure numpy; writes nothing.
"""

from __future__ import annotations

import numpy as np

from lib.motion import JOINTS, N_LANDMARKS, NOSE, LandmarkSeries

__all__ = ["tempo_curve", "figure_series"]

SHIN, THIGH, TRUNK, NECK = 0.22, 0.22, 0.30, 0.08


def tempo_curve(
    reps: int,
    top: float,
    bottom: float,
    lower_s: float,
    rise_s: float,
    pause_top_s: float = 1.0,
    pause_bottom_s: float = 0.5,
    fps: float = 30.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (t, degrees): `reps` cycles top → bottom (linear, lower_s) → pause → top (rise_s) → pause."""
    knots_t, knots_y, now = [0.0], [top], 0.0
    for _ in range(reps):
        for dt, y in ((pause_top_s, top), (lower_s, bottom), (pause_bottom_s, bottom), (rise_s, top)):
            now += dt
            knots_t.append(now)
            knots_y.append(y)
    now += pause_top_s
    knots_t.append(now)
    knots_y.append(top)
    t = np.arange(0, now, 1 / fps)
    return t, np.interp(t, knots_t, knots_y)


def _rot(v: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    r = np.radians(degrees)
    c, s = np.cos(r), np.sin(r)
    return np.stack([v[..., 0] * c - v[..., 1] * s, v[..., 0] * s + v[..., 1] * c], axis=-1)


def figure_series(
    t: np.ndarray,
    knee_deg: np.ndarray | float = 175.0,
    hip_deg: np.ndarray | float = 175.0,
    aspect: float = 16 / 9,
    far_hip_deg: np.ndarray | float | None = None,
    noise: float = 0.0,
    seed: int = 0,
) -> LandmarkSeries:
    """Return a one-person series whose knee (hip–knee–ankle) and hip (shoulder–hip–knee) follow the curves.

    `far_hip_deg` moves the far side's hip on its own (a bird dog's other leg); `noise` adds Gaussian
    jitter to every coordinate, as a fraction of the frame's height.
    """
    n = len(t)
    knee = np.broadcast_to(np.asarray(knee_deg, float), (n,))
    hip = np.broadcast_to(np.asarray(hip_deg, float), (n,))
    far = hip if far_hip_deg is None else np.broadcast_to(np.asarray(far_hip_deg, float), (n,))
    rng = np.random.default_rng(seed)
    points = np.full((n, 1, N_LANDMARKS, 4), np.nan)
    points[..., 3] = 0.0
    for side, hip_curve, shift, seen in (("left", hip, 0.0, 0.98), ("right", far, 0.01, 0.8)):
        j = JOINTS[side]
        ankle = np.tile([0.5 * aspect + shift, 0.9], (n, 1))
        shin = np.tile([0.0, -SHIN], (n, 1))  # ankle → knee, upright
        knee_pt = ankle + shin
        # knee → hip: the shin's direction back (knee → ankle) turned by the knee angle
        thigh = _rot(-shin / SHIN * THIGH, -knee)
        hip_pt = knee_pt + thigh
        trunk = _rot(-thigh / THIGH * TRUNK, hip_curve)  # hip → shoulder, turned from hip → knee
        shoulder = hip_pt + trunk
        elbow = shoulder + np.array([0.05, 0.12])
        wrist = elbow + np.array([0.08, 0.02])
        for name, xy in (
            ("ankle", ankle),
            ("knee", knee_pt),
            ("hip", hip_pt),
            ("shoulder", shoulder),
            ("elbow", elbow),
            ("wrist", wrist),
        ):
            points[:, 0, j[name], 0] = xy[:, 0] / aspect
            points[:, 0, j[name], 1] = xy[:, 1]
            points[:, 0, j[name], 2] = 0.0
            points[:, 0, j[name], 3] = seen
        if side == "left":
            head = shoulder + _rot(trunk / TRUNK * NECK, np.zeros(n))
            points[:, 0, NOSE, :2] = np.stack([head[:, 0] / aspect, head[:, 1]], axis=1)
            points[:, 0, NOSE, 2:] = [0.0, 0.99]
    empty = np.isnan(points[..., 0])
    points[..., :3][empty] = 0.5
    if noise:
        points[..., :2] += rng.normal(0, noise, points[..., :2].shape) * np.array([1 / aspect, 1.0])
    return LandmarkSeries(t, points, aspect)
