"""Concurrency: browser tabs writing at once through the app's one shared connection (issue 17).

8 threads, 50 writes each (500 under make soak), on overlapping days: check-ins of the same few
days, ticks of the same ritual, the same setting, and sessions. No write may fail, none may be lost,
each day keeps one check-in (the last write wins) and every earlier version is in the audit table.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from datetime import date, timedelta

import pytest

from lib import store
from tests.conftest import scaled
from tests.integration.crash_writer import checkin_values

pytestmark = pytest.mark.soak

THREADS = 8
DAYS = [date(2026, 1, 1) + timedelta(days=i) for i in range(6)]  # every thread writes these same days


def test_eight_tabs_writing_the_same_days_all_succeed_and_the_audit_keeps_every_earlier_version(fresh_path):
    con = store.open_database(fresh_path)  # one connection for the process, as lib.ui caches it
    ritual = store.save_ritual(con, cue="After coffee", movement="Cat-camel", minutes=3)
    writes = scaled(50, 500)
    errors: list[BaseException] = []
    saved: dict[date, list[str]] = {d: [] for d in DAYS}
    sessions: list[str] = []
    settings_written: set[int] = set()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def tab(t: int) -> None:
        start.wait()
        for i in range(writes):
            try:
                day = DAYS[(t + i) % len(DAYS)]
                if i % 4 in (0, 1):
                    values = checkin_values(t * writes + i) | {"day": day, "notes": f"tab {t} write {i}"}
                    store.save_checkin(con, **values)
                    with lock:
                        saved[day].append(values["notes"])
                elif i % 4 == 2:
                    notes = f"tab {t} session {i}"
                    store.save_session(
                        con,
                        day=day,
                        focus="control",
                        duration_min=10,
                        rpe=3,
                        notes=notes,
                        exercises=[
                            {"exercise": "Side plank", "sets": 2, "hold_s": 20, "completed": True, "pain_during": 1}
                        ],
                    )
                    with lock:
                        sessions.append(notes)
                elif i % 8 == 3:
                    store.tick_ritual(con, ritual, day, done=(t + i) % 3 != 0)
                else:
                    weeks = 3 + (t + i) % 4
                    store.set_setting(con, "deload_every_weeks", weeks)
                    with lock:
                        settings_written.add(weeks)
            except BaseException as e:
                with lock:
                    errors.append(e)

    threads = [threading.Thread(target=tab, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not errors, f"{len(errors)} writes failed, first: {errors[0]!r}"
        for day, notes in saved.items():
            rows = con.execute("SELECT notes FROM checkin WHERE day = ?", [day]).fetchall()
            assert len(rows) == 1  # one row per day
            kept = [json.loads(r)["notes"] for r in store.list_audit(con, "checkin", day.isoformat())["old_row"]]
            # The last write is the row; every earlier one is in the audit table, none twice, none lost.
            assert Counter(kept + [rows[0][0]]) == Counter(notes)
        stored = dict(
            con.execute(
                "SELECT s.notes, count(l.id) FROM session s JOIN exercise_log l "
                "ON l.session_id = s.id GROUP BY s.id, s.notes"
            ).fetchall()
        )
        assert sorted(stored) == sorted(sessions) and set(stored.values()) == {1}
        assert store.get_setting(con, "deload_every_weeks") in settings_written
        ticks = con.execute("SELECT count(*), count(DISTINCT day) FROM ritual_log").fetchone()
        assert ticks[0] == ticks[1]
        total = sum(len(n) for n in saved.values()) + len(sessions)
        print(f"\nconcurrency: {THREADS} threads x {writes} writes, {total} check-ins and sessions checked, 0 lost")
    finally:
        con.close()
