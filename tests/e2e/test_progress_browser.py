"""In a real browser, the Progress page draws every chart on the demo history and says what it needs when empty."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lib import charts
from tests.e2e.browser import assert_no_error, open_page, screenshot

pytestmark = pytest.mark.e2e

CHART = "[data-testid='stPlotlyChart']"


def test_the_progress_page_draws_all_seven_charts_on_the_demo_history(page, demo_server):
    open_page(page, demo_server, "Progress")
    charts_drawn = page.locator(CHART)
    charts_drawn.nth(6).wait_for()
    assert charts_drawn.count() == 7
    # plotly has drawn into each one, not just an empty frame.
    page.locator(f"{CHART} .main-svg").nth(6).wait_for()
    for i in range(7):
        assert charts_drawn.nth(i).bounding_box()["height"] > 200
    assert page.get_by_text("On days after heavier sessions", exact=False).count() == 1
    assert_no_error(page)
    # Streamlit scrolls inside its own container, so a full-page shot shows only the viewport: make it tall.
    page.set_viewport_size({"width": 1280, "height": 5600})
    page.wait_for_timeout(1500)  # plotly redraws at the new width
    screenshot(page, "progress-demo")


def test_the_progress_page_over_all_history_still_draws_every_chart(page, demo_server):
    open_page(page, demo_server, "Progress")
    range_caption = page.get_by_text(re.compile(r"^\d{2} \w{3} \d{4} – \d{2} \w{3} \d{4}"))
    before = range_caption.inner_text()
    page.get_by_text("All", exact=True).click()
    # The rerun has reached the page when the range caption changes; until it has finished, Streamlit may
    # still show the previous run's charts beside the new ones, so wait for the count to settle.
    expect(range_caption).not_to_have_text(before)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")
    expect(page.locator(CHART)).to_have_count(7)
    assert_no_error(page)


def test_the_progress_page_on_an_empty_database_says_what_each_chart_needs(page, empty_server):
    open_page(page, empty_server, "Progress")
    assert page.locator(CHART).count() == 0
    for sentence in charts.NEEDS.values():
        page.get_by_text(sentence, exact=True).first.wait_for()  # the page draws top to bottom; the last comes last
        assert page.get_by_text(sentence, exact=True).count() == 1
    assert_no_error(page)
    page.set_viewport_size({"width": 1280, "height": 1600})
    screenshot(page, "progress-empty")
