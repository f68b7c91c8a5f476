"""Every page renders for real, without an exception, on an empty and on the demo database."""

from __future__ import annotations

import pytest

from tests.app.pages import PAGES

TITLES = {
    "today": "Today",
    "log": "Check-in & log",
    "progress": "Progress",
    "questionnaires": "Questionnaires",
    "exercises": "Exercises",
    "settings": "Settings & data",
    "guided": "Guided session",
}


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_an_empty_database(open_page, fresh_path, page):
    at = open_page(page, fresh_path)
    assert not at.exception
    assert at.title[0].value == TITLES[page]
    assert at.caption[0].value  # the one line that says what to do here


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_the_demo_database(open_page, demo_path, page):
    at = open_page(page, demo_path)
    assert not at.exception
    assert at.title[0].value == TITLES[page]
    assert not at.error
