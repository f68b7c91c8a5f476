"""Fixtures for the real-browser tests: Debian's Chromium under Playwright, Poise served for real."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, serve


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright; never a downloaded browser."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs /usr/bin/chromium for the browser tests (make test installs it).")
        pytest.skip("No /usr/bin/chromium on this machine: `apt-get install -y chromium` runs these tests.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab at a desktop size."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@pytest.fixture
def empty_server(tmp_path: Path) -> Iterator[str]:
    """Poise served on a new, empty database file."""
    with serve(tmp_path / "e2e.duckdb", tmp_path / "streamlit.log") as url:
        yield url


@pytest.fixture
def demo_server(demo_path: Path, tmp_path: Path) -> Iterator[str]:
    """Poise served on a private copy of the demo database."""
    with serve(demo_path, tmp_path / "streamlit.log") as url:
        yield url


SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(SCREENS))
def screen(request, browser):
    """A fresh browser tab, once at a desktop size and once as a 390×844 touch phone."""
    phone = request.param == "phone"
    context = browser.new_context(viewport=SCREENS[request.param], is_mobile=phone, has_touch=phone)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()
