"""Issue 12's diaries through the scripting API on real files: a comeback, one flare-up episode, a deload
week, pounds, and a changed setting. Each reads like the person's week; each asks Poise what a physio would."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import coach, store, units
from lib.errors import ValidationError
from lib.models import ExerciseDef
from lib.models import VariableRule as V

D = date(2025, 3, 12)  # a Wednesday in the past, so every save is allowed
PLANK = "Side plank"


def ago(n: int) -> date:
    return D - timedelta(days=n)


def check_in(con, day: date, pain: int = 2, **context: object) -> None:
    values = {"stiffness": 2, "sleep_hours": 7.5, "sleep_quality": 7, "stress": 3, "sitting_hours": 4.0, **context}
    store.save_checkin(con, day=day, pain_now=pain, **values)


def mornings(con, first: date, last: date, **context: object) -> None:
    day = first
    while day <= last:
        check_in(con, day, **context)
        day += timedelta(days=1)


def plank(con, day: date, pain: int = 1, hold_s: float = 20, sets: float = 2, **extra: object) -> None:
    store.save_session(
        con,
        day=day,
        focus="strength",
        duration_min=10,
        rpe=4,
        exercises=[{"exercise": PLANK, "hold_s": hold_s, "sets": sets, "pain_during": pain, **extra}],
    )


@pytest.fixture
def calm(fresh_db):
    """No deload weeks in the way; a calm month of check-ins up to D."""
    store.set_setting(fresh_db, "deload_every_weeks", 0)
    mornings(fresh_db, ago(60), D)
    return fresh_db


def test_a_comeback_after_five_weeks_steps_back_once_then_counts_afresh(calm):
    con = calm
    store.set_prescription(con, PLANK, ago(60), {"hold_s": 30})
    plank(con, ago(37), hold_s=30)
    plank(con, ago(36), hold_s=30)  # then five weeks away
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.rule, s.proposed["hold_s"]) == ("regress", "comeback_step_back", 25), s.reason
    assert "Welcome back" in s.reason
    coach.accept(con, s, D)
    again = coach.suggest(con, PLANK, D)
    assert (again.action, again.rule) == ("hold", "comeback"), again.reason  # never a second step back for it
    # Back at 25 s: D and D+1, each answered by the next morning; the old streak at 30 s never counts.
    for n in (1, 2, 3):
        check_in(con, D + timedelta(days=n))
    plank(con, D, hold_s=25)
    assert coach.suggest(con, PLANK, D + timedelta(days=1)).action == "hold"
    plank(con, D + timedelta(days=1), hold_s=25)
    s = coach.suggest(con, PLANK, D + timedelta(days=2))
    assert (s.action, s.proposed["hold_s"]) == ("progress", 30), s.reason


def test_two_weeks_away_holds_with_a_welcome_back(calm):
    plank(calm, ago(17))
    plank(calm, ago(16))
    s = coach.suggest(calm, PLANK, D)
    assert (s.action, s.rule) == ("hold", "comeback")
    assert "Two sessions at this level first" in s.reason


def test_one_flare_up_episode_ticked_three_mornings_steps_back_once(calm):
    con = calm
    plank(con, ago(5), hold_s=20)
    plank(con, ago(4), hold_s=20)
    for n, day in enumerate((ago(2), ago(1), D)):
        check_in(con, day, pain=4, flare_up=True)
        s = coach.suggest(con, PLANK, day)
        if n == 0:
            assert (s.action, s.rule, s.proposed["hold_s"]) == ("regress", "flare_up", 15), s.reason
            coach.accept(con, s, day)
        else:
            assert (s.action, s.rule) == ("hold", "flare_answered"), s.reason
    assert store.current_prescription(con, PLANK, D)["hold_s"] == 15
    # A red session at the lowered 15 s, logged after the step back on the same day, steps back again.
    plank(con, D, pain=7, hold_s=15)
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.rule, s.proposed["hold_s"]) == ("regress", "red_session", 10), s.reason


def test_a_prescription_lowered_by_hand_during_a_flare_up_is_its_answer(calm):
    con = calm
    plank(con, ago(3))
    check_in(con, ago(1), flare_up=True)
    store.set_prescription(con, PLANK, ago(1), {"hold_s": 15})
    check_in(con, D, flare_up=True)
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.rule) == ("hold", "flare_answered"), s.reason


def test_a_deload_week_is_temporary_and_a_red_session_in_it_brings_the_usual_back_one_step_lower(fresh_db):
    con = fresh_db
    mornings(con, ago(30), D)
    store.set_setting(con, "programme_start", ago(22))  # D is day 2 of week 4, which ends on D + 5
    plank(con, ago(3))
    plank(con, ago(2))
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.variable, s.proposed["sets"], s.until) == ("deload", "sets", 1, D + timedelta(days=5))
    coach.accept(con, s, D)
    assert coach.suggest(con, PLANK, D).rule == "deload_taken"  # never cut twice
    # A red session at the deloaded 20 s × 1: one step back now, and after the week 15 s × 2 returns.
    plank(con, D, pain=7, sets=1)
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.proposed, s.returns) == (
        "regress",
        {"hold_s": 15, "sets": 1, "variant": "On knees"},
        {"hold_s": 15, "sets": 2, "variant": "On knees"},
    )
    coach.accept(con, s, D)
    assert store.current_prescription(con, PLANK, D + timedelta(days=5)) == {
        "hold_s": 15,
        "sets": 1,
        "variant": "On knees",
    }
    mornings(con, D + timedelta(days=1), D + timedelta(days=6))
    after = coach.suggest(con, PLANK, D + timedelta(days=6))
    assert after.current == {"hold_s": 15, "sets": 2, "variant": "On knees"}
    assert after.action != "progress"  # the deload week's sessions are below the usual: the count starts again


def test_switching_deloads_off_mid_week_brings_the_usual_prescription_back(fresh_db):
    con = fresh_db
    mornings(con, ago(30), D)
    store.set_setting(con, "programme_start", ago(22))
    plank(con, ago(3))
    plank(con, ago(2))
    coach.accept(con, coach.suggest(con, PLANK, D), D)
    assert coach.suggest(con, PLANK, D).current["sets"] == 1
    store.set_setting(con, "deload_every_weeks", 0)
    s = coach.suggest(con, PLANK, D)
    assert s.current == {"hold_s": 20, "sets": 2, "variant": "On knees"}
    assert s.action == "progress"  # the two green days at 20 s × 2 before the deload still count


def test_breathing_is_never_cut_in_a_deload_week(fresh_db):
    con = fresh_db
    mornings(con, ago(30), D)
    store.set_setting(con, "programme_start", ago(22))
    s = coach.suggest(con, "Diaphragmatic breathing", D)
    assert (s.action, s.rule, s.proposed) == ("hold", "deload_lead", s.current)


def test_pounds_a_load_typed_to_a_tenth_counts_and_the_step_is_two_whole_pounds(calm):
    con = calm
    store.add_exercise(
        con, ExerciseDef("Goblet squat", "strength", ("Weight at the chest.",), (V("load_kg", 0, 1, 0, 20, "kg"),))
    )
    store.set_setting(con, "units", "lb")
    store.set_prescription(con, "Goblet squat", ago(10), {"load_kg": units.to_kg(20, "lb")})
    for n in (3, 2):
        store.save_session(
            con,
            day=ago(n),
            focus="strength",
            duration_min=10,
            rpe=4,
            exercises=[{"exercise": "Goblet squat", "load_kg": units.to_kg(19.9, "lb"), "pain_during": 1}],
        )
    s = coach.suggest(con, "Goblet squat", D)
    assert (s.action, s.variable) == ("progress", "load_kg"), s.reason
    assert units.from_kg(s.proposed["load_kg"], "lb") == pytest.approx(22, abs=0.01)
    assert "20 lb → 22 lb" in s.reason
    coach.accept(con, s, D)
    assert store.current_prescription(con, "Goblet squat", D)["load_kg"] == s.proposed["load_kg"]


def test_lowering_the_pain_ceiling_applies_to_sessions_already_logged(calm):
    con = calm
    plank(con, ago(3), pain=1)
    plank(con, ago(2), pain=1)
    plank(con, ago(1), pain=4)  # amber at the default ceiling of 5
    assert coach.suggest(con, PLANK, D).action == "progress"  # green, green, settled amber
    store.set_setting(con, "pain_ceiling", 3)
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.rule) == ("regress", "red_session"), s.reason  # pain 4 is now above the ceiling


def test_a_pain_ceiling_outside_3_to_7_is_refused_by_name(calm):
    with pytest.raises(ValidationError, match="pain_ceiling must be between 3 and 7; got 8"):
        store.set_setting(calm, "pain_ceiling", 8)
    with pytest.raises(ValidationError, match="morning_red_delta must be between 1 and 4; got 5"):
        store.set_setting(calm, "morning_red_delta", 5)


def test_accept_refuses_a_day_in_the_future(calm):
    plank(calm, ago(2))
    plank(calm, ago(1))
    s = coach.suggest(calm, PLANK, D)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        coach.accept(calm, s, D + timedelta(days=1), today=D)
    assert store.current_prescription(calm, PLANK, D + timedelta(days=1))["hold_s"] == 20  # nothing written


def test_a_red_flag_ticked_today_holds_every_exercise(calm):
    plank(calm, ago(2))
    plank(calm, ago(1))
    store.save_red_flags(calm, day=D, flags=["leg_weakness"])
    everything = coach.suggest_all(calm, D)
    assert {s.rule for s in everything.values()} == {"red_flag"}
    assert all(s.proposed == s.current for s in everything.values())
    assert store.red_flag_reports(calm, ago(7), D) == [(D, ("leg_weakness",))]


def test_two_step_backs_in_one_deload_week_bring_the_usual_back_two_steps_lower(fresh_db):
    con = fresh_db
    mornings(con, ago(30), D + timedelta(days=6))
    store.set_setting(con, "programme_start", ago(22))
    store.set_prescription(con, PLANK, ago(25), {"hold_s": 30})
    plank(con, ago(3), hold_s=30)
    plank(con, ago(2), hold_s=30)
    deload = coach.suggest(con, PLANK, D)  # 30 s → 20 s is closest to 60 % (sets 2 → 1 would be 50 %)
    assert (deload.variable, deload.proposed["hold_s"]) == ("hold_s", 20)
    coach.accept(con, deload, D)
    plank(con, D, pain=7, hold_s=20)
    coach.accept(con, coach.suggest(con, PLANK, D), D)  # 15 s now, 25 s after the week
    plank(con, D + timedelta(days=1), pain=7, hold_s=15)
    s = coach.suggest(con, PLANK, D + timedelta(days=1))
    assert (s.proposed["hold_s"], s.returns) == (10, {"hold_s": 20, "sets": 2, "variant": "On knees"})
    coach.accept(con, s, D + timedelta(days=1))
    assert store.current_prescription(con, PLANK, D + timedelta(days=6)) == {
        "hold_s": 20,
        "sets": 2,
        "variant": "On knees",
    }
