"""The form check's two drawings, as self-contained SVG (no script, no address): how to film, and the skeleton.

- `filming_svg(spec)`: where the phone goes. Left, what the phone should see (the exercise's
  own figure from lib/figures.py, whole body inside the screen); right, the room seen from
  above: the phone 2–3 m away, at the side (or in front, for a front view), at hip height
  or at floor level as the exercise needs.
- `skeleton_svg(person, aspect, photo=...)`: the landmarks of one frame drawn as a skeleton,
  over that frame's JPEG when there is one (embedded as a data: URI, so the SVG needs
  nothing else), else over a plain background; the tracked angle's two bones stand out.

Pure: numbers and bytes in, a string out.
"""

from __future__ import annotations

import base64
import math
from xml.sax.saxutils import escape

import numpy as np

from lib import figures, theme
from lib.motion import ANGLE_LABELS, ANGLES, JOINTS, MIN_VISIBILITY, NOSE, angle_series
from lib.motion_specs import MotionSpec
from lib.theme import FONT

__all__ = ["FILM_DISTANCE", "filming_words", "filming_svg", "skeleton_svg"]

FILM_DISTANCE = "2–3 m"
_INK, _SCREEN, _NOTE, _PHONE = "#2b2f2e", "#f4f6f5", "#5b6360", "#30343a"

# The skeleton: which joints are joined, by name on each side, plus the shoulders and the hips.
_LIMBS = (("shoulder", "elbow"), ("elbow", "wrist"), ("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle"))


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _nested(svg: str, x: float, y: float, w: float, h: float) -> str:
    """Place a whole <svg> document inside another at (x, y), w × h (it keeps its own viewBox)."""
    return svg.replace(
        '<svg xmlns="http://www.w3.org/2000/svg"', f'<svg x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}"', 1
    )


def _text(x: float, y: float, words: str, size: int = 20, anchor: str = "start", colour: str = _INK) -> str:
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" fill="{colour}">{escape(words)}</text>'


def filming_words(spec: MotionSpec) -> str:
    """Return what the filming drawing shows, in one sentence (its title, and the image's text alternative)."""
    return (
        f"How to film {spec.exercise}: the phone {FILM_DISTANCE} away, "
        f"{'at your side' if spec.view == 'side' else 'in front of you'}, at {spec.camera_height}, "
        "your whole body inside the picture."
    )


