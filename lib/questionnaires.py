"""Questionnaire definitions as data, one scorer for all of them, and the arithmetic around them.

Items, keys and citations follow shared/clinical/tsk.md and psfs.md word for
word. TSK answers are keyed by their TSK-17 item number, also in the TSK-11,
so a stored answer always says which original item it answers. PSFS answers
are keyed by the person's own activity names.

Everything here is pure: definitions in, values out, no I/O.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from lib.errors import ValidationError
from lib.fields import TEXT_MAX
from lib.models import shown


@dataclass(frozen=True)
class ChartStyle:
    """How an instrument's line is drawn on every chart: a lib.theme.PALETTE colour, a marker, a dash."""

    colour: str = "grey"
    symbol: str = "circle"
    dash: str = "solid"


@dataclass(frozen=True)
class Instrument:
    """One questionnaire: its items and scoring, and what the charts, the reminders and the summary need.

    Adding one to INSTRUMENTS is all it takes to have it answered, scored, due on its
    `cadence_setting`, drawn on the trends chart (in the `panel` it shares with others
    of the same title, in its `style`) and listed in the physiotherapist's summary.
    """

    id: str
    version: str  # stored with every response, so scores can be recomputed
    title: str
    short: str
    instructions: str
    items: dict[int, str]  # item number -> text; empty for PSFS (the person names them)
    anchors: dict[int, str]  # answer value -> label
    low: int  # smallest allowed answer
    high: int  # largest allowed answer
    reverse: frozenset[int] = frozenset()  # scored as (low + high) - answer
    subscales: dict[str, tuple[int, ...]] = field(default_factory=dict)
    band_above: float | None = None  # a total above this is "high"; None: no validated band
    mic: float | None = None  # minimal important change of the total
    mic_direction: int = -1  # -1: a fall is the improvement, +1: a rise is
    mic_text: str = ""  # the minimal important change in words, with its source
    item_mic: float | None = None  # the threshold for one item (PSFS: one activity)
    threshold_name: str = "change that matters"  # what the threshold is (PSFS: the smallest detectable change)
    aggregate: str = "sum"  # "sum" of item scores, or "mean" (PSFS)
    min_items: int = 0  # only for person-named items (PSFS)
    max_items: int = 0
    cadence_setting: str = ""  # the lib.settings key that says how often it is due
    due_with: str = ""  # instruments sharing this name share one reminder (see `due`)
    citation: str = ""
    panel: str = ""  # the trends chart's panel title; instruments with the same share it
    style: ChartStyle = ChartStyle()

    @property
    def what(self) -> str:
        """Return what a score is: "Mean rating" for a PSFS-like mean, else "Total"."""
        return "Mean rating" if self.aggregate == "mean" else "Total"

    @property
    def better(self) -> str:
        """Return which way is better, in words: "lower is better" or "higher is better"."""
        return "higher is better" if self.mic_direction > 0 else "lower is better"

    @property
    def panel_title(self) -> str:
        """Return the trends panel it is drawn in: its `panel`, else its own ("ODI total (lower is better)")."""
        return self.panel or f"{self.short} {self.what.split()[0].lower()} ({self.better})"

    @property
    def total_range(self) -> tuple[float, float]:
        """Return the lowest and highest possible total."""
        if self.aggregate == "mean":
            return float(self.low), float(self.high)
        return self.low * len(self.items), self.high * len(self.items)

    def subscale_range(self, name: str) -> tuple[int, int]:
        """Return the lowest and highest possible score of one subscale."""
        count = len(self.subscales[name])
        return self.low * count, self.high * count

    def rounded(self, value: float) -> float:
        """A score as people read it: a PSFS mean to one decimal (4.3), a TSK total whole."""
        return round(float(value), 1 if self.aggregate == "mean" else 0)

    def format_total(self, value: float) -> str:
        """Return a total as the person reads it: whole for TSK, one decimal for a PSFS mean."""
        return f"{value:.1f}" if self.aggregate == "mean" else f"{value:.0f}"


