"""The keyframes of every exercise and variant of the default library: data for lib/figures.py
(its types from lib/figure_body.py).

Each entry is keyed by (exercise, variant) exactly as lib/exercises.py names
them (variant None for an exercise without a chain). Angles follow the
conventions in lib/figures.py; a suffix-free key (`hip=90`) sets both sides.
The solver settles the `free` angles so every contact rests on its surface,
so the numbers here are the intended shape, not hand-tuned heights.
"""

from __future__ import annotations

from dataclasses import replace

from lib.figure_body import Contact, Figure, Keyframe, Prop, settle

SIDED = ("sh", "el", "wr", "hip", "kn", "an")


def pose(**angles: float) -> dict[str, float]:
    """Expand `hip=90` to both sides; `hip_n=90` sets one side only."""
    out: dict[str, float] = {}
    for key, value in angles.items():  # a one-sided value wins over a both-sides one, in any order
        if key in SIDED:
            out.setdefault(f"{key}_n", value)
            out.setdefault(f"{key}_f", value)
        else:
            out[key] = value
    return out


def on_floor(*segments: str, flat: tuple[str, ...] = ()) -> tuple[Contact, ...]:
    return tuple(Contact(s) for s in segments) + tuple(Contact(s, flat=True) for s in flat)


def both(name: str) -> tuple[str, str]:
    return f"{name}_n", f"{name}_f"


FEET_FLAT = on_floor(flat=both("foot"))
BACK_DOWN = on_floor("pelvis", "thorax", "head")
MAT = Prop("mat")

# --- positions used by several exercises ---------------------------------------------

STANDING = Keyframe("Standing tall", pose(), FEET_FLAT, free=both("an"))

HANDS_DOWN = on_floor(*both("hand"))  # arms resting on the floor by the sides

QUADRUPED_ANGLES = dict(lean=80, sh=80, wr=90, hip=80, kn=100, an=5)  # toes tucked under
QUADRUPED_CONTACTS = on_floor(*both("thigh"), *both("foot"), flat=both("hand"))  # the knee is the thigh's end
QUADRUPED_FREE = ("lean", *both("sh"), *both("wr"), *both("kn"), *both("an"))
_QUADRUPED = Keyframe(
    "On hands and knees: hands under shoulders, knees under hips",
    pose(**QUADRUPED_ANGLES),
    QUADRUPED_CONTACTS,
    free=QUADRUPED_FREE,
)
# Where the hands rest (knees at x = 0): every hands-and-knees position keeps them there.
HANDS_X = round(settle(_QUADRUPED.angles, _QUADRUPED.contacts, _QUADRUPED.free, (), "knee_n").pts["wrist_n"][0], 1)
HANDS_STAY = (("wrist_n", HANDS_X), ("wrist_f", HANDS_X))
QUADRUPED = replace(_QUADRUPED, pins=HANDS_STAY)

PRONE_CONTACTS = on_floor("pelvis", *both("thigh"), *both("foot"))
PRONE_FREE = ("neck", *both("hip"), *both("kn"), *both("an"))
# The upper arms point out to the sides (out of the drawing), the forearms lie forward by the head.
PRONE = Keyframe(
    "Lying face down, hands by the shoulders",
    pose(lean=90, sh=30, el=150, wr=-5, kn=20, an=-30),
    PRONE_CONTACTS + on_floor("thorax", "head", *both("hand")),
    free=PRONE_FREE + both("wr"),
    elev={"upper_n": 85.0, "upper_f": 85.0},
)

SIDE_LYING = pose(lean=90, hip=70, kn=95, sh=90, neck=-10)  # seen from above: knees bent and stacked


def half_kneeling(name: str, **arms: float) -> Keyframe:
    return Keyframe(
        name,
        pose(lean=0, hip_n=90, kn_n=90, an_n=0, hip_f=0, kn_f=90, an_f=-50, **arms),
        on_floor("thigh_f", "foot_f", flat=("foot_n",)),
        free=("hip_n", "kn_n", "an_n", "an_f", "kn_f"),
    )


