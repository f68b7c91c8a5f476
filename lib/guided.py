"""The guided session, pure: today's plan as steps the browser's player runs, and the session it logs.

No Streamlit and no I/O. `exercise_steps` turns one prescription into what the player
times (get ready → each set's work → rest); `new_draft`, `timed`, `rated` and `skipped`
move a session in progress along (a draft is plain JSON-able data, stored after every
exercise so a reload resumes it); `session_rows` and `session_minutes` give what
store.save_session writes when the person saves the review.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TypedDict

from lib import plain
from lib.errors import ValidationError
from lib.fields import NUMBERS
from lib.models import ExerciseDef, check_limit
from lib.prescription import Prescription, PrescriptionLike
from lib.settings import Settings

RISE_S = 2  # the way back up after a paced lowering ("down 2 … 3 … 4, up")
SWITCH_S = 3  # between two holds of one set (change sides, reset the position)
OUTCOMES = {"done": "Done as planned", "cut": "Cut short", "changed": "Changed"}


@dataclass(frozen=True)
class Step:
    """One thing the player times. `seconds` None: it runs until the person taps (reps without tempo, a walk)."""

    kind: str  # ready, hold, tempo, reps, timer, breath, walk, rest
    label: str  # what the screen says ("Set 1 of 2: hold")
    seconds: float | None
    set_no: int = 0  # 1-based; 0 outside a set
    sets: int = 0
    reps: int = 0  # holds or paced reps in this step
    tempo_s: float = 0  # the lowering phase of a paced rep
    rise_s: float = 0
    switch_s: float = 0  # between two holds
    breath_in_s: float = 0
    breath_out_s: float = 0


def _whole(value: object, default: int = 1) -> int:
    return int(value) if isinstance(value, int | float) and value > 0 else default


def exercise_steps(e: ExerciseDef, prescription: PrescriptionLike, settings: Settings, last: bool) -> tuple[Step, ...]:
    """The steps of one exercise: get ready, each set's work with rests between, then the rest before the next.

    The work follows the variables: a hold counts down (each rep held, with a switch between);
    reps with a tempo are paced through their lowering phase; reps without one wait for "set
    done"; a duration counts down (breathing with a breath pacer); walking runs until stopped.
    `last`: no rest after it.
    """
    values = Prescription.of(prescription).variables  # a draft keeps its prescription as a plain mapping
    sets = _whole(values.get("sets"))
    reps = _whole(values.get("reps"), 0)
    hold = float(values.get("hold_s") or 0)
    tempo = float(values.get("tempo_s") or 0)
    duration = float(values.get("duration_min") or 0) * 60
    steps = [Step("ready", "Get ready", float(settings["guided_ready_s"]))]
    for n in range(1, sets + 1):
        of = f"Set {n} of {sets}: " if sets > 1 else ""
        if e.category == "walking":
            target = f"{duration / 60:g} min" if duration else f"{values.get('distance_m', 0):g} m"
            work = Step("walk", f"Walk: about {target}, stop when you are done", None, n, sets)
        elif duration and e.category == "breathing":
            work = Step(
                "breath",
                f"{of}breathe with the circle",
                duration,
                n,
                sets,
                breath_in_s=float(settings["breath_in_s"]),
                breath_out_s=float(settings["breath_out_s"]),
            )
        elif duration:
            work = Step("timer", f"{of}keep going", duration, n, sets)
        elif hold:
            times = max(reps, 1)
            work = Step(
                "hold",
                f"{of}hold {hold:g} s" + (f", {times} times" if times > 1 else ""),
                times * hold + (times - 1) * SWITCH_S,
                n,
                sets,
                reps=times,
                switch_s=SWITCH_S,
            )
        elif tempo and reps:
            work = Step(
                "tempo",
                f"{of}{reps} reps, lowering in {tempo:g} s",
                reps * (tempo + RISE_S),
                n,
                sets,
                reps=reps,
                tempo_s=tempo,
                rise_s=RISE_S,
            )
        else:
            work = Step(
                "reps", f"{of}{reps or 'your'} reps at your own pace, then tap Set done", None, n, sets, reps=reps
            )
        steps.append(work)
        if n < sets:
            steps.append(Step("rest", "Rest", float(settings["rest_between_sets_s"]), n, sets))
    if not last:
        steps.append(Step("rest", "Rest, then the next exercise", float(settings["rest_between_exercises_s"])))
    return tuple(steps)


def player_data(e: ExerciseDef, prescription: PrescriptionLike, settings: Settings, *, key: str) -> dict[str, object]:
    """What the browser's player gets (JSON): the exercise's steps, sound and voice, a key for its own progress.

    The rest before the next exercise is not among them: it runs while the person says how it went
    (`rest_data`), so the player reports as soon as the work is done.
    """
    return {
        "key": key,
        "exercise": e.name,
        "sound": settings["guided_sound"] == "on",
        "voice": settings["guided_voice"] == "on",
        "autostart": False,
        "rest_only": False,
        "steps": [asdict(s) for s in exercise_steps(e, prescription, settings, last=True)],
    }


def rest_data(settings: Settings, key: str) -> dict[str, object]:
    """The player on the rest before the next exercise, started at once (it runs while you answer)."""
    rest = Step("rest", "Rest, then the next exercise", float(settings["rest_between_exercises_s"]))
    return {
        "key": key,
        "exercise": "",
        "sound": settings["guided_sound"] == "on",
        "voice": False,
        "autostart": True,
        "rest_only": True,
        "steps": [asdict(rest)],
    }


def above_ceiling(e: ExerciseDef, pain: int, ceiling: int) -> str:
    """What the player says, kindly, when the pain during went above the pain ceiling."""
    easier = ""
    if e.variants:
        easier = f" An easier way in is {e.variants[0]}; the next suggestion will step back on its own."
    return (
        f"Pain {pain} is above your pain ceiling of {ceiling}. Stop this exercise for today: that is the "
        f"careful choice, not a failure.{easier} You can go on with the rest, or end the session here."
    )


# --- a session in progress (the draft) ----------------------------------------------------


class DraftExercise(TypedDict):
    """One exercise of a draft: its name and its prescription as a plain mapping (the draft stays JSON-able)."""

    name: str
    prescription: dict[str, object]


def new_draft(
    names: list[str], prescriptions: Mapping[str, PrescriptionLike], focus: str, started_at: datetime
) -> dict[str, object]:
    """A draft at the first exercise of `names` (today's plan, in order), each with its prescription."""
    return {
        "started_at": started_at.isoformat(timespec="seconds"),
        "focus": focus,
        "index": 0,
        "stage": "timer",
        "exercises": [DraftExercise(name=n, prescription=dict(prescriptions[n])) for n in names],
        "results": [],
        "seconds": 0.0,
    }


def current(draft: Mapping) -> DraftExercise | None:
    """The exercise the draft is on ({"name", "prescription"}), or None once every exercise is through."""
    items = draft["exercises"]
    return items[draft["index"]] if draft["index"] < len(items) else None


def timed(draft: Mapping, seconds: object) -> dict[str, object]:
    """The current exercise's timer finished (the player's own clock, `seconds`): now ask how it went."""
    measured = float(seconds) if isinstance(seconds, int | float) and math.isfinite(seconds) and seconds >= 0 else 0.0
    return {**draft, "stage": "rate", "pending_seconds": measured}


def rated(
    draft: Mapping, e: ExerciseDef, pain: object, outcome: str, values: Mapping[str, float | None] | None = None
) -> dict[str, object]:
    """Record the current exercise as done (`outcome` done, cut or changed) with its peak pain; go to the next.

    Pain is required (ValidationError, nothing changed, if it is not picked). "changed" takes
    `values`, what was actually done, in place of the prescription.
    """
    pain = check_limit("pain_during", pain, ask="pick the peak pain during")
    if outcome not in OUTCOMES:
        raise ValidationError("completed", f"Pick how it went: {', '.join(OUTCOMES.values())}.")
    item = current(draft)
    assert item is not None, "no exercise left to rate"
    done = dict(item["prescription"]) | (dict(values) if outcome == "changed" and values else {})
    result = {
        "exercise": e.name,
        "outcome": outcome,
        "pain_during": pain,
        "values": {k: v for k, v in done.items() if k in e.rules},
        "variant": done.get("variant"),
        "seconds": float(draft.get("pending_seconds", 0.0)),
    }
    return _next(draft, result)


def skipped(draft: Mapping, e: ExerciseDef) -> dict[str, object]:
    """Skip the current exercise: recorded as skipped (not logged as done, no pain asked); go to the next."""
    return _next(
        draft,
        {
            "exercise": e.name,
            "outcome": "skipped",
            "pain_during": None,
            "values": {},
            "variant": None,
            "seconds": float(draft.get("pending_seconds", 0.0)),
        },
    )


def finish_early(draft: Mapping) -> dict[str, object]:
    """End the session now: the exercises not reached are left out, and the review comes next."""
    return {**draft, "index": len(draft["exercises"]), "stage": "review"}


def _next(draft: Mapping, result: dict) -> dict[str, object]:
    index = draft["index"] + 1
    out = {k: v for k, v in draft.items() if k != "pending_seconds"}
    return {
        **out,
        "index": index,
        "results": [*draft["results"], result],
        "seconds": float(draft.get("seconds", 0.0)) + result["seconds"],
        "stage": "timer" if index < len(draft["exercises"]) else "review",
    }


def session_minutes(draft: Mapping) -> int:
    """The session's length by the player's clock, in whole minutes (at least 1, at most the model's limit)."""
    limit = NUMBERS["duration_min"]
    return int(min(limit.high, max(limit.low, math.ceil(float(draft.get("seconds", 0.0)) / 60))))


def session_rows(draft: Mapping) -> list[dict[str, object]]:
    """The exercise rows store.save_session takes: every exercise done or cut short (skipped ones are left out)."""
    return [
        {
            "exercise": r["exercise"],
            "completed": r["outcome"] != "cut",
            "pain_during": r["pain_during"],
            **({"variant": r["variant"]} if r.get("variant") else {}),
            **r["values"],
        }
        for r in draft["results"]
        if r["outcome"] != "skipped"
    ]


def review_lines(draft: Mapping, unit: str) -> list[str]:
    """One line per exercise for the review: what was done, how it went, and the pain during."""
    lines = []
    for r in draft["results"]:
        if r["outcome"] == "skipped":
            lines.append(f"{r['exercise']}: skipped")
            continue
        done = plain.prescription_words(
            {"variant": r.get("variant"), **r["values"]}, None, unit, exercise=r["exercise"]
        )
        lines.append(f"{r['exercise']}: {OUTCOMES[r['outcome']].lower()} · {done} · pain {r['pain_during']} during")
    return lines
