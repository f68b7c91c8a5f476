"""In a real browser: download an export from one Poise and import it into a fresh one, row for row."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import duckdb
import pytest

from lib import report, store
from tests.conftest import TODAY
from tests.e2e.browser import ARTIFACTS, assert_no_error, open_page, screenshot, serve

pytestmark = pytest.mark.e2e


def screenshot_path(name: str):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"


def table_rows(path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in store.TABLES}
    finally:
        con.close()


def test_an_export_downloaded_in_the_browser_imports_into_a_fresh_database(page, demo_server, demo_template, tmp_path):
    open_page(page, demo_server, "Settings & data")
    page.get_by_role("tab", name="Export").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download everything (CSV zip)").click()
    export = tmp_path / download.value.suggested_filename
    download.value.save_as(export)
    assert export.name.startswith("poise-export-") and export.suffix == ".zip"
    with zipfile.ZipFile(export) as z:
        assert "README.txt" in z.namelist() and "checkin.csv" in z.namelist()

    fresh = tmp_path / "fresh.duckdb"
    with serve(fresh, tmp_path / "fresh.log") as url:
        open_page(page, url, "Settings & data")
        page.get_by_role("tab", name="Import").click()
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(export))
        page.get_by_role("button", name="Import", exact=True).click()
        success = page.locator("[data-testid='stAlertContentSuccess']")
        success.wait_for()
        assert success.inner_text().startswith("Imported: ") and " rows added" in success.inner_text()
        assert_no_error(page)
        screenshot(page, "data-import")
        page.get_by_role("button", name="Import", exact=True).click()  # the same file again
        page.get_by_text("Imported: 0 rows added, 0 replaced").wait_for()
    assert table_rows(fresh) == table_rows(demo_template)


def test_the_physio_summary_opens_offline_draws_its_charts_and_prints_on_a4(browser, demo_path, tmp_path):
    con = store.open_database(demo_path)
    try:
        summary = tmp_path / "summary.html"
        summary.write_text(report.physio_summary(con, TODAY - timedelta(days=55), TODAY, TODAY), encoding="utf-8")
    finally:
        con.close()
    context = browser.new_context(offline=True, viewport={"width": 900, "height": 1200})
    try:
        tab = context.new_page()
        requests, errors = [], []
        tab.on("request", lambda r: requests.append(r.url))
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(summary.as_uri())
        tab.locator(".js-plotly-plot .scatterlayer").nth(1).wait_for()
        assert requests == [summary.as_uri()]  # nothing else is fetched, not even a font
        assert errors == []
        assert tab.locator(".js-plotly-plot").count() == 2
        pdf = tab.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF")
        tab.screenshot(path=str(screenshot_path("physio-summary")), full_page=True)
    finally:
        context.close()
