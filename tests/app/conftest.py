"""AppTest helpers: run Poise's pages against a given database file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.pages import PAGES, ROOT


@pytest.fixture
def open_page(monkeypatch):
    """Return a function that opens one page (by PAGES key) on a database file and runs it."""

    def _open(page: str, db_path: Path) -> AppTest:
        monkeypatch.setenv("POISE_DB", str(db_path))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        if PAGES[page]:
            at.switch_page(PAGES[page])
            at.run()
        return at

    return _open
