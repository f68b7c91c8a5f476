"""Exercise figures drawn from data: a 2D body posed by joint angles, into self-contained SVG.

The body is a stick figure of capsules (a rounded stroke per segment) with an
adult's proportions: head, neck, a trunk of two segments joined at the lumbar
spine (so a neutral spine, a hinge and a cat-camel look different), and per
side an upper arm, forearm, hand, thigh, shin and foot. A pose is a set of
joint angles (`lib/figure_poses.py` holds them, per exercise and variant, as
data); forward kinematics turns it into points, in centimetres, y up, the floor
at y = 0.

Each keyframe says which segments rest on the floor, a seat or a wall, and
which of its angles may move to make that true: a small least-squares solver
adjusts those angles (as little as it can) and the height of the body until
every contact touches its surface exactly. Between keyframes the angles are
interpolated and the same solver keeps the shared contacts on their surfaces,
so a foot never slides through the floor mid-movement.

Output (pure, no I/O except reading the theme colour once):
- `animated_svg(figure, prescription)`: one looping SMIL animation, one
  repetition long at the prescribed tempo (see `cycle_seconds`); no script.
- `strip_svg(figure)`: the keyframes side by side (start → end), for print.
- `contact_sheet_svg()`: every figure of the default library on one sheet.

Conventions (figure facing +x; angles in degrees): `lean` turns the whole body
forward (90 = trunk horizontal, face down; -90 = lying on the back, head to
the left); `lumbar` and `neck` flex forward (negative = extension); `sh`
flexes the arm forward from hanging (180 = overhead), `el` bends the elbow,
`wr` turns the hand forward; `hip` flexes the thigh forward, `kn` bends the
knee (the shin goes back), `an` lifts the toes (negative = pointing them).
Suffix `_n` is the near side (drawn in front), `_f` the far side (drawn
paler, behind). `elev` tips a segment out of the drawing plane (its drawn
length shrinks by cos(elev)), for the few movements that leave the plane.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from functools import lru_cache
from xml.sax.saxutils import escape

from lib import theme
from lib.figure_body import HEAD_R, JOINTS, WIDTHS, Figure, Placed, _add, _placed, extent, settle, width_of

ACCENT = "#c0661f"  # the moving limb: warm, and it is also the one the arrow points from


theme_primary = theme.primary  # the one place the theme's colour is read (lib/theme.py)


def _mix(colour: str, share: float) -> str:
    """`colour` mixed with white: share 1 is the colour, 0 is white."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


def _ease(t: float) -> float:
    return t * t * (3 - 2 * t)


@lru_cache(maxsize=256)
def placed_frames(fig: Figure) -> tuple[Placed, ...]:
    """Return each keyframe of `fig` settled on its contacts. Pure (cached: a figure is immutable data)."""
    return tuple(
        settle(k.angles, k.contacts, k.free, fig.props, fig.anchor, k.elev, k.breath, k.pins) for k in fig.frames
    )


@lru_cache(maxsize=8192)
def _between(fig: Figure, i: int, j: int, t: float) -> Placed:
    a, b = placed_frames(fig)[i], placed_frames(fig)[j]
    ka, kb = fig.frames[i], fig.frames[j]
    angles = {k: a.angles[k] + (b.angles[k] - a.angles[k]) * t for k in JOINTS}
    segs = set(ka.elev) | set(kb.elev)
    elev = {s: ka.elev.get(s, 0.0) + (kb.elev.get(s, 0.0) - ka.elev.get(s, 0.0)) * t for s in segs}
    shared = tuple(c for c in ka.contacts if c in kb.contacts)
    if not shared:  # nothing stays on its surface (getting up): blend the heights of the two ends
        pl = _placed(angles, elev, fig.anchor, 0.0, 0.0)
        low_a = min(extent(a.pose, a.pts, s, 1) for s in a.pose)
        low_b = min(extent(b.pose, b.pts, s, 1) for s in b.pose)
        low = min(extent(pl.pose, pl.pts, s, 1) for s in pl.pose)
        return _placed(
            angles, elev, fig.anchor, low_a + (low_b - low_a) * t - low, a.breath + (b.breath - a.breath) * t
        )
    free = tuple(dict.fromkeys(ka.free + kb.free))
    pins = tuple(p for p in ka.pins if p in kb.pins)
    return settle(angles, shared, free, fig.props, fig.anchor, elev, a.breath + (b.breath - a.breath) * t, pins)


