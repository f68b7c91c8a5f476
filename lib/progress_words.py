"""Progress in plain words: "Am I getting better?" answered in a few sentences. Pure, no I/O.

`sentences` turns a few small frames from the store (lib.store.words) into one
sentence per question, for the range picked:

- **Morning pain**: the median of the first two weeks of the range against the
  median of its last two weeks (from the first check-in when the records start
  inside the range). It needs a range of at least `MIN_TREND_DAYS` days (the
  two windows never overlap) and at least `MIN_CHECKINS_PER_END` check-ins in
  each window; otherwise it says "not enough data yet" and what is missing.
  A difference of medians under `NOISE_POINTS` (1 point on the 0–10 scale) is
  called "about the same", never a trend; `MATTERS_POINTS` (2 points, the
  smallest change that matters on a 0–10 pain scale) or more is called a change
  that matters. The sentence names the two medians and the days it compared.
- **Practice**: days practised (a session or a ticked ritual) per week, counted
  from the first record in the range; at least a week of days is needed.
- **Next morning**: the share of session days after which the next morning's
  pain was below the amber rise over the 7-day baseline (the engine's own
  reading, lib.load): "settled". At least `MIN_MORNINGS` mornings are needed.
- **TSK and PSFS**: the latest answer in the range against the one before the
  range (or the first in it), and whether the change passes the instrument's
  smallest change that matters (lib.questionnaires). A PSFS whose activity list
  changed compares only the activities rated both times, and says so.

Every sentence is a `Sentence` with `enough` False when it says "not enough
data yet", so a page can show it quieter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from lib import questionnaires
from lib.plain import number

END_DAYS = 14  # each end of the range compared: its first and its last two weeks
MIN_TREND_DAYS = 2 * END_DAYS  # shorter, and the two ends would overlap
MIN_CHECKINS_PER_END = 5  # check-ins needed in each end before two medians are compared
NOISE_POINTS = 1.0  # a difference of medians below this is day-to-day noise
MATTERS_POINTS = 2.0  # the smallest change in 0–10 pain that matters
MIN_PRACTICE_DAYS = 7  # days needed before "days a week" means anything
MIN_MORNINGS = 5  # session days with a next-morning check-in needed for a share


@dataclass(frozen=True)
class Sentence:
    """One plain-words answer: `topic` (pain, practice, morning, tsk, psfs), its text, and whether data sufficed."""

    topic: str
    text: str
    enough: bool = True


def span_words(choice: str, start: date, end: date) -> str:
    """Return how a sentence names the range: "Over the last 3 months", "Since 02 Aug 2026", "From … to …"."""
    if choice.startswith("Last "):
        return "Over the " + choice[0].lower() + choice[1:]
    if choice == "All":
        return f"Since you started ({start:%d %b %Y})"
    return f"From {start:%d %b %Y} to {end:%d %b %Y}"


def _dates(first: date, last: date) -> str:
    return f"{first:%d %b}–{last:%d %b}"


def pain_sentence(pain: pd.DataFrame, start: date, end: date, span: str) -> Sentence:
    """Morning pain, first two weeks against last two (medians). `pain`: `day`, `pain` (NaN: unanswered)."""
    answered = pain.dropna(subset=["pain"]) if len(pain) else pain
    answered = answered[(answered["day"] >= start) & (answered["day"] <= end)] if len(answered) else answered
    if answered.empty:
        return Sentence("pain", "Morning pain: not enough data yet — no check-in in this range.", False)
    first_day = max(start, min(answered["day"]))
    if (end - first_day).days + 1 < MIN_TREND_DAYS:
        return Sentence(
            "pain",
            f"Morning pain: not enough data yet to see a trend — it needs {MIN_TREND_DAYS} days "
            f"from the first check-in to compare the first two weeks with the last two "
            f"(this range has {(end - first_day).days + 1}).",
            False,
        )
    early_end, late_start = first_day + timedelta(days=END_DAYS - 1), end - timedelta(days=END_DAYS - 1)
    early = answered[answered["day"] <= early_end]["pain"]
    late = answered[answered["day"] >= late_start]["pain"]
    if len(early) < MIN_CHECKINS_PER_END or len(late) < MIN_CHECKINS_PER_END:
        return Sentence(
            "pain",
            f"Morning pain: not enough data yet — comparing needs at least {MIN_CHECKINS_PER_END} "
            f"check-ins in the first two weeks and in the last two (there are {len(early)} "
            f"and {len(late)}).",
            False,
        )
    before, after = float(early.median()), float(late.median())
    compared = (
        f"(medians of {_dates(first_day, early_end)} and {_dates(late_start, end)}, "
        f"{len(early)} and {len(late)} check-ins)"
    )
    change = after - before
    if abs(change) < NOISE_POINTS:
        return Sentence(
            "pain",
            f"{span} your morning pain stayed about the same: {number(before)} at the start, "
            f"{number(after)} at the end {compared}. A change under {NOISE_POINTS:g} point is "
            "within day-to-day ups and downs.",
        )
    verb = "fell" if change < 0 else "rose"
    weight = (
        "a change that matters"
        if abs(change) >= MATTERS_POINTS
        else f"a small change (under the {MATTERS_POINTS:g} points that matter)"
    )
    return Sentence(
        "pain", f"{span} your morning pain {verb} from {number(before)} to {number(after)} {compared} — {weight}."
    )


def practice_sentence(practised: int, days: int) -> Sentence:
    """Days practised a week: `practised` days with practice out of `days` counted."""
    if days < MIN_PRACTICE_DAYS:
        return Sentence(
            "practice",
            f"Practice: not enough data yet — it needs at least {MIN_PRACTICE_DAYS} days (there are {days}).",
            False,
        )
    per_week = practised / days * 7
    amount = (
        "less than one day a week"
        if 0 < per_week < 0.5
        else "no day"
        if practised == 0
        else f"{round(per_week):d} day{'s' if round(per_week) != 1 else ''} a week"
    )
    return Sentence("practice", f"You practised on {amount} ({practised} of {days} days had a session or a ritual).")


def morning_sentence(pairs: pd.DataFrame, amber_delta: float) -> Sentence:
    """How often the back settled by the next morning. `pairs`: `delta` and optionally `n` (lib.store)."""
    if len(pairs):
        weights = pairs["n"] if "n" in pairs else pd.Series(1, index=pairs.index)
        total = int(weights.sum())
        settled = int(weights[pairs["delta"] < amber_delta].sum())
    else:
        total = settled = 0
    if total < MIN_MORNINGS:
        return Sentence(
            "morning",
            f"Next mornings: not enough data yet — it needs {MIN_MORNINGS} session days "
            f"followed by a morning check-in (there are {total}).",
            False,
        )
    tens = f"{round(settled / total * 10):d} sessions in 10" if total >= 10 else f"{settled} of {total} sessions"
    return Sentence(
        "morning",
        f"Your back settled by the next morning after {tens} (morning pain less than "
        f"{amber_delta:g} point{'s' if amber_delta != 1 else ''} above your usual).",
    )


def _baseline(rows: pd.DataFrame) -> pd.Series:
    """The answer to compare with: the last one before the range, else the first in it."""
    before = rows[rows["before"]]
    return before.iloc[-1] if len(before) else rows[~rows["before"]].iloc[0]


def tsk_sentence(answers: pd.DataFrame) -> Sentence:
    """The latest TSK (either form) against the same form's earlier answer. `answers`: see `sentences`."""
    tsk = answers[answers["instrument"].isin(["tsk17", "tsk11"])] if len(answers) else answers
    inside = tsk[~tsk["before"]] if len(tsk) else tsk
    if inside.empty:
        return Sentence("tsk", "Fear of movement (TSK): not answered in this range yet.", False)
    latest = inside.iloc[-1]
    inst = questionnaires.INSTRUMENTS[str(latest["instrument"])]
    rows = tsk[tsk["instrument"] == latest["instrument"]]
    first = _baseline(rows)
    when = f"{latest['day']:%d %b}"
    if len(rows) == 1:
        return Sentence(
            "tsk",
            f"Your {inst.short} is {inst.format_total(latest['total'])} ({when}); answer it again "
            "in a few weeks to see it move.",
            False,
        )
    return Sentence("tsk", _score_change(inst, float(first["total"]), float(latest["total"]), first["day"], when))


