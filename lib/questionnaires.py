"""Questionnaire definitions as data, and one scorer for all of them.

Items, keys and citations follow shared/clinical/tsk.md and psfs.md exactly.
TSK answers are keyed by their TSK-17 item number, also in the TSK-11, so a
stored answer always says which original item it answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    title: str
    short: str
    instructions: str
    items: dict[int, str]                 # item number -> text; empty for PSFS (the person names them)
    anchors: dict[int, str]               # answer value -> label
    low: int                              # smallest allowed answer
    high: int                             # largest allowed answer
    reverse: frozenset[int] = frozenset()  # scored as (low + high) - answer
    subscales: dict[str, tuple[int, ...]] = field(default_factory=dict)
    band_above: float | None = None       # total above this is "high"; None: no validated band
    mic: float | None = None              # minimal important change of the total
    mic_direction: int = -1               # -1: a fall is the improvement, +1: a rise is
    aggregate: str = "sum"                # "sum" of item scores, or "mean" (PSFS)
    min_items: int = 0                    # only for person-named items (PSFS)
    max_items: int = 0
    citation: str = ""

    @property
    def total_range(self) -> tuple[float, float]:
        """Return the lowest and highest possible total."""
        if self.aggregate == "mean":
            return float(self.low), float(self.high)
        return self.low * len(self.items), self.high * len(self.items)


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
TSK11_NUMBERS = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)

TSK_INSTRUCTIONS = ("For each statement, choose the answer that best fits how you feel right now. "
                    "There are no right or wrong answers.")
TSK_CITATION = "Miller RP, Kori SH, Todd DD. The Tampa Scale: a measure of kinesiophobia. Clin J Pain 1991;7:51."

INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (
    Instrument(
        id="tsk17", version="TSK-17 (Miller 1991)", title="Tampa Scale for Kinesiophobia (TSK-17)",
        short="TSK-17", instructions=TSK_INSTRUCTIONS, items=TSK17_ITEMS, anchors=TSK_ANCHORS, low=1, high=4,
        reverse=frozenset({4, 8, 12, 16}), band_above=37, mic=None,
        citation=TSK_CITATION + " High-kinesiophobia mark (total above 37): Vlaeyen JWS et al. Pain 1995;62:363.",
    ),
    Instrument(
        id="tsk11", version="TSK-11 (Woby 2005)", title="Tampa Scale for Kinesiophobia, short form (TSK-11)",
        short="TSK-11", instructions=TSK_INSTRUCTIONS, items={n: TSK17_ITEMS[n] for n in TSK11_NUMBERS},
        anchors=TSK_ANCHORS, low=1, high=4, mic=4,
        # Tkachuk & Harris 2012, in TSK-17 numbering.
        subscales={"Somatic focus": (3, 5, 6, 7, 11), "Activity avoidance": (1, 2, 10, 13, 15, 17)},
        citation=TSK_CITATION + " Short form: Woby SR et al. Pain 2005;117:137–144. "
                 "Subscales: Tkachuk GA, Harris CA. J Pain 2012;13:970.",
    ),
    Instrument(
        id="psfs", version="PSFS (Stratford 1995)", title="Patient-Specific Functional Scale (PSFS)",
        short="PSFS",
        instructions=("Name 3 to 5 everyday activities that your back makes hard or impossible, and rate each "
                      "from 0 (unable to do it at all) to 10 (able to do it as well as before the problem)."),
        items={}, anchors={0: "Unable to perform", 10: "Able to perform as before"}, low=0, high=10,
        mic=2, mic_direction=+1, aggregate="mean", min_items=1, max_items=5,
        citation="Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual "
                 "patients: a report of a patient specific measure. Physiotherapy Canada 1995;47:258–263.",
    ),
)}

PSFS_SINGLE_ACTIVITY_MIC = 3  # a single activity's rating must move 3 points to matter


@dataclass(frozen=True)
class Score:
    instrument: str
    total: float
    subscales: dict[str, int]
    band: str | None
    answers: dict


def score(instrument_id: str, answers: dict) -> Score:
    """Score one completed questionnaire. Returns a Score; raises ValueError naming the bad item.

    TSK answers are keyed by TSK-17 item number. PSFS answers are keyed by the
    activity's name. Every item must be answered, no item may be unknown.
    """
    if instrument_id not in INSTRUMENTS:
        raise ValueError(f"Unknown questionnaire {instrument_id!r}; choose one of {', '.join(INSTRUMENTS)}.")
    inst = INSTRUMENTS[instrument_id]
    if not isinstance(answers, dict):
        raise ValueError(f"{inst.short}: answers must be a mapping of item to answer.")
    answers = {_item_key(inst, k): v for k, v in answers.items()}
    if inst.items:
        missing = sorted(set(inst.items) - set(answers))
        if missing:
            raise ValueError(f"{inst.short} item {missing[0]} is not answered; every item needs an answer.")
    else:
        if not inst.min_items <= len(answers) <= inst.max_items:
            raise ValueError(f"{inst.short} needs {inst.min_items} to {inst.max_items} activities; got {len(answers)}.")
    for item, value in answers.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) \
                or value != int(value) or not inst.low <= value <= inst.high:
            allowed = ", ".join(str(v) for v in range(inst.low, inst.high + 1))
            raise ValueError(f"{inst.short} item {item}: the answer must be one of {allowed}; got {value!r}.")
    item_scores = {k: (inst.low + inst.high - v if k in inst.reverse else v) for k, v in answers.items()}
    if inst.aggregate == "mean":
        total: float = round(sum(item_scores.values()) / len(item_scores), 2)
    else:
        total = int(sum(item_scores.values()))
    subscales = {name: int(sum(item_scores[n] for n in numbers)) for name, numbers in inst.subscales.items()}
    band = None if inst.band_above is None else ("high" if total > inst.band_above else "not high")
    return Score(instrument_id, total, subscales, band, {k: int(v) for k, v in answers.items()})


def _item_key(inst: Instrument, key: object) -> object:
    if not inst.items:  # PSFS: the person's own activity names
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"{inst.short}: every activity needs a name.")
        return key.strip()
    try:
        number = int(key)  # answers read back from JSON have string keys
    except (TypeError, ValueError):
        raise ValueError(f"{inst.short} has no item {key!r}.") from None
    if number not in inst.items or str(number) != str(key).strip():
        raise ValueError(f"{inst.short} has no item {key!r}; its items are {', '.join(map(str, inst.items))}.")
    return number


def change_matters(instrument_id: str, before: float, after: float) -> bool:
    """Return whether the change from `before` to `after` is an improvement at least the minimal important change."""
    inst = INSTRUMENTS[instrument_id]
    if inst.mic is None:
        return False
    return (after - before) * inst.mic_direction >= inst.mic