def breathing(
    name: tuple[str, str | None],
    view: str,
    position: Keyframe,
    props: tuple[Prop, ...] = (MAT,),
    anchor: str = "hip",
    note: str = "",
) -> Figure:
    """A still position with the belly marker swelling on the in-breath (4 s) and settling on the out-breath (6 s).

    `name`: (exercise, variant).
    """
    breath_in = Keyframe(
        "Breathe in: the belly rises", position.angles, position.contacts, position.free, position.elev, breath=1.0
    )
    return Figure(
        name[0],
        name[1],
        view,
        (position, breath_in),
        ((0, 0), (1, 0.4), (0, 0.6)),
        props=props,
        anchor=anchor,
        seconds_per_share=10.0,
        note=note,
    )


def sit_to_stand(variant: str, seat: float, lean: float) -> Figure:
    chair = Prop("chair", x=-66, height=seat, width=42)
    seated = Keyframe(
        f"Sitting near the front of a {seat:g} cm seat, feet under the knees",
        pose(lean=8, hip=90, kn=95, an=5, sh=10, el=40),
        (Contact("pelvis", "seat"), *FEET_FLAT),
        free=(*both("hip"), *both("kn"), *both("an")),
    )
    leaning = Keyframe(
        "Lean forward from the hips, nose over toes",
        pose(lean=lean, hip=120, kn=100, an=10, sh=45, el=40),
        (Contact("pelvis", "seat"), *FEET_FLAT),
        free=(*both("hip"), *both("kn"), *both("an")),
    )
    standing = Keyframe(
        "Stand by pushing the floor away", pose(lean=2, hip=2, kn=2, sh=5, el=10), FEET_FLAT, free=both("an")
    )
    return Figure(
        "Sit-to-stand",
        variant,
        "side",
        (seated, leaning, standing),
        ((0, 0), (1, 0.5), (2, 0.5), (1, 0.5), (0, 0.5)),
        moving=("pelvis", "thorax"),
        props=(chair,),
        anchor="heel_n",
        arrow_to=2,
        arrow_point="head",
    )


def hip_hinge(variant: str, props: tuple[Prop, ...], hinge_contacts=(), **arms) -> Figure:
    start_arms = {k: v for k, v in arms.items() if not k.startswith("end_")}
    end_arms = {k[4:]: v for k, v in arms.items() if k.startswith("end_")} or start_arms
    start = Keyframe("Standing tall, knees soft", pose(kn=5, hip=3, **start_arms), FEET_FLAT, free=both("an"))
    hinged = Keyframe(
        "Hips back, spine long, knees soft",
        pose(lean=48, hip=55, kn=18, **end_arms),
        FEET_FLAT + tuple(hinge_contacts),
        free=(*both("hip"), *both("kn"), *both("an")),
    )
    return Figure(
        "Hip hinge",
        variant,
        "side",
        (start, hinged),
        ((0, 0), (1, 1), (0, 1)),
        moving=("pelvis", "thorax"),
        props=props,
        anchor="heel_n",
        arrow_point="hip",
    )


