"""One form check from a clip's bytes to what the page shows: landmarks, analysis, keyframe, the stored result.

`check_clip` is the seam every source of a clip uses: an upload today, a clip attached to
the exercise (lib.store.media) later. The clip exists on disk only inside the call, in a
temporary folder (lib.pose_sidecar); the keyframe — a frame of the person's video — is
returned in memory for this result only and never stored: the stored landmark series is
enough to draw the skeleton again without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from lib import motion, pose_sidecar, store
from lib.motion_drawings import skeleton_svg
from lib.motion_specs import NOT_AVAILABLE, spec_for

__all__ = ["CheckShown", "check_clip"]


@dataclass(frozen=True)
class CheckShown:
    """A form check as the page shows it: the analysis, the keyframe drawing (or None) and the stored row's id."""

    check: motion.FormCheck
    keyframe_svg: str | None
    check_id: int


def check_clip(
    con: duckdb.DuckDBPyConnection,
    exercise: str,
    today: date,
    prescription: Mapping[str, Any],
    data: bytes,
    on_progress: Callable[[float], None] | None = None,
) -> CheckShown:
    """Read a clip's bytes, analyse them against the prescription and the last check, and store the result.

    Writes one form_check row (store.save_form_check) for `exercise` and `today`. Raises FormCheckRefused
    (a PoiseError) when the exercise has no form check, the sidecar is missing, the file is refused or the
    clip shows no one, two people or the wrong view; nothing is written then. The clip is deleted before
    this returns, whatever happens.
    """
    spec = spec_for(exercise)
    if spec is None:
        raise motion.FormCheckRefused(NOT_AVAILABLE)
    last = store.previous_form_check(con, exercise, today)
    with pose_sidecar.clip_on_disk(data) as clip:
        series = clip.landmarks(on_progress)
        check = motion.analyse(
            series,
            spec,
            tempo_s=prescription.get("tempo_s"),
            hold_s=prescription.get("hold_s"),
            previous_range_deg=last["range_deg"] if last else None,
            previous_day=f"{last['day']:%d %b}" if last else None,
        )
        index = motion.frame_near(series, check.keyframe_s)
        photo = clip.frame_at(float(series.t[index])) if index is not None else None
    check_id = store.save_form_check(
        con, day=today, exercise=exercise, summary=check.summary(), landmarks=series.to_bytes(), today=today
    )
    drawing = None
    if index is not None:
        drawing = skeleton_svg(
            motion.person_at(series, index),
            series.aspect,
            photo=photo,
            spec=spec,
            side=check.side,
            title=f"{exercise} at {series.t[index]:.1f} s, the body's outline drawn over it",
        )
    return CheckShown(check, drawing, check_id)