def _score_change(
    inst: questionnaires.Instrument, before: float, after: float, since: date, when: str, what: str = ""
) -> str:
    change = inst.rounded(after - before)
    name = f"Your {inst.short}{what}"
    fmt = inst.format_total
    if change == 0:
        moved = f"{name} stayed at {fmt(after)} (since {since:%d %b})"
    else:
        verb = "rose" if change > 0 else "fell"
        moved = f"{name} {verb} by {abs(change):g}, from {fmt(before)} on {since:%d %b} to {fmt(after)} on {when}"
    if inst.mic is None:
        return f"{moved}. The {inst.short} has no published smallest change that matters."
    toward = change * inst.mic_direction
    if round(toward, 9) >= inst.mic:
        return f"{moved} — a change that matters."
    if round(-toward, 9) >= inst.mic:
        return f"{moved} — a change that matters, in the wrong direction."
    return f"{moved} — within measurement noise (a change needs {inst.mic:g} points)."


def psfs_sentence(answers: pd.DataFrame) -> Sentence:
    """The latest PSFS against the earlier one, over the activities rated both times."""
    psfs = answers[answers["instrument"] == "psfs"] if len(answers) else answers
    if psfs.empty or psfs["before"].all():
        return Sentence("psfs", "Hard everyday activities (PSFS): not answered in this range yet.", False)
    inst = questionnaires.INSTRUMENTS["psfs"]
    latest = psfs[~psfs["before"]].iloc[-1]
    when = f"{latest['day']:%d %b}"
    if len(psfs) == 1:
        return Sentence(
            "psfs",
            f"Your PSFS is {inst.format_total(latest['total'])} ({when}); answer it again in a "
            "few weeks to see it move.",
            False,
        )
    first = _baseline(psfs)
    old, new = dict(first["answers"]), dict(latest["answers"])
    shared = [a for a in new if a in old]
    if not shared:
        return Sentence(
            "psfs",
            "Your PSFS activities changed completely since the earlier answer, so the two cannot be compared.",
            False,
        )
    before = sum(float(old[a]) for a in shared) / len(shared)
    after = sum(float(new[a]) for a in shared) / len(shared)
    changed = set(old) != set(new)
    what = f" (the {len(shared)} activit{'y' if len(shared) == 1 else 'ies'} rated both times)" if changed else ""
    text = _score_change(inst, before, after, first["day"], when, what)
    if changed:
        text += " Your activity list changed, so only those are compared."
    return Sentence("psfs", text)