def glute_bridge(variant: str, single: bool = False, band: bool = False) -> Figure:
    near_leg = dict(hip_n=50, kn_n=0, an_n=0) if single else {}
    down = Keyframe(
        "Lying on your back, knees bent, feet flat" + (", one leg long" if single else ""),
        pose(lean=-90, hip=50, kn=100, an=-40, sh=8, **near_leg),
        BACK_DOWN + HANDS_DOWN + on_floor(flat=("foot_f",) if single else both("foot")),
        free=("neck", "kn_f", "an_f", *both("sh")) + (() if single else ("kn_n", "an_n")),
    )
    lifted_leg = dict(hip_n=0, kn_n=0, an_n=0) if single else {}
    up = Keyframe(
        "Hips lifted: knees, hips and shoulders in one line",
        pose(lean=-112, hip=0, kn=85, an=-20, sh=-20, lumbar=0, neck=25, **lifted_leg),
        on_floor("thorax", "head", *both("hand"), flat=("foot_f",) if single else both("foot")),
        free=("lean", "neck", "kn_f", "an_f", *both("sh")) + (() if single else ("kn_n", "an_n")),
    )
    moving = ("pelvis", "thorax") + (("thigh_n", "shin_n", "foot_n") if single else ())
    return Figure(
        "Glute bridge",
        variant,
        "side",
        (down, up),
        ((0, 0), (1, 1), (0, 1)),
        moving=moving,
        arrow_point="hip",
        arrow_offset=(0.0, 16.0),
        hold_at=1,
        props=(MAT,) + ((Prop("band"),) if band else ()),
        anchor="heel_f",
    )


def side_plank(variant: str, knees: bool) -> Figure:
    legs = dict(kn=90, an=0) if knees else dict(kn=0, an=0)
    elev = {"fore_n": 78.0, "hand_n": 80.0, "foot_n": 85.0, "foot_f": 85.0} | (
        {"shin_n": 60.0, "shin_f": 60.0} if knees else {}
    )
    lower = "thigh" if knees else "foot"  # the knee is the thigh's end
    down = Keyframe(
        "Lying on your side, elbow under the shoulder",
        pose(lean=67, hip=-26, sh_n=60, el_n=90, sh_f=-6, el_f=0, **legs),
        on_floor("fore_n", "pelvis", *both(lower)),
        free=("lean", "sh_n", "hip_n", "hip_f"),
        elev=elev,
    )
    up = Keyframe(
        "Hips lifted: one line from head to " + ("knees" if knees else "feet"),
        pose(lean=72, hip=0, sh_n=72, el_n=90, sh_f=-6, el_f=0, **legs),
        on_floor("fore_n", *both(lower)),
        free=("lean", "sh_n"),
        elev=elev,
    )
    return Figure(
        "Side plank",
        variant,
        "front",
        (down, up),
        ((0, 0), (1, 1), (0, 1)),
        moving=("pelvis", "thorax"),
        hold_at=1,
        props=(MAT,),
        anchor="elbow_n",
        arrow_point="hip",
        arrow_offset=(0.0, 16.0),
        note="Seen from the front: the top arm rests on the hip, the forearm on the floor points towards you.",
    )


def dead_bug(variant: str) -> Figure:
    table = Keyframe(
        "On your back, knees over hips, arms to the ceiling",
        pose(lean=-90, hip=90, kn=90, an=0, sh=90),
        BACK_DOWN,
        free=("neck",),
    )
    if variant == "Heel taps":
        end = Keyframe(
            "Lower one heel to tap the floor, knee still bent",
            pose(lean=-90, hip_n=38, hip_f=90, kn=90, an=0, sh=90),
            BACK_DOWN + on_floor("foot_n"),
            free=("neck", "hip_n"),
        )
        moving: tuple[str, ...] = ("thigh_n", "shin_n", "foot_n")
    else:
        end = Keyframe(
            "Reach one arm back and the opposite leg long, just above the floor",
            pose(lean=-90, hip_n=22, kn_n=8, an_n=-10, hip_f=90, kn_f=90, sh_n=90, sh_f=165),
            BACK_DOWN,
            free=("neck",),
        )
        moving = ("shin_n", "thigh_n", "foot_n", "upper_f", "fore_f", "hand_f")
    return Figure(
        "Dead bug", variant, "side", (table, end), ((0, 0), (1, 1), (0, 1)), moving=moving, props=(MAT,), anchor="hip"
    )


