"""In a real browser, every page opens by its own URL and draws without an error."""

from __future__ import annotations

import pytest

from tests.e2e.browser import URLS, assert_no_error, open_page, screenshot

pytestmark = pytest.mark.e2e


def test_every_page_opens_by_url_on_an_empty_database(page, empty_server):
    for title in URLS:
        open_page(page, empty_server, title)
        assert_no_error(page)
        screenshot(page, f"empty-{URLS[title] or 'Today'}")


def test_every_page_opens_by_url_on_the_demo_database(page, demo_server):
    for title in URLS:
        open_page(page, demo_server, title)
        assert_no_error(page)
        screenshot(page, f"demo-{URLS[title] or 'Today'}")


def test_the_menu_names_the_home_page_today_and_links_every_page(page, empty_server):
    open_page(page, empty_server, "Today")
    menu = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink']")
    assert menu.all_inner_texts() == list(URLS)