def sentences(
    *,
    pain: pd.DataFrame,
    start: date,
    end: date,
    span: str,
    practised: int,
    practice_days: int,
    pairs: pd.DataFrame,
    amber_delta: float,
    answers: pd.DataFrame,
) -> list[Sentence]:
    """Return the plain-words answers for [start, end], pain first. Pure.

    - `pain`: `day`, `pain` (morning pain_now, NaN unanswered), the check-ins of the range.
    - `practised`, `practice_days`: days with practice, out of the days counted (from the first record).
    - `pairs`: store.next_morning_pairs of the range (`delta`, `n`); `amber_delta` the setting.
    - `answers`: questionnaire answers, oldest first — `day`, `instrument`, `total`, `answers` (a dict),
      `before` (True for the latest answer of each instrument before the range).
    """
    return [
        pain_sentence(pain, start, end, span),
        practice_sentence(practised, practice_days),
        morning_sentence(pairs, amber_delta),
        tsk_sentence(answers),
        psfs_sentence(answers),
    ]


# "How is this worked out?" under each Progress chart: the only place the terms of the trade appear.
HOW = {
    "pain_and_load": "The line is your morning pain (0–10) and its 7-day median. The bars are training load: each "
    "session's effort (0–10, the CR-10 scale, often called RPE) times its minutes, added up per "
    "day (per week over a year). That number has no unit; sports science calls it AU, "
    "arbitrary units. Markers above show accepted changes; shaded weeks are deload weeks.",
    "next_morning": "Each dot is one session day: its load across, and how the next morning's pain differed from "
    "your usual (the median of your check-ins over the 7 days up to that day) upwards. The trend "
    "line is a straight-line fit; its correlation r runs from −1 to +1, and near 0 means no link. "
    "A few days prove little.",
    "acute_chronic": "Recent load is the average daily load of the last 7 days; usual load that of the last 28 "
    "(sports science: acute and chronic load, and their ratio). Dashed lines weight recent days "
    "more (an exponentially weighted moving average, EWMA). The shaded band 0.8–1.3 is a common "
    "guide; its value as an injury predictor is disputed, and Poise never decides anything by it.",
    "prescription_history": "Each panel is one thing the exercise changes (sets, hold, tempo …), as it stood on "
    "each day. A move to a harder variant is drawn as a step up with its own marker and "
    "the new variant's name, even where the numbers start again from lower values.",
    "consistency": "A practice day is a day with a session done or a ritual ticked; a skipped session is shown "
    "apart. Over a year the chart counts days practised per week.",
    "questionnaire_trends": "TSK totals (fear of movement: lower is better) and the PSFS mean (how well you manage "
    "your own hard activities: higher is better). A filled marker is a change that passes "
    "the questionnaire's smallest change that matters.",
    "context": "Each point is the average morning pain on days with that much sleep, stress or sitting. The "
    "correlation r (−1 to +1) says how closely the two move together; near 0 means no clear link, "
    "and a few days prove little.",
}