TSK_ANCHORS = {1: "Strongly disagree", 2: "Disagree", 3: "Agree", 4: "Strongly agree"}

TSK17_ITEMS = {
    1: "I'm afraid that I might injure myself if I exercise.",
    2: "If I were to try to overcome it, my pain would increase.",
    3: "My body is telling me I have something dangerously wrong.",
    4: "My pain would probably be relieved if I were to exercise.",
    5: "People aren't taking my medical condition seriously enough.",
    6: "My accident has put my body at risk for the rest of my life.",
    7: "Pain always means I have injured my body.",
    8: "Just because something aggravates my pain does not mean it is dangerous.",
    9: "I am afraid that I might injure myself accidentally.",
    10: "Simply being careful that I do not make any unnecessary movements is the safest thing I can do "
    "to prevent my pain from worsening.",
    11: "I wouldn't have this much pain if there weren't something potentially dangerous going on in my body.",
    12: "Although my condition is painful, I would be better off if I were physically active.",
    13: "Pain lets me know when to stop exercising so that I don't injure myself.",
    14: "It's really not safe for a person with a condition like mine to be physically active.",
    15: "I can't do all the things normal people do because it's too easy for me to get injured.",
    16: "Even though something is causing me a lot of pain, I don't think it's actually dangerous.",
    17: "No one should have to exercise when he/she is in pain.",
}
# Woby 2005 keeps these TSK-17 items (not the first eleven) and reverses none of them.
TSK11_NUMBERS = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)

TSK_INSTRUCTIONS = (
    "For each statement, choose the answer that best fits how you feel right now. There are no right or wrong answers."
)
TSK_CITATION = (
    "Miller RP, Kori SH, Todd DD. The Tampa Scale: a measure of kinesiophobia. Clinical Journal of Pain 1991;7:51."
)

TSK_PANEL = "TSK total (lower is better)"  # both forms in one panel: the same items, the same direction

INSTRUMENTS: dict[str, Instrument] = {
    i.id: i
    for i in (
        Instrument(
            id="tsk17",
            version="TSK-17 (Miller 1991)",
            title="Tampa Scale for Kinesiophobia (TSK-17)",
            short="TSK-17",
            instructions=TSK_INSTRUCTIONS,
            items=TSK17_ITEMS,
            anchors=TSK_ANCHORS,
            low=1,
            high=4,
            reverse=frozenset({4, 8, 12, 16}),
            band_above=37,
            cadence_setting="tsk17_cadence_days",
            due_with="tsk",
            panel=TSK_PANEL,
            style=ChartStyle("blue", "circle", "solid"),
            citation=TSK_CITATION + " High kinesiophobia (a total above 37): Vlaeyen et al., Pain 1995;62:363.",
        ),
        Instrument(
            id="tsk11",
            version="TSK-11 (Woby 2005)",
            title="Tampa Scale for Kinesiophobia, short form (TSK-11)",
            short="TSK-11",
            instructions=TSK_INSTRUCTIONS + " The items keep their TSK-17 numbers, so some numbers "
            "are skipped on purpose.",
            items={n: TSK17_ITEMS[n] for n in TSK11_NUMBERS},
            anchors=TSK_ANCHORS,
            low=1,
            high=4,
            mic=4,
            mic_direction=-1,
            mic_text="a fall of 4 points or more is the smallest change that matters (Woby 2005)",
            # Tkachuk & Harris 2012, in TSK-17 numbering.
            subscales={"Somatic Focus": (3, 5, 6, 7, 11), "Activity Avoidance": (1, 2, 10, 13, 15, 17)},
            cadence_setting="tsk11_cadence_days",
            due_with="tsk",
            panel=TSK_PANEL,
            style=ChartStyle("orange", "square", "dash"),
            citation=TSK_CITATION + " Short form: Woby SR et al., Pain 2005;117:137–144. "
            "Subscales: Tkachuk & Harris, J Pain 2012;13:970.",
        ),
        Instrument(
            id="psfs",
            version="PSFS (Stratford 1995)",
            title="Patient-Specific Functional Scale (PSFS)",
            short="PSFS",
            instructions=(
                "Name 3 to 5 activities you cannot do, or find hard, because of your back, and rate each "
                "from 0 (unable to do it at all) to 10 (able to do it as well as before the problem)."
            ),
            items={},
            anchors={0: "Unable to do it at all", 10: "Able to do it as well as before the problem"},
            low=0,
            high=10,
            mic=2,
            mic_direction=+1,
            item_mic=3,
            threshold_name="smallest detectable change",
            # Stratford 1995 gives 2 (mean) and 3 (one activity) as the smallest detectable change; the minimal
            # important difference reported since is 1.3 to 2.7 points (Abbott & Schmitt 2014).
            mic_text=(
                "a rise of 2 points in the mean, judged on the activities rated both times, is the smallest "
                "detectable change (Stratford 1995; Abbott & Schmitt 2014 report minimal important "
                "differences of 1.3 to 2.7 points)"
            ),
            aggregate="mean",
            min_items=1,
            max_items=5,
            cadence_setting="psfs_cadence_days",
            panel="PSFS mean 0–10 (higher is better)",
            style=ChartStyle("green", "diamond", "solid"),
            citation="Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual "
            "patients: a report of a patient specific measure. Physiotherapy Canada 1995;47:258–263.",
        ),
    )
}

