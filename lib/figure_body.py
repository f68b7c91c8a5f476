"""The body of the exercise figures: its proportions, joints and limits, the data a figure is made of, forward
kinematics and the contact solver. Pure, no drawing.

lib/figures.py draws these as SVG and lib/figure_poses.py holds the keyframes of every exercise; both import
this module and neither imports the other (no import cycle). The conventions of the angles are those told in
lib/figures.py.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Segment lengths (cm) of an adult about 174 cm tall, and the drawn width of each capsule.
LENGTHS = {
    "pelvis": 18.0,
    "thorax": 33.0,
    "neck": 8.0,
    "upper": 29.0,
    "fore": 25.0,
    "hand": 9.0,
    "thigh": 43.0,
    "shin": 42.0,
    "foot": 19.0,
}
WIDTHS = {
    "pelvis": 13.0,
    "thorax": 13.0,
    "neck": 7.0,
    "upper": 6.5,
    "fore": 6.5,
    "hand": 6.5,
    "thigh": 11.0,
    "shin": 8.5,
    "foot": 6.0,
}
HEAD_R = 10.5
HEAD_OFFSET = 10.0  # from the top of the neck to the centre of the head

JOINTS = (
    "lean",
    "lumbar",
    "neck",
    "sh_n",
    "el_n",
    "wr_n",
    "sh_f",
    "el_f",
    "wr_f",
    "hip_n",
    "kn_n",
    "an_n",
    "hip_f",
    "kn_f",
    "an_f",
)

# What a body can do, per joint (degrees, in the conventions above). `lean` is the whole body, not a joint.
LIMITS: dict[str, tuple[float, float]] = {
    "lean": (-180.0, 180.0),
    "lumbar": (-40.0, 50.0),  # extension 40 (a press-up, with the thoracic spine), flexion 50
    "neck": (-50.0, 60.0),
    "sh": (-60.0, 180.0),  # extension 60, flexion 180
    "el": (0.0, 150.0),
    "wr": (-70.0, 95.0),  # flexion 70; hand flat on the floor under the shoulder needs 90 extension
    "hip": (-30.0, 130.0),  # extension 30 (or, seen from the front, adduction 30), flexion 130
    "kn": (0.0, 155.0),
    "an": (-55.0, 30.0),  # plantarflexion 55 (kneeling on the top of the foot), dorsiflexion 30
}


def limit_of(joint: str) -> tuple[float, float]:
    """Return the (low, high) range of a joint key such as 'hip_n' or 'lumbar'."""
    return LIMITS[joint.split("_")[0]]


# --- the data a figure is made of ---------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """A segment that rests on a surface: 'floor', 'seat' (the prop's top) or 'wall' (its face).

    `flat`: both ends of the segment touch (a foot flat on the floor), not only its lowest point.
    `above`: the segment may not go below the surface but need not touch it (the solid floor).
    """

    segment: str
    surface: str = "floor"
    flat: bool = False
    above: bool = False


@dataclass(frozen=True, eq=False)  # compared and cached by identity: its angles are a dict
class Keyframe:
    """One position: its name, its joint angles, what rests where, and which angles may settle."""

    name: str
    angles: Mapping[str, float]
    contacts: tuple[Contact, ...] = ()
    free: tuple[str, ...] = ()  # angles the solver may adjust to make the contacts true
    elev: Mapping[str, float] = field(default_factory=dict)  # segment -> degrees out of the drawing plane
    breath: float = 0.0  # 0..1: the belly marker of the breathing drills
    pins: tuple[tuple[str, float], ...] = ()  # (point, x): stays at that x (hands that do not slide)


@dataclass(frozen=True)
class Prop:
    """Something drawn with the figure. kind: mat, wall, chair, box, band, dowel, weight.

    Wall: `x` its face. Chair and box: seat top at `height`, from `x` to `x + width`.
    Band, dowel and weight follow the body (knees, back, hands).
    """

    kind: str
    x: float = 0.0
    height: float = 0.0
    width: float = 0.0
    back_right: bool = False  # a chair faced from the front: its backrest on the far side


@dataclass(frozen=True, eq=False)
class Figure:
    """The drawing of one exercise (and variant): its keyframes and how the animation walks them.

    `path`: (keyframe index, share of the tempo to get there) from the start round to the start
    again; one pass is one repetition. `hold_at`: the keyframe where a hold is held. `moving`:
    the highlighted segments; the arrow follows the end of the first one from frame 0 to `arrow_to`.
    `anchor`: the point that stays put horizontally (a heel, a hand, a knee).
    """

    exercise: str
    variant: str | None
    view: str  # 'side', 'front' or 'above'
    frames: tuple[Keyframe, ...]
    path: tuple[tuple[int, float], ...]
    moving: tuple[str, ...] = ()
    hold_at: int | None = None
    props: tuple[Prop, ...] = ()
    anchor: str = "heel_n"
    arrow_to: int = 1
    arrow_point: str = ""  # the point whose path the arrow draws (default: the moving limb's end)
    arrow_offset: tuple[float, float] | None = None  # where the arrow runs beside that path (default: outwards)
    note: str = ""  # what the view shows, for the title and the print caption
    seconds_per_share: float | None = None  # a fixed pace (a breath, a stride) instead of the tempo

    @property
    def title(self) -> str:
        return self.exercise + (f" — {self.variant}" if self.variant else "")


# --- forward kinematics -------------------------------------------------------------


def _d(angle: float) -> tuple[float, float]:
    a = math.radians(angle)
    return math.cos(a), math.sin(a)


def _add(p, v, k=1.0):
    return p[0] + v[0] * k, p[1] + v[1] * k


Pose = dict[str, tuple[tuple[float, float], tuple[float, float]]]  # segment -> (start, end)


def kinematics(angles: Mapping[str, float], elev: Mapping[str, float] | None = None) -> tuple[Pose, dict]:
    """Return every segment's two end points (hip at the origin) and the named points.

    Pure; angles missing from `angles` are 0 (standing tall, arms by the sides).
    """
    a = {j: float(angles.get(j, 0.0)) for j in JOINTS}
    elev = elev or {}

    def seg(start, angle, name, side=""):
        shrink = math.cos(math.radians(elev.get(name + side, elev.get(name, 0.0)))) if elev else 1.0
        return _add(start, _d(angle), LENGTHS[name] * shrink)

    pose: Pose = {}
    pts: dict[str, tuple[float, float]] = {"hip": (0.0, 0.0)}
    a_pelvis = 90.0 - a["lean"]
    a_thorax = a_pelvis - a["lumbar"]
    a_neck = a_thorax - a["neck"]
    pts["lumbar"] = seg(pts["hip"], a_pelvis, "pelvis")
    pts["shoulder"] = seg(pts["lumbar"], a_thorax, "thorax")
    pts["neck"] = seg(pts["shoulder"], a_neck, "neck")
    pts["head"] = _add(pts["neck"], _d(a_neck), HEAD_OFFSET)
    pose["pelvis"] = (pts["hip"], pts["lumbar"])
    pose["thorax"] = (pts["lumbar"], pts["shoulder"])
    pose["neck"] = (pts["shoulder"], pts["neck"])
    pts["midback"] = _add(
        _add(pts["lumbar"], _d(a_thorax), LENGTHS["thorax"] / 2), _d(a_thorax + 90), WIDTHS["thorax"] / 2
    )
    pts["belly"] = _add(_add(pts["lumbar"], _d(a_thorax), 4.0), _d(a_thorax - 90), WIDTHS["thorax"] / 2 + 1.5)
    for s in ("n", "f"):
        a_up = a_thorax + 180.0 + a[f"sh_{s}"]
        a_fore = a_up + a[f"el_{s}"]
        a_hand = a_fore + a[f"wr_{s}"]
        pts[f"elbow_{s}"] = seg(pts["shoulder"], a_up, "upper", f"_{s}")
        pts[f"wrist_{s}"] = seg(pts[f"elbow_{s}"], a_fore, "fore", f"_{s}")
        pts[f"finger_{s}"] = seg(pts[f"wrist_{s}"], a_hand, "hand", f"_{s}")
        a_thigh = a_pelvis + 180.0 + a[f"hip_{s}"]
        a_shin = a_thigh - a[f"kn_{s}"]
        a_foot = a_shin + 90.0 + a[f"an_{s}"]
        pts[f"knee_{s}"] = seg(pts["hip"], a_thigh, "thigh", f"_{s}")
        pts[f"ankle_{s}"] = seg(pts[f"knee_{s}"], a_shin, "shin", f"_{s}")
        shrink = math.cos(math.radians(elev.get(f"foot_{s}", 0.0)))
        u, n = _d(a_foot), _d(a_foot - 90.0)
        heel = _add(_add(pts[f"ankle_{s}"], n, 4.0), u, -3.0 * shrink)
        pts[f"heel_{s}"], pts[f"toe_{s}"] = heel, _add(heel, u, LENGTHS["foot"] * shrink)
        pose[f"upper_{s}"] = (pts["shoulder"], pts[f"elbow_{s}"])
        pose[f"fore_{s}"] = (pts[f"elbow_{s}"], pts[f"wrist_{s}"])
        pose[f"hand_{s}"] = (pts[f"wrist_{s}"], pts[f"finger_{s}"])
        pose[f"thigh_{s}"] = (pts["hip"], pts[f"knee_{s}"])
        pose[f"shin_{s}"] = (pts[f"knee_{s}"], pts[f"ankle_{s}"])
        pose[f"foot_{s}"] = (pts[f"heel_{s}"], pts[f"toe_{s}"])
    return pose, pts


def width_of(segment: str) -> float:
    """Return the drawn width (cm) of a segment ('head' is the head's diameter)."""
    return 2 * HEAD_R if segment == "head" else WIDTHS[segment.split("_")[0]]


def extent(pose: Pose, pts: Mapping, segment: str, axis: int) -> float:
    """Return the lowest coordinate (axis 0: x, 1: y) of a segment's outline."""
    if segment == "head":
        return pts["head"][axis] - HEAD_R
    a, b = pose[segment]
    return min(a[axis], b[axis]) - width_of(segment) / 2


# --- placing a pose: contacts and the solver ----------------------------------------


def _surface(props: Sequence[Prop], surface: str) -> float:
    if surface == "floor":
        return 0.0
    kind = {"seat": ("chair", "box"), "wall": ("wall",)}[surface]
    for p in props:
        if p.kind in kind:
            return p.x if surface == "wall" else p.height
    raise ValueError(f"a {surface} contact needs a {'/'.join(kind)} prop")


@dataclass(frozen=True)
class Placed:
    """A pose placed in the scene: segment end points and named points, floor at y = 0."""

    pose: Pose
    pts: dict
    angles: dict
    breath: float


def _placed(angles, elev, anchor: str, dy: float, breath: float) -> Placed:
    pose, pts = kinematics(angles, elev)
    ax = pts[anchor][0]

    def move(p):
        return p[0] - ax, p[1] + dy

    return Placed(
        {k: (move(a), move(b)) for k, (a, b) in pose.items()},
        {k: move(p) for k, p in pts.items()},
        dict(angles),
        breath,
    )


def _residuals(
    pl: Placed, contacts: Sequence[Contact], props: Sequence[Prop], pins: Sequence[tuple[str, float]] = ()
) -> list[float]:
    out = [pl.pts[point][0] - x for point, x in pins]
    for c in contacts:
        level = _surface(props, c.surface)
        axis = 0 if c.surface == "wall" else 1
        if c.flat:
            a, b = pl.pose[c.segment]
            out += [a[axis] - width_of(c.segment) / 2 - level, b[axis] - width_of(c.segment) / 2 - level]
        elif c.above:
            out.append(min(0.0, extent(pl.pose, pl.pts, c.segment, axis) - level))
        else:
            out.append(extent(pl.pose, pl.pts, c.segment, axis) - level)
    return out


def _solve(m: int, n: int, jac: list[list[float]], r: list[float], damping: float) -> list[float]:
    # (JᵀJ + μI) δ = -Jᵀr, by Gaussian elimination (n is at most a handful of unknowns).
    a = [
        [sum(jac[k][i] * jac[k][j] for k in range(m)) + (damping if i == j else 0.0) for j in range(n)]
        + [-sum(jac[k][i] * r[k] for k in range(m))]
        for i in range(n)
    ]
    for i in range(n):
        p = max(range(i, n), key=lambda row: abs(a[row][i]))
        a[i], a[p] = a[p], a[i]
        for row in range(n):
            if row != i and a[i][i]:
                f = a[row][i] / a[i][i]
                a[row] = [x - f * y for x, y in zip(a[row], a[i], strict=True)]
    return [a[i][n] / a[i][i] if a[i][i] else 0.0 for i in range(n)]


def settle(
    angles: Mapping[str, float],
    contacts: Sequence[Contact],
    free: Sequence[str],
    props: Sequence[Prop],
    anchor: str,
    elev=None,
    breath: float = 0.0,
    pins: Sequence[tuple[str, float]] = (),
) -> Placed:
    """Return the pose placed so every contact touches its surface, moving the `free` angles least.

    The floor is solid: a segment that would pass through it becomes a contact too (it rests
    on the floor), and the pose is settled again. Pure.
    """
    contacts = list(contacts)
    for _ in range(4):
        placed = _settle(angles, contacts, free, props, anchor, elev, breath, pins)
        if not any(c.surface == "floor" for c in contacts):
            return placed
        touching = {c.segment for c in contacts}
        through = [
            s for s in [*placed.pose, "head"] if s not in touching and extent(placed.pose, placed.pts, s, 1) < -0.05
        ]
        if not through:
            return placed
        contacts += [Contact(s, above=True) for s in through]
        angles = placed.angles
    return placed


def _settle(
    angles: Mapping[str, float],
    contacts: Sequence[Contact],
    free: Sequence[str],
    props: Sequence[Prop],
    anchor: str,
    elev=None,
    breath: float = 0.0,
    pins: Sequence[tuple[str, float]] = (),
) -> Placed:
    """The contacts made true by Gauss-Newton with a little damping from the guess (the height always free)."""
    angles = {j: float(angles.get(j, 0.0)) for j in JOINTS}
    free = [f for f in free if f in angles]
    floor_like = [c for c in contacts if c.surface != "wall" and not c.above]
    dy = 0.0
    if not contacts and not pins:
        return _placed(angles, elev, anchor, 0.0, breath)
    for _ in range(80):
        pl = _placed(angles, elev, anchor, dy, breath)
        r = _residuals(pl, contacts, props, pins)
        if max(abs(x) for x in r) < 0.02:  # 0.2 mm: far below a pixel at any size drawn
            break
        cols = []
        for f in free:
            trial = dict(angles, **{f: angles[f] + 0.01})
            r2 = _residuals(_placed(trial, elev, anchor, dy, breath), contacts, props, pins)
            cols.append([(y - x) / 0.01 for x, y in zip(r, r2, strict=True)])
        if floor_like:  # the height: every contact on a floor or seat moves with it
            r2 = _residuals(_placed(angles, elev, anchor, dy + 0.01, breath), contacts, props, pins)
            cols.append([(y - x) / 0.01 for x, y in zip(r, r2, strict=True)])
        jac = [[col[k] for col in cols] for k in range(len(r))]
        step = _solve(len(r), len(cols), jac, r, 1e-3)
        for f, s in zip(free, step, strict=False):
            low, high = (-180.0, 180.0) if f == "lean" else limit_of(f)
            angles[f] = max(low, min(high, angles[f] + max(-15.0, min(15.0, s))))
        if floor_like:
            dy += step[-1]
    return _placed(angles, elev, anchor, dy, breath)
