"""Screenshots to look at, not a test: the entry pages whole, on a desktop and a phone, empty and on the demo.

    .venv/bin/python -m tests.e2e.review_shots     # writes tests/artifacts/review-{empty,demo}-{screen}-{page}.png

Streamlit scrolls inside its own main block, so a "full page" shot holds only the window: each shot first
grows the window to the page's height (the width, which decides the layout, stays).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from lib import demo
from tests.e2e.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, open_page, serve

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def settle(tab) -> None:
    """Wait until the rerun is over and no widget is still a grey placeholder."""
    tab.wait_for_load_state("networkidle")
    tab.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    tab.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")")
    tab.wait_for_timeout(500)


def whole_page(tab, name: str, size: dict) -> Path:
    height = tab.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    tab.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    tab.wait_for_timeout(500)
    path = ARTIFACTS / f"review-{name}.png"
    tab.screenshot(path=str(path))
    tab.set_viewport_size(size)
    return path


def shoot(browser, kind: str, db_path: Path, log_path: Path) -> list[Path]:
    shots = []
    with serve(db_path, log_path) as url:
        for screen, size in SCREENS.items():
            phone = screen == "phone"
            context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            for title, name, tab_name in (
                ("Check-in & log", "checkin", None),
                ("Check-in & log", "session", "Session"),
                ("Today", "today", None),
                ("Questionnaires", "questionnaires", None),
                ("Progress", "progress", None),
                ("Settings & data", "settings", None),
                ("Exercises", "exercises", None),
                ("Guided session", "guided", None),
            ):
                open_page(tab, url, title)
                if tab_name:
                    tab.get_by_role("tab", name=tab_name).click()
                settle(tab)
                shots.append(whole_page(tab, f"{kind}-{screen}-{name}", size))
            context.close()
    return shots


def main() -> None:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tmp = Path(folder)
        shots = shoot(browser, "empty", tmp / "empty.duckdb", tmp / "empty.log")
        shots += shoot(browser, "demo", demo.write_demo(tmp / "demo.duckdb", date.today()), tmp / "demo.log")
        browser.close()
    print("\n".join(str(s.relative_to(ARTIFACTS.parents[1])) for s in shots))


if __name__ == "__main__":
    main()
