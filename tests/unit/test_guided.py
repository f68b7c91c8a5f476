"""lib.guided: the player's steps from a prescription and the settings, and the session a draft becomes."""

from __future__ import annotations

from datetime import datetime

import pytest

from lib import guided, settings
from lib.errors import ValidationError
from lib.exercises import BY_NAME, LIBRARY

DEFAULTS = settings.defaults()
STARTED = datetime(2026, 12, 2, 7, 42)


def kinds(steps) -> list[str]:
    return [s.kind for s in steps]


@pytest.mark.parametrize("e", LIBRARY, ids=lambda e: e.name)
def test_every_exercise_opens_with_get_ready_and_has_one_work_step_per_set_with_rests_between(e):
    for variant in e.variants or (None,):
        prescription = {**e.start_prescription(), "variant": variant}
        steps = guided.exercise_steps(e, prescription, DEFAULTS, last=False)
        sets = int(prescription.get("sets", 1))
        assert steps[0].kind == "ready" and steps[0].seconds == DEFAULTS["guided_ready_s"]
        work = [s for s in steps if s.kind not in ("ready", "rest")]
        assert len(work) == sets and [w.set_no for w in work] == list(range(1, sets + 1))
        between = [s for s in steps[1:-1] if s.kind == "rest"]
        assert [s.seconds for s in between] == [DEFAULTS["rest_between_sets_s"]] * (sets - 1)
        assert steps[-1].kind == "rest" and steps[-1].seconds == DEFAULTS["rest_between_exercises_s"]
        assert guided.exercise_steps(e, prescription, DEFAULTS, last=True)[-1].kind != "rest"


@pytest.mark.parametrize(
    ("name", "prescription", "work"),
    [
        ("Side plank", {"hold_s": 20, "sets": 2}, ("hold", 20.0, 1)),
        ("Bird dog", {"reps": 5, "hold_s": 5, "sets": 2}, ("hold", 5 * 5 + 4 * guided.SWITCH_S, 5)),
        ("Hip hinge", {"reps": 6, "tempo_s": 4, "sets": 2}, ("tempo", 6 * (4 + guided.RISE_S), 6)),
        ("Glute bridge", {"reps": 8, "hold_s": 0, "sets": 2, "load_kg": 0}, ("reps", None, 8)),
        ("Supported 90/90 rest", {"duration_min": 2}, ("timer", 120.0, 0)),
        ("Diaphragmatic breathing", {"duration_min": 3}, ("breath", 180.0, 0)),
        ("Walking", {"duration_min": 10}, ("walk", None, 0)),
    ],
    ids=["hold", "holds-with-reps", "tempo", "reps-without-tempo", "duration", "breathing", "walking"],
)
def test_the_work_follows_the_variables(name, prescription, work):
    steps = guided.exercise_steps(BY_NAME[name.casefold()], prescription, DEFAULTS, last=True)
    first = next(s for s in steps if s.kind not in ("ready", "rest"))
    assert (first.kind, first.seconds, first.reps) == work


def test_the_breath_pacer_and_the_rests_follow_the_settings():
    custom = {**DEFAULTS, "breath_in_s": 5, "breath_out_s": 7, "rest_between_sets_s": 40, "guided_ready_s": 0}
    (ready, breath) = guided.exercise_steps(BY_NAME["diaphragmatic breathing"], {"duration_min": 2}, custom, last=True)
    assert (ready.seconds, breath.breath_in_s, breath.breath_out_s) == (0, 5, 7)
    plank = guided.exercise_steps(BY_NAME["side plank"], {"hold_s": 20, "sets": 3}, custom, last=True)
    assert [s.seconds for s in plank if s.kind == "rest"] == [40, 40]


def test_the_player_gets_the_work_without_the_rest_before_the_next_exercise():
    data = guided.player_data(BY_NAME["side plank"], {"hold_s": 20, "sets": 2}, DEFAULTS, key="k")
    assert [s["kind"] for s in data["steps"]] == ["ready", "hold", "rest", "hold"]
    assert data["sound"] is True and data["voice"] is False  # tones on, spoken cues off by default
    assert guided.rest_data(DEFAULTS, "r")["steps"][0]["seconds"] == DEFAULTS["rest_between_exercises_s"]


def plank_draft() -> dict:
    return guided.new_draft(
        ["Side plank", "Bird dog", "Sit-to-stand"],
        {
            "Side plank": {"hold_s": 20.0, "sets": 2.0, "variant": "On knees"},
            "Bird dog": {"reps": 5.0, "hold_s": 5.0, "sets": 2.0, "variant": None},
            "Sit-to-stand": {"reps": 5.0, "tempo_s": 2.0, "support_level": 1.0, "variant": None},
        },
        "control",
        STARTED,
    )


def test_nothing_advances_until_the_pain_is_picked():
    draft = guided.timed(plank_draft(), 95)
    with pytest.raises(ValidationError) as caught:
        guided.rated(draft, BY_NAME["side plank"], None, "done")
    assert caught.value.message == "Pain during: pick the peak pain during, 0–10."
    with pytest.raises(ValidationError, match="Pick how it went"):
        guided.rated(draft, BY_NAME["side plank"], 2, None)


def test_a_whole_session_becomes_the_rows_and_minutes_the_player_reported():
    draft = plank_draft()
    draft = guided.rated(guided.timed(draft, 95), BY_NAME["side plank"], 2, "done")
    draft = guided.rated(guided.timed(draft, 80), BY_NAME["bird dog"], 3, "changed", {"hold_s": 3.0})
    draft = guided.skipped(guided.timed(draft, 4), BY_NAME["sit-to-stand"])
    assert draft["stage"] == "review" and draft["index"] == 3
    assert guided.session_minutes(draft) == 3  # 179 s by the player's clock, rounded up
    assert guided.session_rows(draft) == [
        {
            "exercise": "Side plank",
            "completed": True,
            "pain_during": 2,
            "variant": "On knees",
            "hold_s": 20.0,
            "sets": 2.0,
        },
        {"exercise": "Bird dog", "completed": True, "pain_during": 3, "reps": 5.0, "hold_s": 3.0, "sets": 2.0},
    ]  # the skipped one is not logged as done
    assert guided.review_lines(draft, "kg")[2] == "Sit-to-stand: skipped"


def test_cut_short_is_logged_as_not_completed_and_ending_early_goes_to_the_review():
    draft = guided.rated(guided.timed(plank_draft(), 30), BY_NAME["side plank"], 6, "cut")
    assert guided.session_rows(draft)[0]["completed"] is False
    ended = guided.finish_early(draft)
    assert ended["stage"] == "review" and len(ended["results"]) == 1


def test_a_player_clock_that_is_not_a_number_counts_as_unmeasured():
    assert guided.timed(plank_draft(), "soon")["pending_seconds"] == 0.0
    assert guided.timed(plank_draft(), None)["pending_seconds"] == 0.0


def test_pain_above_the_ceiling_is_met_kindly_with_the_easier_way_in():
    text = guided.above_ceiling(BY_NAME["side plank"], 7, 5)
    assert text.startswith("Pain 7 is above your pain ceiling of 5. Stop this exercise for today")
    assert "On knees" in text
