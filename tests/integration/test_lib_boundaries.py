"""House rules that a test can hold: lib stays free of Streamlit, pages free of SQL."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIB_MODULES = sorted(
    ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__") for p in (ROOT / "lib").rglob("*.py")
)
UI_HELPER = "lib.ui"


@pytest.mark.parametrize("module", [m for m in LIB_MODULES if m != UI_HELPER])
def test_lib_module_does_not_import_streamlit(module):
    code = f"import sys, {module}; print('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"{module} pulls in streamlit"


@pytest.mark.parametrize("page", sorted(["app.py", *(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]))
def test_pages_hold_no_sql_and_stay_thin(page):
    text = (ROOT / page).read_text()
    assert not re.search(r"\b(SELECT|INSERT|UPDATE|DELETE)\s+\w", text), f"{page} contains SQL"
    assert "execute(" not in text and "duckdb" not in text
    assert len(text.splitlines()) <= 120, f"{page} passes 120 lines: move logic into lib/"


def test_no_page_calls_st_navigation():
    for page in ["app.py", *(p.name for p in (ROOT / "pages").glob("*.py"))]:
        path = ROOT / page if page == "app.py" else ROOT / "pages" / page
        assert "st.navigation" not in path.read_text(), page


@pytest.mark.parametrize("page", sorted(["app.py", *(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]))
def test_no_page_draws_a_stray_value_by_streamlit_magic(page):
    # Streamlit st.writes every bare expression but a call or a docstring: `st.info(...) if x else None` draws "None".
    tree = ast.parse((ROOT / page).read_text())
    docstrings = {
        id(body[0])
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and (body := node.body)
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
    }
    strays = [
        f"line {node.lineno}: {ast.unparse(node)[:60]}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Call) and id(node) not in docstrings
    ]
    assert strays == [], f"{page} draws these values on the page: {strays}"


@pytest.mark.parametrize("module", ["lib.plan", "lib.engine_inputs"])
def test_the_plan_and_the_engine_contract_name_no_store_even_for_type_checking(module):
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not {m for m in imported if m == "duckdb" or m.startswith(("lib.store", "lib.db"))}, imported
