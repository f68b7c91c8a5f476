"""What "Check my form" measures for each exercise of the default library: data, not code paths.

Each spec names the joint angle that is tracked (lib.motion.ANGLES: three landmarks,
the angle at the middle one), which way that angle moves on the way "down" (the
lowering phase that the prescription's tempo_s times), the smallest movement that
counts as a rep, and for holds the line that must be kept and how far it may bend.
Exercises not listed here (breathing, cat-camel, walking, …) have no form check yet:
what a camera sees of them says little about how they were done.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MotionSpec", "SPECS", "NOT_AVAILABLE", "spec_for"]

NOT_AVAILABLE = "Form check is not available for this one yet."


@dataclass(frozen=True)
class MotionSpec:
    """How one exercise is analysed from a side-on clip."""

    exercise: str
    angle: str  # a key of lib.motion.ANGLES
    down: str  # "decreasing" or "increasing": the angle's direction while lowering
    reps: bool = True  # count reps from the angle's cycles
    min_range_deg: float = 20.0  # a smaller swing is not a rep
    hold_angle: str | None = None  # a key of lib.motion.ANGLES kept near hold_target_deg during a hold
    hold_target_deg: float = 180.0
    hold_tolerance_deg: float = 12.0
    hold_at: str = "any"  # "any" or "top": a hold counts only at the top of a rep ("top")
    sides: bool = False  # alternates left and right: report their symmetry
    film: str = "Film from the side, the whole body in view, the phone still."
    phases: tuple[str, str] = ("lowering", "rising")
    view: str = "side"  # "side" or "front": where the phone stands (lib.motion_drawings)
    camera_height: str = "hip height"  # how high the phone stands, in words ("floor level" for floor work)

    def __post_init__(self) -> None:
        if self.down not in ("decreasing", "increasing"):
            raise ValueError(f"{self.exercise}: down must be 'decreasing' or 'increasing'")
        if self.view not in ("side", "front"):
            raise ValueError(f"{self.exercise}: view must be 'side' or 'front'")
        if not self.reps and self.hold_angle is None:
            raise ValueError(f"{self.exercise}: a spec measures reps, a hold, or both")


SPECS: dict[str, MotionSpec] = {
    s.exercise: s
    for s in (
        MotionSpec(
            "Sit-to-stand",
            angle="knee",
            down="decreasing",
            min_range_deg=35,
            film="Film from the side with the chair in view, the whole body from head to feet.",
            phases=("sitting down", "standing up"),
        ),
        MotionSpec(
            "Hip hinge",
            angle="hip",
            down="decreasing",
            min_range_deg=25,
            film="Film from the side, head to feet, at hip height.",
        ),
        MotionSpec(
            "Glute bridge",
            angle="hip",
            down="decreasing",
            min_range_deg=20,
            hold_angle="hip",
            hold_target_deg=180,
            hold_tolerance_deg=15,
            hold_at="top",
            film="Film from the side at floor level, shoulders to feet in view.",
            phases=("lowering", "lifting"),
            camera_height="floor level",
        ),
        MotionSpec(
            "Bird dog",
            angle="hip",
            down="decreasing",
            min_range_deg=25,
            sides=True,
            hold_angle="hip",
            hold_target_deg=180,
            hold_tolerance_deg=20,
            hold_at="top",
            film="Film from the side at floor level, the whole body in view.",
            phases=("returning", "reaching"),
            camera_height="floor level",
        ),
        MotionSpec(
            "Dead bug",
            angle="hip",
            down="increasing",
            min_range_deg=20,
            sides=True,
            film="Film from the side at floor level, the whole body in view.",
            camera_height="floor level",
        ),
        MotionSpec(
            "Side plank",
            angle="trunk_line",
            down="decreasing",
            reps=False,
            hold_angle="trunk_line",
            hold_target_deg=180,
            hold_tolerance_deg=12,
            film="Film from the front or back so the line from shoulders to feet is in view.",
            view="front",
            camera_height="floor level",
        ),
        MotionSpec(
            "Wall squat",
            angle="knee",
            down="decreasing",
            reps=False,
            hold_angle="knee",
            hold_target_deg=90,
            hold_tolerance_deg=25,
            film="Film from the side, the wall and the whole body in view.",
        ),
    )
}


def spec_for(exercise: str) -> MotionSpec | None:
    """Return the exercise's spec (names matched without regard to case), or None: no form check yet."""
    wanted = exercise.casefold()
    return next((s for name, s in SPECS.items() if name.casefold() == wanted), None)
