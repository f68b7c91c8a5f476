"""The scripting API end to end on a real file: record a few days, ask, accept or decline, ask again."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import coach, store
from lib.errors import NotFound

D = date(2025, 3, 12)  # the day we ask about (a Wednesday, in the past so every save is allowed)
PLANK = "Side plank"


def ago(n: int) -> date:
    return D - timedelta(days=n)


def check_in(con, day: date, pain: int = 2, **context: object) -> None:
    values = {"stiffness": 2, "sleep_hours": 7.5, "sleep_quality": 7, "stress": 3, "sitting_hours": 4.0, **context}
    store.save_checkin(con, day=day, pain_now=pain, **values)


def plank(con, day: date, pain: int = 1, hold_s: float = 20, sets: float = 2, **extra: object) -> None:
    store.save_session(
        con,
        day=day,
        focus="strength",
        duration_min=10,
        rpe=4,
        exercises=[{"exercise": PLANK, "hold_s": hold_s, "sets": sets, "pain_during": pain, **extra}],
    )


def calm_fortnight(con, end: date = D) -> None:
    for n in range(14):
        check_in(con, end - timedelta(days=n))


@pytest.fixture
def two_green_days(fresh_db):
    """A calm fortnight of check-ins and two green side planks (20 s × 2) on the two days before D."""
    calm_fortnight(fresh_db)
    plank(fresh_db, ago(2), pain=1)
    plank(fresh_db, ago(1), pain=2)
    return fresh_db


def test_two_green_days_suggest_one_step_up_of_the_hold(two_green_days):
    s = coach.suggest(two_green_days, PLANK, D)
    assert (s.exercise, s.action, s.variable) == (PLANK, "progress", "hold_s")
    assert s.current == {"hold_s": 20, "sets": 2, "variant": "On knees"}
    assert s.proposed == {"hold_s": 25, "sets": 2, "variant": "On knees"}
    assert "20" in s.reason and "25" in s.reason


def test_exercise_names_are_found_whatever_their_case(two_green_days):
    assert coach.suggest(two_green_days, "side PLANK", D).proposed["hold_s"] == 25


def test_an_unknown_exercise_is_refused_by_name(two_green_days):
    with pytest.raises(NotFound, match="Side planck"):
        coach.suggest(two_green_days, "Side planck", D)


def test_accepting_makes_a_new_prescription_version_from_that_day(two_green_days):
    con = two_green_days
    coach.accept(con, coach.suggest(con, PLANK, D), D)
    assert store.current_prescription(con, PLANK, D) == {"hold_s": 25, "sets": 2, "variant": "On knees"}
    assert store.current_prescription(con, PLANK, ago(1))["hold_s"] == 20  # the day before keeps the old one
    assert store.decisions_on(con, D) == {
        PLANK: store.Decision("accepted", {"hold_s": 25, "sets": 2, "variant": "On knees"})
    }
    events = store.progression_events(con, D, D, PLANK)
    assert list(events[["action", "variable", "before", "after"]].itertuples(index=False, name=None)) == [
        ("progress", "hold_s", 20.0, 25.0)
    ]


def test_asking_again_the_same_day_after_accepting_holds_because_it_went_up(two_green_days):
    con = two_green_days
    coach.accept(con, coach.suggest(con, PLANK, D), D)
    again = coach.suggest(con, PLANK, D)
    assert (again.action, again.variable) == ("hold", None)
    assert again.current == again.proposed == {"hold_s": 25, "sets": 2, "variant": "On knees"}
    assert "went up" in again.reason


def test_a_raise_settles_for_a_day_then_two_green_days_at_the_new_hold_bring_the_next_step(two_green_days):
    con = two_green_days
    coach.accept(con, coach.suggest(con, PLANK, D), D)
    for n in (1, 2):
        check_in(con, D + timedelta(days=n))
    plank(con, D, pain=1, hold_s=25)
    plank(con, D + timedelta(days=1), pain=1, hold_s=25)
    next_day = coach.suggest(con, PLANK, D + timedelta(days=1))
    assert next_day.action == "hold" and "went up" in next_day.reason
    day_after = coach.suggest(con, PLANK, D + timedelta(days=2))
    assert (day_after.action, day_after.proposed["hold_s"]) == ("progress", 30)


def test_declining_keeps_the_prescription_and_records_the_decision(two_green_days):
    con = two_green_days
    s = coach.suggest(con, PLANK, D)
    coach.decline(con, s, D)
    assert store.current_prescription(con, PLANK, D) == {"hold_s": 20, "sets": 2, "variant": "On knees"}
    assert store.decisions_on(con, D) == {
        PLANK: store.Decision("declined", {"hold_s": 25, "sets": 2, "variant": "On knees"})
    }
    assert store.progression_events(con, D, D, PLANK).empty  # only accepted changes are progression history
    assert coach.suggest(con, PLANK, D).action == "progress"  # still on offer


def test_a_suggestion_reads_nothing_recorded_after_its_day(two_green_days):
    con = two_green_days
    check_in(con, D + timedelta(days=1), pain=6, flare_up=True)
    plank(con, D + timedelta(days=1), pain=8)
    assert coach.suggest(con, PLANK, D).action == "progress"
    assert coach.suggest(con, PLANK, D + timedelta(days=1)).action == "regress"


def test_a_red_session_steps_back_and_accepting_lowers_the_hold(fresh_db):
    calm_fortnight(fresh_db)
    plank(fresh_db, ago(1), pain=6)
    s = coach.suggest(fresh_db, PLANK, D)
    assert (s.action, s.variable, s.proposed["hold_s"]) == ("regress", "hold_s", 15)
    coach.accept(fresh_db, s, D)
    assert store.current_prescription(fresh_db, PLANK, D)["hold_s"] == 15


def test_a_short_night_holds_and_says_so(fresh_db):
    calm_fortnight(fresh_db)
    check_in(fresh_db, D, sleep_hours=5.0)
    plank(fresh_db, ago(2))
    plank(fresh_db, ago(1))
    s = coach.suggest(fresh_db, PLANK, D)
    assert s.action == "hold"
    assert "sleep" in s.reason


def test_a_manual_prescription_is_versioned_and_the_engine_builds_on_it(fresh_db):
    calm_fortnight(fresh_db)
    after = store.set_prescription(fresh_db, PLANK, ago(3), {"sets": 2, "hold_s": 30})
    assert after == {"hold_s": 30, "sets": 2, "variant": "On knees"}
    assert store.current_prescription(fresh_db, PLANK, ago(3)) == after
    assert store.current_prescription(fresh_db, PLANK, ago(4))["hold_s"] == 20
    plank(fresh_db, ago(2), hold_s=30)
    plank(fresh_db, ago(1), hold_s=30)
    s = coach.suggest(fresh_db, PLANK, D)
    assert s.current == after  # a change by hand is not a raise the engine must let settle
    assert (s.action, s.variable, s.proposed["hold_s"]) == ("progress", "hold_s", 35)


def test_two_green_days_below_a_manual_prescription_hold(fresh_db):
    calm_fortnight(fresh_db)
    plank(fresh_db, ago(2))
    plank(fresh_db, ago(1))
    store.set_prescription(fresh_db, PLANK, D, {"hold_s": 30})
    s = coach.suggest(fresh_db, PLANK, D)
    assert s.action == "hold"
    assert "prescription" in s.reason


def test_week_four_of_the_programme_is_a_deload_week_and_turning_deloads_off_restores_progress(two_green_days):
    con = two_green_days
    store.set_setting(con, "programme_start", ago(21))
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.variable, s.proposed["sets"]) == ("deload", "sets", 1)
    store.set_setting(con, "deload_every_weeks", 0)
    assert coach.suggest(con, PLANK, D).action == "progress"


def test_without_a_programme_start_the_first_session_starts_week_one(fresh_db):
    calm_fortnight(fresh_db)
    plank(fresh_db, ago(21))  # the first session: D is the first day of week 4
    plank(fresh_db, ago(2))
    plank(fresh_db, ago(1))
    assert coach.suggest(fresh_db, PLANK, D).action == "deload"
    assert coach.suggest(fresh_db, PLANK, ago(1)).action != "deload"  # still week 3


def test_a_deload_applies_until_the_end_of_its_week_then_the_version_before_returns(two_green_days):
    con = two_green_days
    store.set_setting(con, "programme_start", ago(22))  # D is day 2 of week 4, which ends on D + 5
    s = coach.suggest(con, PLANK, D)
    assert s.action == "deload"
    coach.accept(con, s, D)
    lighter = {"hold_s": 20, "sets": 1, "variant": "On knees"}
    assert store.current_prescription(con, PLANK, D) == lighter
    assert store.current_prescription(con, PLANK, D + timedelta(days=5)) == lighter
    assert store.current_prescription(con, PLANK, D + timedelta(days=6)) == {
        "hold_s": 20,
        "sets": 2,
        "variant": "On knees",
    }


def test_the_day_after_an_accepted_deload_nothing_is_cut_again(two_green_days):
    con = two_green_days
    store.set_setting(con, "programme_start", ago(22))
    coach.accept(con, coach.suggest(con, PLANK, D), D)
    check_in(con, D + timedelta(days=1))
    later = coach.suggest(con, PLANK, D + timedelta(days=1))
    assert later.current["sets"] == 1
    assert later.proposed == later.current


def test_suggest_all_answers_for_every_active_exercise_from_one_read(two_green_days):
    con = two_green_days
    everything = coach.suggest_all(con, D)
    assert set(everything) == set(store.exercise_names(con, active_only=True))
    assert everything[PLANK] == coach.suggest(con, PLANK, D)
    assert all(s.action in ("progress", "hold", "regress", "deload") for s in everything.values())
    assert everything["Bird dog"].action == "hold"  # never logged


def test_one_suggestion_reads_only_its_exercise_and_sees_what_the_whole_day_sees(two_green_days):
    con = two_green_days
    coach.accept(con, coach.suggest(con, PLANK, ago(0)), ago(0), today=D)
    alone, day = store.engine_inputs(con, D, exercise="side plank"), store.engine_inputs(con, D)
    assert alone.library == day.library  # the day's lead positions are the whole library's
    assert list(alone.logs) == list(alone.accepted) == list(alone.prescriptions) == list(alone.usual) == [PLANK]
    assert alone.prescriptions[PLANK] == day.prescriptions[PLANK] == {"hold_s": 25, "sets": 2, "variant": "On knees"}
    assert (alone.logs[PLANK], alone.accepted[PLANK]) == (day.logs[PLANK], day.accepted[PLANK])
    assert [log.day for log in alone.logs[PLANK]] == [ago(2), ago(1)]  # oldest first
    assert alone.checkins == day.checkins and alone.day_facts == day.day_facts


def test_a_raise_accepted_more_than_a_year_ago_still_decides_what_a_step_back_lowers(fresh_db):
    con = fresh_db
    store.set_setting(con, "deload_every_weeks", 0)  # no deload week in the way of either decision
    year_ago = ago(400)
    # Over a year ago: the hold at its 45 s cap, two green days at it, and the raise of sets 2 → 3 accepted.
    store.set_prescription(con, PLANK, year_ago - timedelta(days=10), {"hold_s": 45})
    calm_fortnight(con, end=year_ago)
    plank(con, year_ago - timedelta(days=2), hold_s=45)
    plank(con, year_ago - timedelta(days=1), hold_s=45)
    raise_sets = coach.suggest(con, PLANK, year_ago)
    assert (raise_sets.action, raise_sets.variable, raise_sets.proposed["sets"]) == ("progress", "sets", 3)
    coach.accept(con, raise_sets, year_ago)
    # Now: a calm fortnight and a red side plank at 45 s × 3 yesterday.
    calm_fortnight(con)
    plank(con, ago(1), pain=7, hold_s=45, sets=3)
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.variable) == ("regress", "sets"), s.reason
    assert s.proposed == {"hold_s": 45, "sets": 2, "variant": "On knees"}


def test_a_red_session_after_moving_on_to_the_next_variant_steps_back_to_the_previous_one(fresh_db):
    con = fresh_db
    store.set_setting(con, "deload_every_weeks", 0)  # D would be in week 4, a deload week
    # Three weeks ago: on knees at every cap, two green days, then the move on to on feet accepted.
    store.set_prescription(con, PLANK, ago(30), {"hold_s": 45, "sets": 3})
    calm_fortnight(con, end=ago(21))
    plank(con, ago(23), hold_s=45, sets=3)
    plank(con, ago(22), hold_s=45, sets=3)
    move_on = coach.suggest(con, PLANK, ago(21))
    assert (move_on.variable, move_on.proposed) == ("variant", {"hold_s": 20, "sets": 2, "variant": "On feet"})
    coach.accept(con, move_on, ago(21))
    # Yesterday: on feet at the start values, pain 7 during.
    calm_fortnight(con)
    plank(con, ago(1), pain=7, variant="On feet")
    s = coach.suggest(con, PLANK, D)
    assert (s.action, s.variable) == ("regress", "variant"), s.reason
    # Issue 12: back on knees at the prescription held before the move (was: the start values, 20 s × 2).
    assert s.proposed == {"hold_s": 45, "sets": 3, "variant": "On knees"}
    assert "On knees" in s.reason