# Headings for tables of responses and PSFS activities; subscale columns keep their own names.
COLUMN_LABELS = {
    "day": "Day",
    "total": "Score",
    "band": "Band",
    "version": "Version",
    "name": "Activity",
    "added_on": "Added",
    "retired_on": "Retired",
}

PSFS_ACTIVITIES_ADVISED = (3, 5)  # the person names 3 to 5 activities (the scorer accepts 1 to 5)
PSFS_NAME_MAX = TEXT_MAX["activity"]  # a PSFS activity's name, as the form and the import limit it


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float  # int for TSK (a sum), float for PSFS (a mean)
    subscales: dict[str, int]  # {} where the instrument has none
    band: str | None  # "high" / "not high" for TSK-17; None where no validated band exists
    answers: dict  # the answers as given, keyed by item number or activity name


def instrument(instrument_id: str) -> Instrument:
    """Return one instrument's definition. Raises ValidationError for an unknown id."""
    if not isinstance(instrument_id, str) or instrument_id not in INSTRUMENTS:
        raise ValidationError(
            "instrument", f"instrument must be one of {', '.join(INSTRUMENTS)}; got {shown(instrument_id)}."
        )
    return INSTRUMENTS[instrument_id]


def score(instrument_id: str, answers: Mapping) -> Score:
    """Score one completed questionnaire. Returns a Score; writes nothing.

    TSK answers are keyed by TSK-17 item number (an int, or its digits as text,
    as JSON gives them back); PSFS answers by activity name. A value of None
    means "not answered". Raises ValidationError (a ValueError) naming the item
    for a missing item, an unknown or duplicated item, or an answer that is not
    a whole number on the instrument's scale. PSFS names that differ only in
    case or surrounding spaces name the same activity, so they count as given
    twice.
    """
    inst = instrument(instrument_id)
    if not isinstance(answers, Mapping):
        raise ValidationError(
            "answers", f"{inst.short} answers must be a mapping of item to answer; got {type(answers).__name__}."
        )
    given: dict = {}
    seen: dict = {}  # the item as compared (PSFS names casefolded) -> the item as first given
    for key, value in answers.items():
        item = _item_key(inst, key)
        same = item.casefold() if isinstance(item, str) else item
        if same in seen:
            also = "" if seen[same] == item else f" (also as {seen[same]!r})"
            raise ValidationError(_field(inst, item), f"{_name(inst, item)} is given twice{also}.")
        seen[same] = item
        given[item] = value
    unanswered = [item for item in (inst.items or given) if given.get(item) is None]
    if unanswered:
        kind, kinds = ("item", "items") if inst.items else ("activity", "activities")
        which = ", ".join(str(n) if inst.items else repr(n) for n in unanswered)
        plural = len(unanswered) > 1
        raise ValidationError(
            _field(inst, unanswered[0]),
            f"{inst.short} {kinds if plural else kind} {which} {'are' if plural else 'is'} "
            f"not answered; every {kind} needs an answer.",
        )
    if not inst.items and not inst.min_items <= len(given) <= inst.max_items:
        raise ValidationError(
            "activities", f"{inst.short} needs {inst.min_items} to {inst.max_items} activities; got {len(given)}."
        )
    for item, value in given.items():
        if (
            isinstance(value, bool)
            or not isinstance(value, numbers.Integral)
            or not inst.low <= int(value) <= inst.high
        ):
            raise ValidationError(
                _field(inst, item),
                f"{_name(inst, item)}: the answer must be a whole number "
                f"from {inst.low} to {inst.high}; got {value!r}.",
            )
    item_scores = {k: (inst.low + inst.high - int(v) if k in inst.reverse else int(v)) for k, v in given.items()}
    total: float = (
        sum(item_scores.values()) / len(item_scores) if inst.aggregate == "mean" else int(sum(item_scores.values()))
    )
    subscales = {name: int(sum(item_scores[n] for n in members)) for name, members in inst.subscales.items()}
    band = None if inst.band_above is None else ("high" if total > inst.band_above else "not high")
    return Score(inst.id, total, subscales, band, {k: int(v) for k, v in given.items()})


