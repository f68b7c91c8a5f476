"""In Chromium: check in, log a session, reload, and find both in the history table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import store
from tests.e2e.browser import assert_no_error, open_page, screenshot, serve
from tests.e2e.forms import EFFORT, MINUTES, NOTES, PAIN_NOW, SLEEP, choose, form, pick, pill, tick, type_number

pytestmark = pytest.mark.e2e


def test_a_checkin_and_a_session_logged_in_the_browser_are_there_after_a_reload(page, empty_server):
    open_page(page, empty_server, "Check-in & log")
    checkin = form(page, "Save check-in")
    pick(checkin, PAIN_NOW, 4)  # the one answer a check-in needs: nothing is picked for the person
    type_number(checkin, SLEEP, "6.5")
    checkin.get_by_role("textbox", name=NOTES).fill("Tight after the train <b>ride</b>")
    checkin.get_by_role("button", name="Save check-in").click()
    page.get_by_role("link", name="Saved. Today's plan is ready →").wait_for()
    assert_no_error(page)

    page.get_by_role("tab", name="Session").click()
    session = form(page, "Save session")
    tick(session, "Bird dog", pain="2")  # nothing is pre-ticked: done and its pain are the person's
    type_number(session, MINUTES, "11")
    choose(page, session, EFFORT, "3 ·")
    session.get_by_role("button", name="Save session").click()
    page.get_by_text("Session saved").wait_for()
    assert_no_error(page)

    page.reload()
    open_page(page, empty_server, "Check-in & log")
    page.get_by_role("tab", name="Last 30 days").click()
    tables = page.locator("[data-testid='stDataFrame']")
    tables.first.wait_for()
    assert tables.count() == 2
    screenshot(page, "checkin-history")
    # Data frames draw on a canvas; their text is in the grid's hidden accessibility table.
    checkins_text = tables.nth(0).locator("table").text_content()
    sessions_text = tables.nth(1).locator("table").text_content()
    assert date.today().isoformat() in checkins_text and "6.5" in checkins_text
    assert "Tight after the train <b>ride</b>" in checkins_text  # shown as typed, not as HTML
    assert "control" in sessions_text and "11" in sessions_text  # a new programme starts with control


def test_picking_a_row_of_the_history_opens_that_day_for_editing(page, tmp_path):
    path = tmp_path / "poise.duckdb"
    con = store.open_database(path)
    try:
        for back in range(3):
            store.save_checkin(
                con,
                day=date.today() - timedelta(days=back),
                pain_now=back + 1,
                stiffness=2,
                sleep_hours=7,
                sleep_quality=7,
                stress=3,
                sitting_hours=4,
            )
    finally:
        con.close()
    with serve(path, tmp_path / "streamlit.log") as url:
        open_page(page, url, "Check-in & log")
        page.get_by_role("tab", name="Last 30 days").click()
        checkins = page.locator("[data-testid='stDataFrame']").first
        checkins.wait_for()
        box = checkins.bounding_box()
        row_height = box["height"] / 4  # a header and three days, newest first
        page.mouse.click(box["x"] + 16, box["y"] + row_height * 3.5)  # the third day's row selector
        two_days_ago = date.today() - timedelta(days=2)
        day_field = page.get_by_role("spinbutton", name="day, Date")
        page.wait_for_function(
            "(d) => document.querySelector(\"[aria-label='day, Date']\").getAttribute('aria-valuenow') == d",
            arg=str(two_days_ago.day),
        )
        assert day_field.get_attribute("aria-valuenow") == str(two_days_ago.day)
        page.get_by_role("tab", name="Check-in").click()
        page.get_by_text("Editing this day's check-in").wait_for()
        picked = page.get_by_role("radiogroup", name=PAIN_NOW, exact=True).get_by_role("radio", checked=True)
        assert picked.all_inner_texts() == ["3"]  # that day's check-in, loaded for editing
        assert pill(page, PAIN_NOW, 3).get_attribute("aria-checked") == "true"
        assert_no_error(page)
