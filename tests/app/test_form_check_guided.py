"""Check my form on the guided player's exercise screen under AppTest: folded, and its rep count logged in one click."""

from __future__ import annotations

from datetime import datetime

import pytest

from lib import guided, pose_sidecar, store
from lib.motion import analyse
from lib.motion_check import CheckShown
from lib.motion_specs import SPECS
from lib.motion_synth import figure_series, tempo_curve
from tests.app.pages import read
from tests.conftest import TODAY


def rating(open_page, path, names: list[str]):
    """The guided page on the "how did it go?" screen of the first of `names` (its timer just finished)."""
    prescriptions = {n: read(path, store.current_prescription, n, TODAY) for n in names}
    draft = guided.timed(guided.new_draft(names, prescriptions, "control", datetime.now()), 90)
    read(path, store.save_draft, TODAY, draft)
    at = open_page("guided", path)
    at.session_state["guided_resumed"] = draft["started_at"]
    return at.run()


def expanders(at) -> list[str]:
    return [e.label for e in at.expander]


@pytest.fixture
def sidecar_built(monkeypatch):
    monkeypatch.setattr(pose_sidecar, "sidecar_python", lambda: pose_sidecar.SIDECAR_PYTHON)


def test_an_exercise_with_a_form_check_offers_it_folded_under_the_answers(open_page, fresh_path, sidecar_built):
    at = rating(open_page, fresh_path, ["Sit-to-stand"])
    assert not at.exception
    assert "Check my form" in expanders(at)
    assert [u.label for u in at.get("file_uploader")] == ["A clip of one set"]


def test_an_exercise_without_a_form_check_shows_nothing_of_it(open_page, fresh_path, sidecar_built):
    at = rating(open_page, fresh_path, ["Diaphragmatic breathing"])
    assert not at.exception
    assert "Check my form" not in expanders(at)
    assert not at.get("file_uploader")


def test_the_counted_reps_go_into_changed_with_one_click_and_are_logged_with_next(open_page, fresh_path, sidecar_built):
    t, knee = tempo_curve(8, 170, 90, 2.0, 1.5)
    check = analyse(figure_series(t, knee_deg=knee, hip_deg=100.0), SPECS["Sit-to-stand"], tempo_s=4)
    at = rating(open_page, fresh_path, ["Sit-to-stand", "Glute bridge"])
    at.session_state["form_check"] = {"nonce": 0, "shown": {"guided_0": CheckShown(check, None, 1)}}
    at.run()
    assert [s.value for s in at.success] == ["8 reps counted."]
    next(b for b in at.button if b.label == "Log 8 reps").click().run()
    assert not at.exception
    assert at.radio(key="guided_outcome_0").value == "changed"
    assert at.number_input(key="guided_0_reps").value == 8
    at.pills[0].set_value(2)
    next(b for b in at.button if b.label == "Next").click().run()
    assert not at.exception and not at.error
    done = read(fresh_path, store.get_draft, TODAY)
    assert done["index"] == 1
    assert done["results"][0]["values"]["reps"] == 8
