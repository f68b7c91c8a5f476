"""Every page renders on every small state: none, one or two of each kind of record.

Nine factors with three levels each (none / one / two): check-ins, sessions,
TSK-17 answers, TSK-11 answers, PSFS answers, prescriptions changed by hand,
rituals (with a tick), flare-up days, and demo history (none; 120 days ending
today; 120 days that ended 60 days ago, so nothing is recent). The full
product is 3**9 = 19,683 states, hours of AppTest runs, so the suite runs a
covering design instead:

- `make test`: every *pair* of levels of any two factors appears in at least
  one state (a greedy pairwise covering array, deterministic), plus the
  all-none and all-two corners and each factor alone at each level (the first
  TSK-11 on an empty file is a state of its own): about 35 states;
- `make soak` (POISE_SOAK=1): every *triple* of levels of any three factors
  (about 60 states); POISE_SOAK=full runs the whole product.

Defects of this kind come from an interaction of two states (the first TSK-11
after a TSK-17; a prescription change with no session), which pairs cover.
Each state is built through the store functions on a real file, starting from
a copy of a template file (fresh or demo), then every page runs under AppTest
and must raise nothing.
"""

from __future__ import annotations

import itertools
import os
import random
import shutil
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from lib import demo, questionnaires, store
from tests.app.pages import PAGES

TODAY = date.today()
FACTORS = ("checkins", "sessions", "tsk17", "tsk11", "psfs", "prescriptions", "rituals", "flare_ups", "demo")
LEVELS = (0, 1, 2)


def covering_states(strength: int, seed: int = 17) -> list[tuple[int, ...]]:
    """Return states (one level per factor) in which every `strength`-tuple of factor levels appears. Pure.

    Greedy: each new state is the best of 60 seeded random candidates at covering what is still
    uncovered; deterministic for a given seed.
    """
    rng = random.Random(seed)
    uncovered = {
        (cols, vals)
        for cols in itertools.combinations(range(len(FACTORS)), strength)
        for vals in itertools.product(LEVELS, repeat=strength)
    }
    # The corners, and each factor alone at each level (the first TSK-11 on an empty file, say).
    states: list[tuple[int, ...]] = [tuple(0 for _ in FACTORS), tuple(2 for _ in FACTORS)]
    states += [
        tuple(level if i == f else 0 for i in range(len(FACTORS))) for f in range(len(FACTORS)) for level in (1, 2)
    ]

    def covers(state: tuple[int, ...]) -> set:
        return {(cols, vals) for cols, vals in uncovered if all(state[c] == v for c, v in zip(cols, vals, strict=True))}

    for s in states:
        uncovered -= covers(s)
    while uncovered:
        # Seed each candidate with one uncovered tuple, so every round makes progress.
        candidates = []
        for _ in range(60):
            cols, vals = rng.choice(sorted(uncovered))
            state = [rng.choice(LEVELS) for _ in FACTORS]
            for c, v in zip(cols, vals, strict=True):
                state[c] = v
            candidates.append(tuple(state))
        best = max(candidates, key=lambda s: len(covers(s)))
        states.append(best)
        uncovered -= covers(best)
    return states


def chosen_states() -> list[tuple[int, ...]]:
    soak = os.environ.get("POISE_SOAK", "")
    if soak == "full":
        return list(itertools.product(LEVELS, repeat=len(FACTORS)))
    return covering_states(3 if soak else 2)


STATES = chosen_states()


