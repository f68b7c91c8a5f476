"""Exercise figures: every default exercise and variant is drawn, self-contained, humanly posed, on the floor."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from lib import figure_body, figures
from lib.exercises import LIBRARY
from lib.figure_poses import FIGURES

SVG = "{http://www.w3.org/2000/svg}"
EVERY_VARIANT = [(e.name, v) for e in LIBRARY for v in (e.variants or (None,))]
IDS = [f"{name}-{variant}" if variant else name for name, variant in EVERY_VARIANT]
PX_AT_480 = 480  # the large size: a contact must touch within one pixel of it


def _fig(name, variant):
    return FIGURES[(name, variant)]


def _start(name):
    return next(e for e in LIBRARY if e.name == name).start_prescription()


def _cm_per_px(fig) -> float:
    svg = figures.animated_svg(fig)
    return float(ET.fromstring(svg).get("viewBox").split()[2]) / PX_AT_480


def test_every_default_exercise_and_variant_has_a_figure():
    missing = [k for k in EVERY_VARIANT if k not in FIGURES]
    assert not missing
    assert [(f.exercise, f.variant) for f in figures.all_figures()] == EVERY_VARIANT


def test_a_figure_nobody_asked_for_is_not_in_the_table():
    assert set(FIGURES) == set(EVERY_VARIANT)  # no stale figure of a renamed exercise or variant


@pytest.mark.parametrize(("name", "variant"), EVERY_VARIANT, ids=IDS)
def test_each_figure_is_self_contained_svg_with_no_script_and_no_outside_reference(name, variant):
    for svg in (
        figures.animated_svg(_fig(name, variant), _start(name), width=160),
        figures.strip_svg(_fig(name, variant)),
    ):
        root = ET.fromstring(svg)  # parses as XML
        assert root.tag == f"{SVG}svg"
        tags = {el.tag.replace(SVG, "") for el in root.iter()}
        assert not tags & {"script", "foreignObject", "image", "use", "a", "iframe", "style", "link"}
        for el in root.iter():
            for attr, value in el.attrib.items():
                assert not attr.startswith("on"), attr
                assert "href" not in attr, attr
                assert "url(" not in value and "//" not in value, (attr, value)
        assert "@import" not in svg and "font-face" not in svg
        assert root.find(f"{SVG}title").text.startswith(figures.figure_for(name, variant).title)


@pytest.mark.parametrize(("name", "variant"), EVERY_VARIANT, ids=IDS)
def test_joints_stay_within_human_ranges_in_every_keyframe_and_in_between(name, variant):
    fig = _fig(name, variant)
    for t, placed in figures.timeline(fig, _start(name)):
        for joint, angle in placed.angles.items():
            if joint == "lean":
                continue
            low, high = figure_body.limit_of(joint)
            assert low - 0.5 <= angle <= high + 0.5, f"{joint} = {angle:.0f} at {t:.2f} s"


@pytest.mark.parametrize(("name", "variant"), EVERY_VARIANT, ids=IDS)
def test_contacts_touch_their_surface_within_one_pixel_and_nothing_goes_through_the_floor(name, variant):
    fig = _fig(name, variant)
    tolerance = _cm_per_px(fig)
    for frame, placed in zip(fig.frames, figures.placed_frames(fig), strict=True):
        for c in frame.contacts:
            level = figure_body._surface(fig.props, c.surface)
            low = figure_body.extent(placed.pose, placed.pts, c.segment, 0 if c.surface == "wall" else 1)
            assert abs(low - level) <= tolerance, f"{frame.name}: {c.segment} {low - level:+.1f} cm off the {c.surface}"
    if fig.view == "above":
        return  # seen from above the whole body lies on the floor: there is no floor line
    for t, placed in figures.timeline(fig, _start(name)):
        lowest = min(figure_body.extent(placed.pose, placed.pts, s, 1) for s in [*placed.pose, "head"])
        assert lowest >= -tolerance, f"{lowest:.1f} cm below the floor at {t:.2f} s"


@pytest.mark.parametrize(("name", "variant"), EVERY_VARIANT, ids=IDS)
def test_shared_contacts_stay_on_their_surface_between_keyframes(name, variant):
    fig = _fig(name, variant)
    tolerance = _cm_per_px(fig)
    for (i, _), (j, _) in zip(fig.path, fig.path[1:], strict=False):
        shared = [c for c in fig.frames[i].contacts if c in fig.frames[j].contacts]
        for k in range(1, 10):
            placed = figures._between(fig, i, j, k / 10)
            for c in shared:
                level = figure_body._surface(fig.props, c.surface)
                low = figure_body.extent(placed.pose, placed.pts, c.segment, 0 if c.surface == "wall" else 1)
                assert abs(low - level) <= tolerance, (fig.frames[i].name, fig.frames[j].name, c.segment, low)


def _duration(svg: str) -> set[str]:
    return {el.get("dur") for el in ET.fromstring(svg).iter(f"{SVG}animate")}


@pytest.mark.parametrize(
    ("name", "tempo", "seconds"),
    [
        ("Hip hinge", 2, 4.0),
        ("Hip hinge", 3, 6.0),
        ("Dead bug", 5, 10.0),
        ("Cat-camel", 4, 8.0),
        ("Sit-to-stand", 3, 6.0),
    ],
)
def test_one_loop_of_the_animation_is_one_repetition_at_the_prescribed_tempo(name, tempo, seconds):
    fig = figures.figure_for(name)
    prescription = {**_start(name), "tempo_s": tempo}
    assert figures.cycle_seconds(fig, prescription) == pytest.approx(seconds)
    assert _duration(figures.animated_svg(fig, prescription)) == {f"{seconds:.2f}s"}


def test_a_hold_is_shown_at_the_top_up_to_three_seconds():
    fig = figures.figure_for("Glute bridge")
    assert figures.cycle_seconds(fig, {"hold_s": 0}) == pytest.approx(4.0)  # no tempo: 2 s each way
    assert figures.cycle_seconds(fig, {"hold_s": 2}) == pytest.approx(6.0)
    assert figures.cycle_seconds(fig, {"hold_s": 30}) == pytest.approx(7.0)


def test_breathing_keeps_the_pace_of_a_breath_whatever_the_prescription():
    fig = figures.figure_for("Diaphragmatic breathing", "Supine")
    assert figures.cycle_seconds(fig, {"duration_min": 5, "tempo_s": 9}) == pytest.approx(10.0)


def test_the_still_frames_and_the_strip_have_no_animation_and_show_every_distinct_position():
    fig = figures.figure_for("Sit-to-stand", "Low seat")
    strip = ET.fromstring(figures.strip_svg(fig))
    assert not list(strip.iter(f"{SVG}animate"))
    assert len([g for g in strip.iter(f"{SVG}g") if g.get("class") == "frame"]) == 3  # sit, lean, stand


def test_the_figure_is_drawn_in_the_themes_primary_colour_with_the_moving_limb_highlighted():
    assert figures.theme_primary() == "#2f6f62"  # .streamlit/config.toml
    svg = figures.animated_svg(figures.figure_for("Bird dog"))
    root = ET.fromstring(svg)
    colours = {p.get("class"): p.get("stroke") for p in root.iter(f"{SVG}path") if p.get("class")}
    assert colours["seg thorax"] == "#2f6f62"
    assert colours["seg upper_n"] == figures.ACCENT
    assert any(g.get("class") == "arrow" for g in root.iter(f"{SVG}g"))  # not colour alone: an arrow too


def test_a_figure_for_an_unknown_exercise_is_none_and_a_variant_falls_back_only_when_unnamed():
    assert figures.figure_for("My own stretch") is None
    assert figures.exercise_svg("My own stretch") is None
    assert figures.figure_for("Side plank").variant == "On knees"
    assert figures.figure_for("Side plank", "Upside down") is None


def test_segments_keep_their_length_between_keyframes():
    fig = figures.figure_for("Cat-camel")
    for _, placed in figures.timeline(fig, {"tempo_s": 2}):
        a, b = placed.pose["thigh_n"]
        assert math.dist(a, b) == pytest.approx(figure_body.LENGTHS["thigh"], abs=0.01)


def test_inline_html_drops_only_the_namespace_name():
    svg = figures.animated_svg(figures.figure_for("Walking"))
    inline = figures.inline_html(svg)
    assert "http" not in inline and inline.startswith("<svg viewBox=")


def test_walking_keeps_an_easy_stride_of_a_little_over_a_second():
    assert figures.cycle_seconds(figures.figure_for("Walking"), {"duration_min": 10}) == pytest.approx(1.1)


def test_the_contact_sheet_holds_every_figure_twice_animated_and_as_frames():
    root = ET.fromstring(figures.contact_sheet_svg())
    cells = [el for el in root.iter(f"{SVG}svg") if el.get("class") == "cell"]
    assert len(cells) == 2 * len(EVERY_VARIANT)
    assert {c.get("data-figure") for c in cells} == {f.title for f in figures.all_figures()}
