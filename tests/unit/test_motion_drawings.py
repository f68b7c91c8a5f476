"""The form check's keyframe (which moment, which frame) and its two drawings: self-contained SVG, no script."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from lib import figures
from lib.motion import LEFT_ANKLE, LEFT_HIP, LEFT_KNEE, analyse, frame_near, person_at
from lib.motion_drawings import filming_svg, skeleton_svg
from lib.motion_specs import SPECS
from lib.motion_synth import figure_series, tempo_curve

SVG = "{http://www.w3.org/2000/svg}"
JPEG = b"\xff\xd8\xff\xe0 a frame of someone's clip"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def tags(root: ET.Element) -> set[str]:
    return {e.tag.removeprefix(SVG) for e in root.iter()}


def addresses(root: ET.Element) -> list[str]:
    return [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("href")]


def sit_to_stand(reps: int = 3):
    t, knee = tempo_curve(reps, 170, 90, 2.0, 1.5)  # the first rep bottoms from 3.0 s to 3.5 s
    series = figure_series(t, knee_deg=knee, hip_deg=100.0)
    return series, analyse(series, SPECS["Sit-to-stand"], tempo_s=4)


def test_the_keyframe_of_a_rep_exercise_is_the_bottom_of_the_first_rep():
    _, check = sit_to_stand()
    assert 3.0 <= check.keyframe_s <= 3.5


def test_the_keyframe_of_a_hold_is_its_middle():
    t = np.arange(0, 14, 1 / 30)
    line = np.interp(t, [0, 1, 3, 11, 13, 14], [140, 140, 180, 180, 140, 140])  # held from 3 s to 11 s
    check = analyse(figure_series(t, knee_deg=180.0, hip_deg=line), SPECS["Side plank"])
    assert check.keyframe_s == pytest.approx(7.0, abs=0.3)


def test_a_bridge_shows_its_hold_at_the_top_not_the_hips_on_the_floor():
    t, hip = tempo_curve(2, 178, 120, 2.0, 1.0, pause_top_s=3.0, pause_bottom_s=0.5)
    series = figure_series(t, knee_deg=90.0, hip_deg=hip)
    check = analyse(series, SPECS["Glute bridge"])
    index = frame_near(series, check.keyframe_s)
    assert float(np.interp(series.t[index], t, hip)) > 170


def test_the_keyframe_is_the_nearest_frame_in_which_someone_is_seen():
    series, check = sit_to_stand()
    nearest = int(np.argmin(np.abs(series.t - check.keyframe_s)))
    series.points[nearest - 5 : nearest + 5, :, :, 3] = 0.0  # a third of a second where no one is found
    index = frame_near(series, check.keyframe_s)
    assert abs(index - nearest) == 5 or abs(index - nearest) == 6
    series.points[..., 3] = 0.0
    assert frame_near(series, 1.0) is None


def test_the_skeleton_is_drawn_over_the_frame_carried_inside_the_svg():
    series, check = sit_to_stand()
    index = frame_near(series, check.keyframe_s)
    root = parsed(
        skeleton_svg(person_at(series, index), series.aspect, photo=JPEG, spec=SPECS["Sit-to-stand"], side=check.side)
    )
    assert "script" not in tags(root) and "foreignObject" not in tags(root)
    assert addresses(root) == ["data:image/jpeg;base64," + base64.b64encode(JPEG).decode()]
    accent = [e for e in root.iter(f"{SVG}path") if e.get("stroke") == figures.ACCENT]
    assert len(accent) == 2  # the thigh and the shin: the knee angle's two bones
    label = [e.text for e in root.iter(f"{SVG}text")]
    assert label == ["Knee angle: 90°"]


def test_without_a_frame_the_skeleton_is_drawn_on_a_plain_panel_and_unseen_joints_are_left_out():
    series, check = sit_to_stand()
    person = person_at(series, frame_near(series, check.keyframe_s)).copy()
    whole = parsed(skeleton_svg(person, series.aspect))
    person[[LEFT_HIP, LEFT_KNEE, LEFT_ANKLE], 3] = 0.1
    partial = parsed(skeleton_svg(person, series.aspect))
    assert addresses(whole) == [] and "rect" in tags(whole)
    bones = [len(list(r.iter(f"{SVG}path"))) for r in (whole, partial)]
    assert bones[1] < bones[0]


@pytest.mark.parametrize("exercise", list(SPECS))
def test_every_exercise_with_a_form_check_has_a_self_contained_drawing_of_how_to_film_it(exercise):
    root = parsed(filming_svg(SPECS[exercise]))
    assert "script" not in tags(root) and addresses(root) == []
    words = [e.text for e in root.iter(f"{SVG}text")]
    assert "2–3 m" in words
    assert len(root.findall(f".//{SVG}svg")) == 1  # the exercise's own figure inside the phone's screen


@pytest.mark.parametrize(
    ("exercise", "said"),
    [
        ("Sit-to-stand", ["at hip height", "your side, head to feet", "you, facing this way"]),
        ("Glute bridge", ["at floor level", "your side, head to feet"]),
        ("Side plank", ["at floor level", "your front, head to feet", "you, facing the phone"]),
    ],
    ids=["standing", "on-the-floor", "seen-from-the-front"],
)
def test_the_drawing_says_where_the_phone_goes_for_each_kind_of_exercise(exercise, said):
    words = [e.text for e in parsed(filming_svg(SPECS[exercise])).iter(f"{SVG}text")]
    assert set(said) <= set(words)
