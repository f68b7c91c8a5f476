"""Helpers for the real-browser tests: serve Poise on a free loopback port, open and check pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
URLS = {  # pages-directory mode: the numeric prefix is dropped from the URL
    "Today": "",
    "Check-in & log": "Check-in_and_log",
    "Guided session": "Guided_session",
    "Progress": "Progress",
    "Questionnaires": "Questionnaires",
    "Exercises": "Exercises",
    "Settings & data": "Settings_and_data",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(
    db_path: Path, log_path: Path, *, script: Path | None = None, audit_log: Path | None = None, on_start=None
) -> Iterator[str]:
    """Run Poise through serve.py (as `make run` does) on `db_path`; yield its base URL; stop it by its PID.

    `script` serves another script under the same launcher and config; `audit_log` runs the
    launcher under tests/e2e/audited.py, which records every socket target that is not loopback
    there. `on_start(pid)` is called once the server answers.
    """
    port = _free_port()
    launcher = [str(ROOT / "tests" / "e2e" / "audited.py")] if audit_log else []
    command = [
        sys.executable,
        *launcher,
        str(ROOT / "serve.py"),
        *([str(script)] if script else []),
        "--server.port",
        str(port),
    ]
    env = {
        **os.environ,
        "POISE_DB": str(db_path),
        **({"POISE_AUDIT_LOG": str(audit_log)} if audit_log else {}),
        # the demo and its mode marker beside the test's file, never in the real data/
        "POISE_DEMO_DB": str(db_path.parent / "demo-mode" / "demo.duckdb"),
    }
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Streamlit did not start; see {log_path}")
                time.sleep(0.3)
            if on_start:
                on_start(server.pid)
            yield f"http://localhost:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def open_page(tab, base_url: str, title: str) -> None:
    """Go to a page by its URL and wait until its title and content are drawn."""
    tab.goto(f"{base_url}/{URLS[title]}")
    tab.get_by_role("heading", name=title, exact=True).wait_for()
    tab.wait_for_load_state("networkidle")
    tab.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")


def assert_no_error(tab) -> None:
    """Fail if Streamlit drew an exception or an error box."""
    assert tab.locator("[data-testid='stException']").count() == 0
    assert tab.locator("[data-testid='stAlertContentError']").count() == 0


def screenshot(tab, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