# --- timing -------------------------------------------------------------------------

DEFAULT_MOVE_S = 2.0  # seconds per movement when the prescription has no tempo
MAX_SHOWN_HOLD_S = 3.0  # a long hold is shown for this long; the timer, not the picture, counts the real one
SAMPLES_PER_MOVE = 8  # poses per movement; the browser interpolates between them


def _move_seconds(fig: Figure, prescription: Mapping[str, object] | None) -> float:
    if fig.seconds_per_share:
        return fig.seconds_per_share
    return _number((prescription or {}).get("tempo_s")) or DEFAULT_MOVE_S


def _hold_seconds(fig: Figure, prescription: Mapping[str, object] | None) -> float:
    if fig.hold_at is None:
        return 0.0
    return min(_number((prescription or {}).get("hold_s")), MAX_SHOWN_HOLD_S)


def _number(value: object) -> float:
    """A prescription's value as a number (0 when it is absent or not one)."""
    return float(value) if isinstance(value, numbers.Real) and value else 0.0


def cycle_seconds(fig: Figure, prescription: Mapping[str, object] | None = None) -> float:
    """Return one repetition's length in seconds: every movement at the tempo, plus the hold.

    With `tempo_s` T each movement of the path takes its share × T (a hinge down and back up:
    2 × T, as lib/plan.py counts a repetition); with no tempo, 2 s. A hold is shown for its
    length up to 3 s (the timer, not the picture, counts a long one). Breathing drills and
    walking keep their own pace (one breath of 4 s in and 6 s out; one stride of 1.1 s).
    """
    return sum(w for _, w in fig.path) * _move_seconds(fig, prescription) + _hold_seconds(fig, prescription)


def timeline(fig: Figure, prescription: Mapping[str, object] | None = None) -> list[tuple[float, Placed]]:
    """Return (time in s, placed pose) samples of one repetition, from the start back to the start."""
    per_share, hold = _move_seconds(fig, prescription), _hold_seconds(fig, prescription)
    out = [(0.0, placed_frames(fig)[fig.path[0][0]])]
    t = 0.0
    for (i, _), (j, w) in zip(fig.path, fig.path[1:], strict=False):
        for k in range(1, SAMPLES_PER_MOVE + 1):
            out.append((t + w * per_share * k / SAMPLES_PER_MOVE, _between(fig, i, j, _ease(k / SAMPLES_PER_MOVE))))
        t += w * per_share
        if j == fig.hold_at and hold > 0:
            t += hold
            out.append((t, placed_frames(fig)[j]))
    return out


# --- drawing ------------------------------------------------------------------------

BACK_TO_FRONT = (
    "upper_f",
    "fore_f",
    "hand_f",
    "thigh_f",
    "shin_f",
    "foot_f",
    "pelvis",
    "thorax",
    "neck",
    "thigh_n",
    "shin_n",
    "foot_n",
    "upper_n",
    "fore_n",
    "hand_n",
)


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".").replace("-0", "0") if abs(x) >= 0.05 else "0"


def _pt(p) -> str:
    return f"{_f(p[0])},{_f(-p[1])}"


def _seg_d(pl: Placed, seg: str) -> str:
    if seg == "thorax":  # the trunk is one bent line: hip, lumbar, shoulder
        return f"M{_pt(pl.pts['hip'])}L{_pt(pl.pts['lumbar'])}L{_pt(pl.pts['shoulder'])}"
    a, b = pl.pose[seg]
    return f"M{_pt(a)}L{_pt(b)}"


def _dowel(pl: Placed) -> tuple[tuple[float, float], tuple[float, float]]:
    hip, sh = pl.pts["hip"], pl.pts["shoulder"]
    dx, dy = sh[0] - hip[0], sh[1] - hip[1]
    n = math.hypot(dx, dy) or 1.0
    u, back = (dx / n, dy / n), (-dy / n, dx / n)
    off = WIDTHS["thorax"] / 2 + 2.0
    return _add(_add(hip, back, off), u, -8.0), _add(_add(hip, back, off), u, n + 34.0)


def _colours(primary: str) -> dict[str, str]:
    return {
        "near": primary,
        "far": _mix(primary, 0.45),
        "accent": ACCENT,
        "far_accent": _mix(ACCENT, 0.5),
        "prop": "#8a8f8c",
        "prop_fill": "#eceeed",
        "mat": "#dfe7e4",
        "ghost": _mix(primary, 0.25),
    }


