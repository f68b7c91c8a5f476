"""lib/load.py: session load, acute:chronic load, the next-morning response, streaks and ranges."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import pytest

from lib import load

DAY0 = date(2026, 3, 2)


def thirty_five_days() -> pd.Series:
    """28 days at 40 AU, then 7 days at 80 AU: a sudden doubling in the fifth week."""
    return pd.Series([40.0] * 28 + [80.0] * 7, index=[DAY0 + timedelta(days=i) for i in range(35)])


def test_session_load_is_rpe_times_minutes():
    assert load.session_load(4, 12) == 48.0


def test_ewma_decay_is_two_over_n_plus_one():
    assert load.ewma_lambda(7) == 0.25
    assert load.ewma_lambda(28) == pytest.approx(2 / 29)


def test_rolling_sums_and_ratio_by_hand_on_35_days():
    m = load.acute_chronic(thirty_five_days())
    # Issue 12: the chronic load is uncoupled from the acute week (Lolli 2019): the 21 days before it
    # (was: the 28 days including it, 1120 and 1400, ratio 1.6 on day 35).
    # Day 28 (index 27): four steady weeks: 7 × 40 against the 21 × 40 before them, ratio 1.
    assert m["acute_sum"].iloc[27] == 280
    assert m["chronic_sum"].iloc[27] == 840
    assert m["acwr_rolling"].iloc[27] == pytest.approx(1.0)
    # Day 35: acute 7 × 80 = 560; chronic = days 8 … 28, 21 × 40 = 840; (560/7) / (840/21) = 80 / 40.
    assert m["acute_sum"].iloc[34] == 560
    assert m["chronic_sum"].iloc[34] == 840
    assert m["acwr_rolling"].iloc[34] == pytest.approx(2.0)


def test_ratio_is_hidden_until_28_days_of_history():
    m = load.acute_chronic(thirty_five_days())
    assert m["acwr_rolling"].iloc[:27].isna().all()
    assert m["acwr_ewma"].iloc[:27].isna().all()
    assert m[["acwr_rolling", "acwr_ewma"]].iloc[27:].notna().all().all()


def test_ewma_by_hand_on_35_days_seeded_at_zero():
    m = load.acute_chronic(thirty_five_days())
    acute_keep, chronic_keep = 1 - 0.25, 1 - 2 / 29
    # A constant load L from a zero seed: EWMA after k days = L × (1 − (1 − λ)^k).
    acute_28 = 40 * (1 - acute_keep**28)
    chronic_21, chronic_28 = 40 * (1 - chronic_keep**21), 40 * (1 - chronic_keep**28)
    assert m["acute_ewma"].iloc[27] == pytest.approx(acute_28)
    # Issue 12: the chronic EWMA is uncoupled, as it stood on D−7 (was: on D, 52.464 on day 35, ratio 1.423).
    assert m["chronic_ewma"].iloc[27] == pytest.approx(chronic_21)
    # Then 7 days at 80: the acute EWMA closes the gap to 80 by (1 − λ)^7; the chronic one is day 28's.
    acute_35 = 80 - (80 - acute_28) * acute_keep**7
    assert m["acute_ewma"].iloc[34] == pytest.approx(acute_35)
    assert m["chronic_ewma"].iloc[34] == pytest.approx(chronic_28)
    assert m["acwr_ewma"].iloc[34] == pytest.approx(acute_35 / chronic_28)
    # Worked out on paper: 40 × (1 − 0.75^28) = 39.987 → 80 − 40.013 × 0.75^7 = 74.659;
    # 40 × (1 − (27/29)^28) = 34.591; 74.659 / 34.591 = 2.158.
    assert acute_35 == pytest.approx(74.659, abs=1e-3)
    assert chronic_28 == pytest.approx(34.591, abs=1e-3)
    assert m["acwr_ewma"].iloc[34] == pytest.approx(2.158, abs=1e-3)


def test_first_ewma_value_is_lambda_times_the_first_load():
    m = load.acute_chronic(pd.Series([100.0, 0.0]))
    assert m["acute_ewma"].tolist() == pytest.approx([25.0, 18.75])


def test_add_ewma_on_a_frame_gives_the_same_ewma_as_acute_chronic():
    frame = pd.DataFrame({"load": thirty_five_days().to_numpy()})
    load.add_ewma(frame)
    expected = load.acute_chronic(thirty_five_days())
    for column in ("acute_ewma", "chronic_ewma", "acwr_ewma"):
        assert frame[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True), column


def test_acute_chronic_frames_keep_their_columns_in_order():
    assert list(load.acute_chronic(thirty_five_days()).columns) == load.ACWR_COLUMNS


# --- next-morning response ------------------------------------------------------------

S = date(2026, 5, 10)


def days_before(*pains: int) -> dict[date, int]:
    """Check-ins dated S−6 … S with these pains, oldest first."""
    return {S - timedelta(days=6 - i): p for i, p in enumerate(pains)}


def test_morning_delta_uses_the_morning_after_and_the_median_of_s_minus_6_to_s():
    checkins = {S - timedelta(days=7): 10, **days_before(1, 2, 3, 4, 5, 6, 7), S + timedelta(days=1): 6}
    # The check-in 7 days before (10) is outside the baseline: median(1 … 7) = 4; 6 − 4 = 2.
    assert load.morning_delta(checkins, S) == 2.0


def test_morning_delta_counts_the_session_days_own_morning_in_the_baseline():
    checkins = {S: 5, S + timedelta(days=1): 5}
    assert load.morning_delta(checkins, S) == 0.0


def test_morning_delta_with_an_even_number_of_baseline_days_takes_the_middle():
    checkins = {S - timedelta(days=2): 2, S: 3, S + timedelta(days=1): 4}
    assert load.morning_delta(checkins, S) == 1.5


def test_no_check_in_the_next_morning_means_no_pair():
    checkins = {**days_before(3, 3, 3, 3, 3, 3, 3), S + timedelta(days=2): 9}
    assert load.morning_delta(checkins, S) is None


def test_the_next_morning_delta_is_the_engines_own_not_a_copy(monkeypatch):
    from lib import progression

    seen = []
    monkeypatch.setattr(progression, "morning_delta", lambda checkins, day: seen.append(checkins[S].pain_now) or 1.5)
    assert load.morning_delta({S: 4, S + timedelta(days=1): 9}, S) == 1.5
    assert seen == [4]  # the pains reach the engine as its check-in signals


def test_no_check_in_in_the_baseline_window_means_no_pair():
    checkins = {S - timedelta(days=7): 3, S + timedelta(days=1): 4}
    assert load.morning_delta(checkins, S) is None


PAIRS = pd.DataFrame({"load": [10.0, 20.0, 30.0, 40.0], "delta": [0.0, 0.0, 1.0, 1.0]})


def test_next_morning_response_by_hand():
    r = load.next_morning_response(PAIRS)
    assert r.pairs == 4
    assert r.slope == pytest.approx(0.04)  # cov 5 / var 125
    assert r.intercept == pytest.approx(-0.5)  # 0.5 − 0.04 × 25
    assert r.r == pytest.approx(5 / math.sqrt(125 * 0.25))
    assert r.heavier_minus_lighter == pytest.approx(1.0)  # above the median load (20): 1; at or below: 0


def test_grouped_pairs_with_counts_give_the_same_statistics_as_the_raw_pairs():
    raw = pd.DataFrame({"load": [10.0, 10.0, 20.0, 30.0, 30.0, 30.0], "delta": [0.0, 0.0, 1.0, 2.0, 2.0, 1.0]})
    grouped = raw.groupby(["load", "delta"]).size().rename("n").reset_index()
    a, b = load.next_morning_response(raw), load.next_morning_response(grouped)
    assert a.pairs == b.pairs == 6
    assert b.r == pytest.approx(a.r)
    assert b.slope == pytest.approx(a.slope)
    assert b.heavier_minus_lighter == pytest.approx(a.heavier_minus_lighter)


def test_fewer_than_three_pairs_give_no_statistics():
    r = load.next_morning_response(PAIRS.head(2))
    assert (r.pairs, r.r, r.slope, r.heavier_minus_lighter) == (2, None, None, None)
    assert "3 are needed" in load.describe_response(r)


def test_the_plain_sentence_says_how_much_higher_and_on_how_many_days():
    text = load.describe_response(load.next_morning_response(PAIRS))
    assert text == (
        "On days after heavier sessions your morning pain was on average 1.0 higher than after "
        "lighter ones. This rests on 4 session days (a clear link between load and next-morning pain)."
    )


def test_the_plain_sentence_says_lower_when_heavier_days_were_followed_by_less_pain():
    text = load.describe_response(load.next_morning_response(PAIRS.assign(delta=[0.4, 0.4, 0.0, 0.0])))
    assert text.startswith("On days after heavier sessions your morning pain was on average 0.4 lower")


def test_equal_loads_cannot_be_compared():
    r = load.next_morning_response(pd.DataFrame({"load": [30.0] * 4, "delta": [0.0, 1.0, 2.0, 0.0]}))
    assert r.r is None and r.heavier_minus_lighter is None
    assert "same load" in load.describe_response(r)


# --- streaks ----------------------------------------------------------------------------

TODAY = date(2026, 6, 30)


def ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=k) for k in offsets]


def test_streak_runs_back_from_today():
    s = load.streaks(ago(0, 1, 2, 4, 5), TODAY)
    assert (s.current, s.longest) == (3, 3)


def test_streak_still_counts_while_today_is_not_over():
    assert load.streaks(ago(1, 2, 3), TODAY).current == 3


def test_streak_is_broken_by_a_missed_yesterday():
    assert load.streaks(ago(2, 3, 4, 5), TODAY).current == 0


def test_longest_streak_and_days_in_the_last_7_and_28():
    s = load.streaks(ago(0, 10, 11, 12, 13, 14, 30, 6, 7), TODAY)
    assert s.longest == 5
    assert s.last_7 == 2  # today and 6 days ago
    assert s.last_28 == 8  # all but 30 days ago


def test_streaks_count_a_day_once_and_ignore_future_days():
    s = load.streaks(ago(0, 0, 1, -1, -2), TODAY)
    assert (s.current, s.longest, s.last_7) == (2, 2, 2)


def test_no_practice_gives_zero_streaks():
    assert load.streaks([], TODAY) == load.Streaks(0, 0, 0, 0)


# --- ranges -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "start"),
    [
        ("Last 4 weeks", date(2026, 6, 3)),
        ("Last 3 months", date(2026, 4, 1)),
        ("Last year", date(2025, 7, 1)),
        ("All", date(2024, 1, 5)),
    ],
    ids=["4 weeks", "3 months", "year", "all"],
)
def test_each_range_ends_today_and_starts_where_it_says(choice, start):
    assert load.period(choice, TODAY, date(2024, 1, 5)) == (start, TODAY)


def test_all_without_any_data_is_just_today():
    assert load.period("All", TODAY, None) == (TODAY, TODAY)


def test_a_custom_range_is_put_in_order():
    assert load.period("Custom", TODAY, None, (date(2026, 5, 1), date(2026, 3, 1))) == (
        date(2026, 3, 1),
        date(2026, 5, 1),
    )


def test_an_unknown_range_or_a_custom_range_without_dates_is_refused():
    with pytest.raises(ValueError, match="Unknown range"):
        load.period("Forever", TODAY, None)
    with pytest.raises(ValueError, match="start and an end"):
        load.period("Custom", TODAY, None)


def test_a_year_is_drawn_daily_and_anything_longer_weekly():
    assert not load.is_weekly(*load.period("Last year", TODAY, None))
    assert not load.is_weekly(date(2024, 1, 1), date(2024, 12, 31))  # 366 days
    assert load.is_weekly(date(2024, 1, 1), date(2025, 1, 1))  # 367 days
