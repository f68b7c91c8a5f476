"""Poise's performance harness: `make bench`.

Builds a 10-year history (3,650 check-ins, about 24,000 exercise rows) and
an empty database, then measures, as medians of repeated runs:

- every page's rerun under Streamlit's AppTest, on both files (budget: under
  300 ms, and within 1.2x of the same page on the empty file), and its first
  rerun after a write, when the page's read cache is empty (budget: 300 ms);
- a whole day's suggestions from the progression engine (budget: 20 ms);
- saving a check-in (budget: 20 ms).

Prints a table, writes benchmarks/results/latest.json, and exits 1 if any
budget is exceeded.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import db, demo, progression, store  # noqa: E402
from lib.ui import PAGES  # noqa: E402

YEARS_OF_DAYS = 3650
PAGE_BUDGET_MS = 300
PAGE_RATIO_BUDGET = 1.2
ENGINE_BUDGET_MS = 20
SAVE_BUDGET_MS = 20
RERUNS = 15  # medians of 15: two-core machines are noisy


def median_ms(fn, repeats: int, before=None) -> float:
    """Median wall time of `fn` after one warm-up run; `before` runs untimed ahead of each timing."""
    fn()  # warm up: caches, imports, first query plans
    times = []
    for _ in range(repeats):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_rerun_ms(db_path: Path, script: str) -> tuple[float, float]:
    """Return (a rerun, a rerun right after a write) of the page, in ms."""
    os.environ["POISE_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    if script != "app.py":
        at.switch_page(script)
        at.run()
    if at.exception:
        raise RuntimeError(f"{script} raised: {at.exception[0].value}")
    # A write moves the data version on, which is all that empties the page's read cache.
    return median_ms(at.run, RERUNS), median_ms(at.run, RERUNS, before=db._data_changed)


def main() -> int:
    today = date.today()
    work = Path(tempfile.mkdtemp(prefix="poise-bench-"))
    empty_path, big_path = work / "empty.duckdb", work / "ten-years.duckdb"
    db.connect(empty_path).close()
    started = time.perf_counter()
    demo.write_demo(big_path, today, days=YEARS_OF_DAYS, seed=11)
    con = db.connect(big_path)
    sizes = {t: con.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in ("checkin", "session", "exercise_log")}
    print(f"10-year history written in {time.perf_counter() - started:.1f} s: "
          + ", ".join(f"{n:,} {t} rows" for t, n in sizes.items()))

    results: dict[str, dict] = {"rows": sizes, "pages": {}}
    failures = []
    engine_ms = median_ms(lambda: progression.suggest_all(con, today), 40)
    day = today - timedelta(days=YEARS_OF_DAYS + 10)  # a day before the history: a fresh row every time
    counter = iter(range(10_000))
    save_ms = median_ms(lambda: store.save_checkin(
        con, day=day - timedelta(days=next(counter)), pain_now=3, stiffness=2, sleep_hours=7.5,
        sleep_quality=7, stress=3, sitting_hours=6, today=today), 20)
    con.close()
    results["engine_ms"], results["save_ms"] = engine_ms, save_ms
    print(f"\n{'what':34} {'empty':>9} {'10 years':>9} {'ratio':>6}  {'after a write':>13}  budget")
    print(f"{'a day of suggestions':34} {'':>9} {engine_ms:8.1f}ms {'':>6}  {'':>13}  < {ENGINE_BUDGET_MS} ms")
    print(f"{'saving a check-in':34} {'':>9} {save_ms:8.1f}ms {'':>6}  {'':>13}  < {SAVE_BUDGET_MS} ms")
    if engine_ms > ENGINE_BUDGET_MS:
        failures.append(f"a day's suggestions took {engine_ms:.1f} ms")
    if save_ms > SAVE_BUDGET_MS:
        failures.append(f"a save took {save_ms:.1f} ms")

    for script, label in PAGES:
        (empty_ms, _), (big_ms, cold_ms) = page_rerun_ms(empty_path, script), page_rerun_ms(big_path, script)
        ratio = big_ms / empty_ms
        results["pages"][label] = {"empty_ms": empty_ms, "ten_years_ms": big_ms, "ratio": ratio,
                                   "ten_years_after_write_ms": cold_ms}
        print(f"{'page: ' + label:34} {empty_ms:7.1f}ms {big_ms:7.1f}ms {ratio:6.2f}  {cold_ms:11.1f}ms  "
              f"< {PAGE_BUDGET_MS} ms, <= {PAGE_RATIO_BUDGET}x")
        if max(big_ms, cold_ms) > PAGE_BUDGET_MS:
            failures.append(f"{label} reran in {max(big_ms, cold_ms):.0f} ms on 10 years")
        if ratio > PAGE_RATIO_BUDGET:
            failures.append(f"{label} is {ratio:.2f}x slower on 10 years than on an empty file")

    from benchmarks import motion  # the form check: worker frames per second (with the sidecar), analysis time
    lines, results["form_check"] = motion.measure()
    print("\n".join(lines))

    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"date": today.isoformat(), **results}, indent=2))
    print("\n" + ("All budgets met." if not failures else "Over budget:\n- " + "\n- ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
