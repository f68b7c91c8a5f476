"""The import contract of pyproject.toml ([tool.importlinter]) holds, and it would catch a core module reaching down.

lint-imports runs on a copy of lib/ with the project's own configuration, so what is proved is the contract
`make test` runs, not a stand-in.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, capture_output=True, text=True, timeout=120)


@pytest.fixture
def lib_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "lib", tmp_path / "lib", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_and_the_pure_core_hold_today():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("progression", "from lib import store\n"),
        (
            "progression",
            "\n\ndef _door(con):\n    from lib import store  # lazily, as the old doors did\n    return store\n",
        ),
        ("plan", "import duckdb\n"),
        ("settings", "from lib.db import read\n"),
        ("charts", "import streamlit\n"),
    ],
)
def test_the_contract_breaks_when_a_core_module_imports_the_store_the_database_or_streamlit(lib_copy, module, line):
    path = lib_copy / "lib" / f"{module}.py"
    path.write_text(path.read_text() + line)
    run = lint_imports(lib_copy)
    assert run.returncode == 1, run.stdout
    assert "The core is pure" in run.stdout and "BROKEN" in run.stdout
    assert f"lib.{module} is not allowed to import" in run.stdout


def test_the_contract_breaks_when_the_database_layer_imports_the_store(lib_copy):
    path = lib_copy / "lib" / "db.py"
    path.write_text(path.read_text() + "\n\ndef _seed(con):\n    from lib import store\n    store.seed_library(con)\n")
    run = lint_imports(lib_copy)
    assert run.returncode == 1, run.stdout
    assert "no layer imports one above it BROKEN" in run.stdout


def test_every_lib_module_has_its_place_in_the_contract():
    named = set()
    for contract in CONFIG["contracts"]:
        for entry in contract.get("layers", []) + contract.get("source_modules", []):
            named |= {m.strip() for m in entry.replace(":", "|").split("|")}
    modules = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in (ROOT / "lib").rglob("*.py")
    }
    unplaced = sorted(m for m in modules - {"lib"} if not any(m == n or m.startswith(n + ".") for n in named))
    assert unplaced == [], f"name these in pyproject.toml's [tool.importlinter]: {unplaced}"


def test_lib_has_no_import_cycle():
    """No circle in the drawing of the imports (lazy imports count too): each module only ever points away."""
    import grimp  # installed with import-linter

    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph("lib", cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))
    cycles = sorted(
        (a, b)
        for a in graph.modules
        for b in graph.find_modules_directly_imported_by(a)
        if a < b and graph.find_shortest_chain(importer=b, imported=a)
    )
    assert cycles == [], f"these modules reach each other (break the circle): {cycles}"