def bounds(samples: Sequence[Placed], fig: Figure) -> tuple[float, float, float, float]:
    """Return (x0, y0, x1, y1) in scene cm covering every sample and prop, floor included."""
    xs, ys = [], [0.0]
    for pl in samples:
        for seg, (a, b) in pl.pose.items():
            w = width_of(seg) / 2
            xs += [a[0] - w, a[0] + w, b[0] - w, b[0] + w]
            ys += [a[1] - w, a[1] + w, b[1] - w, b[1] + w]
        h = pl.pts["head"]
        xs += [h[0] - HEAD_R, h[0] + HEAD_R]
        ys += [h[1] - HEAD_R, h[1] + HEAD_R]
        if any(prop.kind == "dowel" for prop in fig.props):
            for x, y in _dowel(pl):
                xs.append(x)
                ys.append(y)
    for p in fig.props:
        if p.kind == "wall":
            xs.append(p.x - 4)
        if p.kind in ("chair", "box"):
            xs += [p.x, p.x + p.width]
            ys.append(p.height + (40 if p.kind == "chair" else 0))
    return min(xs), min(ys), max(xs), max(ys)


def _viewbox(b, aspect: float = 4 / 3, margin: float = 14.0) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        x0, w = x0 - (h * aspect - w) / 2, h * aspect
    else:
        y0, h = y0 - (w / aspect - h) / 2, w / aspect
    return x0, -(y0 + h), w, h


def _props_svg(fig: Figure, vb, colours) -> list[str]:
    out = []
    x0, _, w, _ = vb
    if fig.view == "above":
        out.append(
            f'<rect x="{_f(x0 + 6)}" y="{_f(vb[1] + 6)}" width="{_f(w - 12)}" height="{_f(vb[3] - 12)}" '
            f'rx="6" fill="{colours["mat"]}"/>'
        )
        return out
    for p in fig.props:
        if p.kind == "mat":
            out.append(
                f'<rect x="{_f(x0 + 8)}" y="0" width="{_f(w - 16)}" height="2.5" rx="1.2" fill="{colours["mat"]}"/>'
            )
        elif p.kind == "wall":
            out.append(
                f'<rect x="{_f(p.x - 5)}" y="{_f(vb[1])}" width="5" height="{_f(-vb[1])}" '
                f'fill="{colours["prop_fill"]}" stroke="{colours["prop"]}" stroke-width="1.2"/>'
            )
        elif p.kind in ("chair", "box"):
            top, x, wd = -p.height, p.x, p.width
            if p.kind == "box":
                out.append(
                    f'<rect x="{_f(x)}" y="{_f(top)}" width="{_f(wd)}" height="{_f(p.height)}" rx="3" '
                    f'fill="{colours["prop_fill"]}" stroke="{colours["prop"]}" stroke-width="1.5"/>'
                )
            else:
                out.append(
                    f'<path d="M{_f(x)},{_f(top)}H{_f(x + wd)}M{_f(x + 3)},{_f(top)}V0M{_f(x + wd - 3)},{_f(top)}V0'
                    f'M{_f(x + wd - 3 if p.back_right else x + 3)},{_f(top)}V{_f(top - 42)}" '
                    f'fill="none" stroke="{colours["prop"]}" '
                    'stroke-width="3" stroke-linecap="round"/>'
                )
    if fig.view != "above":
        out.append(
            f'<line x1="{_f(x0)}" y1="0" x2="{_f(x0 + w)}" y2="0" stroke="{colours["prop"]}" '
            'stroke-width="1.5" class="floor"/>'
        )
    return out


def _segment_colour(fig: Figure, seg: str, colours) -> str:
    far = seg.endswith("_f")
    if seg in fig.moving or (seg == "thorax" and "pelvis" in fig.moving):
        return colours["far_accent" if far else "accent"]
    return colours["far" if far else "near"]


def _arrow_samples(fig: Figure) -> list[Placed]:
    """The poses along the path from the start to the keyframe `arrow_to`."""
    out = [placed_frames(fig)[fig.path[0][0]]]
    for (i, _), (j, _) in zip(fig.path, fig.path[1:], strict=False):
        out += [_between(fig, i, j, _ease(k / SAMPLES_PER_MOVE)) for k in range(1, SAMPLES_PER_MOVE + 1)]
        if j == fig.arrow_to:
            break
    return out


