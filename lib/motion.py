"""Check my form: reps, tempo, range and holds from a pose landmark series. Pure numpy; no I/O.

The landmark series comes from the pose worker (tools/pose_worker.py, run in the
`.venv-motion` sidecar): per frame its time and MediaPipe Pose's 33 landmarks
(x and y as fractions of the frame's width and height, z, visibility). Nothing
here knows about video or MediaPipe; tests drive it with series built from
hand-written joint-angle curves.

How each number is measured (and what it means for a person):

- **Angle**: the angle at the middle landmark of three (hip–knee–ankle is the knee),
  in the image plane, on the side facing the camera (the one seen best). Frames
  where a landmark is not seen (visibility under 0.5) are gaps; gaps up to 0.5 s
  are bridged, longer ones stay gaps. The angle is smoothed (a 5-frame median, then
  a Gaussian of 0.08 s) so a jittery landmark is not a rep.
- **Reps**: one full cycle top → bottom → top of the tracked angle whose swing
  crosses both 30 % and 70 % of the clip's range, and is at least the spec's
  `min_range_deg`.
- **Tempo**: lowering and rising per rep, timed at steady speed across the middle
  80 % of that rep's swing and scaled to the whole swing, so pauses at the top and
  the bottom do not count as lowering, and a jittery start does not move it.
- **Range**: each rep's lowest and highest angle; the result's range is their median.
- **Hold**: the longest stretch the hold angle stays within the spec's tolerance
  of its target (brief wobbles under 0.3 s are forgiven).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import asdict, dataclass, field

import numpy as np

from lib.errors import PoiseError
from lib.motion_specs import MotionSpec

__all__ = [
    "N_LANDMARKS",
    "NOSE",
    "LEFT_SHOULDER",
    "RIGHT_SHOULDER",
    "LEFT_ELBOW",
    "RIGHT_ELBOW",
    "LEFT_WRIST",
    "RIGHT_WRIST",
    "LEFT_HIP",
    "RIGHT_HIP",
    "LEFT_KNEE",
    "RIGHT_KNEE",
    "LEFT_ANKLE",
    "RIGHT_ANKLE",
    "JOINTS",
    "ANGLES",
    "BODY",
    "FormCheckRefused",
    "LandmarkSeries",
    "Rep",
    "FormCheck",
    "joint_angle",
    "angle_series",
    "smooth",
    "find_reps",
    "longest_hold",
    "hold_span",
    "analyse",
    "frame_near",
    "person_at",
    "NO_PERSON",
    "TWO_PEOPLE",
    "NOT_IN_VIEW",
    "NO_REPS",
]

# MediaPipe Pose's 33-landmark layout (the indices that matter here).
N_LANDMARKS = 33
NOSE = 0
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
BODY = (
    NOSE,
    LEFT_SHOULDER,
    RIGHT_SHOULDER,
    LEFT_ELBOW,
    RIGHT_ELBOW,
    LEFT_WRIST,
    RIGHT_WRIST,
    LEFT_HIP,
    RIGHT_HIP,
    LEFT_KNEE,
    RIGHT_KNEE,
    LEFT_ANKLE,
    RIGHT_ANKLE,
)  # what a check keeps

JOINTS: dict[str, dict[str, int]] = {
    "left": {
        "shoulder": LEFT_SHOULDER,
        "elbow": LEFT_ELBOW,
        "wrist": LEFT_WRIST,
        "hip": LEFT_HIP,
        "knee": LEFT_KNEE,
        "ankle": LEFT_ANKLE,
    },
    "right": {
        "shoulder": RIGHT_SHOULDER,
        "elbow": RIGHT_ELBOW,
        "wrist": RIGHT_WRIST,
        "hip": RIGHT_HIP,
        "knee": RIGHT_KNEE,
        "ankle": RIGHT_ANKLE,
    },
}
# Each angle: the three joints, the angle measured at the middle one. 180° is straight.
ANGLES: dict[str, tuple[str, str, str]] = {
    "knee": ("hip", "knee", "ankle"),
    "hip": ("shoulder", "hip", "knee"),
    "trunk_line": ("shoulder", "hip", "ankle"),
    "elbow": ("shoulder", "elbow", "wrist"),
    "arm_lift": ("hip", "shoulder", "wrist"),
}
ANGLE_LABELS = {
    "knee": "knee angle",
    "hip": "hip angle",
    "trunk_line": "line from shoulder to ankle",
    "elbow": "elbow angle",
    "arm_lift": "arm lift",
}

MIN_VISIBILITY = 0.5  # a landmark seen less surely than this is a gap
MAX_GAP_S = 0.5  # gaps up to this long are bridged
MEDIAN_FRAMES = 5
SIGMA_S = 0.08  # Gaussian smoothing
REP_LOW, REP_HIGH = 0.3, 0.7  # a rep crosses both fractions of the clip's range
TEMPO_BAND = 0.1  # tempo is timed between 10 % and 90 % of a rep's swing
HOLD_FORGIVE_S = 0.3
MIN_PRESENT = 0.5  # someone must be seen in at least half the clip
MAX_CROWDED = 0.2  # two people in more than this share of it: refused
ON_TEMPO_S = 0.5

NO_PERSON = "No one found in the clip: film from the side, whole body in view."
TWO_PEOPLE = "More than one person in the clip: film one person at a time, nobody else in view."
NOT_IN_VIEW = "The {joints} are in view in only {seen:.0%} of the clip. {film}"
NO_REPS = "No reps found: the {angle} moved only {moved:.0f}°. Film the whole movement, side-on."


class FormCheckRefused(PoiseError):
    """The clip cannot be analysed (no one in it, two people, the wrong view); the message says why."""

    title = "The form check could not read this clip"


@dataclass(frozen=True)
class LandmarkSeries:
    """Per frame: time (s) and, for each person found, 33 landmarks × (x, y, z, visibility).

    `points` has shape (frames, people, 33, 4), NaN where a person is not there; the
    worker finds one person at most, synthetic series may hold two. `aspect` is the
    frame's width / height (x and y are fractions of each, so angles need it).
    """

    t: np.ndarray
    points: np.ndarray
    aspect: float = 1.0

    def __post_init__(self) -> None:
        t, p = np.asarray(self.t, float), np.asarray(self.points, float)
        if p.ndim == 3:
            p = p[:, None]
        if p.ndim != 4 or p.shape[2:] != (N_LANDMARKS, 4) or p.shape[0] != t.shape[0]:
            raise ValueError(f"points must be (frames, people, 33, 4) matching t; got {p.shape} for {t.shape}")
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "points", p)

    def __len__(self) -> int:
        return len(self.t)

    def to_bytes(self, fps: float = 15.0) -> bytes:
        """Return the series small: the 13 body landmarks, float16, at most `fps` frames a second, npz."""
        keep = _every(self.t, fps)
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            t=self.t[keep].astype(np.float32),
            landmarks=np.array(BODY, np.int8),
            points=self.points[keep][:, :, BODY].astype(np.float16),
            aspect=np.float32(self.aspect),
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LandmarkSeries:
        """Read a series written by to_bytes or by the pose worker (`t`, `points` or `landmarks`, `aspect`)."""
        with np.load(io.BytesIO(data)) as z:
            t = z["t"].astype(float)
            if "points" in z and "landmarks" in z:  # a stored check: only the BODY landmarks
                points = np.full((len(t), z["points"].shape[1], N_LANDMARKS, 4), np.nan)
                points[:, :, z["landmarks"].astype(int)] = z["points"].astype(float)
            else:
                points = z["points"].astype(float)
            return cls(t, points, float(z["aspect"]) if "aspect" in z else 1.0)


def _every(t: np.ndarray, fps: float) -> np.ndarray:
    if len(t) < 2:
        return np.arange(len(t))
    step = max(1, int(round((1 / fps) / max(np.median(np.diff(t)), 1e-6))))
    return np.arange(0, len(t), step)


@dataclass(frozen=True)
class Rep:
    """One rep: when it started, bottomed and ended (s), its phase times (s) and its angles (°)."""

    start_s: float
    bottom_s: float
    end_s: float
    lowering_s: float
    rising_s: float
    low_deg: float
    high_deg: float


@dataclass
class FormCheck:
    """What a form check found, numbers and plain words; `words` come first on the page."""

    exercise: str
    angle: str
    side: str
    duration_s: float
    reps: list[Rep] = field(default_factory=list)
    range_low_deg: float | None = None
    range_high_deg: float | None = None
    hold_s: float | None = None
    symmetry: dict[str, float] | None = None  # side -> its median range (°)
    keyframe_s: float = 0.0  # the moment the keyframe shows (analyse sets it): the first rep's bottom, or mid-hold
    words: list[str] = field(default_factory=list)
    chart_t: list[float] = field(default_factory=list)
    chart_deg: list[float | None] = field(default_factory=list)

    @property
    def range_deg(self) -> float | None:
        if self.range_low_deg is None or self.range_high_deg is None:
            return None
        return self.range_high_deg - self.range_low_deg

    def summary(self) -> dict:
        """Return the result as plain JSON-ready values (without the chart series)."""
        out = asdict(self)
        out.pop("chart_t"), out.pop("chart_deg")
        out["range_deg"] = self.range_deg
        return out


# --- angles ------------------------------------------------------------------------


def joint_angle(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Return the angle ABC in degrees (0–180) for arrays of 2-D points (..., 2); NaN where undefined."""
    u, v = np.asarray(a, float) - b, np.asarray(c, float) - b
    norm = np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / norm
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def angle_series(person: np.ndarray, side: str, angle: str, aspect: float = 1.0) -> np.ndarray:
    """Return one angle per frame for one person's (frames, 33, 4) landmarks; NaN where a joint is unseen."""
    names = ANGLES[angle]
    idx = [JOINTS[side][n] for n in names]
    pts = person[:, idx, :2] * np.array([aspect, 1.0])
    seen = np.all(person[:, idx, 3] >= MIN_VISIBILITY, axis=1)
    out = joint_angle(pts[:, 0], pts[:, 1], pts[:, 2])
    out[~seen] = np.nan
    return out