def floor_to_stand(variant: str) -> Figure:
    props: tuple[Prop, ...] = (MAT,)
    kneel_arms: dict[str, float] = dict(sh=10, el=20)
    kneel_contacts: tuple[Contact, ...] = ()
    if variant == "With a chair":  # lean forward, both hands on the seat of a chair in front
        props = (MAT, Prop("chair", x=68, height=46, width=40, back_right=True))
        kneel_arms = dict(lean=35, hip_n=125, hip_f=35, sh=70, el=5, wr=60)
        kneel_contacts = (Contact("hand_n", "seat", flat=True), Contact("hand_f", "seat", flat=True))
    elif variant == "Hand on knee":
        kneel_arms = dict(sh_n=35, el_n=50, wr_n=20, sh_f=10, el_f=20)
    base = half_kneeling("Half-kneeling, front foot flat")
    kneel = Keyframe(
        base.name,
        {**base.angles, **pose(**kneel_arms)},
        base.contacts + kneel_contacts,
        free=base.free + (("hip_f", *both("sh"), *both("el"), *both("wr")) if kneel_contacts else ()),
    )
    stand = Keyframe("Standing tall", pose(), FEET_FLAT, free=both("an"))
    return Figure(
        "Floor-to-stand",
        variant,
        "side",
        (PRONE, QUADRUPED, kneel, stand),
        ((0, 0), (1, 1), (2, 1), (3, 1), (2, 1), (1, 1), (0, 1)),
        moving=("thigh_n", "shin_n", "foot_n"),
        props=props,
        anchor="knee_f",
        arrow_point="hip",
        note="Roll to your side and onto your front first; reverse the same way to get down.",
    )


FIGURES: dict[tuple[str, str | None], Figure] = {}


def _add(fig: Figure) -> None:
    FIGURES[(fig.exercise, fig.variant)] = fig


for _variant, _position, _view, _note in (
    (
        "Supine",
        Keyframe(
            "On your back, knees bent, a hand on the belly",
            pose(lean=-90, hip=50, kn=100, an=-40, sh_n=8, el_n=100, wr_n=-20, sh_f=5),
            BACK_DOWN + FEET_FLAT + on_floor("hand_f"),
            free=("neck", *both("kn"), *both("an"), "sh_f"),
            elev={"fore_n": 62.0, "hand_n": 70.0},
        ),
        "side",
        "",
    ),
    (
        "Side-lying",
        Keyframe(
            "On your side, knees bent and stacked, head resting on the lower arm",
            pose(**SIDE_LYING) | pose(sh_n=40, el_n=80, sh_f=160, el_f=130),
        ),
        "above",
        "Seen from above: the floor is under the whole body.",
    ),
    ("Quadruped", QUADRUPED, "side", ""),
    (
        "Tall kneeling",
        Keyframe(
            "Kneeling upright, hips over knees",
            pose(lean=0, hip=0, kn=90, an=0, sh=15, el=95),
            on_floor(*both("thigh"), *both("foot")),
            free=(*both("an"), *both("kn")),
            elev={"fore_n": 65.0, "fore_f": 65.0, "hand_n": 60.0, "hand_f": 60.0},
        ),
        "side",
        "",
    ),
):
    _add(breathing(("Diaphragmatic breathing", _variant), _view, _position, anchor="hip", note=_note))

_add(
    breathing(
        ("Supported 90/90 rest", None),
        "side",
        Keyframe(
            "On your back, calves on a chair seat: hips and knees at right angles",
            pose(lean=-90, hip=90, kn=90, an=-25, sh=12),
            BACK_DOWN + HANDS_DOWN + (Contact("shin_n", "seat"), Contact("shin_f", "seat")),
            free=("neck", *both("hip"), *both("kn"), *both("sh")),
        ),
        props=(MAT, Prop("box", x=30, height=45, width=45)),
        anchor="hip",
    )
)

