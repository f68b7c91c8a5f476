"""Crash safety: a writer SIGKILLed at random moments loses nothing it acknowledged (issue 17).

A child process (tests/integration/crash_writer.py) writes check-ins and sessions through the
scripting API and prints each key only after its save returned; the parent kills it 50-800 ms
after it is ready, reopens the file and checks every acknowledged write field by field, and that
no session, acknowledged or not, is missing one of its rows. Also: kills during the first
db.connect of a new file and during an upgrade, and a hand copy of the file alone after a crash.
Counts scale with POISE_SOAK=1 (make soak): 15 -> 200 kills of the writer.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from lib import db, exercises, store
from tests.conftest import scaled
from tests.integration.crash_writer import checkin_values

pytestmark = pytest.mark.soak

ROOT = Path(__file__).resolve().parents[2]
CHECKIN_COLUMNS = tuple(checkin_values(0))


def run_and_kill(args: list[str], ready: str, wait: float) -> list[str]:
    """Start the writer, wait for its `ready` line, let it run `wait` seconds, SIGKILL it; return its lines."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.crash_writer", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = proc.stdout.readline().strip()
        if first != ready:
            proc.kill()
            raise AssertionError(f"the writer did not start: {first!r} {proc.stderr.read()}")
        time.sleep(wait)
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the writer ended before it was killed"
    lines = out.split("\n")
    return [line for line in lines[:-1]]  # the last piece may be cut mid-line: not acknowledged


def acknowledged(lines: list[str]) -> tuple[list[int], list[int]]:
    checkins = [
        (date.fromisoformat(line.split()[2]) - checkin_values(0)["day"]).days
        for line in lines
        if line.startswith("ack checkin")
    ]
    sessions = [int(line.split()[2]) for line in lines if line.startswith("ack session")]
    return checkins, sessions


def check_every_acknowledged_write(path: Path, checkins: list[int], sessions: list[int]) -> int:
    """Open the file as Poise would; return how many acknowledged writes are missing or changed (0)."""
    con = store.open_database(path)
    try:
        stored = {r[0]: r for r in con.execute(f"SELECT {', '.join(CHECKIN_COLUMNS)} FROM checkin").fetchall()}
        lost = 0
        for n in checkins:
            want = checkin_values(n)
            lost += stored.get(want["day"]) != tuple(want.values())
        rows = dict(
            con.execute(
                "SELECT s.notes, count(l.id) FROM session s LEFT JOIN exercise_log l "
                "ON l.session_id = s.id GROUP BY s.id, s.notes"
            ).fetchall()
        )
        for n in sessions:
            lost += not any(notes.startswith(f"crash session {n} ") for notes in rows)
        # Every session in the file, acknowledged or caught mid-save, holds all its rows or is not there.
        torn = {
            notes: count
            for notes, count in rows.items()
            if notes.startswith("crash session") and int(notes.rsplit("rows=", 1)[1]) != count
        }
        assert not torn, f"sessions missing rows: {torn}"
        return lost
    finally:
        con.close()


def test_a_writer_killed_at_random_moments_loses_no_acknowledged_write(tmp_path):
    path = tmp_path / "poise.duckdb"
    store.open_database(path).close()
    rng = random.Random(17)
    kills = scaled(15, 200)
    all_checkins, all_sessions = [], []
    for k in range(kills):
        lines = run_and_kill(["write", str(path), str(k)], "ready", rng.uniform(0.05, 0.8))
        checkins, sessions = acknowledged(lines)
        all_checkins += checkins
        all_sessions += sessions
        if k % 5 == 4 or k == kills - 1:  # the next writer's own open recovers the file in between
            assert check_every_acknowledged_write(path, all_checkins, all_sessions) == 0, (
                f"lost a write by kill {k + 1}"
            )
    assert len(all_checkins) + len(all_sessions) > kills  # the kills landed while writing, not before
    print(
        f"\ncrash safety: {kills} kills, {len(all_checkins)} check-ins and {len(all_sessions)} sessions "
        "acknowledged, 0 lost"
    )