def _item_key(inst: Instrument, key: object) -> int | str:
    if not inst.items:  # PSFS: the person's own activity names
        if not isinstance(key, str) or not key.strip():
            raise ValidationError("activity", f"{inst.short}: every activity needs a name; got {key!r}.")
        if len(key.strip()) > PSFS_NAME_MAX:
            raise ValidationError(
                "activity",
                f"{inst.short} activity names must be at most {PSFS_NAME_MAX} characters; got {len(key.strip())}.",
            )
        return key.strip()
    # An int, or the same digits as text (JSON object keys); nothing else names an item.
    text = key.strip() if isinstance(key, str) else key
    number = (
        int(text)
        if isinstance(text, int) and not isinstance(text, bool)
        else (int(text) if isinstance(text, str) and text.isdecimal() and str(int(text)) == text else None)
    )
    if number not in inst.items:
        raise ValidationError(
            "item", f"{inst.short} has no item {key!r}; its items are {', '.join(map(str, inst.items))}."
        )
    return number


def _field(inst: Instrument, item: int | str) -> str:
    return f"activity {item!r}" if not inst.items else f"item {item}"


def _name(inst: Instrument, item: int | str) -> str:
    return f"{inst.short} activity {item!r}" if not inst.items else f"{inst.short} item {item}"


# --- change since last time ----------------------------------------------------


@dataclass(frozen=True)
class ItemChange:
    item: int | str
    before: int
    after: int
    matters: bool  # moved at least the item's minimal important change, either way


@dataclass(frozen=True)
class Change:
    instrument: str
    before: float
    after: float
    delta: float
    better: bool  # an improvement of at least the minimal important change
    worse: bool  # a worsening of at least the minimal important change
    items: tuple[ItemChange, ...] = ()  # PSFS: activities rated both times
    since: date | None = None  # the day of the earlier response, when known
    different: bool = False  # PSFS: the activity list changed (compare with care)
    judged: tuple[float, float] | None = None  # PSFS: the means of the activities rated both times


def change_matters(instrument_id: str, before: float, after: float) -> bool:
    """Return whether the change from `before` to `after` is an improvement of at least the minimal important change.

    TSK-11: a fall of 4 or more; PSFS: a rise of 2 or more in the mean; False
    where the instrument has no minimal important change (TSK-17).
    """
    return _passes(instrument(instrument_id), after - before)


def _passes(inst: Instrument, delta: float) -> bool:
    # Rounded so that 19/3 - 13/3 counts as the 2 points it is.
    return inst.mic is not None and round(delta * inst.mic_direction, 9) >= inst.mic