def _arrow(fig: Figure, colours) -> str:
    """A curved, dashed arrow along the path the moving part takes from the start to `arrow_to`."""
    if not fig.moving:
        return ""
    point = fig.arrow_point or ("head" if fig.moving[0] in ("neck", "head") else None)
    samples = _arrow_samples(fig)
    first = samples[0]
    cx0 = sum(p[0] for p in first.pts.values()) / len(first.pts)
    cy0 = sum(p[1] for p in first.pts.values()) / len(first.pts)

    def tip(pl: Placed):
        p = pl.pts[point] if point else pl.pose[fig.moving[0]][1]
        if fig.arrow_offset:
            return p[0] + fig.arrow_offset[0], p[1] + fig.arrow_offset[1]
        dx, dy = p[0] - cx0, p[1] - cy0
        n = math.hypot(dx, dy) or 1.0
        return p[0] + dx / n * 14, p[1] + dy / n * 14

    pts = [tip(pl) for pl in samples]
    (sx, sy), (mx, my), (ex, ey) = pts[0], pts[len(pts) // 2], pts[-1]
    if math.hypot(ex - sx, ey - sy) < 3:
        return ""
    cx, cy = 2 * mx - (sx + ex) / 2, 2 * my - (sy + ey) / 2
    if math.hypot(cx - (sx + ex) / 2, cy - (sy + ey) / 2) < 4:  # a straight path: bow it a little
        cx, cy = (sx + ex) / 2 - (ey - sy) * 0.2, (sy + ey) / 2 + (ex - sx) * 0.2
    tx, ty = ex - cx, ey - cy
    n = math.hypot(tx, ty) or 1.0
    tx, ty = tx / n, ty / n
    h1 = (ex - tx * 7 - ty * 4.5, ey - ty * 7 + tx * 4.5)
    h2 = (ex - tx * 7 + ty * 4.5, ey - ty * 7 - tx * 4.5)
    return (
        f'<g class="arrow" stroke="{colours["accent"]}" stroke-width="2.2">'
        f'<path d="M{_pt((sx, sy))}Q{_pt((cx, cy))} {_pt((ex, ey))}" stroke-dasharray="5 4"/>'
        f'<path d="M{_pt(h1)}L{_pt((ex, ey))}L{_pt(h2)}"/></g>'
    )


def _body(fig: Figure, samples: Sequence[tuple[float, Placed]], colours, total: float | None) -> list[str]:
    """The body's elements; animated over `samples` when `total` is given, else drawn at samples[0]."""
    key_times = ";".join(f"{t / total:.4f}" for t, _ in samples) if total else ""

    def anim(attr: str, values: list[str]) -> str:
        if not total or len(set(values)) == 1:
            return ""
        return (
            f'<animate attributeName="{attr}" dur="{total:.2f}s" repeatCount="indefinite" '
            f'keyTimes="{key_times}" values="{";".join(values)}"/>'
        )

    out = []
    if any(p.kind == "dowel" for p in fig.props):
        vals = [f"M{_pt(_dowel(pl)[0])}L{_pt(_dowel(pl)[1])}" for _, pl in samples]
        out.append(
            f'<path d="{vals[0]}" stroke="#a0734a" stroke-width="3" stroke-linecap="round">{anim("d", vals)}</path>'
        )
    for seg in BACK_TO_FRONT:
        if seg == "pelvis":
            continue  # drawn with the thorax as one trunk line
        vals = [_seg_d(pl, seg) for _, pl in samples]
        w = WIDTHS["thorax" if seg == "thorax" else seg.split("_")[0]]
        out.append(
            f'<path d="{vals[0]}" stroke="{_segment_colour(fig, seg, colours)}" stroke-width="{_f(w)}" '
            f'class="seg {seg}">{anim("d", vals)}</path>'
        )
        if seg == "neck":
            cx = [_f(pl.pts["head"][0]) for _, pl in samples]
            cy = [_f(-pl.pts["head"][1]) for _, pl in samples]
            fill = colours["accent"] if "head" in fig.moving else colours["near"]
            out.append(
                f'<circle cx="{cx[0]}" cy="{cy[0]}" r="{_f(HEAD_R)}" fill="{fill}" stroke="none" class="head">'
                f"{anim('cx', cx)}{anim('cy', cy)}</circle>"
            )
    if any(p.kind == "band" for p in fig.props):
        cx = [_f(pl.pts["knee_n"][0]) for _, pl in samples]
        cy = [_f(-pl.pts["knee_n"][1] + 9) for _, pl in samples]
        out.append(
            f'<ellipse cx="{cx[0]}" cy="{cy[0]}" rx="5" ry="3" fill="none" stroke="{colours["accent"]}" '
            f'stroke-width="2.5" class="band">{anim("cx", cx)}{anim("cy", cy)}</ellipse>'
        )
    if any(p.kind == "weight" for p in fig.props):
        cx = [_f(pl.pts["finger_n"][0]) for _, pl in samples]
        cy = [_f(-pl.pts["finger_n"][1] + 5) for _, pl in samples]
        out.append(
            f'<circle cx="{cx[0]}" cy="{cy[0]}" r="7" fill="#55595a" class="weight">'
            f"{anim('cx', cx)}{anim('cy', cy)}</circle>"
        )
    if any(pl.breath for _, pl in samples):
        cx = [_f(pl.pts["belly"][0]) for _, pl in samples]
        cy = [_f(-pl.pts["belly"][1]) for _, pl in samples]
        r = [_f(1.5 + 4.5 * pl.breath) for _, pl in samples]
        out.append(
            f'<circle cx="{cx[0]}" cy="{cy[0]}" r="{r[0]}" fill="none" stroke="{colours["accent"]}" '
            f'stroke-width="2" class="breath">{anim("cx", cx)}{anim("cy", cy)}{anim("r", r)}</circle>'
        )
    return out


def _svg(inner: list[str], vb, width: int | None, title: str) -> str:
    size = f' width="{width}" height="{round(width * vb[3] / vb[2])}"' if width else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_f(vb[0])} {_f(vb[1])} {_f(vb[2])} {_f(vb[3])}"'
        f'{size} role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>"
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">' + "".join(inner) + "</g></svg>"
    )


