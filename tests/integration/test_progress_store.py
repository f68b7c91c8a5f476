"""lib/store/progress.py on real DuckDB files: the SQL aggregates behind the Progress charts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from lib import charts, demo, load, store
from lib.progression import Suggestion

D = date(2026, 3, 2)  # a Monday
TODAY = date(2026, 4, 30)


def checkin(con, day: date, pain: int, **more) -> None:
    values = dict(stiffness=2, sleep_hours=7.0, sleep_quality=7, stress=3, sitting_hours=6.0) | more
    store.save_checkin(con, day=day, pain_now=pain, today=TODAY, **values)


def session(con, day: date, rpe: int, minutes: int) -> int:
    return store.save_session(con, day=day, focus="control", duration_min=minutes, rpe=rpe, today=TODAY)


def decide(
    con,
    exercise: str,
    day: date,
    action: str,
    variable: str | None,
    current: dict,
    proposed: dict,
    decision: str = "accepted",
    until: date | None = None,
) -> None:
    store.record_decision(
        con,
        Suggestion(exercise, action, variable, current, proposed, f"{action} reason", "rule", until=until),
        day,
        decision,
    )


# --- pain and load -----------------------------------------------------------------------


def test_daily_pain_and_load_sums_sessions_and_takes_the_7_day_median_from_before_the_range(fresh_db):
    for offset, pain in zip(range(-3, 4), (6, 6, 6, 1, 2, 3, 2), strict=True):
        checkin(fresh_db, D + timedelta(days=offset), pain, flare_up=offset == 2)
    session(fresh_db, D + timedelta(days=1), rpe=4, minutes=10)
    session(fresh_db, D + timedelta(days=1), rpe=3, minutes=20)
    df = store.daily_pain_and_load(fresh_db, D, D + timedelta(days=4))
    assert df["day"].tolist() == [D + timedelta(days=i) for i in range(5)]
    assert df["pain"].tolist()[:4] == [1.0, 2.0, 3.0, 2.0] and pd.isna(df["pain"].iloc[4])
    # D: median(6, 6, 6, 1) = 6; D+1: (6, 6, 6, 1, 2) → 6; D+2: (6, 6, 6, 1, 2, 3) → 4.5;
    # D+3: (6, 6, 6, 1, 2, 3, 2) → 3; D+4, with no check-in of its own: (6, 6, 1, 2, 3, 2) → 2.5.
    assert df["pain_median_7d"].tolist() == [6.0, 6.0, 4.5, 3.0, 2.5]
    assert df["load"].tolist() == [0.0, 100.0, 0.0, 0.0, 0.0]  # 4 × 10 + 3 × 20
    assert df["sessions"].tolist() == [0, 2, 0, 0, 0]
    assert df["flare_up"].tolist() == [False, False, True, False, False]


def test_pain_and_load_over_a_year_comes_back_weekly(fresh_db):
    for offset, pain in enumerate((2, 4, 6, 8, 1, 1, 1, 5)):
        checkin(fresh_db, D + timedelta(days=offset), pain, flare_up=offset == 7)
    session(fresh_db, D, rpe=5, minutes=10)
    session(fresh_db, D + timedelta(days=6), rpe=2, minutes=10)
    session(fresh_db, D + timedelta(days=7), rpe=3, minutes=10)
    df = store.daily_pain_and_load(fresh_db, D - timedelta(days=400), D + timedelta(days=13))
    assert "week" in df.columns and "day" not in df.columns
    this, following = df.set_index("week").loc[D], df.set_index("week").loc[D + timedelta(days=7)]
    assert (this["pain_median"], this["load"], this["sessions"], this["flare_up"]) == (2.0, 70.0, 2, False)
    assert (following["pain_median"], following["load"], following["flare_up"]) == (5.0, 30.0, True)
    assert df["week"].map(date.weekday).eq(0).all()


# --- events and deloads ----------------------------------------------------------------


def test_progression_events_are_the_accepted_ones_with_the_value_before_and_after(fresh_db):
    decide(fresh_db, "Side plank", D, "progress", "hold_s", {"hold_s": 20, "sets": 2}, {"hold_s": 25, "sets": 2})
    decide(fresh_db, "Bird dog", D, "progress", "reps", {"reps": 6}, {"reps": 7}, decision="declined")
    decide(fresh_db, "Side plank", D + timedelta(days=3), "hold", None, {"hold_s": 25}, {"hold_s": 25})
    df = store.progression_events(fresh_db, D, D + timedelta(days=6))
    assert df[["day", "exercise", "action"]].values.tolist() == [
        [D, "Side plank", "progress"],
        [D + timedelta(days=3), "Side plank", "hold"],
    ]
    assert df["variable"].iloc[0] == "hold_s" and pd.isna(df["variable"].iloc[1])
    assert (df["before"].iloc[0], df["after"].iloc[0]) == (20.0, 25.0)
    assert df["after"].isna().iloc[1]
    assert store.progression_events(fresh_db, D, D, "bird dog").empty


def test_progression_events_over_a_year_are_counted_per_week_and_action(fresh_db):
    for exercise in ("Side plank", "Bird dog", "Side plank"):
        decide(fresh_db, exercise, D + timedelta(days=1), "progress", "sets", {"sets": 2}, {"sets": 3})
    df = store.progression_events(fresh_db, D - timedelta(days=400), D + timedelta(days=6))
    assert df.to_dict("records") == [{"week": D, "action": "progress", "exercise": "Bird dog, Side plank", "count": 3}]


def test_a_deload_version_ends_with_its_week_and_the_version_before_applies_again(fresh_db):
    start_values = store.current_prescription(fresh_db, "Side plank", D)
    store.set_prescription(fresh_db, "Side plank", D, {"hold_s": 25})
    week_end = D + timedelta(days=13)
    decide(
        fresh_db,
        "Side plank",
        D + timedelta(days=9),
        "deload",
        "sets",
        {"hold_s": 25.0, "sets": 2.0},
        {"hold_s": 25.0, "sets": 1.0},
        until=week_end,
    )
    df = store.prescription_timeline(fresh_db, "Side plank", D - timedelta(days=2), D + timedelta(days=20))
    assert df.columns.tolist() == ["day", "variant", "source", "hold_s", "sets"]
    rows = df[["day", "source", "hold_s", "sets"]].values.tolist()
    assert rows == [
        [D - timedelta(days=2), "start", start_values["hold_s"], start_values["sets"]],
        [D, "manual", 25.0, start_values["sets"]],
        [D + timedelta(days=9), "deload", 25.0, 1.0],
        [D + timedelta(days=14), "manual", 25.0, start_values["sets"]],  # the day after the deload week
        [D + timedelta(days=20), "manual", 25.0, start_values["sets"]],  # the range's end
    ]
    assert store.deload_weeks(fresh_db, D, D + timedelta(days=30)).values.tolist() == [
        [D + timedelta(days=7), week_end]
    ]
    assert store.deload_weeks(fresh_db, D + timedelta(days=14), D + timedelta(days=30)).empty


def test_an_exercise_never_prescribed_nor_done_has_no_timeline(fresh_db):
    assert store.prescription_timeline(fresh_db, "Side plank", D, TODAY).empty
    store.set_prescription(fresh_db, "Side plank", D, {"hold_s": 25})
    assert store.exercises_by_history(fresh_db)[0] == "Side plank"
    assert set(store.exercises_by_history(fresh_db)) == set(store.exercise_names(fresh_db))


# --- next morning ---------------------------------------------------------------------------


def test_next_morning_pairs_use_the_morning_after_and_the_median_of_s_minus_6_to_s(fresh_db):
    for offset, pain in zip(range(-7, 2), (9, 1, 2, 3, 4, 5, 6, 7, 6), strict=True):
        checkin(fresh_db, D + timedelta(days=offset), pain)
    session(fresh_db, D, rpe=4, minutes=10)  # S = D: pair
    session(fresh_db, D - timedelta(days=2), rpe=5, minutes=10)  # next morning D−1 exists: pair
    session(fresh_db, D + timedelta(days=1), rpe=2, minutes=10)  # no check-in on D+2: no pair
    df = store.next_morning_pairs(fresh_db, D - timedelta(days=6), D + timedelta(days=1))
    assert df[["day", "load", "baseline", "next_pain", "delta"]].values.tolist() == [
        [D - timedelta(days=2), 50.0, 3.5, 6.0, 2.5],  # D−8 … D−2 hold 9, 1, 2, 3, 4, 5: median 3.5
        [D, 40.0, 4.0, 6.0, 2.0],  # D−6 … D hold 1 … 7: median 4; the 9 of D−7 is out
    ]


def test_next_morning_pairs_agree_with_lib_load_morning_delta_on_the_demo(demo_db):
    today = date.today()
    pairs = store.next_morning_pairs(demo_db, today - timedelta(days=119), today)
    checkins = store.list_checkins(demo_db, today - timedelta(days=130), today)
    by_day = dict(zip(checkins["day"], checkins["pain_now"].astype(int), strict=True))
    sessions = store.list_session_summaries(demo_db, today - timedelta(days=119), today)
    expected = {d: load.morning_delta(by_day, d) for d in set(sessions["day"])}
    expected = {d: v for d, v in expected.items() if v is not None}
    assert len(pairs) == len(expected) > 50
    assert dict(zip(pairs["day"], pairs["delta"], strict=True)) == pytest.approx(expected)


def test_next_morning_pairs_over_a_year_are_grouped_without_changing_the_statistics(demo_db):
    today = date.today()
    daily = store.next_morning_pairs(demo_db, today - timedelta(days=364), today)
    grouped = store.next_morning_pairs(demo_db, today - timedelta(days=400), today)
    assert grouped.columns.tolist() == ["load", "delta", "n"]
    assert grouped["n"].sum() == len(daily) and len(grouped) < len(daily)
    a, b = load.next_morning_response(daily), load.next_morning_response(grouped)
    assert (b.pairs, b.r, b.slope) == (a.pairs, pytest.approx(a.r), pytest.approx(a.slope))


# --- acute:chronic -------------------------------------------------------------------------


def test_acute_chronic_load_starts_from_the_first_session_and_matches_lib_load(fresh_db):
    for offset in range(0, 40, 2):
        session(fresh_db, D + timedelta(days=offset), rpe=4, minutes=10)
    end = D + timedelta(days=40)
    df = store.acute_chronic_load(fresh_db, D - timedelta(days=20), end)
    assert df["day"].iloc[0] == D and df["day"].iloc[-1] == end and len(df) == 41
    expected = load.acute_chronic(pd.Series([40.0 if i % 2 == 0 and i < 40 else 0.0 for i in range(41)]))
    pd.testing.assert_frame_equal(df.drop(columns="day"), expected, check_dtype=False)
    # On D+40: sessions on D+34, 36, 38 in the last 7 days (120 AU); uncoupled chronic (issue 12), the 21 days
    # D+13 … D+33 before them: D+14 … D+32, 10 × 40 = 400 (was: the 28 days with them, 520 / 28).
    assert df["acwr_rolling"].iloc[-1] == pytest.approx((120 / 7) / (400 / 21))


def test_acute_chronic_load_without_sessions_is_empty(fresh_db):
    assert store.acute_chronic_load(fresh_db, D, TODAY).empty


def test_acute_chronic_over_a_year_keeps_each_iso_weeks_last_day_with_the_values_of_the_daily_series(fresh_db):
    first = D - timedelta(days=500)
    for offset in range(0, 520, 3):
        session(fresh_db, first + timedelta(days=offset), rpe=3 + offset % 4, minutes=10)
    start, end = D - timedelta(days=400), D + timedelta(days=16)  # end is a Wednesday: its week is still open
    assert load.is_weekly(start, end)
    weekly = store.acute_chronic_load(fresh_db, start, end)
    days = pd.to_datetime(weekly["day"])
    assert days.iloc[0] == pd.Timestamp(start + timedelta(days=6 - start.weekday()))  # the first Sunday in range
    assert (days.iloc[:-1].dt.day_of_week == 6).all() and weekly["day"].iloc[-1] == end
    assert days.diff().dropna().dt.days.tolist() == [7] * (len(weekly) - 2) + [3]  # no week is skipped
    # Every value is the one the whole daily series has on that day: the EWMA too, computed before thinning.
    loads = [(3 + d % 4) * 10.0 if d % 3 == 0 else 0.0 for d in range((end - first).days + 1)]
    daily = load.acute_chronic(pd.Series(loads))
    daily.insert(0, "day", [first + timedelta(days=i) for i in range(len(loads))])
    expected = daily[daily["day"].isin(set(weekly["day"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(weekly, expected, check_dtype=False)


# --- consistency -----------------------------------------------------------------------


def test_practice_days_count_sessions_and_ritual_ticks(fresh_db):
    ritual = store.save_ritual(fresh_db, cue="After coffee", movement="3 min cat-camel", today=D)
    session(fresh_db, D, rpe=3, minutes=10)
    store.tick_ritual(fresh_db, ritual, D)
    store.tick_ritual(fresh_db, ritual, D + timedelta(days=1))
    session(fresh_db, D + timedelta(days=3), rpe=3, minutes=10)
    df = store.practice_calendar(fresh_db, D, D + timedelta(days=3))
    assert df[["sessions", "rituals", "practised"]].values.tolist() == [
        [1, 1, True],
        [0, 1, True],
        [0, 0, False],
        [1, 0, True],
    ]
    streaks = store.practice_streaks(fresh_db, D + timedelta(days=4))
    assert streaks == load.Streaks(current=1, longest=2, last_7=3, last_28=3)


def test_practice_over_a_year_is_days_per_week(fresh_db):
    for offset in (0, 1, 5, 7):
        session(fresh_db, D + timedelta(days=offset), rpe=3, minutes=10)
    df = store.practice_calendar(fresh_db, D - timedelta(days=400), D + timedelta(days=13)).set_index("week")
    assert df.loc[D, "days_practised"] == 3 and df.loc[D + timedelta(days=7), "days_practised"] == 1


# --- questionnaires and context --------------------------------------------------------


def tsk11(value: int) -> dict[int, int]:
    return dict.fromkeys((1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17), value)


def test_questionnaire_totals_flag_changes_that_reach_the_minimal_important_change(fresh_db):
    store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=D - timedelta(days=30), today=TODAY)  # 33, before range
    store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=D, today=TODAY)  # 22: −11
    answers = dict.fromkeys(range(1, 18), 2) | {4: 2, 8: 2, 12: 2, 16: 2}
    store.save_questionnaire(fresh_db, "tsk17", answers, day=D, today=TODAY)
    store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=D + timedelta(days=14), today=TODAY)  # 33: +11
    df = store.questionnaire_totals(fresh_db, D, TODAY)
    assert df[["day", "instrument", "total", "better", "worse"]].values.tolist() == [
        [D, "tsk11", 22.0, True, False],  # 33 → 22: a fall of 11 (the answer before the range)
        [D, "tsk17", 38.0, False, False],  # 13 × 2 + 4 reversed × 3; first answer; no MIC
        [D + timedelta(days=14), "tsk11", 33.0, False, True],  # 22 → 33: worse by more than 4
    ]
    assert df["previous"].tolist()[0] == 33.0 and pd.isna(df["previous"].iloc[1])
    assert df["change"].tolist()[2] == 11.0


def test_context_vs_pain_counts_days_and_correlates_like_pandas(fresh_db):
    sleeps, stresses, pains = (5.0, 6.0, 7.0, 8.0, 8.0, 6.0), (8, 6, 3, 2, 2, 7), (6, 5, 3, 2, 1, 4)
    for i, (sleep, stress, pain) in enumerate(zip(sleeps, stresses, pains, strict=True)):
        checkin(fresh_db, D + timedelta(days=i), pain, sleep_hours=sleep, stress=stress, sitting_hours=4.5 + i)
    df = store.context_vs_pain(fresh_db, D, TODAY)
    assert list(dict.fromkeys(df["factor"])) == ["sleep_hours", "stress", "sitting_hours"]
    sleep = df[df["factor"] == "sleep_hours"]
    assert sleep[["value", "mean_pain", "days"]].values.tolist() == [[5, 6, 1], [6, 4.5, 2], [7, 3, 1], [8, 1.5, 2]]
    assert sleep["r"].iloc[0] == pytest.approx(pd.Series(sleeps).corr(pd.Series(pains, dtype=float)))
    assert df["factor_days"].eq(6).all()
    sitting = df[df["factor"] == "sitting_hours"]
    assert sitting["value"].tolist() == [5.0, 6.0, 7.0, 8.0, 9.0, 10.0]  # 4.5 … 9.5 h, to the hour


# --- headline and ranges ----------------------------------------------------------------


def test_headline_numbers_compare_the_last_7_days_with_the_7_before(fresh_db):
    for offset, pain in ((0, 2), (3, 3), (6, 4), (7, 5), (12, 6)):
        checkin(fresh_db, TODAY - timedelta(days=offset), pain)
    session(fresh_db, TODAY, rpe=4, minutes=10)
    session(fresh_db, TODAY - timedelta(days=8), rpe=5, minutes=12)
    session(fresh_db, TODAY - timedelta(days=9), rpe=5, minutes=12)
    store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=TODAY - timedelta(days=20), today=TODAY)
    store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=TODAY - timedelta(days=6), today=TODAY)
    head = store.headline_numbers(fresh_db, TODAY)
    assert head["median_pain"] == {"this": 3.0, "last": 5.5, "change": -2.5}
    assert head["sessions"] == {"this": 1, "last": 2, "change": -1}
    assert head["load"] == {"this": 40.0, "last": 120.0, "change": -80.0}
    assert head["tsk"] == {
        "instrument": "TSK-11",
        "total": 22.0,
        "day": TODAY - timedelta(days=6),
        "change": -11.0,
        "since": TODAY - timedelta(days=20),
    }


def test_headline_numbers_on_an_empty_database(fresh_db):
    head = store.headline_numbers(fresh_db, TODAY)
    assert head["median_pain"] == {"this": None, "last": None, "change": None}
    assert head["sessions"]["this"] == 0 and head["tsk"] is None


def test_all_starts_at_the_first_record_of_any_kind(fresh_db):
    assert store.progress_range(fresh_db, "All", TODAY) == (TODAY, TODAY)
    checkin(fresh_db, D, 3)
    store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=D - timedelta(days=3), today=TODAY)
    assert store.progress_range(fresh_db, "All", TODAY) == (D - timedelta(days=3), TODAY)


# --- ten years ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory) -> Path:
    return demo.write_demo(tmp_path_factory.mktemp("ten") / "ten.duckdb", date.today(), days=3650)


def test_ten_years_are_drawn_from_weekly_aggregates_under_2000_points_per_chart(ten_years):
    con = store.open_database(ten_years)
    try:
        today = date.today()
        start, end = store.progress_range(con, "All", today)
        assert (end - start).days == 3649 and load.is_weekly(start, end)
        exercise = store.exercises_by_history(con)[0]
        frames = {
            "pain": store.daily_pain_and_load(con, start, end),
            "events": store.progression_events(con, start, end),
            "pairs": store.next_morning_pairs(con, start, end),
            "acwr": store.acute_chronic_load(con, start, end),
            "calendar": store.practice_calendar(con, start, end),
            "timeline": store.prescription_timeline(con, exercise, start, end),
        }
        assert "week" in frames["pain"] and "week" in frames["events"] and "week" in frames["calendar"]
        assert all(len(f) < 2000 for f in frames.values()), {k: len(f) for k, f in frames.items()}
        figures = [  # the acute:chronic chart is checked on its own below
            charts.pain_and_load(frames["pain"], frames["events"], store.deload_weeks(con, start, end)),
            charts.next_morning(frames["pairs"]),
            charts.prescription_history(
                frames["timeline"], store.progression_events(con, start, end, exercise), exercise
            ),
            charts.consistency(frames["calendar"], store.practice_streaks(con, today)),
            charts.questionnaire_trends(store.questionnaire_totals(con, start, end)),
            charts.context(store.context_vs_pain(con, start, end)),
        ]
        for fig in figures:
            assert fig is not None
            points = sum(len(t.x) for t in fig.data if t.x is not None)
            assert points <= 2000, f"{fig.layout.title.text}: {points} points"
    finally:
        con.close()


def test_ten_years_of_acute_chronic_load_keep_one_row_for_every_iso_week(ten_years):
    con = store.open_database(ten_years)
    try:
        start, end = store.progress_range(con, "All", date.today())
        frame = store.acute_chronic_load(con, start, end)
    finally:
        con.close()
    assert list(frame.columns) == ["day", *load.ACWR_COLUMNS]  # what charts.acute_chronic reads
    days = pd.to_datetime(frame["day"])
    weeks = days.dt.isocalendar()
    assert not weeks.duplicated(subset=["year", "week"]).any()
    assert len(frame) == len(pd.date_range(days.iloc[0], end, freq="W-SUN")) + (end.weekday() != 6)
    assert set(days.diff().dropna().dt.days.iloc[:-1]) == {7}  # never 14: no week is skipped


def test_ten_years_of_acute_chronic_load_draw_under_2000_points(ten_years):
    con = store.open_database(ten_years)
    try:
        start, end = store.progress_range(con, "All", date.today())
        fig = charts.acute_chronic(store.acute_chronic_load(con, start, end))
    finally:
        con.close()
    assert sum(len(t.x) for t in fig.data if t.x is not None) <= 2000
