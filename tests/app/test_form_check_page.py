"""Check my form on the Exercises page under AppTest: not available, needs the sidecar, or asks for a clip."""

from __future__ import annotations

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
    assert not at.get("file_uploader")


def test_with_the_sidecar_the_page_asks_for_a_clip_and_says_it_is_not_kept(open_page, fresh_path, monkeypatch):
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: pose_sidecar.SIDECAR_PYTHON)
    at = pick(open_page("exercises", fresh_path), "Sit-to-stand")
    assert not at.exception
    assert [u.label for u in at.get("file_uploader")] == ["A clip of one set"]
    assert any("deleted straight after" in c.value for c in at.caption)