def _name(state: tuple[int, ...]) -> str:
    return "-".join(f"{f}{n}" for f, n in zip(FACTORS, state, strict=True) if n) or "nothing"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Template files per demo level: a fresh file, the demo ending today, the demo ending 60 days ago."""
    folder = tmp_path_factory.mktemp("templates")
    fresh = folder / "fresh.duckdb"
    store.open_database(fresh).close()
    return {
        0: fresh,
        1: demo.write_demo(folder / "demo-now.duckdb", TODAY),
        2: demo.write_demo(folder / "demo-old.duckdb", TODAY - timedelta(days=60)),
    }


def _tsk_answers(instrument: str, value: int) -> dict[int, int]:
    return {n: value for n in questionnaires.INSTRUMENTS[instrument].items}


def build_state(path: Path, state: tuple[int, ...]) -> None:
    """Add the state's records to the file at `path` through the scripting API (each a real save)."""
    levels = dict(zip(FACTORS, state, strict=True))
    con = store.open_database(path)
    try:
        names = store.exercise_names(con, active_only=True)
        # Level 1: one record today, so it is the newest; level 2: one yesterday as well.
        days = [TODAY - timedelta(days=d) for d in (0, 1)]

        def on(factor: str) -> list[date]:
            return sorted(days[: levels[factor]])

        for i, day in enumerate(on("checkins")):
            store.save_checkin(
                con,
                day=day,
                pain_now=3 + i,
                stiffness=2,
                sleep_hours=7.5,
                sleep_quality=7,
                stress=3,
                sitting_hours=6,
                notes="<b>bold?</b>",
                today=TODAY,
            )
        for day in on("flare_ups"):  # a flare-up day (replaces that day's check-in)
            store.save_checkin(
                con,
                day=day - timedelta(days=2),
                pain_now=7,
                stiffness=6,
                sleep_hours=5,
                sleep_quality=3,
                stress=7,
                sitting_hours=9,
                flare_up=True,
                today=TODAY,
            )
        for i, day in enumerate(on("sessions")):
            ex = store.get_exercise(con, names[i])
            store.save_session(
                con,
                day=day,
                focus="control",
                duration_min=10,
                rpe=3 + i,
                today=TODAY,
                exercises=[
                    {
                        "exercise": ex.name,
                        "completed": True,
                        "pain_during": 1,
                        **{v: r.start for v, r in ex.rules.items()},
                    }
                ],
            )
        for i, day in enumerate(on("tsk17")):
            store.save_questionnaire(con, "tsk17", _tsk_answers("tsk17", 2 + i), day=day, today=TODAY)
        for i, day in enumerate(on("tsk11")):
            store.save_questionnaire(con, "tsk11", _tsk_answers("tsk11", 3 - i), day=day, today=TODAY)
        if levels["psfs"]:
            kept = store.psfs_activity_names(con)
            for name in ("Sitting through a film", "Lifting a child")[len(kept) :]:
                store.add_psfs_activity(con, name, day=days[1])
            kept = store.psfs_activity_names(con)
            for i, day in enumerate(on("psfs")):
                store.save_questionnaire(con, "psfs", {n: 4 + i for n in kept}, day=day, today=TODAY)
        for i, day in enumerate(on("prescriptions")):
            ex = store.get_exercise(con, names[-1 - i])
            first = next(iter(ex.rules.values()))
            store.set_prescription(con, ex.name, day, {first.variable: first.cap})
        for i in range(levels["rituals"]):
            ritual = store.save_ritual(
                con,
                cue=f"After coffee {i}",
                movement="<script>x</script> cat-camel",
                minutes=3,
                reminder_time=time(8, 0),
                today=TODAY,
            )
            store.tick_ritual(con, ritual, on("rituals")[i], today=TODAY)
    finally:
        con.close()


@pytest.mark.parametrize("state", STATES, ids=[_name(s) for s in STATES])
def test_every_page_renders_on_a_small_state(open_page, templates, tmp_path, state):
    path = tmp_path / "poise.duckdb"
    shutil.copy(templates[state[FACTORS.index("demo")]], path)
    build_state(path, state)
    for page in PAGES:
        at = open_page(page, path)
        assert not at.exception, f"{page} on {_name(state)}: {at.exception[0].message}"


def test_the_covering_design_covers_every_pair_of_levels():
    states = covering_states(2)
    for a, b in itertools.combinations(range(len(FACTORS)), 2):
        seen = {(s[a], s[b]) for s in states}
        assert seen == set(itertools.product(LEVELS, LEVELS)), (FACTORS[a], FACTORS[b])
    assert len(states) <= 40