_add(
    Figure(
        "Cat-camel",
        None,
        "side",
        (
            QUADRUPED,
            # The pelvis tilts and the chest turns by half the lumbar bend each: hips stay over the knees.
            Keyframe(
                "Round the back, tailbone to head",
                pose(**QUADRUPED_ANGLES) | pose(lean=62, hip=62, lumbar=36, neck=40),
                QUADRUPED_CONTACTS,
                free=QUADRUPED_FREE + both("el") + both("hip"),
                pins=HANDS_STAY,
            ),
            Keyframe(
                "Let it sag gently, look ahead",
                pose(**QUADRUPED_ANGLES) | pose(lean=92, hip=92, lumbar=-24, neck=-30),
                QUADRUPED_CONTACTS,
                free=QUADRUPED_FREE + both("el") + both("hip"),
                pins=HANDS_STAY,
            ),
        ),
        ((0, 0), (1, 0.5), (2, 1), (0, 0.5)),
        moving=("thorax", "pelvis"),
        props=(MAT,),
        anchor="knee_n",
        arrow_point="lumbar",
        arrow_offset=(0.0, 14.0),
    )
)

_add(
    Figure(
        "Prone press-up",
        "Sphinx on forearms",
        "side",
        (
            PRONE,
            Keyframe(
                "Chest up on the forearms, elbows under the shoulders, hips down",
                pose(lean=86, lumbar=-38, hip=-12, neck=-20, sh=62, el=88, wr=0, kn=20, an=-30),
                PRONE_CONTACTS + on_floor(flat=both("fore")),
                free=PRONE_FREE + ("lean", "lumbar", *both("sh"), *both("el")),
            ),
        ),
        ((0, 0), (1, 1), (0, 1)),
        moving=("thorax", "neck"),
        hold_at=1,
        props=(MAT,),
        anchor="knee_n",
        arrow_point="shoulder",
    )
)

_add(
    Figure(
        "Prone press-up",
        "Press-up on hands",
        "side",
        (
            PRONE,
            Keyframe(
                "Press the chest up on straight arms, hips stay down",
                pose(lean=76, lumbar=-38, hip=-20, neck=-15, sh=80, el=0, wr=60, kn=20, an=-30),
                PRONE_CONTACTS + on_floor(flat=both("hand")),
                free=PRONE_FREE + ("lean", "lumbar", *both("sh"), *both("wr"), *both("hip")),
            ),
        ),
        ((0, 0), (1, 1), (0, 1)),
        moving=("thorax", "neck"),
        hold_at=1,
        props=(MAT,),
        anchor="knee_n",
        arrow_point="shoulder",
    )
)

_add(
    Figure(
        "Open book",
        None,
        "above",
        (
            Keyframe("On your side, knees bent and stacked, arms together in front", pose(**SIDE_LYING, el=0)),
            Keyframe(
                "Open the top arm like a page, eyes follow the hand",
                pose(**SIDE_LYING, el=0),
                elev={"upper_n": 180.0, "fore_n": 180.0, "hand_n": 180.0},
            ),
        ),
        ((0, 0), (1, 1), (0, 1)),
        moving=("upper_n", "fore_n", "hand_n"),
        hold_at=1,
        anchor="hip",
        note="Seen from above: the top arm sweeps up over the body to the floor behind.",
    )
)

_add(hip_hinge("Wall-supported", (Prop("wall", x=-30),), (Contact("pelvis", "wall"),), sh=8, el=10))
_add(hip_hinge("With dowel", (Prop("dowel"),), sh_n=-30, el_n=30, sh_f=160, el_f=140))  # hands at neck and low back
_add(hip_hinge("Loaded", (Prop("weight"),), sh=0, end_sh=48))

_add(glute_bridge("Two feet"))
_add(glute_bridge("Two feet, band at the knees", band=True))
_add(glute_bridge("Single leg", single=True))

