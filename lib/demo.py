"""A synthetic but plausible history for trying Poise: 120 days ending today.

Morning pain drifts down over the months and answers the previous day's load
with a one-day lag; most practice days end with a short evening wind-down
session; two flare-ups; every 4th programme week a deload; accepted
progressions move prescriptions up a step at a time; some missed days; stress,
sleep, travel and desk days vary; TSK every two weeks falls slowly; PSFS every
four weeks rises. The random generator is seeded, so the same day gives the
same history. Written with bulk inserts into its own file, never the user's.
"""

from __future__ import annotations

import json
import random
from datetime import date, time, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from lib import db, plain, questionnaires, store
from lib.models import ExerciseDef
from lib.prescription import Prescription
from lib.progression import Action, DecisionKind, deload, step_down, step_up

DAYS = 120
FLARE_STARTS = (34, 83)  # day offsets where a flare-up begins (it lasts 3 days)
FOCUS_EXERCISES = {
    "control": ("Hip hinge", "Bird dog", "Dead bug"),
    "mobility": ("Cat-camel", "Prone press-up", "Open book"),
    "strength": ("Glute bridge", "Side plank", "Wall squat"),
    "decompression": ("Supported 90/90 rest", "Cat-camel"),
}
ROTATION = ("control", "mobility", "strength")
EVENING = ("Supported 90/90 rest", "Diaphragmatic breathing", "Cat-camel")  # the short evening wind-down
EVENING_SHARE = 0.85  # of practice days that end with it
PSFS_ACTIVITIES = {"Rising from a low chair": 4, "Putting on socks": 5, "Getting out of the car": 3}


def write_demo(path: str | Path = db.DEMO_PATH, today: date | None = None, days: int = DAYS, seed: int = 7) -> Path:
    """Write a fresh demo database at `path` (replacing any old one). Writes; returns the path."""
    path = Path(path)
    for old in (path, path.with_name(path.name + ".wal")):
        old.unlink(missing_ok=True)
    con = store.open_database(path)
    try:
        populate(con, today or date.today(), days, seed)
    finally:
        con.close()
    return path


