"""The default exercise library: data, not code paths.

Each exercise lists its variables in progression order (the engine raises the
first one below its cap), each with a small step: tempo +1 s, hold +5 s,
reps +1, load +1 kg, one level, walking +10 %. The variant chain runs from the
easiest form to the hardest; when every variable is at its cap, the next
variant starts again from the start values.

Levels: support_level 1 is fully supported, higher is less support;
range_level and band_level count notches, higher is more. Each level variable
says what its levels mean (`levels`, level 1 first: "push from the armrests →
hands on the thighs → no hands"), so a level is never read as a bare number; a
person's own exercise has none and reads generically ("support 1 of 3").
"""

from __future__ import annotations

from lib.models import ExerciseDef
from lib.models import VariableRule as V

LIBRARY: tuple[ExerciseDef, ...] = (
    ExerciseDef(
        "Diaphragmatic breathing",
        "breathing",
        (
            "One hand on the chest, one on the belly: let the lower hand rise first.",
            "Breathe in through the nose for about four counts, out slowly for six.",
            "Let the ribs widen sideways; the shoulders stay quiet.",
        ),
        (V("duration_min", 2, 1, 1, 5, "min"),),
        ("Supine", "Side-lying", "Quadruped", "Tall kneeling"),
        anchor=True,
    ),
    ExerciseDef(
        "Supported 90/90 rest",
        "decompression",
        (
            "Lie on your back, calves on a chair or sofa, hips and knees at right angles.",
            "Let the floor take the weight of the pelvis and ribs.",
            "Slow breaths; nothing to do but let the back settle.",
        ),
        (V("duration_min", 2, 1, 1, 8, "min"),),
        anchor=True,
    ),
    ExerciseDef(
        "Cat-camel",
        "mobility",
        (
            "On hands and knees, round the back slowly from the tailbone up, then let it sag gently.",
            "Stay in the easy part of the range; it is a rehearsal, not a stretch.",
            "Breathe out as you round, in as you arch.",
        ),
        (
            V("reps", 6, 1, 4, 12),
            V("tempo_s", 2, 1, 2, 4, "s"),
            V(
                "range_level",
                1,
                1,
                1,
                4,
                levels=("a small wave", "a little further", "most of the way", "the whole easy range"),
            ),
        ),
        anchor=True,
    ),
    ExerciseDef(
        "Prone press-up",
        "mobility",
        (
            "Lie face down; press the chest up while the hips stay on the floor.",
            "Let the low back relax; the arms do the lifting.",
            "Pause at the top, come down slowly.",
        ),
        (V("reps", 5, 1, 3, 10), V("hold_s", 5, 5, 5, 20, "s")),
        ("Sphinx on forearms", "Press-up on hands"),
    ),
    ExerciseDef(
        "Open book",
        "mobility",
        (
            "Lie on your side, knees bent and stacked; open the top arm like a page.",
            "Let the ribs turn with the arm; the knees stay together.",
            "Follow the hand with your eyes and breathe out as you open.",
        ),
        (
            V("reps", 5, 1, 3, 10),
            V("hold_s", 5, 5, 5, 15, "s"),
            V(
                "range_level",
                1,
                1,
                1,
                4,
                levels=("arm to the ceiling", "arm halfway down", "hand near the floor", "hand on the floor"),
            ),
        ),
    ),
    ExerciseDef(
        "Hip hinge",
        "control",
        (
            "Push the hips back as if closing a drawer behind you; the spine stays long.",
            "Knees soften but do not travel forward.",
            "Stand up by squeezing the glutes, not by leaning back.",
        ),
        (V("reps", 6, 1, 4, 12), V("tempo_s", 2, 1, 2, 4, "s"), V("sets", 2, 1, 1, 3)),
        ("Wall-supported", "With dowel", "Loaded"),
    ),
    ExerciseDef(
        "Glute bridge",
        "strength",
        (
            "On your back, feet flat; breathe out and lift the hips until knees, hips and shoulders line up.",
            "Push through the heels; the ribs stay down.",
            "Lower one vertebra at a time.",
        ),
        (V("reps", 8, 1, 5, 15), V("hold_s", 0, 5, 0, 10, "s"), V("sets", 2, 1, 1, 3), V("load_kg", 0, 1, 0, 10, "kg")),
        ("Two feet", "Two feet, band at the knees", "Single leg"),
    ),
    ExerciseDef(
        "Bird dog",
        "control",
        (
            "On hands and knees, reach one arm and the opposite leg long, not high.",
            "Keep a cup of tea balanced on the low back: no rocking.",
            "Return slowly and switch sides.",
        ),
        (V("reps", 5, 1, 4, 10), V("hold_s", 5, 5, 5, 15, "s"), V("sets", 2, 1, 1, 3)),
        anchor=True,
    ),
    ExerciseDef(
        "Dead bug",
        "control",
        (
            "On your back, knees over hips, arms to the ceiling; press the low back gently down.",
            "Lower one heel or the opposite arm and leg slowly, then return.",
            "Breathe out on the way down; stop before the back lifts.",
        ),
        (V("reps", 5, 1, 4, 10), V("tempo_s", 2, 1, 2, 5, "s"), V("sets", 2, 1, 1, 3)),
        ("Heel taps", "Opposite arm and leg"),
    ),
    ExerciseDef(
        "Side plank",
        "strength",
        (
            "Elbow under the shoulder, body in one line from head to knees or feet.",
            "Lift the hips from the floor by pushing it away; breathe throughout.",
            "Stop while the shape is still clean.",
        ),
        (V("hold_s", 20, 5, 10, 45, "s"), V("sets", 2, 1, 1, 3)),
        ("On knees", "On feet"),
    ),
    ExerciseDef(
        "Wall squat",
        "strength",
        (
            "Back against the wall, feet a step forward; slide down only as far as is comfortable.",
            "Knees track over the toes; weight through the whole foot.",
            "Breathe slowly while you hold.",
        ),
        (
            V("hold_s", 15, 5, 10, 45, "s"),
            V("range_level", 1, 1, 1, 3, levels=("a short slide", "halfway down", "thighs nearly level")),
            V("sets", 2, 1, 1, 3),
        ),
    ),
    ExerciseDef(
        "Sit-to-stand",
        "transition",
        (
            "Feet under the knees, lean forward from the hips, nose over toes.",
            "Stand by pushing the floor away; sit down slowly, as if the chair might move.",
            "Use the hands on the thighs as long as you need them.",
        ),
        (
            V("reps", 5, 1, 3, 12),
            V("tempo_s", 2, 1, 2, 4, "s"),
            V("support_level", 1, 1, 1, 3, levels=("push from the armrests", "hands on the thighs", "no hands")),
        ),
        ("High seat", "Chair height", "Low seat"),
        anchor=True,
    ),
    ExerciseDef(
        "Floor-to-stand",
        "transition",
        (
            "Roll to your side, come to hands and knees, then to half-kneeling.",
            "Step up with a hand on the front knee or a chair; no rush between stages.",
            "Reverse the same way to get down.",
        ),
        (V("reps", 2, 1, 1, 6), V("support_level", 1, 1, 1, 3, levels=("both hands", "one hand", "fingertips only"))),
        ("With a chair", "Hand on knee", "No hands"),
    ),
    ExerciseDef(
        "Walking",
        "walking",
        (
            "An easy pace at which you could still hold a conversation.",
            "Let the arms swing and the trunk turn a little.",
            "Flat ground first; hills are a later step.",
        ),
        (V("duration_min", 10, 1, 5, 45, "min", step_percent=10),),
    ),
)

BY_NAME: dict[str, ExerciseDef] = {e.name.casefold(): e for e in LIBRARY}


def level_meanings(exercise: str, variable: str) -> tuple[str, ...]:
    """Return what each level of `variable` means in the library's `exercise`, level 1 first; () if nothing."""
    e = BY_NAME.get(exercise.casefold())
    rule = e.rules.get(variable) if e else None
    return rule.levels if rule else ()