def _visibility(person: np.ndarray, side: str, angle: str) -> float:
    idx = [JOINTS[side][n] for n in ANGLES[angle]]
    vis = np.nan_to_num(person[:, idx, 3], nan=0.0)
    return float(vis.mean()) if vis.size else 0.0


# --- signal ------------------------------------------------------------------------


def _uniform(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Resample onto an even grid at the clip's usual frame interval; gaps longer than MAX_GAP_S stay NaN."""
    ok = ~np.isnan(y)
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1 / 30
    dt = min(max(dt, 1 / 120), 0.2)
    grid = np.arange(t[0], t[-1] + dt / 2, dt)
    if ok.sum() < 2:
        return grid, np.full(len(grid), np.nan)
    tv, yv = t[ok], y[ok]
    out = np.interp(grid, tv, yv)
    # the gap each grid point falls in: too long a gap, or outside the seen part, stays unknown
    right = np.clip(np.searchsorted(tv, grid), 1, len(tv) - 1)
    gap = tv[right] - tv[right - 1]
    out[(gap > MAX_GAP_S) & ~np.isin(grid, tv)] = np.nan
    out[(grid < tv[0]) | (grid > tv[-1])] = np.nan
    return grid, out


def smooth(y: np.ndarray, dt: float) -> np.ndarray:
    """Return y after a 5-sample running median and a Gaussian of SIGMA_S, both ignoring NaN; NaN stays NaN."""
    n, half = len(y), MEDIAN_FRAMES // 2
    padded = np.pad(y, half, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, MEDIAN_FRAMES)
    with warnings.catch_warnings():  # an all-NaN window is a gap, not a problem
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(windows, axis=1)
    med[np.isnan(y)] = np.nan
    sigma = max(SIGMA_S / dt, 0.5)
    k = np.arange(-int(3 * sigma), int(3 * sigma) + 1)
    kernel = np.exp(-0.5 * (k / sigma) ** 2)
    valid = ~np.isnan(med)
    num = np.convolve(np.where(valid, med, 0.0), kernel, mode="same")
    den = np.convolve(valid.astype(float), kernel, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    out[~valid] = np.nan
    return out[:n]


def _crossing(t: np.ndarray, y: np.ndarray, level: float, start: int, stop: int, falling: bool) -> float | None:
    """The first time in [start, stop] where y passes `level` (downwards if falling), interpolated."""
    for i in range(start, stop):
        a, b = y[i], y[i + 1]
        if np.isnan(a) or np.isnan(b):
            continue
        if (falling and a >= level > b) or (not falling and a <= level < b):
            return float(t[i] + (level - a) / (b - a) * (t[i + 1] - t[i]))
    return None


def find_reps(t: np.ndarray, deg: np.ndarray, down: str, min_range_deg: float) -> list[Rep]:
    """Return the reps in an even, smoothed angle series: top → bottom → top cycles (see the module doc)."""
    s = deg if down == "decreasing" else -deg  # s falls on the way down
    seen = s[~np.isnan(s)]
    if seen.size < 3:
        return []
    p5, p95 = np.percentile(seen, [5, 95])
    swing = p95 - p5
    if swing < min_range_deg:
        return []
    lo, hi = p5 + REP_LOW * swing, p5 + REP_HIGH * swing
    # crossings: indices where s leaves the top band downwards and comes back up
    events, state = [], None
    for i, v in enumerate(s):
        if np.isnan(v):
            continue
        if v >= hi and state != "top":
            events.append(("top", i))
            state = "top"
        elif v <= lo and state != "bottom":
            events.append(("bottom", i))
            state = "bottom"
    reps = []
    for k in range(len(events) - 2):
        (k0, i0), (k1, i1), (k2, i2) = events[k : k + 3]
        if (k0, k1, k2) != ("top", "bottom", "top"):
            continue
        after = events[k + 3][1] if k + 3 < len(events) else len(s) - 1  # where the next descent bottoms
        # the top before: highest point of the plateau before the descent; the bottom: lowest between;
        # the top after: highest point before the next descent
        a = i0 + int(np.nanargmax(s[i0 : i1 + 1]))
        bottom = i1 + int(np.nanargmin(s[i1 : i2 + 1]))
        b = i2 + int(np.nanargmax(s[i2 : after + 1]))
        top_a, low, top_b = s[a], s[bottom], s[b]
        if min(top_a, top_b) - low < min_range_deg:
            continue
        lowering = _phase(t, s, a, bottom, top_a, low, falling=True)
        rising = _phase(t, s, bottom, b, low, top_b, falling=False)
        if lowering is None or rising is None:
            continue
        lowest, highest = float(np.nanmin(deg[a : b + 1])), float(np.nanmax(deg[a : b + 1]))
        reps.append(Rep(float(t[a]), float(t[bottom]), float(t[b]), lowering, rising, lowest, highest))
    return reps


def _phase(t, s, i, j, start_level, end_level, falling: bool) -> float | None:
    """Seconds to move from start_level to end_level at steady speed, timed between 10 % and 90 %."""
    span = end_level - start_level
    first = _crossing(t, s, start_level + TEMPO_BAND * span, i, j, falling)
    last = _crossing(t, s, end_level - TEMPO_BAND * span, i, j, falling)
    if first is None or last is None or last < first:
        return None
    return (last - first) / (1 - 2 * TEMPO_BAND)


def longest_hold(
    t: np.ndarray, deg: np.ndarray, target: float, tolerance: float, where: np.ndarray | None = None
) -> float:
    """Return the longest time (s) the angle stays within `tolerance` of `target` (wobbles < 0.3 s forgiven)."""
    return hold_span(t, deg, target, tolerance, where)[1]


def hold_span(
    t: np.ndarray, deg: np.ndarray, target: float, tolerance: float, where: np.ndarray | None = None
) -> tuple[float | None, float]:
    """Return (start s, seconds) of the longest hold as `longest_hold` measures it; start None if there is none."""
    if len(t) < 2:
        return None, 0.0
    dt = float(np.median(np.diff(t)))
    inside = np.abs(deg - target) <= tolerance
    if where is not None:
        inside &= where
    inside &= ~np.isnan(deg)
    # forgive short wobbles: a run of 'outside' shorter than HOLD_FORGIVE_S between two insides
    forgive = int(round(HOLD_FORGIVE_S / dt))
    runs = _runs(inside)
    filled = inside.copy()
    for value, a, b in runs:
        if not value and a > 0 and b < len(inside) and (b - a) <= forgive:
            filled[a:b] = True
    best = max(((b - a, a) for value, a, b in _runs(filled) if value), default=None)
    return (None, 0.0) if best is None else (float(t[best[1]]), best[0] * dt)


def _runs(mask: np.ndarray) -> list[tuple[bool, int, int]]:
    """Return (value, start, stop) for each run of equal values."""
    if len(mask) == 0:
        return []
    edges = np.flatnonzero(np.diff(mask.astype(int))) + 1
    starts = np.concatenate([[0], edges])
    stops = np.concatenate([edges, [len(mask)]])
    return [(bool(mask[a]), int(a), int(b)) for a, b in zip(starts, stops, strict=True)]


# --- the whole check -----------------------------------------------------------------


def _who(series: LandmarkSeries, spec: MotionSpec) -> np.ndarray:
    """Return the one person's (frames, 33, 4) landmarks, or raise FormCheckRefused (nobody, two people)."""
    if len(series) == 0:
        raise FormCheckRefused(NO_PERSON)
    # anyone at all: some body landmark seen surely, per frame and person
    vis = np.nan_to_num(series.points[:, :, BODY, 3], nan=0.0).max(axis=2)  # (frames, people)
    count = (vis >= MIN_VISIBILITY).sum(axis=1)
    present = count >= 1
    if present.mean() < MIN_PRESENT:
        if present.any():
            raise FormCheckRefused(f"{NO_PERSON} Someone was seen in only {present.mean():.0%} of it.")
        raise FormCheckRefused(NO_PERSON)
    if (count >= 2).sum() > MAX_CROWDED * present.sum():
        raise FormCheckRefused(TWO_PEOPLE)
    pick = np.argmax(vis, axis=1)  # a second person in a few frames: keep the one seen best
    person = series.points[np.arange(len(series)), pick]
    # the joints this exercise needs, on the side seen better, in most of the clip
    names = [n for n in dict.fromkeys(n for a in (spec.angle, spec.hold_angle) if a for n in ANGLES[a])]
    seen = max(
        (np.nan_to_num(person[:, [JOINTS[side][n] for n in names], 3], nan=0.0) >= MIN_VISIBILITY).all(axis=1).mean()
        for side in JOINTS
    )
    if seen < MIN_PRESENT:
        raise FormCheckRefused(NOT_IN_VIEW.format(joints=_joined(names), seen=seen, film=spec.film))
    return person


def frame_near(series: LandmarkSeries, seconds: float) -> int | None:
    """Return the index of the frame nearest `seconds` in which someone is seen, or None if no one is."""
    seen = (np.nan_to_num(series.points[:, :, BODY, 3], nan=0.0) >= MIN_VISIBILITY).any(axis=(1, 2))
    if not seen.any():
        return None
    candidates = np.flatnonzero(seen)
    return int(candidates[np.argmin(np.abs(series.t[candidates] - seconds))])


def person_at(series: LandmarkSeries, index: int) -> np.ndarray:
    """Return the (33, 4) landmarks of the person seen best in one frame (the one `analyse` follows there)."""
    vis = np.nan_to_num(series.points[index][:, BODY, 3], nan=0.0).max(axis=1)
    return series.points[index, int(np.argmax(vis))]


def _joined(names: list[str]) -> str:
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def analyse(
    series: LandmarkSeries,
    spec: MotionSpec,
    *,
    tempo_s: float | None = None,
    hold_s: float | None = None,
    previous_range_deg: float | None = None,
    previous_day: str | None = None,
) -> FormCheck:
    """Return what the clip shows for `spec`'s exercise against its prescription and the last check.

    `tempo_s` is the prescribed lowering time, `hold_s` the prescribed hold, `previous_range_deg`
    the range of the person's last check of this exercise (all optional: unknown is not compared).
    Raises FormCheckRefused when no one, or more than one person, is in the clip, or the movement
    is not seen. Pure: writes nothing.
    """
    person = _who(series, spec)
    side = max(JOINTS, key=lambda s: _visibility(person, s, spec.angle))
    grid, raw = _uniform(series.t, angle_series(person, side, spec.angle, series.aspect))
    dt = float(grid[1] - grid[0]) if len(grid) > 1 else 1 / 30
    deg = smooth(raw, dt)
    if np.isnan(deg).all():
        raise FormCheckRefused(f"The {ANGLE_LABELS[spec.angle]} could not be seen. {spec.film}")
    label = ANGLE_LABELS[spec.angle]
    check = FormCheck(spec.exercise, spec.angle, side, float(series.t[-1] - series.t[0]))
    words = check.words
    moment: float | None = None  # the keyframe's time: the first rep's bottom, or the middle of the hold
    if spec.reps:
        check.reps = find_reps(grid, deg, spec.down, spec.min_range_deg)
        if not check.reps:
            moved = float(np.nanpercentile(deg, 95) - np.nanpercentile(deg, 5))
            raise FormCheckRefused(NO_REPS.format(angle=label, moved=moved))
        n = len(check.reps)
        words.append(f"{n} rep{'s' if n != 1 else ''} counted.")
        moment = check.reps[0].bottom_s
        check.range_low_deg = float(np.median([r.low_deg for r in check.reps]))
        check.range_high_deg = float(np.median([r.high_deg for r in check.reps]))
        words.append(_tempo_words(check.reps, tempo_s, spec))
    else:
        check.range_low_deg, check.range_high_deg = float(np.nanmin(deg)), float(np.nanmax(deg))
    words.append(_range_words(check, label, previous_range_deg, previous_day))
    if spec.hold_angle:
        hold_deg = (
            deg
            if spec.hold_angle == spec.angle
            else smooth(_uniform(series.t, angle_series(person, side, spec.hold_angle, series.aspect))[1], dt)
        )
        where = None
        if spec.hold_at == "top" and check.reps:
            s = deg if spec.down == "decreasing" else -deg
            where = s >= np.nanpercentile(s, 5) + REP_HIGH * (np.nanpercentile(s, 95) - np.nanpercentile(s, 5))
        start, check.hold_s = hold_span(grid, hold_deg, spec.hold_target_deg, spec.hold_tolerance_deg, where)
        if start is not None:  # a hold shows best in its middle (a bridge at its top, not on the floor)
            moment = start + check.hold_s / 2
        words.append(_hold_words(check.hold_s, hold_s, spec))
    if spec.sides:
        check.symmetry = _symmetry(series, person, spec, grid, dt)
        if check.symmetry:
            words.append(_symmetry_words(check.symmetry))
    check.keyframe_s = float(series.t[0] + check.duration_s / 2) if moment is None else moment  # else mid-clip
    keep = _every(grid, 15.0)
    check.chart_t = [round(float(x), 3) for x in grid[keep]]
    check.chart_deg = [None if np.isnan(x) else round(float(x), 1) for x in deg[keep]]
    return check


def _tempo_words(reps: list[Rep], tempo_s: float | None, spec: MotionSpec) -> str:
    down, up = spec.phases
    lowering = float(np.median([r.lowering_s for r in reps]))
    rising = float(np.median([r.rising_s for r in reps]))
    said = f"{down.capitalize()} {lowering:.1f} s, {up} {rising:.1f} s (median of the reps)"
    if not tempo_s:
        return said + "."
    if lowering < tempo_s - ON_TEMPO_S:
        return f"{said}; prescribed {tempo_s:g} s {down}: slow the way down."
    if lowering > tempo_s + 2 * ON_TEMPO_S:
        return f"{said}; prescribed {tempo_s:g} s {down}: slower than asked, fine if it felt controlled."
    return f"{said}; prescribed {tempo_s:g} s {down}: on tempo."


def _range_words(check: FormCheck, label: str, previous: float | None, previous_day: str | None) -> str:
    moved = check.range_deg
    assert moved is not None, "analyse sets both ends of the range before it words it"
    said = f"The {label} went from {check.range_high_deg:.0f}° to {check.range_low_deg:.0f}° ({moved:.0f}° of movement)"
    if previous is None:
        return said + "; the first check of this exercise, so nothing to compare yet."
    change = moved - previous
    when = f"on {previous_day}" if previous_day else "last time"
    if abs(change) < 3:
        return f"{said}: about the same as {when} ({previous:.0f}°)."
    return f"{said}: {abs(change):.0f}° {'more' if change > 0 else 'less'} than {when} ({previous:.0f}°)."


def _hold_words(measured: float, prescribed: float | None, spec: MotionSpec) -> str:
    said = f"Held the line for {measured:.1f} s (within {spec.hold_tolerance_deg:g}°)"
    if not prescribed:
        return said + "."
    if measured + 1 < prescribed:
        return f"{said}; prescribed {prescribed:g} s: {prescribed - measured:.0f} s short."
    return f"{said}; prescribed {prescribed:g} s: held."


def _symmetry(series: LandmarkSeries, person: np.ndarray, spec: MotionSpec, grid, dt) -> dict[str, float] | None:
    """Each side's median rep range (°), where both sides are seen well enough to count reps."""
    out = {}
    for side in JOINTS:
        deg = smooth(_uniform(series.t, angle_series(person, side, spec.angle, series.aspect))[1], dt)
        reps = find_reps(grid, deg, spec.down, spec.min_range_deg)
        if reps:
            out[side] = float(np.median([r.high_deg - r.low_deg for r in reps]))
    return out if len(out) == 2 else None


def _symmetry_words(by_side: dict[str, float]) -> str:
    left, right = by_side["left"], by_side["right"]
    gap = abs(left - right)
    said = f"Left side {left:.0f}°, right side {right:.0f}° of movement"
    if gap < 5:
        return f"{said}: even."
    return f"{said}: the {'left' if left < right else 'right'} moves {gap:.0f}° less."