def compare(
    instrument_id: str,
    before_total: float,
    after_total: float,
    before_answers: Mapping | None = None,
    after_answers: Mapping | None = None,
    since: date | None = None,
) -> Change:
    """Return the change between two responses; for PSFS also each activity rated both times. Pure."""
    inst = instrument(instrument_id)
    delta = after_total - before_total
    items: tuple[ItemChange, ...] = ()
    if inst.item_mic is not None and before_answers and after_answers:
        # PSFS (Stratford 1995): a change is judged on the activities rated both times, never on a mean
        # over different lists; a changed list is flagged "compare with care".
        items = tuple(
            ItemChange(k, int(before_answers[k]), int(v), abs(int(v) - int(before_answers[k])) >= inst.item_mic)
            for k, v in after_answers.items()
            if k in before_answers
        )
        different = set(before_answers) != set(after_answers)
        if not items:
            return Change(inst.id, before_total, after_total, delta, False, False, (), since, different, None)
        judged = (sum(i.before for i in items) / len(items), sum(i.after for i in items) / len(items))
        moved = judged[1] - judged[0]
        return Change(
            inst.id,
            before_total,
            after_total,
            delta,
            _passes(inst, moved),
            _passes(inst, -moved),
            items,
            since,
            different,
            judged,
        )
    return Change(inst.id, before_total, after_total, delta, _passes(inst, delta), _passes(inst, -delta), items, since)


MARK_BETTER = "[change that matters]"
MARK_WORSE = "[worse by a change that matters]"


def describe_change(change: Change) -> list[str]:
    """Return plain-text lines that say how a response differs from the earlier one. Pure.

    Lines may hold PSFS activity names (the person's own text): show them as text only.
    """
    inst = INSTRUMENTS[change.instrument]
    fmt = inst.format_total
    word = "No change" if change.delta == 0 else ("Up" if change.delta > 0 else "Down")
    amount = "" if change.delta == 0 else f" {fmt(abs(change.delta))}"
    when = f" since {change.since.isoformat()}" if change.since else " since last time"
    lines = [f"{word}{amount}{when} ({fmt(change.before)} → {fmt(change.after)})."]
    better, worse = marks(inst)
    if change.different:
        common = len(change.items)
        lines.append(
            "Different activities from last time: compare with care. "
            + (
                f"Judged on the {common} activit{'y' if common == 1 else 'ies'} rated both times "
                f"(mean {fmt(change.judged[0])} → {fmt(change.judged[1])})."
                if change.judged
                else "No activity was rated both times, so the change cannot be judged."
            )
        )
    if change.better:
        lines.append(f"{better} {inst.short}: {inst.mic_text}.")
    elif change.worse:
        lines.append(f"{worse} {inst.short} moved the wrong way by at least {inst.mic:g} points.")
    elif inst.mic is not None and not (change.different and change.judged is None):
        lines.append(f"Smaller than the {inst.threshold_name} ({inst.mic_text}).")
    for item in change.items:
        mark = f" {better if item.after > item.before else worse}" if item.matters else ""
        lines.append(f"{item.item}: {item.before} → {item.after}{mark}")
    if any(item.matters for item in change.items):
        lines.append(f"For a single activity, {inst.item_mic:g} points is the {inst.threshold_name}.")
    return lines


def marks(inst: Instrument) -> tuple[str, str]:
    """The marks a change beyond the instrument's threshold carries, better and worse ("[change that matters]")."""
    if inst.threshold_name == "change that matters":
        return MARK_BETTER, MARK_WORSE
    return f"[beyond the {inst.threshold_name}]", f"[worse, beyond the {inst.threshold_name}]"


