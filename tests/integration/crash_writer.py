"""The child of the crash-safety test: writes through the scripting API until it is killed.

    python -m tests.integration.crash_writer write PATH SEED    check-ins and sessions, each key printed
                                                              ("ack checkin 1950-01-03", "ack session <token>")
                                                              only after its save has returned
    python -m tests.integration.crash_writer write-old PATH   check-ins into a file one schema version behind
    python -m tests.integration.crash_writer connect PATH     the first store.open_database of a new file
    python -m tests.integration.crash_writer upgrade PATH     store.open_database of an older file (an upgrade)

Each mode prints "ready" (write, once connected) or "go" (just before the connect) so the parent
can time its SIGKILL from there. Every value is derived from the key, so the parent can check
each acknowledged row field by field (tests/integration/test_crash_safety.py).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

BASE_DAY = date(1950, 1, 1)  # keys count days from here: thousands of kills never reach the future


def checkin_values(n: int) -> dict[str, object]:
    """The check-in written for day number `n`: every field has a value (valid before and after migration 003)."""
    return {
        "day": BASE_DAY + timedelta(days=n),
        "pain_now": n % 11,
        "stiffness": (n * 3) % 11,
        "sleep_hours": (n % 49) / 2,
        "sleep_quality": (n * 7) % 11,
        "stress": (n * 5) % 11,
        "sitting_hours": float(n % 25),
        "travel": n % 2 == 0,
        "flare_up": n % 3 == 0,
        "notes": f"crash {n}",
    }


def session_rows(n: int) -> int:
    """How many exercise rows session number `n` holds (1 to 4)."""
    return 1 + n % 4


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def write(path: str, seed: int) -> None:
    from lib import store

    con = store.open_database(path)
    library = [e for e in store.load_library(con).values() if e.active]
    start = (con.execute("SELECT max(day) FROM checkin").fetchone()[0] or BASE_DAY) - BASE_DAY
    n = start.days + 2  # past anything written before, an unacknowledged last write included
    rng = random.Random(seed)
    _say("ready")
    while True:
        if rng.random() < 0.5:
            store.save_checkin(con, **checkin_values(n))
            _say(f"ack checkin {checkin_values(n)['day'].isoformat()}")
        else:
            rows = []
            for e in library[: session_rows(n)]:
                values = {r.variable: r.start for r in e.variables}
                rows.append({"exercise": e.name, **values, "completed": True, "pain_during": n % 11})
            store.save_session(
                con,
                day=BASE_DAY + timedelta(days=n),
                focus="control",
                duration_min=1 + n % 240,
                rpe=n % 11,
                notes=f"crash session {n} rows={len(rows)}",
                exercises=rows,
            )
            _say(f"ack session {n}")
        n += 1


def write_old(path: str) -> None:
    """Check-ins into a file left one migration behind (raw SQL: the store speaks the newest schema)."""
    from lib import db, store

    con = store.open_database(path, upto=db.latest_version() - 1)
    n = 2 + ((con.execute("SELECT max(day) FROM checkin").fetchone()[0] or BASE_DAY) - BASE_DAY).days
    _say("ready")
    while True:
        v = checkin_values(n)
        con.execute(f"INSERT INTO checkin ({', '.join(v)}) VALUES ({', '.join('?' for _ in v)})", list(v.values()))
        _say(f"ack checkin {v['day'].isoformat()}")
        n += 1


def connect(path: str) -> None:
    from lib import store

    _say("go")
    store.open_database(path).close()
    _say("done")
    # Wait to be killed: on a quick machine the upgrade can end before the parent's random wait does, and
    # a kill that lands after it must find the file whole all the same.
    time.sleep(60)


if __name__ == "__main__":
    mode, target = sys.argv[1], sys.argv[2]
    if mode == "write":
        write(target, int(sys.argv[3]))
    elif mode == "write-old":
        write_old(target)
    else:  # connect and upgrade: both are one store.open_database
        connect(target)