def describe(fig: Figure) -> str:
    """Return the figure's text alternative: what it shows and from where."""
    views = {"side": "seen from the side", "front": "seen from the front", "above": "seen from above"}
    steps = " → ".join(dict.fromkeys(fig.frames[i].name for i, _ in fig.path))
    return f"{fig.title}, {views[fig.view]}: {steps}." + (f" {fig.note}" if fig.note else "")


def animated_svg(
    fig: Figure, prescription: Mapping[str, object] | None = None, width: int | None = None, primary: str | None = None
) -> str:
    """Return the figure as one self-contained SVG that loops one repetition at the prescribed tempo. Pure."""
    colours = _colours(primary or theme_primary())
    samples = timeline(fig, prescription)
    total = cycle_seconds(fig, prescription)
    vb = _viewbox(bounds([pl for _, pl in samples], fig))
    inner = _props_svg(fig, vb, colours) + [_arrow(fig, colours)] + _body(fig, samples, colours, total)
    return _svg(inner, vb, width, describe(fig))


def frame_svg(
    fig: Figure, index: int, width: int | None = None, primary: str | None = None, arrow: bool = False
) -> str:
    """Return one keyframe as a still SVG, framed like the animation (same scale for every frame). Pure."""
    colours = _colours(primary or theme_primary())
    vb = _viewbox(bounds([pl for _, pl in timeline(fig)], fig))
    pl = placed_frames(fig)[index]
    inner = (
        _props_svg(fig, vb, colours)
        + ([_arrow(fig, colours)] if arrow else [])
        + _body(fig, [(0.0, pl)], colours, None)
    )
    return _svg(inner, vb, width, f"{fig.title}: {fig.frames[index].name}")


def strip_frames(fig: Figure) -> tuple[int, ...]:
    """Return the keyframes a print strip shows: each distinct one in the order the movement meets it."""
    return tuple(dict.fromkeys(i for i, _ in fig.path))


def strip_svg(fig: Figure, height: int | None = None, primary: str | None = None) -> str:
    """Return the keyframes side by side, start → end, each with its arrow to the next, for print. Pure."""
    colours = _colours(primary or theme_primary())
    vb = _viewbox(bounds([pl for _, pl in timeline(fig)], fig))
    order = strip_frames(fig)
    gap = vb[2] * 0.12
    parts = []
    for n, i in enumerate(order):
        dx = n * (vb[2] + gap)
        pl = placed_frames(fig)[i]
        body = (
            _props_svg(fig, vb, colours)
            + ([_arrow(fig, colours)] if n == 0 else [])
            + _body(fig, [(0.0, pl)], colours, None)
        )
        parts.append(f'<g transform="translate({_f(dx)},0)" class="frame">' + "".join(body) + "</g>")
        if n < len(order) - 1:
            ax, ay = vb[0] + dx + vb[2] + gap * 0.2, vb[1] + vb[3] * 0.5
            parts.append(
                f'<path d="M{_f(ax)},{_f(ay)}h{_f(gap * 0.6)}m-6,-5l6,5l-6,5" stroke="{colours["prop"]}" '
                'stroke-width="2.5"/>'
            )
    total_w = len(order) * vb[2] + (len(order) - 1) * gap
    svb = (vb[0], vb[1], total_w, vb[3])
    width = round(height * total_w / vb[3]) if height else None
    return _svg(parts, svb, width, describe(fig))