def describe_score(s: Score) -> list[str]:
    """Return plain-text lines for a score: total with its range, band, subscales. Pure."""
    inst = INSTRUMENTS[s.instrument]
    low, high = inst.total_range
    what = "mean rating" if inst.aggregate == "mean" else "total"
    direction = "higher is better" if inst.mic_direction > 0 else "higher means more fear of movement"
    lines = [
        f"{inst.short} {what}: {inst.format_total(s.total)} (range {inst.format_total(low)}–"
        f"{inst.format_total(high)}; {direction})."
    ]
    if s.band is not None:
        lines.append(
            f"Band: {s.band} (a total above {inst.band_above:g} is the conventional mark of high "
            f"kinesiophobia; a score, not a diagnosis)."
        )
    elif inst.items and inst.mic is not None:  # TSK-11: a fixed form with no published band
        lines.append(
            f"What it means: the {inst.short} has no published cut-off for high fear of movement, so no "
            f"band is given. Watch the change between answers: {inst.mic:g} points or more is a change "
            f"that matters, smaller moves are within measurement noise."
        )
    for name, value in s.subscales.items():
        low_s, high_s = inst.subscale_range(name)
        lines.append(f"{name}: {value} (range {low_s}–{high_s})")
    return lines


def answer_rows(instrument_id: str, answers: Mapping) -> list[dict[str, object]]:
    """Return one row per answer for display: item, statement (TSK) and the answer with its anchor. Pure."""
    inst = instrument(instrument_id)
    if not inst.items:
        return [{"Activity": name, "Rating (0–10)": int(value)} for name, value in answers.items()]
    by_number = {_item_key(inst, k): int(v) for k, v in answers.items()}
    return [
        {
            "Item": n,
            "Statement": text,
            "Answer": f"{by_number[n]} · {inst.anchors[by_number[n]]}",
            "Scored": inst.low + inst.high - by_number[n] if n in inst.reverse else by_number[n],
        }
        for n, text in inst.items.items()
        if n in by_number
    ]


# --- when each questionnaire is due ---------------------------------------------


def same_day_question(short: str, day: date, today: date, answered_at: datetime) -> str:
    """The question before a second answer to one questionnaire on one day ("… Replace it, or keep both?")."""
    when = "today" if day == today else f"on {day:%d %b %Y}"
    return f"You answered the {short} {when} at {answered_at:%H:%M}. Replace it, or keep both?"


def next_due(last_answered: date | None, cadence_days: int) -> date | None:
    """Return the day a questionnaire is next due, or None when it was never answered (due now). Pure."""
    return None if last_answered is None else last_answered + timedelta(days=cadence_days)


def due(last_answered: Mapping[str, date | None], cadences: Mapping[str, int], today: date) -> list[str]:
    """Return the ids of the instruments due on `today`, in INSTRUMENTS order. Pure.

    An instrument is due when it was never answered, or when its cadence in
    days has passed since its last response (a response `cadence` days ago is
    due again today). `cadences` is keyed by instrument id.

    Instruments with the same `due_with` (TSK-17 and TSK-11, whose items are a
    subset of the TSK-17's) share one reminder, so a person is asked for one
    TSK at a time: the one answered last (TSK-17 when neither was, or when both
    were last answered on the same day), due when its own cadence has passed
    since that answer. A TSK of either version therefore counts for both.
    """
    groups: dict[str, list[str]] = {}
    for inst in INSTRUMENTS.values():
        groups.setdefault(inst.due_with or inst.id, []).append(inst.id)
    asked = set()
    for members in groups.values():
        answered = {m: day for m in members if (day := last_answered.get(m)) is not None}
        # max() keeps the first of equal days, so INSTRUMENTS order breaks a tie.
        pick = max(answered, key=answered.__getitem__) if answered else members[0]
        when = next_due(last_answered.get(pick), int(cadences[pick]))
        if when is None or when <= today:
            asked.add(pick)
    return [inst_id for inst_id in INSTRUMENTS if inst_id in asked]


def describe_response(response: Mapping, change: Change | None) -> list[str]:
    """Return plain-text lines for a stored response (as store.get_questionnaire gives it) and its change. Pure."""
    inst = instrument(str(response["instrument"]))
    lines = describe_score(
        Score(inst.id, response["total"], dict(response["subscales"]), response["band"], dict(response["answers"]))
    )
    if change is None:
        lines.append(f"This is your first {inst.short}: the next one will show the change.")
    else:
        lines += describe_change(change)
    return lines
