"""Private by default: the Streamlit config keeps Poise on this machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


def test_listens_on_loopback_only_and_accepts_only_local_host_names():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert set(CONFIG["server"]["allowedHosts"]) == {"localhost", "127.0.0.1"}


def test_sends_no_usage_statistics():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_keeps_xsrf_and_cors_protection_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_shows_no_error_details_no_deploy_button_and_no_file_watcher():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["showErrorLinks"] == "false"  # no "Ask Google" link carrying the error off the machine
    assert CONFIG["client"]["toolbarMode"] == "minimal"
    assert CONFIG["server"]["fileWatcherType"] == "none"


def test_hides_streamlits_page_list_so_the_menu_reads_today():
    assert CONFIG["client"]["showSidebarNavigation"] is False


def test_no_page_uses_material_icons_which_fetch_a_web_font():
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("lib/**/*.py")]:
        assert not re.search(r"[\"']:material/", path.read_text()), path


def test_make_run_and_make_demo_start_poise_through_its_launcher():
    makefile = (ROOT / "Makefile").read_text()
    assert "streamlit run" not in makefile
    assert makefile.count("$(PY) serve.py") == 2
