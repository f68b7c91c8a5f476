"""Poise's performance harness: `make bench`.

Builds three databases: ten years of history (3,650 check-ins, about 24,000 exercise rows), one
month of the same kind of history, and an empty file; then measures, as medians of repeated runs:

- the engine: a whole day's suggestions (budget: 10 ms) and one exercise's suggestion (5 ms) on ten
  years, each within 1.5x of the same on one month (what must stay flat is growth with the years); and
  each right after a write on ten years, when the reads the engine keeps (lib.db.read_kept) are gone (no budget);
- saving a check-in (budget: 20 ms);
- every page's rerun under Streamlit's AppTest on all three files (budget: under 300 ms, and within
  1.2x of the same page on one month; an empty file draws no chart, so it is shown but no yardstick),
  and its first rerun after a write on ten years, when the page's read cache is empty (budget: 300 ms);
- the peak memory (resident) of a fresh process running every page on ten years (budget: 300 MB);
- the guided session in Chromium, on the 10-year file: the time from pressing Next (an exercise
  rated) to the next exercise and its player drawn (budget: 150 ms), and the messages the browser
  sends the server while the plan's first timed work (breathing, a hold, a paced set) runs for 20 s on
  Playwright's clock (each rerun is one; budget 0).
  Without /usr/bin/chromium these two rows say "skipped".

Prints a table, writes benchmarks/results/latest.json, and exits 1 if any budget is exceeded.
`python -m benchmarks.run --only engine` measures the engine and the save alone (a few seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from lib import coach, db, demo, store  # noqa: E402
from lib.ui import PAGES  # noqa: E402

YEARS_OF_DAYS = 3650
MONTH_OF_DAYS = 30
PAGE_BUDGET_MS = 300
PAGE_RATIO_BUDGET = 1.2  # ten years against one month
DAY_BUDGET_MS = 10  # a whole day's suggestions
ONE_BUDGET_MS = 5  # one exercise's suggestion
ENGINE_RATIO_BUDGET = 1.5  # ten years against one month
ONE_EXERCISE = "Side plank"
SAVE_BUDGET_MS = 20
RSS_BUDGET_MB = 300
NEXT_BUDGET_MS = 150  # the guided session: Next pressed → the next exercise and its player drawn
HOLD_RERUN_BUDGET = 0  # messages to the server while a hold is timed
GUIDED_ROUNDS = 3  # whole sessions through the player: 4 timings each on a plan of 5 exercises
RERUNS = 15  # medians of 15: two-core machines are noisy


def median_ms(fn, repeats: int, before=None, clock=time.perf_counter) -> float:
    """Median wall time of `fn` after one warm-up run; `before` runs untimed ahead of each timing.

    clock=time.process_time: the CPU time of this process instead (DuckDB's threads included), which
    other programs on a busy machine do not stretch.
    """
    fn()  # warm up: caches, imports, first query plans
    times = []
    for _ in range(repeats):
        if before:
            before()
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
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


# In the page: time from a click on the page's "Next" to the frame where the next exercise's
# heading and its own player (live, not the stale one of the run before) are in the document.
NEXT_PROBE = """
window.__next = [];
document.addEventListener("click", (e) => {
  const button = e.target.closest && e.target.closest("button");
  if (!button || button.innerText.trim() !== "Next" || !window.__want) return;
  const t0 = performance.now(), want = window.__want;
  const drawn = () => [...document.querySelectorAll("h3")].some((h) => h.textContent.startsWith(want))
    && [...document.querySelectorAll("[data-stale=false] [data-testid=stBidiComponentIsolated]")].some(
         (el) => el.shadowRoot
           && el.shadowRoot.querySelector("[data-testid=player-label]")?.textContent === "Get ready");
  const look = () => (drawn() ? window.__next.push(performance.now() - t0) : requestAnimationFrame(look));
  requestAnimationFrame(look);
}, true);
"""
LIVE = "[data-testid=stElementContainer][data-stale=false] "
# The player's label on a step it times by itself (lib.guided.exercise_steps): a hold, a paced set, breathing, a timer.
TIMED_WORK = re.compile(r"hold \d|lowering in|breathe with|keep going")


def _settled(page) -> None:
    """Wait for the page's run to end: while it reruns, the elements of the run before stay, marked stale."""
    page.wait_for_function("() => !document.querySelector('[data-stale=true]')")


def _through_the_player(page) -> None:
    """Step through the current exercise with the player's own Next until the page asks how it went."""
    step = page.locator(LIVE + "[data-testid=player-next]:not([hidden]):not([disabled])")
    asked = page.locator(LIVE + "[data-testid=stMarkdownContainer]", has_text="How did it go?")
    _settled(page)
    while not asked.count():
        if step.count() == 1:
            step.click()
        page.wait_for_timeout(50)
    _settled(page)


def _rate(page) -> None:
    page.get_by_role("radio", name="2", exact=True).click()
    _settled(page)
    page.get_by_text("Done as planned", exact=True).click()
    _settled(page)


def guided_in_browser(db_path: Path, work: Path) -> tuple[list[float], int | None]:
    """Next → the next exercise drawn, in ms, for every exercise after the first; and the messages sent
    to the server during 20 s of timed work (None if today's plan times nothing). Raises if no Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, open_page, serve

    if not CHROMIUM.exists():
        raise FileNotFoundError(CHROMIUM)
    with serve(db_path, work / "guided-streamlit.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        page.add_init_script(NEXT_PROBE)
        open_page(page, url, "Guided session")
        for _ in range(GUIDED_ROUNDS):
            page.get_by_role("button", name="Start today's session").click()
            count = int(
                re.match(r"1 of (\d+)", page.get_by_role("heading", name=re.compile(r"^1 of ")).text_content())[1]
            )
            for n in range(2, count + 1):
                _through_the_player(page)
                _rate(page)
                timed = page.evaluate(
                    "(want) => { window.__want = want; return window.__next.length; }", f"{n} of {count}"
                )
                page.locator("[data-testid=stButton]").get_by_role("button", name="Next", exact=True).click()
                page.wait_for_function("(n) => window.__next.length > n", arg=timed)
            page.evaluate("() => { window.__want = null; }")
            _through_the_player(page)
            _rate(page)
            page.locator("[data-testid=stButton]").get_by_role("button", name="Next", exact=True).click()
            page.get_by_role("heading", name="Review").wait_for()
            _settled(page)
            page.get_by_role("button", name="Discard this session").click()
            _settled(page)
            page.get_by_role("button", name="Yes, delete").click()
            page.get_by_role("button", name="Start today's session").wait_for()
        next_ms = page.evaluate("window.__next")
        page.close()

        # Timed work on Playwright's clock: 20 s of it in an instant, every message to the server counted.
        # The plan's first timed work (the breath pacer, a hold, a paced set): a day's plan need not have a hold.
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(60_000)
        sent: list[object] = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
        page.clock.install()
        open_page(page, url, "Guided session")
        page.get_by_role("button", name="Start today's session").click()
        label, step = (
            page.locator(LIVE + "[data-testid=player-label]"),
            page.locator(LIVE + "[data-testid=player-next]"),
        )
        asked, review = page.get_by_text("How did it go?"), page.get_by_role("heading", name="Review")
        reruns = None
        for _ in range(40):  # step through the plan to its first timed work
            _settled(page)
            if review.count():
                break
            if label.count() == 1 and TIMED_WORK.search(label.text_content()):
                page.locator(LIVE + "[data-testid=player-toggle]").click()
                before = len(sent)
                page.clock.run_for(20_000)
                reruns = len(sent) - before
                break
            if asked.is_visible():
                _rate(page)
                page.locator("[data-testid=stButton]").get_by_role("button", name="Next", exact=True).click()
                page.wait_for_timeout(500)
            elif step.count() == 1 and step.is_enabled():
                step.click()
            page.wait_for_timeout(100)
        browser.close()
    return next_ms, reruns


def engine_ms(db_path: Path, today: date, clock=time.perf_counter, before=None) -> tuple[float, float]:
    """(a day's suggestions, one exercise's suggestion) on the file at `db_path`, medians in ms of `clock`.

    before=db._data_changed: each call right after a write, when the reads the engine keeps are gone.
    """
    con = store.open_database(db_path)
    try:
        return (
            median_ms(lambda: coach.suggest_all(con, today), 40, before, clock),
            median_ms(lambda: coach.suggest(con, ONE_EXERCISE, today), 40, before, clock),
        )
    finally:
        con.close()


def every_page_once(db_path: Path) -> float:
    """Run every page once under AppTest on the file at `db_path`; return this process's peak resident MB.

    Linux reports kB. Run in a process of its own by peak_rss_mb.
    """
    os.environ["POISE_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    for script, label in PAGES:
        if script != "app.py":
            at.switch_page(script)
            at.run()
        if at.exception:
            raise RuntimeError(f"{label} raised: {at.exception[0].value}")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss_mb(db_path: Path) -> float:
    """The most memory a fresh process holds resident while it runs every page on the file, in MB.

    A process of its own, so this harness's own history writing and open files do not count.
    """
    child = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--every-page", str(db_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(child.stdout.split()[-1])


def row(label: str, cells: list[str], budget: str) -> None:
    print(f"{label:34} " + " ".join(f"{c:>10}" for c in cells) + f"  {budget}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["engine"], help="measure the engine and the save alone")
    parser.add_argument("--every-page", type=Path, help=argparse.SUPPRESS)  # peak_rss_mb's child process
    args = parser.parse_args()
    if args.every_page:
        print(every_page_once(args.every_page))
        return 0
    today = date.today()
    work = Path(tempfile.mkdtemp(prefix="poise-bench-"))
    empty_path, month_path, big_path = work / "empty.duckdb", work / "one-month.duckdb", work / "ten-years.duckdb"
    store.open_database(empty_path).close()
    demo.write_demo(month_path, today, days=MONTH_OF_DAYS, seed=11)
    started = time.perf_counter()
    demo.write_demo(big_path, today, days=YEARS_OF_DAYS, seed=11)
    con = store.open_database(big_path)
    sizes = {t: con.execute("SELECT count(*) FROM " + t).fetchone()[0] for t in ("checkin", "session", "exercise_log")}
    print(
        f"10-year history written in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{n:,} {t} rows" for t, n in sizes.items())
    )

    results: dict[str, dict] = {"rows": sizes, "pages": {}}
    failures = []
    day = today - timedelta(days=YEARS_OF_DAYS + 10)  # a day before the history: a fresh row every time
    counter = iter(range(10_000))
    save_ms = median_ms(
        lambda: store.save_checkin(
            con,
            day=day - timedelta(days=next(counter)),
            pain_now=3,
            stiffness=2,
            sleep_hours=7.5,
            sleep_quality=7,
            stress=3,
            sitting_hours=6,
            today=today,
        ),
        20,
    )
    con.close()
    (month_day, month_one), (big_day, big_one) = engine_ms(month_path, today), engine_ms(big_path, today)
    cpu = {path: engine_ms(path, today, clock=time.process_time) for path in (month_path, big_path)}
    after_write = engine_ms(big_path, today, before=db._data_changed)
    results["engine"] = {
        "day_month_ms": month_day,
        "day_ten_years_ms": big_day,
        "one_month_ms": month_one,
        "one_ten_years_ms": big_one,
        "cpu_ms": {
            "day_month": cpu[month_path][0],
            "day_ten_years": cpu[big_path][0],
            "one_month": cpu[month_path][1],
            "one_ten_years": cpu[big_path][1],
        },
        "day_ten_years_after_write_ms": after_write[0],
        "one_ten_years_after_write_ms": after_write[1],
    }
    results["save_ms"] = save_ms
    print()
    row("what", ["empty", "one month", "10 years", "ratio", "after write"], "budget (ratio: 10 years / month)")
    for label, month_ms, big_ms, cold_ms, budget in (
        ("a day of suggestions", month_day, big_day, after_write[0], DAY_BUDGET_MS),
        (f"one suggestion ({ONE_EXERCISE})", month_one, big_one, after_write[1], ONE_BUDGET_MS),
    ):
        ratio = big_ms / month_ms
        row(
            label,
            ["", f"{month_ms:.1f}ms", f"{big_ms:.1f}ms", f"{ratio:.2f}", f"{cold_ms:.1f}ms"],
            f"<= {budget} ms, <= {ENGINE_RATIO_BUDGET}x",
        )
        if big_ms > budget:
            failures.append(f"{label} took {big_ms:.1f} ms on 10 years")
        if ratio > ENGINE_RATIO_BUDGET:
            failures.append(f"{label} is {ratio:.2f}x slower on 10 years than on one month")
    for label, which in (("  the same in CPU time: a day", 0), ("  the same in CPU time: one", 1)):
        month_cpu, big_cpu = cpu[month_path][which], cpu[big_path][which]
        row(
            label,
            ["", f"{month_cpu:.1f}ms", f"{big_cpu:.1f}ms", f"{big_cpu / month_cpu:.2f}", ""],
            "no budget: what a busy machine cannot stretch",
        )
    row("saving a check-in", ["", "", f"{save_ms:.1f}ms", "", ""], f"< {SAVE_BUDGET_MS} ms")
    if save_ms > SAVE_BUDGET_MS:
        failures.append(f"a save took {save_ms:.1f} ms")
    if args.only == "engine":
        return report(today, results, failures)

    # Before this process opens the file for the pages: a file held open here is locked for the child.
    results["peak_rss_mb"] = rss = peak_rss_mb(big_path)
    row("peak memory: every page", ["", "", f"{rss:.0f}MB", "", ""], f"<= {RSS_BUDGET_MB} MB (resident)")
    if rss > RSS_BUDGET_MB:
        failures.append(f"running every page on 10 years held {rss:.0f} MB at its peak")

    for script, label in PAGES:
        (empty_ms, _), (month_ms, _), (big_ms, cold_ms) = (
            page_rerun_ms(path, script) for path in (empty_path, month_path, big_path)
        )
        ratio = big_ms / month_ms
        results["pages"][label] = {
            "empty_ms": empty_ms,
            "one_month_ms": month_ms,
            "ten_years_ms": big_ms,
            "ratio": ratio,
            "ten_years_after_write_ms": cold_ms,
        }
        row(
            "page: " + label,
            [f"{empty_ms:.1f}ms", f"{month_ms:.1f}ms", f"{big_ms:.1f}ms", f"{ratio:.2f}", f"{cold_ms:.1f}ms"],
            f"< {PAGE_BUDGET_MS} ms, <= {PAGE_RATIO_BUDGET}x",
        )
        if max(big_ms, cold_ms) > PAGE_BUDGET_MS:
            failures.append(f"{label} reran in {max(big_ms, cold_ms):.0f} ms on 10 years")
        if ratio > PAGE_RATIO_BUDGET:
            failures.append(f"{label} is {ratio:.2f}x slower on 10 years than on one month")

    try:
        next_ms, hold_messages = guided_in_browser(big_path, work)
    except (ImportError, FileNotFoundError) as e:
        print(f"{'guided: Next → next exercise':34} skipped (no browser here: {e})")
    except Exception as e:  # the browser run itself broke: say so, keep the other rows
        print(f"{'guided: Next → next exercise':34} failed: {str(e).splitlines()[0]}")
        failures.append(f"the guided session's browser run failed: {str(e).splitlines()[0]}")
    else:
        next_median = statistics.median(next_ms)
        results["guided_next_ms"], results["guided_hold_messages"] = next_median, hold_messages
        print(
            f"{'guided: Next → next exercise':34} {'':>9} {next_median:8.1f}ms {'':>6}  {'':>13}  "
            f"< {NEXT_BUDGET_MS} ms (median of {len(next_ms)}, in Chromium)"
        )
        print(
            f"{'guided: reruns in a 20 s hold':34} {'':>9} {hold_messages!s:>9} {'':>6}  {'':>13}  "
            f"{HOLD_RERUN_BUDGET} (messages to the server)"
        )
        if next_median > NEXT_BUDGET_MS:
            failures.append(f"the guided session took {next_median:.0f} ms from Next to the next exercise")
        if hold_messages is None:
            failures.append("today's plan had nothing to time")
        elif hold_messages > HOLD_RERUN_BUDGET:
            failures.append(f"the browser sent the server {hold_messages} messages during a timed hold")
    from benchmarks import motion  # the form check: worker frames per second (with the sidecar), analysis time

    lines, results["form_check"] = motion.measure()
    print("\n".join(lines))
    return report(today, results, failures)


def report(today: date, results: dict, failures: list[str]) -> int:
    """Write benchmarks/results/latest.json, say which budgets were missed; 1 if any."""
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps({"date": today.isoformat(), **results}, indent=2))
    print("\n" + ("All budgets met." if not failures else "Over budget:\n- " + "\n- ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
