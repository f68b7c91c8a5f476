"""Shared fixtures, named after what they hold."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from lib import db, demo, store

TODAY = date.today()
SOAK = os.environ.get("POISE_SOAK") == "1"  # make soak: the durability tests at full size


def scaled(fast: int, soak: int) -> int:
    """Return a durability test's count: `fast` in make test, `soak` under make soak (POISE_SOAK=1)."""
    return soak if SOAK else fast


@pytest.fixture(autouse=True)
def demo_elsewhere(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real data/demo.duckdb or its demo-mode marker (one left on by `make demo`
    would put every page of every test into demo mode)."""
    monkeypatch.setattr(db, "DEMO_PATH", tmp_path_factory.mktemp("demo-mode") / "demo.duckdb")


@pytest.fixture
def fresh_path(tmp_path: Path) -> Path:
    """A path for a database file that does not exist yet."""
    return tmp_path / "poise.duckdb"


@pytest.fixture
def fresh_db(fresh_path: Path):
    """A connection to a new database file with the default library."""
    con = store.open_database(fresh_path)
    yield con
    con.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo history, written once per test run (120 days ending today); copy before use."""
    return demo.write_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb", TODAY)


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database file."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def demo_db(demo_path: Path):
    """A connection to a private copy of the demo database."""
    con = store.open_database(demo_path)
    yield con
    con.close()