_add(
    Figure(
        "Bird dog",
        None,
        "side",
        (
            QUADRUPED,
            Keyframe(
                "Reach one arm and the opposite leg long, not high",
                pose(**QUADRUPED_ANGLES) | pose(sh_n=172, el_n=0, wr_n=0, hip_f=-2, kn_f=0, an_f=-20),
                on_floor("thigh_n", "foot_n", flat=("hand_f",)),
                free=("sh_f", "wr_f", "kn_n", "an_n"),
                pins=HANDS_STAY[1:],
            ),
        ),
        ((0, 0), (1, 1), (0, 1)),
        moving=("upper_n", "fore_n", "hand_n", "thigh_f", "shin_f", "foot_f"),
        hold_at=1,
        props=(MAT,),
        anchor="knee_n",
        note="The far leg reaches back as the near arm reaches forward.",
    )
)

_add(dead_bug("Heel taps"))
_add(dead_bug("Opposite arm and leg"))
_add(side_plank("On knees", knees=True))
_add(side_plank("On feet", knees=False))

_add(
    Figure(
        "Wall squat",
        None,
        "side",
        (
            Keyframe(
                "Back against the wall, feet a step forward",
                pose(lean=-6, hip=6, kn=8, sh=5, el=10),
                FEET_FLAT + (Contact("pelvis", "wall"), Contact("thorax", "wall")),
                free=("lean", *both("hip"), *both("kn"), *both("an")),
            ),
            Keyframe(
                "Slide down only as far as is comfortable",
                pose(lean=-4, hip=60, kn=65, sh=20, el=20),
                FEET_FLAT + (Contact("pelvis", "wall"), Contact("thorax", "wall")),
                free=("lean", *both("hip"), *both("kn"), *both("an")),
            ),
        ),
        ((0, 0), (1, 1), (0, 1)),
        moving=("thigh_n", "shin_n"),
        hold_at=1,
        props=(Prop("wall", x=-48),),
        anchor="heel_n",
        arrow_point="hip",
    )
)

_add(sit_to_stand("High seat", 56, lean=40))
_add(sit_to_stand("Chair height", 46, lean=40))
_add(sit_to_stand("Low seat", 38, lean=34))  # a low seat needs more hip flexion: a little less lean

for _v in ("With a chair", "Hand on knee", "No hands"):
    _add(floor_to_stand(_v))

_STRIDE = dict(lean=4, el=15)
_add(
    Figure(
        "Walking",
        None,
        "side",
        (
            Keyframe(
                "Heel down in front, push off behind",
                pose(**_STRIDE, hip_n=25, kn_n=4, an_n=8, hip_f=-14, kn_f=12, an_f=-18, sh_n=-18, sh_f=22),
                on_floor("foot_n", "foot_f"),
                free=("kn_f", "an_f", "an_n"),
            ),
            Keyframe(
                "Passing: the back leg swings through",
                pose(**_STRIDE, hip_n=2, kn_n=6, an_n=0, hip_f=22, kn_f=55, an_f=0, sh_n=2, sh_f=2),
                on_floor(flat=("foot_n",)),
                free=("an_n", "kn_n"),
            ),
            Keyframe(
                "Heel down in front, push off behind",
                pose(**_STRIDE, hip_f=25, kn_f=4, an_f=8, hip_n=-14, kn_n=12, an_n=-18, sh_f=-18, sh_n=22),
                on_floor("foot_n", "foot_f"),
                free=("kn_n", "an_n", "an_f"),
            ),
            Keyframe(
                "Passing: the back leg swings through",
                pose(**_STRIDE, hip_f=2, kn_f=6, an_f=0, hip_n=22, kn_n=55, an_n=0, sh_n=2, sh_f=2),
                on_floor(flat=("foot_f",)),
                free=("an_f", "kn_f"),
            ),
        ),
        ((0, 0), (1, 0.25), (2, 0.25), (3, 0.25), (0, 0.25)),
        moving=("thigh_n", "shin_n", "foot_n"),
        anchor="hip",
        arrow_to=2,
        seconds_per_share=1.1,
    )
)