def test_a_kill_during_the_first_connect_of_a_new_file_leaves_a_file_that_opens_whole(tmp_path):
    rng = random.Random(3)
    for k in range(scaled(4, 40)):
        path = tmp_path / f"new-{k}.duckdb"
        run_and_kill(["connect", str(path)], "go", rng.uniform(0.0, 0.3))
        con = store.open_database(path)
        try:
            assert db.applied_versions(con) == [m.version for m in db.migrations()]
            assert con.execute("SELECT count(*) FROM exercise").fetchone()[0] == len(exercises.LIBRARY)
        finally:
            con.close()


def old_file_with_checkins(path: Path, days: int) -> None:
    con = store.open_database(path, upto=db.latest_version() - 1)
    for n in range(days):
        v = checkin_values(n)
        con.execute(f"INSERT INTO checkin ({', '.join(v)}) VALUES ({', '.join('?' for _ in v)})", list(v.values()))
    con.close()


def safety_copy(path: Path) -> Path:
    return path.with_name(f"{path.stem}.before-{db.latest_version():03d}.duckdb")


def stored_checkins(path: Path) -> dict[date, tuple]:
    """Read a copy as it is on disk (read-only: nothing replayed, nothing migrated)."""
    assert not path.with_name(path.name + ".wal").exists(), f"{path.name} needs a .wal beside it"
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r[0]: r for r in con.execute(f"SELECT {', '.join(CHECKIN_COLUMNS)} FROM checkin").fetchall()}
    finally:
        con.close()


def test_a_kill_during_an_upgrade_keeps_every_row_and_a_complete_safety_copy(tmp_path):
    template = tmp_path / "template.duckdb"
    old_file_with_checkins(template, 40)
    want = {checkin_values(n)["day"]: tuple(checkin_values(n).values()) for n in range(40)}
    rng = random.Random(5)
    for k in range(scaled(3, 30)):
        path = tmp_path / f"old-{k}.duckdb"
        shutil.copy(template, path)
        run_and_kill(["upgrade", str(path)], "go", rng.uniform(0.0, 0.4))
        con = store.open_database(path)
        try:
            assert db.applied_versions(con) == [m.version for m in db.migrations()]
        finally:
            con.close()
        assert stored_checkins(path) == want
        assert stored_checkins(safety_copy(path)) == want


def test_after_a_writer_is_killed_the_upgrades_safety_copy_holds_every_acknowledged_row(tmp_path):
    rng = random.Random(11)
    for k in range(scaled(2, 20)):
        path = tmp_path / f"killed-{k}.duckdb"
        old_file_with_checkins(path, 5)
        checkins, _ = acknowledged(run_and_kill(["write-old", str(path)], "ready", rng.uniform(0.2, 0.8)))
        assert checkins
        store.open_database(path).close()  # the upgrade: copies the file aside first
        copy = stored_checkins(safety_copy(path))
        for n in [*range(5), *checkins]:
            assert copy.get(checkin_values(n)["day"]) == tuple(checkin_values(n).values())


def test_after_a_crash_the_database_file_alone_holds_every_row_while_poise_has_it_open(tmp_path):
    path = tmp_path / "poise.duckdb"
    store.open_database(path).close()
    checkins, sessions = acknowledged(run_and_kill(["write", str(path), "1"], "ready", 0.5))
    con = store.open_database(path)  # recovers the killed writer's .wal, then writes it into the file
    try:
        hand_copy = tmp_path / "by-hand.duckdb"
        shutil.copy(path, hand_copy)  # what a person copying the file while Poise runs gets
        stored = stored_checkins(hand_copy)
        for n in checkins:
            assert stored.get(checkin_values(n)["day"]) == tuple(checkin_values(n).values())
    finally:
        con.close()
    assert checkins or sessions