def filming_svg(spec: MotionSpec, width: int = 560) -> str:
    """Return the drawing of how to film `spec`'s exercise: what the phone sees, and where it stands. Pure."""
    fig = figures.figure_for(spec.exercise)
    side = spec.view == "side"
    title = filming_words(spec)
    parts = [
        _text(200, 22, "What the phone sees", anchor="middle"),
        f'<rect x="10" y="34" width="380" height="220" rx="24" fill="{_PHONE}"/>',
        f'<rect x="24" y="48" width="352" height="192" rx="8" fill="{_SCREEN}"/>',
        _text(200, 280, "your " + ("side" if side else "front") + ", head to feet", 17, "middle", _NOTE),
    ]
    if fig is not None:
        parts.append(_nested(figures.frame_svg(fig, 0), 30, 52, 340, 184))
    # The room from above: you at (500, 150); the phone at your side (to the right) or in front of you.
    you_x, you_y, phone_x = 495.0, 150.0, 685.0
    facing = -90.0 if side else 0.0  # degrees, 0 = towards the phone
    fx, fy = math.cos(math.radians(facing)), math.sin(math.radians(facing))
    parts += [
        _text(600, 22, "Seen from above", anchor="middle"),
        f'<ellipse cx="{you_x:g}" cy="{you_y:g}" rx="{14 if not side else 34}" ry="{34 if not side else 14}" '
        f'fill="{theme.primary()}"/>',
        f'<circle cx="{you_x:g}" cy="{you_y:g}" r="11" fill="#5f9488"/>',
        f'<path d="M{you_x + 22 * fx:g},{you_y + 22 * fy:g} l{-6 * fy - 5 * fx:g},{6 * fx - 5 * fy:g} '
        f'M{you_x + 22 * fx:g},{you_y + 22 * fy:g} l{6 * fy - 5 * fx:g},{-6 * fx - 5 * fy:g}" '
        f'stroke="{_INK}" stroke-width="3" stroke-linecap="round"/>',
        _text(you_x, you_y + 68, "you, facing" + (" this way" if side else " the phone"), 17, "middle", _NOTE),
        f'<path d="M{phone_x - 8:g},{you_y:g} L{you_x:g},{you_y - 50:g} M{phone_x - 8:g},{you_y:g} '
        f'L{you_x:g},{you_y + 50:g}" stroke="{_NOTE}" stroke-width="1.5" stroke-dasharray="5 5"/>',
        f'<rect x="{phone_x - 8:g}" y="{you_y - 22:g}" width="14" height="44" rx="4" fill="{_PHONE}"/>',
        _text(phone_x, you_y - 34, "phone", 17, "middle", _NOTE),
        _text(phone_x, you_y + 40, f"at {spec.camera_height}", 17, "middle", _NOTE),
        f'<path d="M{you_x:g},236 H{phone_x:g} M{you_x + 8:g},230 l-8,6 l8,6 M{phone_x - 8:g},230 l8,6 l-8,6" '
        f'stroke="{_INK}" stroke-width="2" fill="none"/>',
        _text((you_x + phone_x) / 2, 264, FILM_DISTANCE, 20, "middle"),
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 290" width="{width}" '
        f'height="{round(width * 290 / 760)}" role="img" aria-label="{_attr(title)}" font-family="{_attr(FONT)}">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )


def skeleton_svg(
    person: np.ndarray,
    aspect: float,
    *,
    photo: bytes | None = None,
    spec: MotionSpec | None = None,
    side: str | None = None,
    width: int = 480,
    title: str = "The body's outline",
) -> str:
    """Return one frame's landmarks, (33, 4) as lib.motion reads them, drawn as a skeleton. Pure.

    Over `photo` (the frame as JPEG bytes, the same aspect) when given, else over a plain panel.
    With `spec` and `side`, the tracked angle's two bones are drawn in the accent colour and its
    value is written at its joint. Joints seen less surely than MIN_VISIBILITY are left out.
    """
    w, h = 1000.0 * aspect, 1000.0
    u = max(w, h) / 100  # strokes and text in hundredths of the long side: the same look at any aspect
    seen = np.nan_to_num(person[:, 3], nan=0.0) >= MIN_VISIBILITY

    def at(index: int) -> tuple[float, float]:
        return float(person[index, 0]) * w, float(person[index, 1]) * h

    def bone(a: int, b: int, colour: str, stroke: float) -> str:
        if not (seen[a] and seen[b]):
            return ""
        (x0, y0), (x1, y1) = at(a), at(b)
        return (
            f'<path d="M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}" stroke="{colour}" stroke-width="{stroke:g}" '
            'stroke-linecap="round"/>'
        )

    pairs = [(JOINTS["left"]["shoulder"], JOINTS["right"]["shoulder"]), (JOINTS["left"]["hip"], JOINTS["right"]["hip"])]
    pairs += [(JOINTS[s][a], JOINTS[s][b]) for s in JOINTS for a, b in _LIMBS]
    tracked: list[tuple[int, int]] = []
    label = ""
    if spec is not None and side in JOINTS:
        first, middle, last = (JOINTS[side][n] for n in ANGLES[spec.angle])
        tracked = [(first, middle), (middle, last)]
        degrees = angle_series(person[None], side, spec.angle, aspect)[0]
        label = "" if np.isnan(degrees) else f"{ANGLE_LABELS[spec.angle].capitalize()}: {degrees:.0f}°"
    backdrop = (
        f'<image href="data:image/jpeg;base64,{base64.b64encode(photo).decode()}" x="0" y="0" '
        f'width="{w:.0f}" height="{h:.0f}" preserveAspectRatio="none"/>'
        if photo
        else f'<rect width="{w:.0f}" height="{h:.0f}" fill="{_SCREEN}"/>'
    )
    parts = [backdrop]
    parts += [bone(a, b, "#1b1e1d", 2.2 * u) for a, b in pairs]  # a dark edge: seen on light and dark
    parts += [bone(a, b, "#ffffff", 1.1 * u) for a, b in pairs if (a, b) not in tracked]
    parts += [bone(a, b, figures.ACCENT, 1.4 * u) for a, b in tracked]
    drawn = sorted({j for pair in pairs for j in pair} | {NOSE})
    parts += [
        f'<circle cx="{at(i)[0]:.1f}" cy="{at(i)[1]:.1f}" r="{1.1 * u:.1f}" fill="#ffffff" stroke="#1b1e1d" '
        f'stroke-width="{0.4 * u:.1f}"/>'
        for i in drawn
        if seen[i]
    ]
    if label:  # the value in a corner, where it never covers the body
        parts.append(
            f'<text x="{2 * u:.1f}" y="{5 * u:.1f}" font-size="{4 * u:.0f}" fill="{figures.ACCENT}" '
            f'stroke="#ffffff" stroke-width="{0.6 * u:.1f}" paint-order="stroke">{escape(label)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0f} {h:.0f}" width="{width}" '
        f'height="{round(width / aspect)}" role="img" aria-label="{_attr(title)}" font-family="{_attr(FONT)}">'
        f"<title>{escape(title)}</title>" + "".join(parts) + "</svg>"
    )
