"""Check my form on the Exercises page under AppTest: not available, needs the sidecar, or asks for a clip."""

from __future__ import annotations

import base64
import re

from lib import pose_sidecar
from lib.motion_specs import NOT_AVAILABLE


def pick(at, name: str):
    at.selectbox(key="exercises_pick").set_value(name)
    return at.run()


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_an_exercise_without_a_spec_says_form_check_is_not_available(open_page, fresh_path):
    at = pick(open_page("exercises", fresh_path), "Cat-camel")
    assert not at.exception
    assert NOT_AVAILABLE in infos(at)


def test_without_the_sidecar_the_page_says_make_motion(open_page, fresh_path, monkeypatch):
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: None)
    at = pick(open_page("exercises", fresh_path), "Sit-to-stand")
    assert not at.exception
    assert "Form check needs one more install: `make motion`" in infos(at)
    assert "A clip of one set" not in [u.label for u in at.get("file_uploader")]  # only "your own photo or clip"


def test_with_the_sidecar_the_page_asks_for_a_clip_and_says_it_is_not_kept(open_page, fresh_path, monkeypatch):
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: pose_sidecar.SIDECAR_PYTHON)
    at = pick(open_page("exercises", fresh_path), "Sit-to-stand")
    assert not at.exception
    assert [u.label for u in at.get("file_uploader")] == ["Attach a photo or clip", "A clip of one set"]
    assert any("deleted straight after" in c.value for c in at.caption)
    # how to film, drawn beside the upload: an image of Poise's own drawing, self-contained
    (drawing,) = [h.proto.body for h in at.get("html") if 'alt="How to film Sit-to-stand' in h.proto.body]
    svg = base64.b64decode(re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', drawing)[1]).decode()
    assert "What the phone sees" in svg and "<script" not in svg


def test_a_result_is_shown_in_words_first_then_one_chart_and_the_numbers(open_page, fresh_path, monkeypatch):
    from lib.motion import analyse
    from lib.motion_check import CheckShown
    from lib.motion_specs import SPECS
    from lib.motion_synth import figure_series, tempo_curve

    t, knee = tempo_curve(5, 170, 90, 2.0, 1.5)
    check = analyse(figure_series(t, knee_deg=knee, hip_deg=100.0), SPECS["Sit-to-stand"], tempo_s=4)
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: pose_sidecar.SIDECAR_PYTHON)
    at = open_page("exercises", fresh_path)
    at.session_state["form_check"] = {"nonce": 0, "shown": {"Sit-to-stand": CheckShown(check, None, 1)}}
    at = pick(at, "Sit-to-stand")
    assert not at.exception
    assert [s.value for s in at.success] == ["5 reps counted."]
    assert any("prescribed 4 s sitting down: slow the way down." in t.value for t in at.text)
    assert len(at.get("plotly_chart")) == 1
    reps = next(d.value for d in at.dataframe if "Rep" in d.value.columns)
    assert list(reps["Rep"]) == [1, 2, 3, 4, 5]
