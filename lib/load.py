"""Pure load and response metrics: plain values or DataFrames in, numbers out, no I/O.

- Session load is session-RPE: RPE (CR-10) × minutes, in arbitrary units (AU).
- Acute (7-day) and chronic load, as rolling sums and as EWMA with λ = 2/(N+1);
  the chronic load is *uncoupled* from the acute week (Lolli et al. 2019): the
  21 days before it (D−27 … D−7), or the 28-day EWMA as it stood the day before
  the acute week, so the week being judged is not part of what it is judged
  against (a coupled ratio is pulled towards 1 by construction). The ratio is a
  display, never a gate: its value as an injury predictor is disputed
  (Impellizzeri et al. 2020), so its 0.8–1.3 band is drawn as a neutral
  reference, not a "safe zone".
- The next-morning response of a session day S: the morning pain of S+1 minus
  the baseline, the median `pain_now` of the check-ins dated S−6 … S.
- Consistency: current and longest streak of practice days, days practised in
  the last 7 and 28 days.
- The date ranges the Progress page offers, and when a range is drawn weekly.

The store (lib/store/progress.py) aggregates in DuckDB and hands the results
here. `morning_delta` is the progression engine's own (lib.progression), so
the chart and the engine can never disagree about a morning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from lib import progression

ACUTE_DAYS = 7
CHRONIC_DAYS = 28  # the history a ratio needs: the acute week and the three weeks before it
CHRONIC_BEFORE_DAYS = CHRONIC_DAYS - ACUTE_DAYS  # the uncoupled chronic window, D−27 … D−7 (Lolli 2019)
ACWR_BAND = (0.8, 1.3)  # a neutral reference band drawn behind the ratio; not a safe zone (Impellizzeri 2020)
MIN_PAIRS = 3  # next-morning pairs needed before a trend is drawn
WEEKLY_AFTER_DAYS = 366  # a range longer than this is drawn from weekly aggregates
CHART_POINTS_MAX = 2000  # what one chart may send the browser

# The ranges the Progress page offers: label -> days (None: everything; "custom": picked dates).
RANGES: dict[str, int | None] = {
    "Last 4 weeks": 28,
    "Last 3 months": 91,
    "Last year": 365,
    "All": None,
    "Custom": None,
}


def session_load(rpe: float, minutes: float) -> float:
    """Return the session-RPE load (AU): RPE (CR-10) × minutes."""
    return float(rpe) * float(minutes)


def ewma_lambda(days: int) -> float:
    """Return the EWMA decay λ = 2/(N+1) for an N-day window (7 → 0.25, 28 → 2/29)."""
    return 2.0 / (days + 1)


# The columns of an acute:chronic frame, in order (store.acute_chronic_load adds `day` in front).
ACWR_COLUMNS = ["load", "acute_sum", "chronic_sum", "acute_ewma", "chronic_ewma", "acwr_rolling", "acwr_ewma"]


def acute_chronic(daily_load: pd.Series) -> pd.DataFrame:
    """Return acute and chronic load and their ratio for a daily load series.

    `daily_load` is indexed by consecutive dates (rest days 0), starting on the
    person's first day of training. Returns one row per day with columns:

    - `load`: the day's load (AU);
    - `acute_sum`: the rolling 7-day sum, D−6 … D (AU);
    - `chronic_sum`: the uncoupled chronic sum, the 21 days D−27 … D−7 (AU);
    - `acute_ewma`: the 7-day EWMA (λ = 2/8) on D, `chronic_ewma`: the 28-day
      EWMA (λ = 2/29) as it stood on D−7, so uncoupled from the acute week;
      both seeded at 0 the day before the first day (no training before Poise),
      in AU per day;
    - `acwr_rolling`: (acute_sum / 7) / (chronic_sum / 21), `acwr_ewma`:
      acute_ewma / chronic_ewma — both NaN until 28 days of history exist or
      while the chronic load is 0.

    Raises nothing; an empty series gives an empty frame. The store computes
    the rolling columns in SQL instead and adds the EWMA with `add_ewma`.
    """
    load = pd.Series(daily_load, dtype="float64")
    out = pd.DataFrame({"load": load})
    out["acute_sum"] = load.rolling(ACUTE_DAYS, min_periods=1).sum()
    out["chronic_sum"] = load.shift(ACUTE_DAYS).rolling(CHRONIC_BEFORE_DAYS, min_periods=1).sum().fillna(0.0)
    enough = np.arange(len(out)) >= CHRONIC_DAYS - 1
    rolling = (out["acute_sum"] / ACUTE_DAYS) / (out["chronic_sum"] / CHRONIC_BEFORE_DAYS)
    out["acwr_rolling"] = rolling.where(enough & (out["chronic_sum"] > 0))
    return add_ewma(out)[ACWR_COLUMNS]


def add_ewma(daily: pd.DataFrame) -> pd.DataFrame:
    """Add `acute_ewma`, `chronic_ewma` and `acwr_ewma` to a daily frame; return it (changed in place).

    `daily["load"]` must hold every day from the first day of training on
    (rest days 0): the EWMA is a recursion over all of them, seeded at 0 the
    day before, so it is computed on the whole daily series before any row is
    left out for drawing. `chronic_ewma` is the 28-day EWMA of D−7 (uncoupled
    from the acute week). The ratio is NaN for the first 27 days and while the
    chronic EWMA is 0.
    """
    seeded = pd.Series(np.concatenate([[0.0], daily["load"].to_numpy(dtype="float64")]))
    for name, days in (("acute_ewma", ACUTE_DAYS), ("chronic_ewma", CHRONIC_DAYS)):
        daily[name] = seeded.ewm(alpha=ewma_lambda(days), adjust=False).mean().to_numpy()[1:]
    # Uncoupled: the chronic EWMA as it stood the day before the acute week (D−7; the seed, 0, before that).
    daily["chronic_ewma"] = pd.Series(daily["chronic_ewma"].to_numpy()).shift(ACUTE_DAYS, fill_value=0.0).to_numpy()
    enough = np.arange(len(daily)) >= CHRONIC_DAYS - 1
    ratio = daily["acute_ewma"] / daily["chronic_ewma"]
    daily["acwr_ewma"] = ratio.where(enough & (daily["chronic_ewma"] > 0))
    return daily


def morning_delta(checkins_by_day: Mapping[date, int], session_day: date) -> float | None:
    """Return the next-morning change in pain after a session on `session_day`, or None.

    Baseline = the median `pain_now` of the check-ins dated S−6 … S (S's own
    morning included); delta = `pain_now` on S+1 minus that baseline. No
    check-in on S+1, or none in the baseline window, gives None (no pair).
    This is lib.progression.morning_delta on plain pains, not a copy of it.
    """
    signals = {day: progression.CheckinSignal(pain_now=pain) for day, pain in checkins_by_day.items()}
    delta = progression.morning_delta(signals, session_day)
    return None if delta is None else float(delta)


@dataclass(frozen=True)
class Response:
    """What the next-morning pairs show: how many, their correlation and trend, heavy vs light days."""

    pairs: int  # how many session days had a next-morning check-in
    r: float | None  # Pearson correlation of load and delta (None: loads or deltas all equal)
    slope: float | None  # change in morning pain per AU of load
    intercept: float | None
    heavier_minus_lighter: float | None  # mean delta after loads above the median minus at/below it


def next_morning_response(pairs: pd.DataFrame) -> Response:
    """Summarise next-morning pairs (columns `load`, `delta`, optional weight `n`). Pure; raises nothing.

    With fewer than MIN_PAIRS pairs every statistic is None.
    """
    if pairs is None or pairs.empty:
        return Response(0, None, None, None, None)
    x = pairs["load"].to_numpy(dtype=float)
    y = pairs["delta"].to_numpy(dtype=float)
    w = pairs["n"].to_numpy(dtype=float) if "n" in pairs else np.ones_like(x)
    count = int(w.sum())
    if count < MIN_PAIRS:
        return Response(count, None, None, None, None)
    mx, my = np.average(x, weights=w), np.average(y, weights=w)
    sxx, syy = np.average((x - mx) ** 2, weights=w), np.average((y - my) ** 2, weights=w)
    sxy = np.average((x - mx) * (y - my), weights=w)
    slope = sxy / sxx if sxx > 0 else None
    intercept = my - slope * mx if slope is not None else None
    r = sxy / np.sqrt(sxx * syy) if sxx > 0 and syy > 0 else None
    median = _weighted_median(x, w)
    heavy, light = x > median, x <= median
    diff = None
    if heavy.any() and light.any():
        diff = np.average(y[heavy], weights=w[heavy]) - np.average(y[light], weights=w[light])
    return Response(count, _num(r), _num(slope), _num(intercept), _num(diff))


def _weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    order = np.argsort(x, kind="stable")
    cum = np.cumsum(w[order])
    return float(x[order][np.searchsorted(cum, cum[-1] / 2)])


def _num(value: float | None) -> float | None:
    return None if value is None else float(value)


def describe_response(response: Response) -> str:
    """Return one plain sentence saying what the next-morning pairs show."""
    if response.r is None and response.heavier_minus_lighter is None:
        if response.pairs < MIN_PAIRS:
            return (
                f"{response.pairs} session day(s) have a next-morning check-in so far; "
                f"{MIN_PAIRS} are needed before a pattern means anything."
            )
        return "Your sessions carried about the same load, so there is nothing to compare yet."
    diff = response.heavier_minus_lighter
    if diff is None:
        text = "Your sessions carried about the same load, so heavier and lighter days cannot be compared yet."
    elif abs(diff) < 0.05:
        text = "On days after heavier sessions your morning pain was on average the same as after lighter ones."
    else:
        word = "higher" if diff > 0 else "lower"
        text = (
            f"On days after heavier sessions your morning pain was on average {abs(diff):.1f} "
            f"{word} than after lighter ones."
        )
    if response.r is None:
        return f"{text} This rests on {response.pairs} session days."
    # In words, never as r (issue 15): the number itself is in "How is this worked out?".
    strength = "no clear link" if abs(response.r) < 0.2 else "a weak link" if abs(response.r) < 0.4 else "a clear link"
    return f"{text} This rests on {response.pairs} session days ({strength} between load and next-morning pain)."


@dataclass(frozen=True)
class Streaks:
    """Consistency: streaks of practice days, and days practised recently."""

    current: int  # consecutive days up to today (or yesterday, while today is still open)
    longest: int
    last_7: int  # days practised in the 7 days ending today
    last_28: int


def streaks(practice_days: Iterable[date], today: date) -> Streaks:
    """Return current and longest streak and days practised in the last 7 and 28 days.

    A day counts once however many sessions or rituals it held. The current
    streak runs back from today, or from yesterday if today has nothing yet
    (the day is not over); days after `today` are ignored.
    """
    days = sorted({d for d in practice_days if d <= today})
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if days and (today - days[-1]).days <= 1:
        current = run
    last_7 = sum(1 for d in days if (today - d).days < 7)
    last_28 = sum(1 for d in days if (today - d).days < 28)
    return Streaks(current, longest, last_7, last_28)


def period(
    choice: str, today: date, first_day: date | None, custom: tuple[date, date] | None = None
) -> tuple[date, date]:
    """Return the (start, end) dates of a range choice from RANGES, both included.

    "All" starts at `first_day` (today when there is no data); "Custom" uses
    `custom`, ordered. Raises ValueError for an unknown choice.
    """
    if choice not in RANGES:
        raise ValueError(f"Unknown range {choice!r}; choose one of {', '.join(RANGES)}.")
    if choice == "Custom":
        if not custom:
            raise ValueError("A custom range needs a start and an end date.")
        start, end = sorted(custom)
        return start, end
    days = RANGES[choice]
    if days is None:  # "All"
        return min(first_day or today, today), today
    return today - timedelta(days=days - 1), today


def is_weekly(start: date, end: date) -> bool:
    """Return whether a range is long enough (over a year) to be drawn from weekly aggregates."""
    return (end - start).days + 1 > WEEKLY_AFTER_DAYS