def populate(con: duckdb.DuckDBPyConnection, today: date, days: int = DAYS, seed: int = 7) -> None:
    """Fill an empty database with `days` of history ending `today`. Writes, in one transaction."""
    rng = random.Random(seed)
    library = store.load_library(con)
    start = today - timedelta(days=days - 1)
    prescriptions = {name: e.start_prescription() for name, e in library.items()}
    greens = dict.fromkeys(library, 0)
    rows: dict[str, list[dict]] = {
        k: []
        for k in (
            "checkin",
            "session",
            "exercise_log",
            "prescription",
            "progression_event",
            "ritual_log",
            "questionnaire_response",
        )
    }
    flare_bump = {s + i: 3 - i for s in FLARE_STARTS for i in range(3)}
    travel_days = {rng.randrange(10, days - 5) for _ in range(2)}
    travel_days |= {d + 1 for d in travel_days}
    yesterday_load = 0.0
    focus_index = 0
    deloaded: set[tuple[int, str]] = set()
    for t in range(days):
        day = start + timedelta(days=t)
        deload_week = (t // 7 + 1) % 4 == 0
        flare = t in flare_bump
        stress = min(10, max(0, round(rng.gauss(4, 1.6) + (2 if t in travel_days else 0))))
        sleep = min(10.0, max(4.0, round(rng.gauss(7.2, 0.8) * 2) / 2 - (1.5 if stress >= 7 else 0)))
        base = 4.3 - 2.1 * t / days
        pain = base + 0.03 * (yesterday_load - 40) + flare_bump.get(t, 0) + rng.gauss(0, 0.6)
        pain_now = min(10, max(0, round(pain)))
        weekday = day.weekday() < 5
        rows["checkin"].append(
            dict(
                day=day,
                pain_now=pain_now,
                stiffness=min(10, max(0, pain_now + rng.choice((-1, 0, 0, 1)))),
                sleep_hours=sleep,
                sleep_quality=min(10, max(0, round(sleep + rng.gauss(0, 1)))),
                stress=stress,
                sitting_hours=round(rng.uniform(5, 9.5) * 2) / 2 if weekday else round(rng.uniform(1, 4) * 2) / 2,
                travel=t in travel_days,
                flare_up=flare,
                notes="Stiff after the drive." if t in travel_days else "",
            )
        )
        yesterday_load = 0.0
        if rng.random() < 0.12 and not flare:
            continue  # a missed day
        focus = "decompression" if flare else ROTATION[focus_index % 3]
        focus_index += 0 if flare else 1
        planned = ("Diaphragmatic breathing", *FOCUS_EXERCISES[focus], "Sit-to-stand" if t % 2 else "Floor-to-stand")
        session_id = len(rows["session"]) + 1
        for position, name in enumerate(planned, start=1):
            e = library[name]
            performed = prescriptions[name]
            if deload_week and not flare:
                performed, variable = deload(e, performed, 0.6)
                if variable and (t // 7, name) not in deloaded:  # accepted once per exercise and week
                    deloaded.add((t // 7, name))
                    week_end = start + timedelta(days=(t // 7) * 7 + 6)
                    _record(
                        rows,
                        e,
                        day,
                        Action.DELOAD,
                        variable,
                        prescriptions[name],
                        performed,
                        "Deload week: volume cut to about 60 %, nothing rises.",
                        until=week_end,
                    )
            pain_during = rng.choice((3, 4, 5)) if flare else rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
            completed = rng.random() > 0.05
            rows["exercise_log"].append(
                dict(
                    session_id=session_id,
                    exercise_id=e.id,
                    position=position,
                    variant=performed.get("variant"),
                    completed=completed,
                    pain_during=pain_during,
                    **{k: v for k, v in performed.items() if k != "variant"},
                )
            )
            green = completed and pain_during <= 2
            greens[name] = greens[name] + 1 if green else 0
            if greens[name] >= 2 and not deload_week and not flare and rng.random() < 0.3:
                proposed, variable = step_up(e, prescriptions[name])
                if variable:
                    _record(
                        rows,
                        e,
                        day,
                        Action.PROGRESS,
                        variable,
                        prescriptions[name],
                        proposed,
                        f"Two green sessions in a row: {plain.words(variable)} up one step.",
                    )
                    prescriptions[name] = proposed
                    greens[name] = 0
            elif pain_during > 5 or (flare and rng.random() < 0.4):
                proposed, variable = step_down(e, prescriptions[name])
                if variable:
                    _record(
                        rows,
                        e,
                        day,
                        Action.REGRESS,
                        variable,
                        prescriptions[name],
                        proposed,
                        "Flare-up: one step back while the back settles.",
                    )
                    prescriptions[name] = proposed
        duration = rng.randint(8, 13) - (3 if deload_week or flare else 0)
        rpe = rng.choice((3, 4, 4, 5)) - (1 if deload_week or flare else 0)
        rows["session"].append(
            dict(
                id=session_id,
                day=day,
                focus=focus,
                duration_min=duration,
                rpe=rpe,
                notes="Gentle day, back felt guarded." if flare else "",
            )
        )
        yesterday_load = duration * rpe
        if rng.random() < EVENING_SHARE:  # a second, lighter session: the evening wind-down, as prescribed
            evening_id = len(rows["session"]) + 1
            for position, name in enumerate(EVENING, start=1):
                rows["exercise_log"].append(
                    dict(
                        session_id=evening_id,
                        exercise_id=library[name].id,
                        position=position,
                        variant=prescriptions[name].get("variant"),
                        completed=True,
                        pain_during=rng.choice((0, 0, 1)),
                        **{k: v for k, v in prescriptions[name].items() if k != "variant"},
                    )
                )
            rows["session"].append(dict(id=evening_id, day=day, focus="decompression", duration_min=4, rpe=1, notes=""))
            yesterday_load += 4
        for ritual_id in (1, 2):
            if rng.random() < 0.75:
                rows["ritual_log"].append(dict(ritual_id=ritual_id, day=day))
        if t % 14 == 6:
            rows["questionnaire_response"] += _tsk_responses(rng, day, progress=t / days)
        if t % 28 == 6:
            rows["questionnaire_response"].append(_psfs_response(day, progress=t / days))
    frames = {table: pd.DataFrame(r) for table, r in rows.items() if r}
    frames["ritual"] = pd.DataFrame(
        [
            dict(
                id=1,
                kind="anchor",
                cue="After morning coffee",
                movement="3 min cat-camel",
                minutes=3,
                reminder_time=time(7, 30),
                created_on=start,
            ),
            dict(
                id=2,
                kind="anchor",
                cue="Before lunch",
                movement="2 min diaphragmatic breathing",
                minutes=2,
                reminder_time=time(12, 15),
                created_on=start,
            ),
            dict(
                id=3,
                kind="rule",
                cue="If I sit more than 45 minutes",
                movement="I stand and move for two",
                created_on=start,
            ),
        ]
    )
    frames["psfs_activity"] = pd.DataFrame([dict(name=n, added_on=start) for n in PSFS_ACTIVITIES])
    frames["setting"] = pd.DataFrame([dict(key="programme_start", value=json.dumps(start.isoformat()))])
    store.insert_frames(con, frames)


def _record(
    rows: dict,
    e: ExerciseDef,
    day: date,
    action: str,
    variable: str | None,
    before: Prescription,
    after: Prescription,
    reason: str,
    until: date | None = None,
) -> None:
    rows["progression_event"].append(
        dict(
            day=day,
            exercise_id=e.id,
            action=action,
            variable=variable,
            current=json.dumps(dict(before)),
            proposed=json.dumps(dict(after)),
            reason=reason,
            decision=DecisionKind.ACCEPTED,
        )
    )
    rows["prescription"].append(
        dict(
            exercise_id=e.id,
            effective_from=day,
            effective_until=until,
            source=action,
            **{k: v for k, v in after.items()},
        )
    )


def _tsk_responses(rng: random.Random, day: date, progress: float) -> list[dict]:
    tsk17 = questionnaires.INSTRUMENTS["tsk17"]
    per_item = 2.6 - 0.6 * progress  # fear of movement falls slowly
    item_scores = {n: min(4, max(1, round(per_item + rng.gauss(0, 0.6)))) for n in tsk17.items}
    answers17 = {n: (5 - s if n in tsk17.reverse else s) for n, s in item_scores.items()}
    answers11 = {n: answers17[n] for n in questionnaires.INSTRUMENTS["tsk11"].items}
    return [_response(day, "tsk17", answers17), _response(day, "tsk11", answers11)]


def _psfs_response(day: date, progress: float) -> dict:
    return _response(
        day, "psfs", {name: min(10, round(start + 5 * progress)) for name, start in PSFS_ACTIVITIES.items()}
    )


def _response(day: date, instrument: str, answers: dict) -> dict:
    s = questionnaires.score(instrument, answers)
    return dict(
        instrument=instrument,
        version=questionnaires.INSTRUMENTS[instrument].version,
        day=day,
        answers=json.dumps({str(k): v for k, v in s.answers.items()}),
        total=s.total,
        subscales=json.dumps(s.subscales),
        band=s.band,
    )


if __name__ == "__main__":
    print(f"Demo history written to {write_demo()}")
