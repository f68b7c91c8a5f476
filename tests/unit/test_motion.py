"""Check my form: the analysis of landmark series made from hand-written joint-angle curves."""

from __future__ import annotations

import numpy as np
import pytest

from lib import motion
from lib.exercises import LIBRARY
from lib.motion import FormCheckRefused, LandmarkSeries, analyse, joint_angle
from lib.motion_specs import NOT_AVAILABLE, SPECS, spec_for
from lib.motion_synth import figure_series, tempo_curve

SIT_TO_STAND = SPECS["Sit-to-stand"]


def sit_to_stand(reps=5, lower_s=3.0, rise_s=1.5, top=170.0, bottom=90.0, noise=0.0, seed=0, **kw):
    t, knee = tempo_curve(reps, top, bottom, lower_s, rise_s, **kw)
    return figure_series(t, knee_deg=knee, hip_deg=100.0, noise=noise, seed=seed)


def drop_frames(series: LandmarkSeries, share: float, seed: int = 1) -> LandmarkSeries:
    """Remove a share of the frames at random, as a phone does under load."""
    keep = np.random.default_rng(seed).random(len(series)) >= share
    keep[[0, -1]] = True
    return LandmarkSeries(series.t[keep], series.points[keep], series.aspect)


def test_joint_angle_of_a_right_angle_is_ninety_degrees():
    assert joint_angle(np.array([1.0, 0.0]), np.array([0.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(90)
    assert joint_angle(np.array([-1.0, 0.0]), np.array([0.0, 0.0]), np.array([1.0, 0.0])) == pytest.approx(180)


def test_the_synthetic_figure_has_the_angles_it_was_drawn_with():
    t = np.arange(0, 1, 1 / 30)
    series = figure_series(t, knee_deg=np.linspace(90, 170, len(t)), hip_deg=120.0)
    knee = motion.angle_series(series.points[:, 0], "left", "knee", series.aspect)
    hip = motion.angle_series(series.points[:, 0], "left", "hip", series.aspect)
    np.testing.assert_allclose(knee, np.linspace(90, 170, len(t)), atol=1e-6)
    np.testing.assert_allclose(hip, 120.0, atol=1e-6)


@pytest.mark.parametrize(
    ("reps", "lower_s", "rise_s", "top", "bottom"),
    [
        (5, 3.0, 1.5, 170, 90),
        (8, 2.0, 2.0, 175, 100),
        (3, 4.0, 1.0, 165, 85),
        (1, 2.5, 2.5, 170, 95),
        (12, 1.5, 1.0, 170, 110),
    ],
    ids=["five-slow-down", "eight-even", "three-very-slow", "a-single-rep", "twelve-quick"],
)
def test_reps_tempo_and_range_are_measured_from_the_knee_curve(reps, lower_s, rise_s, top, bottom):
    check = analyse(sit_to_stand(reps, lower_s, rise_s, top, bottom), SIT_TO_STAND)
    assert len(check.reps) == reps
    for rep in check.reps:
        assert rep.lowering_s == pytest.approx(lower_s, abs=0.2)
        assert rep.rising_s == pytest.approx(rise_s, abs=0.2)
        assert rep.low_deg == pytest.approx(bottom, abs=3)
        assert rep.high_deg == pytest.approx(top, abs=3)
    assert check.range_deg == pytest.approx(top - bottom, abs=3)
    assert check.words[0] == f"{reps} rep{'s' if reps > 1 else ''} counted."


@pytest.mark.parametrize("noise", [0.002, 0.004], ids=["jitter", "more-jitter"])
@pytest.mark.parametrize("dropped", [0.0, 0.25], ids=["every-frame", "a-quarter-dropped"])
def test_noise_and_dropped_frames_are_tolerated(noise, dropped):
    series = drop_frames(sit_to_stand(6, 3.0, 1.5, noise=noise, seed=7), dropped)
    check = analyse(series, SIT_TO_STAND)
    assert len(check.reps) == 6
    assert np.median([r.lowering_s for r in check.reps]) == pytest.approx(3.0, abs=0.2)
    assert np.median([r.rising_s for r in check.reps]) == pytest.approx(1.5, abs=0.2)
    assert check.range_low_deg == pytest.approx(90, abs=3)
    assert check.range_high_deg == pytest.approx(170, abs=3)


def test_frames_where_the_knee_is_not_seen_are_bridged_when_short():
    series = sit_to_stand(4, 3.0, 1.5)
    points = series.points.copy()
    points[100:110, :, :, 3] = 0.1  # a third of a second in which nothing is seen surely
    check = analyse(LandmarkSeries(series.t, points, series.aspect), SIT_TO_STAND)
    assert len(check.reps) == 4


def test_a_slow_prescription_with_a_quick_lowering_says_slow_the_way_down():
    check = analyse(sit_to_stand(5, 2.0, 1.5), SIT_TO_STAND, tempo_s=4)
    assert "slow the way down" in check.words[1]
    assert "prescribed 4 s" in check.words[1]
    on = analyse(sit_to_stand(5, 4.0, 1.5), SIT_TO_STAND, tempo_s=4)
    assert "on tempo" in on.words[1]


def test_range_is_compared_with_the_last_check():
    check = analyse(
        sit_to_stand(5, 3.0, 1.5, top=170, bottom=90), SIT_TO_STAND, previous_range_deg=70, previous_day="24 Nov"
    )
    assert "10° more than on 24 Nov (70°)" in check.words[2]
    first = analyse(sit_to_stand(5, 3.0, 1.5), SIT_TO_STAND)
    assert "first check" in first.words[2]


@pytest.mark.parametrize(
    ("held", "noise"), [(12.0, 0.0), (25.0, 0.003), (7.5, 0.002)], ids=["12-s", "25-s-jittery", "7.5-s-jittery"]
)
def test_a_side_plank_hold_is_timed_while_the_line_is_kept(held, noise):
    fps, t_up, t_down = 30, 2.0, 2.0
    t = np.arange(0, t_up + held + t_down + 2, 1 / fps)
    # hips on the floor (140°), lifted into a straight line for `held` seconds, lowered again
    line = np.interp(t, [0, 1, 1 + t_up, 1 + t_up + held, 1 + 2 * t_up + held, t[-1]], [140, 140, 180, 180, 140, 140])
    # the line counts as held once within 12° of straight: from 180 − 12 on the way up to the same on the way down
    inside = held + 2 * t_up * 12 / 40
    check = analyse(figure_series(t, knee_deg=180.0, hip_deg=line, noise=noise, seed=3), SPECS["Side plank"], hold_s=20)
    assert check.hold_s == pytest.approx(inside, abs=0.2)
    assert check.reps == []
    assert check.words[-1].startswith(f"Held the line for {check.hold_s:.1f} s")


def test_a_bridge_hold_counts_only_at_the_top_of_each_rep():
    t, hip = tempo_curve(4, 178, 120, 2.0, 1.0, pause_top_s=3.0, pause_bottom_s=0.5)
    check = analyse(figure_series(t, knee_deg=90.0, hip_deg=hip), SPECS["Glute bridge"], hold_s=5)
    assert len(check.reps) == 4
    # within 15° of straight: the 3 s at the top and the last (first) 13° of each 58° lowering (lifting)
    assert check.hold_s == pytest.approx(3.0 + (2.0 + 1.0) * 13 / 58, abs=0.2)
    assert check.words[-1].endswith("prescribed 5 s: 1 s short.")


def test_a_bird_dog_reports_the_symmetry_of_the_two_sides():
    t, near = tempo_curve(4, 180, 100, 2.0, 2.0)
    _, far = tempo_curve(4, 170, 100, 2.0, 2.0)
    check = analyse(figure_series(t, knee_deg=90.0, hip_deg=near, far_hip_deg=far), SPECS["Bird dog"])
    assert check.symmetry["left"] == pytest.approx(80, abs=3)
    assert check.symmetry["right"] == pytest.approx(70, abs=3)
    assert "the right moves 10° less" in check.words[-1]


def test_no_one_in_the_clip_is_refused_with_a_clear_message():
    series = sit_to_stand(3)
    empty = series.points.copy()
    empty[..., 3] = 0.0
    with pytest.raises(FormCheckRefused, match="No one found in the clip: film from the side, whole body in view."):
        analyse(LandmarkSeries(series.t, empty, series.aspect), SIT_TO_STAND)
    with pytest.raises(FormCheckRefused, match="No one found"):
        analyse(LandmarkSeries(np.zeros(0), np.zeros((0, 1, 33, 4))), SIT_TO_STAND)
    nan = np.full_like(series.points, np.nan)
    with pytest.raises(FormCheckRefused, match="No one found"):
        analyse(LandmarkSeries(series.t, nan, series.aspect), SIT_TO_STAND)


def test_someone_seen_in_only_part_of_the_clip_is_told_how_much():
    series = sit_to_stand(3)
    points = series.points.copy()
    points[len(points) // 3 :, :, :, 3] = 0.0
    with pytest.raises(FormCheckRefused, match="seen in only 33%"):
        analyse(LandmarkSeries(series.t, points, series.aspect), SIT_TO_STAND)


def test_a_person_whose_legs_are_out_of_view_is_told_which_joints_to_film():
    series = sit_to_stand(3)
    points = series.points.copy()
    points[:, :, [motion.LEFT_KNEE, motion.RIGHT_KNEE, motion.LEFT_ANKLE, motion.RIGHT_ANKLE], 3] = 0.05
    with pytest.raises(FormCheckRefused, match="The hip, knee and ankle are in view in only 0% of the clip. Film "):
        analyse(LandmarkSeries(series.t, points, series.aspect), SIT_TO_STAND)


def test_two_people_in_the_clip_are_refused_with_a_clear_message():
    one, other = sit_to_stand(3), sit_to_stand(3, lower_s=2.0, seed=5)
    n = min(len(one), len(other))
    both = np.concatenate([one.points[:n], other.points[:n]], axis=1)
    with pytest.raises(FormCheckRefused, match="More than one person in the clip"):
        analyse(LandmarkSeries(one.t[:n], both, one.aspect), SIT_TO_STAND)


def test_a_second_person_walking_through_briefly_is_ignored():
    one = sit_to_stand(4)
    passer = np.full_like(one.points, np.nan)
    passer[10:25] = one.points[10:25] + np.array([0.2, 0, 0, 0])
    check = analyse(LandmarkSeries(one.t, np.concatenate([one.points, passer], axis=1), one.aspect), SIT_TO_STAND)
    assert len(check.reps) == 4


def test_standing_still_is_not_a_rep():
    t = np.arange(0, 10, 1 / 30)
    with pytest.raises(FormCheckRefused, match="No reps found: the knee angle moved only"):
        analyse(figure_series(t, knee_deg=170 + 3 * np.sin(t), hip_deg=170.0, noise=0.002), SIT_TO_STAND)


def test_every_spec_names_an_exercise_of_the_default_library_and_a_known_angle():
    names = {e.name for e in LIBRARY}
    for name, spec in SPECS.items():
        assert name in names
        assert spec.angle in motion.ANGLES
        assert spec.hold_angle is None or spec.hold_angle in motion.ANGLES


def test_an_exercise_without_a_spec_says_form_check_is_not_available():
    assert spec_for("Cat-camel") is None
    assert spec_for("sit-to-stand") is SIT_TO_STAND
    assert NOT_AVAILABLE == "Form check is not available for this one yet."


def test_a_series_is_stored_small_and_read_back():
    series = sit_to_stand(5, noise=0.002)
    data = series.to_bytes()
    assert len(data) < 60_000
    back = LandmarkSeries.from_bytes(data)
    assert len(back) == pytest.approx(len(series) / 2, abs=1)
    check = analyse(back, SIT_TO_STAND)
    assert len(check.reps) == 5
    assert check.range_deg == pytest.approx(80, abs=3)


def test_a_check_summary_is_plain_json_values():
    import json

    summary = analyse(sit_to_stand(3), SIT_TO_STAND, tempo_s=2).summary()
    assert json.loads(json.dumps(summary))["reps"][0]["lowering_s"] == pytest.approx(3.0, abs=0.2)
    assert "chart_t" not in summary