def inline_html(svg: str) -> str:
    """Return `svg` for inlining in an HTML page (the HTML parser supplies the SVG namespace itself)."""
    return svg.replace(' xmlns="http://www.w3.org/2000/svg"', "", 1)


# --- the library's figures ----------------------------------------------------------


def figure_for(exercise: str, variant: str | None = None) -> Figure | None:
    """Return the figure of a default exercise (and variant; its first variant when None), or None."""
    from lib.figure_poses import FIGURES  # on first use: building the poses settles every keyframe

    if (exercise, variant) in FIGURES:
        return FIGURES[(exercise, variant)]
    chain = [f for (name, _), f in FIGURES.items() if name == exercise]
    return chain[0] if chain and variant is None else None


def exercise_svg(
    exercise: str,
    variant: str | None = None,
    prescription: Mapping[str, object] | None = None,
    width: int | None = None,
) -> str | None:
    """Return the animated SVG of an exercise at its prescription, or None when it has no figure. Pure."""
    fig = figure_for(exercise, variant if variant is not None else (prescription or {}).get("variant"))  # type: ignore[arg-type]
    return animated_svg(fig, prescription, width) if fig else None


def exercise_strip(exercise: str, variant: str | None = None, height: int | None = None) -> str | None:
    """Return the start → end strip of an exercise for print, or None when it has no figure. Pure."""
    fig = figure_for(exercise, variant)
    return strip_svg(fig, height) if fig else None


def all_figures() -> tuple[Figure, ...]:
    """Return every figure, in the library's order (lib/exercises.py), variants easiest first."""
    from lib.exercises import LIBRARY
    from lib.figure_poses import FIGURES

    order = [(e.name, v) for e in LIBRARY for v in (e.variants or (None,))]
    return tuple(FIGURES[k] for k in order if k in FIGURES)


def contact_sheet_svg(row_height: int = 150, primary: str | None = None) -> str:
    """Return every figure on one sheet: per row its name, the animation, then its frames start → end. Pure."""
    from lib.exercises import BY_NAME

    colours = _colours(primary or theme_primary())
    rows, y, widest = [], 0, 0
    label_h, gap = 24, 16
    for fig in all_figures():
        start = BY_NAME[fig.exercise.casefold()].start_prescription()
        anim = animated_svg(fig, start, primary=primary)
        strip = strip_svg(fig, primary=primary)
        anim_w = round(row_height * 4 / 3)
        vb = [float(v) for v in strip.split('viewBox="')[1].split('"')[0].split()]
        strip_w = round(row_height * vb[2] / vb[3])
        rows.append(
            f'<text x="0" y="{y + 17}" font-family="sans-serif" font-size="15" fill="#333">'
            f"{escape(fig.title)} · {cycle_seconds(fig, start):g} s a repetition</text>"
        )
        for x, w, svg in ((0, anim_w, anim), (anim_w + gap * 2, strip_w, strip)):
            inner = svg.replace(
                "<svg ",
                f'<svg x="{x}" y="{y + label_h}" width="{w}" height="{row_height}" '
                f'class="cell" data-figure="{escape(fig.title, {chr(34): "&quot;"})}" ',
                1,
            )
            rows.append(inner)
        rows.append(
            f'<line x1="{anim_w + gap}" y1="{y + label_h}" x2="{anim_w + gap}" y2="{y + label_h + row_height}" '
            f'stroke="{colours["mat"]}" stroke-width="1"/>'
        )
        widest = max(widest, anim_w + gap * 2 + strip_w)
        y += label_h + row_height + gap
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {widest + 20} {y + 10}" '
        f'width="{widest + 20}" height="{y + 10}" role="img" aria-label="Every exercise figure of Poise">'
        f'<rect x="-10" y="-10" width="{widest + 20}" height="{y + 10}" fill="#ffffff"/>' + "".join(rows) + "</svg>"
    )
